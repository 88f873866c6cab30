// Cell styles in styles.xml: a cell's style is never edited in place; a derived cellXfs entry (or
// solid fill) is appended only when no identical one exists, so existing style indexes never move.

#include "writers/xlsx_edit_impl.hpp"

#include <cstring>
#include <map>
#include <vector>

#include "readers/xlsx_parts.hpp"
#include "readers/i18n.hpp"

namespace kib {

using namespace xlsx_edit_detail;

namespace {

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

}  // namespace

// ---- styles ----
void workbook_editor::impl::parse_styles() {
    if (styles_parsed) return;
    styles_parsed = true;
    if (styles_part.empty() || !part_exists(styles_part)) return;
    const xlsx::styles_part st = xlsx::parse_styles(pkg.read(styles_part));
    xf_is_date = st.xf_is_date;
}

bool workbook_editor::impl::style_is_date(std::uint32_t xf) {
    parse_styles();
    return xf < xf_is_date.size() && xf_is_date[xf];
}

pugi::xml_node workbook_editor::impl::styles_child(std::string_view local) {
    if (styles_part.empty()) fail(wb_part, {}, tr("the workbook has no styles part"), tr("re-save the workbook in Excel"));
    xml_part& x = load(styles_part);
    return main_child(x.doc.document_element(), local);
}

// The fill index of a solid fill with this colour, appended when missing.
std::uint32_t workbook_editor::impl::solid_fill(const char* rgb) {
    pugi::xml_node fills = styles_child("fills");
    if (!fills) fail(styles_part, "fills", tr("the styles part has no fills list"));
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
std::uint32_t workbook_editor::impl::derived_xf(std::uint32_t base, const char* attr, const std::string& value,
                                                const char* apply) {
    pugi::xml_node xfs = styles_child("cellXfs");
    if (!xfs) fail(styles_part, "cellXfs", tr("the styles part has no cellXfs list"), tr("re-save the workbook in Excel"));
    std::vector<pugi::xml_node> list;
    for (auto x = xfs.first_child(); x; x = x.next_sibling())
        if (is_main(x, "xf")) list.push_back(x);
    if (list.empty()) fail(styles_part, "cellXfs", tr("the styles part has no cell formats"));
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

std::string workbook_editor::impl::number_format_id(std::uint32_t xf) {
    if (styles_part.empty() || !part_exists(styles_part)) return {};
    pugi::xml_node xfs = styles_child("cellXfs");
    std::uint32_t i = 0;
    for (auto x = xfs.first_child(); x; x = x.next_sibling()) {
        if (!is_main(x, "xf")) continue;
        if (i++ == xf) return x.attribute("numFmtId").value();
    }
    return {};
}

std::string workbook_editor::impl::number_format_code(const std::string& id) {
    if (id.empty() || id == "0") return {};
    if (!styles_part.empty() && part_exists(styles_part))
        if (pugi::xml_node fmts = styles_child("numFmts"))
            for (auto f = fmts.first_child(); f; f = f.next_sibling())
                if (is_main(f, "numFmt") && id == f.attribute("numFmtId").value()) {
                    const std::string code = f.attribute("formatCode").value();
                    return lower(code) == "general" ? std::string() : code;  // LibreOffice writes General as a custom code
                }
    // The built-in formats as Excel's object model names them (invariant, en-US); Excel shows
    // 14 and 22 as the reader's own short date.
    static const std::pair<const char*, const char*> builtins[] = {
        {"1", "0"},          {"2", "0.00"},          {"3", "#,##0"},         {"4", "#,##0.00"},          {"9", "0%"},
        {"10", "0.00%"},     {"11", "0.00E+00"},     {"12", "# ?/?"},        {"13", "# ?\?/?\?"},        {"14", "m/d/yyyy"},
        {"15", "d-mmm-yy"},  {"16", "d-mmm"},        {"17", "mmm-yy"},       {"18", "h:mm AM/PM"},       {"19", "h:mm:ss AM/PM"},
        {"20", "h:mm"},      {"21", "h:mm:ss"},      {"22", "m/d/yyyy h:mm"}, {"37", "#,##0 ;(#,##0)"}, {"38", "#,##0 ;[Red](#,##0)"},
        {"39", "#,##0.00;(#,##0.00)"}, {"40", "#,##0.00;[Red](#,##0.00)"}, {"45", "mm:ss"}, {"46", "[h]:mm:ss"},
        {"47", "mmss.0"},    {"48", "##0.0E+0"},     {"49", "@"}};
    for (const auto& [n, code] : builtins)
        if (id == n) return code;
    return {};
}

std::uint32_t workbook_editor::impl::style_of(pugi::xml_node c) { return c.attribute("s").as_uint(0); }

void workbook_editor::impl::set_style(pugi::xml_node c, std::uint32_t xf) {
    if (xf == 0) {
        c.remove_attribute("s");
        return;
    }
    pugi::xml_attribute a = c.attribute("s");
    // Excel writes s right after r; the order is cosmetic but keeps diffs readable.
    if (!a) a = c.attribute("r") ? c.insert_attribute_after("s", c.attribute("r")) : c.prepend_attribute("s");
    a.set_value(xf);
}

}  // namespace kib
