// References that follow rows moved down by an insertion: cell formulas of every sheet, ranges and
// parts of the moved sheet, defined names, chart series and pivot sources (see formula_refs.hpp).

#include "writers/xlsx_edit_impl.hpp"

#include <map>
#include <set>

#include "readers/xlsx_parts.hpp"

namespace kib {

using namespace xlsx_edit_detail;

namespace {

constexpr const char* ns_x14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main";
constexpr const char* ns_xm = "http://schemas.microsoft.com/office/excel/2006/main";
constexpr const char* ns_chart = "http://schemas.openxmlformats.org/drawingml/2006/chart";
constexpr const char* ns_chart_strict = "http://purl.oclc.org/ooxml/drawingml/chart";
constexpr const char* ns_c15 = "http://schemas.microsoft.com/office/drawing/2012/chart";

}  // namespace

// ---- references to moved rows ----
// Rows were inserted (the totals row moved down): every A1 reference to the moved cells must
// follow them, as in Excel. Parts are parsed only when they can hold such a reference and
// marked dirty only when a reference changed.
void workbook_editor::impl::shift_references(sheet_state& moved, const row_insertion& ins,
                                             const std::string& grown_table) {
    for (auto& st : sheets) {
        if (st.part.empty()) continue;
        xml_part* x = nullptr;
        if (parts.count(lower(st.part))) x = &load(st.part);
        else if (part_exists(st.part) && has_formula_element(pkg.read(st.part))) x = &load(st.part);
        if (!x) continue;
        pugi::xml_node root = x->doc.document_element();
        if (!is_main(root, "worksheet")) continue;
        if (shift_cell_formulas(root, st.name, ins, &st == &moved)) x->dirty = true;
    }
    shift_sheet_ranges(moved, ins);
    shift_sheet_parts(moved, ins, grown_table);
    shift_defined_names(ins);
    shift_chart_ranges(ins);
    shift_pivot_sources(moved, ins);
}

// Parts that address cells of the moved sheet by position: its other tables (ref and
// autoFilter; the growing table is done by append_row), comments and threaded comments.
void workbook_editor::impl::shift_sheet_parts(sheet_state& s, const row_insertion& ins,
                                              const std::string& grown_table) {
    for (const relationship& r : pkg.relationships(s.part)) {
        if (r.external || !part_exists(r.target)) continue;
        const bool table = r.has_type("table");
        if (!table && !r.has_type("comments") && !r.has_type("threadedComment")) continue;
        if (table && lower(r.target) == lower(grown_table)) continue;
        xml_part& x = load(r.target);
        bool changed = false;
        auto shift_ref = [&](pugi::xml_node n) {
            pugi::xml_attribute a = n.attribute("ref");
            if (!a) return;
            const std::string next = shift_rows_in_sqref(a.value(), ins);
            if (!next.empty() && next != a.value()) {
                a.set_value(next.c_str());
                changed = true;
            }
        };
        pugi::xml_node root = x.doc.document_element();
        if (table) {
            shift_ref(root);
            for (auto c = root.first_child(); c; c = c.next_sibling())
                if (local_of(c.name()) == "autoFilter") shift_ref(c);
        } else {
            // <comment ref> in comments, <threadedComment ref> in threaded comments.
            auto walk = [&](auto&& self, pugi::xml_node n) -> void {
                for (auto c = n.first_child(); c; c = c.next_sibling()) {
                    if (c.type() != pugi::node_element) continue;
                    const std::string_view local = local_of(c.name());
                    if (local == "comment" || local == "threadedComment") shift_ref(c);
                    else self(self, c);
                }
            };
            walk(walk, root);
        }
        if (changed) x.dirty = true;
    }
}

// Pivot caches whose source is a range of the moved sheet (worksheetSource ref + sheet).
void workbook_editor::impl::shift_pivot_sources(const sheet_state& s, const row_insertion& ins) {
    for (const relationship& r : wb_rels) {
        if (r.external || !r.has_type("pivotCacheDefinition") || !part_exists(r.target)) continue;
        xml_part& x = load(r.target);
        pugi::xml_node source = main_child(x.doc.document_element(), "cacheSource");
        pugi::xml_node ws = source ? main_child(source, "worksheetSource") : pugi::xml_node();
        if (!ws || !ws.attribute("ref") || lower(ws.attribute("sheet").value()) != lower(s.name) || rel_attr(ws, "id"))
            continue;  // a named source, another sheet or another workbook
        const std::string next = shift_rows_in_sqref(ws.attribute("ref").value(), ins);
        if (!next.empty() && next != ws.attribute("ref").value()) {
            ws.attribute("ref").set_value(next.c_str());
            x.dirty = true;
        }
    }
}

// Formulas in cells of one worksheet. A shared formula stays shared when moving its master's
// text moves every dependent's text the same way; otherwise (the group straddles the moved
// rows, or its references do) every cell of the group gets its own formula.
bool workbook_editor::impl::shift_cell_formulas(pugi::xml_node root, const std::string& host, const row_insertion& ins,
                                                bool is_moved) {
    struct shared_cell {
        pugi::xml_node f;
        std::uint32_t row = 0, col = 0;
    };
    struct shared_group {
        shared_cell master;
        std::vector<shared_cell> dependents;
    };
    std::map<std::string, shared_group> groups;
    bool changed = false;
    pugi::xml_node data = main_child(root, "sheetData");
    std::uint32_t row_index = 0;
    for (auto r = data.first_child(); r; r = r.next_sibling()) {
        if (!is_main(r, "row")) continue;
        row_index = r.attribute("r") ? r.attribute("r").as_uint() : row_index + 1;
        std::uint32_t col = 0;
        for (auto c = r.first_child(); c; c = c.next_sibling()) {
            if (!is_main(c, "c")) continue;
            col = cell_col(c, col);
            pugi::xml_node f = main_child(c, "f");
            if (!f) continue;
            const std::string_view type = f.attribute("t").value();
            if (type == "shared" && f.attribute("si")) {
                auto& g = groups[f.attribute("si").value()];
                if (f.attribute("ref") && f.text().get()[0] != '\0') g.master = {f, row_index, col};
                else g.dependents.push_back({f, row_index, col});
                continue;
            }
            const std::string text = f.text().get();
            if (text.empty()) continue;
            const std::string next = shift_rows_in_formula(text, host, ins);
            if (next != text) {
                f.text().set(next.c_str());
                changed = true;
            }
        }
    }
    for (auto& [si, g] : groups) {
        if (!g.master.f) continue;  // dependents without a master: nothing to rewrite
        const std::string text = g.master.f.text().get();
        const std::string next = shift_rows_in_formula(text, host, ins);
        area range;
        bool expand = is_moved && parse_area(g.master.f.attribute("ref").value(), range) && range.r1 < ins.first_row &&
                      range.r2 >= ins.first_row;
        std::vector<std::string> own;  // each dependent's formula after the move
        own.reserve(g.dependents.size());
        for (const shared_cell& d : g.dependents) {
            const int dr = static_cast<int>(d.row) - static_cast<int>(g.master.row);
            const int dc = static_cast<int>(d.col) - static_cast<int>(g.master.col);
            own.push_back(shift_rows_in_formula(xlsx::shift_formula(text, dr, dc), host, ins));
            if (!expand && own.back() != xlsx::shift_formula(next, dr, dc)) expand = true;
        }
        if (!expand) {
            if (next != text) {
                g.master.f.text().set(next.c_str());
                changed = true;
            }
            continue;
        }
        for (std::size_t i = 0; i < g.dependents.size(); ++i) {
            pugi::xml_node df = g.dependents[i].f;
            df.remove_attribute("t");
            df.remove_attribute("si");
            df.remove_attribute("ref");
            df.text().set(own[i].c_str());
        }
        g.master.f.remove_attribute("t");
        g.master.f.remove_attribute("si");
        g.master.f.remove_attribute("ref");
        g.master.f.text().set(next.c_str());
        changed = true;
    }
    return changed;
}

// Ranges of the sheet whose rows moved: conditional formatting and data validation (also
// their x14 extensions) with their formulas, merged cells, hyperlinks, ignored errors and
// protected ranges.
void workbook_editor::impl::shift_sheet_ranges(sheet_state& s, const row_insertion& ins) {
    bool changed = false;
    auto set_if = [&](pugi::xml_attribute a, const std::string& v) {
        if (a && v != a.value()) {
            a.set_value(v.c_str());
            changed = true;
        }
    };
    auto set_text_if = [&](pugi::xml_node n, const std::string& v) {
        if (v != n.text().get()) {
            n.text().set(v.c_str());
            changed = true;
        }
    };
    // Formulas and sqref lists inside one conditional format or data validation.
    auto inner = [&](auto&& self, pugi::xml_node n) -> void {
        for (auto c = n.first_child(); c; c = c.next_sibling()) {
            if (c.type() != pugi::node_element) continue;
            const std::string_view local = local_of(c.name());
            const std::string_view uri = uri_of(c);
            if (is_main_uri(uri) && (local == "formula" || local == "formula1" || local == "formula2"))
                set_text_if(c, shift_rows_in_formula(c.text().get(), s.name, ins));
            else if (uri == ns_xm && local == "f")
                set_text_if(c, shift_rows_in_formula(c.text().get(), s.name, ins));
            else if (uri == ns_xm && local == "sqref")
                set_text_if(c, shift_rows_in_sqref(c.text().get(), ins));
            else
                self(self, c);
        }
    };
    auto walk = [&](auto&& self, pugi::xml_node n) -> void {
        for (auto c = n.first_child(); c; c = c.next_sibling()) {
            if (c.type() != pugi::node_element || is_main(c, "sheetData") || is_main(c, "sheetViews")) continue;
            const std::string_view local = local_of(c.name());
            const std::string_view uri = uri_of(c);
            if (is_main_uri(uri) && (local == "conditionalFormatting" || local == "dataValidation")) {
                set_if(c.attribute("sqref"), shift_rows_in_sqref(c.attribute("sqref").value(), ins));
                inner(inner, c);
            } else if (uri == ns_x14 && (local == "conditionalFormatting" || local == "dataValidation")) {
                inner(inner, c);
            } else if (is_main_uri(uri) && (local == "ignoredError" || local == "protectedRange")) {
                set_if(c.attribute("sqref"), shift_rows_in_sqref(c.attribute("sqref").value(), ins));
            } else if (is_main_uri(uri) && (local == "mergeCell" || local == "hyperlink")) {
                set_if(c.attribute("ref"), shift_rows_in_sqref(c.attribute("ref").value(), ins));
            } else {
                self(self, c);
            }
        }
    };
    walk(walk, s.root);
    if (changed) s.xml->dirty = true;
}

// Defined names, print areas and print titles in workbook.xml.
void workbook_editor::impl::shift_defined_names(const row_insertion& ins) {
    xml_part& wb = load(wb_part);
    pugi::xml_node names = main_child(wb.doc.document_element(), "definedNames");
    for (auto n = names.first_child(); n; n = n.next_sibling()) {
        if (!is_main(n, "definedName")) continue;
        const std::string text = n.text().get();
        const std::string next = shift_rows_in_formula(text, {}, ins);
        if (next != text) {
            n.text().set(next.c_str());
            wb.dirty = true;
        }
    }
}

// Series, category and label ranges (c:f, c15:f) of the charts in every sheet's drawing.
void workbook_editor::impl::shift_chart_ranges(const row_insertion& ins) {
    std::set<std::string> seen;
    for (auto& st : sheets) {
        if (st.part.empty() || st.is_new || !pkg.find(st.part)) continue;
        for (const relationship& d : pkg.relationships(st.part)) {
            if (d.external || !d.has_type("drawing") || !part_exists(d.target)) continue;
            for (const relationship& c : pkg.relationships(d.target)) {
                if (c.external || !c.has_type("chart") || !part_exists(c.target) || !seen.insert(lower(c.target)).second)
                    continue;
                xml_part& chart = load(c.target);
                auto walk = [&](auto&& self, pugi::xml_node n) -> void {
                    for (auto e = n.first_child(); e; e = e.next_sibling()) {
                        if (e.type() != pugi::node_element) continue;
                        if (local_of(e.name()) == "f") {
                            const std::string_view uri = uri_of(e);
                            if (uri == ns_chart || uri == ns_chart_strict || uri == ns_c15) {
                                const std::string text = e.text().get();
                                const std::string next = shift_rows_in_formula(text, {}, ins);
                                if (next != text) {
                                    e.text().set(next.c_str());
                                    chart.dirty = true;
                                }
                            }
                            continue;
                        }
                        self(self, e);
                    }
                };
                walk(walk, chart.doc);
            }
        }
    }
}

}  // namespace kib
