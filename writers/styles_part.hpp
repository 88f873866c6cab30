// Styles part writer: xl/styles.xml of a new workbook, from the cell styles the sheets use.
//
// Contract: style_table deduplicates whole cell_styles into cellXfs indexes (index 0 is the
// default style), and write_part() deduplicates fonts, fills, borders and number formats again
// so equal pieces are written once. Built-in number formats ("0", "0.00", "0%", "#,##0", "@", …)
// use their built-in ids; every other code gets an id from 164 on, in order of first use.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "writers/xml_emit.hpp"

namespace kib {

enum class border_line : std::uint8_t { none, thin, medium, thick, dashed, dotted, double_line };
enum class h_align : std::uint8_t { general, left, center, right, justify };
enum class v_align : std::uint8_t { bottom, center, top };

// How a cell looks. The default-constructed style is the workbook's default (Calibri 11, General).
struct cell_style {
    std::string number_format;  // "" = General; e.g. "0.0", "0%", "[$-413]d mmmm yyyy", "#,##0.00"
    bool bold = false;
    bool italic = false;
    bool underline = false;
    std::string font_color;     // "RRGGBB", "" = automatic (black)
    std::string font_name;      // "" = Calibri
    double font_size = 0;       // points, 0 = 11
    std::string fill_color;     // "RRGGBB" solid fill, "" = none
    border_line border = border_line::none;  // all four sides
    std::string border_color;   // "RRGGBB", "" = automatic
    h_align horizontal = h_align::general;
    v_align vertical = v_align::bottom;
    bool wrap = false;

    friend bool operator==(const cell_style&, const cell_style&) = default;
};

// Dutch long date ("23 november 2026"), the default format of date cells without one.
inline constexpr std::string_view dutch_date_format = "[$-413]d mmmm yyyy";
// Dutch date and time ("23 november 2026 14:30"), the default of date cells with a time of day.
inline constexpr std::string_view dutch_date_time_format = "[$-413]d mmmm yyyy hh:mm";

namespace writers::styles {

// Unique cell styles in cellXfs order; index 0 is cell_style{}.
class style_table {
public:
    style_table() { xfs_.emplace_back(); }
    // The cellXfs index of a style, adding it when new. Throws kib::error (bad_input) for a
    // colour that is not RRGGBB, a negative font size or a number format over 255 characters.
    std::uint32_t add(const cell_style& s);
    const std::vector<cell_style>& xfs() const noexcept { return xfs_; }

private:
    std::vector<cell_style> xfs_;
};

// The built-in id of a number format code, or -1 when it needs a custom numFmt.
int builtin_num_fmt_id(std::string_view code) noexcept;

// The whole part.
std::string write_part(const style_table& t);

// Element writers.
// <numFmt numFmtId=… formatCode=…/>
void write_num_fmt(detail::xml_emit& w, std::uint32_t id, std::string_view code);
// <font> (b, i, u, sz, color, name, family).
void write_font(detail::xml_emit& w, const cell_style& s);
// <fill><patternFill …/></fill>; "" colour means no fill.
void write_fill(detail::xml_emit& w, std::string_view pattern, std::string_view rgb);
// <border> with the same line on left, right, top, bottom.
void write_border(detail::xml_emit& w, border_line line, std::string_view rgb);
// <xf> of cellXfs with its <alignment> when needed.
void write_xf(detail::xml_emit& w, const cell_style& s, std::uint32_t num_fmt, std::uint32_t font, std::uint32_t fill,
              std::uint32_t border);
// <alignment horizontal=… vertical=… wrapText=…/>
void write_alignment(detail::xml_emit& w, const cell_style& s);

}  // namespace writers::styles
}  // namespace kib
