// Part readers of the Open Packaging Conventions: [Content_Types].xml and *.rels.
// They work on buffers (no ZIP here), so they are testable on their own.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace kib {

// [Content_Types].xml. Keys are lower-cased (OPC part names and extensions are
// case-insensitive); part names are stored without the leading '/'.
struct content_types {
    std::map<std::string, std::string> defaults;   // extension -> content type
    std::map<std::string, std::string> overrides;  // part name -> content type

    // The content type of a part: its Override, else the Default of its extension, else "".
    std::string of(std::string_view part_name) const;
};

// Throws kib::error(bad_input) with the line and column on malformed XML.
content_types parse_content_types(std::string_view xml);

struct relationship {
    std::string id;
    std::string type;    // the full relationship type URI as written
    std::string target;  // for internal targets: the resolved part name (no leading '/'); else as written
    bool external = false;

    // True when the type names the given kind, in transitional or strict form:
    // has_type("officeDocument") matches ".../officeDocument/2006/relationships/officeDocument"
    // and "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument".
    bool has_type(std::string_view kind) const noexcept;
};

// Parses the relationships part of source_part ("" for the package's own _rels/.rels) and
// resolves every internal target against the source part's folder.
std::vector<relationship> parse_relationships(std::string_view xml, std::string_view source_part);

// "xl/worksheets/sheet1.xml" -> "xl/worksheets/_rels/sheet1.xml.rels"; "" -> "_rels/.rels".
std::string relationships_part_name(std::string_view source_part);

// Resolves a relationship target (relative, absolute "/x/y" or percent-encoded) against the
// folder of source_part. Returns "" when the target climbs above the package root.
std::string resolve_part_name(std::string_view source_part, std::string_view target);

// ASCII lower-casing, for part-name comparisons.
std::string ascii_lower(std::string_view s);

}  // namespace kib
