// The jobs of the drop folder (`kib watch`): which dropped file goes to which job, decided by
// content, and what each job writes into its outbox folder.
//
// Routing, first match wins:
//   comments — a Word document (.docx, by its main part's content type): the review marks.
//   score    — a workbook or CSV whose header row names the 48 questions of the CX maturity scan.
//   programme — a workbook with a KPI's sheet (the programme workbook): the workbook with statuses
//              at the reference date (a new copy), the KPI overview and the roadmap overview.
//   measurements — a workbook or CSV with Datum, KPI and Waarde columns: merged into the programme
//              workbook named in kib.toml ([programme] workbook), as a new copy.
// Anything else fails with the reason and what the drop folder accepts.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine/drop/drop_config.hpp"
#include "engine/drop/watch.hpp"

namespace kib {

// The jobs for a drop folder at `dir` with configuration `config`; with `only` set ("score",
// "comments", "programme", "measurements"), that one job alone (kib serve's ?kind=). An unknown
// `only` throws kib::error(bad_input) naming the kinds there are.
std::vector<job_kind> drop_jobs(const drop_config& config, const std::filesystem::path& dir, const std::string& only = {});

// What a file looks like inside, for routing: "docx", "survey", "programme", "measurements",
// "workbook", "csv", or "" when it
// is neither an Office package nor text kib reads. Never throws for unreadable files.
std::string sniff_content(const std::filesystem::path& file);

}  // namespace kib
