// Big worksheets streamed through the editor (see editor_options::stream_sheets_from).
//
// A streamed sheet's DOM is a worksheet with everything around sheetData as it was and, inside
// it, only the rows the edit has reached; every other row stays in the source part and is copied
// through at save. So the cell code (xlsx_edit_cells.cpp) works unchanged on the rows it reaches,
// and the bytes of every other row are the source's.
//
// Traps:
// - Reaching a row not read yet rebuilds the DOM (resolve_rows): pugixml nodes of that sheet held
//   across find_cell()/get_row() for ANOTHER row are invalid afterwards. The editor's operations
//   reach one row each (or prefetch them first).
// - Only sheets without formulas are streamed: the stale-result, shared-formula and array code
//   walks every row of a sheet with formulas, so those sheets are held whole as before.
// - Whatever needs the whole sheet (appending below the last row, moving rows) first turns the
//   streamed sheet into a whole DOM (densify), edits so far included.

#include "writers/xlsx_edit_impl.hpp"

#include <algorithm>
#include <limits>

#include "readers/i18n.hpp"

namespace kib {

using namespace xlsx_edit_detail;

namespace {

worksheet_stream::scan_options scan_limits(const package& pkg) {
    worksheet_stream::scan_options o;
    const xml::limits& lim = pkg.limits().xml;
    // A tag holds at most a few attribute values of the limit's size; a token over that is refused
    // (and the DOM path then reports the part as the reader would).
    o.max_token = lim.max_value_size > (std::numeric_limits<std::size_t>::max() >> 3) ? std::numeric_limits<std::size_t>::max()
                                                                                    : lim.max_value_size * 4 + 4096;
    o.max_depth = lim.max_depth;
    return o;
}

}  // namespace

bool workbook_editor::impl::load_streamed(sheet_state& s) {
    const package::entry* e = pkg.find(s.part);
    if (!e || e->size < stream_from || parts.count(lower(s.part))) return false;
    worksheet_stream::scan_options o = scan_limits(pkg);
    o.wanted = s.prefetch;
    package::part_stream in = pkg.stream(s.part, true);
    worksheet_stream::scan_result r =
        worksheet_stream::scan([&in](char* b, std::size_t n) { return in.read(b, n); }, o);
    if (!r.refusal.empty() || r.has_formula) return false;
    auto x = std::make_unique<xml_part>();
    x->name = s.part;
    x->streamed = true;
    s.xml = x.get();
    parts.emplace(lower(s.part), std::move(x));
    s.streamed = true;
    s.spans = std::move(r.spans);
    s.data_begin = r.data_begin;
    s.data_end = r.data_end;
    s.source_last_used = r.last_used_row;
    s.prefetch.clear();
    std::string xml = std::move(r.head);
    for (auto& [n, bytes] : r.rows) xml += bytes;
    xml += r.tail;
    rebuild_streamed(s, std::move(xml));
    s.rows_numbered = true;
    s.loaded = true;
    return true;
}

// A new DOM for the streamed sheet from xml (head, the rows reached, tail).
void workbook_editor::impl::rebuild_streamed(sheet_state& s, std::string xml) {
    xml_part& x = *s.xml;
    x.original = std::move(xml);
    x.doc.reset();
    const pugi::xml_parse_result r = x.doc.load_buffer(x.original.data(), x.original.size(), parse_flags, pugi::encoding_utf8);
    if (!r)
        fail(s.part, {}, trf("the part is not well-formed XML ({} at byte {})", {r.description(), std::to_string(r.offset)}),
             tr("re-save the workbook in Excel or LibreOffice"));
    x.splice = xml_splice::capture(x.original, x.doc);
    index_rows(s);
}

// The streamed sheet's DOM as it is now, cut into head, rows and tail.
worksheet_stream::scan_result workbook_editor::impl::streamed_now(sheet_state& s) {
    const xml_part& x = *s.xml;
    const std::string now = x.dirty ? x.splice.write(x.original, x.doc) : x.original;
    worksheet_stream::scan_options o;
    o.max_token = std::numeric_limits<std::size_t>::max();
    o.max_depth = std::numeric_limits<std::size_t>::max();
    for (const auto& [n, node] : s.rows) o.wanted.insert(n);
    worksheet_stream::scan_result r = worksheet_stream::scan(worksheet_stream::from_memory(now), o);
    if (!r.refusal.empty())
        throw error(error_category::internal, location{path, s.part, s.name, 0, 0},
                    "the streamed sheet's own XML cannot be cut into rows: " + r.refusal);
    return r;
}

void workbook_editor::impl::resolve_rows(sheet_state& s, const std::set<std::uint32_t>& rows) {
    worksheet_stream::scan_options o = scan_limits(pkg);
    o.whole = false;
    for (std::uint32_t n : rows)
        if (!s.spans.count(n)) o.wanted.insert(n);
    if (o.wanted.empty()) return;
    package::part_stream in = pkg.stream(s.part, true);
    worksheet_stream::scan_result found =
        worksheet_stream::scan([&in](char* b, std::size_t n) { return in.read(b, n); }, o);
    if (!found.refusal.empty())  // the part scanned whole before; it cannot change under us
        throw error(error_category::internal, location{path, s.part, s.name, 0, 0}, "streamed sheet rescan: " + found.refusal);
    for (auto& [n, span] : found.spans) s.spans[n] = span;
    if (found.rows.empty()) return;
    worksheet_stream::scan_result now = streamed_now(s);
    for (auto& [n, bytes] : found.rows) now.rows[n] = std::move(bytes);
    std::string xml = std::move(now.head);
    for (auto& [n, bytes] : now.rows) xml += bytes;
    xml += now.tail;
    rebuild_streamed(s, std::move(xml));
}

// The whole part: the source streamed with the rows of the DOM in place of (or between) its own.
void workbook_editor::impl::write_streamed(sheet_state& s, const worksheet_stream::sink& out) {
    const worksheet_stream::scan_result now = streamed_now(s);
    std::vector<worksheet_stream::replacement> repl;
    repl.reserve(now.rows.size());
    for (const auto& [n, bytes] : now.rows) {
        auto it = s.spans.find(n);
        if (it == s.spans.end())
            throw error(error_category::internal, location{path, s.part, s.name, 0, 0},
                        "a row of the streamed sheet was never looked up: " + std::to_string(n));
        repl.push_back({it->second.begin, it->second.end, bytes});
    }
    package::part_stream in = pkg.stream(s.part, true);
    worksheet_stream::splice([&in](char* b, std::size_t n) { return in.read(b, n); }, now.head, s.data_begin, repl,
                             s.data_end, now.tail, out);
}

void workbook_editor::impl::densify(sheet_state& s) {
    if (!s.streamed) return;
    std::string whole;
    write_streamed(s, [&whole](std::string_view v) { whole.append(v); });
    s.streamed = false;
    s.xml->streamed = false;
    s.spans.clear();
    rebuild_streamed(s, std::move(whole));
}

// The last row with a value, from the rows in the DOM and the scan of the source; false when the
// edit emptied the source's last used row and the one before it is not known without the whole sheet.
bool workbook_editor::impl::streamed_last_used_row(sheet_state& s, std::uint32_t& last) {
    auto has_value = [](pugi::xml_node row) {
        for (auto c = row.first_child(); c; c = c.next_sibling())
            if (is_main(c, "c") && (main_child(c, "v") || main_child(c, "f") || main_child(c, "is"))) return true;
        return false;
    };
    std::uint32_t in_dom = 0;
    for (auto it = s.rows.rbegin(); it != s.rows.rend() && in_dom == 0; ++it)
        if (has_value(it->second)) in_dom = it->first;
    const auto src = s.rows.find(s.source_last_used);
    if (s.source_last_used != 0 && src != s.rows.end() && !has_value(src->second) && in_dom < s.source_last_used)
        return false;
    last = std::max(in_dom, s.source_last_used);
    return true;
}

// Whether a part not loaded has a formula; big parts are scanned as a stream, not read whole.
bool workbook_editor::impl::part_has_formula(const std::string& part) {
    const package::entry* e = pkg.find(part);
    if (e && e->size >= stream_from) {
        worksheet_stream::scan_options o = scan_limits(pkg);
        o.stop_at_formula = true;
        package::part_stream in = pkg.stream(part, true);
        const worksheet_stream::scan_result r =
            worksheet_stream::scan([&in](char* b, std::size_t n) { return in.read(b, n); }, o);
        if (r.refusal.empty()) return r.has_formula;
    }
    return has_formula_element(pkg.read(part));
}

}  // namespace kib
