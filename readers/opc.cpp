#include "readers/opc.hpp"

#include <vector>

#include "readers/xml_pull.hpp"

namespace kib {

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::string content_types::of(std::string_view part_name) const {
    if (!part_name.empty() && part_name.front() == '/') part_name.remove_prefix(1);
    const std::string key = ascii_lower(part_name);
    if (auto it = overrides.find(key); it != overrides.end()) return it->second;
    const std::size_t dot = key.rfind('.');
    const std::size_t slash = key.rfind('/');
    if (dot != std::string::npos && (slash == std::string::npos || dot > slash)) {
        if (auto it = defaults.find(key.substr(dot + 1)); it != defaults.end()) return it->second;
    }
    return {};
}

content_types parse_content_types(std::string_view xml_text) {
    content_types out;
    xml::pull_parser p(xml_text);
    using ev = xml::pull_parser::event;
    for (ev e = p.next(); e != ev::eof; e = p.next()) {
        if (e != ev::start || p.element_ns() != xml::ns::content_types) continue;
        if (p.local_name() == "Default") {
            std::string ext = p.attr(xml::ns::none, "Extension");
            if (!ext.empty() && ext.front() == '.') ext.erase(0, 1);
            out.defaults[ascii_lower(ext)] = p.attr(xml::ns::none, "ContentType");
        } else if (p.local_name() == "Override") {
            std::string name = p.attr(xml::ns::none, "PartName");
            if (!name.empty() && name.front() == '/') name.erase(0, 1);
            out.overrides[ascii_lower(name)] = p.attr(xml::ns::none, "ContentType");
        }
    }
    return out;
}

bool relationship::has_type(std::string_view kind) const noexcept {
    const std::size_t slash = type.rfind('/');
    if (slash == std::string::npos) return false;
    if (std::string_view(type).substr(slash + 1) != kind) return false;
    const std::string_view base = std::string_view(type).substr(0, slash + 1);
    return base == "http://schemas.openxmlformats.org/officeDocument/2006/relationships/" ||
           base == "http://purl.oclc.org/ooxml/officeDocument/relationships/" ||
           base == "http://schemas.openxmlformats.org/package/2006/relationships/metadata/" ||
           base.find("schemas.microsoft.com/office/") != std::string_view::npos;
}

std::string relationships_part_name(std::string_view source_part) {
    if (!source_part.empty() && source_part.front() == '/') source_part.remove_prefix(1);
    const std::size_t slash = source_part.rfind('/');
    if (slash == std::string_view::npos) return "_rels/" + std::string(source_part) + ".rels";
    return std::string(source_part.substr(0, slash + 1)) + "_rels/" + std::string(source_part.substr(slash + 1)) +
           ".rels";
}

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::string resolve_part_name(std::string_view source_part, std::string_view target) {
    std::string decoded;
    decoded.reserve(target.size());
    for (std::size_t i = 0; i < target.size(); ++i) {
        if (target[i] == '%' && i + 2 < target.size() && hex_value(target[i + 1]) >= 0 &&
            hex_value(target[i + 2]) >= 0) {
            decoded += static_cast<char>(hex_value(target[i + 1]) * 16 + hex_value(target[i + 2]));
            i += 2;
        } else {
            decoded += target[i] == '\\' ? '/' : target[i];
        }
    }
    std::string path;
    if (!decoded.empty() && decoded.front() == '/') {
        path = decoded.substr(1);
    } else {
        if (!source_part.empty() && source_part.front() == '/') source_part.remove_prefix(1);
        const std::size_t slash = source_part.rfind('/');
        if (slash != std::string_view::npos) path.assign(source_part.substr(0, slash + 1));
        path += decoded;
    }
    std::vector<std::string> segments;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        const std::string seg = path.substr(start, end - start);
        if (seg == "..") {
            if (segments.empty()) return {};
            segments.pop_back();
        } else if (!seg.empty() && seg != ".") {
            segments.push_back(seg);
        }
        start = end + 1;
    }
    std::string out;
    for (const auto& s : segments) {
        if (!out.empty()) out += '/';
        out += s;
    }
    return out;
}

std::vector<relationship> parse_relationships(std::string_view xml_text, std::string_view source_part) {
    std::vector<relationship> out;
    xml::pull_parser p(xml_text);
    using ev = xml::pull_parser::event;
    for (ev e = p.next(); e != ev::eof; e = p.next()) {
        if (e != ev::start || !p.is(xml::ns::pkg_rel, "Relationship")) continue;
        relationship r;
        r.id = p.attr(xml::ns::none, "Id");
        r.type = p.attr(xml::ns::none, "Type");
        const std::string target = p.attr(xml::ns::none, "Target");
        r.external = p.attr(xml::ns::none, "TargetMode") == "External";
        r.target = r.external ? target : resolve_part_name(source_part, target);
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace kib
