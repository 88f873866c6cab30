#include "readers/opc.hpp"

#include <gtest/gtest.h>

#include "readers/error.hpp"

namespace kib {
namespace {

TEST(Opc, ContentTypesDefaultsAndOverridesAreCaseInsensitive) {
    const content_types ct = parse_content_types(
        R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
        R"(<Default Extension="XML" ContentType="application/xml"/>)"
        R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
        R"(<Override PartName="/xl/Workbook.xml" ContentType="wb"/></Types>)");
    EXPECT_EQ(ct.of("xl/workbook.xml"), "wb");
    EXPECT_EQ(ct.of("/XL/WORKBOOK.XML"), "wb");
    EXPECT_EQ(ct.of("docProps/app.xml"), "application/xml");
    EXPECT_EQ(ct.of("_rels/.rels"), "application/vnd.openxmlformats-package.relationships+xml");
    EXPECT_EQ(ct.of("xl/media/image1.png"), "");
}

TEST(Opc, RelationshipTargetsResolveAgainstTheSourceFolder) {
    EXPECT_EQ(resolve_part_name("xl/workbook.xml", "worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
    EXPECT_EQ(resolve_part_name("xl/worksheets/sheet1.xml", "../drawings/drawing1.xml"), "xl/drawings/drawing1.xml");
    EXPECT_EQ(resolve_part_name("xl/workbook.xml", "/xl/worksheets/sheet2.xml"), "xl/worksheets/sheet2.xml");
    EXPECT_EQ(resolve_part_name("", "xl/workbook.xml"), "xl/workbook.xml");
    EXPECT_EQ(resolve_part_name("xl/workbook.xml", "worksheets/KPI%27s%20blad.xml"), "xl/worksheets/KPI's blad.xml");
    EXPECT_EQ(resolve_part_name("xl/workbook.xml", "./worksheets/./a.xml"), "xl/worksheets/a.xml");
    EXPECT_EQ(resolve_part_name("xl/workbook.xml", "../../evil.xml"), "");  // climbs out of the package
}

TEST(Opc, RelationshipsPartNames) {
    EXPECT_EQ(relationships_part_name(""), "_rels/.rels");
    EXPECT_EQ(relationships_part_name("xl/workbook.xml"), "xl/_rels/workbook.xml.rels");
    EXPECT_EQ(relationships_part_name("/word/document.xml"), "word/_rels/document.xml.rels");
}

TEST(Opc, ParsesRelationshipsTransitionalAndStrict) {
    const auto rels = parse_relationships(
        R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
        R"(<Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet" Target="worksheets/sheet1.xml"/>)"
        R"(<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/a%20b" TargetMode="External"/>)"
        R"(</Relationships>)",
        "xl/workbook.xml");
    ASSERT_EQ(rels.size(), 2u);
    EXPECT_EQ(rels[0].id, "rId1");
    EXPECT_TRUE(rels[0].has_type("worksheet"));
    EXPECT_FALSE(rels[0].has_type("sheet"));
    EXPECT_EQ(rels[0].target, "xl/worksheets/sheet1.xml");
    EXPECT_TRUE(rels[1].external);
    EXPECT_EQ(rels[1].target, "https://example.org/a%20b");  // external targets stay as written
}

TEST(Opc, MalformedRelationshipsReportTheLine) {
    try {
        parse_relationships("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\n<Relationship Id=\"a\">",
                            "");
        FAIL();
    } catch (const error& e) {
        EXPECT_EQ(e.where().line, 2u);
        EXPECT_EQ(e.category(), error_category::bad_input);
    }
}

}  // namespace
}  // namespace kib
