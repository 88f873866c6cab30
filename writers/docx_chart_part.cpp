#include "writers/docx_chart_part.hpp"

#include <cmath>
#include <cstdio>

#include "readers/error.hpp"

namespace kib {
inline namespace docx_chart_types {
namespace {

std::string esc(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '&') out += "&amp;";
        else if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else if (c == '"') out += "&quot;";
        else if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n') out.push_back(c);
    }
    return out;
}

std::string number(double v) {
    if (!std::isfinite(v)) return "0";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.15g", v);
    return buf;
}

// Excel column letter of the series' column in the (absent) data sheet: B, C, …
std::string column(std::size_t i) {
    std::string s;
    for (std::size_t n = i + 1; n > 0; n = (n - 1) / 26) s.insert(s.begin(), static_cast<char>('A' + (n - 1) % 26));
    return s;
}

// <c:tx>: the series name, with its cached value
std::string series_name(const chart_series& s, std::size_t i) {
    return "<c:tx><c:strRef><c:f>Blad1!$" + column(i + 1) + "$1</c:f><c:strCache><c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>" +
           esc(s.name) + "</c:v></c:pt></c:strCache></c:strRef></c:tx>";
}

// <c:cat>: the category labels, cached
std::string categories(const chart_spec& spec) {
    const std::string n = std::to_string(spec.categories.size());
    std::string out = "<c:cat><c:strRef><c:f>Blad1!$A$2:$A$" + std::to_string(spec.categories.size() + 1) +
                      "</c:f><c:strCache><c:ptCount val=\"" + n + "\"/>";
    for (std::size_t k = 0; k < spec.categories.size(); ++k)
        out += "<c:pt idx=\"" + std::to_string(k) + "\"><c:v>" + esc(spec.categories[k]) + "</c:v></c:pt>";
    return out + "</c:strCache></c:strRef></c:cat>";
}

// <c:val>: the values, cached
std::string values(const chart_series& s, std::size_t i) {
    const std::string col = column(i + 1);
    std::string out = "<c:val><c:numRef><c:f>Blad1!$" + col + "$2:$" + col + "$" + std::to_string(s.values.size() + 1) +
                      "</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val=\"" + std::to_string(s.values.size()) + "\"/>";
    for (std::size_t k = 0; k < s.values.size(); ++k)
        out += "<c:pt idx=\"" + std::to_string(k) + "\"><c:v>" + number(s.values[k]) + "</c:v></c:pt>";
    return out + "</c:numCache></c:numRef></c:val>";
}

// <c:title>: a rich-text chart title
std::string title(const std::string& text) {
    return "<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"1400\" b=\"1\"/></a:pPr><a:r><a:rPr lang=\"nl-NL\" sz=\"1400\" b=\"1\"/><a:t>" +
           esc(text) + "</a:t></a:r></a:p></c:rich></c:tx><c:overlay val=\"0\"/></c:title><c:autoTitleDeleted val=\"0\"/>";
}

const char* palette[] = {"2F5496", "C55A11", "548235", "BF9000", "7030A0", "2E75B6"};

}  // namespace

std::string write_chart_part(const chart_spec& spec) {
    if (spec.categories.empty())
        throw error(error_category::bad_input, location{{}, "chart", spec.title, 0, 0}, "a chart needs at least one category",
                    "pass the category labels");
    for (const auto& s : spec.series)
        if (s.values.size() != spec.categories.size())
            throw error(error_category::bad_input, location{{}, "chart", spec.title, 0, 0},
                        "series \"" + s.name + "\" has " + std::to_string(s.values.size()) + " values for " +
                            std::to_string(spec.categories.size()) + " categories",
                        "give every series one value per category");
    const bool radar = spec.kind == chart_kind::radar;
    std::string x =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<c:chartSpace xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" "
        "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        "<c:date1904 val=\"0\"/><c:lang val=\"nl-NL\"/><c:roundedCorners val=\"0\"/><c:chart>";
    if (!spec.title.empty()) x += title(spec.title);
    else x += "<c:autoTitleDeleted val=\"1\"/>";
    x += "<c:plotArea><c:layout/>";
    x += radar ? "<c:radarChart><c:radarStyle val=\"marker\"/><c:varyColors val=\"0\"/>"
               : "<c:barChart><c:barDir val=\"col\"/><c:grouping val=\"clustered\"/><c:varyColors val=\"0\"/>";
    for (std::size_t i = 0; i < spec.series.size(); ++i) {
        const std::string color = palette[i % (sizeof palette / sizeof *palette)];
        x += "<c:ser><c:idx val=\"" + std::to_string(i) + "\"/><c:order val=\"" + std::to_string(i) + "\"/>" + series_name(spec.series[i], i);
        if (radar)
            x += "<c:spPr><a:ln w=\"28575\"><a:solidFill><a:srgbClr val=\"" + color + "\"/></a:solidFill></a:ln></c:spPr>"
                 "<c:marker><c:symbol val=\"circle\"/><c:size val=\"5\"/></c:marker>";
        else
            x += "<c:spPr><a:solidFill><a:srgbClr val=\"" + color + "\"/></a:solidFill></c:spPr><c:invertIfNegative val=\"0\"/>";
        x += categories(spec) + values(spec.series[i], i);
        if (radar) x += "<c:smooth val=\"0\"/>";
        x += "</c:ser>";
    }
    if (!radar) x += "<c:gapWidth val=\"150\"/>";
    x += "<c:axId val=\"111\"/><c:axId val=\"222\"/>";
    x += radar ? "</c:radarChart>" : "</c:barChart>";
    x += "<c:catAx><c:axId val=\"111\"/><c:scaling><c:orientation val=\"minMax\"/></c:scaling><c:delete val=\"0\"/>"
         "<c:axPos val=\"b\"/><c:numFmt formatCode=\"General\" sourceLinked=\"1\"/><c:majorTickMark val=\"out\"/><c:minorTickMark val=\"none\"/>"
         "<c:tickLblPos val=\"nextTo\"/><c:crossAx val=\"222\"/><c:crosses val=\"autoZero\"/><c:auto val=\"1\"/><c:lblAlgn val=\"ctr\"/>"
         "<c:lblOffset val=\"100\"/><c:noMultiLvlLbl val=\"0\"/></c:catAx>";
    x += "<c:valAx><c:axId val=\"222\"/><c:scaling><c:orientation val=\"minMax\"/>";
    if (spec.axis_max > 0) x += "<c:max val=\"" + number(spec.axis_max) + "\"/><c:min val=\"0\"/>";
    x += "</c:scaling><c:delete val=\"0\"/><c:axPos val=\"l\"/><c:majorGridlines/><c:numFmt formatCode=\"General\" sourceLinked=\"1\"/>"
         "<c:majorTickMark val=\"" + std::string(radar ? "cross" : "out") + "\"/><c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/>"
         "<c:crossAx val=\"111\"/><c:crosses val=\"autoZero\"/><c:crossBetween val=\"between\"/>";
    if (spec.axis_max > 0) x += "<c:majorUnit val=\"1\"/>";
    x += "</c:valAx></c:plotArea><c:legend><c:legendPos val=\"b\"/><c:overlay val=\"0\"/></c:legend><c:plotVisOnly val=\"1\"/>"
         "<c:dispBlanksAs val=\"gap\"/></c:chart></c:chartSpace>";
    return x;
}

}  // namespace docx_chart_types
}  // namespace kib
