// kib — the command line. Exit codes: 0 ok, 2 bad input (message on stderr), 1 internal error.
#include <CLI/CLI.hpp>

#include <sys/prctl.h>
#include <unistd.h>

#include <csignal>

#include <filesystem>
#include <iostream>

#include "engine/comments.hpp"
#include "engine/handout.hpp"
#include "engine/fill.hpp"
#include "engine/inspect.hpp"
#include "engine/jobs.hpp"
#include "engine/watch.hpp"
#include "engine/score.hpp"
#include "engine/set.hpp"
#include "engine/programme_cli.hpp"
#include "engine/steering_report.hpp"
#include "readers/error.hpp"
#include "readers/limits.hpp"

int main(int argc, char** argv) {
    CLI::App app{"kib — reads and writes the programme office's Excel and Word files"};
    app.set_version_flag("--version", std::string("kib ") + KIB_VERSION);
    app.require_subcommand(1);
    // Resource limits: one option for every command, also after the command's name.
    std::vector<std::string> limit_args;
    app.add_option("--limit", limit_args, "Change a resource limit for this run: NAME=N (repeatable; the limits are listed below)")
        ->type_name("NAME=N");
    app.fallthrough();
    {
        std::string footer = "Limits (--limit NAME=N, or NAME = N under [limits] in a drop folder's kib.toml):\n";
        for (const auto& d : kib::describe_limits(kib::default_input_limits()))
            footer += "  " + d.name + std::string(d.name.size() < 20 ? 20 - d.name.size() : 1, ' ') + d.meaning + " (default " + d.value + ")\n";
        app.footer(footer);
    }

    kib::inspect_options inspect_opt;
    std::string inspect_file;
    CLI::App* inspect = app.add_subcommand("inspect", "List the parts, sheets, tables and names of an .xlsx/.docx file");
    inspect->add_option("FILE", inspect_file, "The file to look into")->required();
    inspect->add_option("--sheet", inspect_opt.sheet, "Only this sheet");
    inspect->add_flag("--json", inspect_opt.json, "Print JSON instead of text");
    inspect->add_flag("--cells", inspect_opt.cells, "Print every non-empty cell (with --json: {\"sheets\":[…]})");
    inspect->add_option("--rows", inspect_opt.preview_rows, "Rows to preview per sheet")->check(CLI::NonNegativeNumber);

    kib::fill_cli_options fill_opt;
    CLI::App* fill = app.add_subcommand("fill", "Fill a Word template (.docx or builtin:baateigenaar) with JSON data");
    fill->add_option("TEMPLATE", fill_opt.template_path, "The template .docx, or builtin:NAME")->required();
    fill->add_option("DATA", fill_opt.data_path, "The data as JSON (- for standard input)")->required();
    fill->add_option("-o,--output", fill_opt.output, "The document to write (with --each: a folder)")->required();
    fill->add_option("--each", fill_opt.each_key, "Write one document per element of this list in the data");
    fill->add_flag("--allow-missing", fill_opt.allow_missing, "Leave missing fields empty (with a warning) instead of failing");

    kib::score_options score_opt;
    std::string score_file;
    CLI::App* score = app.add_subcommand("score", "Score a CX maturity scan export (.xlsx/.csv) per pillar and department");
    score->add_option("SURVEY", score_file, "The survey export")->required();
    score->add_option("--invited", score_opt.invited, "Invitations per department (.xlsx/.csv with Afdeling, Uitgenodigd)");
    score->add_option("--previous", score_opt.previous, "An earlier scan (export, or its kib score --json output)");
    score->add_option("--mapping", score_opt.mapping, "Column mapping (JSON) overriding header recognition");
    score->add_flag("--skip-invalid", score_opt.skip_invalid, "Treat invalid answers as not answered, with a warning each");
    score->add_flag("--json", score_opt.json, "Print JSON instead of text");
    score->add_option("-o,--output", score_opt.outdir, "Also write the results workbook and the Dutch report into this folder");
    kib::comments_options comments_opt;
    std::string comments_file;
    CLI::App* comments = app.add_subcommand("comments", "List the comments, highlights and tracked changes of a .docx draft");
    comments->add_option("DRAFT", comments_file, "The Word document to read")->required();
    comments->add_option("-o,--output", comments_opt.output, "Also write the comment register workbook (.xlsx)");
    comments->add_flag("--json", comments_opt.json, "Print JSON {\"comments\":[…],\"highlights\":[…],\"revisions\":[…]}");

    std::string watch_dir, watch_config_file;
    bool watch_once = false, watch_poll = false;
    int watch_jobs = 0;
    double watch_stable = -1;
    CLI::App* watch = app.add_subcommand("watch", "Process what is dropped into DIR/inbox (the drop folder)");
    watch->add_option("DIR", watch_dir, "The drop folder (inbox/, outbox/, processed/, failed/ are made in it)")->required();
    watch->add_flag("--once", watch_once, "Process what is there, then exit (for cron and CI)");
    watch->add_option("--jobs", watch_jobs, "Files processed at the same time (default 1, or [watch] jobs)")->check(CLI::Range(1, 64));
    watch->add_option("--config", watch_config_file, "Configuration file (default: DIR/kib.toml when present)");
    watch->add_flag("--poll", watch_poll, "Scan the inbox every second instead of using inotify (network shares)");
    watch->add_option("--stable", watch_stable, "Seconds a file's size and time must stay unchanged before it is taken")
        ->check(CLI::NonNegativeNumber);
    // The drop folder's job in a process of its own (with a time limit): `kib watch` starts it.
    std::string job_dir, job_config, job_work, job_claim, job_original;
    long job_parent = 0;
    CLI::App* job = app.add_subcommand("_job", "Internal: one drop-folder job, started by kib watch")->group("");
    job->add_option("--dir", job_dir)->required();
    job->add_option("--config", job_config);
    job->add_option("--parent", job_parent)->required();
    job->add_option("WORK", job_work)->required();
    job->add_option("CLAIM", job_claim)->required();
    job->add_option("ORIGINAL", job_original)->required();
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

    // kpi, roadmap, handout and report share the workbook, the reference date and the start month.
    const auto programme_command = [&app](const char* name, const char* help, kib::programme_command_options& o,
                                          const char* date_help) {
        CLI::App* cmd = app.add_subcommand(name, help);
        cmd->add_option("PROGRAMME", o.workbook, "The programme workbook (.xlsx)")->required();
        cmd->add_option("--date", o.date, date_help)->required();
        cmd->add_option("--start", o.start, "Month of M1, YYYY-MM (default: the Programma sheet's Start, else 2026-01)");
        return cmd;
    };
    kib::programme_command_options kpi_opt;
    CLI::App* kpi = programme_command("kpi", "Compute KPI plan, status, trend and domain progress of a programme workbook", kpi_opt,
                                      "Reference date, YYYY-MM-DD");
    kpi->add_option("--measurements", kpi_opt.measurements, "New measurements to merge (.xlsx or .csv: Datum, KPI, Waarde, Bron)");
    kpi->add_flag("--json", kpi_opt.json, "Print JSON instead of text");
    kpi->add_option("-o,--output", kpi_opt.output, "Write the workbook with Actueel, Datum meting, Status (with fills), Trend and the merged Metingen here");

    kib::programme_command_options roadmap_opt;
    CLI::App* roadmap = programme_command("roadmap", "Efforts, next milestone, benefit ownership, risks and overdue agreements",
                                          roadmap_opt, "Reference date, YYYY-MM-DD");
    roadmap->add_flag("--json", roadmap_opt.json, "Print JSON instead of text");
    roadmap->add_flag("--mermaid", roadmap_opt.mermaid, "Print a Mermaid gantt chart");

    kib::programme_command_options handout_opt;
    bool handout_per_owner = false;
    CLI::App* handout = programme_command("handout", "Fill the benefit-owner session handout from a programme workbook", handout_opt,
                                          "Session date, YYYY-MM-DD");
    handout->add_flag("--per-owner", handout_per_owner, "One handout per benefit owner, with their own benefits first");
    handout->add_option("-o,--output", handout_opt.output, "Folder for the handouts")->required();
    kib::programme_command_options report_opt;
    std::string report_comments;
    CLI::App* report = programme_command("report", "Write the Dutch steering report (stuurgroeprapportage) of a programme workbook as .docx",
                                         report_opt, "Reference date, YYYY-MM-DD");
    report->add_option("--comments", report_comments, "Open review comments from a draft (.docx) or a comments register (.xlsx)");
    report->add_option("-o,--output", report_opt.output, "The report to write (.docx)")->required();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }

    try {
        std::ios::sync_with_stdio(false);
        namespace fs = std::filesystem;
        // The drop folder's limits: its kib.toml's [limits], then --limit.
        kib::drop_config cfg;
        if (*watch || *job) {
            const fs::path default_config = fs::path(*watch ? watch_dir : job_dir) / "kib.toml";
            std::string& config_file = *watch ? watch_config_file : job_config;
            if (config_file.empty() && fs::exists(default_config)) config_file = default_config.string();
            if (!config_file.empty()) cfg = kib::load_drop_config(config_file);
            kib::set_limits(cfg.limits, limit_args);
            kib::set_default_input_limits(cfg.limits);
        } else {
            kib::input_limits limits = kib::default_input_limits();
            kib::set_limits(limits, limit_args);
            kib::set_default_input_limits(limits);
        }
        if (*job) {
            // Stop with the watcher (recovery redoes the file); it may have died before prctl.
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (::getppid() != static_cast<pid_t>(job_parent)) return 3;
            return kib::run_job_child(kib::drop_jobs(cfg, job_dir), job_work, job_claim, job_original);
        }
        if (*inspect) kib::inspect(inspect_file, inspect_opt, std::cout);
        if (*fill) kib::fill(fill_opt, std::cout, std::cerr);
        if (*score) kib::score(score_file, score_opt, std::cout, std::cerr);
        if (*comments) kib::comments(comments_file, comments_opt, std::cout);
        if (*handout)
            for (const auto& f : kib::write_handouts(handout_opt.workbook, handout_opt.date, handout_per_owner, handout_opt.output,
                                                     handout_opt.start))
                std::cout << "Handout written to " << f.string() << '\n';
        if (*watch) {
            kib::watch_options wo;
            wo.dir = watch_dir;
            wo.once = watch_once;
            wo.jobs = watch_jobs > 0 ? watch_jobs : cfg.jobs;
            wo.polling = watch_poll || cfg.poll;
            wo.stable_for = std::chrono::milliseconds(static_cast<long long>((watch_stable >= 0 ? watch_stable : cfg.stable_seconds) * 1000));
            wo.poll_interval = std::chrono::milliseconds(static_cast<long long>(cfg.poll_seconds * 1000));
            wo.progress = ::isatty(STDERR_FILENO) != 0 && !watch_once;
            wo.seconds_per_file = std::chrono::seconds(cfg.limits.seconds_per_file);
            // Each job in a freshly started kib (see watch_options::job_command).
            wo.job_command = {fs::read_symlink("/proc/self/exe").string(), "_job", "--dir", watch_dir};
            if (!watch_config_file.empty()) wo.job_command.insert(wo.job_command.end(), {"--config", watch_config_file});
            for (const auto& l : limit_args) wo.job_command.insert(wo.job_command.end(), {"--limit", l});
            const kib::watch_stats st = kib::watch(wo, kib::drop_jobs(cfg, watch_dir), std::cout);
            std::cout << st.processed << " processed, " << st.failed << " failed";
            if (st.recovered) std::cout << ", " << st.recovered << " recovered from a stopped watcher";
            std::cout << '\n';
        }
        if (*set) kib::set_cells(set_file, set_args, set_opt, std::cout);
        if (*kpi) kib::run_kpi(kpi_opt, std::cout);
        if (*roadmap) kib::run_roadmap(roadmap_opt, std::cout);
        if (*report) {
            kib::write_steering_report(report_opt.workbook, report_opt.date, report_comments, report_opt.output, report_opt.start);
            std::cout << "Geschreven: " << report_opt.output << '\n';
        }
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
