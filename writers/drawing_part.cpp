#include "writers/drawing_part.hpp"

namespace kib::writers::drawing {

void write_marker(detail::xml_emit& w, const char* element, std::uint32_t col, std::int64_t col_off, std::uint32_t row,
                  std::int64_t row_off) {
    w.start(element);
    w.data("xdr:col", std::to_string(col));
    w.data("xdr:colOff", std::to_string(col_off));
    w.data("xdr:row", std::to_string(row));
    w.data("xdr:rowOff", std::to_string(row_off));
    w.end(element);
}

void write_graphic_frame(detail::xml_emit& w, const chart_anchor& a) {
    w.start("xdr:graphicFrame", {{"macro", ""}});
    w.start("xdr:nvGraphicFramePr");
    w.empty("xdr:cNvPr", {{"id", std::to_string(a.id)}, {"name", a.name}});
    w.empty("xdr:cNvGraphicFramePr");
    w.end("xdr:nvGraphicFramePr");
    w.start("xdr:xfrm");
    w.empty("a:off", {{"x", "0"}, {"y", "0"}});
    w.empty("a:ext", {{"cx", "0"}, {"cy", "0"}});
    w.end("xdr:xfrm");
    w.start("a:graphic");
    w.start("a:graphicData", {{"uri", "http://schemas.openxmlformats.org/drawingml/2006/chart"}});
    w.empty("c:chart", {{"xmlns:c", "http://schemas.openxmlformats.org/drawingml/2006/chart"},
                        {"xmlns:r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships"},
                        {"r:id", a.rel_id}});
    w.end("a:graphicData");
    w.end("a:graphic");
    w.end("xdr:graphicFrame");
}

void write_two_cell_anchor(detail::xml_emit& w, const chart_anchor& a) {
    w.start("xdr:twoCellAnchor", {{"editAs", "oneCell"}});
    write_marker(w, "xdr:from", a.from_col, a.from_col_off, a.from_row, a.from_row_off);
    write_marker(w, "xdr:to", a.to_col, a.to_col_off, a.to_row, a.to_row_off);
    write_graphic_frame(w, a);
    w.empty("xdr:clientData");
    w.end("xdr:twoCellAnchor");
}

std::string write_part(const std::vector<chart_anchor>& anchors) {
    std::string out;
    detail::xml_emit w(out);
    w.declaration();
    w.start("xdr:wsDr", {{"xmlns:xdr", "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"},
                         {"xmlns:a", "http://schemas.openxmlformats.org/drawingml/2006/main"}});
    for (const auto& a : anchors) write_two_cell_anchor(w, a);
    w.end("xdr:wsDr");
    return out;
}

}  // namespace kib::writers::drawing
