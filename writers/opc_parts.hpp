// Package-level part writers of a new OOXML package: [Content_Types].xml and relationship
// parts (*.rels). Buffers only; zip_writer puts them in the archive.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "writers/xml_emit.hpp"

namespace kib::writers {

// ---- [Content_Types].xml ----
struct content_type_default {
    std::string extension;  // "rels", "xml", "png"
    std::string type;
};
struct content_type_override {
    std::string part_name;  // absolute: "/xl/workbook.xml"
    std::string type;
};
struct content_types_data {
    std::vector<content_type_default> defaults;
    std::vector<content_type_override> overrides;
};

namespace content_types {
// The whole part.
std::string write_part(const content_types_data& d);
// <Default Extension=… ContentType=…/>
void write_default(detail::xml_emit& w, const content_type_default& d);
// <Override PartName=… ContentType=…/>
void write_override(detail::xml_emit& w, const content_type_override& o);
}  // namespace content_types

// ---- _rels/.rels, xl/_rels/workbook.xml.rels, … ----
struct relationship_out {
    std::string id;      // "rId1"
    std::string type;    // full relationship type URI
    std::string target;  // relative to the source part's folder, or a URL when external
    bool external = false;
};

namespace rels {
// The whole part.
std::string write_part(const std::vector<relationship_out>& rels);
// <Relationship Id=… Type=… Target=… [TargetMode="External"]/>
void write_relationship(detail::xml_emit& w, const relationship_out& r);
}  // namespace rels

// Relationship type URIs used by the new-workbook writer.
namespace rel_type {
inline constexpr std::string_view office_document = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
inline constexpr std::string_view core_properties = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties";
inline constexpr std::string_view extended_properties = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties";
inline constexpr std::string_view worksheet = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
inline constexpr std::string_view styles = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles";
inline constexpr std::string_view shared_strings = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings";
inline constexpr std::string_view drawing = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing";
inline constexpr std::string_view hyperlink = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink";
}  // namespace rel_type

}  // namespace kib::writers
