#include "writers/chart.hpp"

#include <cmath>

#include "readers/error.hpp"

namespace kib {

namespace {

constexpr std::string_view ns_c = "http://schemas.openxmlformats.org/drawingml/2006/chart";
constexpr std::string_view ns_a = "http://schemas.openxmlformats.org/drawingml/2006/main";
constexpr std::string_view ns_r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

[[noreturn]] void bad_spec(std::string_view where, std::string msg, std::string hint) {
    location loc;
    loc.where = std::string(where);
    throw error(error_category::bad_input, std::move(loc), std::move(msg), std::move(hint));
}

bool is_bar(chart_kind k) { return k == chart_kind::column || k == chart_kind::bar; }
bool is_radar(chart_kind k) { return k == chart_kind::radar || k == chart_kind::radar_filled; }

}  // namespace

void validate(const chart_spec& spec, std::string_view where) {
    const std::string chart_name = spec.title.empty() ? std::string(where) : std::string(where) + " '" + spec.title + "'";
    if (spec.series.empty())
        bad_spec(chart_name, "the chart has no series", "add at least one chart_series with values");
    if (spec.value_min && spec.value_max && !(*spec.value_min < *spec.value_max))
        bad_spec(chart_name, "the value axis minimum is not below its maximum", "swap or remove value_min/value_max");
    for (std::size_t i = 0; i < spec.series.size(); ++i) {
        const chart_series& s = spec.series[i];
        const std::string sw = chart_name + ", series " + std::to_string(i + 1) + (s.name.empty() ? "" : " '" + s.name + "'");
        if (s.values.empty()) bad_spec(sw, "the series has no values", "fill chart_series::values (the cached values)");
        for (double v : s.values)
            if (std::isinf(v)) bad_spec(sw, "the series has an infinite value", "use NaN for a missing value");
        if (!s.categories.empty() && s.categories.size() != s.values.size())
            bad_spec(sw,
                     "the series has " + std::to_string(s.values.size()) + " values but " +
                         std::to_string(s.categories.size()) + " categories",
                     "give one category label per value");
        if (!s.color.empty() && !detail::is_rgb_hex(s.color))
            bad_spec(sw, "colour '" + s.color + "' is not six hex digits", "write colours as RRGGBB, e.g. 2E75B6");
    }
}

namespace writers::chart {

using detail::xml_emit;

std::string_view default_series_color(std::size_t index) noexcept {
    static constexpr std::string_view palette[] = {"4472C4", "ED7D31", "A5A5A5", "FFC000", "5B9BD5", "70AD47"};
    return palette[index % std::size(palette)];
}

void write_lang(xml_emit& w, std::string_view lang) { w.empty("c:lang", {{"val", std::string(lang)}}); }

void write_title(xml_emit& w, std::string_view text, std::string_view lang, bool rotated) {
    w.start("c:title");
    w.start("c:tx");
    w.start("c:rich");
    if (rotated)
        w.empty("a:bodyPr", {{"rot", "-5400000"}, {"vert", "horz"}});
    else
        w.empty("a:bodyPr");
    w.empty("a:lstStyle");
    w.start("a:p");
    w.start("a:pPr");
    w.empty("a:defRPr");
    w.end("a:pPr");
    w.start("a:r");
    w.empty("a:rPr", {{"lang", std::string(lang)}});
    w.data("a:t", text);
    w.end("a:r");
    w.end("a:p");
    w.end("c:rich");
    w.end("c:tx");
    w.empty("c:overlay", {{"val", "0"}});
    w.end("c:title");
}

void write_str_points(xml_emit& w, std::string_view element, const std::vector<std::string>& pts) {
    w.start(element);
    w.empty("c:ptCount", {{"val", std::to_string(pts.size())}});
    for (std::size_t i = 0; i < pts.size(); ++i) {
        w.start("c:pt", {{"idx", std::to_string(i)}});
        w.data("c:v", pts[i]);
        w.end("c:pt");
    }
    w.end(element);
}

void write_num_points(xml_emit& w, std::string_view element, const std::vector<double>& pts, std::string_view format) {
    w.start(element);
    w.data("c:formatCode", format);
    w.empty("c:ptCount", {{"val", std::to_string(pts.size())}});
    for (std::size_t i = 0; i < pts.size(); ++i) {
        if (std::isnan(pts[i])) continue;  // a gap: no point at all
        w.start("c:pt", {{"idx", std::to_string(i)}});
        w.data("c:v", detail::xml_number(pts[i]));
        w.end("c:pt");
    }
    w.end(element);
}

void write_series_tx(xml_emit& w, const chart_series& s) {
    w.start("c:tx");
    if (!s.name_ref.empty()) {
        w.start("c:strRef");
        w.data("c:f", s.name_ref);
        write_str_points(w, "c:strCache", {s.name});
        w.end("c:strRef");
    } else {
        w.data("c:v", s.name);
    }
    w.end("c:tx");
}

void write_series_sp_pr(xml_emit& w, std::string_view rgb, bool as_line) {
    const std::string color = detail::upper_hex(rgb);
    w.start("c:spPr");
    if (as_line) {
        w.start("a:ln", {{"w", "28575"}, {"cap", "rnd"}});
        w.start("a:solidFill");
        w.empty("a:srgbClr", {{"val", color}});
        w.end("a:solidFill");
        w.empty("a:round");
        w.end("a:ln");
    } else {
        w.start("a:solidFill");
        w.empty("a:srgbClr", {{"val", color}});
        w.end("a:solidFill");
    }
    w.end("c:spPr");
}

void write_cat(xml_emit& w, const chart_series& s) {
    w.start("c:cat");
    if (!s.categories_ref.empty()) {
        w.start("c:strRef");
        w.data("c:f", s.categories_ref);
        write_str_points(w, "c:strCache", s.categories);
        w.end("c:strRef");
    } else {
        write_str_points(w, "c:strLit", s.categories);
    }
    w.end("c:cat");
}

void write_val(xml_emit& w, const chart_series& s, std::string_view format) {
    w.start("c:val");
    if (!s.values_ref.empty()) {
        w.start("c:numRef");
        w.data("c:f", s.values_ref);
        write_num_points(w, "c:numCache", s.values, format);
        w.end("c:numRef");
    } else {
        write_num_points(w, "c:numLit", s.values, format);
    }
    w.end("c:val");
}

void write_ser(xml_emit& w, const chart_spec& spec, const chart_series& s, std::size_t index) {
    const std::string i = std::to_string(index);
    w.start("c:ser");
    w.empty("c:idx", {{"val", i}});
    w.empty("c:order", {{"val", i}});
    write_series_tx(w, s);
    const bool as_line = spec.kind == chart_kind::line || spec.kind == chart_kind::radar;
    // Always an explicit colour: LibreOffice derives "automatic" series colours from the theme
    // part, and a package without one would show invisible (unfilled) series.
    const std::string color = s.color.empty() ? std::string(default_series_color(index)) : s.color;
    write_series_sp_pr(w, color, as_line);
    if (is_bar(spec.kind)) w.empty("c:invertIfNegative", {{"val", "0"}});
    if (as_line) {
        // Markers in the series colour (otherwise viewers pick their own, unlike the line).
        w.start("c:marker");
        w.empty("c:symbol", {{"val", "circle"}});
        w.empty("c:size", {{"val", "6"}});
        w.start("c:spPr");
        w.start("a:solidFill");
        w.empty("a:srgbClr", {{"val", detail::upper_hex(color)}});
        w.end("a:solidFill");
        w.end("c:spPr");
        w.end("c:marker");
    }
    if (!s.categories.empty() || !s.categories_ref.empty()) write_cat(w, s);
    write_val(w, s, spec.value_format);
    if (spec.kind == chart_kind::line) w.empty("c:smooth", {{"val", "0"}});
    w.end("c:ser");
}

void write_type_chart(xml_emit& w, const chart_spec& spec) {
    const char* element = is_bar(spec.kind) ? "c:barChart" : spec.kind == chart_kind::line ? "c:lineChart" : "c:radarChart";
    w.start(element);
    if (is_bar(spec.kind)) {
        w.empty("c:barDir", {{"val", spec.kind == chart_kind::bar ? "bar" : "col"}});
        w.empty("c:grouping", {{"val", "clustered"}});
    } else if (spec.kind == chart_kind::line) {
        w.empty("c:grouping", {{"val", "standard"}});
    } else {
        w.empty("c:radarStyle", {{"val", spec.kind == chart_kind::radar_filled ? "filled" : "marker"}});
    }
    w.empty("c:varyColors", {{"val", "0"}});
    for (std::size_t i = 0; i < spec.series.size(); ++i) write_ser(w, spec, spec.series[i], i);
    if (is_bar(spec.kind)) w.empty("c:gapWidth", {{"val", "150"}});
    if (spec.kind == chart_kind::line) w.empty("c:marker", {{"val", "1"}});
    w.empty("c:axId", {{"val", std::to_string(category_axis_id)}});
    w.empty("c:axId", {{"val", std::to_string(value_axis_id)}});
    w.end(element);
}

void write_cat_ax(xml_emit& w, const chart_spec& spec) {
    w.start("c:catAx");
    w.empty("c:axId", {{"val", std::to_string(category_axis_id)}});
    w.start("c:scaling");
    // Horizontal bars list the first category at the top, as people read a table.
    w.empty("c:orientation", {{"val", spec.kind == chart_kind::bar ? "maxMin" : "minMax"}});
    w.end("c:scaling");
    w.empty("c:delete", {{"val", "0"}});
    w.empty("c:axPos", {{"val", spec.kind == chart_kind::bar ? "l" : "b"}});
    if (is_radar(spec.kind)) w.empty("c:majorGridlines");
    if (!spec.category_axis_title.empty())
        write_title(w, spec.category_axis_title, spec.lang, spec.kind == chart_kind::bar);
    w.empty("c:numFmt", {{"formatCode", "General"}, {"sourceLinked", "1"}});
    w.empty("c:majorTickMark", {{"val", is_radar(spec.kind) ? "none" : "out"}});
    w.empty("c:minorTickMark", {{"val", "none"}});
    w.empty("c:tickLblPos", {{"val", "nextTo"}});
    w.empty("c:crossAx", {{"val", std::to_string(value_axis_id)}});
    w.empty("c:crosses", {{"val", "autoZero"}});
    w.empty("c:auto", {{"val", "1"}});
    w.empty("c:lblAlgn", {{"val", "ctr"}});
    w.empty("c:lblOffset", {{"val", "100"}});
    w.empty("c:noMultiLvlLbl", {{"val", "0"}});
    w.end("c:catAx");
}

void write_val_ax(xml_emit& w, const chart_spec& spec) {
    w.start("c:valAx");
    w.empty("c:axId", {{"val", std::to_string(value_axis_id)}});
    w.start("c:scaling");
    w.empty("c:orientation", {{"val", "minMax"}});
    if (spec.value_max) w.empty("c:max", {{"val", detail::xml_number(*spec.value_max)}});
    if (spec.value_min) w.empty("c:min", {{"val", detail::xml_number(*spec.value_min)}});
    w.end("c:scaling");
    w.empty("c:delete", {{"val", "0"}});
    w.empty("c:axPos", {{"val", spec.kind == chart_kind::bar ? "b" : "l"}});
    w.empty("c:majorGridlines");
    if (!spec.value_axis_title.empty())
        write_title(w, spec.value_axis_title, spec.lang, spec.kind != chart_kind::bar && !is_radar(spec.kind));
    w.empty("c:numFmt", {{"formatCode", spec.value_format}, {"sourceLinked", "0"}});
    w.empty("c:majorTickMark", {{"val", is_radar(spec.kind) ? "cross" : "out"}});
    w.empty("c:minorTickMark", {{"val", "none"}});
    w.empty("c:tickLblPos", {{"val", "nextTo"}});
    w.empty("c:crossAx", {{"val", std::to_string(category_axis_id)}});
    w.empty("c:crosses", {{"val", spec.kind == chart_kind::bar ? "max" : "autoZero"}});
    w.empty("c:crossBetween", {{"val", "between"}});
    w.end("c:valAx");
}

void write_plot_area(xml_emit& w, const chart_spec& spec) {
    w.start("c:plotArea");
    w.empty("c:layout");
    write_type_chart(w, spec);
    write_cat_ax(w, spec);
    write_val_ax(w, spec);
    w.end("c:plotArea");
}

void write_legend(xml_emit& w, legend_position pos) {
    const char* p = "r";
    switch (pos) {
        case legend_position::none: return;
        case legend_position::right: p = "r"; break;
        case legend_position::bottom: p = "b"; break;
        case legend_position::top: p = "t"; break;
        case legend_position::left: p = "l"; break;
    }
    w.start("c:legend");
    w.empty("c:legendPos", {{"val", p}});
    w.empty("c:overlay", {{"val", "0"}});
    w.end("c:legend");
}

void write_chart(xml_emit& w, const chart_spec& spec) {
    w.start("c:chart");
    if (!spec.title.empty()) write_title(w, spec.title, spec.lang, false);
    w.empty("c:autoTitleDeleted", {{"val", spec.title.empty() ? "1" : "0"}});
    write_plot_area(w, spec);
    write_legend(w, spec.legend);
    w.empty("c:plotVisOnly", {{"val", "1"}});
    w.empty("c:dispBlanksAs", {{"val", "gap"}});
    w.end("c:chart");
}

void write_external_data(xml_emit& w, std::string_view rel_id) {
    w.start("c:externalData", {{"r:id", std::string(rel_id)}});
    w.empty("c:autoUpdate", {{"val", "0"}});
    w.end("c:externalData");
}

std::string write_chart_part(const chart_spec& spec) {
    validate(spec, "chart");
    std::string out;
    xml_emit w(out);
    w.declaration();
    w.start("c:chartSpace", {{"xmlns:c", std::string(ns_c)}, {"xmlns:a", std::string(ns_a)}, {"xmlns:r", std::string(ns_r)}});
    w.empty("c:date1904", {{"val", "0"}});
    write_lang(w, spec.lang);
    w.empty("c:roundedCorners", {{"val", "0"}});
    write_chart(w, spec);
    if (!spec.external_data_rel_id.empty()) write_external_data(w, spec.external_data_rel_id);
    w.end("c:chartSpace");
    return out;
}

}  // namespace writers::chart
}  // namespace kib
