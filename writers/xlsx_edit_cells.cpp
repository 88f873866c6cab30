// Cell edits: finding and creating cells and rows, values through the shared-string table,
// display forms, and what a formula cell must give up before it changes (shared masters, arrays).
// Every value is checked before anything is written; set_cell is the one path all writes take.

#include "writers/xlsx_edit_impl.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "readers/xlsx_parts.hpp"
#include "readers/i18n.hpp"

namespace kib {

using namespace xlsx_edit_detail;

namespace {

constexpr const char* ct_sst = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml";

constexpr std::size_t max_text = 32767;
constexpr std::size_t max_formula = 8192;

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Encodes text for <t>: control characters (and CR, which XML would normalise away) as _xHHHH_,
// and a literal "_xHHHH_" as "_x005F_xHHHH_" so it does not read back as an escape.
std::string encode_x_escapes(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    static const char* hex = "0123456789ABCDEF";
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
            out += "_x00";
            out += hex[c >> 4];
            out += hex[c & 15];
            out += '_';
        } else if (c == '_' && i + 6 < s.size() + 0 && s[i + 1] == 'x' && is_hex(s[i + 2]) && is_hex(s[i + 3]) &&
                   is_hex(s[i + 4]) && is_hex(s[i + 5]) && s[i + 6] == '_') {
            out += "_x005F_";
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

bool needs_preserve(std::string_view s) {
    if (s.empty()) return false;
    auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    return ws(s.front()) || ws(s.back()) || s.find('\n') != std::string_view::npos;
}

// kib's serial -> the serial stored in this workbook (inverse of workbook_serial_to_serial).
double serial_to_stored(double serial, bool date1904) {
    if (date1904) return serial - 1462.0;
    return serial < 61.0 ? serial - 1.0 : serial;
}

}  // namespace

workbook_editor::impl::cell_pos workbook_editor::impl::parse_ref(const sheet_state& s, std::string_view ref) const {
    cell_pos p;
    if (!xlsx::parse_cell_ref(ref, p.col, p.row))
        fail(s.part, xlsx::quote_sheet_name(s.name) + "!" + std::string(ref),
             trf("\"{}\" is not a cell reference within A1:XFD1048576", {std::string(ref)}),
             tr("write a reference such as B7"));
    return p;
}

std::string workbook_editor::impl::where(const sheet_state& s, cell_pos p) const {
    return xlsx::quote_sheet_name(s.name) + "!" + xlsx::cell_ref(p.col, p.row);
}

// Gives every row (or every cell in a row) an explicit r, so inserting does not shift the
// implicit positions of the elements after it.
void workbook_editor::impl::materialise_row_numbers(sheet_state& s) {
    if (s.rows_numbered) return;
    for (auto& [idx, node] : s.rows)
        if (!node.attribute("r")) node.append_attribute("r").set_value(idx);
    s.rows_numbered = true;
}

std::uint32_t workbook_editor::impl::cell_col(pugi::xml_node c, std::uint32_t prev) {
    std::uint32_t col = 0, row = 0;
    if (auto a = c.attribute("r"); a && xlsx::parse_cell_ref(a.value(), col, row)) return col;
    return prev + 1;
}

pugi::xml_node workbook_editor::impl::find_cell(sheet_state& s, cell_pos p) {
    resolve_row(s, p.row);
    auto it = s.rows.find(p.row);
    if (it == s.rows.end()) return {};
    std::uint32_t prev = 0;
    for (auto c = it->second.first_child(); c; c = c.next_sibling()) {
        if (!is_main(c, "c")) continue;
        prev = cell_col(c, prev);
        if (prev == p.col) return c;
        if (prev > p.col) break;
    }
    return {};
}

pugi::xml_node workbook_editor::impl::get_row(sheet_state& s, std::uint32_t row) {
    resolve_row(s, row);
    if (auto it = s.rows.find(row); it != s.rows.end()) return it->second;
    materialise_row_numbers(s);
    auto next = s.rows.upper_bound(row);
    pugi::xml_node r = next == s.rows.end() ? s.sheet_data.append_child((s.p + "row").c_str())
                                            : s.sheet_data.insert_child_before((s.p + "row").c_str(), next->second);
    r.append_attribute("r").set_value(row);
    s.rows[row] = r;
    return r;
}

pugi::xml_node workbook_editor::impl::get_cell(sheet_state& s, cell_pos p) {
    if (auto c = find_cell(s, p)) return c;
    pugi::xml_node r = get_row(s, p.row);
    std::uint32_t prev = 0;
    bool missing_r = false;
    for (auto c = r.first_child(); c; c = c.next_sibling())
        if (is_main(c, "c") && !c.attribute("r")) missing_r = true;
    if (missing_r)
        for (auto c = r.first_child(); c; c = c.next_sibling())
            if (is_main(c, "c")) {
                prev = cell_col(c, prev);
                if (!c.attribute("r")) c.append_attribute("r").set_value(xlsx::cell_ref(prev, p.row).c_str());
            }
    pugi::xml_node before;
    prev = 0;
    for (auto c = r.first_child(); c; c = c.next_sibling()) {
        if (!is_main(c, "c")) {
            if (is_main(c, "extLst")) {
                before = c;
                break;
            }
            continue;
        }
        prev = cell_col(c, prev);
        if (prev > p.col) {
            before = c;
            break;
        }
    }
    pugi::xml_node c = before ? r.insert_child_before((s.p + "c").c_str(), before) : r.append_child((s.p + "c").c_str());
    c.append_attribute("r").set_value(xlsx::cell_ref(p.col, p.row).c_str());
    // Rows without an explicit style inherit the row's style for new cells, as Excel does.
    if (auto rs = r.attribute("s"); rs && std::string_view(r.attribute("customFormat").value()) == "1")
        c.append_attribute("s").set_value(rs.value());
    if (auto spans = r.attribute("spans")) {
        std::uint32_t a = 0, b = 0;
        if (std::sscanf(spans.value(), "%u:%u", &a, &b) == 2 && (p.col < a || p.col > b))
            spans.set_value((std::to_string(std::min(a, p.col)) + ":" + std::to_string(std::max(b, p.col))).c_str());
    }
    return c;
}

void workbook_editor::impl::note_edit(sheet_state& s, cell_pos p) {
    if (s.min_row == 0) {
        s.min_row = s.max_row = p.row;
        s.min_col = s.max_col = p.col;
    } else {
        s.min_row = std::min(s.min_row, p.row);
        s.max_row = std::max(s.max_row, p.row);
        s.min_col = std::min(s.min_col, p.col);
        s.max_col = std::max(s.max_col, p.col);
    }
    s.xml->dirty = true;
    cells_changed = true;
    changed_cells[lower(s.name)].insert({p.row, p.col});
}

// ---- shared strings ----
pugi::xml_node workbook_editor::impl::sst_root() {
    if (sst_part.empty()) {
        sst_part = wb_dir + "sharedStrings.xml";
        for (int n = 2; part_exists(sst_part); ++n) sst_part = wb_dir + "sharedStrings" + std::to_string(n) + ".xml";
        create(sst_part, std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"") +
                             (strict ? ns_main_strict : ns_main) + "\" count=\"0\" uniqueCount=\"0\"/>");
        set_content_type_override(sst_part, ct_sst);
        add_relationship(wb_part, rel_type("sharedStrings"), sst_part);
    }
    return load(sst_part).doc.document_element();
}

void workbook_editor::impl::build_sst_index() {
    if (sst_index_built) return;
    pugi::xml_node root = sst_root();
    for (auto si = root.first_child(); si; si = si.next_sibling()) {
        if (!is_main(si, "si")) continue;
        const auto idx = static_cast<std::uint32_t>(sst_items.size());
        sst_items.push_back(si);
        // Only plain entries (a single <t>) are reused; rich text carries formatting.
        pugi::xml_node t;
        bool plain = true;
        for (auto c = si.first_child(); c; c = c.next_sibling()) {
            if (c.type() != pugi::node_element) continue;
            if (is_main(c, "t") && !t) t = c;
            else plain = false;
        }
        if (plain && t) {
            std::string text = t.text().get();
            xlsx::decode_x_escapes(text);
            sst_index.emplace(std::move(text), idx);
        }
    }
    sst_index_built = true;
}

std::string workbook_editor::impl::sst_text(std::uint32_t idx) {
    build_sst_index();
    if (idx >= sst_items.size()) return {};
    std::string out;
    for (auto c = sst_items[idx].first_child(); c; c = c.next_sibling()) {
        if (is_main(c, "t")) out += c.text().get();
        else if (is_main(c, "r"))
            if (auto t = main_child(c, "t")) out += t.text().get();
    }
    xlsx::decode_x_escapes(out);
    return out;
}

std::uint32_t workbook_editor::impl::sst_add(const std::string& text) {
    build_sst_index();
    ++sst_count_delta;
    if (auto it = sst_index.find(text); it != sst_index.end()) return it->second;
    pugi::xml_node root = sst_root();
    const std::string p = qualified_prefix(root);
    pugi::xml_node si = root.append_child((p + "si").c_str());
    pugi::xml_node t = si.append_child((p + "t").c_str());
    if (needs_preserve(text)) t.append_attribute("xml:space").set_value("preserve");
    t.text().set(encode_x_escapes(text).c_str());
    const auto idx = static_cast<std::uint32_t>(sst_items.size());
    sst_items.push_back(si);
    sst_index.emplace(text, idx);
    load(sst_part).dirty = true;
    return idx;
}

// ---- display ----
std::string workbook_editor::impl::display_of(pugi::xml_node c) {
    if (!c) return {};
    pugi::xml_node f = main_child(c, "f");
    if (f && f.text().get()[0] != '\0') return std::string("=") + f.text().get();
    const std::string_view t = c.attribute("t").value();
    pugi::xml_node v = main_child(c, "v");
    const std::string vt = v ? v.text().get() : "";
    if (t == "s") return v ? sst_text(static_cast<std::uint32_t>(std::strtoul(vt.c_str(), nullptr, 10))) : "";
    if (t == "inlineStr") {
        std::string out;
        if (auto is = main_child(c, "is"))
            for (auto x = is.first_child(); x; x = x.next_sibling()) {
                if (is_main(x, "t")) out += x.text().get();
                else if (is_main(x, "r"))
                    if (auto tt = main_child(x, "t")) out += tt.text().get();
            }
        xlsx::decode_x_escapes(out);
        return out;
    }
    if (t == "b") return vt == "1" ? "TRUE" : (v ? "FALSE" : "");
    if (t == "str" || t == "e" || t == "d") return vt;
    if (!v || vt.empty()) return {};
    const double d = std::strtod(vt.c_str(), nullptr);
    // As the reader: a number outside the date system stays a number under a date format.
    if (style_is_date(style_of(c)) && workbook_serial_is_date(d, date1904))
        return serial_to_iso(workbook_serial_to_serial(d, date1904));
    return format_number(d);
}

std::string workbook_editor::impl::display_value(const cell_value& v) {
    switch (v.type) {
        case cell_type::empty: return {};
        case cell_type::number: return format_number(v.number);
        case cell_type::date: return serial_to_iso(v.number);
        case cell_type::boolean: return v.number != 0 ? "TRUE" : "FALSE";
        case cell_type::text:
        case cell_type::error: return v.text;
    }
    return {};
}

void workbook_editor::impl::record(const sheet_state& s, cell_pos p, std::string old_value, std::string new_value) {
    const std::string ref = xlsx::cell_ref(p.col, p.row);
    for (auto& ch : changes)
        if (ch.sheet == s.name && ch.ref == ref) {
            ch.new_value = std::move(new_value);
            return;
        }
    changes.push_back({s.name, ref, std::move(old_value), std::move(new_value)});
}

// ---- formulas ----
// Before a cell loses its formula: array formulas must be edited as a whole; a shared-formula
// master hands its formula to every dependent (each gets its own, shifted copy).
void workbook_editor::impl::release_formula(sheet_state& s, cell_pos p, pugi::xml_node c) {
    pugi::xml_node f = main_child(c, "f");
    if (!f) {
        check_not_in_array(s, p);
        return;
    }
    const std::string_view type = f.attribute("t").value();
    if (type == "array") {
        area a;
        if (parse_area(f.attribute("ref").value(), a) && (a.c1 != a.c2 || a.r1 != a.r2))
            fail(s.part, where(s, p),
                 trf("the cell holds an array formula over {}; kib does not change part of an array", {std::string(f.attribute("ref").value())}),
                 tr("change the array formula in Excel, or clear and rewrite every cell of its range"));
        // A one-cell array formula is replaced as a whole; forget it before its node goes.
        std::erase_if(s.arrays, [&](const auto& e) { return e.second == f; });
        return;
    }
    if (type != "shared" || !f.attribute("ref") || f.text().get()[0] == '\0') return;
    const std::string si = f.attribute("si").value();
    const std::string master_text = f.text().get();
    area range;
    if (!parse_area(f.attribute("ref").value(), range)) return;
    for (auto it = s.rows.lower_bound(range.r1); it != s.rows.end() && it->first <= range.r2; ++it) {
        std::uint32_t prev = 0;
        for (auto d = it->second.first_child(); d; d = d.next_sibling()) {
            if (!is_main(d, "c")) continue;
            prev = cell_col(d, prev);
            if (d == c) continue;
            pugi::xml_node df = main_child(d, "f");
            if (!df || std::string_view(df.attribute("t").value()) != "shared" || si != df.attribute("si").value())
                continue;
            const std::string text = xlsx::shift_formula(master_text, static_cast<int>(it->first) - static_cast<int>(p.row),
                                                         static_cast<int>(prev) - static_cast<int>(p.col));
            df.remove_attribute("t");
            df.remove_attribute("si");
            df.remove_attribute("ref");
            df.text().set(text.c_str());
        }
    }
}

// A cell inside another cell's array-formula range cannot change on its own.
void workbook_editor::impl::check_not_in_array(sheet_state& s, cell_pos p) {
    if (!s.arrays_scanned) {
        // One pass over the sheet; element names are compared with the sheet's own prefix
        // first, which is what makes this cheap on large sheets.
        const std::string qc = s.p + "c", qf = s.p + "f";
        for (auto& [idx, row] : s.rows)
            for (auto c = row.first_child(); c; c = c.next_sibling()) {
                if (std::strcmp(c.name(), qc.c_str()) != 0 && !is_main(c, "c")) continue;
                for (auto f = c.first_child(); f; f = f.next_sibling()) {
                    if (std::strcmp(f.name(), qf.c_str()) != 0 && !is_main(f, "f")) continue;
                    area a;
                    if (std::string_view(f.attribute("t").value()) == "array" && parse_area(f.attribute("ref").value(), a))
                        s.arrays.emplace_back(a, f);
                }
            }
        s.arrays_scanned = true;
    }
    for (auto& [a, f] : s.arrays) {
        if (p.row >= a.r1 && p.row <= a.r2 && p.col >= a.c1 && p.col <= a.c2 && !(p.row == a.r1 && p.col == a.c1))
            fail(s.part, where(s, p), trf("the cell is part of the array formula in {}", {area_ref(a)}),
                 tr("change the array formula in Excel, or clear its master cell first"));
    }
}

// Removes value, formula and type; keeps the style and anything kib does not own.
void workbook_editor::impl::strip_cell(pugi::xml_node c) {
    if (std::string_view(c.attribute("t").value()) == "s") --sst_count_delta;
    for (auto n = c.first_child(); n;) {
        auto next = n.next_sibling();
        if (is_main(n, "f") || is_main(n, "v") || is_main(n, "is")) c.remove_child(n);
        n = next;
    }
    c.remove_attribute("t");
    c.remove_attribute("cm");  // cell metadata (dynamic arrays) belongs to the old formula
    c.remove_attribute("vm");  // value metadata (rich values) belongs to the old value
}

pugi::xml_node workbook_editor::impl::add_child_ordered(sheet_state& s, pugi::xml_node c, const char* local) {
    const std::string name = s.p + local;
    if (auto ext = main_child(c, "extLst")) return c.insert_child_before(name.c_str(), ext);
    return c.append_child(name.c_str());
}

void workbook_editor::impl::write_value(sheet_state& s, cell_pos p, pugi::xml_node c, const cell_value& v) {
    pugi::xml_node vnode;
    switch (v.type) {
        case cell_type::empty: return;
        case cell_type::number:
            add_child_ordered(s, c, "v").text().set(format_number(v.number).c_str());
            return;
        case cell_type::date: {
            if (!style_is_date(style_of(c))) {
                const bool has_time = std::fabs(v.number - std::floor(v.number)) > 1e-9;
                set_style(c, derived_xf(style_of(c), "numFmtId", has_time ? "22" : "14", "applyNumberFormat"));
            }
            add_child_ordered(s, c, "v").text().set(format_number(serial_to_stored(v.number, date1904)).c_str());
            return;
        }
        case cell_type::boolean:
            c.append_attribute("t").set_value("b");
            add_child_ordered(s, c, "v").text().set(v.number != 0 ? "1" : "0");
            return;
        case cell_type::error:
            c.append_attribute("t").set_value("e");
            add_child_ordered(s, c, "v").text().set(v.text.c_str());
            return;
        case cell_type::text:
            c.append_attribute("t").set_value("s");
            add_child_ordered(s, c, "v").text().set(sst_add(v.text));
            return;
    }
    (void)p;
}

void workbook_editor::impl::check_value(const sheet_state& s, cell_pos p, const cell_value& v) const {
    if (v.type == cell_type::text && utf8_length(v.text) > max_text)
        fail(s.part, where(s, p),
             trf("the text has {} characters; a cell holds at most 32767", {std::to_string(utf8_length(v.text))}),
             tr("shorten the text or split it over several cells"));
    if (v.type == cell_type::number && !std::isfinite(v.number))
        fail(s.part, where(s, p), tr("the number is not finite (NaN or infinity)"), tr("write a real number"));
    if (v.type == cell_type::date && !(v.number >= 1.0 && v.number < 2958466.0))
        fail(s.part, where(s, p), tr("the date is outside Excel's range (1900-01-01 to 9999-12-31)"));
    if (v.type == cell_type::error) {
        static const char* errors[] = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"};
        if (std::none_of(std::begin(errors), std::end(errors), [&](const char* e) { return v.text == e; }))
            fail(s.part, where(s, p), trf("\"{}\" is not an Excel error value", {v.text}), tr("use e.g. #N/A"));
    }
}

void workbook_editor::impl::set_cell(std::string_view sheet_name, std::string_view ref, const cell_value* value,
                                     std::string_view formula, const std::optional<cell_value>& cached) {
    sheet_state& s = sheet(sheet_name);
    const cell_pos p = parse_ref(s, ref);
    std::string ftext(formula);
    if (!ftext.empty() && ftext.front() == '=') ftext.erase(0, 1);
    if (value) check_value(s, p, *value);
    if (cached) check_value(s, p, *cached);
    if (!formula.empty() && ftext.empty()) fail(s.part, where(s, p), tr("the formula is empty"), tr("write e.g. =SUM(A1:A3)"));
    if (utf8_length(ftext) > max_formula)
        fail(s.part, where(s, p), tr("the formula is longer than Excel's 8192 characters"));
    const bool clearing = value && value->empty() && formula.empty();
    pugi::xml_node c = clearing ? find_cell(s, p) : get_cell(s, p);
    if (!c) {
        check_not_in_array(s, p);
        return;  // clearing a cell that does not exist
    }
    release_formula(s, p, c);
    std::string old_value = display_of(c);
    strip_cell(c);
    std::string new_value;
    if (!formula.empty()) {
        pugi::xml_node f = add_child_ordered(s, c, "f");
        f.text().set(ftext.c_str());
        new_value = "=" + ftext;
        if (cached && !cached->empty()) {
            given_results.insert({lower(s.name), {p.row, p.col}});
            if (cached->type == cell_type::text) {
                c.append_attribute("t").set_value("str");
                add_child_ordered(s, c, "v").text().set(encode_x_escapes(cached->text).c_str());
            } else {
                write_value(s, p, c, *cached);
            }
        }
    } else if (value) {
        write_value(s, p, c, *value);
        new_value = display_value(*value);
    }
    // An empty cell without style is dropped altogether.
    if (clearing && style_of(c) == 0 && !c.first_child()) {
        pugi::xml_node row = c.parent();
        row.remove_child(c);
    }
    note_edit(s, p);
    record(s, p, std::move(old_value), std::move(new_value));
}

}  // namespace kib
