#include "writers/workbook_part.hpp"

namespace kib::writers::workbook {

void write_book_views(detail::xml_emit& w, std::uint32_t active_tab) {
    w.start("bookViews");
    detail::xml_attrs a{{"xWindow", "240"}, {"yWindow", "15"}, {"windowWidth", "16095"}, {"windowHeight", "9660"}};
    if (active_tab != 0) a.emplace_back("activeTab", std::to_string(active_tab));
    w.empty("workbookView", a);
    w.end("bookViews");
}

void write_sheet(detail::xml_emit& w, const sheet_entry& s) {
    w.empty("sheet", {{"name", s.name}, {"sheetId", std::to_string(s.sheet_id)}, {"r:id", s.rel_id}});
}

void write_defined_names(detail::xml_emit& w, const std::vector<defined_name_out>& names) {
    w.start("definedNames");
    for (const auto& n : names) {
        detail::xml_attrs a{{"name", n.name}};
        if (n.local_sheet >= 0) a.emplace_back("localSheetId", std::to_string(n.local_sheet));
        if (n.hidden) a.emplace_back("hidden", "1");
        w.data("definedName", n.value, a);
    }
    w.end("definedNames");
}

void write_calc_pr(detail::xml_emit& w, bool full_calc_on_load) {
    detail::xml_attrs a{{"calcId", "191029"}};
    if (full_calc_on_load) a.emplace_back("fullCalcOnLoad", "1");
    w.empty("calcPr", a);
}

std::string write_part(const workbook_data& d) {
    std::string out;
    detail::xml_emit w(out);
    w.declaration();
    w.start("workbook", {{"xmlns", "http://schemas.openxmlformats.org/spreadsheetml/2006/main"},
                         {"xmlns:r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}});
    w.empty("workbookPr");
    write_book_views(w, d.active_tab);
    w.start("sheets");
    for (const auto& s : d.sheets) write_sheet(w, s);
    w.end("sheets");
    if (!d.names.empty()) write_defined_names(w, d.names);
    write_calc_pr(w, d.full_calc_on_load);
    w.end("workbook");
    return out;
}

}  // namespace kib::writers::workbook
