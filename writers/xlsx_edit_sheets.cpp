// Adding a worksheet: the name rules, the part with its content type and relationship, the
// workbook.xml entry, and the worksheet titles Excel keeps in docProps/app.xml.

#include "writers/xlsx_edit_impl.hpp"
#include "readers/i18n.hpp"

#include <algorithm>

namespace kib {

using namespace xlsx_edit_detail;

namespace {

constexpr const char* ct_sheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";

constexpr const char* ns_ext_props = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties";
constexpr const char* ns_ext_props_strict = "http://purl.oclc.org/ooxml/officeDocument/extendedProperties";
constexpr const char* ns_vt = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes";
constexpr const char* ns_vt_strict = "http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes";

}  // namespace

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

void workbook_editor::impl::add_sheet(std::string_view name) {
    std::vector<std::string> names;
    for (auto& s : sheets) names.push_back(s.name);
    if (std::string why = sheet_name_problem(name, names); !why.empty())
        fail(wb_part, std::string(name), why, tr("choose another sheet name"));
    xml_part& wb = load(wb_part);
    pugi::xml_node root = wb.doc.document_element();
    pugi::xml_node list = main_child(root, "sheets");
    if (!list) fail(wb_part, {}, tr("the workbook has no sheets element"));
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
void workbook_editor::impl::list_sheet_in_app_properties(const std::string& name,
                                                         const std::vector<std::string>& worksheets) {
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

}  // namespace kib
