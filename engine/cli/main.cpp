// kib — the command line: builds the commands of every domain (engine/cli/*_commands.cpp),
// parses, and runs the one chosen. Exit codes: 0 ok, 2 bad input (message on stderr), 1 internal
// error; `kib watch` and `kib _job` have their own (engine/cli/drop_commands.cpp).
#include <iostream>

#include "engine/cli/command.hpp"
#include "readers/error.hpp"
#include "readers/limits.hpp"

int main(int argc, char** argv) {
    CLI::App app{"kib — reads and writes the programme office's Excel and Word files"};
    app.set_version_flag("--version", std::string("kib ") + KIB_VERSION);
    app.require_subcommand(1);
    kib::cli::context ctx;
    // Resource limits: one option for every command, also after the command's name.
    app.add_option("--limit", ctx.limit_args, "Change a resource limit for this run: NAME=N (repeatable; the limits are listed below)")
        ->type_name("NAME=N");
    app.fallthrough();
    {
        std::string footer = "Limits (--limit NAME=N, or NAME = N under [limits] in a drop folder's kib.toml):\n";
        for (const auto& d : kib::describe_limits(kib::default_input_limits()))
            footer += "  " + d.name + std::string(d.name.size() < 20 ? 20 - d.name.size() : 1, ' ') + d.meaning + " (default " + d.value + ")\n";
        app.footer(footer);
    }

    std::vector<kib::cli::command> commands;
    kib::cli::add_file_commands(app, ctx, commands);
    kib::cli::add_scan_commands(app, ctx, commands);
    kib::cli::add_review_commands(app, ctx, commands);
    kib::cli::add_drop_commands(app, ctx, commands);
    kib::cli::add_programme_commands(app, ctx, commands);
    kib::cli::add_serve_commands(app, ctx, commands);

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
        std::cerr << "kib: out of memory\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "kib: internal error: " << e.what() << '\n';
        return 1;
    }
}
