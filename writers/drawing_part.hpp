// Drawing part writer: xl/drawings/drawingN.xml (xdr:wsDr), which anchors charts on a sheet.
// Independent of the chart content: an anchor only names the chart part's relationship id.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "writers/xml_emit.hpp"

namespace kib::writers::drawing {

// A chart placed between two cell corners. Columns and rows are 0-based here, as in the
// drawing XML: the chart spans from the top-left corner of (from_col, from_row) to the
// top-left corner of (to_col, to_row), plus the offsets in EMU (914400 per inch).
struct chart_anchor {
    std::uint32_t from_col = 0, from_row = 0, to_col = 8, to_row = 15;
    std::int64_t from_col_off = 0, from_row_off = 0, to_col_off = 0, to_row_off = 0;
    std::uint32_t id = 2;   // drawing object id, unique within the part
    std::string name;       // "Grafiek 1"
    std::string rel_id;     // "rId1", into the drawing's .rels (type chart)
};

// The whole part.
std::string write_part(const std::vector<chart_anchor>& anchors);
// <xdr:twoCellAnchor> with from, to, graphicFrame and clientData.
void write_two_cell_anchor(detail::xml_emit& w, const chart_anchor& a);
// <xdr:from> / <xdr:to>: col, colOff, row, rowOff.
void write_marker(detail::xml_emit& w, const char* element, std::uint32_t col, std::int64_t col_off, std::uint32_t row,
                  std::int64_t row_off);
// <xdr:graphicFrame> holding <c:chart r:id=…/>.
void write_graphic_frame(detail::xml_emit& w, const chart_anchor& a);

inline constexpr const char* drawing_content_type = "application/vnd.openxmlformats-officedocument.drawing+xml";

}  // namespace kib::writers::drawing
