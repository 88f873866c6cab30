#include "readers/xlsx_parts.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "readers/error.hpp"
#include "readers/i18n.hpp"

namespace kib::xlsx {

using ev = xml::pull_parser::event;
using xml::ns;

namespace {

std::uint32_t to_u32(std::string_view s, std::uint32_t fallback) {
    std::uint32_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size()) return fallback;
    return v;
}

bool truthy(std::string_view s) { return s == "1" || s == "true" || s == "on"; }

}  // namespace

// ---- workbook ----------------------------------------------------------------------------

workbook_part parse_workbook(std::string_view xml_text) {
    workbook_part out;
    xml::pull_parser p(xml_text);
    for (ev e = p.next(); e != ev::eof; e = p.next()) {
        if (e != ev::start || p.element_ns() != ns::sml) continue;
        const std::string_view name = p.local_name();
        if (name == "sheet") {
            workbook_sheet s;
            s.name = p.attr(ns::none, "name");
            if (p.has_attr(ns::none, "state")) s.state = p.attr(ns::none, "state");
            s.rel_id = p.attr(ns::rel, "id");
            s.sheet_id = to_u32(p.attr_raw(ns::none, "sheetId"), 0);
            if (s.name.empty()) p.fail(tr("a <sheet> without a name"));
            out.sheets.push_back(std::move(s));
        } else if (name == "workbookPr") {
            out.date1904 = truthy(p.attr_raw(ns::none, "date1904"));
        } else if (name == "definedName") {
            defined_name d;
            d.name = p.attr(ns::none, "name");
            d.hidden = truthy(p.attr_raw(ns::none, "hidden"));
            if (p.has_attr(ns::none, "localSheetId")) d.local_sheet = static_cast<int>(to_u32(p.attr_raw(ns::none, "localSheetId"), 0));
            d.value = std::string(p.element_text());
            out.names.push_back(std::move(d));
        }
    }
    return out;
}

// ---- styles ------------------------------------------------------------------------------

bool is_builtin_date_format(std::uint32_t id) noexcept {
    // 46 is [h]:mm:ss, elapsed time: a duration, a number like the custom code [h]:mm:ss.
    return (id >= 14 && id <= 22) || id == 45 || id == 47 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

bool is_date_format_code(std::string_view code) noexcept {
    // Only the first section decides (positive numbers); Excel does the same for dates.
    bool in_quote = false;
    for (std::size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        if (in_quote) {
            if (c == '"') in_quote = false;
            continue;
        }
        switch (c) {
            case '"': in_quote = true; break;
            case '\\':
            case '_':
            case '*': ++i; break;  // escaped, padding and fill characters take the next one
            case ';': return false;
            case '[': {
                const std::size_t close = code.find(']', i);
                if (close == std::string_view::npos) return false;
                const std::string_view inner = code.substr(i + 1, close - i - 1);
                // [h], [mm], [ss]: elapsed time, a duration rather than a point in time. Only a
                // bracket of one repeated h, m or s letter is; [Magenta] is a colour.
                const auto same_letter = [&inner](char lower) {
                    for (char ch : inner) {
                        if (ch != lower && ch != lower - ('a' - 'A')) return false;
                    }
                    return true;
                };
                if (!inner.empty() && (same_letter('h') || same_letter('m') || same_letter('s'))) return false;
                i = close;
                break;
            }
            case 'y': case 'Y': case 'd': case 'D': case 'h': case 'H': case 's': case 'S':
            case 'm': case 'M':
                return true;
            case 'a': case 'A':
                if (code.substr(i, 5) == "AM/PM" || code.substr(i, 5) == "am/pm" || code.substr(i, 3) == "A/P" ||
                    code.substr(i, 3) == "a/p")
                    return true;
                break;
            case 'G': case 'g':
                if (code.substr(i, 7) == "General" || code.substr(i, 7) == "general") {
                    i += 6;
                    break;
                }
                break;
            case 'e': case 'E':
                break;  // scientific notation exponent, not a year
            default: break;
        }
    }
    return false;
}

styles_part parse_styles(std::string_view xml_text) {
    styles_part out;
    std::vector<std::pair<std::uint32_t, bool>> custom;  // numFmtId -> is date
    xml::pull_parser p(xml_text);
    bool in_cell_xfs = false;
    for (ev e = p.next(); e != ev::eof; e = p.next()) {
        if (p.element_ns() != ns::sml) continue;
        if (e == ev::start) {
            const std::string_view name = p.local_name();
            if (name == "numFmt") {
                custom.emplace_back(to_u32(p.attr_raw(ns::none, "numFmtId"), 0),
                                    is_date_format_code(p.attr(ns::none, "formatCode")));
            } else if (name == "cellXfs") {
                in_cell_xfs = true;
            } else if (name == "xf" && in_cell_xfs) {
                out.xf_num_fmt.push_back(to_u32(p.attr_raw(ns::none, "numFmtId"), 0));
            }
        } else if (e == ev::end && p.local_name() == "cellXfs") {
            in_cell_xfs = false;
        }
    }
    out.xf_is_date.reserve(out.xf_num_fmt.size());
    for (std::uint32_t id : out.xf_num_fmt) {
        bool date = is_builtin_date_format(id);
        for (const auto& [cid, cdate] : custom) {
            if (cid == id) date = cdate;  // a custom code overrides a built-in id
        }
        out.xf_is_date.push_back(date);
    }
    return out;
}

// ---- shared strings ----------------------------------------------------------------------

void decode_x_escapes(std::string& s) {
    std::size_t at = s.find("_x");
    if (at == std::string::npos) return;
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    while (i < s.size()) {
        if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && s[i + 6] == '_' && hex(s[i + 2]) >= 0 &&
            hex(s[i + 3]) >= 0 && hex(s[i + 4]) >= 0 && hex(s[i + 5]) >= 0) {
            const unsigned cp = static_cast<unsigned>((hex(s[i + 2]) << 12) | (hex(s[i + 3]) << 8) |
                                                      (hex(s[i + 4]) << 4) | hex(s[i + 5]));
            if (cp < 0x80) {
                out += static_cast<char>(cp);
            } else if (cp < 0x800) {
                out += static_cast<char>(0xC0 | (cp >> 6));
                out += static_cast<char>(0x80 | (cp & 0x3F));
            } else if (cp < 0xD800 || cp > 0xDFFF) {
                out += static_cast<char>(0xE0 | (cp >> 12));
                out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                out += static_cast<char>(0x80 | (cp & 0x3F));
            } else {
                out.append(s, i, 7);  // a lone surrogate: keep the escape as written
            }
            i += 7;
        } else {
            out += s[i++];
        }
    }
    s.swap(out);
}

void shared_strings::parse(xml::pull_parser& p, std::size_t max_count, std::size_t part_size) {
    // Capped: the declared size of a hostile part is only bounded by the part-size limit, and an
    // untouched reservation costs address space, not memory.
    arena_.reserve(std::min<std::size_t>(part_size, std::size_t{256} << 20));
    std::string current;
    int rph_depth = 0;  // >0 while inside <rPh> (phonetic guide text, not part of the value)
    bool in_si = false;
    for (ev e = p.next(); e != ev::eof; e = p.next()) {
        if (e == ev::start && p.element_ns() == ns::sml) {
            const std::string_view name = p.local_name();
            if (name == "si") {
                in_si = true;
                current.clear();
            } else if (name == "rPh") {
                ++rph_depth;
            } else if (name == "t" && in_si && rph_depth == 0) {
                current += p.element_text();
                // Rich text: many runs, each under the limit, must not add up past it.
                if (current.size() > p.resource_limits().max_value_size)
                    p.fail_limit(trf("a shared string of more than {} bytes (limit)", {std::to_string(p.resource_limits().max_value_size)}),
                                 tr("no cell holds this much text (the limit is string_mb: --limit string_mb=N, or string_mb under [limits] in kib.toml)"));
            }
        } else if (e == ev::end && p.element_ns() == ns::sml) {
            const std::string_view name = p.local_name();
            if (name == "rPh") {
                --rph_depth;
            } else if (name == "si") {
                in_si = false;
                decode_x_escapes(current);
                if (size() >= max_count) {
                    try {
                        p.fail(trf("more than {} shared strings (limit)", {std::to_string(max_count)}));
                    } catch (const error& err) {  // same place and text, but a limit, not damage
                        throw error(error_category::limit, err.where(), err.message(),
                                    trf("the workbook holds more distinct texts than kib accepts; {}", {limit_hint("shared_strings")}));
                    }
                }
                arena_ += current;
                offsets_.push_back(arena_.size());
            }
        }
    }
}

// ---- tables ------------------------------------------------------------------------------

table_part parse_table(std::string_view xml_text) {
    table_part out;
    xml::pull_parser p(xml_text);
    for (ev e = p.next(); e != ev::eof; e = p.next()) {
        if (e != ev::start || p.element_ns() != ns::sml) continue;
        if (p.local_name() == "table") {
            out.name = p.attr(ns::none, "name");
            out.display_name = p.attr(ns::none, "displayName");
            out.ref = p.attr(ns::none, "ref");
            out.header_rows = to_u32(p.attr_raw(ns::none, "headerRowCount"), 1);
            out.totals_rows = to_u32(p.attr_raw(ns::none, "totalsRowCount"), 0);
        } else if (p.local_name() == "tableColumn") {
            out.columns.push_back(p.attr(ns::none, "name"));
        }
    }
    return out;
}

// ---- references --------------------------------------------------------------------------

bool parse_cell_ref(std::string_view ref, std::uint32_t& col, std::uint32_t& row) noexcept {
    std::size_t i = 0;
    if (i < ref.size() && ref[i] == '$') ++i;
    std::uint32_t c = 0;
    const std::size_t letters = i;
    while (i < ref.size()) {
        char ch = ref[i];
        if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
        if (ch < 'A' || ch > 'Z') break;
        c = c * 26 + static_cast<std::uint32_t>(ch - 'A' + 1);
        if (c > max_cols) return false;
        ++i;
    }
    if (i == letters) return false;
    if (i < ref.size() && ref[i] == '$') ++i;
    std::uint32_t r = 0;
    const std::size_t digits = i;
    while (i < ref.size() && ref[i] >= '0' && ref[i] <= '9') {
        r = r * 10 + static_cast<std::uint32_t>(ref[i] - '0');
        if (r > max_rows) return false;
        ++i;
    }
    if (i == digits || i != ref.size() || r == 0) return false;
    col = c;
    row = r;
    return true;
}

std::string column_name(std::uint32_t col) {
    std::string s;
    while (col > 0) {
        const std::uint32_t rem = (col - 1) % 26;
        s.insert(s.begin(), static_cast<char>('A' + rem));
        col = (col - 1) / 26;
    }
    return s;
}

std::string cell_ref(std::uint32_t col, std::uint32_t row) { return column_name(col) + std::to_string(row); }

std::string quote_sheet_name(std::string_view name) {
    bool plain = !name.empty() && !(name[0] >= '0' && name[0] <= '9');
    for (char c : name) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
                        c == '.' || static_cast<unsigned char>(c) >= 0x80;
        if (!ok) plain = false;
    }
    // A name that looks like a cell reference (e.g. "A1") must be quoted too.
    std::uint32_t c = 0, r = 0;
    if (plain && !parse_cell_ref(name, c, r)) return std::string(name);
    std::string out = "'";
    for (char ch : name) {
        if (ch == '\'') out += '\'';
        out += ch;
    }
    out += '\'';
    return out;
}

namespace {

// One end of a whole-column ("$B") or whole-row ("$7") range, read at i; i moves past it.
struct range_end {
    bool absolute = false;
    std::uint32_t value = 0;
};
bool read_range_end(std::string_view f, std::size_t& i, bool columns, range_end& out) {
    std::size_t j = i;
    out.absolute = j < f.size() && f[j] == '$';
    if (out.absolute) ++j;
    const std::size_t start = j;
    std::uint32_t v = 0;
    for (; j < f.size() && j - start < (columns ? 3u : 7u); ++j) {
        char ch = f[j];
        if (columns) {
            if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
            if (ch < 'A' || ch > 'Z') break;
            v = v * 26 + static_cast<std::uint32_t>(ch - 'A' + 1);
        } else {
            if (ch < '0' || ch > '9') break;
            v = v * 10 + static_cast<std::uint32_t>(ch - '0');
        }
    }
    if (j == start || v == 0 || v > (columns ? max_cols : max_rows)) return false;
    out.value = v;
    i = j;
    return true;
}

}  // namespace

std::string shift_formula(std::string_view f, int drow, int dcol) {
    std::string out;
    out.reserve(f.size() + 8);
    std::size_t i = 0;
    auto is_ident = [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
               static_cast<unsigned char>(c) >= 0x80;
    };
    while (i < f.size()) {
        const char c = f[i];
        if (c == '"' || c == '\'') {  // string literal or quoted sheet name: copy verbatim
            const std::size_t start = i++;
            while (i < f.size()) {
                if (f[i] == c) {
                    if (i + 1 < f.size() && f[i + 1] == c) {
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                ++i;
            }
            out.append(f.substr(start, i - start));
            continue;
        }
        if ((c == '$' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) &&
            (i == 0 || !is_ident(f[i - 1]))) {
            // Whole columns ("A:C", "$A:A") and whole rows ("2:2", "$3:5") move like cell references.
            bool range_done = false;
            for (const bool columns : {true, false}) {
                std::size_t j = i;
                range_end a, b;
                if (!read_range_end(f, j, columns, a) || j >= f.size() || f[j] != ':') continue;
                ++j;
                if (!read_range_end(f, j, columns, b)) continue;
                if (j < f.size() && (is_ident(f[j]) || f[j] == '(' || f[j] == '!' || f[j] == '$')) continue;
                const int d = columns ? dcol : drow;
                const long long limit = columns ? max_cols : max_rows;
                const long long na = a.absolute ? a.value : static_cast<long long>(a.value) + d;
                const long long nb = b.absolute ? b.value : static_cast<long long>(b.value) + d;
                if (na < 1 || na > limit || nb < 1 || nb > limit) {
                    out += "#REF!";
                } else {
                    auto put = [&](bool absolute, long long v) {
                        if (absolute) out += '$';
                        out += columns ? column_name(static_cast<std::uint32_t>(v)) : std::to_string(v);
                    };
                    put(a.absolute, na);
                    out += ':';
                    put(b.absolute, nb);
                }
                i = j;
                range_done = true;
                break;
            }
            if (range_done) continue;
        }
        if ((c == '$' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) && (i == 0 || !is_ident(f[i - 1]))) {
            // Try [$]letters[$]digits followed by a non-identifier, non-'(' character.
            std::size_t j = i;
            const bool col_abs = f[j] == '$';
            if (col_abs) ++j;
            const std::size_t ls = j;
            while (j < f.size() && ((f[j] >= 'A' && f[j] <= 'Z') || (f[j] >= 'a' && f[j] <= 'z')) && j - ls < 3) ++j;
            const std::size_t le = j;
            const bool row_abs = j < f.size() && f[j] == '$';
            if (row_abs) ++j;
            const std::size_t ds = j;
            while (j < f.size() && f[j] >= '0' && f[j] <= '9') ++j;
            const bool tail_ok = j >= f.size() || (!is_ident(f[j]) && f[j] != '(' && f[j] != '!');
            std::uint32_t col = 0, row = 0;
            if (le > ls && j > ds && tail_ok &&
                parse_cell_ref(std::string(f.substr(ls, le - ls)) + std::string(f.substr(ds, j - ds)), col, row)) {
                const long long nc = col_abs ? col : static_cast<long long>(col) + dcol;
                const long long nr = row_abs ? row : static_cast<long long>(row) + drow;
                if (nc < 1 || nc > max_cols || nr < 1 || nr > max_rows) {
                    out += "#REF!";
                } else {
                    if (col_abs) out += '$';
                    out += column_name(static_cast<std::uint32_t>(nc));
                    if (row_abs) out += '$';
                    out += std::to_string(nr);
                }
                i = j;
                continue;
            }
            // Not a reference: copy the identifier whole so its tail is not misread.
            std::size_t k = i + 1;
            while (k < f.size() && is_ident(f[k])) ++k;
            out.append(f.substr(i, k - i));
            i = k;
            continue;
        }
        out += c;
        ++i;
    }
    return out;
}

}  // namespace kib::xlsx
