// kib — the command line: builds the commands of every domain (engine/cli/*_commands.cpp),
// parses, and runs the one chosen. Exit codes: 0 ok, 2 bad input or usage (message on stderr), 1
// internal error; `kib watch` and `kib _job` add 3 (engine/cli/drop_commands.cpp). The help texts
// (examples, exit codes, `kib limits`) are in engine/cli/help.cpp.
#include <filesystem>
#include <iostream>

#include "engine/cli/command.hpp"
#include "readers/error.hpp"

int main(int argc, char** argv) {
    kib::cli::context ctx;
    // The language of messages, before the parser is built (its help and usage errors speak it
    // too) and before any thread starts: --lang, else the locale, else English.
    {
        const std::string lang = kib::cli::language_argument(argc, argv);
        const auto chosen = kib::parse_language(lang);
        ctx.cli_language = chosen && (lang == "nl" || lang == "en") ? *chosen : kib::language_from_environment();
        std::error_code ec;
        ctx.binary_dir = std::filesystem::read_symlink("/proc/self/exe", ec).parent_path().string();
        kib::init_catalogues(ctx.binary_dir);
        kib::set_default_language(ctx.cli_language);
    }
    CLI::App app{kib::tr("kib — reads and writes the programme office's Excel and Word files")};
    kib::cli::localize_parser(app);
    app.set_version_flag("--version", std::string("kib ") + KIB_VERSION, kib::tr("Display program version information and exit"));
    app.require_subcommand(1);
    // Resource limits: one option for every command, also after the command's name.
    app.add_option("--limit", ctx.limit_args, kib::tr("Change a resource limit for this run: NAME=N (repeatable; kib limits lists them)"))
        ->type_name("NAME=N");
    app.add_option("--lang", ctx.lang_arg,
                   kib::tr("Language of the messages: nl or en (default: the locale, LANGUAGE/LC_ALL/LC_MESSAGES/LANG; else en)"))
        ->check(CLI::IsMember({"nl", "en"}));
    app.fallthrough();

    std::vector<kib::cli::command> commands;
    kib::cli::add_file_commands(app, ctx, commands);
    kib::cli::add_scan_commands(app, ctx, commands);
    kib::cli::add_review_commands(app, ctx, commands);
    kib::cli::add_drop_commands(app, ctx, commands);
    kib::cli::add_programme_commands(app, ctx, commands);
    kib::cli::add_serve_commands(app, ctx, commands);
    kib::cli::add_limits_command(app, commands);
    kib::cli::add_help_texts(app);

    if (const std::string unknown = kib::cli::unknown_command_message(app, argc, argv); !unknown.empty()) {
        std::cerr << "kib: " << unknown << '\n';
        return 2;
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }

    try {
        std::ios::sync_with_stdio(false);
        int code = 0;
        for (const auto& c : commands)
            if (*c.app) code = c.run();
        std::cout.flush();
        return code;
    } catch (const kib::error& e) {
        std::cerr << "kib: " << e.what() << '\n';
        return e.exit_code();
    } catch (const std::bad_alloc&) {
        std::cerr << "kib: " << kib::tr("out of memory") << '\n';
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "kib: " << kib::tr("internal error") << ": " << e.what() << '\n';
        return 1;
    }
}
