// `kib watch`: the drop folder. Users drop files into DIR/inbox and collect results from
// DIR/outbox/<job>/; inputs end in DIR/processed/ or, with a plain-language <name>.error.txt,
// in DIR/failed/. DIR/jobs.jsonl logs every job (one JSON object per line).
//
// Exactly once, whatever happens (two watchers on one folder, kill -9, power cut):
// 1. claim   — an atomic rename of inbox/NAME into .kib/claims/<claim id>--NAME; whoever's rename
//              succeeds owns the file. The claim id names host and pid so a dead owner is known.
// 2. work    — the job writes its outputs into .kib/work/<claim id>/out/, never into outbox.
// 3. ready   — an empty file .kib/work/<claim id>/ready marks the outputs as complete (fsync'd).
// 4. publish — each staged output is hard-linked into its destination under a name that does not
//              exist yet (never overwriting: "name (2).xlsx"), then unlinked from staging; a staged
//              file whose link count is already 2 was published before a crash and is only unlinked.
// 5. log     — the job-log line is appended unless a line with this claim id is already there.
// 6. file    — the claim is moved to processed/ (or failed/) the same link-then-unlink way.
// Recovery (at start, and for claims whose owner died): without `ready` the staging is discarded
// and the input goes back to inbox/ to be done again; with `ready` steps 4-6 are completed.
// Steps 4-6 are idempotent, so a crash at any point between them repeats nothing.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "engine/drop/job_runner.hpp"

namespace kib {

namespace fs = std::filesystem;

struct watch_options {
    fs::path dir;
    bool once = false;
    int jobs = 1;
    std::chrono::milliseconds stable_for{2000};      // size and mtime unchanged this long
    std::chrono::milliseconds poll_interval{1000};
    bool polling = false;                            // no inotify (network shares)
    std::chrono::seconds foreign_claim_timeout{1800};  // claims of other hosts count as dead after this
    bool progress = false;                           // a live progress line (interactive terminals)
    // Time one file may take ([limits] seconds_per_file in kib.toml). When set (> 0) each job runs
    // in a child process that is killed when it overruns; the file then ends in failed/ with an
    // .error.txt saying so, and the watcher goes on. 0: jobs run in the watcher, without a limit.
    std::chrono::seconds seconds_per_file{0};
    // The program that runs one job in its own process (with seconds_per_file): see
    // job_run_options::command in engine/drop/job_runner.hpp. Empty: a fork() (library use).
    std::vector<std::string> job_command;
};

struct watch_stats {
    int processed = 0;
    int failed = 0;
    int recovered = 0;
    // Files the last scan left in the inbox because they are open in an office program (a lock
    // file next to them; see engine/drop/lock_files.hpp). With `once` they wait for the next run.
    int open_elsewhere = 0;
};

// True for names a drop folder must leave alone: Word/LibreOffice lock files, temp and partial
// downloads, hidden files. A file with a lock file next to it waits (open_lock_for()).
bool is_ignored_name(const std::string& name);

// Runs the drop folder. A file that is open elsewhere (its lock file is in the inbox) is not taken:
// without `once` it waits until the lock is gone, with `once` it stays for the next run.
// Returns when `once` is set and the inbox holds nothing ready, or after
// SIGINT/SIGTERM (finishing the jobs under way). Log lines go to `log`.
watch_stats watch(const watch_options& options, const std::vector<job_kind>& kinds, std::ostream& log);

// Brings claims of dead owners to a consistent end (see the header comment). Called by watch().
int recover_claims(const fs::path& dir, std::chrono::seconds foreign_timeout, std::ostream& log);

// SHA-256 of a file as lower-case hex.
std::string sha256_file(const fs::path& file);

}  // namespace kib
