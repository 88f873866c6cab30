#include "writers/styles_part.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "readers/error.hpp"

namespace kib::writers::styles {

namespace {

[[noreturn]] void bad_style(std::string msg, std::string hint) {
    location loc;
    loc.where = "cell_style";
    throw error(error_category::bad_input, std::move(loc), std::move(msg), std::move(hint));
}

void check_color(const std::string& c, const char* field) {
    if (!c.empty() && !detail::is_rgb_hex(c))
        bad_style(std::string(field) + " '" + c + "' is not a colour", "write colours as six hex digits RRGGBB, e.g. C00000");
}

const char* border_name(border_line b) {
    switch (b) {
        case border_line::none: return "";
        case border_line::thin: return "thin";
        case border_line::medium: return "medium";
        case border_line::thick: return "thick";
        case border_line::dashed: return "dashed";
        case border_line::dotted: return "dotted";
        case border_line::double_line: return "double";
    }
    return "";
}

// A style's font, as a key for deduplication.
struct font_key {
    bool bold, italic, underline;
    std::string color, name;
    double size;
    auto operator<=>(const font_key&) const = default;
};
font_key font_of(const cell_style& s) { return {s.bold, s.italic, s.underline, s.font_color, s.font_name, s.font_size}; }

std::string argb(std::string_view rgb) { return "FF" + detail::upper_hex(rgb); }

// Returns the index of key in list, appending it when new.
template <class T>
std::uint32_t index_of(std::vector<T>& list, const T& key) {
    auto it = std::find(list.begin(), list.end(), key);
    if (it != list.end()) return static_cast<std::uint32_t>(it - list.begin());
    list.push_back(key);
    return static_cast<std::uint32_t>(list.size() - 1);
}

}  // namespace

std::uint32_t style_table::add(const cell_style& s) {
    auto it = std::find(xfs_.begin(), xfs_.end(), s);
    if (it != xfs_.end()) return static_cast<std::uint32_t>(it - xfs_.begin());
    check_color(s.font_color, "font_color");
    check_color(s.fill_color, "fill_color");
    check_color(s.border_color, "border_color");
    if (!(s.font_size >= 0 && s.font_size <= 409)) bad_style("font size out of range", "use 1 to 409 points, or 0 for 11");
    if (s.number_format.size() > 255)
        bad_style("number format longer than 255 characters", "Excel accepts format codes of at most 255 characters");
    if (xfs_.size() >= 64000) bad_style("more than 64,000 distinct cell styles", "reuse styles");
    xfs_.push_back(s);
    return static_cast<std::uint32_t>(xfs_.size() - 1);
}

int builtin_num_fmt_id(std::string_view code) noexcept {
    static constexpr std::pair<std::string_view, int> builtins[] = {
        {"General", 0}, {"0", 1},  {"0.00", 2},  {"#,##0", 3},     {"#,##0.00", 4},
        {"0%", 9},      {"0.00%", 10}, {"0.00E+00", 11}, {"# ?/?", 12}, {"# \?\?/\?\?", 13}, {"@", 49}};
    if (code.empty()) return 0;
    for (const auto& [c, id] : builtins)
        if (c == code) return id;
    return -1;
}

void write_num_fmt(detail::xml_emit& w, std::uint32_t id, std::string_view code) {
    w.empty("numFmt", {{"numFmtId", std::to_string(id)}, {"formatCode", std::string(code)}});
}

void write_font(detail::xml_emit& w, const cell_style& s) {
    w.start("font");
    if (s.bold) w.empty("b");
    if (s.italic) w.empty("i");
    if (s.underline) w.empty("u");
    w.empty("sz", {{"val", detail::xml_number(s.font_size > 0 ? s.font_size : 11.0)}});
    if (!s.font_color.empty()) w.empty("color", {{"rgb", argb(s.font_color)}});
    w.empty("name", {{"val", s.font_name.empty() ? std::string("Calibri") : s.font_name}});
    w.empty("family", {{"val", "2"}});
    w.end("font");
}

void write_fill(detail::xml_emit& w, std::string_view pattern, std::string_view rgb) {
    w.start("fill");
    if (rgb.empty()) {
        w.empty("patternFill", {{"patternType", std::string(pattern)}});
    } else {
        w.start("patternFill", {{"patternType", std::string(pattern)}});
        w.empty("fgColor", {{"rgb", argb(rgb)}});
        w.empty("bgColor", {{"indexed", "64"}});
        w.end("patternFill");
    }
    w.end("fill");
}

void write_border(detail::xml_emit& w, border_line line, std::string_view rgb) {
    w.start("border");
    for (const char* side : {"left", "right", "top", "bottom"}) {
        if (line == border_line::none) {
            w.empty(side);
            continue;
        }
        w.start(side, {{"style", border_name(line)}});
        if (rgb.empty())
            w.empty("color", {{"indexed", "64"}});
        else
            w.empty("color", {{"rgb", argb(rgb)}});
        w.end(side);
    }
    w.empty("diagonal");
    w.end("border");
}

void write_alignment(detail::xml_emit& w, const cell_style& s) {
    detail::xml_attrs a;
    switch (s.horizontal) {
        case h_align::general: break;
        case h_align::left: a.emplace_back("horizontal", "left"); break;
        case h_align::center: a.emplace_back("horizontal", "center"); break;
        case h_align::right: a.emplace_back("horizontal", "right"); break;
        case h_align::justify: a.emplace_back("horizontal", "justify"); break;
    }
    switch (s.vertical) {
        case v_align::bottom: break;
        case v_align::center: a.emplace_back("vertical", "center"); break;
        case v_align::top: a.emplace_back("vertical", "top"); break;
    }
    if (s.wrap) a.emplace_back("wrapText", "1");
    w.empty("alignment", a);
}

void write_xf(detail::xml_emit& w, const cell_style& s, std::uint32_t num_fmt, std::uint32_t font, std::uint32_t fill,
              std::uint32_t border) {
    detail::xml_attrs a{{"numFmtId", std::to_string(num_fmt)},
                        {"fontId", std::to_string(font)},
                        {"fillId", std::to_string(fill)},
                        {"borderId", std::to_string(border)},
                        {"xfId", "0"}};
    if (num_fmt != 0) a.emplace_back("applyNumberFormat", "1");
    if (font != 0) a.emplace_back("applyFont", "1");
    if (fill != 0) a.emplace_back("applyFill", "1");
    if (border != 0) a.emplace_back("applyBorder", "1");
    const bool align = s.horizontal != h_align::general || s.vertical != v_align::bottom || s.wrap;
    if (!align) {
        w.empty("xf", a);
        return;
    }
    a.emplace_back("applyAlignment", "1");
    w.start("xf", a);
    write_alignment(w, s);
    w.end("xf");
}

std::string write_part(const style_table& t) {
    // Deduplicate the pieces; index 0 of each list is the default, fills 0/1 are required.
    std::vector<font_key> fonts{font_of(cell_style{})};
    std::vector<std::string> fills{"", "gray125"};  // fill colours; "" none, "gray125" the required pattern
    std::vector<std::pair<border_line, std::string>> borders{{border_line::none, ""}};
    std::vector<std::pair<std::string, std::uint32_t>> custom_fmts;
    struct xf_ids {
        std::uint32_t num_fmt, font, fill, border;
    };
    std::vector<xf_ids> ids;
    std::vector<const cell_style*> font_styles{&t.xfs()[0]};
    for (const cell_style& s : t.xfs()) {
        xf_ids x{};
        const int builtin = builtin_num_fmt_id(s.number_format);
        if (builtin >= 0) {
            x.num_fmt = static_cast<std::uint32_t>(builtin);
        } else {
            auto it = std::find_if(custom_fmts.begin(), custom_fmts.end(), [&](const auto& p) { return p.first == s.number_format; });
            if (it == custom_fmts.end()) {
                custom_fmts.emplace_back(s.number_format, static_cast<std::uint32_t>(164 + custom_fmts.size()));
                it = custom_fmts.end() - 1;
            }
            x.num_fmt = it->second;
        }
        const std::size_t before = fonts.size();
        x.font = index_of(fonts, font_of(s));
        if (fonts.size() != before) font_styles.push_back(&s);
        x.fill = s.fill_color.empty() ? 0 : index_of(fills, detail::upper_hex(s.fill_color));
        x.border = s.border == border_line::none ? 0 : index_of(borders, std::make_pair(s.border, detail::upper_hex(s.border_color)));
        ids.push_back(x);
    }

    std::string out;
    detail::xml_emit w(out);
    w.declaration();
    w.start("styleSheet", {{"xmlns", "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}});
    if (!custom_fmts.empty()) {
        w.start("numFmts", {{"count", std::to_string(custom_fmts.size())}});
        for (const auto& [code, id] : custom_fmts) write_num_fmt(w, id, code);
        w.end("numFmts");
    }
    w.start("fonts", {{"count", std::to_string(fonts.size())}});
    for (const cell_style* s : font_styles) write_font(w, *s);
    w.end("fonts");
    w.start("fills", {{"count", std::to_string(fills.size())}});
    write_fill(w, "none", "");
    write_fill(w, "gray125", "");
    for (std::size_t i = 2; i < fills.size(); ++i) write_fill(w, "solid", fills[i]);
    w.end("fills");
    w.start("borders", {{"count", std::to_string(borders.size())}});
    for (const auto& [line, rgb] : borders) write_border(w, line, rgb);
    w.end("borders");
    w.start("cellStyleXfs", {{"count", "1"}});
    w.empty("xf", {{"numFmtId", "0"}, {"fontId", "0"}, {"fillId", "0"}, {"borderId", "0"}});
    w.end("cellStyleXfs");
    w.start("cellXfs", {{"count", std::to_string(t.xfs().size())}});
    for (std::size_t i = 0; i < t.xfs().size(); ++i)
        write_xf(w, t.xfs()[i], ids[i].num_fmt, ids[i].font, ids[i].fill, ids[i].border);
    w.end("cellXfs");
    w.start("cellStyles", {{"count", "1"}});
    w.empty("cellStyle", {{"name", "Normal"}, {"xfId", "0"}, {"builtinId", "0"}});
    w.end("cellStyles");
    w.empty("dxfs", {{"count", "0"}});
    w.empty("tableStyles", {{"count", "0"}, {"defaultTableStyle", "TableStyleMedium2"}, {"defaultPivotStyle", "PivotStyleLight16"}});
    w.end("styleSheet");
    return out;
}

}  // namespace kib::writers::styles
