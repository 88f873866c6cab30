// `kib score -o OUTDIR`: writes the results of a CX maturity scan for people (see issue 5, Outputs):
// - "<stem> - resultaten.xlsx": sheets Pijlers (score, phase with a fill per phase, model value,
//   respondents, sd, and a native radar chart of the six model values), Vergelijking (only after
//   compare(): per pillar and per department in both scans earlier / now / change, a radar chart
//   with both scans), Per afdeling, Per vraag (answer distribution and 'Weet ik niet' share),
//   Toelichtingen (grouped per pillar, identical answers once with their count), Respons (with the
//   50% target per department: "gehaald" in green, "onder 50%" in light red). Columns are sized to
//   their content and rows with wrapped text get the height they need.
// - "<stem> - rapportage.docx": the Dutch report (summary, radar chart, after compare() a section
//   "Vergelijking met de eerdere scan", a section per pillar with its grouped Toelichtingen,
//   department comparison, interview suggestions, response with departments below 50% flagged,
//   method appendix).
// Numbers shown to people are Dutch ("21,7"); workbook cells hold numbers with a Dutch format.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine/scan/maturity.hpp"

namespace kib {

// Writes both files into outdir (created when missing) and returns their paths, workbook first.
// date_iso ("2026-11-23") is the report date; empty = today (UTC). Throws kib::error (io) when a
// file cannot be written.
std::vector<std::filesystem::path> write_score_outputs(const maturity::scan_result& r, const std::filesystem::path& outdir,
                                                       const std::string& stem, const std::string& date_iso = {});

// "23 november 2026" for "2026-11-23"; throws kib::error (bad_input) for another form.
std::string dutch_long_date(const std::string& iso);

}  // namespace kib
