// Deterministic CX maturity scan exports for samples/, tests and the benchmark.
//
// The generator draws answers from a fixed pseudo-random sequence (splitmix64, no std::
// distributions, whose output differs between standard libraries), so the same spec gives the
// same bytes everywhere. The .xlsx is written as plain SpreadsheetML parts and packed with the
// `zip` command line tool (kib has no workbook writer of its own yet); the .csv is what Dutch
// Excel writes: ';', UTF-8 with BOM, CRLF.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kib::sample {

struct department_spec {
    std::string name;
    int invited = 0;
    int respondents = 0;
    double level = 2.5;  // typical answer (1–4) in this department
};

struct survey_spec {
    std::uint64_t seed = 1;
    std::vector<department_spec> departments;
    std::string date_prefix = "2026-10-";  // "Ingevuld op" dates
    double level_shift = 0.0;              // added to every department's level (earlier scans: negative)
    double comment_rate = 0.08;            // chance of a Toelichting per respondent and pillar
    bool long_headers = true;              // "Strategie 1 - <statement>" instead of "STR1"
};

// A generated export: header row then one row per respondent; every cell is text except the
// respondent number (column 0), which is numeric.
struct survey_table {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::pair<std::string, int>> invitations;  // (Afdeling, Uitgenodigd)
};

// The samples/ survey: 240 respondents in 12 departments, 300 invited (80% response).
survey_spec sample_spec();
// The earlier scan in samples/ (two years before, lower levels, fewer respondents).
survey_spec previous_spec();
// A large export for the benchmark: `respondents` spread over the sample's 12 departments.
survey_spec bench_spec(int respondents);

survey_table generate(const survey_spec& spec);

// Writes `;`-separated UTF-8 with BOM and CRLF line ends.
void write_csv(const std::vector<std::vector<std::string>>& rows, const std::string& path);
// Writes an .xlsx with sheets "Antwoorden" (the table) and, when invitations are given,
// "Uitnodigingen" (Afdeling, Uitgenodigd). Uses `zip` in a temporary folder. Throws on failure.
void write_xlsx(const survey_table& table, const std::string& path, bool with_invitations);

}  // namespace kib::sample
