// The drop folder's optional configuration: DIR/kib.toml (or --config FILE).
//
//   [watch]
//   stable_seconds = 2        # a file is taken when its size and time did not change this long
//   poll = false              # true: no inotify, scan every poll_seconds (network shares)
//   poll_seconds = 1
//   jobs = 1
//
//   [programme]
//   start = "2026-01"                       # month of M1 (default: the workbook's Programma!Start, else 2026-01)
//   reference_date = "next-steering"        # "today", "YYYY-MM-DD" or "next-steering"
//   steering_dates = ["2026-12-15", "2027-03-16"]
//   workbook = "programma.xlsx"             # where measurement files are merged (relative to DIR)
//   update_in_place = false                 # false: the merged workbook is a new copy in outbox
//   handouts = true                         # make the benefit-owner handouts for a programme workbook
//   handouts_per_owner = false
//
//   [score]
//   skip_invalid = false
//
//   [limits]
//   seconds_per_file = 120                  # a file that takes longer ends in failed/ (default 0: no limit)
//
// Unknown keys are an error (a typo must not silently do nothing).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kib {

struct drop_config {
    // [watch]
    double stable_seconds = 2.0;
    bool poll = false;
    double poll_seconds = 1.0;
    int jobs = 1;
    // [programme]
    std::string programme_start;  // YYYY-MM; "" = not set: the workbook's Programma!Start, else 2026-01
    std::string reference_date = "today";
    std::vector<std::string> steering_dates;  // ISO dates
    std::string programme_workbook;           // relative to the drop folder, "" = none
    bool update_in_place = false;
    bool handouts = true;
    bool handouts_per_owner = false;
    // [score]
    bool skip_invalid = false;
    // [limits]
    // 0 by default: a limit runs each job in a forked child, and fork() in the multi-threaded
    // watcher can deadlock the child on a lock another thread held (seen under ASan in the
    // two-watcher end-to-end test). Opt-in until jobs run in a freshly exec'd process.
    int seconds_per_file = 0;

    // The reference date for today's date `today` (ISO): the fixed date, today, or the first
    // steering date on or after today (the last one when all are past).
    std::string resolve_reference_date(const std::string& today) const;
};

// Reads a config file. Throws kib::error(bad_input) naming the file, line and key on any problem.
drop_config load_drop_config(const std::filesystem::path& file);

// Today's local date as YYYY-MM-DD.
std::string today_iso();

}  // namespace kib
