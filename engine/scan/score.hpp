// `kib score`: scores a CX maturity scan export (see engine/scan/maturity.hpp) and prints the results
// as a Dutch table per pillar, or as JSON.
#pragma once

#include <iosfwd>
#include <string>

#include "engine/scan/maturity.hpp"

namespace kib {

struct score_options {
    std::string invited;   // invitations file (Afdeling, Uitgenodigd); "" = none or a sheet in the export
    std::string previous;  // earlier scan: an export, or the JSON `kib score --json` printed for it
    std::string mapping;   // explicit column mapping (JSON)
    bool skip_invalid = false;
    bool json = false;
    std::string outdir;    // -o: also write "<stem> - resultaten.xlsx" and "<stem> - rapportage.docx" here
};

// Scores `survey` and writes the results to out; warnings go to err (text mode) or into the JSON.
// Throws kib::error for unusable input.
void score(const std::string& survey, const score_options& options, std::ostream& out, std::ostream& err);

// The JSON document for a result (also what --previous accepts back).
std::string score_json(const maturity::scan_result& r);
// The text tables for a result (Dutch labels and numbers).
std::string score_text(const maturity::scan_result& r);

}  // namespace kib
