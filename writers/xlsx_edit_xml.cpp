// The helpers every editor unit shares: SpreadsheetML names matched by namespace URI (so prefixed
// and strict files work), A1 areas, text length in characters, and the byte scan for formulas.

#include "writers/xlsx_edit_impl.hpp"

#include "readers/xlsx_parts.hpp"

namespace kib::xlsx_edit_detail {

namespace {

constexpr const char* ns_xml = "http://www.w3.org/XML/1998/namespace";

}  // namespace

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

// ---- text helpers ----

std::size_t utf8_length(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

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

}  // namespace kib::xlsx_edit_detail
