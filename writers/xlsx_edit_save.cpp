// save(): stale results dropped, calcChain.xml removed and fullCalcOnLoad set after cell edits,
// <dimension> and sharedStrings counts brought up to date, then only dirty parts are written.

#include "writers/xlsx_edit_impl.hpp"

#include <algorithm>

namespace kib {

using namespace xlsx_edit_detail;

// ---- save ----
// calcChain.xml lists formula cells; stale entries make Excel repair the file, so it goes
// (Excel rebuilds it) and both applications recalculate everything on open.
void workbook_editor::impl::prepare_recalculation() {
    for (const relationship& r : wb_rels)
        if (r.has_type("calcChain") && !r.external) {
            if (part_exists(r.target)) {
                remove_part(r.target);
                set_content_type_override(r.target, nullptr);
            }
            remove_relationship(wb_part, r.id);
        }
    xml_part& wb = load(wb_part);
    pugi::xml_node root = wb.doc.document_element();
    pugi::xml_node calc = main_child(root, "calcPr");
    if (!calc) {
        // CT_Workbook order: calcPr follows definedNames, externalReferences, functionGroups, sheets.
        static const char* before[] = {"definedNames", "externalReferences", "functionGroups", "sheets"};
        pugi::xml_node after;
        for (const char* b : before)
            if ((after = main_child(root, b))) break;
        const std::string name = qualified_prefix(root) + "calcPr";
        calc = after ? root.insert_child_after(name.c_str(), after) : root.append_child(name.c_str());
    }
    (calc.attribute("fullCalcOnLoad") ? calc.attribute("fullCalcOnLoad") : calc.append_attribute("fullCalcOnLoad"))
        .set_value("1");
    wb.dirty = true;
}

// Widens <dimension> to cover the edited cells.
void workbook_editor::impl::update_dimension(sheet_state& s) {
    if (s.min_row == 0) return;
    pugi::xml_node dim = main_child(s.root, "dimension");
    if (!dim) return;
    area a;
    area e{s.min_col, s.min_row, s.max_col, s.max_row};
    if (parse_area(dim.attribute("ref").value(), a) && !(s.is_new && a.r1 == 1 && a.c1 == 1 && a.r2 == 1 && a.c2 == 1 &&
                                                        !find_cell(s, {1, 1}))) {
        e.c1 = std::min(e.c1, a.c1);
        e.r1 = std::min(e.r1, a.r1);
        e.c2 = std::max(e.c2, a.c2);
        e.r2 = std::max(e.r2, a.r2);
    }
    const std::string ref = area_ref(e);
    (dim.attribute("ref") ? dim.attribute("ref") : dim.append_attribute("ref")).set_value(ref.c_str());
}

void workbook_editor::impl::update_sst_counts() {
    if (sst_part.empty() || !parts.count(lower(sst_part))) return;
    xml_part& x = load(sst_part);
    if (!x.dirty && sst_count_delta == 0) return;
    pugi::xml_node root = x.doc.document_element();
    std::size_t unique = 0;
    for (auto si = root.first_child(); si; si = si.next_sibling())
        if (is_main(si, "si")) ++unique;
    auto count = root.attribute("count");
    if (count) {
        const std::int64_t c = std::max<std::int64_t>(static_cast<std::int64_t>(count.as_llong()) + sst_count_delta, 0);
        count.set_value(static_cast<long long>(c));
    }
    auto uc = root.attribute("uniqueCount");
    if (uc) uc.set_value(static_cast<unsigned long long>(unique));
    x.dirty = true;
    sst_count_delta = 0;
}

save_result workbook_editor::impl::save(const std::string& target, const save_options& options) {
    drop_stale_results();
    if (cells_changed) prepare_recalculation();
    for (auto& s : sheets)
        if (s.loaded) update_dimension(s);
    update_sst_counts();
    package_writer out(path);
    std::vector<std::string> streamed;
    for (const std::string& r : removed_parts) out.remove(r);
    for (auto& [key, x] : parts) {
        if (!x->dirty) continue;
        if (!x->streamed) {
            out.put(x->name, x->splice.write(x->original, x->doc));
            continue;
        }
        // A streamed sheet goes from the source part to the deflater as it is read.
        for (auto& s : sheets)
            if (s.streamed && s.xml == x.get()) {
                entry_deflater d(x->name, 6);
                write_streamed(s, [&d](std::string_view v) { d.add(v); });
                out.put_raw(d.finish());
                streamed.push_back(x->name);
            }
    }
    save_result r = out.save(target, options);
    r.streamed_parts = std::move(streamed);
    return r;
}

}  // namespace kib
