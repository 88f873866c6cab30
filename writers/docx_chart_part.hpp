// kib::write_chart_part — a DrawingML chart part (c:chartSpace) for Word reports: bar and radar
// charts with cached category and value data, so Word and LibreOffice draw them without an
// embedded workbook. (A minimal writer of its own: the workbook writer's chart code was not on
// main when this was written; the two can merge later.)
#pragma once

#include <string>
#include <vector>

namespace kib {
// Inline namespace: writers/chart.hpp (workbook charts) has its own kib::chart_spec and
// kib::chart_series; this keeps the two apart at link time (one definition rule).
inline namespace docx_chart_types {

enum class chart_kind { bar, radar };

struct chart_series {
    std::string name;
    std::vector<double> values;  // one per category
};

struct chart_spec {
    chart_kind kind = chart_kind::bar;
    std::string title;
    std::vector<std::string> categories;
    std::vector<chart_series> series;
    double axis_max = 0;  // 0: automatic; e.g. 5 for a 1-5 maturity scale
};

// The chart part's XML. Throws kib::error(bad_input) when a series has a different number of
// values than there are categories, or when there are no categories.
std::string write_chart_part(const chart_spec& spec);

}  // namespace docx_chart_types
}  // namespace kib
