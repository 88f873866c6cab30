// Internal to the maturity scan's units (engine/scan/maturity.cpp, survey_columns.cpp, scorer.cpp,
// survey_file.cpp, scan_compare.cpp, scan_comments.cpp): text normalisation, message helpers and the 128-bit integer the
// exact arithmetic needs. Not public API: callers include engine/scan/maturity.hpp.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/scan/maturity.hpp"
#include "readers/cell.hpp"

namespace kib::maturity::detail {

// Sums of squares of totals (in 1/840 units) overflow 64 bits beyond ~100,000 respondents.
__extension__ typedef __int128 i128;

// ---- text and messages (maturity.cpp) ----

// Lower-case ASCII, no-break spaces and underscores as spaces, runs of spaces collapsed, trimmed.
std::string normalize(std::string_view s);
// normalize() without the spaces: "Aantal uitgenodigd" → "aantaluitgenodigd".
std::string compact(std::string_view s);
// s without leading and trailing ASCII white space.
std::string_view trim_view(std::string_view s) noexcept;
// A cell as trimmed text (numbers as displayed); "" for a missing or empty cell.
std::string cell_text(const cell_value* v);
// s in double quotes, cut after 60 bytes with "…".
std::string in_quotes(std::string_view s);
// Cell reference for messages: "Antwoorden!K17", or "line 17, column K" for CSV.
std::string cell_where(const std::string& sheet, bool csv, int col0, std::uint32_t row);
// Throws kib::error (bad_input) at file + where.
[[noreturn]] void fail(const std::string& file, const std::string& where, const std::string& message,
                       const std::string& hint = {});

// ---- recognition (survey_columns.cpp) ----

// The pillar a name, alias or code names (any case and spacing), else -1.
int pillar_by_token(std::string_view token);
// "Afdeling", "Department", "Onderdeel", … (also the invitations' department column).
bool is_department_header(std::string_view header);

}  // namespace kib::maturity::detail
