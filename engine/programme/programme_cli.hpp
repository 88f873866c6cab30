// The `kib kpi` and `kib roadmap` commands: read the programme workbook, compute at a date,
// print text (Dutch, for the programme office), JSON or a Mermaid gantt.
#pragma once

#include <ostream>
#include <string>

#include "engine/programme/programme.hpp"

namespace kib {

struct programme_command_options {
    std::string workbook;
    std::string date;          // YYYY-MM-DD (required)
    std::string start;         // YYYY-MM: month of M1 ("" = Programma!Start, else 2026-01)
    std::string measurements;  // kpi: new measurements (.xlsx or .csv)
    std::string output;        // kpi: the updated workbook ("" = print only)
    // kpi: how the overview names `output` to its reader ("" = output as given). The drop folder
    // writes into its own working folder and names the file as it will lie in outbox/.
    std::string output_name;
    bool json = false;
    // kpi: print the cell patch (kpi_patch_json, programme_update.hpp) instead of text or JSON:
    // the same cells `output` would get.
    bool patch = false;
    bool mermaid = false;  // roadmap only
    // Where a warning goes (a reference date before M1), nullptr: nowhere (the drop folder).
    std::ostream* warnings = nullptr;
};

// "YYYY-MM-DD" or "DD-MM-YYYY" (also with /) as YYYY-MM-DD; kib::error naming the option and
// showing an example otherwise.
std::string normalize_date_option(const std::string& text, const std::string& option);
// Parses a date option (normalize_date_option) to a serial.
double parse_reference_date(const std::string& text, const std::string& option);
// The options for a --start value ("" = not given: the workbook's Programma!Start, else 2026-01);
// kib::error naming --start when it is not a month.
programme_options parse_programme_start(const std::string& start);
programme_options parse_programme_options(const programme_command_options& c);

// A warning when the reference date lies outside the programme's months (before M1, after the
// last month), in the thread's language; "" when it lies inside or the workbook cannot be read
// (the command says why). Reads only the sheets `parts` names, as the command itself does.
std::string reference_date_warning(const programme_command_options& c, const programme_parts& parts);

void run_kpi(const programme_command_options& c, std::ostream& out);
void run_roadmap(const programme_command_options& c, std::ostream& out);

}  // namespace kib
