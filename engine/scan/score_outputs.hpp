// `kib score -o OUTDIR`: writes the results of a CX maturity scan for people (see issue 5, Outputs):
// - "<stem> - resultaten.xlsx": sheets Pijlers (score, phase with a fill per phase, model value,
//   respondents, sd, and a native radar chart of the six model values), Per afdeling, Per vraag
//   (answer distribution and 'Weet ik niet' share), Toelichtingen (open answers), Respons.
// - "<stem> - rapportage.docx": the Dutch report (summary, radar chart, a section per pillar,
//   department comparison, interview suggestions, response, method appendix).
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
