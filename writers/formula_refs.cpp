#include "writers/formula_refs.hpp"

#include <optional>
#include <utility>

namespace kib {

namespace {

constexpr std::uint32_t last_row = 1048576;
constexpr std::uint32_t last_col = 16384;

bool is_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Characters of a "word": names, numbers, cell references, unquoted sheet names, function names.
bool is_word_char(char c) {
    return is_letter(c) || is_digit(c) || c == '_' || c == '.' || c == '\\' || c == '$' || c == '?' ||
           static_cast<unsigned char>(c) >= 0x80;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

// One end of a reference as written: cell ($B$7), whole row ($7) or whole column ($B).
struct ref_end {
    enum kind_t { none, cell, row, column } kind = none;
    std::string_view col_part;  // "$B" as written (with its '$'), empty for rows
    bool row_abs = false;
    std::uint32_t row_value = 0;
};

// Reads a word as one end of a reference; kind none when it is not one.
ref_end classify(std::string_view w) {
    ref_end e;
    std::size_t i = 0;
    if (i < w.size() && w[i] == '$') ++i;
    const std::size_t ls = i;
    std::uint32_t col = 0;
    while (i < w.size() && is_letter(w[i]) && i - ls < 3) {
        const char ch = static_cast<char>(w[i] >= 'a' ? w[i] - 'a' + 'A' : w[i]);
        col = col * 26 + static_cast<std::uint32_t>(ch - 'A' + 1);
        ++i;
    }
    const std::size_t le = i;
    if (le > ls && le == w.size()) {
        if (col > last_col) return e;
        e.kind = ref_end::column;
        e.col_part = w;
        return e;
    }
    if (le > ls && col > last_col) return e;
    e.row_abs = i < w.size() && w[i] == '$';
    if (e.row_abs) ++i;
    const std::size_t ds = i;
    std::uint64_t row = 0;
    while (i < w.size() && is_digit(w[i]) && i - ds < 8) row = row * 10 + static_cast<std::uint64_t>(w[i++] - '0');
    if (i == ds || i != w.size() || row == 0 || row > last_row) return e;
    if (le == ls) {
        // Digits only: a whole row, which needs a leading '$' or a partner (checked by the caller).
        if (w[0] == '$' && e.row_abs) return e;  // "$$7"
        e.kind = ref_end::row;
        e.row_abs = w[0] == '$';
        e.row_value = static_cast<std::uint32_t>(row);
        return e;
    }
    e.kind = ref_end::cell;
    e.col_part = w.substr(0, le);
    e.row_value = static_cast<std::uint32_t>(row);
    return e;
}

std::string write_end(const ref_end& e, std::uint32_t row) {
    std::string out(e.col_part);
    if (e.row_abs) out += '$';
    out += std::to_string(row);
    return out;
}

// The row after the insertion; nullopt when pushed beyond the last row.
std::optional<std::uint32_t> moved(std::uint32_t row, const row_insertion& ins) {
    if (row < ins.first_row) return row;
    const std::uint64_t r = static_cast<std::uint64_t>(row) + ins.count;
    if (r > last_row) return std::nullopt;
    return static_cast<std::uint32_t>(r);
}

// A range start..end (both cells or both rows) after the insertion; "" when it falls off the sheet.
std::string shift_range(const ref_end& a, const ref_end& b, std::string_view colon, const row_insertion& ins) {
    const auto ra = moved(a.row_value, ins);
    if (!ra) return {};
    auto rb = moved(b.row_value, ins);
    if (!rb) rb = last_row;  // the end stops at the last row
    return write_end(a, *ra) + std::string(colon) + write_end(b, *rb);
}

// Reads a quoted run starting at f[i] == q ('...' with '' escapes); returns the end index.
std::size_t skip_quoted(std::string_view f, std::size_t i, char q) {
    ++i;
    while (i < f.size()) {
        if (f[i] == q) {
            if (i + 1 < f.size() && f[i + 1] == q) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        ++i;
    }
    return i;
}

// Reads a bracket group starting at f[i] == '[' (nested; "'" escapes the next character inside
// structured references); returns the end index.
std::size_t skip_brackets(std::string_view f, std::size_t i) {
    int depth = 0;
    while (i < f.size()) {
        const char c = f[i];
        if (c == '\'' && depth > 0) {
            i += 2;
            continue;
        }
        if (c == '[') ++depth;
        if (c == ']' && --depth == 0) return i + 1;
        ++i;
    }
    return f.size();  // unbalanced (or an escape at the very end): the rest of the text
}

std::size_t skip_word(std::string_view f, std::size_t i) {
    while (i < f.size() && is_word_char(f[i])) ++i;
    return i;
}

// What the tokenizer hands out. A reference's sheet prefix ('Kpi''s'!, Data!, [1]Data!) is handed
// out as text first and then travels with the reference.
struct prefix_state {
    bool have = false;      // a prefix was written
    bool foreign = false;   // another workbook, a 3D range or #REF!: never a sheet of this workbook
    std::string sheet;      // the sheet it names, unquoted
};

struct token {
    enum kind_t { text, reference, name, function, structured } kind = text;
    std::string_view raw;   // as written (a reference without its prefix)
    prefix_state prefix;    // reference
    ref_end a, b;           // reference: b.kind none for a single cell
};

// Splits a formula into tokens (see formula_refs.hpp for what it knows); visit(const token&) is
// called for each, and the raw texts of all tokens together are the formula.
template <class Visit>
void tokenize(std::string_view f, Visit&& visit) {
    prefix_state prefix;
    bool external = false;    // a [n] workbook index was just read
    bool after_name = false;  // the previous token was a word (a table name before '[')
    auto emit_text = [&](std::string_view t) { visit(token{token::text, t, {}, {}, {}}); };
    auto set_prefix = [&](std::string name) {
        prefix.have = true;
        prefix.foreign = external;
        prefix.sheet = std::move(name);
        external = false;
    };
    auto reset = [&] {
        prefix = prefix_state{};
        external = false;
    };
    std::size_t i = 0;
    while (i < f.size()) {
        const char c = f[i];
        if (c == '"') {  // string literal
            const std::size_t end = skip_quoted(f, i, '"');
            emit_text(f.substr(i, end - i));
            i = end;
            reset();
            after_name = false;
            continue;
        }
        if (c == '{') {  // array constant: numbers, strings, booleans, errors; no references
            std::size_t j = i + 1;
            while (j < f.size() && f[j] != '}') j = f[j] == '"' ? skip_quoted(f, j, '"') : j + 1;
            if (j < f.size()) ++j;
            emit_text(f.substr(i, j - i));
            i = j;
            reset();
            after_name = false;
            continue;
        }
        if (c == '\'') {  // quoted sheet name: 'Kpi''s'!A1, '[1]Data'!A1, 'Blad1:Blad3'!A1
            const std::size_t end = skip_quoted(f, i, '\'');
            if (end < f.size() && f[end] == '!') {
                std::string name;
                for (std::size_t k = i + 1; k + 1 < end; ++k) {
                    name += f[k];
                    if (f[k] == '\'') ++k;
                }
                emit_text(f.substr(i, end + 1 - i));
                // A name with '[' (another workbook) or ':' (3D) is no sheet of this workbook.
                const bool foreign = name.find('[') != std::string::npos || name.find(':') != std::string::npos;
                set_prefix(std::move(name));
                prefix.foreign = prefix.foreign || foreign;
                i = end + 1;
            } else {
                emit_text(f.substr(i, end - i));
                i = end;
                reset();
            }
            after_name = false;
            continue;
        }
        if (c == '[') {
            const std::size_t end = skip_brackets(f, i);
            if (after_name) {
                visit(token{token::structured, f.substr(i, end - i), {}, {}, {}});  // Tabel1[...]
                reset();
            } else {
                // [1]Data!A1: an external workbook index; [@Waarde] in a table formula.
                emit_text(f.substr(i, end - i));
                reset();
                external = end < f.size() && (f[end] == '!' || f[end] == '\'' || is_word_char(f[end]));
                if (!external) visit(token{token::structured, {}, {}, {}, {}});
            }
            i = end;
            after_name = false;
            continue;
        }
        if (c == '#') {  // error literal: #REF!, #N/A, #DIV/0!, #NAME?, #GETTING_DATA
            std::size_t j = i + 1;
            while (j < f.size() && (is_letter(f[j]) || is_digit(f[j]) || f[j] == '/' || f[j] == '_')) ++j;
            if (j < f.size() && (f[j] == '!' || f[j] == '?')) ++j;
            emit_text(f.substr(i, j - i));
            const bool ref_error = iequals(f.substr(i, j - i), "#REF!");
            i = j;
            reset();
            // #REF!$A$1: Excel's way of writing a reference into a deleted sheet.
            if (ref_error && i < f.size() && (is_word_char(f[i]) || f[i] == '\'')) {
                prefix.have = true;
                prefix.foreign = true;
            }
            after_name = false;
            continue;
        }
        if (is_word_char(c)) {
            const std::size_t end = skip_word(f, i);
            const std::string_view w = f.substr(i, end - i);
            if (end < f.size() && f[end] == '(') {  // function name: LOG10(, ATAN2(, _xlfn.X(
                visit(token{token::function, w, {}, {}, {}});
                i = end;
                reset();
                after_name = false;
                continue;
            }
            if (end < f.size() && f[end] == '!') {  // unquoted sheet name
                emit_text(f.substr(i, end + 1 - i));
                set_prefix(std::string(w));
                i = end + 1;
                after_name = false;
                continue;
            }
            if (end + 1 < f.size() && f[end] == ':' && is_word_char(f[end + 1])) {
                const std::size_t end2 = skip_word(f, end + 1);
                const std::string_view w2 = f.substr(end + 1, end2 - end - 1);
                if (end2 < f.size() && f[end2] == '!' && !prefix.have) {  // 3D reference Blad1:Blad3!A1
                    emit_text(f.substr(i, end2 + 1 - i));
                    prefix.have = true;
                    prefix.foreign = true;
                    external = false;
                    i = end2 + 1;
                    after_name = false;
                    continue;
                }
                // With a prefix, "Data!A1:Data!B3" is two references around the range operator.
                const ref_end a = classify(w), b = end2 < f.size() && f[end2] == '!' ? ref_end{} : classify(w2);
                const bool cells = a.kind == ref_end::cell && b.kind == ref_end::cell;
                const bool rows = a.kind == ref_end::row && b.kind == ref_end::row;
                const bool columns = a.kind == ref_end::column && b.kind == ref_end::column;
                if (cells || rows || columns) {
                    visit(token{token::reference, f.substr(i, end2 - i), prefix, a, b});
                    i = end2;
                    reset();
                    after_name = false;
                    continue;
                }
            }
            const ref_end a = classify(w);
            if (a.kind == ref_end::cell)
                visit(token{token::reference, w, prefix, a, {}});
            else
                visit(token{token::name, w, prefix, {}, {}});
            i = end;
            reset();
            after_name = a.kind != ref_end::cell;  // a table name may follow with '['
            continue;
        }
        emit_text(f.substr(i, 1));
        i += 1;
        reset();
        after_name = false;
    }
}

std::uint32_t column_number(std::string_view col_part) {
    std::uint32_t col = 0;
    for (char ch : col_part)
        if (is_letter(ch)) col = col * 26 + static_cast<std::uint32_t>((ch >= 'a' ? ch - 'a' + 'A' : ch) - 'A' + 1);
    return col;
}

}  // namespace

std::string shift_rows_in_formula(std::string_view f, std::string_view host_sheet, const row_insertion& ins) {
    if (ins.count == 0 || ins.first_row == 0 || ins.first_row > last_row) return std::string(f);
    std::string out;
    out.reserve(f.size() + 8);
    tokenize(f, [&](const token& t) {
        if (t.kind != token::reference) {
            out.append(t.raw);
            return;
        }
        const bool targets = t.prefix.have ? !t.prefix.foreign && iequals(t.prefix.sheet, ins.sheet)
                                           : !host_sheet.empty() && iequals(host_sheet, ins.sheet);
        if (!targets || t.a.kind == ref_end::column) {
            out.append(t.raw);
        } else if (t.b.kind == ref_end::none) {
            const auto r = moved(t.a.row_value, ins);
            out += r ? write_end(t.a, *r) : std::string("#REF!");
        } else {
            const std::string r = shift_range(t.a, t.b, ":", ins);
            out += r.empty() ? std::string("#REF!") : r;
        }
    });
    return out;
}

formula_inputs formula_reads(std::string_view f, std::string_view host_sheet) {
    formula_inputs in;
    bool last_was_name = false;
    tokenize(f, [&](const token& t) {
        const bool was_name = last_was_name;
        last_was_name = false;
        switch (t.kind) {
            case token::text:
                break;
            case token::structured:
                // Tabel1[Waarde]: the whole table counts (the caller knows where it is).
                if (was_name && !in.names.empty()) {
                    in.tables.push_back(std::move(in.names.back()));
                    in.names.pop_back();
                } else {
                    in.opaque = true;
                }
                break;
            case token::function:
                // References made from text or by counting: anything can be read.
                if (iequals(t.raw, "INDIRECT") || iequals(t.raw, "OFFSET") || iequals(t.raw, "_xlfn.LET") ||
                    iequals(t.raw, "_xlfn.LAMBDA"))
                    in.opaque = true;
                break;
            case token::name:
                if (t.prefix.foreign) {
                    in.opaque = true;
                } else if (!t.raw.empty() && (is_letter(t.raw[0]) || t.raw[0] == '_' || t.raw[0] == '\\') &&
                           !iequals(t.raw, "TRUE") && !iequals(t.raw, "FALSE")) {
                    in.names.emplace_back(t.raw);
                    last_was_name = true;
                }
                break;
            case token::reference: {
                if (t.prefix.foreign) {
                    in.opaque = true;
                    break;
                }
                formula_area a;
                a.sheet = t.prefix.have ? t.prefix.sheet : std::string();
                const ref_end& e1 = t.a;
                const ref_end& e2 = t.b.kind == ref_end::none ? t.a : t.b;
                if (e1.kind == ref_end::column) {
                    a.c1 = column_number(e1.col_part);
                    a.c2 = column_number(e2.col_part);
                    a.r1 = 1;
                    a.r2 = last_row;
                } else if (e1.kind == ref_end::row) {
                    a.c1 = 1;
                    a.c2 = last_col;
                    a.r1 = e1.row_value;
                    a.r2 = e2.row_value;
                } else {
                    a.c1 = column_number(e1.col_part);
                    a.c2 = column_number(e2.col_part);
                    a.r1 = e1.row_value;
                    a.r2 = e2.row_value;
                }
                if (a.c1 > a.c2) std::swap(a.c1, a.c2);
                if (a.r1 > a.r2) std::swap(a.r1, a.r2);
                // A formula that lives on no sheet (a defined name) with an unqualified reference:
                // Excel does not allow it; kib cannot tell which sheet is meant.
                if (!t.prefix.have && host_sheet.empty()) {
                    in.opaque = true;
                    break;
                }
                in.areas.push_back(std::move(a));
                break;
            }
        }
    });
    return in;
}

std::string shift_rows_in_sqref(std::string_view sqref, const row_insertion& ins) {
    if (ins.count == 0 || ins.first_row == 0 || ins.first_row > last_row) return std::string(sqref);
    std::string out;
    std::size_t i = 0;
    while (i < sqref.size()) {
        if (sqref[i] == ' ') {
            ++i;
            continue;
        }
        std::size_t end = sqref.find(' ', i);
        if (end == std::string_view::npos) end = sqref.size();
        const std::string_view area = sqref.substr(i, end - i);
        i = end;
        std::string shifted;
        const auto colon = area.find(':');
        if (colon == std::string_view::npos) {
            const ref_end a = classify(area);
            if (a.kind != ref_end::cell) {
                shifted = std::string(area);
            } else if (const auto r = moved(a.row_value, ins)) {
                shifted = write_end(a, *r);
            }
        } else {
            const ref_end a = classify(area.substr(0, colon)), b = classify(area.substr(colon + 1));
            if ((a.kind == ref_end::cell && b.kind == ref_end::cell) || (a.kind == ref_end::row && b.kind == ref_end::row))
                shifted = shift_range(a, b, ":", ins);
            else
                shifted = std::string(area);
        }
        if (shifted.empty()) continue;  // pushed off the sheet
        if (!out.empty()) out += ' ';
        out += shifted;
    }
    return out;
}

}  // namespace kib
