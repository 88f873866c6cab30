#include "engine/drop/job_runner.hpp"

#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "readers/error.hpp"
#include "readers/i18n.hpp"
#include "readers/package.hpp"

namespace kib {

using json = nlohmann::ordered_json;
using clock_type = std::chrono::steady_clock;

namespace {

std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// "book.xlsx: xl/worksheets/sheet1.xml: line 3, column 17: KPI's!D7" (the location part of
// kib::error::what(), without the message).
std::string where_text(const location& loc) {
    std::string out;
    auto add = [&out](const std::string& piece) {
        if (piece.empty()) return;
        if (!out.empty()) out += ": ";
        out += piece;
    };
    add(loc.file);
    add(loc.part);
    if (loc.line != 0)
        add(loc.column != 0 ? trf("line {}, column {}", {std::to_string(loc.line), std::to_string(loc.column)})
                            : trf("line {}", {std::to_string(loc.line)}));
    add(loc.where);
    return out;
}

job_failure internal_failure(const std::string& what) {
    job_failure f;
    f.text = trf("internal error in kib (please report): {}", {what});
    f.message = f.text;
    return f;
}

// Chooses the job for `input` and runs it; on_kind, when given, hears the job's name before the
// job runs. Never throws.
job_failure run_job(const std::vector<job_kind>& kinds, job_context& ctx, const std::string& original, std::string& kind_name,
                    const std::function<void(const std::string&)>& on_kind = {}) {
    try {
        const job_kind* kind = nullptr;
        for (const auto& k : kinds) {
            if (k.accepts(ctx.input, original)) {
                kind = &k;
                break;
            }
        }
        if (!kind) {
            const std::string what = describe_foreign_file(ctx.input);
            throw error(error_category::bad_input, {original, {}, {}, 0, 0},
                        what.empty() ? tr("kib does not know what to do with this file")
                                     : trf("kib does not know what to do with this file (it is {})", {what}),
                        tr("kib takes survey exports (.xlsx/.csv), programme workbooks, measurement files "
                           "(Datum, KPI, Waarde) and Word drafts with comments (.docx)"));
        }
        kind_name = kind->name;
        if (on_kind) on_kind(kind_name);
        kind->run(ctx);
        return {};
    } catch (const error& e) {
        // The job saw the claimed path; the user knows the file by the name they gave it.
        location loc = e.where();
        if (loc.file.empty() || loc.file == ctx.input.string()) loc.file = original;
        job_failure f;
        f.text = error(e.category(), loc, e.message(), e.hint()).what();
        f.message = e.message();
        f.where = where_text(loc);
        f.hint = e.hint();
        if (e.category() == error_category::internal) {
            f.text = trf("internal error in kib (please report): {}", {f.text});
            f.message = trf("internal error in kib (please report): {}", {f.message});
        }
        return f;
    } catch (const std::exception& e) {
        return internal_failure(e.what());
    } catch (...) {
        return internal_failure(tr("the job failed without a message"));
    }
}

json failure_json(const job_failure& f) {
    return {{"text", f.text}, {"message", f.message}, {"where", f.where}, {"hint", f.hint}};
}

job_failure failure_from_json(const json& j) {
    return {j.at("text").get<std::string>(), j.at("message").get<std::string>(), j.at("where").get<std::string>(),
            j.at("hint").get<std::string>()};
}

// The child side of a job with a time limit; see run_job_child() in job_runner.hpp.
int child_body(const std::vector<job_kind>& kinds, job_context& ctx, const std::string& original, const fs::path& work_dir) {
    std::string kind = "unknown";
    // The job's name goes to the parent at once, so a job that is stopped is logged under it.
    const job_failure failure = run_job(kinds, ctx, original, kind, [&](const std::string& name) {
        std::ofstream(work_dir / "child.kind", std::ios::binary | std::ios::trunc) << name;
    });
    try {
        json r = {{"kind", kind}, {"failure", failure_json(failure)}, {"warnings", ctx.warnings}, {"result", ctx.result_json}};
        std::ofstream out(work_dir / "child.json", std::ios::binary | std::ios::trunc);
        out << r.dump(-1, ' ', false, json::error_handler_t::replace);
        out.close();
        return out ? 0 : 2;
    } catch (...) {
        return 2;
    }
}

// Starts the child: a fresh program (posix_spawn, with default signal handling and an empty
// signal mask, whatever the caller blocked) or a fork(). Returns -1 with `why` set on failure.
pid_t start_child(const std::vector<job_kind>& kinds, job_context& ctx, const std::string& original, const fs::path& work_dir,
                  const std::vector<std::string>& command, std::string& why) {
    const pid_t parent = ::getpid();
    pid_t pid = -1;
    if (!command.empty()) {
        std::vector<std::string> args = command;
        args.insert(args.end(), {"--parent", std::to_string(parent), "--", work_dir.string(), ctx.input.string(), original});
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        posix_spawnattr_t attr;
        posix_spawnattr_init(&attr);
        sigset_t none, all;
        sigemptyset(&none);
        sigfillset(&all);
        // The service blocks SIGTERM in its threads to wait for it; a job must not inherit that.
        posix_spawnattr_setsigmask(&attr, &none);
        posix_spawnattr_setsigdefault(&attr, &all);
        posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
        const int rc = ::posix_spawn(&pid, argv[0], nullptr, &attr, argv.data(), environ);
        posix_spawnattr_destroy(&attr);
        if (rc != 0) {
            why = trf("kib could not start the job ({}): {}", {argv[0], system_message(rc)});
            return -1;
        }
        return pid;
    }
    pid = ::fork();
    if (pid < 0) {
        why = trf("kib could not start the job: {} (the system is short of processes or memory)", {system_message(errno)});
        return -1;
    }
    if (pid == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // the parent was killed: stop too (recovery redoes the file)
        if (::getppid() != parent) ::_exit(3);
        ::_exit(child_body(kinds, ctx, original, work_dir));
    }
    return pid;
}

// run_job() with a time limit. The job runs in a child process, and the child is killed with
// SIGKILL when it overruns. Why a process and not a deadline checked in the readers' loops: a
// cooperative deadline would have to be checked in every loop of every reader, writer and
// engine step, and still misses a loop inside a library (libzip, pugixml, zlib) or a bug that
// spins; a process can always be stopped, and all its memory goes back to the system with it.
// The child reports back through WORK_DIR/child.kind and WORK_DIR/child.json.
job_failure run_job_limited(const std::vector<job_kind>& kinds, job_context& ctx, const std::string& original,
                            std::string& kind_name, const fs::path& work_dir, const job_run_options& opt) {
    const fs::path report = work_dir / "child.json";
    std::string why;
    const pid_t pid = start_child(kinds, ctx, original, work_dir, opt.command, why);
    if (pid < 0) return {why, why, {}, {}};
    const auto deadline = clock_type::now() + opt.limit;
    auto pause = std::chrono::milliseconds(1);  // short jobs are noticed at once, long ones every 50 ms
    int status = 0;
    bool timed_out = false;
    for (;;) {
        const pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid) break;
        if (r < 0 && errno != EINTR) return internal_failure(std::string("waitpid: ") + std::strerror(errno));
        if (clock_type::now() >= deadline) {
            ::kill(pid, SIGKILL);
            while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
            timed_out = true;
            break;
        }
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::milliseconds(50));
    }
    {
        std::error_code ec;
        if (fs::exists(work_dir / "child.kind", ec)) kind_name = read_text(work_dir / "child.kind");
        fs::remove(work_dir / "child.kind", ec);
    }
    if (timed_out) {
        std::error_code ec;
        fs::remove_all(ctx.out_dir, ec);  // half-written outputs of the stopped job
        fs::create_directories(ctx.out_dir, ec);
        const error e(error_category::limit, {original, {}, {}, 0, 0},
                      trf("kib stopped working on the file after {} seconds: it takes longer than the drop folder allows (limit)",
                          {std::to_string(opt.limit.count())}),
                      tr("split the file into smaller ones, or raise seconds_per_file under [limits] in kib.toml "
                         "(or --limit seconds_per_file=N)"));
        return {e.what(), e.message(), original, e.hint()};
    }
    if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        const char* name = ::sigdescr_np(sig);
        return internal_failure(name ? trf("the job stopped with signal {} ({})", {std::to_string(sig), name})
                                     : trf("the job stopped with signal {}", {std::to_string(sig)}));
    }
    try {
        const json r = json::parse(read_text(report));
        kind_name = r.at("kind").get<std::string>();
        for (const auto& w : r.at("warnings")) ctx.warnings.push_back(w.get<std::string>());
        ctx.result_json = r.at("result").get<std::string>();
        std::error_code ec;
        fs::remove(report, ec);
        return failure_from_json(r.at("failure"));
    } catch (const std::exception&) {
        return internal_failure(trf("the job ended (exit status {}) without saying how it went",
                                    {std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1)}));
    }
}

bool starts_with(const std::string& s, std::string_view prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

}  // namespace

job_outcome run_one_job(const std::vector<job_kind>& kinds, const fs::path& input, const std::string& original,
                        const fs::path& work_dir, const job_run_options& options) {
    job_context ctx;
    ctx.input = input;
    ctx.name = original;
    ctx.out_dir = work_dir / "out";
    job_outcome out;
    std::error_code ec;
    fs::create_directories(ctx.out_dir, ec);
    if (ec) {
        out.failure = {trf("kib cannot make its work folder {}: {}", {ctx.out_dir.string(), system_message(ec.value())}),
                       tr("kib cannot make its work folder"), ctx.out_dir.string(), system_message(ec.value())};
        return out;
    }
    out.failure = options.limit.count() > 0 ? run_job_limited(kinds, ctx, original, out.kind, work_dir, options)
                                            : run_job(kinds, ctx, original, out.kind);
    out.warnings = std::move(ctx.warnings);
    out.result_json = std::move(ctx.result_json);
    return out;
}

int run_job_child(const std::vector<job_kind>& kinds, const fs::path& work_dir, const fs::path& input,
                  const std::string& original) {
    job_context ctx;
    ctx.input = input;
    ctx.name = original;
    ctx.out_dir = work_dir / "out";
    return child_body(kinds, ctx, original, work_dir);
}

std::string describe_foreign_file(const fs::path& file) {
    std::string head(8, '\0');
    {
        std::ifstream in(file, std::ios::binary);
        in.read(head.data(), static_cast<std::streamsize>(head.size()));
        head.resize(static_cast<std::size_t>(in.gcount()));
    }
    if (starts_with(head, "%PDF")) return tr("a PDF document; kib reads Excel (.xlsx), CSV and Word (.docx) files");
    if (starts_with(head, "\x89PNG") || starts_with(head, "\xFF\xD8\xFF") || starts_with(head, "GIF8"))
        return tr("a picture, not an Excel or Word file");
    try {
        switch (package::sniff(file.string())) {
            case file_kind::encrypted_ole: return tr("a password-protected Office file; save it without a password");
            case file_kind::legacy_ole: return tr("an old Excel or Word file (.xls/.doc); save it as .xlsx or .docx");
            case file_kind::odf: return tr("an OpenDocument file (.ods/.odt); save it as .xlsx or .docx");
            case file_kind::other_zip: return tr("a ZIP archive, not an Office file");
            case file_kind::ooxml:
            case file_kind::unknown: break;
        }
    } catch (const std::exception&) {
    }
    return {};
}

}  // namespace kib
