#include "writers/opc_parts.hpp"

namespace kib::writers {

namespace content_types {

void write_default(detail::xml_emit& w, const content_type_default& d) {
    w.empty("Default", {{"Extension", d.extension}, {"ContentType", d.type}});
}

void write_override(detail::xml_emit& w, const content_type_override& o) {
    w.empty("Override", {{"PartName", o.part_name}, {"ContentType", o.type}});
}

std::string write_part(const content_types_data& d) {
    std::string out;
    detail::xml_emit w(out);
    w.declaration();
    w.start("Types", {{"xmlns", "http://schemas.openxmlformats.org/package/2006/content-types"}});
    for (const auto& x : d.defaults) write_default(w, x);
    for (const auto& x : d.overrides) write_override(w, x);
    w.end("Types");
    return out;
}

}  // namespace content_types

namespace rels {

void write_relationship(detail::xml_emit& w, const relationship_out& r) {
    detail::xml_attrs a{{"Id", r.id}, {"Type", r.type}, {"Target", r.target}};
    if (r.external) a.emplace_back("TargetMode", "External");
    w.empty("Relationship", a);
}

std::string write_part(const std::vector<relationship_out>& list) {
    std::string out;
    detail::xml_emit w(out);
    w.declaration();
    w.start("Relationships", {{"xmlns", "http://schemas.openxmlformats.org/package/2006/relationships"}});
    for (const auto& r : list) write_relationship(w, r);
    w.end("Relationships");
    return out;
}

}  // namespace rels

}  // namespace kib::writers
