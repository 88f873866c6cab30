// The command line's building block: each domain adds its commands to the CLI11 app and returns,
// for each, what to run when it was chosen. main.cpp only parses and dispatches.
//
// Contract: a command's run() is called after parsing, at most once, with the options it bound
// still alive (they are owned by the closure). It returns the exit code (0 ok); bad input is
// thrown as kib::error (exit 2, see readers/error.hpp), which main() prints.
#pragma once

#include <CLI/CLI.hpp>

#include "readers/i18n.hpp"

#include <functional>
#include <string>
#include <vector>

namespace kib::cli {

struct command {
    CLI::App* app = nullptr;      // the subcommand, to test whether it was chosen
    std::function<int()> run;
};

// What every command shares: the --limit NAME=N values given anywhere on the line.
struct context {
    std::vector<std::string> limit_args;
    // --lang nl|en, else the locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), else English: the
    // language of messages on the terminal (readers/i18n.hpp). Set by main() before run().
    std::string lang_arg;
    kib::language cli_language = kib::language::en;
    std::string binary_dir;  // where the running kib lies (its message catalogues are next to it)
};

// engine/cli/file_commands.cpp: inspect, fill, set — commands on any Office file.
void add_file_commands(CLI::App& app, context& ctx, std::vector<command>& out);
// engine/cli/scan_commands.cpp: score (the CX maturity scan).
void add_scan_commands(CLI::App& app, context& ctx, std::vector<command>& out);
// engine/cli/programme_commands.cpp: kpi, roadmap, handout, report (the programme workbook).
void add_programme_commands(CLI::App& app, context& ctx, std::vector<command>& out);
// engine/cli/review_commands.cpp: comments (review comments of a Word draft).
void add_review_commands(CLI::App& app, context& ctx, std::vector<command>& out);
// engine/cli/drop_commands.cpp: watch and the internal _job (the drop folder).
void add_drop_commands(CLI::App& app, context& ctx, std::vector<command>& out);
// engine/cli/serve_commands.cpp: serve (the service for the web page and the Office add-in).
void add_serve_commands(CLI::App& app, context& ctx, std::vector<command>& out);

// engine/cli/help.cpp: examples and exit codes in every command's help (after all commands are
// added), `kib limits` (the one list of resource limits), and the message for an unknown command
// naming the nearest known one ("" when argv names a known command or none).
void add_help_texts(CLI::App& app);
// Before any option is added: CLI11's help flag and option group in the language of messages.
void localize_parser(CLI::App& app);
// A CLI11 usage error (its what()) in the language of messages; unknown ones stay as they are.
std::string usage_error_text(const std::string& english);
// --lang VALUE or --lang=VALUE anywhere on the line, else "" (read before the parser is built,
// so the help and CLI11's own errors are in that language too).
std::string language_argument(int argc, char** argv);
void add_limits_command(CLI::App& app, std::vector<command>& out);
std::string limits_text();
std::string unknown_command_message(const CLI::App& app, int argc, char** argv);

// Applies the process-wide input limits for a command that has no settings file of its own.
void apply_default_limits(const context& ctx);

}  // namespace kib::cli
