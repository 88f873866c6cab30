// The one job runner of kib. Two doors lead to it: the drop folder (`kib watch`, engine/drop/watch.cpp)
// and the service (`kib serve`, engine/serve/). Both hand it a file, the name the user gave it and a
// work folder; it chooses the job by content (engine/drop/jobs.cpp), runs it — with a time limit in a
// child process `kib _job` — and says how it went. Neither door has job code of its own.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace kib {

namespace fs = std::filesystem;

// What a job is given and gives back. A job writes only into out_dir; it throws kib::error for
// bad input (the message goes into failed/<name>.error.txt, or the service's 422 answer).
struct job_context {
    fs::path input;        // the claimed file (read-only for the job)
    std::string name;      // the name the user gave it
    fs::path out_dir;      // staging folder for outputs
    std::vector<std::string> warnings;
    // The JSON the matching command prints with --json (kib score --json, kib comments --json, ...),
    // "" when the job has none. Not an output file: the drop folder ignores it, the service
    // returns it as the job document's "result".
    std::string result_json;
};

struct job_kind {
    std::string name;  // outbox/<name>/
    // True when this job handles the file (by content: look inside, not only at the name).
    std::function<bool(const fs::path& file, const std::string& name)> accepts;
    // Does the work; returns nothing: what is in out_dir when it returns are the outputs.
    std::function<void(job_context&)> run;
};

// Why a job failed, in the drop folder's words. `text` is the whole line written to
// failed/<name>.error.txt (kib::error::what() with the user's file name); `message`, `where` and
// `hint` are its parts ("where": file, part, line and cell/field as far as known; may be "").
struct job_failure {
    std::string text;
    std::string message;
    std::string where;
    std::string hint;
};

struct job_outcome {
    std::string kind = "unknown";  // the job that took the file; "unknown" when none did
    job_failure failure;           // failure.text empty: done
    std::vector<std::string> warnings;
    std::string result_json;       // see job_context::result_json
    bool ok() const { return failure.text.empty(); }
};

// How a job is run. With `limit` > 0 it runs in a child process that is killed when it overruns
// (see run_one_job); with `command` set that child is a freshly started program (the kib CLI:
// `kib _job ...`, to which `--parent PID -- WORK_DIR INPUT ORIGINAL_NAME` is appended and which
// calls run_job_child() with the same kinds), else a fork() of this process (library use only:
// fork() of a multi-threaded process is unsafe under sanitizers, so the CLI never uses it).
// With limit 0 the job runs in the calling thread.
struct job_run_options {
    std::chrono::seconds limit{0};
    std::vector<std::string> command;
};

// Runs the job for `input` (the user calls it `original`) with its outputs in WORK_DIR/out (made
// here when missing). Never throws for anything the job does; the failure is in the outcome.
// When no kind accepts the file the failure says what the file looks like ("a PDF document").
job_outcome run_one_job(const std::vector<job_kind>& kinds, const fs::path& input, const std::string& original,
                        const fs::path& work_dir, const job_run_options& options);

// The child side of a job run in its own process: chooses the job for `input` among `kinds`, runs
// it with its outputs in WORK_DIR/out, writes the job's name to WORK_DIR/child.kind as soon as
// it is known and {"kind","failure","error","warnings","result"} to WORK_DIR/child.json at the
// end. Returns the process exit code (0 when the report was written, whatever the job's outcome).
int run_job_child(const std::vector<job_kind>& kinds, const fs::path& work_dir, const fs::path& input,
                  const std::string& original);

// What a file is when no job takes it, in words for the error message: "a PDF document",
// "an old Excel/Word file (.xls/.doc)", ...; "" when kib cannot tell.
std::string describe_foreign_file(const fs::path& file);

}  // namespace kib
