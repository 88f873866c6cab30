// The splice writer: unchanged elements keep their bytes, the result is always the XML of the
// edited DOM.
#include "writers/xml_splice.hpp"

#include <gtest/gtest.h>
#include <zip.h>

#include <string>

#include "writers/xlsx_edit.hpp"

namespace {

constexpr unsigned flags = pugi::parse_default | pugi::parse_declaration | pugi::parse_comments | pugi::parse_pi |
                           pugi::parse_doctype | pugi::parse_ws_pcdata;

struct parsed {
    std::string original;
    pugi::xml_document doc;
    kib::xml_splice splice;
    explicit parsed(std::string xml) : original(std::move(xml)) {
        EXPECT_TRUE(doc.load_buffer(original.data(), original.size(), flags, pugi::encoding_utf8));
        splice = kib::xml_splice::capture(original, doc);
    }
    std::string write() const { return splice.write(original, doc); }
};

// pugixml's normal form of some XML: equal for XML that differs only in quoting and escaping.
std::string normal(const std::string& xml) {
    pugi::xml_document d;
    EXPECT_TRUE(d.load_buffer(xml.data(), xml.size(), flags, pugi::encoding_utf8)) << xml;
    return kib::xml_splice::serialize(d);
}

// Written by hand the way LibreOffice and Excel write sheets: declaration, prefixes, &quot;,
// single-quoted attributes, a comment, self-closing elements.
const std::string sheet =
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\r\n"
    "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:u=\"urn:unknown\">"
    "<x:dimension ref='A1:B3'/>"
    "<!-- kept -->"
    "<x:sheetData>"
    "<x:row r=\"1\"><x:c r=\"A1\" t=\"s\"><x:v>0</x:v></x:c><x:c r='B1'><x:f>IF(A1=&quot;x&quot;,1,0)</x:f><x:v>0</x:v></x:c></x:row>"
    "<x:row r=\"2\" u:mark='a&amp;b'><x:c r=\"A2\"><x:v>2</x:v></x:c></x:row>"
    "<x:row r=\"3\"><x:c r=\"A3\"><x:v>3</x:v></x:c></x:row>"
    "</x:sheetData>"
    "<x:conditionalFormatting sqref=\"B1:B3\"><x:cfRule type=\"expression\" priority=\"1\"><x:formula>B1=&quot;ja&quot;</x:formula></x:cfRule></x:conditionalFormatting>"
    "<x:extLst><x:ext uri=\"{78C0D931-6437-407d-A8EE-F0AAD7539E65}\"><u:any/></x:ext></x:extLst>"
    "</x:worksheet>\n";

pugi::xml_node sheet_data(parsed& p) { return p.doc.document_element().child("x:sheetData"); }

TEST(XmlSplice, UnchangedDocumentIsTheOriginalBytes) {
    parsed p(sheet);
    ASSERT_TRUE(p.splice.valid());
    EXPECT_EQ(p.write(), sheet);
}

TEST(XmlSplice, OneChangedRowIsTheOnlyRewrittenElement) {
    parsed p(sheet);
    pugi::xml_node row3 = sheet_data(p).last_child();
    row3.child("x:c").child("x:v").text().set("30");
    const std::string out = p.write();
    EXPECT_EQ(normal(out), kib::xml_splice::serialize(p.doc));
    // Everything but row 3 keeps its bytes, entities and quoting included.
    EXPECT_EQ(out.substr(0, out.find("<x:row r=\"3\">")), sheet.substr(0, sheet.find("<x:row r=\"3\">")));
    EXPECT_NE(out.find("<x:row r=\"3\"><x:c r=\"A3\"><x:v>30</x:v></x:c></x:row></x:sheetData>"), std::string::npos);
    EXPECT_NE(out.find("<x:formula>B1=&quot;ja&quot;</x:formula>"), std::string::npos);
    EXPECT_EQ(out.substr(out.find("</x:sheetData>")), sheet.substr(sheet.find("</x:sheetData>")));
}

TEST(XmlSplice, ChangedAttributesOfRootAndContainerAreRewrittenTheirContentKept) {
    parsed p(sheet);
    p.doc.document_element().append_attribute("extra").set_value("1\"2");
    sheet_data(p).append_attribute("note").set_value("n");
    sheet_data(p).first_child().next_sibling().remove_attribute("u:mark");
    const std::string out = p.write();
    EXPECT_EQ(normal(out), kib::xml_splice::serialize(p.doc));
    EXPECT_EQ(out.rfind("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\r\n<x:worksheet ", 0), 0u);
    EXPECT_NE(out.find("xmlns:u=\"urn:unknown\" extra=\"1&quot;2\">"), std::string::npos);
    EXPECT_NE(out.find("<x:sheetData note=\"n\"><x:row r=\"1\"><x:c r=\"A1\" t=\"s\">"), std::string::npos);
    EXPECT_NE(out.find("<x:c r='B1'><x:f>IF(A1=&quot;x&quot;,1,0)</x:f>"), std::string::npos);
    EXPECT_NE(out.find("<x:row r=\"2\"><x:c r=\"A2\"><x:v>2</x:v></x:c></x:row>"), std::string::npos);
    EXPECT_NE(out.find("<x:dimension ref='A1:B3'/><!-- kept -->"), std::string::npos);
}

TEST(XmlSplice, InsertedRemovedAndMovedElements) {
    parsed p(sheet);
    pugi::xml_node data = sheet_data(p);
    pugi::xml_node row2 = data.first_child().next_sibling();
    pugi::xml_node added = data.insert_child_after("x:row", row2);
    added.append_attribute("r").set_value("3");
    data.remove_child(data.first_child());                   // row 1 goes
    data.append_move(row2);                                  // row 2 moves to the end
    p.doc.document_element().remove_child("x:extLst");       // a depth-1 element goes
    p.doc.document_element().append_child("x:pageMargins");  // and a new one comes
    const std::string out = p.write();
    EXPECT_EQ(normal(out), kib::xml_splice::serialize(p.doc));
    EXPECT_NE(out.find("<x:sheetData><x:row r=\"3\"/><x:row r=\"3\"><x:c r=\"A3\"><x:v>3</x:v></x:c></x:row>"
                       "<x:row r=\"2\" u:mark='a&amp;b'>"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("</x:conditionalFormatting><x:pageMargins/></x:worksheet>\n"), std::string::npos);
}

TEST(XmlSplice, SelfClosingContainerThatGainsChildren) {
    parsed p("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count='0'><x/><sheetData/></sst>");
    pugi::xml_node data = p.doc.document_element().child("sheetData");
    data.append_child("row").append_attribute("r").set_value("1");
    p.doc.document_element().attribute("count").set_value("1");
    const std::string out = p.write();
    EXPECT_EQ(out, "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"1\"><x/>"
                   "<sheetData><row r=\"1\"/></sheetData></sst>");
}

TEST(XmlSplice, ContentChangedDeepInsideARowRewritesThatRowOnly) {
    parsed p(sheet);
    pugi::xml_node f = sheet_data(p).first_child().last_child().child("x:f");
    f.text().set("IF(A1=\"y\",1,0)");
    const std::string out = p.write();
    EXPECT_EQ(normal(out), kib::xml_splice::serialize(p.doc));
    EXPECT_NE(out.find("<x:row r=\"1\"><x:c r=\"A1\" t=\"s\"><x:v>0</x:v></x:c><x:c r=\"B1\"><x:f>IF(A1=\"y\",1,0)"),
              std::string::npos);
    EXPECT_NE(out.find("<x:row r=\"2\" u:mark='a&amp;b'>"), std::string::npos);
}

TEST(XmlSplice, DoctypeOrEncodingSurprisesFallBackToTheWholeDom) {
    parsed p("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY e \"v\">]><a><b x='1'/></a>");
    EXPECT_FALSE(p.splice.valid());
    p.doc.document_element().first_child().attribute("x").set_value("2");
    EXPECT_EQ(p.write(), kib::xml_splice::serialize(p.doc));
    EXPECT_NE(p.write().find("<b x=\"2\"/>"), std::string::npos);
}

TEST(XmlSplice, TruncatedOrUnbalancedInputGivesNoCapture) {
    pugi::xml_document doc;
    const std::string ok = "<a><b/></a>";
    ASSERT_TRUE(doc.load_buffer(ok.data(), ok.size(), flags, pugi::encoding_utf8));
    EXPECT_FALSE(kib::xml_splice::capture("<a><b/>", doc).valid());
    EXPECT_FALSE(kib::xml_splice::capture("<a><b/></a><c/>", doc).valid());
    EXPECT_FALSE(kib::xml_splice::capture("<a> <b/></a>", doc).valid());  // not the bytes doc was parsed from
    EXPECT_TRUE(kib::xml_splice::capture(ok, doc).valid());
}

std::string zip_read(const std::string& path, const char* name) {
    int err = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &err);
    if (!z) return {};
    std::string out;
    zip_stat_t st;
    if (zip_stat(z, name, 0, &st) == 0) {
        zip_file_t* f = zip_fopen(z, name, 0);
        out.resize(st.size);
        zip_fread(f, out.data(), st.size);
        zip_fclose(f);
    }
    zip_discard(z);
    return out;
}

// LibreOffice writes &quot; in conditional-format formulas; a cell edit keeps those bytes and
// every other element of the sheet outside the edited row.
TEST(XmlSplice, CellEditInALibreOfficeSheetKeepsEveryOtherElementsBytes) {
    const std::string in = std::string(KIB_FIXTURES) + "/edit/kpi-libreoffice.xlsx";
    const std::string before = zip_read(in, "xl/worksheets/sheet1.xml");
    ASSERT_FALSE(before.empty());
    auto ed = kib::workbook_editor::open(in);
    const std::string sheet_name = ed.sheet_names().front();
    ed.set(sheet_name, "C3", kib::cell_value::make_number(41.5));
    const std::string out = ::testing::TempDir() + "splice-lo.xlsx";
    ed.save(out);
    const std::string after = zip_read(out, "xl/worksheets/sheet1.xml");
    // Up to the sheet data and from the end of the sheet data on, the bytes are the input's.
    const auto head = before.find("<sheetData>");
    ASSERT_NE(head, std::string::npos);
    EXPECT_EQ(after.substr(0, before.find("<dimension")), before.substr(0, before.find("<dimension")));
    EXPECT_EQ(after.substr(after.find("</sheetData>")), before.substr(before.find("</sheetData>")));
    // Rows other than row 3 are the input's bytes.
    const auto row2 = before.find("<row r=\"2\"");
    const auto row3 = before.find("<row r=\"3\"");
    ASSERT_NE(row2, std::string::npos);
    ASSERT_NE(row3, std::string::npos);
    EXPECT_NE(after.find(before.substr(row2, row3 - row2)), std::string::npos);
    EXPECT_NE(after.find("<v>41.5</v>"), std::string::npos);
}

}  // namespace
