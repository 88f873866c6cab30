#include "xml_compare.hpp"

#include <pugixml.hpp>
#include <zip.h>

#include <cstring>
#include <stdexcept>

namespace kib::test {

namespace {

std::string uri_of(pugi::xml_node n, const std::string& prefix) {
    if (prefix == "xml") return "http://www.w3.org/XML/1998/namespace";
    const std::string attr = prefix.empty() ? "xmlns" : "xmlns:" + prefix;
    for (; n; n = n.parent())
        if (n.type() == pugi::node_element)
            if (auto a = n.attribute(attr.c_str())) return a.value();
    return {};
}

std::string expand(pugi::xml_node scope, const std::string& qname, bool attribute) {
    const auto colon = qname.find(':');
    if (colon == std::string::npos && attribute) return qname;
    std::string out = "{";
    out += uri_of(scope, colon == std::string::npos ? std::string() : qname.substr(0, colon));
    out += '}';
    out.append(qname, colon == std::string::npos ? 0 : colon + 1, std::string::npos);
    return out;
}

bool preserves(pugi::xml_node n) {
    for (; n; n = n.parent())
        if (auto a = n.attribute("xml:space")) return std::strcmp(a.value(), "preserve") == 0;
    return false;
}

void write(pugi::xml_node n, std::string& out) {
    switch (n.type()) {
        case pugi::node_element: {
            out += '<' + expand(n, n.name(), false);
            std::map<std::string, std::string> attrs;
            for (auto a : n.attributes()) {
                const std::string name = a.name();
                if (name == "xmlns" || name.rfind("xmlns:", 0) == 0) continue;
                attrs[expand(n, name, true)] = a.value();
            }
            for (auto& [k, v] : attrs) out += ' ' + k + "=\"" + v + '"';
            out += '>';
            for (auto c : n.children()) write(c, out);
            out += "</>";
            break;
        }
        case pugi::node_pcdata:
        case pugi::node_cdata: {
            const std::string v = n.value();
            if (v.find_first_not_of(" \t\r\n") == std::string::npos && !preserves(n.parent())) break;
            out += v;
            break;
        }
        default: break;
    }
}

pugi::xml_node find_path(const pugi::xml_document& doc, const std::string& path) {
    pugi::xml_node n = doc;
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t end = std::min(path.find('/', start), path.size());
        const std::string local = path.substr(start, end - start);
        pugi::xml_node next;
        for (auto c : n.children()) {
            if (c.type() != pugi::node_element) continue;
            const std::string name = c.name();
            const auto colon = name.find(':');
            if ((colon == std::string::npos ? name : name.substr(colon + 1)) == local) {
                next = c;
                break;
            }
        }
        if (!next) return {};
        n = next;
        start = end + 1;
    }
    return n;
}

void load(pugi::xml_document& doc, const std::string& xml) {
    if (!doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata))
        throw std::runtime_error("not well-formed XML");
}

}  // namespace

std::string canonical_xml(const std::string& xml) {
    pugi::xml_document doc;
    load(doc, xml);
    std::string out;
    write(doc.document_element(), out);
    return out;
}

std::vector<std::string> canonical_children(const std::string& xml, const std::string& path) {
    pugi::xml_document doc;
    load(doc, xml);
    std::vector<std::string> out;
    pugi::xml_node n = find_path(doc, path);
    for (auto c : n.children()) {
        if (c.type() != pugi::node_element) continue;
        std::string s;
        write(c, s);
        out.push_back(std::move(s));
    }
    return out;
}

std::string canonical_at(const std::string& xml, const std::string& path) {
    pugi::xml_document doc;
    load(doc, xml);
    std::string out;
    if (pugi::xml_node n = find_path(doc, path)) write(n, out);
    return out;
}

std::map<std::string, zip_entry> zip_entries(const std::string& path) {
    int err = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &err);
    if (!z) throw std::runtime_error("cannot open " + path);
    std::map<std::string, zip_entry> out;
    const zip_int64_t n = zip_get_num_entries(z, 0);
    for (zip_int64_t i = 0; i < n; ++i) {
        zip_stat_t st;
        zip_stat_index(z, static_cast<zip_uint64_t>(i), 0, &st);
        zip_entry e;
        e.method = static_cast<std::uint16_t>(st.comp_method);
        e.crc = st.crc;
        e.size = st.size;
        e.compressed.resize(st.comp_size);
        zip_file_t* f = zip_fopen_index(z, static_cast<zip_uint64_t>(i), ZIP_FL_COMPRESSED);
        if (!f) throw std::runtime_error("cannot open entry " + std::string(st.name));
        const zip_int64_t got = zip_fread(f, e.compressed.data(), e.compressed.size());
        zip_fclose(f);
        if (got < 0 || static_cast<std::uint64_t>(got) != st.comp_size) throw std::runtime_error("short read");
        out[st.name] = std::move(e);
    }
    zip_discard(z);
    return out;
}

std::string zip_read(const std::string& path, const std::string& part) {
    int err = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &err);
    if (!z) throw std::runtime_error("cannot open " + path);
    std::string out;
    zip_stat_t st;
    if (zip_stat(z, part.c_str(), 0, &st) == 0) {
        out.resize(st.size);
        zip_file_t* f = zip_fopen(z, part.c_str(), 0);
        zip_fread(f, out.data(), out.size());
        zip_fclose(f);
    }
    zip_discard(z);
    return out;
}

}  // namespace kib::test
