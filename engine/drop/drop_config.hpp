// The drop folder's optional configuration: DIR/kib.toml (or --config FILE).
//
//   language = "nl"           # what people read in the folder (.error.txt, overviews): "nl" (default) or "en"
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
//   session_date = "2026-12-03"             # the handouts' Datum sessie (default: the reference date)
//   session_location = "Stadskantoor, zaal 4.12"   # Locatie on the handouts ("" = a line to write on)
//   session_facilitator = "Marieke Jansen"         # Facilitator on the handouts
//
//   [score]
//   skip_invalid = false
//   previous = "cx_scan_2024.xlsx"         # an earlier scan (export or its scores.json, relative to DIR):
//                                          # every scan dropped is compared with it (sheet Vergelijking)
//
//   [limits]                                # the same names as the CLI's --limit NAME=N
//   seconds_per_file = 120                  # a file that takes longer ends in failed/ (0: no limit)
//   rows = 100000                           # and part_mb, total_mb, entries, compression_ratio,
//                                           # xml_depth, string_mb, sheets, columns, cells,
//                                           # shared_strings, csv_mb, template_paragraphs
//
// Unknown keys are an error (a typo must not silently do nothing).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "readers/i18n.hpp"
#include "readers/limits.hpp"

namespace kib {

struct drop_config {
    // language = "nl" | "en" (top level): the texts written into the folder; Dutch by default.
    kib::language language = kib::language::nl;
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
    std::string session_date;  // ISO; "" = the reference date
    std::string session_location, session_facilitator;
    // [score]
    bool skip_invalid = false;
    std::string score_previous;  // relative to the drop folder, "" = no comparison
    // [limits]: every input limit by its name (readers/limits.hpp), starting from the process
    // defaults; seconds_per_file is the drop folder's time per file.
    input_limits limits = default_input_limits();

    // The reference date for today's date `today` (ISO): the fixed date, today, or the first
    // steering date on or after today (the last one when all are past).
    std::string resolve_reference_date(const std::string& today) const;
};

// Reads a config file. Throws kib::error(bad_input) naming the file, line and key on any problem.
drop_config load_drop_config(const std::filesystem::path& file);

// Today's local date as YYYY-MM-DD.
std::string today_iso();

}  // namespace kib
