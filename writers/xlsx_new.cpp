// The new-workbook API and its packager: collects cells, styles, links and charts, then asks
// each part writer for its part and hands the finished parts to zip_writer.
#include "writers/xlsx_new.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

#include "readers/cell.hpp"
#include "readers/error.hpp"
#include "readers/xlsx_parts.hpp"
#include "writers/docprops_parts.hpp"
#include "writers/drawing_part.hpp"
#include "writers/opc_parts.hpp"
#include "writers/shared_strings_part.hpp"
#include "writers/text_metrics.hpp"
#include "writers/workbook_part.hpp"
#include "writers/worksheet_part.hpp"
#include "readers/i18n.hpp"

namespace kib {

namespace {

constexpr std::size_t max_text_chars = 32767;
constexpr std::size_t max_url_chars = 2079;

[[noreturn]] void bad(std::string where, std::string msg, std::string hint = {}) {
    location loc;
    loc.where = std::move(where);
    throw error(error_category::bad_input, std::move(loc), std::move(msg), std::move(hint));
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

// Characters as Excel counts them (UTF-16 code units); -1 when s is not valid UTF-8.
long utf16_length(std::string_view s) {
    long n = 0;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (len == 0 || i + len > s.size()) return -1;
        for (std::size_t k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return -1;
        if (len == 2 && c < 0xC2) return -1;  // overlong
        n += len == 4 ? 2 : 1;
        i += len;
    }
    return n;
}

void check_row_col(std::string_view sheet, std::uint32_t row, std::uint32_t col) {
    if (row < 1 || row > xlsx::max_rows || col < 1 || col > xlsx::max_cols)
        bad(std::string(sheet) + "!R" + std::to_string(row) + "C" + std::to_string(col), tr("cell reference out of range"),
            tr("rows are 1 to 1048576 and columns 1 to 16384 (1-based)"));
}

struct range {
    std::uint32_t r1, c1, r2, c2;
};

range parse_range(std::string_view sheet, std::string_view text) {
    const auto colon = text.find(':');
    std::uint32_t c1 = 0, r1 = 0, c2 = 0, r2 = 0;
    const std::string_view a = text.substr(0, colon);
    const std::string_view b = colon == std::string_view::npos ? a : text.substr(colon + 1);
    if (!xlsx::parse_cell_ref(a, c1, r1) || !xlsx::parse_cell_ref(b, c2, r2))
        bad(std::string(sheet) + "!" + std::string(text), trf("'{}' is not a cell range", {std::string(text)}),
            tr("write ranges like A1:D6"));
    if (r2 < r1 || c2 < c1)
        bad(std::string(sheet) + "!" + std::string(text), tr("the range ends before it starts"), tr("write the top-left cell first: A1:D6"));
    return {r1, c1, r2, c2};
}

std::string range_text(const range& r) {
    std::string s = xlsx::cell_ref(r.c1, r.r1);
    if (r.r1 != r.r2 || r.c1 != r.c2) {
        s += ':';
        s += xlsx::cell_ref(r.c2, r.r2);
    }
    return s;
}

// "$B$2"
std::string abs_ref(std::uint32_t col, std::uint32_t row) {
    std::string s(1, '$');
    s += xlsx::column_name(col);
    s += '$';
    s += std::to_string(row);
    return s;
}

bool is_error_literal(std::string_view s) {
    for (std::string_view e : {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"})
        if (s == e) return true;
    return false;
}

// kib serial (days since 1899-12-30) -> the serial a 1900-system workbook stores: Excel counts
// the fictitious 1900-02-29, so dates before 1900-03-01 are one lower.
double workbook_serial(double serial) { return serial < 61.0 ? serial - 1.0 : serial; }

struct stored_cell {
    cell_value value;
    std::string formula;
    std::uint32_t xf = 0;
};

struct pending_link {
    std::uint32_t row, col;
    std::string url;       // external target, or ""
    std::string location;  // internal target, or ""
    std::string tooltip;
};

struct placed_chart {
    chart_spec spec;
    range at;
};

}  // namespace

void check_sheet_name(std::string_view name) {
    const std::string where = "sheet name '" + std::string(name) + "'";
    if (name.empty()) bad(where, tr("a sheet name cannot be empty"), tr("give the sheet a name of 1 to 31 characters"));
    const long len = utf16_length(name);
    if (len < 0) bad(where, tr("the sheet name is not valid UTF-8"), tr("pass names as UTF-8 text"));
    if (len > 31)
        bad(where, trf("the sheet name has {} characters; Excel allows at most 31", {std::to_string(len)}),
            tr("shorten the name to 31 characters"));
    for (char c : name)
        if (std::string_view("[]:*?/\\").find(c) != std::string_view::npos)
            bad(where, trf("the sheet name contains '{}'", {std::string(1, c)}), tr("remove the characters [ ] : * ? / \\ from the name"));
    for (char c : name)
        if (static_cast<unsigned char>(c) < 0x20) bad(where, tr("the sheet name contains a control character"), tr("remove it"));
    if (name.front() == '\'' || name.back() == '\'')
        bad(where, tr("a sheet name cannot start or end with an apostrophe"), tr("remove the apostrophe at the start or end"));
    if (iequals(name, "History")) bad(where, tr("Excel reserves the sheet name 'History'"), tr("choose another name"));
}

// ---- new_sheet ----

struct new_sheet::data {
    std::map<std::uint32_t, std::map<std::uint32_t, stored_cell>> cells;
    std::map<std::uint32_t, double> widths;  // column -> width; later calls win
    std::map<std::uint32_t, double> heights;  // row -> points; set_row_height and fit_row_heights
    std::set<std::uint32_t> fixed_heights;   // rows given a height by set_row_height
    bool print_landscape = false, print_fit_width = false, print_setup = false;
    std::uint32_t print_title_rows = 0;
    std::uint32_t freeze_rows = 0, freeze_cols = 0;
    std::string autofilter;  // "A1:D6"
    range autofilter_range{};
    std::vector<range> merged;
    std::vector<pending_link> links;
    std::vector<placed_chart> charts;
};

struct new_workbook::impl {
    std::vector<std::unique_ptr<new_sheet>> sheets;
    writers::styles::style_table styles;
    writers::core_properties core;
    std::string company;
    std::size_t active = 0;
};

new_sheet::new_sheet(new_workbook& owner, std::string name)
    : owner_(&owner), name_(std::move(name)), d_(std::make_unique<data>()) {}
new_sheet::~new_sheet() = default;

std::string new_sheet::where(std::uint32_t row, std::uint32_t col) const {
    return xlsx::quote_sheet_name(name_) + "!" + xlsx::cell_ref(col, row);
}

cell_style new_sheet::link_style() {
    cell_style s;
    s.font_color = "0563C1";
    s.underline = true;
    return s;
}

void new_sheet::set(std::uint32_t row, std::uint32_t col, const cell_value& v, const cell_style& style) {
    check_row_col(name_, row, col);
    stored_cell c;
    c.value = v;
    switch (v.type) {
        case cell_type::empty: c.value.clear(); break;
        case cell_type::number:
            if (!std::isfinite(v.number))
                bad(where(row, col), tr("the number is not finite"), tr("write a finite number, or leave the cell empty"));
            break;
        case cell_type::boolean: c.value.number = v.number != 0.0 ? 1.0 : 0.0; break;
        case cell_type::date:
            if (!std::isfinite(v.number) || v.number < 2.0 || v.number >= 2958466.0)
                bad(where(row, col), tr("the date is outside 1900-01-01 .. 9999-12-31"),
                    tr("Excel cannot show such dates; write it as text instead"));
            break;
        case cell_type::text: {
            const long len = utf16_length(v.text);
            if (len < 0) bad(where(row, col), tr("the text is not valid UTF-8"), tr("pass text as UTF-8"));
            if (static_cast<std::size_t>(len) > max_text_chars)
                bad(where(row, col), trf("the text has {} characters; a cell holds at most 32,767", {std::to_string(len)}),
                    tr("shorten the text or split it over several cells"));
            break;
        }
        case cell_type::error:
            if (!is_error_literal(v.text))
                bad(where(row, col), trf("'{}' is not an Excel error value", {v.text}),
                    tr("use #N/A, #DIV/0!, #VALUE!, #REF!, #NAME?, #NUM! or #NULL!"));
            break;
    }
    cell_style st = style;
    if (v.type == cell_type::date && st.number_format.empty())
        st.number_format = v.number == std::floor(v.number) ? dutch_date_format : dutch_date_time_format;
    try {
        c.xf = owner_->impl_->styles.add(st);
    } catch (const error& e) {
        // The style table knows no cell; the message names the one being set.
        throw error(e.category(), {{}, {}, where(row, col) + " (cell_style)", 0, 0}, e.message(), e.hint());
    }
    d_->cells[row][col] = std::move(c);
}

void new_sheet::set(std::string_view ref, const cell_value& v, const cell_style& style) {
    std::uint32_t col = 0, row = 0;
    if (!xlsx::parse_cell_ref(ref, col, row))
        bad(xlsx::quote_sheet_name(name_) + "!" + std::string(ref), trf("'{}' is not a cell reference", {std::string(ref)}),
            tr("write references like B7"));
    set(row, col, v, style);
}

void new_sheet::set_text(std::uint32_t row, std::uint32_t col, std::string_view text, const cell_style& style) {
    set(row, col, cell_value::make_text(std::string(text)), style);
}
void new_sheet::set_number(std::uint32_t row, std::uint32_t col, double v, const cell_style& style) {
    set(row, col, cell_value::make_number(v), style);
}
void new_sheet::set_bool(std::uint32_t row, std::uint32_t col, bool v, const cell_style& style) {
    set(row, col, cell_value::make_bool(v), style);
}
void new_sheet::set_date(std::uint32_t row, std::uint32_t col, double serial, const cell_style& style) {
    set(row, col, cell_value::make_date(serial), style);
}
void new_sheet::set_date(std::uint32_t row, std::uint32_t col, std::string_view iso, const cell_style& style) {
    const auto serial = iso_to_serial(iso);
    if (!serial)
        bad(where(row, col), trf("'{}' is not a date", {std::string(iso)}), tr("write dates as YYYY-MM-DD, e.g. 2026-11-23"));
    set(row, col, cell_value::make_date(*serial), style);
}

void new_sheet::set_formula(std::uint32_t row, std::uint32_t col, std::string_view formula, const cell_value& cached,
                            const cell_style& style) {
    std::string_view f = formula;
    if (!f.empty() && f.front() == '=') f.remove_prefix(1);
    if (f.empty()) bad(where(row, col), tr("the formula is empty"), tr("pass the formula text, e.g. SUM(B2:B6)"));
    if (utf16_length(f) < 0) bad(where(row, col), tr("the formula is not valid UTF-8"), tr("pass formulas as UTF-8"));
    if (f.size() > 8192) bad(where(row, col), tr("the formula is longer than 8,192 characters"), tr("split the calculation"));
    set(row, col, cached, style);
    d_->cells[row][col].formula = std::string(f);
}

void new_sheet::set_column_width(std::uint32_t first_col, std::uint32_t last_col, double width) {
    check_row_col(name_, 1, first_col);
    check_row_col(name_, 1, last_col);
    if (last_col < first_col)
        bad(xlsx::quote_sheet_name(name_), tr("column range ends before it starts"), tr("pass the first column first"));
    if (!(width >= 0 && width <= 255))
        bad(xlsx::quote_sheet_name(name_) + "!" + xlsx::column_name(first_col), tr("column width out of range"),
            tr("use 0 to 255 characters"));
    for (std::uint32_t c = first_col; c <= last_col; ++c) d_->widths[c] = width;
}

namespace {

// The text a cell shows, near enough for sizing: numbers with their format's decimals and signs.
std::string shown_text(const cell_value& v, const cell_style& st) {
    switch (v.type) {
        case cell_type::text:
        case cell_type::error: return v.text;
        case cell_type::boolean: return "ONWAAR";
        case cell_type::date: return "23 september 2026";
        case cell_type::number: {
            const std::string& f = st.number_format;
            const bool percent = f.find('%') != std::string::npos;
            const std::size_t dot = f.find_last_of(".,");
            int decimals = 0;
            if (dot != std::string::npos)
                while (dot + 1 + static_cast<std::size_t>(decimals) < f.size() && f[dot + 1 + static_cast<std::size_t>(decimals)] == '0')
                    ++decimals;
            if (f.empty()) decimals = std::abs(v.number - std::round(v.number)) < 1e-9 ? 0 : 4;
            char buf[64];
            std::snprintf(buf, sizeof buf, "%+.*f%s", decimals, percent ? v.number * 100 : v.number, percent ? "%" : "");
            return buf;
        }
        case cell_type::empty: break;
    }
    return {};
}

}  // namespace

void new_sheet::fit_columns(std::uint32_t first_col, std::uint32_t last_col, double min_width, double max_width) {
    check_row_col(name_, 1, first_col);
    check_row_col(name_, 1, last_col);
    if (last_col < first_col)
        bad(xlsx::quote_sheet_name(name_), "column range ends before it starts", "pass the first column first");
    if (!(min_width >= 0 && min_width <= max_width && max_width <= 255))
        bad(xlsx::quote_sheet_name(name_) + "!" + xlsx::column_name(first_col), "column width limits out of range",
            "use 0 <= min_width <= max_width <= 255 characters");
    const auto& xfs = owner_->impl_->styles.xfs();
    std::map<std::uint32_t, double> widest;
    for (const auto& [r, cols] : d_->cells) {
        for (const auto& [c, sc] : cols) {
            if (c < first_col || c > last_col) continue;
            const cell_style& st = xfs.at(sc.xf);
            const double scale = st.font_size > 0 ? st.font_size / 11.0 : 1.0;
            const double w = writers::text_metrics::text_width(shown_text(sc.value, st), st.bold) * scale;
            widest[c] = std::max(widest[c], w);
        }
    }
    // Two characters of margin: the cell padding and the autofilter button.
    for (std::uint32_t c = first_col; c <= last_col; ++c) d_->widths[c] = std::clamp(std::ceil(widest[c] + 2), min_width, max_width);
}

void new_sheet::set_row_height(std::uint32_t row, double points) {
    check_row_col(name_, row, 1);
    if (!(points > 0 && points <= 409))
        bad(xlsx::quote_sheet_name(name_) + "!" + std::to_string(row), "row height out of range", "use more than 0 and at most 409 points");
    d_->heights[row] = points;
    d_->fixed_heights.insert(row);
}

void new_sheet::fit_row_heights() {
    const auto& xfs = owner_->impl_->styles.xfs();
    for (const auto& [r, cols] : d_->cells) {
        if (d_->fixed_heights.count(r)) continue;
        double needed = 0;
        for (const auto& [c, sc] : cols) {
            const cell_style& st = xfs.at(sc.xf);
            if (!st.wrap || sc.value.type != cell_type::text) continue;
            const auto w = d_->widths.find(c);
            const double width = w == d_->widths.end() ? 8.43 : w->second;
            const double scale = st.font_size > 0 ? st.font_size / 11.0 : 1.0;
            const int lines = writers::text_metrics::wrapped_lines(sc.value.text, width / scale, st.bold);
            if (lines > 1) needed = std::max(needed, lines * writers::text_metrics::line_height_points * scale);
        }
        if (needed > 0) d_->heights[r] = std::min(needed, 409.0);
        else d_->heights.erase(r);
    }
}

void new_sheet::set_print_setup(bool landscape, bool fit_to_width, std::uint32_t title_rows) {
    if (title_rows > 0) check_row_col(name_, title_rows, 1);
    d_->print_setup = true;
    d_->print_landscape = landscape;
    d_->print_fit_width = fit_to_width;
    d_->print_title_rows = title_rows;
}

void new_sheet::freeze_panes(std::uint32_t rows, std::uint32_t cols) {
    if (rows >= xlsx::max_rows || cols >= xlsx::max_cols)
        bad(xlsx::quote_sheet_name(name_), tr("cannot freeze that many rows or columns"), tr("freeze fewer rows/columns"));
    d_->freeze_rows = rows;
    d_->freeze_cols = cols;
}

void new_sheet::set_autofilter(std::uint32_t first_row, std::uint32_t first_col, std::uint32_t last_row,
                               std::uint32_t last_col) {
    check_row_col(name_, first_row, first_col);
    check_row_col(name_, last_row, last_col);
    const range r{first_row, first_col, last_row, last_col};
    if (last_row < first_row || last_col < first_col)
        bad(xlsx::quote_sheet_name(name_), tr("the autofilter range ends before it starts"), tr("write the top-left cell first"));
    d_->autofilter = range_text(r);
    d_->autofilter_range = r;
}

void new_sheet::set_autofilter(std::string_view text) {
    const range r = parse_range(xlsx::quote_sheet_name(name_), text);
    set_autofilter(r.r1, r.c1, r.r2, r.c2);
}

void new_sheet::merge(std::uint32_t first_row, std::uint32_t first_col, std::uint32_t last_row, std::uint32_t last_col) {
    check_row_col(name_, first_row, first_col);
    check_row_col(name_, last_row, last_col);
    const range r{first_row, first_col, last_row, last_col};
    const std::string w = xlsx::quote_sheet_name(name_) + "!" + range_text(r);
    if (last_row < first_row || last_col < first_col) bad(w, tr("the merge range ends before it starts"), tr("write the top-left cell first"));
    if (first_row == last_row && first_col == last_col) bad(w, tr("a merge needs at least two cells"), tr("give a range like A1:C1"));
    for (const range& m : d_->merged)
        if (!(r.r2 < m.r1 || m.r2 < r.r1 || r.c2 < m.c1 || m.c2 < r.c1))
            bad(w, trf("the range overlaps the merged range {}", {range_text(m)}), tr("merge ranges that do not overlap"));
    d_->merged.push_back(r);
}

void new_sheet::merge(std::string_view text) {
    const range r = parse_range(xlsx::quote_sheet_name(name_), text);
    merge(r.r1, r.c1, r.r2, r.c2);
}

void new_sheet::set_hyperlink(std::uint32_t row, std::uint32_t col, std::string_view url, std::string_view text,
                              const cell_style& style, std::string_view tooltip) {
    check_row_col(name_, row, col);
    if (url.empty()) bad(where(row, col), tr("the hyperlink has no URL"), tr("pass a URL such as https://example.nl"));
    if (url.size() > max_url_chars) bad(where(row, col), tr("the URL is longer than 2,079 characters"), tr("use a shorter URL"));
    if (utf16_length(url) < 0) bad(where(row, col), tr("the URL is not valid UTF-8"), tr("pass URLs as UTF-8"));
    set_text(row, col, text.empty() ? url : text, style);
    std::erase_if(d_->links, [&](const pending_link& l) { return l.row == row && l.col == col; });
    d_->links.push_back({row, col, std::string(url), {}, std::string(tooltip)});
}

void new_sheet::set_internal_link(std::uint32_t row, std::uint32_t col, std::string_view location, std::string_view text,
                                  const cell_style& style) {
    check_row_col(name_, row, col);
    if (location.empty()) bad(where(row, col), tr("the link has no target"), tr("pass a place such as 'Pijlers'!A1"));
    set_text(row, col, text.empty() ? location : text, style);
    std::erase_if(d_->links, [&](const pending_link& l) { return l.row == row && l.col == col; });
    d_->links.push_back({row, col, {}, std::string(location), {}});
}

void new_sheet::add_chart(const chart_spec& chart, std::string_view text) {
    const range r = parse_range(xlsx::quote_sheet_name(name_), text);
    validate(chart, xlsx::quote_sheet_name(name_) + "!" + std::string(text) + " chart");
    d_->charts.push_back({chart, r});
}

std::string new_sheet::range_ref(std::uint32_t first_row, std::uint32_t first_col, std::uint32_t last_row,
                                 std::uint32_t last_col) const {
    check_row_col(name_, first_row, first_col);
    check_row_col(name_, last_row, last_col);
    std::string s = xlsx::quote_sheet_name(name_) + "!" + abs_ref(first_col, first_row);
    if (first_row != last_row || first_col != last_col) {
        s += ':';
        s += abs_ref(last_col, last_row);
    }
    return s;
}

cell_value new_sheet::value(std::uint32_t row, std::uint32_t col) const {
    const auto r = d_->cells.find(row);
    if (r == d_->cells.end()) return {};
    const auto c = r->second.find(col);
    return c == r->second.end() ? cell_value{} : c->second.value;
}

chart_series new_sheet::column_series(std::uint32_t name_row, std::uint32_t first_row, std::uint32_t last_row,
                                      std::uint32_t category_col, std::uint32_t value_col) const {
    if (last_row < first_row)
        bad(xlsx::quote_sheet_name(name_), tr("the series rows end before they start"), tr("pass the first row first"));
    chart_series s;
    s.name = value(name_row, value_col).to_display();
    s.name_ref = range_ref(name_row, value_col, name_row, value_col);
    s.categories_ref = range_ref(first_row, category_col, last_row, category_col);
    s.values_ref = range_ref(first_row, value_col, last_row, value_col);
    for (std::uint32_t r = first_row; r <= last_row; ++r) {
        s.categories.push_back(value(r, category_col).to_display());
        const cell_value v = value(r, value_col);
        s.values.push_back(v.type == cell_type::number || v.type == cell_type::date ? v.number : std::nan(""));
    }
    return s;
}

// ---- new_workbook ----

new_workbook::new_workbook() : impl_(std::make_unique<impl>()) {}
new_workbook::~new_workbook() = default;

new_sheet& new_workbook::add_sheet(std::string_view name) {
    check_sheet_name(name);
    for (const auto& s : impl_->sheets)
        if (iequals(s->name(), name))
            bad("sheet name '" + std::string(name) + "'", trf("the workbook already has a sheet named '{}'", {s->name()}),
                tr("sheet names must differ in more than upper/lower case"));
    impl_->sheets.push_back(std::unique_ptr<new_sheet>(new new_sheet(*this, std::string(name))));
    return *impl_->sheets.back();
}

new_sheet& new_workbook::sheet(std::string_view name) {
    std::string have;
    for (const auto& s : impl_->sheets) {
        if (iequals(s->name(), name)) return *s;
        have += (have.empty() ? "" : ", ") + s->name();
    }
    bad("sheet '" + std::string(name) + "'", trf("the workbook has no sheet named '{}'", {std::string(name)}),
        have.empty() ? tr("add a sheet first") : trf("the sheets are: {}", {have}));
}

std::size_t new_workbook::sheet_count() const noexcept { return impl_->sheets.size(); }

void new_workbook::fit_column_widths(double max_width) {
    for (const auto& sheet : impl_->sheets) {
        new_sheet::data& d = *sheet->d_;
        std::map<std::uint32_t, double> need;  // column -> characters of its longest text line
        for (const auto& [r, cols] : d.cells)
            for (const auto& [c, sc] : cols) {
                if (sc.value.type != cell_type::text) continue;
                double line = 0;
                for (const char ch : sc.value.text) {
                    if (ch == '\n') line = 0;
                    else if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) need[c] = std::max(need[c], ++line);
                }
            }
        for (const auto& [c, chars] : need) {
            // Excel's width unit is a digit; text averages a little less, bold a little more: +10% and
            // one character of padding.
            const double want = std::min(max_width, std::ceil(chars * 1.1 + 1.0));
            const auto it = d.widths.find(c);
            const double now = it == d.widths.end() ? 8.43 : it->second;
            if (want > now) d.widths[c] = want;
        }
    }
}
void new_workbook::set_title(std::string title) { impl_->core.title = std::move(title); }
void new_workbook::set_subject(std::string subject) { impl_->core.subject = std::move(subject); }
void new_workbook::set_company(std::string company) { impl_->company = std::move(company); }
void new_workbook::set_created(std::string w3cdtf) { impl_->core.created = std::move(w3cdtf); }

void new_workbook::set_active_sheet(std::string_view name) {
    new_sheet& s = sheet(name);
    for (std::size_t i = 0; i < impl_->sheets.size(); ++i)
        if (impl_->sheets[i].get() == &s) impl_->active = i;
}

std::vector<zip_part> new_workbook::parts() const {
    using namespace writers;
    if (impl_->sheets.empty())
        bad("workbook", tr("the workbook has no sheets"), tr("add at least one sheet with add_sheet() before saving"));

    std::vector<zip_part> out;
    content_types_data types;
    types.defaults = {{"rels", "application/vnd.openxmlformats-package.relationships+xml"}, {"xml", "application/xml"}};
    types.overrides.push_back({"/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"});

    shared_strings::string_table strings;
    workbook::workbook_data book;
    book.active_tab = static_cast<std::uint32_t>(impl_->active);
    std::vector<relationship_out> book_rels;
    std::vector<zip_part> sheet_parts;
    std::size_t chart_count = 0, drawing_count = 0;

    for (std::size_t i = 0; i < impl_->sheets.size(); ++i) {
        const new_sheet& sh = *impl_->sheets[i];
        const new_sheet::data& d = *sh.d_;
        const std::string n = std::to_string(i + 1);
        worksheet::worksheet_data ws;
        ws.selected = i == impl_->active;
        // Runs of equal widths; Excel refuses overlapping <col> ranges, so they are built here.
        for (const auto& [col, width] : d.widths) {
            if (!ws.columns.empty() && ws.columns.back().last + 1 == col && ws.columns.back().width == width)
                ws.columns.back().last = col;
            else
                ws.columns.push_back({col, col, width});
        }
        ws.row_heights = d.heights;
        ws.freeze_rows = d.freeze_rows;
        ws.freeze_cols = d.freeze_cols;
        ws.page_setup = d.print_setup;
        ws.landscape = d.print_landscape;
        ws.fit_to_width = d.print_fit_width;
        ws.autofilter = d.autofilter;
        for (const range& m : d.merged) ws.merged.push_back(range_text(m));
        for (const auto& [r, cols] : d.cells) {
            auto& row = ws.rows[r];
            for (const auto& [c, sc] : cols) {
                worksheet::cell_out o;
                o.xf = sc.xf;
                o.formula = sc.formula;
                const cell_value& v = sc.value;
                switch (v.type) {
                    case cell_type::empty: o.kind = worksheet::value_kind::none; break;
                    case cell_type::number: o.kind = worksheet::value_kind::number; o.number = v.number; break;
                    case cell_type::date: o.kind = worksheet::value_kind::number; o.number = workbook_serial(v.number); break;
                    case cell_type::boolean: o.kind = worksheet::value_kind::boolean; o.number = v.number; break;
                    case cell_type::error: o.kind = worksheet::value_kind::error; o.text = v.text; break;
                    case cell_type::text:
                        if (sc.formula.empty()) {
                            o.kind = worksheet::value_kind::shared_string;
                            o.number = strings.add(v.text);
                        } else {
                            o.kind = worksheet::value_kind::formula_text;
                            o.text = v.text;
                        }
                        break;
                }
                if (!sc.formula.empty() && v.type == cell_type::empty) book.full_calc_on_load = true;
                row.emplace(c, std::move(o));
            }
        }
        std::vector<relationship_out> sheet_rels;
        for (const pending_link& l : d.links) {
            worksheet::hyperlink_out h;
            h.ref = xlsx::cell_ref(l.col, l.row);
            h.location = l.location;
            h.tooltip = l.tooltip;
            if (!l.url.empty()) {
                h.rel_id = "rId" + std::to_string(sheet_rels.size() + 1);
                sheet_rels.push_back({h.rel_id, std::string(rel_type::hyperlink), l.url, true});
            }
            ws.hyperlinks.push_back(std::move(h));
        }
        if (!d.charts.empty()) {
            const std::string dn = std::to_string(++drawing_count);
            ws.drawing_rel_id = "rId" + std::to_string(sheet_rels.size() + 1);
            sheet_rels.push_back({ws.drawing_rel_id, std::string(rel_type::drawing), "../drawings/drawing" + dn + ".xml", false});
            std::vector<drawing::chart_anchor> anchors;
            std::vector<relationship_out> drawing_rels;
            for (std::size_t k = 0; k < d.charts.size(); ++k) {
                const placed_chart& pc = d.charts[k];
                const std::string cn = std::to_string(++chart_count);
                drawing::chart_anchor a;
                a.from_col = pc.at.c1 - 1;
                a.from_row = pc.at.r1 - 1;
                a.to_col = pc.at.c2;
                a.to_row = pc.at.r2;
                a.id = static_cast<std::uint32_t>(k + 2);
                a.name = "Grafiek " + std::to_string(k + 1);
                a.rel_id = "rId" + std::to_string(k + 1);
                anchors.push_back(a);
                drawing_rels.push_back({a.rel_id, std::string(chart_rel_type), "../charts/chart" + cn + ".xml", false});
                chart_spec spec = pc.spec;
                spec.external_data_rel_id.clear();  // a workbook chart reads its own sheets
                sheet_parts.push_back({"xl/charts/chart" + cn + ".xml", chart::write_chart_part(spec)});
                types.overrides.push_back({"/xl/charts/chart" + cn + ".xml", std::string(chart_content_type)});
            }
            sheet_parts.push_back({"xl/drawings/drawing" + dn + ".xml", drawing::write_part(anchors)});
            sheet_parts.push_back({"xl/drawings/_rels/drawing" + dn + ".xml.rels", rels::write_part(drawing_rels)});
            types.overrides.push_back({"/xl/drawings/drawing" + dn + ".xml", drawing::drawing_content_type});
        }
        sheet_parts.push_back({"xl/worksheets/sheet" + n + ".xml", worksheet::write_part(ws)});
        if (!sheet_rels.empty())
            sheet_parts.push_back({"xl/worksheets/_rels/sheet" + n + ".xml.rels", rels::write_part(sheet_rels)});
        types.overrides.push_back(
            {"/xl/worksheets/sheet" + n + ".xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"});

        const std::string rid = "rId" + n;
        book.sheets.push_back({sh.name(), static_cast<std::uint32_t>(i + 1), rid});
        book_rels.push_back({rid, std::string(rel_type::worksheet), "worksheets/sheet" + n + ".xml", false});
        if (!d.autofilter.empty()) {
            const range& r = d.autofilter_range;
            book.names.push_back({"_xlnm._FilterDatabase", sh.range_ref(r.r1, r.c1, r.r2, r.c2), static_cast<int>(i), true});
        }
        if (d.print_title_rows > 0)  // rows repeated at the top of each printed page: 'Sheet'!$1:$1
            book.names.push_back({"_xlnm.Print_Titles", xlsx::quote_sheet_name(sh.name()) + "!$1:$" + std::to_string(d.print_title_rows),
                                  static_cast<int>(i), false});
    }

    book_rels.push_back({"rId" + std::to_string(book_rels.size() + 1), std::string(rel_type::styles), "styles.xml", false});
    types.overrides.push_back({"/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"});
    if (!strings.strings().empty()) {
        book_rels.push_back(
            {"rId" + std::to_string(book_rels.size() + 1), std::string(rel_type::shared_strings), "sharedStrings.xml", false});
        types.overrides.push_back(
            {"/xl/sharedStrings.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"});
    }
    types.overrides.push_back({"/docProps/core.xml", core_content_type});
    types.overrides.push_back({"/docProps/app.xml", app_content_type});

    core_properties core = impl_->core;
    if (core.created.empty()) core.created = utc_now_iso();
    app_properties app;
    app.company = impl_->company;
    for (const auto& s : impl_->sheets) app.sheet_names.push_back(s->name());

    out.push_back({"[Content_Types].xml", content_types::write_part(types)});
    out.push_back({"_rels/.rels", rels::write_part({{"rId1", std::string(rel_type::office_document), "xl/workbook.xml", false},
                                                     {"rId2", std::string(rel_type::core_properties), "docProps/core.xml", false},
                                                     {"rId3", std::string(rel_type::extended_properties), "docProps/app.xml", false}})});
    out.push_back({"docProps/core.xml", core_props::write_part(core)});
    out.push_back({"docProps/app.xml", app_props::write_part(app)});
    out.push_back({"xl/workbook.xml", workbook::write_part(book)});
    out.push_back({"xl/_rels/workbook.xml.rels", rels::write_part(book_rels)});
    out.push_back({"xl/styles.xml", styles::write_part(impl_->styles)});
    if (!strings.strings().empty()) out.push_back({"xl/sharedStrings.xml", shared_strings::write_part(strings)});
    for (auto& p : sheet_parts) out.push_back(std::move(p));
    return out;
}

std::string new_workbook::save_buffer() const { return zip_buffer(parts()); }

void new_workbook::save(const std::string& path) const {
    try {
        atomic_save_bytes(path, save_buffer());
    } catch (const error& e) {
        throw e.with_context({path, {}, {}, 0, 0});
    }
}

embedded_chart embed_chart_data(const chart_spec& spec, std::string_view sheet_name) {
    validate(spec, "chart");
    const std::vector<std::string>* labels = nullptr;
    for (const chart_series& s : spec.series) {
        if (s.categories.empty()) continue;
        if (!labels)
            labels = &s.categories;
        else if (s.categories != *labels)
            bad("chart '" + spec.title + "', series '" + s.name + "'", tr("the series have different category labels"),
                tr("an embedded chart sheet has one category column: give every series the same labels"));
    }
    std::size_t rows = labels ? labels->size() : 0;
    for (const chart_series& s : spec.series) rows = std::max(rows, s.values.size());
    if (rows + 1 > xlsx::max_rows || spec.series.size() + 1 > xlsx::max_cols)
        bad("chart '" + spec.title + "'", tr("too much data for one sheet"), tr("use fewer points or series"));

    new_workbook wb;
    wb.set_title(spec.title);
    new_sheet& sh = wb.add_sheet(sheet_name);
    const auto last = static_cast<std::uint32_t>(rows + 1);
    if (labels)
        for (std::uint32_t r = 0; r < labels->size(); ++r) sh.set_text(r + 2, 1, (*labels)[r]);
    embedded_chart out{spec, {}};
    for (std::uint32_t i = 0; i < spec.series.size(); ++i) {
        const chart_series& s = spec.series[i];
        const std::uint32_t col = i + 2;
        sh.set_text(1, col, s.name);
        for (std::uint32_t r = 0; r < s.values.size(); ++r)
            if (!std::isnan(s.values[r])) sh.set_number(r + 2, col, s.values[r]);
        chart_series& o = out.spec.series[i];
        o.name_ref = sh.range_ref(1, col, 1, col);
        o.values_ref = sh.range_ref(2, col, last, col);
        o.categories_ref = labels ? sh.range_ref(2, 1, last, 1) : std::string();
        if (labels && o.categories.empty()) o.categories = *labels;
    }
    out.xlsx = wb.save_buffer();
    return out;
}

}  // namespace kib
