// Document property part writers: docProps/core.xml (Dublin Core: title, creator, dates) and
// docProps/app.xml (application, sheet titles). Buffers only.
#pragma once

#include <string>
#include <vector>

#include "writers/xml_emit.hpp"

namespace kib::writers {

struct core_properties {
    std::string title;             // Dutch, e.g. "Voortgangsrapportage november 2026"
    std::string subject;
    std::string creator = "kib";
    std::string description;
    std::string language = "nl-NL";
    std::string created;           // W3CDTF UTC, "2026-11-23T05:40:00Z"
};

struct app_properties {
    std::string application = "kib";  // never claims to be Microsoft Excel
    std::vector<std::string> sheet_names;
    std::string company;
};

namespace core_props {
// The whole part.
std::string write_part(const core_properties& p);
// <dcterms:created xsi:type="dcterms:W3CDTF">…</dcterms:created> (and modified).
void write_date(detail::xml_emit& w, const char* element, const std::string& when);
}  // namespace core_props

namespace app_props {
// The whole part.
std::string write_part(const app_properties& p);
// <HeadingPairs> with "Werkbladen" and the sheet count.
void write_heading_pairs(detail::xml_emit& w, std::size_t sheets);
// <TitlesOfParts> listing the sheet names.
void write_titles_of_parts(detail::xml_emit& w, const std::vector<std::string>& names);
}  // namespace app_props

inline constexpr const char* core_content_type = "application/vnd.openxmlformats-package.core-properties+xml";
inline constexpr const char* app_content_type = "application/vnd.openxmlformats-officedocument.extended-properties+xml";

}  // namespace kib::writers
