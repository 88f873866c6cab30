// append_row: the first free row below the used range, growing a table that ends directly above
// (its totals rows move down, with every reference to them) and its print area.

#include "writers/xlsx_edit_impl.hpp"

#include "readers/xlsx_parts.hpp"
#include "readers/i18n.hpp"

namespace kib {

using namespace xlsx_edit_detail;

std::vector<workbook_editor::impl::table_ref> workbook_editor::impl::tables_of(const sheet_state& s) {
    std::vector<table_ref> out;
    for (const relationship& r : pkg.relationships(s.part)) {
        if (!r.has_type("table") || r.external || !part_exists(r.target)) continue;
        xml_part& t = load(r.target);
        pugi::xml_node root = t.doc.document_element();
        table_ref tr;
        tr.part = r.target;
        if (!parse_area(root.attribute("ref").value(), tr.ref)) continue;
        tr.totals = root.attribute("totalsRowCount").as_uint(0);
        out.push_back(tr);
    }
    return out;
}

std::uint32_t workbook_editor::impl::last_used_row(sheet_state& s) {
    for (auto it = s.rows.rbegin(); it != s.rows.rend(); ++it)
        for (auto c = it->second.first_child(); c; c = c.next_sibling())
            if (is_main(c, "c") && (main_child(c, "v") || main_child(c, "f") || main_child(c, "is"))) return it->first;
    return 0;
}

// Moves a whole row one row down (the row below must be free).
void workbook_editor::impl::move_row_down(sheet_state& s, std::uint32_t row) {
    auto it = s.rows.find(row);
    if (it == s.rows.end()) return;
    materialise_row_numbers(s);
    pugi::xml_node r = it->second;
    r.attribute("r").set_value(row + 1);
    std::uint32_t prev = 0;
    for (auto c = r.first_child(); c; c = c.next_sibling()) {
        if (!is_main(c, "c")) continue;
        prev = cell_col(c, prev);
        auto a = c.attribute("r") ? c.attribute("r") : c.append_attribute("r");
        a.set_value(xlsx::cell_ref(prev, row + 1).c_str());
        if (auto f = main_child(c, "f")) {
            // The totals row's own shared/array ranges move with it.
            area fa;
            if (auto fr = f.attribute("ref"); fr && parse_area(fr.value(), fa)) {
                ++fa.r1;
                ++fa.r2;
                fr.set_value(area_ref(fa).c_str());
            }
        }
    }
    s.rows.erase(it);
    s.rows[row + 1] = r;
    s.arrays.clear();  // ranges may have moved; scanned again when needed
    s.arrays_scanned = false;
    note_edit(s, {1, row + 1});
}

// Extends a print area of the sheet that ended on old_last to new_last.
void workbook_editor::impl::extend_print_area(const sheet_state& s, std::uint32_t old_last, std::uint32_t new_last) {
    xml_part& wb = load(wb_part);
    pugi::xml_node names = main_child(wb.doc.document_element(), "definedNames");
    if (!names) return;
    std::size_t sheet_index = 0;
    for (; sheet_index < sheets.size(); ++sheet_index)
        if (&sheets[sheet_index] == &s) break;
    const std::string prefix = xlsx::quote_sheet_name(s.name) + "!";
    const std::string suffix = "$" + std::to_string(old_last);
    for (auto n = names.first_child(); n; n = n.next_sibling()) {
        if (!is_main(n, "definedName") || std::string_view(n.attribute("name").value()) != "_xlnm.Print_Area") continue;
        if (n.attribute("localSheetId").as_uint(9999) != sheet_index) continue;
        std::string v = n.text().get();
        if (v.rfind(prefix, 0) != 0 && v.rfind("'" + s.name + "'!", 0) != 0) continue;
        if (v.find(',') != std::string::npos) continue;  // several areas: left as they are
        if (v.size() > suffix.size() && v.compare(v.size() - suffix.size(), suffix.size(), suffix) == 0) {
            v.replace(v.size() - suffix.size(), suffix.size(), "$" + std::to_string(new_last));
            n.text().set(v.c_str());
            wb.dirty = true;
        }
    }
}

std::uint32_t workbook_editor::impl::append_row(std::string_view sheet_name, const std::vector<cell_value>& values,
                                                std::uint32_t first_col) {
    sheet_state& s = sheet(sheet_name);
    if (values.empty()) fail(s.part, s.name, tr("append_row needs at least one value"));
    // A streamed sheet knows its last used row from the scan, unless the edit emptied it; tables
    // growing and rows moving need the whole sheet.
    std::uint32_t last = 0;
    if (s.streamed && !(tables_of(s).empty() && streamed_last_used_row(s, last))) densify(s);
    if (!s.streamed) last = last_used_row(s);
    std::uint32_t row = last + 1;
    if (row > xlsx::max_rows) fail(s.part, s.name, tr("the sheet is full (row 1048576 is used)"));
    std::vector<table_ref> tables = tables_of(s);
    table_ref* grow = nullptr;
    for (auto& t : tables)
        if (last != 0 && t.ref.r2 == last) grow = &t;
    if (first_col == 0) first_col = grow ? grow->ref.c1 : 1;
    if (first_col + values.size() - 1 > xlsx::max_cols)
        fail(s.part, s.name, tr("the row would reach beyond column XFD"));
    for (std::size_t i = 0; i < values.size(); ++i) check_value(s, {first_col + static_cast<std::uint32_t>(i), row}, values[i]);
    if (grow) {
        const std::uint32_t old_last = grow->ref.r2;
        if (grow->totals > 0) {
            // The new row goes above the totals row(s), which move down by one; references to
            // them (formulas, names, print areas, charts) move along.
            row = grow->ref.r2 - grow->totals + 1;
            shift_references(s, {s.name, row, 1}, grow->part);
            for (std::uint32_t t = 0; t < grow->totals; ++t) move_row_down(s, grow->ref.r2 - t);
        }
        ++grow->ref.r2;
        xml_part& t = load(grow->part);
        pugi::xml_node root = t.doc.document_element();
        root.attribute("ref").set_value(area_ref(grow->ref).c_str());
        if (auto af = main_child(root, "autoFilter")) {
            area fa = grow->ref;
            fa.r2 -= grow->totals;
            af.attribute("ref").set_value(area_ref(fa).c_str());
        }
        t.dirty = true;
        if (grow->totals == 0) extend_print_area(s, old_last, grow->ref.r2);
    }
    std::vector<std::pair<std::uint32_t, std::string>> formulas;
    if (grow) {
        // As Excel does when a table grows: the new row takes the styles of the row above
        // and the table's calculated columns get their formula.
        xml_part& t = load(grow->part);
        pugi::xml_node root = t.doc.document_element();
        const std::uint32_t header_rows = root.attribute("headerRowCount").as_uint(1);
        const std::uint32_t first_data = grow->ref.r1 + header_rows;
        if (row > first_data)
            for (std::uint32_t col = grow->ref.c1; col <= grow->ref.c2; ++col)
                if (pugi::xml_node above = find_cell(s, {col, row - 1}); above && style_of(above) != 0) {
                    pugi::xml_node c = get_cell(s, {col, row});
                    set_style(c, style_of(above));
                    note_edit(s, {col, row});
                }
        std::uint32_t col = grow->ref.c1;
        if (pugi::xml_node cols = main_child(root, "tableColumns"))
            for (auto tc = cols.first_child(); tc; tc = tc.next_sibling()) {
                if (!is_main(tc, "tableColumn")) continue;
                const pugi::xml_node calc = main_child(tc, "calculatedColumnFormula");
                const std::size_t idx = col - first_col;
                const bool given = col >= first_col && idx < values.size() && !values[idx].empty();
                if (calc && !given && std::string_view(calc.attribute("array").value()) != "1")
                    formulas.emplace_back(col, xlsx::shift_formula(calc.text().get(),
                                                                   static_cast<int>(row) - static_cast<int>(first_data), 0));
                ++col;
            }
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
        const std::string ref = xlsx::cell_ref(first_col + static_cast<std::uint32_t>(i), row);
        if (values[i].empty()) continue;
        set_cell(s.name, ref, &values[i], {}, std::nullopt);
    }
    for (auto& [col, f] : formulas) set_cell(s.name, xlsx::cell_ref(col, row), nullptr, f, std::nullopt);
    return row;
}

}  // namespace kib
