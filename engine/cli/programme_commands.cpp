// `kib kpi`, `kib roadmap`, `kib handout` and `kib report`: the programme workbook on the command
// line. They share the workbook argument, the reference date and the start month; the work is in
// engine/programme/.
#include <iostream>
#include <memory>

#include "engine/cli/command.hpp"
#include "engine/programme/handout.hpp"
#include "engine/programme/programme_cli.hpp"
#include "engine/programme/steering_report.hpp"

namespace kib::cli {

namespace {

CLI::App* programme_command(CLI::App& app, const char* name, const std::string& help, programme_command_options& o,
                            const std::string& date_help) {
    CLI::App* cmd = app.add_subcommand(name, help);
    cmd->add_option("PROGRAMME", o.workbook, tr("The programme workbook (.xlsx)"))->required();
    cmd->add_option("--date", o.date, date_help)->required();
    cmd->add_option("--start", o.start, tr("Month of M1, YYYY-MM (default: the Programma sheet's Start, else 2026-01)"));
    return cmd;
}

}  // namespace

void add_programme_commands(CLI::App& app, context& ctx, std::vector<command>& out) {
    {
        auto o = std::make_shared<programme_command_options>();
        CLI::App* kpi = programme_command(app, "kpi", tr("Compute KPI plan, status, trend and domain progress of a programme workbook"),
                                          *o, tr("Reference date, 2026-11-23 or 23-11-2026"));
        kpi->add_option("--measurements", o->measurements, tr("New measurements to merge (.xlsx or .csv: Datum, KPI, Waarde, Bron)"));
        CLI::Option* json = kpi->add_flag("--json", o->json, tr("Print JSON instead of text"));
        kpi->add_flag("--patch", o->patch,
                      tr("Print the cells -o would write as a JSON cell patch (what the Office add-in applies to the open workbook)"))
            ->excludes(json);
        kpi->add_option("-o,--output", o->output,
                        tr("Write the workbook with Actueel, Datum meting, Status (with fills), Trend and the merged Metingen here"));
        out.push_back({kpi, [o, &ctx] {
                           apply_default_limits(ctx);
                           o->warnings = &std::cerr;
                           run_kpi(*o, std::cout);
                           return 0;
                       }});
    }
    {
        auto o = std::make_shared<programme_command_options>();
        CLI::App* roadmap = programme_command(app, "roadmap", tr("Efforts, next milestone, benefit ownership, risks and overdue agreements"),
                                              *o, tr("Reference date, 2026-11-23 or 23-11-2026"));
        roadmap->add_flag("--json", o->json, tr("Print JSON instead of text"));
        roadmap->add_flag("--mermaid", o->mermaid, tr("Print a Mermaid gantt chart"));
        out.push_back({roadmap, [o, &ctx] {
                           apply_default_limits(ctx);
                           o->warnings = &std::cerr;
                           run_roadmap(*o, std::cout);
                           return 0;
                       }});
    }
    {
        struct args { programme_command_options opt; bool per_owner = false; session_facts facts; };
        auto a = std::make_shared<args>();
        CLI::App* handout = programme_command(app, "handout", tr("Fill the benefit-owner session handout from a programme workbook"),
                                              a->opt, tr("Session date, 2026-12-15 or 15-12-2026"));
        handout->add_flag("--per-owner", a->per_owner, tr("One handout per benefit owner, with their own benefits first"));
        handout->add_option("--location", a->facts.location, tr("Locatie of the session (default: a line to write on)"));
        handout->add_option("--facilitator", a->facts.facilitator, tr("Facilitator of the session (default: a line to write on)"));
        handout->add_option("-o,--output", a->opt.output, tr("Folder for the handouts"))->required();
        out.push_back({handout, [a, &ctx] {
                           apply_default_limits(ctx);
                           a->opt.date = normalize_date_option(a->opt.date, "--date");
                           if (const std::string w = reference_date_warning(a->opt, handout_parts); !w.empty())
                               std::cerr << "kib: " << trf("warning: {}", {w}) << '\n';
                           for (const auto& f : write_handouts(a->opt.workbook, a->opt.date, a->per_owner, a->opt.output, a->opt.start,
                                                               a->facts))
                               std::cout << trf("Handout written to {}", {f.string()}) << '\n';
                           return 0;
                       }});
    }
    {
        struct args { programme_command_options opt; std::string comments; };
        auto a = std::make_shared<args>();
        CLI::App* report = programme_command(app, "report",
                                             tr("Write the Dutch steering report (stuurgroeprapportage) of a programme workbook as .docx"),
                                             a->opt, tr("Reference date, 2026-11-23 or 23-11-2026"));
        report->add_option("--comments", a->comments, tr("Open review comments from a draft (.docx) or a comments register (.xlsx)"));
        report->add_option("-o,--output", a->opt.output, tr("The report to write (.docx)"))->required();
        out.push_back({report, [a, &ctx] {
                           apply_default_limits(ctx);
                           a->opt.date = normalize_date_option(a->opt.date, "--date");
                           if (const std::string w = reference_date_warning(a->opt, programme_parts{}); !w.empty())
                               std::cerr << "kib: " << trf("warning: {}", {w}) << '\n';
                           write_steering_report(a->opt.workbook, a->opt.date, a->comments, a->opt.output, a->opt.start);
                           std::cout << trf("Written: {}", {a->opt.output}) << '\n';
                           return 0;
                       }});
    }
}

}  // namespace kib::cli
