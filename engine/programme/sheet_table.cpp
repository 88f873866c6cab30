#include "engine/programme/sheet_table.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "readers/xlsx_parts.hpp"
#include "readers/i18n.hpp"

namespace kib::detail {

namespace {

std::string display_text(const cell_value& v) {
    if (v.type == cell_type::text || v.type == cell_type::error) return v.text;
    return v.to_display();
}

std::string trim_copy(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
    return std::string(s);
}

bool name_matches(std::string_view folded, const std::string& key, const std::vector<std::string>& aliases) {
    if (folded == fold_name(key)) return true;
    for (const auto& a : aliases)
        if (folded == fold_name(a)) return true;
    return false;
}

// 1..12 for a Dutch or English month name or its abbreviation ("maart", "mrt", "march"); 0 otherwise.
int month_number(std::string_view name) {
    static constexpr std::string_view months[12][3] = {
        {"januari", "jan", "january"}, {"februari", "feb", "february"}, {"maart", "mrt", "march"},
        {"april", "apr", "april"},     {"mei", "may", "may"},           {"juni", "jun", "june"},
        {"juli", "jul", "july"},       {"augustus", "aug", "august"},   {"september", "sep", "sept"},
        {"oktober", "okt", "october"}, {"november", "nov", "nov"},      {"december", "dec", "dec"}};
    for (int k = 0; k < 12; ++k)
        for (auto m : months[k])
            if (name == m) return k + 1;
    return 0;
}

std::string accepted_names(const column_spec& c) {
    std::string out = "\"" + c.key + "\"";
    for (const auto& a : c.aliases) out += ", \"" + a + "\"";
    return out;
}

}  // namespace

std::string fold_name(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\'' || c == '.' || c == '-' || c == '_' ||
            c == '(' || c == ')' || c == '/' || c == ':')
            continue;
        // U+2019 (’) and U+00A0 (no-break space) as typed by Word/Excel autocorrect.
        if (s.substr(i, 3) == "\xE2\x80\x99") {
            i += 2;
            continue;
        }
        if (s.substr(i, 2) == "\xC2\xA0") {
            ++i;
            continue;
        }
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

std::optional<double> parse_number_text(std::string_view s) {
    std::string buf = trim_copy(s);
    if (buf.empty()) return std::nullopt;
    int seps = 0;
    for (char& c : buf) {
        if (c == ',') c = '.';
        if (c == '.') ++seps;
    }
    if (seps > 1) return std::nullopt;
    const char* first = buf.data();
    if (*first == '+') ++first;
    double v = 0;
    auto [p, ec] = std::from_chars(first, buf.data() + buf.size(), v);
    if (ec != std::errc{} || p != buf.data() + buf.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::optional<double> parse_date_text(std::string_view raw) {
    const std::string s = trim_copy(raw);
    if (auto iso = iso_to_serial(s)) return iso;
    // d-m-yyyy or d/m/yyyy (Dutch order).
    int d = 0, m = 0, y = 0;
    char s1 = 0, s2 = 0;
    {
        std::size_t i = 0;
        auto num = [&](int& out, std::size_t maxlen) {
            std::size_t start = i;
            out = 0;
            while (i < s.size() && i - start < maxlen && s[i] >= '0' && s[i] <= '9') out = out * 10 + (s[i++] - '0');
            return i > start;
        };
        if (num(d, 2) && i < s.size() && ((s1 = s[i]) == '-' || s1 == '/' || s1 == '.') && (++i, num(m, 2)) &&
            i < s.size() && (s2 = s[i]) == s1 && (++i, num(y, 4)) && i == s.size() && y >= 1900 && m >= 1 && m <= 12 &&
            d >= 1 && d <= 31) {
            civil_time t;
            t.year = y;
            t.month = m;
            t.day = d;
            const double serial = civil_to_serial(t);
            const civil_time back = serial_to_civil(serial);
            if (back.day == d && back.month == m) return serial;
            return std::nullopt;
        }
    }
    // "23 november 2026" / "23 nov 2026".
    std::string low;
    for (char c : s) low += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    const auto sp1 = low.find(' ');
    const auto sp2 = low.rfind(' ');
    if (sp1 == std::string::npos || sp1 == sp2) return std::nullopt;
    const auto dd = parse_number_text(low.substr(0, sp1));
    const auto yy = parse_number_text(low.substr(sp2 + 1));
    const int month = month_number(low.substr(sp1 + 1, sp2 - sp1 - 1));
    if (!dd || !yy || month == 0 || *yy != std::floor(*yy) || *dd != std::floor(*dd)) return std::nullopt;
    civil_time t;
    t.year = static_cast<int>(*yy);
    t.month = month;
    t.day = static_cast<int>(*dd);
    const double serial = civil_to_serial(t);
    const civil_time back = serial_to_civil(serial);
    if (back.day == t.day && back.month == t.month) return serial;
    return std::nullopt;
}

std::optional<double> parse_month_text(std::string_view raw) {
    const std::string s = trim_copy(raw);
    std::string low;
    for (char c : s) low += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    int year = 0, month = 0;
    auto digits = [](std::string_view d) { return !d.empty() && std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; }); };
    if (low.size() == 7 && low[4] == '-' && digits(low.substr(0, 4)) && digits(low.substr(5))) {  // 2026-01
        year = std::stoi(low.substr(0, 4));
        month = std::stoi(low.substr(5));
    } else if (const auto sep = low.find_first_of("-/ "); sep != std::string::npos && sep <= 2 && low.size() - sep - 1 == 4 &&
               digits(low.substr(0, sep)) && digits(low.substr(sep + 1))) {  // 01-2026, 1/2026
        month = std::stoi(low.substr(0, sep));
        year = std::stoi(low.substr(sep + 1));
    } else if (const auto sp = low.rfind(' '); sp != std::string::npos && low.find(' ') == sp && low.size() - sp - 1 == 4 &&
               digits(low.substr(sp + 1))) {  // januari 2026, jan 2026
        month = month_number(low.substr(0, sp));
        year = std::stoi(low.substr(sp + 1));
    } else if (auto d = parse_date_text(s)) {
        const civil_time t = serial_to_civil(*d);
        year = t.year;
        month = t.month;
    }
    if (year < 1900 || year > 9999 || month < 1 || month > 12) return std::nullopt;
    civil_time t;
    t.year = year;
    t.month = month;
    t.day = 1;
    return civil_to_serial(t);
}

const sheet_info* sheet_table::find(const workbook& wb, const sheet_spec& spec) {
    for (const auto& s : wb.sheets())
        if (s.kind == "worksheet" && name_matches(fold_name(s.name), spec.name, spec.aliases)) return &s;
    return nullptr;
}

const sheet_info& sheet_table::find_or_fail(const workbook& wb, const std::string& file, const sheet_spec& spec) {
    const sheet_info* found = find(wb, spec);
    if (!found) {
        std::string list;
        for (const auto& s : wb.sheets()) list += (list.empty() ? "'" : ", '") + s.name + "'";
        std::string also;
        for (const auto& a : spec.aliases) also += (also.empty() ? "" : ", ") + a;
        throw error(error_category::bad_input, location{file, wb.workbook_part(), {}, 0, 0},
                    trf("the programme workbook has no sheet \"{}\"", {spec.name}),
                    also.empty() ? trf("add a sheet named \"{}\"; the workbook has {}", {spec.name, list})
                                : trf("add a sheet named \"{}\" (also accepted: {}); the workbook has {}", {spec.name, also, list}));
    }
    return *found;
}

sheet_table sheet_table::open(const workbook& wb, const std::string& file, const sheet_spec& spec) {
    const sheet_info& found = find_or_fail(wb, file, spec);
    sheet_table t;
    t.file_ = file;
    t.part_ = found.part;
    t.sheet_ = found.name;
    t.locate_header(wb.read_rows(found), spec);
    return t;
}

sheet_table sheet_table::stream(const workbook& wb, const std::string& file, const sheet_spec& spec,
                                const std::function<void(const sheet_table&, const row&)>& fn) {
    const sheet_info& found = find_or_fail(wb, file, spec);
    sheet_table t;
    t.file_ = file;
    t.part_ = found.part;
    t.sheet_ = found.name;
    // The header is among the first 10 rows with values, as in open().
    t.locate_header(wb.read_first_rows(found, 10), spec);
    t.rows_.clear();
    wb.for_each_row(found, [&](const row& r) {
        if (r.index > t.header_row_) fn(t, r);
    });
    return t;
}

sheet_table sheet_table::from_rows(std::vector<row> rows, const std::string& file, const std::string& sheet_label,
                                   const sheet_spec& spec) {
    sheet_table t;
    t.file_ = file;
    t.sheet_ = sheet_label;
    t.csv_ = true;
    t.locate_header(std::move(rows), spec);
    return t;
}

void sheet_table::locate_header(std::vector<row> all, const sheet_spec& spec) {
    std::size_t best = all.size();
    int best_count = -1;
    std::size_t limit = std::min<std::size_t>(all.size(), 10);
    for (std::size_t i = 0; i < limit; ++i) {
        int count = 0;
        bool all_required = true;
        for (const auto& c : spec.columns) {
            bool hit = false;
            for (const auto& cl : all[i].cells)
                if (cl.value.type == cell_type::text && name_matches(fold_name(cl.value.text), c.key, c.aliases)) hit = true;
            if (hit) ++count;
            else if (c.required) all_required = false;
        }
        if (all_required) {
            best = i;
            best_count = 1 << 20;
            break;
        }
        if (count > best_count) {
            best_count = count;
            best = i;
        }
    }
    if (best == all.size()) {
        throw error(error_category::bad_input, location{file_, part_, sheet_ + "!A1", 0, 0},
                    tr("the sheet is empty; it needs a header row"), tr("put the column names in the first row"));
    }
    const row& header = all[best];
    header_row_ = header.index;
    for (const auto& cl : header.cells) {
        if (cl.value.type != cell_type::text) continue;
        header_texts_.emplace_back(cl.col, trim_copy(cl.value.text));
        const std::string folded = fold_name(cl.value.text);
        for (const auto& c : spec.columns)
            if (!cols_.count(c.key) && name_matches(folded, c.key, c.aliases)) cols_[c.key] = cl.col;
    }
    for (const auto& c : spec.columns) {
        if (!c.required || cols_.count(c.key)) continue;
        std::string have;
        for (const auto& [col, text] : header_texts_) have += (have.empty() ? "" : ", ") + text;
        const std::uint32_t first = header.cells.empty() ? 1 : header.cells.front().col;
        const std::uint32_t last = header.cells.empty() ? 1 : header.cells.back().col;
        const std::string where = csv_ ? file_ + ":" + std::to_string(header_row_)
                                       : sheet_ + "!" + xlsx::cell_ref(first, header_row_) + ":" + xlsx::cell_ref(last, header_row_);
        throw error(error_category::bad_input, location{csv_ ? "" : file_, part_, where, 0, 0},
                    trf("column \"{}\" not found in the header row (it has: {})", {c.key, have}),
                    trf("name a column {}", {accepted_names(c)}));
    }
    for (auto& r : all)
        if (r.index > header_row_) rows_.push_back(std::move(r));
}

bool sheet_table::has(std::string_view key) const { return cols_.find(key) != cols_.end(); }

std::uint32_t sheet_table::column(std::string_view key) const {
    auto it = cols_.find(key);
    return it == cols_.end() ? 0 : it->second;
}

const cell_value* sheet_table::get(const row& r, std::uint32_t col) {
    if (col == 0) return nullptr;
    for (const auto& c : r.cells)
        if (c.col == col) return c.value.empty() ? nullptr : &c.value;
    return nullptr;
}

const cell_value* sheet_table::get(const row& r, std::string_view key) const { return get(r, column(key)); }

std::string sheet_table::ref(std::uint32_t col, std::uint32_t r) const {
    if (csv_) return file_ + ":" + std::to_string(r) + " (column " + std::to_string(col) + ")";
    return sheet_ + "!" + xlsx::cell_ref(col, r);
}

std::string sheet_table::ref(const row& r, std::string_view key) const { return ref(column(key), r.index); }

void sheet_table::fail_at(std::uint32_t col, std::uint32_t r, const std::string& message, const std::string& hint) const {
    throw error(error_category::bad_input, location{csv_ ? "" : file_, part_, ref(col, r), 0, 0}, message, hint);
}

void sheet_table::fail(const row& r, std::string_view key, const std::string& message, const std::string& hint) const {
    fail_at(column(key), r.index, message, hint);
}

std::string sheet_table::text(const row& r, std::string_view key) const {
    const cell_value* v = get(r, key);
    return v ? trim_copy(display_text(*v)) : std::string();
}

std::optional<double> sheet_table::number(const row& r, std::string_view key, bool required) const {
    const cell_value* v = get(r, key);
    if (!v) {
        if (required) fail(r, key, trf("\"{}\" is empty", {std::string(key)}), tr("fill in a number"));
        return std::nullopt;
    }
    if (v->type == cell_type::number) return v->number;
    if (v->type == cell_type::text) {
        if (auto n = parse_number_text(v->text)) return n;
    }
    fail(r, key, trf("\"{}\" is not a number", {display_text(*v)}), tr("write a number such as 3 or 2,5"));
}

std::optional<double> sheet_table::date(const row& r, std::string_view key, bool required) const {
    const cell_value* v = get(r, key);
    if (!v) {
        if (required) fail(r, key, trf("\"{}\" is empty", {std::string(key)}), tr("fill in a date such as 23-11-2026"));
        return std::nullopt;
    }
    if (v->type == cell_type::date) return std::floor(v->number);
    // A date cell without a date format arrives as a plain serial.
    if (v->type == cell_type::number && v->number > 20000 && v->number < 80000) return std::floor(v->number);
    if (v->type == cell_type::text) {
        if (auto d = parse_date_text(v->text)) return d;
    }
    fail(r, key, trf("\"{}\" is not a date", {display_text(*v)}), tr("write a date such as 23-11-2026 or 2026-11-23"));
}

std::optional<bool> sheet_table::yes_no(const row& r, std::string_view key) const {
    const cell_value* v = get(r, key);
    if (!v) return std::nullopt;
    if (v->type == cell_type::boolean) return v->number != 0.0;
    const std::string f = fold_name(display_text(*v));
    if (f == "ja" || f == "j" || f == "yes" || f == "y" || f == "true" || f == "waar" || f == "x" || f == "1" ||
        f == "\xE2\x9C\x93")
        return true;
    if (f == "nee" || f == "n" || f == "no" || f == "false" || f == "onwaar" || f == "0") return false;
    fail(r, key, trf("\"{}\" is not ja or nee", {display_text(*v)}), tr("write ja or nee (or leave it empty when unknown)"));
}

bool sheet_table::row_empty(const row& r) const {
    for (const auto& [key, col] : cols_)
        if (get(r, col)) return false;
    return true;
}

}  // namespace kib::detail
