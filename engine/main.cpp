// kib — the command line. Exit codes: 0 ok, 2 bad input (message on stderr), 1 internal error.
#include <CLI/CLI.hpp>

#include <iostream>

#include "engine/inspect.hpp"
#include "engine/score.hpp"
#include "engine/programme_cli.hpp"
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

    kib::score_options score_opt;
    std::string score_file;
    CLI::App* score = app.add_subcommand("score", "Score a CX maturity scan export (.xlsx/.csv) per pillar and department");
    score->add_option("SURVEY", score_file, "The survey export")->required();
    score->add_option("--invited", score_opt.invited, "Invitations per department (.xlsx/.csv with Afdeling, Uitgenodigd)");
    score->add_option("--previous", score_opt.previous, "An earlier scan (export, or its kib score --json output)");
    score->add_option("--mapping", score_opt.mapping, "Column mapping (JSON) overriding header recognition");
    score->add_flag("--skip-invalid", score_opt.skip_invalid, "Treat invalid answers as not answered, with a warning each");
    score->add_flag("--json", score_opt.json, "Print JSON instead of text");

    kib::programme_command_options kpi_opt;
    CLI::App* kpi = app.add_subcommand("kpi", "Compute KPI plan, status, trend and domain progress of a programme workbook");
    kpi->add_option("PROGRAMME", kpi_opt.workbook, "The programme workbook (.xlsx)")->required();
    kpi->add_option("--date", kpi_opt.date, "Reference date, YYYY-MM-DD")->required();
    kpi->add_option("--measurements", kpi_opt.measurements, "New measurements to merge (.xlsx or .csv: Datum, KPI, Waarde, Bron)");
    kpi->add_option("--start", kpi_opt.start, "Month of M1, YYYY-MM (default 2026-01)");
    kpi->add_flag("--json", kpi_opt.json, "Print JSON instead of text");

    kib::programme_command_options roadmap_opt;
    CLI::App* roadmap = app.add_subcommand("roadmap", "Efforts, next milestone, benefit ownership, risks and overdue agreements");
    roadmap->add_option("PROGRAMME", roadmap_opt.workbook, "The programme workbook (.xlsx)")->required();
    roadmap->add_option("--date", roadmap_opt.date, "Reference date, YYYY-MM-DD")->required();
    roadmap->add_option("--start", roadmap_opt.start, "Month of M1, YYYY-MM (default 2026-01)");
    roadmap->add_flag("--json", roadmap_opt.json, "Print JSON instead of text");
    roadmap->add_flag("--mermaid", roadmap_opt.mermaid, "Print a Mermaid gantt chart");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }

    try {
        std::ios::sync_with_stdio(false);
        if (*inspect) kib::inspect(inspect_file, inspect_opt, std::cout);
        if (*score) kib::score(score_file, score_opt, std::cout, std::cerr);
        if (*kpi) kib::run_kpi(kpi_opt, std::cout);
        if (*roadmap) kib::run_roadmap(roadmap_opt, std::cout);
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
