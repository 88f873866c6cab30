// Chart part writer: one DrawingML chart part (c:chartSpace, e.g. xl/charts/chart1.xml or
// word/charts/chart1.xml) from a chart_spec.
//
// Contract:
// - The writer knows nothing about workbooks: a series refers to sheet ranges by formula text
//   ("Pijlers!$B$2:$B$6") AND carries the cached values, so viewers that do not recalculate
//   (Word, previewers, LibreOffice before its first recalc) show the numbers. With empty refs
//   it writes literal data (c:strLit / c:numLit) — for a DOCX chart without embedded workbook.
// - Kinds: clustered column, clustered bar (horizontal), line with markers, radar (lines with
//   markers) and filled radar. Titles, axis titles and legend position are optional.
// - validate() (called by write_chart_part) throws kib::error (bad_input) naming the chart and
//   series for a spec no viewer would render: no series, values and categories of unequal
//   length, a colour that is not RRGGBB, a non-finite value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "writers/xml_emit.hpp"

namespace kib {

enum class chart_kind : std::uint8_t {
    column,        // clustered vertical bars
    bar,           // clustered horizontal bars
    line,          // lines with markers
    radar,         // radar: lines with markers
    radar_filled,  // radar: filled areas
};

enum class legend_position : std::uint8_t { none, right, bottom, top, left };

struct chart_series {
    std::string name;                     // legend text (the cache of name_ref)
    std::string name_ref;                 // "Pijlers!$B$1", or "" to write the name literally
    std::vector<std::string> categories;  // category labels (the cache of categories_ref)
    std::string categories_ref;           // "Pijlers!$A$2:$A$6", or "" for literal labels
    std::vector<double> values;           // NaN = no value (a gap)
    std::string values_ref;               // "Pijlers!$B$2:$B$6", or "" for literal values
    std::string color;                    // "RRGGBB", or "" for default_series_color(index)
};

struct chart_spec {
    chart_kind kind = chart_kind::column;
    std::string title;                 // "" = no title
    std::string category_axis_title;   // "" = none
    std::string value_axis_title;      // "" = none
    std::string value_format = "General";  // value axis number format, e.g. "0%", "0.0"
    std::optional<double> value_min, value_max;  // fixed value axis bounds
    legend_position legend = legend_position::bottom;
    std::vector<chart_series> series;
    std::string lang = "nl-NL";
    std::string external_data_rel_id;  // DOCX: r:id of the embedded workbook, "" for none
};

// Throws kib::error (bad_input) when the spec cannot be written; `where` names it in messages.
void validate(const chart_spec& spec, std::string_view where);

namespace writers::chart {

// The whole part: XML declaration + <c:chartSpace>.
std::string write_chart_part(const chart_spec& spec);

// Element writers (one per element; public so tests can check each one's exact XML).
// <c:lang val="nl-NL"/>
void write_lang(detail::xml_emit& w, std::string_view lang);
// <c:title> with rich text; rotated for a vertical axis title.
void write_title(detail::xml_emit& w, std::string_view text, std::string_view lang, bool rotated);
// <c:tx> of a series: <c:strRef> with cache, or <c:v>.
void write_series_tx(detail::xml_emit& w, const chart_series& s);
// <c:spPr> colouring a series: fill for bars/filled radar, line for line/radar.
void write_series_sp_pr(detail::xml_emit& w, std::string_view rgb, bool as_line);
// <c:cat>: <c:strRef> + <c:strCache>, or <c:strLit>.
void write_cat(detail::xml_emit& w, const chart_series& s);
// <c:val>: <c:numRef> + <c:numCache>, or <c:numLit>.
void write_val(detail::xml_emit& w, const chart_series& s, std::string_view format);
// <c:strCache> / <c:strLit> body: ptCount and pt elements.
void write_str_points(detail::xml_emit& w, std::string_view element, const std::vector<std::string>& pts);
// <c:numCache> / <c:numLit> body: formatCode, ptCount, and a pt per finite value.
void write_num_points(detail::xml_emit& w, std::string_view element, const std::vector<double>& pts,
                      std::string_view format);
// <c:ser> of any kind.
void write_ser(detail::xml_emit& w, const chart_spec& spec, const chart_series& s, std::size_t index);
// <c:barChart> / <c:lineChart> / <c:radarChart> with their series and axis ids.
void write_type_chart(detail::xml_emit& w, const chart_spec& spec);
// <c:catAx>.
void write_cat_ax(detail::xml_emit& w, const chart_spec& spec);
// <c:valAx>.
void write_val_ax(detail::xml_emit& w, const chart_spec& spec);
// <c:plotArea>.
void write_plot_area(detail::xml_emit& w, const chart_spec& spec);
// <c:legend>.
void write_legend(detail::xml_emit& w, legend_position pos);
// <c:chart>.
void write_chart(detail::xml_emit& w, const chart_spec& spec);
// <c:externalData r:id=…><c:autoUpdate val="0"/></c:externalData>.
void write_external_data(detail::xml_emit& w, std::string_view rel_id);

// The colour of series `index` when it has none: Office's accent colours, in order.
std::string_view default_series_color(std::size_t index) noexcept;

// Axis ids used in every chart (axes are scoped to their chart, so reuse is fine).
constexpr std::uint32_t category_axis_id = 50010001;
constexpr std::uint32_t value_axis_id = 50010002;

}  // namespace writers::chart

// Content type and relationship type of a chart part, for packagers.
inline constexpr std::string_view chart_content_type = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml";
inline constexpr std::string_view chart_rel_type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart";
// Relationship type from a chart part to its embedded workbook (DOCX/PPTX charts).
inline constexpr std::string_view package_rel_type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package";

}  // namespace kib
