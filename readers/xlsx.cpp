#include "readers/xlsx.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <unordered_map>

#include "readers/i18n.hpp"
#include "readers/sheet_scan.hpp"
#include "readers/xlsx_parts.hpp"
#include "readers/xml_pull.hpp"

namespace kib {

using xml::ns;
using ev = xml::pull_parser::event;

std::string sheet_summary::used_range() const {
    if (first_row == 0) return {};
    return xlsx::cell_ref(first_col, first_row) + ":" + xlsx::cell_ref(last_col, last_row);
}

struct workbook::impl {
    package pkg;
    workbook_limits limits;
    std::string workbook_part;
    std::vector<sheet_info> sheets;
    std::vector<defined_name_info> names;
    bool date1904 = false;
    xlsx::styles_part styles;
    xlsx::shared_strings strings;

    explicit impl(package p) : pkg(std::move(p)) {}

    template <class F>
    auto in_part(const std::string& part, F&& f) const -> decltype(f()) {
        try {
            return f();
        } catch (const error& e) {
            throw e.with_context(pkg.where(part));
        }
    }

    void load() {
        workbook_part = pkg.main_part();
        const std::string ct = pkg.content_type(workbook_part);
        if (ct.find("spreadsheetml") == std::string::npos && ct.find("ms-excel") == std::string::npos) {
            location loc = pkg.where(workbook_part);
            const bool word = ct.find("wordprocessingml") != std::string::npos;
            throw error(error_category::bad_input, loc,
                        word ? tr("this is a Word document, not a workbook") : trf("the main part is not a workbook ({})", {ct}),
                        word ? tr("use a command that reads .docx files") : "");
        }
        const xlsx::workbook_part wb = in_part(workbook_part, [&] { return xlsx::parse_workbook(pkg.read(workbook_part)); });
        date1904 = wb.date1904;
        if (wb.sheets.size() > limits.max_sheets)
            throw error(error_category::limit, pkg.where(workbook_part),
                        trf("the workbook has {} sheets, more than the limit of {}",
                            {std::to_string(wb.sheets.size()), std::to_string(limits.max_sheets)}),
                        limit_hint("sheets"));
        const std::vector<relationship> rels = pkg.relationships(workbook_part);
        for (const relationship& r : rels) {
            if (r.external) continue;
            if (r.has_type("styles")) {
                styles = in_part(r.target, [&] { return xlsx::parse_styles(pkg.read(r.target)); });
            } else if (r.has_type("sharedStrings")) {
                in_part(r.target, [&] {
                    auto stream = pkg.stream(r.target, /*readahead=*/true);  // 14 MB in a big survey
                    xml::pull_parser p([&stream](char* b, std::size_t n) { return stream.read(b, n); }, 1 << 18, pkg.limits().xml);
                    const package::entry* e = pkg.find(r.target);
                    strings.parse(p, limits.max_shared_strings, e ? static_cast<std::size_t>(e->size) : 0);
                    return 0;
                });
            }
        }
        for (const auto& s : wb.sheets) {
            sheet_info info;
            info.name = s.name;
            info.state = s.state;
            for (const relationship& r : rels) {
                if (r.id != s.rel_id || r.external) continue;
                const std::size_t slash = r.type.rfind('/');
                info.kind = slash == std::string::npos ? r.type : r.type.substr(slash + 1);
                info.part = r.target;
            }
            if (info.part.empty() || !pkg.find(info.part)) {
                throw error(error_category::bad_input, pkg.where(workbook_part, s.name),
                            trf("sheet '{}' points to a part that does not exist (relationship '{}')", {s.name, s.rel_id}),
                            tr("the workbook is damaged; open and re-save it in Excel or LibreOffice"));
            }
            // A sheet (or its table) that points back at the workbook or at itself would be read
            // as a sheet with no cells or a table with no name: refuse it instead.
            if (ascii_lower(info.part) == ascii_lower(workbook_part)) {
                throw error(error_category::bad_input, pkg.where(workbook_part, s.name),
                            trf("sheet '{}' points back to the workbook part (a relationship cycle)", {s.name}),
                            tr("the workbook is damaged; open and re-save it in Excel or LibreOffice"));
            }
            for (const relationship& r : pkg.relationships(info.part)) {
                if (r.external || !r.has_type("table") || !pkg.find(r.target)) continue;
                if (ascii_lower(r.target) == ascii_lower(info.part) || ascii_lower(r.target) == ascii_lower(workbook_part)) {
                    throw error(error_category::bad_input, pkg.where(relationships_part_name(info.part), r.id),
                                trf("the table relationship '{}' of sheet '{}' points back to '{}' (a relationship cycle)",
                                    {r.id, s.name, r.target}),
                                tr("the workbook is damaged; open and re-save it in Excel or LibreOffice"));
                }
                const xlsx::table_part t = in_part(r.target, [&] { return xlsx::parse_table(pkg.read(r.target)); });
                table_info ti;
                ti.name = t.display_name.empty() ? t.name : t.display_name;
                ti.sheet = info.name;
                ti.ref = t.ref;
                ti.header_rows = t.header_rows;
                ti.totals_rows = t.totals_rows;
                ti.columns = t.columns;
                ti.part = r.target;
                info.tables.push_back(std::move(ti));
            }
            sheets.push_back(std::move(info));
        }
        for (const auto& d : wb.names) {
            defined_name_info n;
            n.name = d.name;
            n.value = d.value;
            n.hidden = d.hidden;
            if (d.local_sheet >= 0 && static_cast<std::size_t>(d.local_sheet) < wb.sheets.size())
                n.scope = wb.sheets[static_cast<std::size_t>(d.local_sheet)].name;
            names.push_back(std::move(n));
        }
    }

    sheet_summary stream_sheet(const sheet_info& sheet, const std::function<void(const row&)>& fn) const;
};

namespace {

struct shared_formula {
    std::string text;
    std::uint32_t row = 0, col = 0;
};

// Name comparison inlined: the sheet loop compares element names for every tag of a
// 175 MB sheet, and a call to memcmp per comparison showed in profiles.
inline bool is_name(std::string_view name, std::string_view literal) noexcept {
    if (name.size() != literal.size()) return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (name[i] != literal[i]) return false;
    }
    return true;
}

// The t attribute of <c>, decoded once per cell.
enum class cell_kind : std::uint8_t { number, shared, inline_str, str, boolean, error, iso_date, unknown };

cell_kind kind_of(std::string_view t) noexcept {
    if (t.empty() || is_name(t, "n")) return cell_kind::number;
    if (is_name(t, "s")) return cell_kind::shared;
    if (is_name(t, "str")) return cell_kind::str;
    if (is_name(t, "inlineStr")) return cell_kind::inline_str;
    if (is_name(t, "b")) return cell_kind::boolean;
    if (is_name(t, "e")) return cell_kind::error;
    if (is_name(t, "d")) return cell_kind::iso_date;
    return cell_kind::unknown;
}

// XML whitespace around a value: writers that pretty-print put it inside <v>; Excel ignores it.
std::string_view trimmed(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// xlsx::parse_cell_ref inlined for the shape nearly every cell has ("B7": up to three capitals,
// then a row number without a leading zero); any other shape goes to parse_cell_ref, so what is
// accepted and refused stays exactly its answer.
inline bool cell_ref(std::string_view r, std::uint32_t& col, std::uint32_t& row) noexcept {
    const char* d = r.data();
    const std::size_t n = r.size();
    std::size_t i = 0;
    std::uint32_t c = 0;
    for (; i < n && i < 3 && d[i] >= 'A' && d[i] <= 'Z'; ++i) c = c * 26 + static_cast<std::uint32_t>(d[i] - 'A' + 1);
    if (i == 0 || i == n || d[i] < '1' || d[i] > '9' || n - i > 7) return xlsx::parse_cell_ref(r, col, row);
    std::uint32_t rw = 0;
    for (std::size_t j = i; j < n; ++j) {
        if (d[j] < '0' || d[j] > '9') return xlsx::parse_cell_ref(r, col, row);
        rw = rw * 10 + static_cast<std::uint32_t>(d[j] - '0');
    }
    if (c > xlsx::max_cols || rw > xlsx::max_rows) return false;
    col = c;
    row = rw;
    return true;
}

bool parse_double(std::string_view s, double& out) {
    s = trimmed(s);
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    if (s.empty()) return false;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    // from_chars also reads "nan" and "inf", which no spreadsheet stores as a cell value.
    return ec == std::errc{} && p == s.data() + s.size() && std::isfinite(out);
}

}  // namespace

sheet_summary workbook::impl::stream_sheet(const sheet_info& sheet, const std::function<void(const row&)>& fn) const {
    if (sheet.kind != "worksheet") {
        throw error(error_category::bad_input, pkg.where(sheet.part, sheet.name),
                    trf("'{}' is a {}, not a worksheet with cells", {sheet.name, sheet.kind}));
    }
    const std::string& part = sheet.part;
    auto stream = pkg.stream(part, /*readahead=*/true);
    xml::pull_parser p([&stream](char* b, std::size_t n) { return stream.read(b, n); }, 1 << 18, pkg.limits().xml);
    const std::string qsheet = xlsx::quote_sheet_name(sheet.name);

    sheet_summary sum;
    row current;
    std::size_t used = 0;  // cells in use in current.cells (the rest keep their buffers)
    std::unordered_map<std::uint32_t, shared_formula> shared;
    std::uint32_t row_index = 0;
    std::uint32_t col = 0;
    bool in_data = false;
    std::string value_text;
    std::string inline_text;

    auto fail_at = [&](std::uint32_t c, std::uint32_t r, const std::string& msg, const std::string& hint = {},
                       error_category cat = error_category::bad_input) {
        try {
            p.fail(msg);
        } catch (const error& e) {
            location loc = pkg.where(part, qsheet + "!" + xlsx::cell_ref(c ? c : 1, r ? r : 1));
            loc.line = e.where().line;
            loc.column = e.where().column;
            throw error(cat, loc, msg, hint);
        }
    };

    auto emit_row = [&] {
        if (used == 0) return;
        // Cells normally arrive in column order; put them in order when a producer did not.
        auto first = current.cells.begin(), last = current.cells.begin() + static_cast<std::ptrdiff_t>(used);
        if (!std::is_sorted(first, last, [](const cell& a, const cell& b) { return a.col < b.col; })) {
            std::stable_sort(first, last, [](const cell& a, const cell& b) { return a.col < b.col; });
        }
        for (std::size_t i = 1; i < used; ++i) {
            if (current.cells[i].col == current.cells[i - 1].col)
                fail_at(current.cells[i].col, row_index, "the cell appears twice in its row");
        }
        current.index = row_index;
        current.cells.resize(used);  // the vector keeps its capacity for the next row
        if (sum.first_row == 0) sum.first_row = row_index;
        sum.last_row = row_index;
        const std::uint32_t fc = current.cells.front().col, lc = current.cells.back().col;
        if (sum.first_col == 0 || fc < sum.first_col) sum.first_col = fc;
        if (lc > sum.last_col) sum.last_col = lc;
        ++sum.rows_with_values;
        sum.cells += used;
        if (sum.cells > limits.max_cells)
            fail_at(lc, row_index, trf("the sheet has more than {} cells (limit)", {std::to_string(limits.max_cells)}),
                    limit_hint("cells"), error_category::limit);
        fn(current);
        used = 0;
    };

    // The cell in the window's checks and errors, shared by the fast path and the parser's:
    // r, t and s are raw attribute values. Sets c_col, c_row, kind, t_absent and t_unknown.
    std::uint32_t c_col = 0, c_row = 0;
    cell_kind kind = cell_kind::number;
    bool t_absent = true;
    std::string t_unknown;
    auto open_cell = [&](std::string_view r, std::string_view t_raw, std::string_view s) -> cell& {
        if (row_index == 0) fail_at(1, 1, tr("a cell outside any row"));
        c_col = col + 1;
        c_row = row_index;
        if (!r.empty() && !cell_ref(r, c_col, c_row))
            fail_at(col + 1, row_index, trf("invalid cell reference r=\"{}\"", {std::string(r)}));
        if (c_row != row_index)
            fail_at(c_col, c_row, trf("cell {} sits in row {}", {std::string(r), std::to_string(row_index)}),
                    tr("the sheet XML is inconsistent; re-save the file"));
        if (c_col > xlsx::max_cols) fail_at(xlsx::max_cols, c_row, tr("more than 16384 columns"));
        if (c_col > limits.max_columns)
            fail_at(c_col, c_row, trf("column {} is beyond the limit of {} columns", {xlsx::column_name(c_col), std::to_string(limits.max_columns)}),
                    limit_hint("columns"), error_category::limit);
        col = c_col;
        // Decoded now: attribute views die when reading the children refills the input window.
        kind = kind_of(t_raw);
        t_absent = t_raw.empty();
        if (kind == cell_kind::unknown) t_unknown.assign(t_raw);
        std::uint32_t style = 0;
        if (!s.empty()) std::from_chars(s.data(), s.data() + s.size(), style);
        if (used == current.cells.size()) current.cells.emplace_back();
        cell& out = current.cells[used];
        out.row = c_row;
        out.col = c_col;
        out.style = style;
        out.value.clear();
        out.formula.clear();
        return out;
    };

    // Converts the value by type (after the cell's children were read) and keeps the cell when
    // it holds a value or a formula. inline_text is the <is> text when has_is.
    auto close_cell = [&](cell& out, std::string_view text, bool has_v, bool has_is, bool has_f) {
        cell_value& v = out.value;
        if (kind == cell_kind::inline_str || (t_absent && has_is)) {
            if (has_is) {
                xlsx::decode_x_escapes(inline_text);
                v.type = cell_type::text;
                v.text.swap(inline_text);
            } else if (has_v) {
                v.type = cell_type::text;
                v.text = text;
            }
        } else if (has_v && trimmed(text).empty() &&
                   (kind == cell_kind::number || kind == cell_kind::shared || kind == cell_kind::iso_date)) {
            // <v></v> or <v/> in a number, shared-string or date cell: Excel shows an empty cell.
        } else if (has_v) {
            if (kind == cell_kind::number) {
                double d;
                if (!parse_double(text, d))
                    fail_at(c_col, c_row, trf("\"{}\" is not a number", {std::string(text)}), tr("the cell claims to hold a number"));
                // Under a date format only a serial of the date system is a date; Excel shows
                // others (negative, past 9999-12-31) as #####: kib keeps the number.
                if (styles.is_date(out.style) && workbook_serial_is_date(d, date1904)) {
                    v.type = cell_type::date;
                    v.number = workbook_serial_to_serial(d, date1904);
                } else {
                    v.type = cell_type::number;
                    v.number = d;
                }
            } else if (kind == cell_kind::shared) {
                std::size_t idx = 0;
                const std::string_view it = trimmed(text);
                auto [ptr, ec] = std::from_chars(it.data(), it.data() + it.size(), idx);
                if (ec != std::errc{} || ptr != it.data() + it.size() || idx >= strings.size())
                    fail_at(c_col, c_row,
                            trf("shared string index \"{}\" is out of range (the table has {} strings)",
                                {std::string(text), std::to_string(strings.size())}),
                            tr("the workbook is damaged; re-save it in Excel or LibreOffice"));
                v.type = cell_type::text;
                v.text.assign(strings.at(idx));
            } else if (kind == cell_kind::str) {
                v.type = cell_type::text;
                v.text = text;
                xlsx::decode_x_escapes(v.text);
            } else if (kind == cell_kind::boolean) {
                const std::string_view b = trimmed(text);
                if (b != "0" && b != "1" && b != "true" && b != "false")
                    fail_at(c_col, c_row, trf("\"{}\" is not a boolean", {std::string(text)}));
                v.type = cell_type::boolean;
                v.number = (b == "1" || b == "true") ? 1.0 : 0.0;
            } else if (kind == cell_kind::error) {
                v.type = cell_type::error;
                v.text = text;
            } else if (kind == cell_kind::iso_date) {
                // A date, a date and time, or a time alone (10:10:10, which Excel shows as a time).
                const std::string_view iso = trimmed(text);
                const auto serial = iso.size() > 2 && iso[2] == ':' ? iso_time_to_serial(iso) : iso_to_serial(iso);
                if (!serial) fail_at(c_col, c_row, trf("\"{}\" is not an ISO 8601 date or time", {std::string(text)}));
                v.type = cell_type::date;
                v.number = *serial;
            } else {
                fail_at(c_col, c_row, trf("unknown cell type t=\"{}\"", {t_unknown}));
            }
        }
        if (!v.empty() || has_f) ++used;
    };

    // The fast path may take cells only where the parser would read <c> and <v> as SpreadsheetML
    // within the depth limit (a cell and its <v> sit two levels below the row).
    const std::size_t value_limit = p.resource_limits().max_value_size;
    auto fast_cells_allowed = [&] {
        return static_cast<std::size_t>(p.depth()) + 2 <= p.resource_limits().max_depth && p.default_ns() == ns::sml;
    };

    // A row is handed out when the next row number or the end of sheetData comes, not at </row>:
    // some writers write one row number twice, and Excel merges the cells of both.
    for (;;) {
        // Plain cells straight from the window (readers/sheet_scan.hpp); the first cell it does
        // not take on, and everything else, goes through the parser below.
        if (in_data && row_index != 0 && fast_cells_allowed()) {
            xlsx::plain_cell pc;
            while (xlsx::scan_plain_cell(p.unread(), pc) && pc.v.size() <= value_limit) {
                p.skip(pc.start_tag_size);  // errors about the attributes point where the parser's would
                cell& out = open_cell(pc.r, pc.t, pc.s);
                p.skip(pc.size - pc.start_tag_size);
                close_cell(out, pc.v, pc.has_v, false, false);
            }
        }
        const ev e = p.next();
        if (e == ev::eof) break;
        if (e == ev::end) {
            if (p.element_ns() == ns::sml && is_name(p.local_name(), "sheetData")) {
                emit_row();
                in_data = false;
            }
            continue;
        }
        if (e != ev::start || p.element_ns() != ns::sml) continue;
        const std::string_view name = p.local_name();
        if (!in_data) {
            if (name == "sheetData") in_data = true;
            else if (name == "dimension") sum.dimension = p.attr(ns::none, "ref");
            else if (name == "mergeCell") sum.merged.push_back(p.attr(ns::none, "ref"));
            continue;
        }
        if (is_name(name, "row")) {
            const std::string_view r = p.attr_raw(ns::none, "r");
            std::uint32_t next_row = row_index + 1;
            if (!r.empty()) {
                auto [ptr, ec] = std::from_chars(r.data(), r.data() + r.size(), next_row);
                if (ec != std::errc{} || ptr != r.data() + r.size() || next_row == 0 || next_row > xlsx::max_rows)
                    fail_at(1, row_index + 1, trf("invalid row number r=\"{}\"", {std::string(r)}));
            }
            if (next_row == row_index) continue;  // the same row again: its cells join the pending ones
            if (next_row < row_index)
                fail_at(1, next_row, trf("row {} comes after row {}", {std::to_string(next_row), std::to_string(row_index)}),
                        tr("rows must be in ascending order; re-save the file in Excel or LibreOffice"));
            emit_row();
            if (next_row > xlsx::max_rows) fail_at(1, xlsx::max_rows, tr("more than 1048576 rows"));
            if (next_row > limits.max_rows)
                fail_at(1, next_row, trf("row {} is beyond the limit of {} rows", {std::to_string(next_row), std::to_string(limits.max_rows)}),
                        limit_hint("rows"), error_category::limit);
            row_index = next_row;
            col = 0;
            continue;
        }
        if (!is_name(name, "c")) continue;
        // <c r="B7" s="3" t="s">
        cell& out = open_cell(p.attr_raw(ns::none, "r"), p.attr_raw(ns::none, "t"), p.attr_raw(ns::none, "s"));
        bool has_v = false, has_is = false, has_f = false;
        value_text.clear();
        inline_text.clear();
        // Children: <f>, <v>, <is>; anything else (extLst) is skipped.
        for (ev ce = p.next();; ce = p.next()) {
            if (ce == ev::eof) p.fail(tr("unexpected end of part inside a cell"));
            if (ce == ev::end && p.element_ns() == ns::sml && is_name(p.local_name(), "c")) break;
            if (ce == ev::start && p.element_ns() == ns::sml) {
                const std::string_view child = p.local_name();
                if (is_name(child, "v")) {
                    value_text.assign(p.element_text());
                    has_v = true;
                } else if (is_name(child, "f")) {
                    has_f = true;
                    const std::string ft = std::string(p.attr_raw(ns::none, "t"));
                    std::string si_text = std::string(p.attr_raw(ns::none, "si"));
                    out.formula.assign(p.element_text());
                    if (ft == "shared" && !si_text.empty()) {
                        std::uint32_t si = 0;
                        std::from_chars(si_text.data(), si_text.data() + si_text.size(), si);
                        if (!out.formula.empty()) {
                            shared[si] = shared_formula{out.formula, c_row, c_col};
                        } else if (auto it = shared.find(si); it != shared.end()) {
                            out.formula = xlsx::shift_formula(it->second.text, static_cast<int>(c_row) - static_cast<int>(it->second.row),
                                                              static_cast<int>(c_col) - static_cast<int>(it->second.col));
                        } else {
                            fail_at(c_col, c_row, trf("shared formula {} is used before it is defined", {si_text}));
                        }
                    }
                } else if (is_name(child, "is")) {
                    has_is = true;
                    int rph = 0;
                    for (ev ie = p.next();; ie = p.next()) {
                        if (ie == ev::eof) p.fail(tr("unexpected end of part inside <is>"));
                        if (ie == ev::end && p.element_ns() == ns::sml && p.local_name() == "is") break;
                        if (ie == ev::start && p.element_ns() == ns::sml) {
                            if (p.local_name() == "rPh") ++rph;
                            else if (p.local_name() == "t" && rph == 0) inline_text += p.element_text();
                        } else if (ie == ev::end && p.element_ns() == ns::sml && p.local_name() == "rPh") {
                            --rph;
                        }
                    }
                } else {
                    p.skip_element();
                }
            }
        }
        close_cell(out, value_text, has_v, has_is, has_f);
    }
    emit_row();  // a part that ends without </sheetData> fails in the parser; this is for clarity
    return sum;
}

workbook::workbook(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
workbook::workbook(workbook&&) noexcept = default;
workbook& workbook::operator=(workbook&&) noexcept = default;
workbook::~workbook() = default;

workbook workbook::open(const std::string& path, const workbook_limits& limits) {
    return open(package::open(path, limits.package), limits);
}

workbook workbook::open(package pkg, const workbook_limits& limits) {
    auto p = std::make_unique<impl>(std::move(pkg));
    p->limits = limits;
    p->load();
    return workbook(std::move(p));
}

const package& workbook::pkg() const noexcept { return impl_->pkg; }
const std::vector<sheet_info>& workbook::sheets() const noexcept { return impl_->sheets; }
const std::vector<defined_name_info>& workbook::defined_names() const noexcept { return impl_->names; }
bool workbook::date1904() const noexcept { return impl_->date1904; }
const std::string& workbook::workbook_part() const noexcept { return impl_->workbook_part; }

const sheet_info& workbook::sheet(std::string_view name) const {
    const std::string want = ascii_lower(name);
    for (const auto& s : impl_->sheets) {
        if (ascii_lower(s.name) == want) return s;
    }
    std::string list;
    for (const auto& s : impl_->sheets) {
        if (!list.empty()) list += ", ";
        list += "'" + s.name + "'";
    }
    throw error(error_category::bad_input, impl_->pkg.where(impl_->workbook_part),
                trf("there is no sheet named '{}'", {std::string(name)}), trf("the workbook has {}", {list}));
}

const table_info* workbook::find_table(std::string_view name) const noexcept {
    const std::string want = ascii_lower(name);
    for (const auto& s : impl_->sheets) {
        for (const auto& t : s.tables) {
            if (ascii_lower(t.name) == want) return &t;
        }
    }
    return nullptr;
}

sheet_summary workbook::for_each_row(const sheet_info& sheet, const std::function<void(const row&)>& fn) const {
    try {
        return impl_->stream_sheet(sheet, fn);
    } catch (const error& e) {
        throw e.with_context(impl_->pkg.where(sheet.part));
    }
}

std::vector<row> workbook::read_rows(const sheet_info& sheet) const {
    std::vector<row> rows;
    for_each_row(sheet, [&rows](const row& r) { rows.push_back(r); });
    return rows;
}

namespace {
struct enough_rows {};  // thrown by read_first_rows' callback to stop streaming early
}  // namespace

std::vector<row> workbook::read_first_rows(const sheet_info& sheet, std::size_t max_rows) const {
    std::vector<row> rows;
    if (max_rows == 0) return rows;
    try {
        for_each_row(sheet, [&rows, max_rows](const row& r) {
            rows.push_back(r);
            if (rows.size() >= max_rows) throw enough_rows{};
        });
    } catch (const enough_rows&) {
        // The part stream's destructor stops and joins its inflate thread.
    }
    return rows;
}

}  // namespace kib
