#include "engine/cli/set.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <utility>
#include <vector>
#include <ostream>

#include "readers/error.hpp"
#include "writers/xlsx_edit.hpp"
#include "readers/i18n.hpp"

namespace kib {

namespace {

[[noreturn]] void bad_argument(std::string_view arg, std::string message, std::string hint) {
    location loc;
    loc.where = std::string(arg);
    throw error(error_category::bad_input, std::move(loc), std::move(message), std::move(hint));
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// "1.234.567" with separator '.': every group after the first has three digits.
bool valid_grouping(std::string_view s, char sep) {
    std::size_t start = 0;
    bool first = true;
    while (true) {
        const std::size_t end = s.find(sep, start);
        const std::string_view group = s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if (!all_digits(group) || (first ? group.size() > 3 : group.size() != 3)) return false;
        first = false;
        if (end == std::string_view::npos) return true;
        start = end + 1;
    }
}

std::optional<int> to_int(std::string_view s) {
    int v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
    return v;
}

int days_in_month(int y, int m) {
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return d[m - 1];
}

// "23-11-2026" or "23/11/2026", optionally followed by " 14:05" or " 14:05:30".
std::optional<double> parse_dutch_date(std::string_view s) {
    const std::size_t space = s.find(' ');
    std::string_view date = s.substr(0, space);
    std::string_view time = space == std::string_view::npos ? std::string_view{} : trim(s.substr(space + 1));
    const char sep = date.find('-') != std::string_view::npos ? '-' : '/';
    const std::size_t a = date.find(sep), b = date.rfind(sep);
    if (a == std::string_view::npos || a == b) return std::nullopt;
    const auto d = to_int(date.substr(0, a)), m = to_int(date.substr(a + 1, b - a - 1)), y = to_int(date.substr(b + 1));
    if (!d || !m || !y || date.substr(b + 1).size() != 4 || a > 2 || b - a - 1 > 2) return std::nullopt;
    if (*m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m) || *y < 1900) return std::nullopt;
    civil_time t;
    t.year = *y;
    t.month = *m;
    t.day = *d;
    if (!time.empty()) {
        const std::size_t c1 = time.find(':'), c2 = time.find(':', c1 == std::string_view::npos ? 0 : c1 + 1);
        if (c1 == std::string_view::npos) return std::nullopt;
        const auto h = to_int(time.substr(0, c1));
        const auto mi = to_int(time.substr(c1 + 1, c2 == std::string_view::npos ? std::string_view::npos : c2 - c1 - 1));
        const auto sec = c2 == std::string_view::npos ? std::optional<int>(0) : to_int(time.substr(c2 + 1));
        if (!h || !mi || !sec || *h > 23 || *mi > 59 || *sec > 59 || *h < 0 || *mi < 0 || *sec < 0) return std::nullopt;
        t.hour = *h;
        t.minute = *mi;
        t.second = *sec;
    }
    return civil_to_serial(t);
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

}  // namespace

std::optional<double> parse_number(std::string_view text) {
    std::string_view s = trim(text);
    if (s.empty()) return std::nullopt;
    bool negative = false;
    if (s.front() == '-' || s.front() == '+') {
        negative = s.front() == '-';
        s.remove_prefix(1);
    }
    if (s.empty()) return std::nullopt;
    const std::size_t dot = s.rfind('.'), comma = s.rfind(',');
    std::string normal;
    std::string_view int_part = s, frac_part;
    char group_sep = 0;
    if (dot != std::string_view::npos && comma != std::string_view::npos) {
        const std::size_t dec = std::max(dot, comma);
        group_sep = dec == dot ? ',' : '.';
        int_part = s.substr(0, dec);
        frac_part = s.substr(dec + 1);
        if (int_part.find(s[dec]) != std::string_view::npos) return std::nullopt;
    } else if (comma != std::string_view::npos || dot != std::string_view::npos) {
        const char sep = comma != std::string_view::npos ? ',' : '.';
        if (s.find(sep) == s.rfind(sep)) {  // one separator: a decimal mark
            int_part = s.substr(0, s.find(sep));
            frac_part = s.substr(s.find(sep) + 1);
            if (int_part.empty()) int_part = "0";
            if (!all_digits(frac_part)) return std::nullopt;
        } else {
            group_sep = sep;  // several: thousands separators (1.234.567)
        }
    } else {
        // Plain digits, maybe with an exponent (1e6).
        double v = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc{} || p != s.data() + s.size() || !(s.front() >= '0' && s.front() <= '9')) return std::nullopt;
        return negative ? -v : v;
    }
    if (group_sep) {
        if (!valid_grouping(int_part, group_sep)) return std::nullopt;
    } else if (!all_digits(int_part)) {
        return std::nullopt;
    }
    if (!frac_part.empty() && !all_digits(frac_part)) return std::nullopt;
    for (char c : int_part)
        if (c != group_sep) normal += c;
    if (!frac_part.empty()) {
        normal += '.';
        normal.append(frac_part);
    }
    double v = 0;
    auto [p, ec] = std::from_chars(normal.data(), normal.data() + normal.size(), v);
    if (ec != std::errc{} || p != normal.data() + normal.size()) return std::nullopt;
    return negative ? -v : v;
}

assignment parse_assignment(std::string_view arg) {
    assignment a;
    std::size_t i = 0;
    if (!arg.empty() && arg.front() == '\'') {
        // 'KPI''s'!C3: a doubled quote is a quote; a single one closes the name.
        i = 1;
        bool closed = false;
        while (i < arg.size()) {
            if (arg[i] == '\'') {
                if (i + 1 < arg.size() && arg[i + 1] == '\'') {
                    a.sheet += '\'';
                    i += 2;
                    continue;
                }
                closed = true;
                ++i;
                break;
            }
            a.sheet += arg[i++];
        }
        if (!closed || i >= arg.size() || arg[i] != '!')
            bad_argument(arg, tr("the quoted sheet name is not closed by '!"), tr("write it as 'KPI''s'!C3=12,5"));
        ++i;
    } else {
        const std::size_t eq = arg.find('=');
        const std::size_t bang = arg.find('!');
        if (bang != std::string_view::npos && (eq == std::string_view::npos || bang < eq)) {
            a.sheet = std::string(arg.substr(0, bang));
            i = bang + 1;
        }
    }
    const std::size_t eq = arg.find('=', i);
    if (eq == std::string_view::npos)
        bad_argument(arg, tr("the argument has no '='"), tr("write CELL=VALUE, e.g. Status!B7=12,5 (an empty value clears)"));
    a.ref = std::string(trim(arg.substr(i, eq - i)));
    a.value = std::string(arg.substr(eq + 1));
    if (a.ref.empty()) bad_argument(arg, tr("the argument names no cell"), tr("write e.g. Status!B7=12,5"));
    return a;
}

parsed_value parse_value(std::string_view text, bool force_text) {
    parsed_value out;
    if (force_text) {
        if (!text.empty()) out.value = cell_value::make_text(std::string(text));
        return out;
    }
    const std::string_view t = trim(text);
    if (t.empty()) return out;
    if (t.front() == '\'') {  // Excel's own "keep this as text" mark
        out.value = cell_value::make_text(std::string(text.substr(text.find('\'') + 1)));
        return out;
    }
    if (t.front() == '=' && t.size() > 1) {
        out.formula = std::string(t.substr(1));
        return out;
    }
    const std::string u = upper(t);
    if (u == "TRUE" || u == "WAAR") {
        out.value = cell_value::make_bool(true);
        return out;
    }
    if (u == "FALSE" || u == "ONWAAR") {
        out.value = cell_value::make_bool(false);
        return out;
    }
    if (auto d = iso_to_serial(t)) {
        out.value = cell_value::make_date(*d);
        return out;
    }
    if (auto d = parse_dutch_date(t)) {
        out.value = cell_value::make_date(*d);
        return out;
    }
    if (t.back() == '%') {
        if (auto n = parse_number(t.substr(0, t.size() - 1))) {
            out.value = cell_value::make_number(*n / 100.0);
            out.percentage = true;
            return out;
        }
    }
    if (auto n = parse_number(t)) {
        out.value = cell_value::make_number(*n);
        return out;
    }
    out.value = cell_value::make_text(std::string(text));
    return out;
}

void set_cells(const std::string& file, const std::vector<std::string>& assignments, const set_options& options,
               std::ostream& out) {
    if (options.output.empty() && !options.in_place)
        throw error(error_category::bad_input, {file, {}, {}, 0, 0}, tr("no output file"),
                    tr("name one with -o OUT.xlsx, or pass --in-place to replace FILE (a backup is kept)"));
    if (!options.output.empty() && options.in_place)
        throw error(error_category::bad_input, {file, {}, {}, 0, 0}, tr("-o and --in-place exclude each other"),
                    tr("use one of them"));
    if (assignments.empty())
        throw error(error_category::bad_input, {file, {}, {}, 0, 0}, tr("nothing to set"), tr("add e.g. 'Status!B7=12,5'"));
    workbook_editor editor = workbook_editor::open(file);
    const std::vector<std::string> sheets = editor.sheet_names();
    // Every assignment is applied in memory first; a bad one stops before anything is written.
    // The cells are named to the editor first, so a big sheet is read once for all of them.
    std::vector<std::pair<std::string, assignment>> parsed;
    std::map<std::string, std::vector<std::string>> refs_by_sheet;
    for (const std::string& arg : assignments) {
        const assignment a = parse_assignment(arg);
        const std::string sheet = a.sheet.empty() ? (sheets.empty() ? std::string{} : sheets.front()) : a.sheet;
        refs_by_sheet[sheet].push_back(a.ref);
        parsed.emplace_back(sheet, a);
    }
    for (const auto& [sheet, refs] : refs_by_sheet)
        if (std::find(sheets.begin(), sheets.end(), sheet) != sheets.end()) editor.prefetch(sheet, refs);
    for (const auto& [sheet, a] : parsed) {
        const parsed_value v = parse_value(a.value, options.force_text);
        if (!v.formula.empty()) editor.set_formula(sheet, a.ref, v.formula);
        else editor.set(sheet, a.ref, v.value);
        if (v.percentage) editor.set_number_style(sheet, a.ref, number_style::percentage);
    }
    save_options so;
    so.overwrite_source = options.in_place;
    const save_result r = editor.save(options.in_place ? file : options.output, so);
    for (const cell_change& c : editor.changes())
        out << c.where() << ": " << (c.old_value.empty() ? tr("(empty)") : c.old_value) << " \u2192 "
            << (c.new_value.empty() ? tr("(empty)") : c.new_value) << '\n';
    const std::string n = std::to_string(editor.changes().size());
    const std::string changed = editor.changes().size() == 1 ? tr("1 cell changed") : trf("{} cells changed", {n});
    out << (r.backup.empty() ? trf("saved {} ({})", {r.target, changed})
                             : trf("saved {} ({}; backup {})", {r.target, changed, r.backup}))
        << '\n';
}

}  // namespace kib
