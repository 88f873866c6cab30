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
    bool json = false;
    bool mermaid = false;  // roadmap only
};

// Parses "YYYY-MM-DD"; kib::error naming the option otherwise.
double parse_reference_date(const std::string& text, const std::string& option);
// The options for a --start value ("" = not given: the workbook's Programma!Start, else 2026-01);
// kib::error naming --start when it is not a month.
programme_options parse_programme_start(const std::string& start);
programme_options parse_programme_options(const programme_command_options& c);

void run_kpi(const programme_command_options& c, std::ostream& out);
void run_roadmap(const programme_command_options& c, std::ostream& out);

}  // namespace kib
