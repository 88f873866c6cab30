// kib::kpi_value — one KPI figure as programme documents write it.
//
// The seeds' KPI table mixes several kinds of value in one column: "10%", "6,0" / "6.0",
// "+5%" (a change against the baseline), "base" (the baseline itself), "3jr" (a duration),
// "50+" (a threshold: at least 50) and the non-measurements "n.m." (not measured in this period),
// "ontw." (in design) and "pilot". kpi_value keeps which one it was, so "n.m." never turns into 0
// and "+5%" never into 5 %.
//
// Contract:
// - parse_kpi_value() accepts a decimal comma or point, an optional thousands separator is NOT
//   accepted ("1.000" is read as 1, so write 1000), surrounding spaces and a trailing "%" with or
//   without a space. It returns nullopt for text it does not understand; the caller names the cell.
// - Percentages are stored as fractions (10% -> 0.10), as Excel stores a cell formatted as %.
// - Relative changes are stored as fractions too (+5% -> 0.05); "base" is a relative change of 0.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "readers/cell.hpp"

namespace kib {

enum class kpi_kind {
    empty,         // blank cell
    number,        // plain figure: 6.0, 10
    percent,       // 10% (value 0.10)
    relative,      // +5% against the baseline (value 0.05)
    baseline,      // "base": the baseline a relative KPI is measured against (value 0)
    duration,      // "3jr" (value in years) or "6mnd" (value in years: 0.5)
    at_least,      // "50+" (value 50): a threshold
    not_measured,  // "n.m.": not measured in this period
    in_design,     // "ontw.": the thing measured is still being designed
    pilot,         // "pilot": only a pilot runs, no figure yet
};

const char* to_string(kpi_kind k) noexcept;  // "empty", "number", "percent", …

struct kpi_value {
    kpi_kind kind = kpi_kind::empty;
    double value = 0.0;  // meaningful for number, percent, relative, baseline, duration, at_least
    std::string text;    // what the source said, for messages and echoing back

    // True for kinds that carry a figure (including baseline).
    bool has_figure() const noexcept;
    // Dutch display form as a programme office writes it: "10%", "6,0", "+5%", "3 jr", "50+", "n.m.".
    std::string display() const;

    friend bool operator==(const kpi_value&, const kpi_value&) = default;
};

// Parses the text forms listed above. nullopt when the text is none of them.
std::optional<kpi_value> parse_kpi_value(std::string_view text);

// Reads a cell. A number cell in a KPI whose unit is "%" is a fraction (0.1 = 10%), as Excel
// stores percentages; elsewhere a number cell is a plain number. Text goes through
// parse_kpi_value(); a plain number typed as text in a "%" KPI is read as percentage points
// when above 1 ("12" -> 12%) and as a fraction otherwise ("0,12" -> 12%).
// nullopt when the text is not understood.
std::optional<kpi_value> kpi_value_from_cell(const cell_value& v, bool percent_unit);

// Dutch number formatting with a decimal comma and at most `decimals` decimals, trailing
// zeros kept to `min_decimals`: format_dutch(6.0, 1, 1) == "6,0", format_dutch(0.125, 3) == "0,125".
std::string format_dutch(double v, int decimals, int min_decimals = 0);

}  // namespace kib
