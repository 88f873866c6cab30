// Helpers shared by the DOCX template and report tests: build a .docx from parts, read parts and
// paragraph text back, and render with LibreOffice headless (tests FAIL when soffice is missing).
#pragma once

#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <cstdio>
#include <cstdlib>
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "readers/package.hpp"
#include "writers/zip_writer.hpp"

namespace kib::test {

inline const char* w_ns_decl() {
    return "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
           "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" "
           "xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\" "
           "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" "
           "xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\" "
           "xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" "
           "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "
           "xmlns:v=\"urn:schemas-microsoft-com:vml\" mc:Ignorable=\"w14\"";
}

// A minimal .docx: body XML (inside w:body), plus optional header/footer bodies stored under
// unusual part names (to prove they are found through relationships).
inline std::string make_docx(const std::string& body, const std::string& header = {}, const std::string& footer = {}) {
    std::map<std::string, std::string> parts;
    std::string ct =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        "<Override PartName=\"/doc/main.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>";
    std::string rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                       "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
    std::string sect = "<w:sectPr>";
    if (!header.empty()) {
        ct += "<Override PartName=\"/doc/kop.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>";
        rels += "<Relationship Id=\"rIdH\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"kop.xml\"/>";
        parts["doc/kop.xml"] = std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:hdr ") + w_ns_decl() + ">" + header + "</w:hdr>";
        sect += "<w:headerReference w:type=\"default\" r:id=\"rIdH\"/>";
    }
    if (!footer.empty()) {
        ct += "<Override PartName=\"/doc/voet.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>";
        rels += "<Relationship Id=\"rIdF\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"voet.xml\"/>";
        parts["doc/voet.xml"] = std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:ftr ") + w_ns_decl() + ">" + footer + "</w:ftr>";
        sect += "<w:footerReference w:type=\"default\" r:id=\"rIdF\"/>";
    }
    sect += "</w:sectPr>";
    ct += "</Types>";
    rels += "</Relationships>";
    parts["[Content_Types].xml"] = ct;
    parts["_rels/.rels"] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"doc/main.xml\"/>"
        "</Relationships>";
    parts["doc/_rels/main.xml.rels"] = rels;
    parts["doc/main.xml"] = std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document ") + w_ns_decl() +
                            "><w:body>" + body + sect + "</w:body></w:document>";
    std::vector<zip_item> items;
    for (const auto& [name, data] : parts) items.push_back(zip_item{name, nullptr, data});
    return write_zip(items);
}

inline std::string read_part(const std::string& docx, const std::string& part) {
    return package::open_buffer(docx, "test.docx").read(part);
}

// Visible text of a part: paragraphs joined by "\n", w:tab as "\t", w:br as "|".
inline std::string part_text(const std::string& xml) {
    pugi::xml_document doc;
    EXPECT_TRUE(doc.load_string(xml.c_str(), pugi::parse_default | pugi::parse_ws_pcdata_single));
    std::string out;
    struct walker : pugi::xml_tree_walker {
        std::string* out;
        bool first = true;
        bool for_each(pugi::xml_node& n) override {
            const std::string name = n.name();
            if (name == "w:p" && !first) *out += "\n";
            if (name == "w:p") first = false;
            else if (name == "w:tab" && std::string(n.parent().name()) == "w:r") *out += "\t";
            else if (name == "w:br") *out += "|";
            else if (n.type() == pugi::node_pcdata && std::string(n.parent().name()) == "w:t") *out += n.value();
            return true;
        }
    } w;
    w.out = &out;
    doc.traverse(w);
    return out;
}

inline std::string docx_text(const std::string& docx, const std::string& part = "doc/main.xml") {
    return part_text(read_part(docx, part));
}

inline std::string find_program(const char* name) {
    const char* path = std::getenv("PATH");
    std::stringstream ss(path ? path : "");
    std::string dir;
    while (std::getline(ss, dir, ':')) {
        const std::filesystem::path p = std::filesystem::path(dir) / name;
        if (std::filesystem::exists(p)) return p.string();
    }
    return {};
}

// Converts a .docx to PDF with LibreOffice headless and returns pdftotext's output.
// Fails the test (not skips) when soffice or pdftotext is missing.
inline std::string render_with_libreoffice(const std::string& docx, const std::string& stem) {
    const std::string soffice = find_program("soffice");
    const std::string pdftotext = find_program("pdftotext");
    if (soffice.empty()) ADD_FAILURE() << "soffice (LibreOffice) is not installed; this test needs it";
    if (pdftotext.empty()) ADD_FAILURE() << "pdftotext (poppler-utils) is not installed; this test needs it";
    if (soffice.empty() || pdftotext.empty()) return {};
    const auto dir = std::filesystem::temp_directory_path() / ("kib_lo_" + stem + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    {
        std::ofstream out(dir / (stem + ".docx"), std::ios::binary);
        out << docx;
    }
    const std::string cmd = "cd '" + dir.string() + "' && '" + soffice + "' --headless -env:UserInstallation=file://" +
                            dir.string() + "/profile --convert-to pdf '" + stem + ".docx' >/dev/null 2>&1 && '" + pdftotext +
                            "' -layout '" + stem + ".pdf' '" + stem + ".txt'";
    const int rc = std::system(cmd.c_str());
    EXPECT_EQ(rc, 0) << cmd;
    std::ifstream in(dir / (stem + ".txt"));
    std::stringstream text;
    text << in.rdbuf();
    std::filesystem::remove_all(dir);
    return text.str();
}

inline std::string read_fixture(const std::string& rel) {
    std::ifstream in(std::string(KIB_FIXTURES) + "/" + rel, std::ios::binary);
    EXPECT_TRUE(in.good()) << rel;
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace kib::test
