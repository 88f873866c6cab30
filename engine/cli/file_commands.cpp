// `kib inspect`, `kib fill` and `kib set`: commands that work on any .xlsx/.docx file, whatever
// domain it belongs to. The work itself is in inspect.cpp, fill.cpp and set.cpp beside this file.
#include <iostream>
#include <memory>

#include "engine/cli/command.hpp"
#include "engine/cli/fill.hpp"
#include "engine/cli/inspect.hpp"
#include "engine/cli/set.hpp"
#include "readers/limits.hpp"

namespace kib::cli {

void add_file_commands(CLI::App& app, context& ctx, std::vector<command>& out) {
    {
        struct args { inspect_options opt; std::string file; };
        auto a = std::make_shared<args>();
        CLI::App* inspect = app.add_subcommand("inspect", tr("List the parts, sheets, tables and names of an .xlsx/.docx file"));
        inspect->add_option("FILE", a->file, tr("The file to look into"))->required();
        inspect->add_option("--sheet", a->opt.sheet, tr("Only this sheet"));
        inspect->add_flag("--json", a->opt.json, tr("Print JSON instead of text"));
        inspect->add_flag("--cells", a->opt.cells, tr("Print every non-empty cell (with --json: {\"sheets\":[…]})"));
        inspect->add_option("--rows", a->opt.preview_rows, tr("Rows to preview per sheet"))->check(CLI::NonNegativeNumber);
        out.push_back({inspect, [a, &ctx] {
                           apply_default_limits(ctx);
                           kib::inspect(a->file, a->opt, std::cout);
                           return 0;
                       }});
    }
    {
        auto opt = std::make_shared<fill_cli_options>();
        CLI::App* fill = app.add_subcommand("fill", tr("Fill a Word template (.docx or builtin:baateigenaar) with JSON data"));
        fill->add_option("TEMPLATE", opt->template_path, tr("The template .docx, or builtin:NAME"))->required();
        fill->add_option("DATA", opt->data_path, tr("The data as JSON (- for standard input)"))->required();
        fill->add_option("-o,--output", opt->output, tr("The document to write (with --each: a folder)"))->required();
        fill->add_option("--each", opt->each_key, tr("Write one document per element of this list in the data"));
        fill->add_flag("--allow-missing", opt->allow_missing, tr("Leave missing fields empty (with a warning) instead of failing"));
        out.push_back({fill, [opt, &ctx] {
                           apply_default_limits(ctx);
                           kib::fill(*opt, std::cout, std::cerr);
                           return 0;
                       }});
    }
    {
        struct args { set_options opt; std::string file; std::vector<std::string> cells; };
        auto a = std::make_shared<args>();
        CLI::App* set = app.add_subcommand("set", tr("Write values into a workbook, keeping everything else; prints what changed"));
        set->add_option("FILE", a->file, tr("The .xlsx/.xlsm file to change"))->required();
        set->add_option("CELLS", a->cells, tr("Assignments such as 'Status!B7=12,5' or \"'KPI''s'!C3=2026-11-23\" (empty value clears)"))
            ->required();
        set->add_option("-o,--output", a->opt.output, tr("Write the result here"));
        set->add_flag("--in-place", a->opt.in_place, tr("Replace FILE itself (a backup NAME.bak.xlsx is kept)"));
        set->add_flag("--text", a->opt.force_text, tr("Store every value as text"));
        out.push_back({set, [a, &ctx] {
                           apply_default_limits(ctx);
                           set_cells(a->file, a->cells, a->opt, std::cout);
                           return 0;
                       }});
    }
}

void apply_default_limits(const context& ctx) {
    input_limits limits = default_input_limits();
    set_limits(limits, ctx.limit_args);
    set_default_input_limits(limits);
}

}  // namespace kib::cli
