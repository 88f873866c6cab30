#include "writers/worksheet_part.hpp"

#include <algorithm>

#include "readers/xlsx_parts.hpp"

namespace kib::writers::worksheet {

void write_dimension(detail::xml_emit& w, const worksheet_data& d) {
    std::uint32_t first_row = 0, last_row = 0, first_col = 0, last_col = 0;
    for (const auto& [r, cells] : d.rows) {
        if (cells.empty()) continue;
        if (first_row == 0) first_row = r;
        last_row = r;
        const std::uint32_t c0 = cells.begin()->first, c1 = cells.rbegin()->first;
        first_col = first_col == 0 ? c0 : std::min(first_col, c0);
        last_col = std::max(last_col, c1);
    }
    std::string ref = "A1";
    if (first_row != 0) {
        ref = xlsx::cell_ref(first_col, first_row);
        if (first_row != last_row || first_col != last_col) {
            ref += ':';
            ref += xlsx::cell_ref(last_col, last_row);
        }
    }
    w.empty("dimension", {{"ref", ref}});
}

void write_sheet_views(detail::xml_emit& w, const worksheet_data& d) {
    w.start("sheetViews");
    detail::xml_attrs view;
    if (d.selected) view.emplace_back("tabSelected", "1");
    view.emplace_back("workbookViewId", "0");
    if (d.freeze_rows == 0 && d.freeze_cols == 0) {
        w.empty("sheetView", view);
        w.end("sheetViews");
        return;
    }
    w.start("sheetView", view);
    const std::string top_left = xlsx::cell_ref(d.freeze_cols + 1, d.freeze_rows + 1);
    const char* active = d.freeze_rows && d.freeze_cols ? "bottomRight" : d.freeze_rows ? "bottomLeft" : "topRight";
    detail::xml_attrs pane;
    if (d.freeze_cols) pane.emplace_back("xSplit", std::to_string(d.freeze_cols));
    if (d.freeze_rows) pane.emplace_back("ySplit", std::to_string(d.freeze_rows));
    pane.emplace_back("topLeftCell", top_left);
    pane.emplace_back("activePane", active);
    pane.emplace_back("state", "frozen");
    w.empty("pane", pane);
    // Excel writes one selection per pane that exists; the active one holds the cursor.
    if (d.freeze_rows && d.freeze_cols) {
        w.empty("selection", {{"pane", "topRight"}, {"activeCell", xlsx::cell_ref(d.freeze_cols + 1, 1)},
                              {"sqref", xlsx::cell_ref(d.freeze_cols + 1, 1)}});
        w.empty("selection", {{"pane", "bottomLeft"}, {"activeCell", xlsx::cell_ref(1, d.freeze_rows + 1)},
                              {"sqref", xlsx::cell_ref(1, d.freeze_rows + 1)}});
    }
    w.empty("selection", {{"pane", active}, {"activeCell", top_left}, {"sqref", top_left}});
    w.end("sheetView");
    w.end("sheetViews");
}

void write_col(detail::xml_emit& w, const column_out& c) {
    w.empty("col", {{"min", std::to_string(c.first)},
                    {"max", std::to_string(c.last)},
                    {"width", detail::xml_number(c.width)},
                    {"customWidth", "1"}});
}

void write_cols(detail::xml_emit& w, const std::vector<column_out>& cols) {
    if (cols.empty()) return;
    std::vector<column_out> sorted = cols;
    std::stable_sort(sorted.begin(), sorted.end(), [](const column_out& a, const column_out& b) { return a.first < b.first; });
    w.start("cols");
    for (const auto& c : sorted) write_col(w, c);
    w.end("cols");
}

void write_cell(detail::xml_emit& w, std::string_view ref, const cell_out& c) {
    detail::xml_attrs a{{"r", std::string(ref)}};
    if (c.xf != 0) a.emplace_back("s", std::to_string(c.xf));
    switch (c.kind) {
        case value_kind::shared_string: a.emplace_back("t", "s"); break;
        case value_kind::boolean: a.emplace_back("t", "b"); break;
        case value_kind::error: a.emplace_back("t", "e"); break;
        case value_kind::formula_text: a.emplace_back("t", "str"); break;
        case value_kind::none:
        case value_kind::number: break;
    }
    if (c.kind == value_kind::none && c.formula.empty()) {
        w.empty("c", a);
        return;
    }
    w.start("c", a);
    if (!c.formula.empty()) w.data("f", c.formula);
    switch (c.kind) {
        case value_kind::none: break;
        case value_kind::number:
        case value_kind::shared_string:
        case value_kind::boolean: w.data("v", detail::xml_number(c.number)); break;
        case value_kind::error:
        case value_kind::formula_text: w.data("v", c.text); break;
    }
    w.end("c");
}

void write_sheet_data(detail::xml_emit& w, const worksheet_data& d) {
    bool any = false;
    for (const auto& [r, cells] : d.rows) any = any || !cells.empty();
    if (!any) {
        w.empty("sheetData");
        return;
    }
    w.start("sheetData");
    for (const auto& [r, cells] : d.rows) {
        if (cells.empty()) continue;
        detail::xml_attrs row{{"r", std::to_string(r)}};
        if (const auto h = d.row_heights.find(r); h != d.row_heights.end()) {
            row.emplace_back("ht", detail::xml_number(h->second));
            row.emplace_back("customHeight", "1");
        }
        w.start("row", row);
        for (const auto& [c, cell] : cells) write_cell(w, xlsx::cell_ref(c, r), cell);
        w.end("row");
    }
    w.end("sheetData");
}

void write_auto_filter(detail::xml_emit& w, std::string_view ref) { w.empty("autoFilter", {{"ref", std::string(ref)}}); }

void write_merge_cells(detail::xml_emit& w, const std::vector<std::string>& ranges) {
    w.start("mergeCells", {{"count", std::to_string(ranges.size())}});
    for (const auto& r : ranges) w.empty("mergeCell", {{"ref", r}});
    w.end("mergeCells");
}

void write_hyperlinks(detail::xml_emit& w, const std::vector<hyperlink_out>& links) {
    w.start("hyperlinks");
    for (const auto& l : links) {
        detail::xml_attrs a{{"ref", l.ref}};
        if (!l.rel_id.empty()) a.emplace_back("r:id", l.rel_id);
        if (!l.location.empty()) a.emplace_back("location", l.location);
        if (!l.tooltip.empty()) a.emplace_back("tooltip", l.tooltip);
        w.empty("hyperlink", a);
    }
    w.end("hyperlinks");
}

void write_page_margins(detail::xml_emit& w) {
    w.empty("pageMargins",
            {{"left", "0.7"}, {"right", "0.7"}, {"top", "0.75"}, {"bottom", "0.75"}, {"header", "0.3"}, {"footer", "0.3"}});
}

void write_drawing(detail::xml_emit& w, std::string_view rel_id) { w.empty("drawing", {{"r:id", std::string(rel_id)}}); }

std::string write_part(const worksheet_data& d) {
    std::string out;
    detail::xml_emit w(out);
    w.declaration();
    w.start("worksheet", {{"xmlns", "http://schemas.openxmlformats.org/spreadsheetml/2006/main"},
                          {"xmlns:r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}});
    write_dimension(w, d);
    write_sheet_views(w, d);
    w.empty("sheetFormatPr", {{"defaultRowHeight", "15"}});
    write_cols(w, d.columns);
    write_sheet_data(w, d);
    if (!d.autofilter.empty()) write_auto_filter(w, d.autofilter);
    if (!d.merged.empty()) write_merge_cells(w, d.merged);
    if (!d.hyperlinks.empty()) write_hyperlinks(w, d.hyperlinks);
    write_page_margins(w);
    if (!d.drawing_rel_id.empty()) write_drawing(w, d.drawing_rel_id);
    w.end("worksheet");
    return out;
}

}  // namespace kib::writers::worksheet
