// The editor's access to the package: XML parts loaded as DOMs on first use (and created, removed),
// relationships and content-type overrides, and the workbook's sheet list read at open.
// A part is parsed only when an edit needs it; part names are compared lower-cased.

#include "writers/xlsx_edit_impl.hpp"

#include <algorithm>
#include <memory>
#include <set>

#include "readers/xlsx_parts.hpp"
#include "readers/i18n.hpp"

namespace kib {

using namespace xlsx_edit_detail;

namespace {

constexpr const char* ns_pkg_rel = "http://schemas.openxmlformats.org/package/2006/relationships";
constexpr const char* ns_ct = "http://schemas.openxmlformats.org/package/2006/content-types";

}  // namespace

// ---- errors ----
void workbook_editor::impl::fail(std::string part, std::string where, std::string msg, std::string hint) const {
    location loc;
    loc.file = path;
    loc.part = std::move(part);
    loc.where = std::move(where);
    throw error(error_category::bad_input, std::move(loc), std::move(msg), std::move(hint));
}

// ---- parts ----
workbook_editor::impl::xml_part& workbook_editor::impl::load(const std::string& name) {
    const std::string key = lower(name);
    if (auto it = parts.find(key); it != parts.end()) return *it->second;
    auto x = std::make_unique<xml_part>();
    x->name = name;
    x->original = pkg.read(name);
    const std::string& bytes = x->original;
    const pugi::xml_parse_result r = x->doc.load_buffer(bytes.data(), bytes.size(), parse_flags, pugi::encoding_utf8);
    if (!r) fail(name, {}, trf("the part is not well-formed XML ({} at byte {})", {r.description(), std::to_string(r.offset)}),
                 tr("re-save the workbook in Excel or LibreOffice"));
    x->splice = xml_splice::capture(x->original, x->doc);
    auto& ref = *x;
    parts.emplace(key, std::move(x));
    return ref;
}

workbook_editor::impl::xml_part& workbook_editor::impl::create(const std::string& name, std::string_view xml) {
    auto x = std::make_unique<xml_part>();
    x->name = name;
    x->doc.load_buffer(xml.data(), xml.size(), parse_flags, pugi::encoding_utf8);
    x->dirty = true;
    auto& ref = *x;
    parts[lower(name)] = std::move(x);
    return ref;
}

bool workbook_editor::impl::part_exists(const std::string& name) const {
    if (parts.count(lower(name))) return true;
    return pkg.find(name) != nullptr &&
           std::find(removed_parts.begin(), removed_parts.end(), lower(name)) == removed_parts.end();
}

std::string workbook_editor::impl::rel_type(std::string_view kind) const {
    return std::string(strict ? "http://purl.oclc.org/ooxml/officeDocument/relationships/"
                              : "http://schemas.openxmlformats.org/officeDocument/2006/relationships/") +
           std::string(kind);
}

// The .rels DOM of a part, created when absent.
workbook_editor::impl::xml_part& workbook_editor::impl::rels_of(const std::string& source) {
    const std::string name = relationships_part_name(source);
    if (part_exists(name)) return load(name);
    return create(name, std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"") +
                            ns_pkg_rel + "\"/>");
}

// A relationship target for `part` written in `source`'s .rels.
std::string workbook_editor::impl::relative_target(const std::string& source, const std::string& part) const {
    const std::string dir = source.substr(0, source.rfind('/') + 1);
    if (!dir.empty() && part.rfind(dir, 0) == 0) return part.substr(dir.size());
    return "/" + part;
}

std::string workbook_editor::impl::add_relationship(const std::string& source, const std::string& type,
                                                    const std::string& part) {
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

void workbook_editor::impl::remove_relationship(const std::string& source, const std::string& id) {
    xml_part& rels = rels_of(source);
    pugi::xml_node root = rels.doc.document_element();
    for (auto r : root.children())
        if (r.type() == pugi::node_element && std::string_view(r.attribute("Id").value()) == id) {
            root.remove_child(r);
            rels.dirty = true;
            return;
        }
}

void workbook_editor::impl::set_content_type_override(const std::string& part, const char* type) {
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

void workbook_editor::impl::remove_part(const std::string& part) {
    parts.erase(lower(part));
    removed_parts.push_back(lower(part));
    const std::string rels = relationships_part_name(part);
    if (pkg.find(rels)) removed_parts.push_back(lower(rels));
}

// ---- workbook ----
void workbook_editor::impl::init() {
    wb_part = pkg.main_part();
    if (wb_part.empty()) fail({}, {}, tr("the package has no main document"), tr("this is not a workbook"));
    wb_dir = wb_part.substr(0, wb_part.rfind('/') + 1);
    xml_part& wb = load(wb_part);
    pugi::xml_node root = wb.doc.document_element();
    if (!is_main(root, "workbook"))
        fail(wb_part, {}, tr("the main part is not a SpreadsheetML workbook"), tr("kib set works on .xlsx and .xlsm files"));
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

workbook_editor::impl::sheet_state& workbook_editor::impl::find_sheet(std::string_view name) {
    for (auto& s : sheets)
        if (lower(s.name) == lower(name)) return s;
    std::string list;
    for (auto& s : sheets) list += (list.empty() ? "" : ", ") + s.name;
    fail(wb_part, std::string(name), trf("the workbook has no sheet named \"{}\"", {std::string(name)}),
         trf("the sheets are: {}", {list}));
}

// Loads a worksheet's DOM and indexes its rows.
workbook_editor::impl::sheet_state& workbook_editor::impl::sheet(std::string_view name) {
    sheet_state& s = find_sheet(name);
    if (s.loaded) return s;
    if (s.part.empty() || !part_exists(s.part))
        fail(wb_part, s.name, trf("the sheet's part is missing (broken relationship {})", {s.rel_id}));
    if (load_streamed(s)) return s;
    s.xml = &load(s.part);
    index_rows(s);
    s.loaded = true;
    return s;
}

// root, p, sheet_data and rows of a sheet from its DOM.
void workbook_editor::impl::index_rows(sheet_state& s) {
    s.root = s.xml->doc.document_element();
    if (!is_main(s.root, "worksheet"))
        fail(s.part, s.name, tr("this sheet is not a worksheet (a chart sheet or macro sheet?)"),
             tr("choose a worksheet with cells"));
    s.p = qualified_prefix(s.root);
    s.sheet_data = main_child(s.root, "sheetData");
    if (!s.sheet_data) fail(s.part, s.name, tr("the worksheet has no sheetData element"));
    s.rows.clear();
    std::uint32_t prev = 0;
    for (auto r = s.sheet_data.first_child(); r; r = r.next_sibling()) {
        if (!is_main(r, "row")) continue;
        std::uint32_t idx = prev + 1;
        if (auto a = r.attribute("r")) idx = a.as_uint();
        if (idx == 0 || idx > xlsx::max_rows) fail(s.part, s.name, tr("row number out of range"));
        s.rows[idx] = r;
        prev = idx;
    }
}

}  // namespace kib
