// kib — the command line. Exit codes: 0 ok, 2 bad input (message on stderr), 1 internal error.
#include <CLI/CLI.hpp>

#include <iostream>

#include "engine/inspect.hpp"
#include "engine/set.hpp"
#include "readers/error.hpp"

int main(int argc, char** argv) {
    CLI::App app{"kib — reads and writes the programme office's Excel and Word files"};
    app.set_version_flag("--version", std::string("kib ") + KIB_VERSION);
    app.require_subcommand(1);

    kib::inspect_options inspect_opt;
    std::string inspect_file;
    CLI::App* inspect = app.add_subcommand("inspect", "List the parts, sheets, tables and names of an .xlsx/.docx file");
    inspect->add_option("FILE", inspect_file, "The file to look into")->required();
    inspect->add_option("--sheet", inspect_opt.sheet, "Only this sheet");
    inspect->add_flag("--json", inspect_opt.json, "Print JSON instead of text");
    inspect->add_flag("--cells", inspect_opt.cells, "Print every non-empty cell (with --json: {\"sheets\":[…]})");
    inspect->add_option("--rows", inspect_opt.preview_rows, "Rows to preview per sheet")->check(CLI::NonNegativeNumber);

    kib::set_options set_opt;
    std::string set_file;
    std::vector<std::string> set_args;
    CLI::App* set = app.add_subcommand("set", "Write values into a workbook, keeping everything else; prints what changed");
    set->add_option("FILE", set_file, "The .xlsx/.xlsm file to change")->required();
    set->add_option("CELLS", set_args, "Assignments such as 'Status!B7=12,5' or \"'KPI''s'!C3=2026-11-23\" (empty value clears)")
        ->required();
    set->add_option("-o,--output", set_opt.output, "Write the result here");
    set->add_flag("--in-place", set_opt.in_place, "Replace FILE itself (a backup NAME.bak.xlsx is kept)");
    set->add_flag("--text", set_opt.force_text, "Store every value as text");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }

    try {
        std::ios::sync_with_stdio(false);
        if (*inspect) kib::inspect(inspect_file, inspect_opt, std::cout);
        if (*set) kib::set_cells(set_file, set_args, set_opt, std::cout);
        std::cout.flush();
        return 0;
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
