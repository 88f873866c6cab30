// The command line's building block: each domain adds its commands to the CLI11 app and returns,
// for each, what to run when it was chosen. main.cpp only parses and dispatches.
//
// Contract: a command's run() is called after parsing, at most once, with the options it bound
// still alive (they are owned by the closure). It returns the exit code (0 ok); bad input is
// thrown as kib::error (exit 2, see readers/error.hpp), which main() prints.
#pragma once

#include <CLI/CLI.hpp>

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

// Applies the process-wide input limits for a command that has no settings file of its own.
void apply_default_limits(const context& ctx);

}  // namespace kib::cli
