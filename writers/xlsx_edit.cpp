#include "writers/xlsx_edit.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>

#include "readers/package.hpp"
#include "readers/xlsx_parts.hpp"
#include "writers/xml_splice.hpp"
#include "writers/formula_refs.hpp"

namespace kib {

namespace {

constexpr const char* ns_main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr const char* ns_main_strict = "http://purl.oclc.org/ooxml/spreadsheetml/main";
constexpr const char* ns_rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
constexpr const char* ns_rel_strict = "http://purl.oclc.org/ooxml/officeDocument/relationships";
constexpr const char* ns_pkg_rel = "http://schemas.openxmlformats.org/package/2006/relationships";
constexpr const char* ns_ct = "http://schemas.openxmlformats.org/package/2006/content-types";
constexpr const char* ns_xml = "http://www.w3.org/XML/1998/namespace";

constexpr const char* ct_sst = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml";
constexpr const char* ct_sheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";

constexpr const char* ns_x14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main";
constexpr const char* ns_xm = "http://schemas.microsoft.com/office/excel/2006/main";
constexpr const char* ns_chart = "http://schemas.openxmlformats.org/drawingml/2006/chart";
constexpr const char* ns_chart_strict = "http://purl.oclc.org/ooxml/drawingml/chart";
constexpr const char* ns_c15 = "http://schemas.microsoft.com/office/drawing/2012/chart";

constexpr const char* ns_ext_props = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties";
constexpr const char* ns_ext_props_strict = "http://purl.oclc.org/ooxml/officeDocument/extendedProperties";
constexpr const char* ns_vt = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes";
constexpr const char* ns_vt_strict = "http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes";

constexpr std::size_t max_text = 32767;
constexpr std::size_t max_formula = 8192;

// ---- namespaces by URI ----

std::string_view prefix_of(std::string_view qname) {
    const auto colon = qname.find(':');
    return colon == std::string_view::npos ? std::string_view{} : qname.substr(0, colon);
}
std::string_view local_of(std::string_view qname) {
    const auto colon = qname.find(':');
    return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

// The namespace URI bound to prefix at node (walking up through the ancestors).
std::string_view uri_of_prefix(pugi::xml_node n, std::string_view prefix) {
    if (prefix == "xml") return ns_xml;
    std::string attr = prefix.empty() ? std::string("xmlns") : "xmlns:" + std::string(prefix);
    for (; n; n = n.parent()) {
        if (n.type() != pugi::node_element) continue;
        if (auto a = n.attribute(attr.c_str())) return a.value();
    }
    return {};
}

std::string_view uri_of(pugi::xml_node n) { return uri_of_prefix(n, prefix_of(n.name())); }

bool is_main_uri(std::string_view u) { return u == ns_main || u == ns_main_strict; }
bool is_rel_uri(std::string_view u) { return u == ns_rel || u == ns_rel_strict; }

// True when n is the SpreadsheetML element `local`.
bool is_main(pugi::xml_node n, std::string_view local) {
    return n.type() == pugi::node_element && local_of(n.name()) == local && is_main_uri(uri_of(n));
}

pugi::xml_node main_child(pugi::xml_node parent, std::string_view local) {
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling())
        if (is_main(c, local)) return c;
    return {};
}

// The relationships-namespace attribute `local` (r:id), whatever its prefix.
pugi::xml_attribute rel_attr(pugi::xml_node n, std::string_view local) {
    for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
        const std::string_view name = a.name();
        const std::string_view p = prefix_of(name);
        if (!p.empty() && p != "xmlns" && local_of(name) == local && is_rel_uri(uri_of_prefix(n, p))) return a;
    }
    return {};
}

// The prefix (with ':' or empty) the element's own namespace is written with.
std::string qualified_prefix(pugi::xml_node n) {
    const std::string_view p = prefix_of(n.name());
    return p.empty() ? std::string{} : std::string(p) + ":";
}

// ---- XML buffers ----

constexpr unsigned parse_flags = pugi::parse_default | pugi::parse_declaration | pugi::parse_comments |
                                 pugi::parse_pi | pugi::parse_doctype | pugi::parse_ws_pcdata;


// ---- text helpers ----

std::size_t utf8_length(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Encodes text for <t>: control characters (and CR, which XML would normalise away) as _xHHHH_,
// and a literal "_xHHHH_" as "_x005F_xHHHH_" so it does not read back as an escape.
std::string encode_x_escapes(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    static const char* hex = "0123456789ABCDEF";
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
            out += "_x00";
            out += hex[c >> 4];
            out += hex[c & 15];
            out += '_';
        } else if (c == '_' && i + 6 < s.size() + 0 && s[i + 1] == 'x' && is_hex(s[i + 2]) && is_hex(s[i + 3]) &&
                   is_hex(s[i + 4]) && is_hex(s[i + 5]) && s[i + 6] == '_') {
            out += "_x005F_";
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

bool needs_preserve(std::string_view s) {
    if (s.empty()) return false;
    auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    return ws(s.front()) || ws(s.back()) || s.find('\n') != std::string_view::npos;
}

// kib's serial -> the serial stored in this workbook (inverse of workbook_serial_to_serial).
double serial_to_stored(double serial, bool date1904) {
    if (date1904) return serial - 1462.0;
    return serial < 61.0 ? serial - 1.0 : serial;
}

struct area {
    std::uint32_t c1 = 0, r1 = 0, c2 = 0, r2 = 0;
};

bool parse_area(std::string_view ref, area& a) {
    const auto colon = ref.find(':');
    if (colon == std::string_view::npos) {
        if (!xlsx::parse_cell_ref(ref, a.c1, a.r1)) return false;
        a.c2 = a.c1;
        a.r2 = a.r1;
        return true;
    }
    return xlsx::parse_cell_ref(ref.substr(0, colon), a.c1, a.r1) &&
           xlsx::parse_cell_ref(ref.substr(colon + 1), a.c2, a.r2);
}

std::string area_ref(const area& a) {
    if (a.c1 == a.c2 && a.r1 == a.r2) return xlsx::cell_ref(a.c1, a.r1);
    return xlsx::cell_ref(a.c1, a.r1) + ":" + xlsx::cell_ref(a.c2, a.r2);
}

std::string lower(std::string_view s) { return ascii_lower(s); }

const char* builtin_format_id(number_style s) {
    switch (s) {
        case number_style::date: return "14";
        case number_style::datetime: return "22";
        case number_style::percentage: return "10";
        case number_style::decimal: return "4";
        case number_style::integer: return "3";
    }
    return "0";
}

const char* fill_rgb(status_fill f) {
    switch (f) {
        case status_fill::groen: return "FF00B050";
        case status_fill::oranje: return "FFFFC000";
        case status_fill::rood: return "FFFF0000";
    }
    return "FFFFFFFF";
}

// A canonical text of an element (attributes sorted), for "is there an identical one" checks.
void canonical(pugi::xml_node n, std::string& out) {
    if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
        out += n.value();
        return;
    }
    if (n.type() != pugi::node_element) return;
    out += '<';
    out += local_of(n.name());
    std::map<std::string, std::string> attrs;
    for (auto a : n.attributes())
        if (std::strncmp(a.name(), "xmlns", 5) != 0) attrs[std::string(local_of(a.name()))] = a.value();
    for (auto& [k, v] : attrs) out += ' ' + k + "=\"" + v + '"';
    out += '>';
    for (auto c : n.children()) canonical(c, out);
    out += "</>";
}

std::string canonical(pugi::xml_node n) {
    std::string s;
    canonical(n, s);
    return s;
}

// Sets an element's count attribute to its number of element children of the same namespace.
void update_count(pugi::xml_node parent, std::string_view child_local) {
    std::size_t n = 0;
    for (auto c : parent.children())
        if (c.type() == pugi::node_element && local_of(c.name()) == child_local) ++n;
    auto a = parent.attribute("count");
    if (!a) a = parent.append_attribute("count");
    a.set_value(std::to_string(n).c_str());
}

// True when an XML part has an element whose local name is "f" (a formula), found by a byte
// scan so that parts without formulas are never parsed.
bool has_formula_element(std::string_view xml) {
    for (std::size_t i = xml.find('<'); i != std::string_view::npos; i = xml.find('<', i + 1)) {
        std::size_t end = i + 1;
        while (end < xml.size() && xml[end] != ' ' && xml[end] != '>' && xml[end] != '/' && xml[end] != '\t' &&
               xml[end] != '\r' && xml[end] != '\n')
            ++end;
        if (local_of(xml.substr(i + 1, end - i - 1)) == "f") return true;
    }
    return false;
}

}  // namespace

std::string cell_change::where() const { return xlsx::quote_sheet_name(sheet) + "!" + ref; }

std::string sheet_name_problem(std::string_view name, const std::vector<std::string>& existing) {
    if (name.empty()) return "a sheet name cannot be empty";
    if (utf8_length(name) > 31) return "the sheet name has " + std::to_string(utf8_length(name)) + " characters; Excel allows at most 31";
    if (const auto bad = name.find_first_of("[]:*?/\\"); bad != std::string_view::npos)
        return std::string("the sheet name contains '") + name[bad] + "'; Excel does not allow any of [ ] : * ? / \\";
    if (name.front() == '\'' || name.back() == '\'') return "a sheet name cannot begin or end with an apostrophe";
    for (const std::string& e : existing)
        if (lower(e) == lower(name)) return "the workbook already has a sheet named \"" + e + "\" (names are case-insensitive)";
    return {};
}

// ---------------------------------------------------------------------------------------------

struct workbook_editor::impl {
    // One XML part held as a DOM while it is edited.
    // original keeps the bytes the DOM was parsed from: at save, splice writes the elements the
    // edit did not change as those bytes (see writers/xml_splice.hpp).
    struct xml_part {
        std::string name;
        pugi::xml_document doc;
        std::string original;
        xml_splice splice;
        bool dirty = false;
    };

    struct sheet_state {
        std::string name;
        std::string part;
        std::string rel_id;
        std::uint32_t sheet_id = 0;  // workbook.xml sheetId
        bool loaded = false;
        bool is_new = false;
        xml_part* xml = nullptr;
        pugi::xml_node root, sheet_data;
        std::string p;  // "x:" or "" — how the main namespace is written in this part
        std::map<std::uint32_t, pugi::xml_node> rows;
        bool rows_numbered = false;   // every row has an explicit r
        bool arrays_scanned = false;
        std::vector<std::pair<area, pugi::xml_node>> arrays;  // array-formula ranges and their masters
        std::uint32_t min_row = 0, max_row = 0, min_col = 0, max_col = 0;  // edited area, 0 = none
    };

    std::string path;
    package pkg;
    std::string wb_part;
    std::string wb_dir;  // "xl/"
    bool strict = false;
    bool date1904 = false;
    std::vector<relationship> wb_rels;
    std::vector<sheet_state> sheets;
    std::map<std::string, std::unique_ptr<xml_part>> parts;  // lower-cased name -> DOM
    std::vector<std::string> removed_parts;
    std::vector<cell_change> changes;
    bool cells_changed = false;
    // Cells whose value changed, per lower-cased sheet name, as (row, col); formulas whose cached
    // result kib dropped join them (see drop_stale_results).
    std::map<std::string, std::set<std::pair<std::uint32_t, std::uint32_t>>> changed_cells;
    std::set<std::pair<std::string, std::pair<std::uint32_t, std::uint32_t>>> given_results;  // set_formula with a result

    // shared strings
    std::string sst_part;  // "" when the workbook has none yet
    bool sst_index_built = false;
    std::unordered_map<std::string, std::uint32_t> sst_index;  // plain text -> index
    std::vector<pugi::xml_node> sst_items;
    std::int64_t sst_count_delta = 0;

    // styles
    std::string styles_part;
    bool styles_parsed = false;
    std::vector<bool> xf_is_date;

    impl(std::string p, package k) : path(std::move(p)), pkg(std::move(k)) {}

    // ---- errors ----
    [[noreturn]] void fail(std::string part, std::string where, std::string msg, std::string hint = {}) const {
        location loc;
        loc.file = path;
        loc.part = std::move(part);
        loc.where = std::move(where);
        throw error(error_category::bad_input, std::move(loc), std::move(msg), std::move(hint));
    }

    // ---- parts ----
    xml_part& load(const std::string& name) {
        const std::string key = lower(name);
        if (auto it = parts.find(key); it != parts.end()) return *it->second;
        auto x = std::make_unique<xml_part>();
        x->name = name;
        x->original = pkg.read(name);
        const std::string& bytes = x->original;
        const pugi::xml_parse_result r = x->doc.load_buffer(bytes.data(), bytes.size(), parse_flags, pugi::encoding_utf8);
        if (!r) fail(name, {}, std::string("the part is not well-formed XML (") + r.description() + " at byte " +
                                   std::to_string(r.offset) + ")",
                     "re-save the workbook in Excel or LibreOffice");
        x->splice = xml_splice::capture(x->original, x->doc);
        auto& ref = *x;
        parts.emplace(key, std::move(x));
        return ref;
    }

    xml_part& create(const std::string& name, std::string_view xml) {
        auto x = std::make_unique<xml_part>();
        x->name = name;
        x->doc.load_buffer(xml.data(), xml.size(), parse_flags, pugi::encoding_utf8);
        x->dirty = true;
        auto& ref = *x;
        parts[lower(name)] = std::move(x);
        return ref;
    }

    bool part_exists(const std::string& name) const {
        if (parts.count(lower(name))) return true;
        return pkg.find(name) != nullptr &&
               std::find(removed_parts.begin(), removed_parts.end(), lower(name)) == removed_parts.end();
    }

    std::string rel_type(std::string_view kind) const {
        return std::string(strict ? "http://purl.oclc.org/ooxml/officeDocument/relationships/"
                                  : "http://schemas.openxmlformats.org/officeDocument/2006/relationships/") +
               std::string(kind);
    }

    // The .rels DOM of a part, created when absent.
    xml_part& rels_of(const std::string& source) {
        const std::string name = relationships_part_name(source);
        if (part_exists(name)) return load(name);
        return create(name, std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"") +
                                ns_pkg_rel + "\"/>");
    }

    // A relationship target for `part` written in `source`'s .rels.
    std::string relative_target(const std::string& source, const std::string& part) const {
        const std::string dir = source.substr(0, source.rfind('/') + 1);
        if (!dir.empty() && part.rfind(dir, 0) == 0) return part.substr(dir.size());
        return "/" + part;
    }

    std::string add_relationship(const std::string& source, const std::string& type, const std::string& part) {
        xml_part& rels = rels_of(source);
        pugi::xml_node root = rels.doc.document_element();
        std::set<std::string> ids;
        for (auto r : root.children())
            if (r.type() == pugi::node_element) ids.insert(r.attribute("Id").value());
        std::string id;
        for (std::size_t n = ids.size() + 1;; ++n) {
            id = "rId" + std::to_string(n);
            if (!ids.count(id)) break;
        }
        const std::string p = qualified_prefix(root);
        pugi::xml_node r = root.append_child((p + "Relationship").c_str());
        r.append_attribute("Id").set_value(id.c_str());
        r.append_attribute("Type").set_value(type.c_str());
        r.append_attribute("Target").set_value(relative_target(source, part).c_str());
        rels.dirty = true;
        return id;
    }

    void remove_relationship(const std::string& source, const std::string& id) {
        xml_part& rels = rels_of(source);
        pugi::xml_node root = rels.doc.document_element();
        for (auto r : root.children())
            if (r.type() == pugi::node_element && std::string_view(r.attribute("Id").value()) == id) {
                root.remove_child(r);
                rels.dirty = true;
                return;
            }
    }

    void set_content_type_override(const std::string& part, const char* type) {
        xml_part& ct = load("[Content_Types].xml");
        pugi::xml_node root = ct.doc.document_element();
        const std::string pn = "/" + part;
        for (auto o : root.children())
            if (local_of(o.name()) == "Override" && lower(o.attribute("PartName").value()) == lower(pn)) {
                if (type) o.attribute("ContentType").set_value(type);
                else root.remove_child(o);
                ct.dirty = true;
                return;
            }
        if (!type) return;
        pugi::xml_node o = root.append_child((qualified_prefix(root) + "Override").c_str());
        o.append_attribute("PartName").set_value(pn.c_str());
        o.append_attribute("ContentType").set_value(type);
        ct.dirty = true;
    }

    void remove_part(const std::string& part) {
        parts.erase(lower(part));
        removed_parts.push_back(lower(part));
        const std::string rels = relationships_part_name(part);
        if (pkg.find(rels)) removed_parts.push_back(lower(rels));
    }

    // ---- workbook ----
    void init() {
        wb_part = pkg.main_part();
        if (wb_part.empty()) fail({}, {}, "the package has no main document", "this is not a workbook");
        wb_dir = wb_part.substr(0, wb_part.rfind('/') + 1);
        xml_part& wb = load(wb_part);
        pugi::xml_node root = wb.doc.document_element();
        if (!is_main(root, "workbook"))
            fail(wb_part, {}, "the main part is not a SpreadsheetML workbook", "kib set works on .xlsx and .xlsm files");
        strict = uri_of(root) == ns_main_strict;
        if (auto pr = main_child(root, "workbookPr")) {
            const std::string_view v = pr.attribute("date1904").value();
            date1904 = v == "1" || v == "true";
        }
        wb_rels = pkg.relationships(wb_part);
        for (const relationship& r : wb_rels) {
            if (r.has_type("sharedStrings")) sst_part = r.target;
            if (r.has_type("styles")) styles_part = r.target;
        }
        if (auto s = main_child(root, "sheets")) {
            for (auto sh = s.first_child(); sh; sh = sh.next_sibling()) {
                if (!is_main(sh, "sheet")) continue;
                sheet_state st;
                st.name = sh.attribute("name").value();
                st.rel_id = rel_attr(sh, "id").value();
                st.sheet_id = sh.attribute("sheetId").as_uint();
                for (const relationship& r : wb_rels)
                    if (r.id == st.rel_id && !r.external) st.part = r.target;
                sheets.push_back(std::move(st));
            }
        }
    }

    sheet_state& find_sheet(std::string_view name) {
        for (auto& s : sheets)
            if (lower(s.name) == lower(name)) return s;
        std::string list;
        for (auto& s : sheets) list += (list.empty() ? "" : ", ") + s.name;
        fail(wb_part, std::string(name), "the workbook has no sheet named \"" + std::string(name) + "\"",
             "the sheets are: " + list);
    }

    // Loads a worksheet's DOM and indexes its rows.
    sheet_state& sheet(std::string_view name) {
        sheet_state& s = find_sheet(name);
        if (s.loaded) return s;
        if (s.part.empty() || !part_exists(s.part))
            fail(wb_part, s.name, "the sheet's part is missing (broken relationship " + s.rel_id + ")");
        s.xml = &load(s.part);
        s.root = s.xml->doc.document_element();
        if (!is_main(s.root, "worksheet"))
            fail(s.part, s.name, "this sheet is not a worksheet (a chart sheet or macro sheet?)",
                 "choose a worksheet with cells");
        s.p = qualified_prefix(s.root);
        s.sheet_data = main_child(s.root, "sheetData");
        if (!s.sheet_data) fail(s.part, s.name, "the worksheet has no sheetData element");
        std::uint32_t prev = 0;
        for (auto r = s.sheet_data.first_child(); r; r = r.next_sibling()) {
            if (!is_main(r, "row")) continue;
            std::uint32_t idx = prev + 1;
            if (auto a = r.attribute("r")) idx = a.as_uint();
            if (idx == 0 || idx > xlsx::max_rows) fail(s.part, s.name, "row number out of range");
            s.rows[idx] = r;
            prev = idx;
        }
        s.loaded = true;
        return s;
    }

    // ---- cells ----
    struct cell_pos {
        std::uint32_t col = 0, row = 0;
    };

    cell_pos parse_ref(const sheet_state& s, std::string_view ref) const {
        cell_pos p;
        if (!xlsx::parse_cell_ref(ref, p.col, p.row))
            fail(s.part, xlsx::quote_sheet_name(s.name) + "!" + std::string(ref),
                 "\"" + std::string(ref) + "\" is not a cell reference within A1:XFD1048576",
                 "write a reference such as B7");
        return p;
    }

    std::string where(const sheet_state& s, cell_pos p) const {
        return xlsx::quote_sheet_name(s.name) + "!" + xlsx::cell_ref(p.col, p.row);
    }

    // Gives every row (or every cell in a row) an explicit r, so inserting does not shift the
    // implicit positions of the elements after it.
    void materialise_row_numbers(sheet_state& s) {
        if (s.rows_numbered) return;
        for (auto& [idx, node] : s.rows)
            if (!node.attribute("r")) node.append_attribute("r").set_value(idx);
        s.rows_numbered = true;
    }

    static std::uint32_t cell_col(pugi::xml_node c, std::uint32_t prev) {
        std::uint32_t col = 0, row = 0;
        if (auto a = c.attribute("r"); a && xlsx::parse_cell_ref(a.value(), col, row)) return col;
        return prev + 1;
    }

    pugi::xml_node find_cell(sheet_state& s, cell_pos p) {
        auto it = s.rows.find(p.row);
        if (it == s.rows.end()) return {};
        std::uint32_t prev = 0;
        for (auto c = it->second.first_child(); c; c = c.next_sibling()) {
            if (!is_main(c, "c")) continue;
            prev = cell_col(c, prev);
            if (prev == p.col) return c;
            if (prev > p.col) break;
        }
        return {};
    }

    pugi::xml_node get_row(sheet_state& s, std::uint32_t row) {
        if (auto it = s.rows.find(row); it != s.rows.end()) return it->second;
        materialise_row_numbers(s);
        auto next = s.rows.upper_bound(row);
        pugi::xml_node r = next == s.rows.end() ? s.sheet_data.append_child((s.p + "row").c_str())
                                                : s.sheet_data.insert_child_before((s.p + "row").c_str(), next->second);
        r.append_attribute("r").set_value(row);
        s.rows[row] = r;
        return r;
    }

    pugi::xml_node get_cell(sheet_state& s, cell_pos p) {
        if (auto c = find_cell(s, p)) return c;
        pugi::xml_node r = get_row(s, p.row);
        std::uint32_t prev = 0;
        bool missing_r = false;
        for (auto c = r.first_child(); c; c = c.next_sibling())
            if (is_main(c, "c") && !c.attribute("r")) missing_r = true;
        if (missing_r)
            for (auto c = r.first_child(); c; c = c.next_sibling())
                if (is_main(c, "c")) {
                    prev = cell_col(c, prev);
                    if (!c.attribute("r")) c.append_attribute("r").set_value(xlsx::cell_ref(prev, p.row).c_str());
                }
        pugi::xml_node before;
        prev = 0;
        for (auto c = r.first_child(); c; c = c.next_sibling()) {
            if (!is_main(c, "c")) {
                if (is_main(c, "extLst")) {
                    before = c;
                    break;
                }
                continue;
            }
            prev = cell_col(c, prev);
            if (prev > p.col) {
                before = c;
                break;
            }
        }
        pugi::xml_node c = before ? r.insert_child_before((s.p + "c").c_str(), before) : r.append_child((s.p + "c").c_str());
        c.append_attribute("r").set_value(xlsx::cell_ref(p.col, p.row).c_str());
        // Rows without an explicit style inherit the row's style for new cells, as Excel does.
        if (auto rs = r.attribute("s"); rs && std::string_view(r.attribute("customFormat").value()) == "1")
            c.append_attribute("s").set_value(rs.value());
        if (auto spans = r.attribute("spans")) {
            std::uint32_t a = 0, b = 0;
            if (std::sscanf(spans.value(), "%u:%u", &a, &b) == 2 && (p.col < a || p.col > b))
                spans.set_value((std::to_string(std::min(a, p.col)) + ":" + std::to_string(std::max(b, p.col))).c_str());
        }
        return c;
    }

    void note_edit(sheet_state& s, cell_pos p) {
        if (s.min_row == 0) {
            s.min_row = s.max_row = p.row;
            s.min_col = s.max_col = p.col;
        } else {
            s.min_row = std::min(s.min_row, p.row);
            s.max_row = std::max(s.max_row, p.row);
            s.min_col = std::min(s.min_col, p.col);
            s.max_col = std::max(s.max_col, p.col);
        }
        s.xml->dirty = true;
        cells_changed = true;
        changed_cells[lower(s.name)].insert({p.row, p.col});
    }

    // ---- shared strings ----
    pugi::xml_node sst_root() {
        if (sst_part.empty()) {
            sst_part = wb_dir + "sharedStrings.xml";
            for (int n = 2; part_exists(sst_part); ++n) sst_part = wb_dir + "sharedStrings" + std::to_string(n) + ".xml";
            create(sst_part, std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"") +
                                 (strict ? ns_main_strict : ns_main) + "\" count=\"0\" uniqueCount=\"0\"/>");
            set_content_type_override(sst_part, ct_sst);
            add_relationship(wb_part, rel_type("sharedStrings"), sst_part);
        }
        return load(sst_part).doc.document_element();
    }

    void build_sst_index() {
        if (sst_index_built) return;
        pugi::xml_node root = sst_root();
        for (auto si = root.first_child(); si; si = si.next_sibling()) {
            if (!is_main(si, "si")) continue;
            const auto idx = static_cast<std::uint32_t>(sst_items.size());
            sst_items.push_back(si);
            // Only plain entries (a single <t>) are reused; rich text carries formatting.
            pugi::xml_node t;
            bool plain = true;
            for (auto c = si.first_child(); c; c = c.next_sibling()) {
                if (c.type() != pugi::node_element) continue;
                if (is_main(c, "t") && !t) t = c;
                else plain = false;
            }
            if (plain && t) {
                std::string text = t.text().get();
                xlsx::decode_x_escapes(text);
                sst_index.emplace(std::move(text), idx);
            }
        }
        sst_index_built = true;
    }

    std::string sst_text(std::uint32_t idx) {
        build_sst_index();
        if (idx >= sst_items.size()) return {};
        std::string out;
        for (auto c = sst_items[idx].first_child(); c; c = c.next_sibling()) {
            if (is_main(c, "t")) out += c.text().get();
            else if (is_main(c, "r"))
                if (auto t = main_child(c, "t")) out += t.text().get();
        }
        xlsx::decode_x_escapes(out);
        return out;
    }

    std::uint32_t sst_add(const std::string& text) {
        build_sst_index();
        ++sst_count_delta;
        if (auto it = sst_index.find(text); it != sst_index.end()) return it->second;
        pugi::xml_node root = sst_root();
        const std::string p = qualified_prefix(root);
        pugi::xml_node si = root.append_child((p + "si").c_str());
        pugi::xml_node t = si.append_child((p + "t").c_str());
        if (needs_preserve(text)) t.append_attribute("xml:space").set_value("preserve");
        t.text().set(encode_x_escapes(text).c_str());
        const auto idx = static_cast<std::uint32_t>(sst_items.size());
        sst_items.push_back(si);
        sst_index.emplace(text, idx);
        load(sst_part).dirty = true;
        return idx;
    }

    // ---- styles ----
    void parse_styles() {
        if (styles_parsed) return;
        styles_parsed = true;
        if (styles_part.empty() || !part_exists(styles_part)) return;
        const xlsx::styles_part st = xlsx::parse_styles(pkg.read(styles_part));
        xf_is_date = st.xf_is_date;
    }

    bool style_is_date(std::uint32_t xf) {
        parse_styles();
        return xf < xf_is_date.size() && xf_is_date[xf];
    }

    pugi::xml_node styles_child(std::string_view local) {
        if (styles_part.empty()) fail(wb_part, {}, "the workbook has no styles part", "re-save the workbook in Excel");
        xml_part& x = load(styles_part);
        return main_child(x.doc.document_element(), local);
    }

    // The fill index of a solid fill with this colour, appended when missing.
    std::uint32_t solid_fill(const char* rgb) {
        pugi::xml_node fills = styles_child("fills");
        if (!fills) fail(styles_part, "fills", "the styles part has no fills list");
        std::uint32_t i = 0;
        for (auto f = fills.first_child(); f; f = f.next_sibling()) {
            if (!is_main(f, "fill")) continue;
            auto pf = main_child(f, "patternFill");
            if (pf && std::string_view(pf.attribute("patternType").value()) == "solid")
                if (auto fg = main_child(pf, "fgColor"); fg && lower(fg.attribute("rgb").value()) == lower(rgb)) return i;
            ++i;
        }
        const std::string p = qualified_prefix(fills);
        pugi::xml_node f = fills.append_child((p + "fill").c_str());
        pugi::xml_node pf = f.append_child((p + "patternFill").c_str());
        pf.append_attribute("patternType").set_value("solid");
        pf.append_child((p + "fgColor").c_str()).append_attribute("rgb").set_value(rgb);
        pf.append_child((p + "bgColor").c_str()).append_attribute("indexed").set_value("64");
        update_count(fills, "fill");
        load(styles_part).dirty = true;
        return i;
    }

    // A cellXfs index like `base` but with one attribute changed; appended only when missing.
    std::uint32_t derived_xf(std::uint32_t base, const char* attr, const std::string& value, const char* apply) {
        pugi::xml_node xfs = styles_child("cellXfs");
        if (!xfs) fail(styles_part, "cellXfs", "the styles part has no cellXfs list", "re-save the workbook in Excel");
        std::vector<pugi::xml_node> list;
        for (auto x = xfs.first_child(); x; x = x.next_sibling())
            if (is_main(x, "xf")) list.push_back(x);
        if (list.empty()) fail(styles_part, "cellXfs", "the styles part has no cell formats");
        if (base >= list.size()) base = 0;
        if (std::string_view(list[base].attribute(attr).value()) == value) return base;
        pugi::xml_node cand = xfs.append_copy(list[base]);
        (cand.attribute(attr) ? cand.attribute(attr) : cand.append_attribute(attr)).set_value(value.c_str());
        (cand.attribute(apply) ? cand.attribute(apply) : cand.append_attribute(apply)).set_value("1");
        const std::string want = canonical(cand);
        for (std::uint32_t i = 0; i < list.size(); ++i)
            if (canonical(list[i]) == want) {
                xfs.remove_child(cand);
                return i;
            }
        update_count(xfs, "xf");
        load(styles_part).dirty = true;
        parse_styles();
        const bool is_date = std::string_view(attr) == "numFmtId" && (value == "14" || value == "22");
        if (xf_is_date.size() < list.size()) xf_is_date.resize(list.size(), false);
        xf_is_date.push_back(is_date || (std::string_view(attr) != "numFmtId" && style_is_date(base)));
        return static_cast<std::uint32_t>(list.size());
    }

    static std::uint32_t style_of(pugi::xml_node c) { return c.attribute("s").as_uint(0); }

    static void set_style(pugi::xml_node c, std::uint32_t xf) {
        if (xf == 0) {
            c.remove_attribute("s");
            return;
        }
        pugi::xml_attribute a = c.attribute("s");
        // Excel writes s right after r; the order is cosmetic but keeps diffs readable.
        if (!a) a = c.attribute("r") ? c.insert_attribute_after("s", c.attribute("r")) : c.prepend_attribute("s");
        a.set_value(xf);
    }

    // ---- display ----
    std::string display_of(pugi::xml_node c) {
        if (!c) return {};
        pugi::xml_node f = main_child(c, "f");
        if (f && f.text().get()[0] != '\0') return std::string("=") + f.text().get();
        const std::string_view t = c.attribute("t").value();
        pugi::xml_node v = main_child(c, "v");
        const std::string vt = v ? v.text().get() : "";
        if (t == "s") return v ? sst_text(static_cast<std::uint32_t>(std::strtoul(vt.c_str(), nullptr, 10))) : "";
        if (t == "inlineStr") {
            std::string out;
            if (auto is = main_child(c, "is"))
                for (auto x = is.first_child(); x; x = x.next_sibling()) {
                    if (is_main(x, "t")) out += x.text().get();
                    else if (is_main(x, "r"))
                        if (auto tt = main_child(x, "t")) out += tt.text().get();
                }
            xlsx::decode_x_escapes(out);
            return out;
        }
        if (t == "b") return vt == "1" ? "TRUE" : (v ? "FALSE" : "");
        if (t == "str" || t == "e" || t == "d") return vt;
        if (!v || vt.empty()) return {};
        const double d = std::strtod(vt.c_str(), nullptr);
        if (style_is_date(style_of(c))) return serial_to_iso(workbook_serial_to_serial(d, date1904));
        return format_number(d);
    }

    static std::string display_value(const cell_value& v) {
        switch (v.type) {
            case cell_type::empty: return {};
            case cell_type::number: return format_number(v.number);
            case cell_type::date: return serial_to_iso(v.number);
            case cell_type::boolean: return v.number != 0 ? "TRUE" : "FALSE";
            case cell_type::text:
            case cell_type::error: return v.text;
        }
        return {};
    }

    void record(const sheet_state& s, cell_pos p, std::string old_value, std::string new_value) {
        const std::string ref = xlsx::cell_ref(p.col, p.row);
        for (auto& ch : changes)
            if (ch.sheet == s.name && ch.ref == ref) {
                ch.new_value = std::move(new_value);
                return;
            }
        changes.push_back({s.name, ref, std::move(old_value), std::move(new_value)});
    }

    // ---- formulas ----
    // Before a cell loses its formula: array formulas must be edited as a whole; a shared-formula
    // master hands its formula to every dependent (each gets its own, shifted copy).
    void release_formula(sheet_state& s, cell_pos p, pugi::xml_node c) {
        pugi::xml_node f = main_child(c, "f");
        if (!f) {
            check_not_in_array(s, p);
            return;
        }
        const std::string_view type = f.attribute("t").value();
        if (type == "array") {
            area a;
            if (parse_area(f.attribute("ref").value(), a) && (a.c1 != a.c2 || a.r1 != a.r2))
                fail(s.part, where(s, p),
                     "the cell holds an array formula over " + std::string(f.attribute("ref").value()) +
                         "; kib does not change part of an array",
                     "change the array formula in Excel, or clear and rewrite every cell of its range");
            // A one-cell array formula is replaced as a whole; forget it before its node goes.
            std::erase_if(s.arrays, [&](const auto& e) { return e.second == f; });
            return;
        }
        if (type != "shared" || !f.attribute("ref") || f.text().get()[0] == '\0') return;
        const std::string si = f.attribute("si").value();
        const std::string master_text = f.text().get();
        area range;
        if (!parse_area(f.attribute("ref").value(), range)) return;
        for (auto it = s.rows.lower_bound(range.r1); it != s.rows.end() && it->first <= range.r2; ++it) {
            std::uint32_t prev = 0;
            for (auto d = it->second.first_child(); d; d = d.next_sibling()) {
                if (!is_main(d, "c")) continue;
                prev = cell_col(d, prev);
                if (d == c) continue;
                pugi::xml_node df = main_child(d, "f");
                if (!df || std::string_view(df.attribute("t").value()) != "shared" || si != df.attribute("si").value())
                    continue;
                const std::string text = xlsx::shift_formula(master_text, static_cast<int>(it->first) - static_cast<int>(p.row),
                                                             static_cast<int>(prev) - static_cast<int>(p.col));
                df.remove_attribute("t");
                df.remove_attribute("si");
                df.remove_attribute("ref");
                df.text().set(text.c_str());
            }
        }
    }

    // A cell inside another cell's array-formula range cannot change on its own.
    void check_not_in_array(sheet_state& s, cell_pos p) {
        if (!s.arrays_scanned) {
            // One pass over the sheet; element names are compared with the sheet's own prefix
            // first, which is what makes this cheap on large sheets.
            const std::string qc = s.p + "c", qf = s.p + "f";
            for (auto& [idx, row] : s.rows)
                for (auto c = row.first_child(); c; c = c.next_sibling()) {
                    if (std::strcmp(c.name(), qc.c_str()) != 0 && !is_main(c, "c")) continue;
                    for (auto f = c.first_child(); f; f = f.next_sibling()) {
                        if (std::strcmp(f.name(), qf.c_str()) != 0 && !is_main(f, "f")) continue;
                        area a;
                        if (std::string_view(f.attribute("t").value()) == "array" && parse_area(f.attribute("ref").value(), a))
                            s.arrays.emplace_back(a, f);
                    }
                }
            s.arrays_scanned = true;
        }
        for (auto& [a, f] : s.arrays) {
            if (p.row >= a.r1 && p.row <= a.r2 && p.col >= a.c1 && p.col <= a.c2 && !(p.row == a.r1 && p.col == a.c1))
                fail(s.part, where(s, p), "the cell is part of the array formula in " + area_ref(a),
                     "change the array formula in Excel, or clear its master cell first");
        }
    }

    // Removes value, formula and type; keeps the style and anything kib does not own.
    void strip_cell(pugi::xml_node c) {
        if (std::string_view(c.attribute("t").value()) == "s") --sst_count_delta;
        for (auto n = c.first_child(); n;) {
            auto next = n.next_sibling();
            if (is_main(n, "f") || is_main(n, "v") || is_main(n, "is")) c.remove_child(n);
            n = next;
        }
        c.remove_attribute("t");
        c.remove_attribute("cm");  // cell metadata (dynamic arrays) belongs to the old formula
        c.remove_attribute("vm");  // value metadata (rich values) belongs to the old value
    }

    pugi::xml_node add_child_ordered(sheet_state& s, pugi::xml_node c, const char* local) {
        const std::string name = s.p + local;
        if (auto ext = main_child(c, "extLst")) return c.insert_child_before(name.c_str(), ext);
        return c.append_child(name.c_str());
    }

    void write_value(sheet_state& s, cell_pos p, pugi::xml_node c, const cell_value& v) {
        pugi::xml_node vnode;
        switch (v.type) {
            case cell_type::empty: return;
            case cell_type::number:
                add_child_ordered(s, c, "v").text().set(format_number(v.number).c_str());
                return;
            case cell_type::date: {
                if (!style_is_date(style_of(c))) {
                    const bool has_time = std::fabs(v.number - std::floor(v.number)) > 1e-9;
                    set_style(c, derived_xf(style_of(c), "numFmtId", has_time ? "22" : "14", "applyNumberFormat"));
                }
                add_child_ordered(s, c, "v").text().set(format_number(serial_to_stored(v.number, date1904)).c_str());
                return;
            }
            case cell_type::boolean:
                c.append_attribute("t").set_value("b");
                add_child_ordered(s, c, "v").text().set(v.number != 0 ? "1" : "0");
                return;
            case cell_type::error:
                c.append_attribute("t").set_value("e");
                add_child_ordered(s, c, "v").text().set(v.text.c_str());
                return;
            case cell_type::text:
                c.append_attribute("t").set_value("s");
                add_child_ordered(s, c, "v").text().set(sst_add(v.text));
                return;
        }
        (void)p;
    }

    void check_value(const sheet_state& s, cell_pos p, const cell_value& v) const {
        if (v.type == cell_type::text && utf8_length(v.text) > max_text)
            fail(s.part, where(s, p),
                 "the text has " + std::to_string(utf8_length(v.text)) + " characters; a cell holds at most 32767",
                 "shorten the text or split it over several cells");
        if (v.type == cell_type::number && !std::isfinite(v.number))
            fail(s.part, where(s, p), "the number is not finite (NaN or infinity)", "write a real number");
        if (v.type == cell_type::date && !(v.number >= 1.0 && v.number < 2958466.0))
            fail(s.part, where(s, p), "the date is outside Excel's range (1900-01-01 to 9999-12-31)");
        if (v.type == cell_type::error) {
            static const char* errors[] = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"};
            if (std::none_of(std::begin(errors), std::end(errors), [&](const char* e) { return v.text == e; }))
                fail(s.part, where(s, p), "\"" + v.text + "\" is not an Excel error value", "use e.g. #N/A");
        }
    }

    void set_cell(std::string_view sheet_name, std::string_view ref, const cell_value* value, std::string_view formula,
                  const std::optional<cell_value>& cached) {
        sheet_state& s = sheet(sheet_name);
        const cell_pos p = parse_ref(s, ref);
        std::string ftext(formula);
        if (!ftext.empty() && ftext.front() == '=') ftext.erase(0, 1);
        if (value) check_value(s, p, *value);
        if (cached) check_value(s, p, *cached);
        if (!formula.empty() && ftext.empty()) fail(s.part, where(s, p), "the formula is empty", "write e.g. =SUM(A1:A3)");
        if (utf8_length(ftext) > max_formula)
            fail(s.part, where(s, p), "the formula is longer than Excel's 8192 characters");
        const bool clearing = value && value->empty() && formula.empty();
        pugi::xml_node c = clearing ? find_cell(s, p) : get_cell(s, p);
        if (!c) {
            check_not_in_array(s, p);
            return;  // clearing a cell that does not exist
        }
        release_formula(s, p, c);
        std::string old_value = display_of(c);
        strip_cell(c);
        std::string new_value;
        if (!formula.empty()) {
            pugi::xml_node f = add_child_ordered(s, c, "f");
            f.text().set(ftext.c_str());
            new_value = "=" + ftext;
            if (cached && !cached->empty()) {
                given_results.insert({lower(s.name), {p.row, p.col}});
                if (cached->type == cell_type::text) {
                    c.append_attribute("t").set_value("str");
                    add_child_ordered(s, c, "v").text().set(encode_x_escapes(cached->text).c_str());
                } else {
                    write_value(s, p, c, *cached);
                }
            }
        } else if (value) {
            write_value(s, p, c, *value);
            new_value = display_value(*value);
        }
        // An empty cell without style is dropped altogether.
        if (clearing && style_of(c) == 0 && !c.first_child()) {
            pugi::xml_node row = c.parent();
            row.remove_child(c);
        }
        note_edit(s, p);
        record(s, p, std::move(old_value), std::move(new_value));
    }

    // ---- tables ----
    struct table_ref {
        std::string part;
        area ref;
        std::uint32_t totals = 0;
    };

    std::vector<table_ref> tables_of(const sheet_state& s) {
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

    std::uint32_t last_used_row(sheet_state& s) {
        for (auto it = s.rows.rbegin(); it != s.rows.rend(); ++it)
            for (auto c = it->second.first_child(); c; c = c.next_sibling())
                if (is_main(c, "c") && (main_child(c, "v") || main_child(c, "f") || main_child(c, "is"))) return it->first;
        return 0;
    }

    // Moves a whole row one row down (the row below must be free).
    void move_row_down(sheet_state& s, std::uint32_t row) {
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
    void extend_print_area(const sheet_state& s, std::uint32_t old_last, std::uint32_t new_last) {
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

    // ---- references to moved rows ----
    // Rows were inserted (the totals row moved down): every A1 reference to the moved cells must
    // follow them, as in Excel. Parts are parsed only when they can hold such a reference and
    // marked dirty only when a reference changed.
    void shift_references(sheet_state& moved, const row_insertion& ins, const std::string& grown_table) {
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
    void shift_sheet_parts(sheet_state& s, const row_insertion& ins, const std::string& grown_table) {
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
    void shift_pivot_sources(const sheet_state& s, const row_insertion& ins) {
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
    bool shift_cell_formulas(pugi::xml_node root, const std::string& host, const row_insertion& ins, bool is_moved) {
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
    void shift_sheet_ranges(sheet_state& s, const row_insertion& ins) {
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
    void shift_defined_names(const row_insertion& ins) {
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
    void shift_chart_ranges(const row_insertion& ins) {
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

    std::uint32_t append_row(std::string_view sheet_name, const std::vector<cell_value>& values, std::uint32_t first_col) {
        sheet_state& s = sheet(sheet_name);
        if (values.empty()) fail(s.part, s.name, "append_row needs at least one value");
        const std::uint32_t last = last_used_row(s);
        std::uint32_t row = last + 1;
        if (row > xlsx::max_rows) fail(s.part, s.name, "the sheet is full (row 1048576 is used)");
        std::vector<table_ref> tables = tables_of(s);
        table_ref* grow = nullptr;
        for (auto& t : tables)
            if (last != 0 && t.ref.r2 == last) grow = &t;
        if (first_col == 0) first_col = grow ? grow->ref.c1 : 1;
        if (first_col + values.size() - 1 > xlsx::max_cols)
            fail(s.part, s.name, "the row would reach beyond column XFD");
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

    void add_sheet(std::string_view name) {
        std::vector<std::string> names;
        for (auto& s : sheets) names.push_back(s.name);
        if (std::string why = sheet_name_problem(name, names); !why.empty())
            fail(wb_part, std::string(name), why, "choose another sheet name");
        xml_part& wb = load(wb_part);
        pugi::xml_node root = wb.doc.document_element();
        pugi::xml_node list = main_child(root, "sheets");
        if (!list) fail(wb_part, {}, "the workbook has no sheets element");
        std::uint32_t max_id = 0;
        for (auto sh = list.first_child(); sh; sh = sh.next_sibling())
            if (is_main(sh, "sheet")) max_id = std::max(max_id, sh.attribute("sheetId").as_uint());
        std::string part;
        for (std::uint32_t n = static_cast<std::uint32_t>(sheets.size()) + 1;; ++n) {
            part = wb_dir + "worksheets/sheet" + std::to_string(n) + ".xml";
            if (!part_exists(part)) break;
        }
        const char* main_uri = strict ? ns_main_strict : ns_main;
        const char* rel_uri = strict ? ns_rel_strict : ns_rel;
        create(part, std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"") + main_uri +
                         "\" xmlns:r=\"" + rel_uri + "\"><dimension ref=\"A1\"/><sheetData/></worksheet>");
        set_content_type_override(part, ct_sheet);
        const std::string id = add_relationship(wb_part, rel_type("worksheet"), part);
        // The r:id attribute needs a prefix bound to the relationships namespace.
        std::string rp;
        for (auto a : root.attributes()) {
            const std::string_view an = a.name();
            if (an.rfind("xmlns:", 0) == 0 && is_rel_uri(a.value())) rp = std::string(an.substr(6));
        }
        if (rp.empty()) {
            rp = "r";
            while (root.attribute(("xmlns:" + rp).c_str())) rp += "r";
            root.append_attribute(("xmlns:" + rp).c_str()).set_value(rel_uri);
        }
        pugi::xml_node sh = list.append_child((qualified_prefix(list) + "sheet").c_str());
        sh.append_attribute("name").set_value(std::string(name).c_str());
        sh.append_attribute("sheetId").set_value(max_id + 1);
        sh.append_attribute((rp + ":id").c_str()).set_value(id.c_str());
        wb.dirty = true;
        std::vector<std::string> worksheets;
        for (auto& s : sheets) {
            bool is_worksheet = s.is_new;
            for (const relationship& r : wb_rels)
                if (r.id == s.rel_id && r.has_type("worksheet")) is_worksheet = true;
            if (is_worksheet) worksheets.push_back(s.name);
        }
        sheet_state st;
        st.name = std::string(name);
        st.part = part;
        st.rel_id = id;
        st.is_new = true;
        sheets.push_back(std::move(st));
        list_sheet_in_app_properties(std::string(name), worksheets);
    }

    // ---- docProps/app.xml ----
    // Excel lists the worksheets' names in TitlesOfParts and counts them in HeadingPairs
    // ("Worksheets", "Werkbladen" in Dutch Excel, followed by the count); a new worksheet is
    // added to both. The worksheet group is the one whose titles are the workbook's worksheets
    // (so any language works), else one with a known label. Without these vectors (LibreOffice,
    // Google Sheets) app.xml stays as it is; everything else in it is kept.
    void list_sheet_in_app_properties(const std::string& name, const std::vector<std::string>& worksheets) {
        std::string app;
        for (const relationship& r : pkg.relationships(""))
            if (!r.external && (r.has_type("extended-properties") || r.has_type("extendedProperties"))) app = r.target;
        if (app.empty() || !part_exists(app)) return;
        xml_part& x = load(app);
        pugi::xml_node root = x.doc.document_element();
        auto is_ep = [](pugi::xml_node n, std::string_view local) {
            const std::string_view u = uri_of(n);
            return n.type() == pugi::node_element && local_of(n.name()) == local && (u == ns_ext_props || u == ns_ext_props_strict);
        };
        auto is_vt = [](pugi::xml_node n, std::string_view local) {
            const std::string_view u = uri_of(n);
            return n.type() == pugi::node_element && local_of(n.name()) == local && (u == ns_vt || u == ns_vt_strict);
        };
        auto vector_of = [&](std::string_view local) -> pugi::xml_node {
            if (!is_ep(root, "Properties")) return {};
            for (auto c = root.first_child(); c; c = c.next_sibling())
                if (is_ep(c, local))
                    for (auto v = c.first_child(); v; v = v.next_sibling())
                        if (is_vt(v, "vector")) return v;
            return {};
        };
        pugi::xml_node pairs = vector_of("HeadingPairs"), titles = vector_of("TitlesOfParts");
        if (!pairs || !titles) return;
        // HeadingPairs: variant(label), variant(count), variant(label), variant(count), ...
        struct group {
            std::string label;
            pugi::xml_node count;  // the vt:i4 (or other integer) element
            std::uint64_t n = 0;
        };
        std::vector<group> groups;
        std::vector<pugi::xml_node> variants;
        for (auto v = pairs.first_child(); v; v = v.next_sibling())
            if (is_vt(v, "variant")) variants.push_back(v);
        for (std::size_t i = 0; i + 1 < variants.size(); i += 2) {
            pugi::xml_node label, count;
            for (auto c = variants[i].first_child(); c && !label; c = c.next_sibling())
                if (c.type() == pugi::node_element) label = c;
            for (auto c = variants[i + 1].first_child(); c && !count; c = c.next_sibling())
                if (c.type() == pugi::node_element) count = c;
            if (!label || !count) return;  // not the layout Office writes: leave it
            groups.push_back({label.text().get(), count, count.text().as_ullong()});
        }
        std::vector<pugi::xml_node> items;
        for (auto t = titles.first_child(); t; t = t.next_sibling())
            if (t.type() == pugi::node_element) items.push_back(t);
        std::uint64_t total = 0;
        for (const group& g : groups) total += g.n;
        if (total > items.size()) return;
        std::vector<std::string> want;
        for (const std::string& w : worksheets) want.push_back(lower(w));
        std::sort(want.begin(), want.end());
        static const char* labels[] = {"worksheets", "werkbladen", "arbeitsblätter", "feuilles de calcul", "hojas de cálculo",
                                       "fogli di lavoro", "planilhas"};
        std::size_t found = groups.size(), offset = 0, found_offset = 0;
        for (std::size_t gi = 0; gi < groups.size(); offset += groups[gi].n, ++gi) {
            std::vector<std::string> have;
            for (std::size_t k = offset; k < offset + groups[gi].n; ++k) have.push_back(lower(items[k].text().get()));
            std::sort(have.begin(), have.end());
            const bool known = std::any_of(std::begin(labels), std::end(labels), [&](const char* l) { return lower(groups[gi].label) == l; });
            if (have == want || (known && found == groups.size())) {
                found = gi;
                found_offset = offset;
                if (have == want) break;
            }
        }
        if (found == groups.size()) return;
        group& g = groups[found];
        const std::string base = titles.attribute("baseType") ? titles.attribute("baseType").value() : "lpstr";
        const std::string qname = qualified_prefix(titles) + base;
        const std::size_t at = found_offset + g.n;  // after the group's last title
        pugi::xml_node item = at < items.size() ? titles.insert_child_before(qname.c_str(), items[at])
                                                : titles.append_child(qname.c_str());
        item.text().set(name.c_str());
        g.count.text().set(static_cast<unsigned long long>(g.n + 1));
        std::size_t size = 0;
        for (auto t = titles.first_child(); t; t = t.next_sibling())
            if (t.type() == pugi::node_element) ++size;
        (titles.attribute("size") ? titles.attribute("size") : titles.append_attribute("size"))
            .set_value(static_cast<unsigned long long>(size));
        x.dirty = true;
    }

    // ---- stale cached results ----
    // LibreOffice with its default settings shows a formula's cached result and ignores
    // fullCalcOnLoad, but computes a formula that has no cached result. So the cached result of
    // every formula that reads a changed cell — directly, through other formulas or through a
    // defined name — is dropped, and LibreOffice and Excel compute it on open. Other formulas keep
    // theirs: readers without a calculation engine (kib among them) still see their values. A
    // formula kib cannot follow (INDIRECT, OFFSET, structured, 3D or external references) counts as
    // reading every cell. A result the caller gave with set_formula is kept.

    // Sheet ids and positions (1-based) of the sheets calcChain.xml lists; nullopt without one.
    std::optional<std::set<std::uint32_t>> sheets_in_calc_chain() {
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

    bool reads_changed_area(const std::string& sheet, const formula_area& a) const {
        auto it = changed_cells.find(lower(sheet));
        if (it == changed_cells.end()) return false;
        for (auto c = it->second.lower_bound({a.r1, 0}); c != it->second.end() && c->first <= a.r2; ++c)
            if (c->second >= a.c1 && c->second <= a.c2) return true;
        return false;
    }

    // Defined names by lower-cased name: (local sheet position or -1, formula text).
    std::vector<std::tuple<std::string, int, std::string>> defined_names_cache;
    bool defined_names_read = false;

    const std::string* defined_name(std::string_view name, const std::string& host) {
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

    // Tables of every worksheet by lower-cased name: (sheet, area).
    std::map<std::string, std::pair<std::string, area>> tables_by_name;
    bool tables_read = false;

    const std::pair<std::string, area>* table_named(std::string_view name) {
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

    bool reads_changed(const formula_inputs& in, const std::string& host, int depth = 0) {
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
    void for_each_formula(sheet_state& s, Fn&& fn) {
        for (auto& [row, node] : s.rows) {
            std::uint32_t col = 0;
            for (auto c = node.first_child(); c; c = c.next_sibling()) {
                if (!is_main(c, "c")) continue;
                col = cell_col(c, col);
                if (pugi::xml_node f = main_child(c, "f")) fn(c, f, cell_pos{col, row});
            }
        }
    }

    void drop_stale_results() {
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
            } else if (!(st.loaded ? has_formula_element(st.xml->original) : has_formula_element(pkg.read(st.part)))) {
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

    // ---- save ----
    // calcChain.xml lists formula cells; stale entries make Excel repair the file, so it goes
    // (Excel rebuilds it) and both applications recalculate everything on open.
    void prepare_recalculation() {
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
    void update_dimension(sheet_state& s) {
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

    void update_sst_counts() {
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

    save_result save(const std::string& target, const save_options& options) {
        drop_stale_results();
        if (cells_changed) prepare_recalculation();
        for (auto& s : sheets)
            if (s.loaded) update_dimension(s);
        update_sst_counts();
        package_writer out(path);
        for (const std::string& r : removed_parts) out.remove(r);
        for (auto& [key, x] : parts)
            if (x->dirty) out.put(x->name, x->splice.write(x->original, x->doc));
        return out.save(target, options);
    }
};

// ---------------------------------------------------------------------------------------------

workbook_editor::workbook_editor(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
workbook_editor::workbook_editor(workbook_editor&&) noexcept = default;
workbook_editor& workbook_editor::operator=(workbook_editor&&) noexcept = default;
workbook_editor::~workbook_editor() = default;

workbook_editor workbook_editor::open(const std::string& path) {
    auto p = std::make_unique<impl>(path, package::open(path));
    p->init();
    return workbook_editor(std::move(p));
}

const std::string& workbook_editor::path() const noexcept { return impl_->path; }

std::vector<std::string> workbook_editor::sheet_names() const {
    std::vector<std::string> out;
    for (auto& s : impl_->sheets) out.push_back(s.name);
    return out;
}

std::string workbook_editor::display(std::string_view sheet, std::string_view ref) {
    auto& s = impl_->sheet(sheet);
    return impl_->display_of(impl_->find_cell(s, impl_->parse_ref(s, ref)));
}

void workbook_editor::set(std::string_view sheet, std::string_view ref, const cell_value& value) {
    impl_->set_cell(sheet, ref, &value, {}, std::nullopt);
}

void workbook_editor::set_formula(std::string_view sheet, std::string_view ref, std::string_view formula,
                                  const std::optional<cell_value>& cached) {
    if (formula.empty() || formula == "=") {
        auto& s = impl_->sheet(sheet);
        impl_->fail(s.part, impl_->where(s, impl_->parse_ref(s, ref)), "the formula is empty", "write e.g. =SUM(A1:A3)");
    }
    impl_->set_cell(sheet, ref, nullptr, formula, cached);
}

void workbook_editor::clear(std::string_view sheet, std::string_view ref) {
    const cell_value empty;
    impl_->set_cell(sheet, ref, &empty, {}, std::nullopt);
}

void workbook_editor::set_number_style(std::string_view sheet, std::string_view ref, number_style style) {
    auto& s = impl_->sheet(sheet);
    const auto p = impl_->parse_ref(s, ref);
    pugi::xml_node c = impl_->get_cell(s, p);
    impl::set_style(c, impl_->derived_xf(impl::style_of(c), "numFmtId", builtin_format_id(style), "applyNumberFormat"));
    impl_->note_edit(s, p);
}

void workbook_editor::set_fill(std::string_view sheet, std::string_view ref, status_fill fill) {
    auto& s = impl_->sheet(sheet);
    const auto p = impl_->parse_ref(s, ref);
    const std::uint32_t fill_id = impl_->solid_fill(fill_rgb(fill));
    pugi::xml_node c = impl_->get_cell(s, p);
    impl::set_style(c, impl_->derived_xf(impl::style_of(c), "fillId", std::to_string(fill_id), "applyFill"));
    impl_->note_edit(s, p);
}

std::uint32_t workbook_editor::append_row(std::string_view sheet, const std::vector<cell_value>& values,
                                          std::uint32_t first_col) {
    return impl_->append_row(sheet, values, first_col);
}

void workbook_editor::replace_region(std::string_view sheet, std::string_view top_left,
                                     const std::vector<std::vector<cell_value>>& rows) {
    auto& s = impl_->sheet(sheet);
    const auto p = impl_->parse_ref(s, top_left);
    // Check the whole block first, so a bad value leaves nothing half-written.
    for (std::size_t r = 0; r < rows.size(); ++r)
        for (std::size_t c = 0; c < rows[r].size(); ++c) {
            const std::uint64_t row = p.row + r, col = p.col + c;
            if (row > xlsx::max_rows || col > xlsx::max_cols)
                impl_->fail(s.part, impl_->where(s, p), "the block reaches beyond XFD1048576");
            impl_->check_value(s, {static_cast<std::uint32_t>(col), static_cast<std::uint32_t>(row)}, rows[r][c]);
        }
    for (std::size_t r = 0; r < rows.size(); ++r)
        for (std::size_t c = 0; c < rows[r].size(); ++c)
            impl_->set_cell(s.name,
                            xlsx::cell_ref(p.col + static_cast<std::uint32_t>(c), p.row + static_cast<std::uint32_t>(r)),
                            &rows[r][c], {}, std::nullopt);
}

void workbook_editor::add_sheet(std::string_view name) { impl_->add_sheet(name); }

const std::vector<cell_change>& workbook_editor::changes() const noexcept { return impl_->changes; }

save_result workbook_editor::save(const std::string& target, const save_options& options) {
    return impl_->save(target, options);
}

}  // namespace kib
