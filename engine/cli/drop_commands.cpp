// `kib watch` (the drop folder) and `kib _job` (one drop-folder job in a process of its own, started
// by the watcher). Their limits come from the drop folder's kib.toml, then --limit.
// Exit codes of watch: 0 done, 2 bad input (a missing DIR without --create, a bad kib.toml), 3 with
// --once when any file failed (cron and scripts notice), 1 internal error.
// Exit codes of _job: run_job_child's; 3 when the watcher (or kib serve) that started it is gone.
#include <sys/prctl.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <iostream>
#include <memory>

#include "engine/cli/command.hpp"
#include "engine/drop/drop_config.hpp"
#include "engine/drop/jobs.hpp"
#include "engine/drop/watch.hpp"
#include "readers/error.hpp"

namespace kib::cli {

namespace {

namespace fs = std::filesystem;

// DIR/kib.toml (or the --config file) with --limit on top; also the process-wide limits.
drop_config load_config(const std::string& dir, std::string& config_file, const context& ctx) {
    drop_config cfg;
    const fs::path default_config = fs::path(dir) / "kib.toml";
    if (config_file.empty() && fs::exists(default_config)) config_file = default_config.string();
    if (!config_file.empty()) cfg = load_drop_config(config_file);
    set_limits(cfg.limits, ctx.limit_args);
    set_default_input_limits(cfg.limits);
    // What the folder's people read (.error.txt, the overviews) is in the folder's language,
    // Dutch unless kib.toml says language = "en"; the terminal summary follows the user's.
    if (cfg.language == language::nl) init_catalogues(ctx.binary_dir);
    set_default_language(cfg.language);
    return cfg;
}

}  // namespace

void add_drop_commands(CLI::App& app, context& ctx, std::vector<command>& out) {
    {
        struct args {
            std::string dir, config_file;
            bool once = false, poll = false, create = false;
            int jobs = 0;
            double stable = -1;
        };
        auto a = std::make_shared<args>();
        CLI::App* watch = app.add_subcommand("watch", tr("Process what is dropped into DIR/inbox (the drop folder)"));
        watch->add_option("DIR", a->dir, tr("The drop folder (inbox/, outbox/, processed/, failed/ are made in it); it must exist"))->required();
        watch->add_flag("--create", a->create, tr("Create DIR when it does not exist (without it a missing DIR is an error, so a typo never starts an empty drop folder)"));
        watch->add_flag("--once", a->once, tr("Process what is there, then exit (for cron and CI); exit code 3 when any file failed"));
        watch->add_option("--jobs", a->jobs, tr("Files processed at the same time (default 1, or [watch] jobs)"))->check(CLI::Range(1, 64));
        watch->add_option("--config", a->config_file, tr("Configuration file (default: DIR/kib.toml when present)"));
        watch->add_flag("--poll", a->poll, tr("Scan the inbox every second instead of using inotify (network shares)"));
        watch->add_option("--stable", a->stable, tr("Seconds a file's size and time must stay unchanged before it is taken"))
            ->check(CLI::NonNegativeNumber);
        out.push_back({watch, [a, &ctx] {
                           std::error_code ec;
                           if (!fs::is_directory(a->dir, ec)) {
                               if (fs::exists(a->dir, ec))
                                   throw error(error_category::bad_input, {a->dir, {}, {}, 0, 0}, tr("this is a file, not a folder"),
                                               tr("give the drop folder, the folder that holds inbox/"));
                               if (!a->create)
                                   throw error(error_category::bad_input, {a->dir, {}, {}, 0, 0}, tr("the drop folder does not exist"),
                                               tr("check the name, or add --create to make a new drop folder there"));
                               fs::create_directories(a->dir);
                           }
                           const drop_config cfg = load_config(a->dir, a->config_file, ctx);
                           watch_options wo;
                           wo.dir = a->dir;
                           wo.once = a->once;
                           wo.jobs = a->jobs > 0 ? a->jobs : cfg.jobs;
                           wo.polling = a->poll || cfg.poll;
                           wo.stable_for = std::chrono::milliseconds(
                               static_cast<long long>((a->stable >= 0 ? a->stable : cfg.stable_seconds) * 1000));
                           wo.poll_interval = std::chrono::milliseconds(static_cast<long long>(cfg.poll_seconds * 1000));
                           wo.progress = ::isatty(STDERR_FILENO) != 0 && !a->once;
                           wo.seconds_per_file = std::chrono::seconds(cfg.limits.seconds_per_file);
                           // Each job in a freshly started kib (see watch_options::job_command).
                           wo.job_command = {fs::read_symlink("/proc/self/exe").string(), "_job", "--dir", a->dir};
                           if (!a->config_file.empty()) wo.job_command.insert(wo.job_command.end(), {"--config", a->config_file});
                           for (const auto& l : ctx.limit_args) wo.job_command.insert(wo.job_command.end(), {"--limit", l});
                           const watch_stats st = kib::watch(wo, drop_jobs(cfg, a->dir), std::cout);
                           const scoped_language user(ctx.cli_language);
                           std::cout << trf("{} processed, {} failed", {std::to_string(st.processed), std::to_string(st.failed)});
                           if (st.recovered)
                               std::cout << ", " << trf("{} recovered from a stopped watcher", {std::to_string(st.recovered)});
                           if (st.open_elsewhere)
                               std::cout << ", " << trf("{} open in another program (left in the inbox)", {std::to_string(st.open_elsewhere)});
                           std::cout << '\n';
                           return a->once && st.failed > 0 ? 3 : 0;
                       }});
    }
    {
        struct args {
            std::string dir, config, work, claim, original, kind, date, per_owner;
            long parent = 0;
        };
        auto a = std::make_shared<args>();
        CLI::App* job = app.add_subcommand("_job", tr("Internal: one drop-folder job, started by kib watch"))->group("");
        job->add_option("--dir", a->dir)->required();
        job->add_option("--config", a->config);
        job->add_option("--parent", a->parent)->required();
        job->add_option("--kind", a->kind, tr("Only this job (kib serve's ?kind=)"));
        job->add_option("--date", a->date, tr("Reference date YYYY-MM-DD (kib serve's ?date=)"));
        job->add_option("WORK", a->work)->required();
        job->add_option("CLAIM", a->claim)->required();
        job->add_option("ORIGINAL", a->original)->required();
        // Internal, like the others here: no help text to translate.
        job->add_option("--handouts-per-owner", a->per_owner)->check(CLI::IsMember({"true", "false"}));
        out.push_back({job, [a, &ctx] {
                           drop_config cfg = load_config(a->dir, a->config, ctx);
                           if (!a->date.empty()) cfg.reference_date = a->date;
                           if (!a->per_owner.empty()) cfg.handouts_per_owner = a->per_owner == "true";
                           // Stop with the watcher (recovery redoes the file); it may have died before prctl.
                           ::prctl(PR_SET_PDEATHSIG, SIGKILL);
                           if (::getppid() != static_cast<pid_t>(a->parent)) return 3;
                           return run_job_child(drop_jobs(cfg, a->dir, a->kind), a->work, a->claim, a->original);
                       }});
    }
}

}  // namespace kib::cli
