// `kib set`: writes values into an existing workbook and prints what changed.
//
//   kib set KPI.xlsx 'Status!B7=12,5' "'KPI''s'!C3=2026-11-23" -o KPI-nieuw.xlsx
//
// A value is read as: empty (clears the cell); '=' formula; TRUE/FALSE (also WAAR/ONWAAR);
// a date (2026-11-23, 2026-11-23T14:05, 23-11-2026); a number (12,5 or 12.5, 1.234,5 or
// 1,234.5, optionally ending in % for a percentage); otherwise text. --text keeps it text.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "readers/cell.hpp"

namespace kib {

struct set_options {
    std::string output;        // -o; required unless in_place
    bool in_place = false;     // overwrite FILE (a backup NAME.bak.xlsx is kept)
    bool force_text = false;   // every value is text
};

// One "Sheet!B7=value" argument, split. sheet is "" when the argument names no sheet.
struct assignment {
    std::string sheet;
    std::string ref;
    std::string value;
};

// Splits an argument; the sheet may be quoted the Excel way ('KPI''s'!C3). Throws
// kib::error(bad_input) naming the argument when it has no '=' or no cell.
assignment parse_assignment(std::string_view arg);

// What a value text means.
struct parsed_value {
    cell_value value;          // empty for a formula or a clear
    std::string formula;       // without '=' when the text was a formula
    bool percentage = false;   // "12,5%": value 0.125, shown as a percentage
};
parsed_value parse_value(std::string_view text, bool force_text);

// Parses a number written the Dutch or the English way; nullopt when it is not a number.
std::optional<double> parse_number(std::string_view text);

// Runs `kib set`: applies every assignment (all are checked before anything is written), saves,
// and prints one line per changed cell ("'KPI''s'!C3: 45 → 2026-11-23").
void set_cells(const std::string& file, const std::vector<std::string>& assignments, const set_options& options,
               std::ostream& out);

}  // namespace kib
