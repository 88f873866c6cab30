#include "writers/docprops_parts.hpp"

namespace kib::writers {

namespace core_props {

void write_date(detail::xml_emit& w, const char* element, const std::string& when) {
    w.data(element, when, {{"xsi:type", "dcterms:W3CDTF"}});
}

std::string write_part(const core_properties& p) {
    std::string out;
    detail::xml_emit w(out);
    w.declaration();
    w.start("cp:coreProperties",
            {{"xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"},
             {"xmlns:dc", "http://purl.org/dc/elements/1.1/"},
             {"xmlns:dcterms", "http://purl.org/dc/terms/"},
             {"xmlns:dcmitype", "http://purl.org/dc/dcmitype/"},
             {"xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"}});
    if (!p.title.empty()) w.data("dc:title", p.title);
    if (!p.subject.empty()) w.data("dc:subject", p.subject);
    w.data("dc:creator", p.creator);
    if (!p.description.empty()) w.data("dc:description", p.description);
    if (!p.language.empty()) w.data("dc:language", p.language);
    w.data("cp:lastModifiedBy", p.creator);
    if (!p.created.empty()) {
        write_date(w, "dcterms:created", p.created);
        write_date(w, "dcterms:modified", p.created);
    }
    w.end("cp:coreProperties");
    return out;
}

}  // namespace core_props

namespace app_props {

void write_heading_pairs(detail::xml_emit& w, std::size_t sheets) {
    w.start("HeadingPairs");
    w.start("vt:vector", {{"size", "2"}, {"baseType", "variant"}});
    w.start("vt:variant");
    w.data("vt:lpstr", "Werkbladen");
    w.end("vt:variant");
    w.start("vt:variant");
    w.data("vt:i4", std::to_string(sheets));
    w.end("vt:variant");
    w.end("vt:vector");
    w.end("HeadingPairs");
}

void write_titles_of_parts(detail::xml_emit& w, const std::vector<std::string>& names) {
    w.start("TitlesOfParts");
    w.start("vt:vector", {{"size", std::to_string(names.size())}, {"baseType", "lpstr"}});
    for (const auto& n : names) w.data("vt:lpstr", n);
    w.end("vt:vector");
    w.end("TitlesOfParts");
}

std::string write_part(const app_properties& p) {
    std::string out;
    detail::xml_emit w(out);
    w.declaration();
    w.start("Properties", {{"xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"},
                           {"xmlns:vt", "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"}});
    w.data("Application", p.application);
    w.data("DocSecurity", "0");
    w.data("ScaleCrop", "false");
    write_heading_pairs(w, p.sheet_names.size());
    write_titles_of_parts(w, p.sheet_names);
    if (!p.company.empty()) w.data("Company", p.company);
    w.data("LinksUpToDate", "false");
    w.data("SharedDoc", "false");
    w.data("HyperlinksChanged", "false");
    w.end("Properties");
    return out;
}

}  // namespace app_props

}  // namespace kib::writers
