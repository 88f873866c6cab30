// Which cached formula results an edit made stale, and dropping them at save (drop_stale_results).
// Reads through formulas, defined names and tables; what kib cannot follow counts as reading all.

#include "writers/xlsx_edit_impl.hpp"

#include "readers/xlsx_parts.hpp"

namespace kib {

using namespace xlsx_edit_detail;

// ---- stale cached results ----
// LibreOffice with its default settings shows a formula's cached result and ignores
// fullCalcOnLoad, but computes a formula that has no cached result. So the cached result of
// every formula that reads a changed cell — directly, through other formulas or through a
// defined name — is dropped, and LibreOffice and Excel compute it on open. Other formulas keep
// theirs: readers without a calculation engine (kib among them) still see their values. A
// formula kib cannot follow (INDIRECT, OFFSET, structured, 3D or external references) counts as
// reading every cell. A result the caller gave with set_formula is kept.

// Sheet ids and positions (1-based) of the sheets calcChain.xml lists; nullopt without one.
std::optional<std::set<std::uint32_t>> workbook_editor::impl::sheets_in_calc_chain() {
    for (const relationship& r : wb_rels) {
        if (!r.has_type("calcChain") || r.external || !part_exists(r.target)) continue;
        const std::string bytes = pkg.read(r.target);
        pugi::xml_document doc;
        if (!doc.load_buffer(bytes.data(), bytes.size(), pugi::parse_default, pugi::encoding_utf8)) return std::nullopt;
        std::set<std::uint32_t> ids;
        std::uint32_t current = 0;
        for (auto c = doc.document_element().first_child(); c; c = c.next_sibling()) {
            if (auto i = c.attribute("i")) current = i.as_uint();
            ids.insert(current);
        }
        return ids;
    }
    return std::nullopt;
}

bool workbook_editor::impl::reads_changed_area(const std::string& sheet, const formula_area& a) const {
    auto it = changed_cells.find(lower(sheet));
    if (it == changed_cells.end()) return false;
    for (auto c = it->second.lower_bound({a.r1, 0}); c != it->second.end() && c->first <= a.r2; ++c)
        if (c->second >= a.c1 && c->second <= a.c2) return true;
    return false;
}

const std::string* workbook_editor::impl::defined_name(std::string_view name, const std::string& host) {
    if (!defined_names_read) {
        defined_names_read = true;
        pugi::xml_node names = main_child(load(wb_part).doc.document_element(), "definedNames");
        for (auto n = names.first_child(); n; n = n.next_sibling())
            if (is_main(n, "definedName"))
                defined_names_cache.emplace_back(lower(n.attribute("name").value()),
                                                 n.attribute("localSheetId") ? n.attribute("localSheetId").as_int() : -1,
                                                 n.text().get());
    }
    int host_pos = -1;
    for (std::size_t i = 0; i < sheets.size(); ++i)
        if (lower(sheets[i].name) == lower(host)) host_pos = static_cast<int>(i);
    const std::string key = lower(name);
    const std::string* global = nullptr;
    for (const auto& [n, local, text] : defined_names_cache) {
        if (n != key) continue;
        if (local == host_pos && local >= 0) return &text;
        if (local < 0) global = &text;
    }
    return global;
}

const std::pair<std::string, area>* workbook_editor::impl::table_named(std::string_view name) {
    if (!tables_read) {
        tables_read = true;
        for (const sheet_state& s : sheets) {
            if (s.part.empty() || !pkg.find(s.part)) continue;
            for (const relationship& r : pkg.relationships(s.part)) {
                if (!r.has_type("table") || r.external || !part_exists(r.target)) continue;
                pugi::xml_node t = load(r.target).doc.document_element();
                area a;
                if (!parse_area(t.attribute("ref").value(), a)) continue;
                for (const char* attr : {"name", "displayName"})
                    if (*t.attribute(attr).value()) tables_by_name[lower(t.attribute(attr).value())] = {s.name, a};
            }
        }
    }
    auto it = tables_by_name.find(lower(name));
    return it == tables_by_name.end() ? nullptr : &it->second;
}

bool workbook_editor::impl::reads_changed(const formula_inputs& in, const std::string& host, int depth) {
    if (in.opaque) return true;
    for (const std::string& t : in.tables) {
        const auto* table = table_named(t);
        if (!table) return true;
        const formula_area a{table->first, table->second.c1, table->second.r1, table->second.c2, table->second.r2};
        if (reads_changed_area(table->first, a)) return true;
    }
    for (const formula_area& a : in.areas)
        if (reads_changed_area(a.sheet.empty() ? host : a.sheet, a)) return true;
    for (const std::string& n : in.names) {
        const std::string* text = defined_name(n, host);
        // An unknown name (a table, a LAMBDA, a typo): kib cannot tell what it reads.
        if (!text || depth > 16) return true;
        if (reads_changed(formula_reads(*text, {}), host, depth + 1)) return true;
    }
    return false;
}

// Calls fn(cell, f element, position) for every formula cell of a loaded sheet, in sheet order.
template <class Fn>
void workbook_editor::impl::for_each_formula(sheet_state& s, Fn&& fn) {
    for (auto& [row, node] : s.rows) {
        std::uint32_t col = 0;
        for (auto c = node.first_child(); c; c = c.next_sibling()) {
            if (!is_main(c, "c")) continue;
            col = cell_col(c, col);
            if (pugi::xml_node f = main_child(c, "f")) fn(c, f, cell_pos{col, row});
        }
    }
}

void workbook_editor::impl::drop_stale_results() {
    if (!cells_changed) return;
    const auto chain = sheets_in_calc_chain();
    struct formula_cell {
        sheet_state* s;
        pugi::xml_node c;
        cell_pos p;
        formula_inputs inputs;
        bool done = false;
    };
    std::vector<formula_cell> cells;
    for (std::size_t i = 0; i < sheets.size(); ++i) {
        sheet_state& st = sheets[i];
        bool worksheet = st.is_new;
        for (const relationship& r : wb_rels)
            if (r.id == st.rel_id && r.has_type("worksheet")) worksheet = true;
        if (!worksheet || st.part.empty() || !part_exists(st.part)) continue;
        // A sheet without formulas before the edit is skipped (a formula set by this edit is
        // a changed cell itself, so what reads it is still found).
        if (chain) {
            if (!chain->count(st.sheet_id) && !chain->count(static_cast<std::uint32_t>(i + 1))) continue;
        } else if (!(st.loaded ? has_formula_element(st.xml->original) : part_has_formula(st.part))) {
            continue;
        }
        sheet_state& s = sheet(st.name);
        // Shared formulas: the master holds the text for its group (si).
        std::map<std::string, std::pair<cell_pos, std::string>> masters;
        for_each_formula(s, [&](pugi::xml_node, pugi::xml_node f, cell_pos p) {
            if (std::string_view(f.attribute("t").value()) == "shared" && f.attribute("ref") && *f.text().get())
                masters[f.attribute("si").value()] = {p, f.text().get()};
        });
        for_each_formula(s, [&](pugi::xml_node c, pugi::xml_node f, cell_pos p) {
            formula_cell fc{&s, c, p, {}, false};
            const std::string_view t = f.attribute("t").value();
            if (t == "shared" && !*f.text().get()) {
                auto m = masters.find(f.attribute("si").value());
                if (m == masters.end()) {
                    fc.inputs.opaque = true;
                } else {
                    const int dr = static_cast<int>(p.row) - static_cast<int>(m->second.first.row);
                    const int dc = static_cast<int>(p.col) - static_cast<int>(m->second.first.col);
                    fc.inputs = formula_reads(xlsx::shift_formula(m->second.second, dr, dc), s.name);
                }
            } else if (t == "dataTable") {
                fc.inputs.opaque = true;
            } else {
                fc.inputs = formula_reads(f.text().get(), s.name);
            }
            cells.push_back(std::move(fc));
        });
    }
    for (bool progress = true; progress;) {
        progress = false;
        for (formula_cell& fc : cells) {
            if (fc.done || !reads_changed(fc.inputs, fc.s->name)) continue;
            fc.done = true;
            progress = true;
            const std::string key = lower(fc.s->name);
            changed_cells[key].insert({fc.p.row, fc.p.col});
            if (given_results.count({key, {fc.p.row, fc.p.col}})) continue;
            if (pugi::xml_node v = main_child(fc.c, "v")) {
                fc.c.remove_child(v);
                const std::string_view t = fc.c.attribute("t").value();
                if (t == "str" || t == "b" || t == "e") fc.c.remove_attribute("t");  // the type of the result that went
                fc.s->xml->dirty = true;
            }
        }
    }
}

}  // namespace kib
