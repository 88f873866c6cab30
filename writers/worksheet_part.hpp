// Worksheet part writer: xl/worksheets/sheetN.xml of a new workbook.
//
// Contract: the data model holds what kib's reports need (cells with style indexes, column
// widths, a frozen pane, an autofilter, merged ranges, hyperlinks, one drawing) and
// write_part() writes the elements in the order the schema demands (CT_Worksheet), so Excel
// opens the file without a repair prompt. Cells are already validated by the caller
// (kib::new_sheet); values are written as stored.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "writers/xml_emit.hpp"

namespace kib::writers::worksheet {

enum class value_kind : std::uint8_t {
    none,           // style only, or a formula never calculated
    number,         // <v> number (dates are numbers too)
    shared_string,  // t="s", <v> index
    boolean,        // t="b"
    error,          // t="e"
    formula_text,   // t="str": a formula's cached text result
};

struct cell_out {
    value_kind kind = value_kind::none;
    double number = 0.0;        // number, boolean 0/1, shared string index
    std::string text;           // error literal or formula text result
    std::string formula;        // without '='; "" for a plain value
    std::uint32_t xf = 0;       // cellXfs index
};

struct column_out {
    std::uint32_t first = 1, last = 1;  // 1-based, inclusive
    double width = 8.43;                // characters, as Excel shows it
};

struct hyperlink_out {
    std::string ref;        // "B7"
    std::string rel_id;     // external link: r:id; "" for an internal location
    std::string location;   // internal target, e.g. "'Pijlers'!A1"
    std::string tooltip;
};

struct worksheet_data {
    std::map<std::uint32_t, std::map<std::uint32_t, cell_out>> rows;  // row -> col -> cell, 1-based
    std::vector<column_out> columns;
    std::uint32_t freeze_rows = 0, freeze_cols = 0;
    bool selected = false;      // tabSelected (the active sheet)
    std::string autofilter;     // "A1:D20", "" for none
    std::vector<std::string> merged;  // "A1:C1"
    std::vector<hyperlink_out> hyperlinks;
    std::string drawing_rel_id;  // "" when the sheet has no drawing
    std::map<std::uint32_t, double> row_heights;  // row -> height in points (customHeight)
};

// The whole part.
std::string write_part(const worksheet_data& d);

// Element writers.
// <dimension ref="A1:D20"/>
void write_dimension(detail::xml_emit& w, const worksheet_data& d);
// <sheetViews><sheetView …>[<pane/><selection/>…]</sheetView></sheetViews>
void write_sheet_views(detail::xml_emit& w, const worksheet_data& d);
// <cols><col …/>…</cols>
void write_cols(detail::xml_emit& w, const std::vector<column_out>& cols);
// <col min=… max=… width=… customWidth="1"/>
void write_col(detail::xml_emit& w, const column_out& c);
// <sheetData> with every row.
void write_sheet_data(detail::xml_emit& w, const worksheet_data& d);
// <c r=… s=… t=…>[<f>…</f>][<v>…</v>]</c>
void write_cell(detail::xml_emit& w, std::string_view ref, const cell_out& c);
// <autoFilter ref=…/>
void write_auto_filter(detail::xml_emit& w, std::string_view ref);
// <mergeCells count=…><mergeCell ref=…/>…</mergeCells>
void write_merge_cells(detail::xml_emit& w, const std::vector<std::string>& ranges);
// <hyperlinks><hyperlink …/>…</hyperlinks>
void write_hyperlinks(detail::xml_emit& w, const std::vector<hyperlink_out>& links);
// <pageMargins …/> with Excel's defaults.
void write_page_margins(detail::xml_emit& w);
// <drawing r:id=…/>
void write_drawing(detail::xml_emit& w, std::string_view rel_id);

}  // namespace kib::writers::worksheet
