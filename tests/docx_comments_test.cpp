// Review marks of Word documents: part readers on buffers, the whole-document reader on files
// made by pandoc, LibreOffice and hand-written Word 365 XML, and `kib comments`.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "readers/docx_comments.hpp"
#include "readers/error.hpp"
#include "readers/package.hpp"

namespace kib::docx {
namespace {

const std::string fixtures = std::string(KIB_FIXTURES) + "/docx/";

constexpr const char* wml = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

std::string in_document(const std::string& body) {
    return std::string("<w:document xmlns:w=\"") + wml +
           "\" xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><w:body>" + body +
           "</w:body></w:document>";
}

struct expected_comment {
    std::string id, author, initials, date;
    std::optional<std::string> date_utc;
    std::string text, anchor, section;
    std::optional<story_kind> story;
    std::optional<std::string> parent;
    bool resolved;
};

void expect_comments(const std::vector<comment>& got, const std::vector<expected_comment>& want) {
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
        SCOPED_TRACE("comment " + want[i].id);
        EXPECT_EQ(got[i].id, want[i].id);
        EXPECT_EQ(got[i].author, want[i].author);
        EXPECT_EQ(got[i].initials, want[i].initials);
        EXPECT_EQ(got[i].date, want[i].date);
        EXPECT_EQ(got[i].date_utc, want[i].date_utc);
        EXPECT_EQ(got[i].text, want[i].text);
        EXPECT_EQ(got[i].anchor, want[i].anchor);
        EXPECT_EQ(got[i].section, want[i].section);
        EXPECT_EQ(got[i].story, want[i].story);
        EXPECT_EQ(got[i].parent, want[i].parent);
        EXPECT_EQ(got[i].resolved, want[i].resolved);
    }
}

// --- part readers --------------------------------------------------------------------------

TEST(DocxCommentsPart, TextJoinsParagraphsBreaksAndTabsAndKeepsLastParaId) {
    const std::string xml = std::string("<w:comments xmlns:w=\"") + wml +
                            "\" xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\">"
                            "<w:comment w:id=\"7\" w:author=\"Roel Bakker\" w:date=\"2025-12-15T21:18:00Z\" w:initials=\"RB\">"
                            "<w:p w14:paraId=\"AA000001\"><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>"
                            "<w:r><w:annotationRef/></w:r><w:r><w:t>Eerste</w:t></w:r><w:r><w:br/></w:r><w:r><w:t>regel</w:t></w:r></w:p>"
                            "<w:p w14:paraId=\"AA000002\"><w:r><w:t>a</w:t><w:tab/><w:t>b &amp; c</w:t></w:r>"
                            "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>"
                            "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>4</w:t></w:r>"
                            "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:comment>"
                            "<w:comment w:id=\"8\" w:author=\"Pim\"><w:p><w:r><w:t>zonder datum</w:t></w:r></w:p><w:p/></w:comment>"
                            "</w:comments>";
    const auto c = parse_comments(xml);
    ASSERT_EQ(c.size(), 2u);
    EXPECT_EQ(c[0].id, "7");
    EXPECT_EQ(c[0].author, "Roel Bakker");
    EXPECT_EQ(c[0].initials, "RB");
    EXPECT_EQ(c[0].date, "2025-12-15T21:18:00Z");
    EXPECT_EQ(c[0].text, "Eerste\nregel\na\tb & c4");
    EXPECT_EQ(c[0].last_para_id, "AA000002");
    EXPECT_EQ(c[1].date, "");
    EXPECT_EQ(c[1].text, "zonder datum");  // the trailing empty paragraph adds nothing
    EXPECT_EQ(c[1].last_para_id, "");
}

TEST(DocxCommentsPart, Word2023DateUtcAttribute) {
    const auto c = parse_comments(std::string("<w:comments xmlns:w=\"") + wml +
                                  "\" xmlns:du=\"http://schemas.microsoft.com/office/word/2023/wordml/word16du\">"
                                  "<w:comment w:id=\"1\" w:author=\"A\" w:date=\"2025-12-15T21:18:00Z\" du:dateUtc=\"2025-12-15T20:18:00Z\"/>"
                                  "<w:comment w:id=\"2\" w:author=\"B\" x:dateUtc=\"2025-01-01T00:00:00Z\" xmlns:x=\"urn:other\"/>"
                                  "</w:comments>");
    ASSERT_EQ(c.size(), 2u);
    EXPECT_EQ(c[0].date_utc, "2025-12-15T20:18:00Z");
    EXPECT_EQ(c[1].date_utc, "");  // same local name, unknown namespace
}

TEST(DocxCommentsPart, ExtendedAcceptsBothW15NamespacesNotOthers) {
    for (const char* uri : {"http://schemas.microsoft.com/office/word/2012/wordml",
                            "http://schemas.microsoft.com/office/word/2010/11/wordml"}) {
        SCOPED_TRACE(uri);
        const std::string xml = std::string("<x:commentsEx xmlns:x=\"") + uri +
                                "\"><x:commentEx x:paraId=\"01\" x:done=\"1\"/>"
                                "<x:commentEx x:paraId=\"02\" x:paraIdParent=\"01\" x:done=\"0\"/></x:commentsEx>";
        const auto ex = parse_comments_extended(xml);
        ASSERT_EQ(ex.size(), 2u);
        EXPECT_EQ(ex[0].para_id, "01");
        EXPECT_TRUE(ex[0].done);
        EXPECT_EQ(ex[0].para_id_parent, "");
        EXPECT_EQ(ex[1].para_id_parent, "01");
        EXPECT_FALSE(ex[1].done);
    }
    // Same local names in an unknown namespace are not comment extensions.
    EXPECT_TRUE(parse_comments_extended("<x:commentsEx xmlns:x=\"urn:other\"><x:commentEx x:paraId=\"01\"/></x:commentsEx>").empty());
}

TEST(DocxCommentsPart, IdsExtensibleAndPeople) {
    const auto ids = parse_comments_ids(
        "<c:commentsIds xmlns:c=\"http://schemas.microsoft.com/office/word/2016/wordml/cid\">"
        "<c:commentId c:paraId=\"0A000002\" c:durableId=\"5B1C0001\"/></c:commentsIds>");
    ASSERT_EQ(ids.size(), 1u);
    EXPECT_EQ(ids[0].para_id, "0A000002");
    EXPECT_EQ(ids[0].durable_id, "5B1C0001");

    const auto cex = parse_comments_extensible(
        "<e:commentsExtensible xmlns:e=\"http://schemas.microsoft.com/office/word/2018/wordml/cex\">"
        "<e:commentExtensible e:durableId=\"5B1C0001\" e:dateUtc=\"2025-12-15T20:18:00Z\"/>"
        "<e:commentExtensible e:durableId=\"5B1C0002\"/></e:commentsExtensible>");
    ASSERT_EQ(cex.size(), 2u);
    EXPECT_EQ(cex[0].durable_id, "5B1C0001");
    EXPECT_EQ(cex[0].date_utc, "2025-12-15T20:18:00Z");
    EXPECT_EQ(cex[1].date_utc, "");

    const auto people = parse_people(
        "<p:people xmlns:p=\"http://schemas.microsoft.com/office/word/2012/wordml\"><p:person p:author=\"Roel Bakker\">"
        "<p:presenceInfo p:providerId=\"AD\" p:userId=\"S::roel@cito.nl::1\"/></p:person>"
        "<p:person p:author=\"Gast\"/></p:people>");
    ASSERT_EQ(people.size(), 2u);
    EXPECT_EQ(people[0].author, "Roel Bakker");
    EXPECT_EQ(people[0].provider_id, "AD");
    EXPECT_EQ(people[0].user_id, "S::roel@cito.nl::1");
    EXPECT_EQ(people[1].author, "Gast");
    EXPECT_EQ(people[1].provider_id, "");
}

TEST(DocxCommentsPart, HeadingStylesResolveOutlineLevelsThroughBasedOnAndBuiltInNames) {
    const std::string xml = std::string("<w:styles xmlns:w=\"") + wml + "\">"
        "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Standaard\"><w:name w:val=\"Normal\"/></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"Kop1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Standaard\"/>"
        "<w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"Kop2\"><w:name w:val=\"heading 2\"/><w:pPr><w:outlineLvl w:val=\"1\"/></w:pPr></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"Kop3\"><w:name w:val=\"Heading 3\"/></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"Bijlage\"><w:name w:val=\"Bijlage\"/><w:basedOn w:val=\"Kop2\"/></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"Tussenkop\"><w:name w:val=\"Tussenkop\"/><w:basedOn w:val=\"Kop1\"/>"
        "<w:pPr><w:outlineLvl w:val=\"9\"/></w:pPr></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"A\"><w:basedOn w:val=\"B\"/></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"B\"><w:basedOn w:val=\"A\"/></w:style>"
        "<w:style w:type=\"character\" w:styleId=\"Kop1Char\"><w:name w:val=\"heading 1 Char\"/><w:basedOn w:val=\"Kop1\"/></w:style>"
        "</w:styles>";
    const heading_styles h = parse_heading_styles(xml);
    const heading_styles want = {{"Kop1", 0}, {"Kop2", 1}, {"Kop3", 2}, {"Bijlage", 1}};
    EXPECT_EQ(h, want);
}

TEST(DocxNumberingPart, LevelsOverridesAndFormats) {
    const std::string xml = std::string("<w:numbering xmlns:w=\"") + wml + "\">"
        "<w:abstractNum w:abstractNumId=\"3\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/>"
        "<w:pStyle w:val=\"Kop1\"/><w:lvlText w:val=\"%1.\"/><w:pPr><w:ind w:left=\"0\"/></w:pPr></w:lvl>"
        "<w:lvl w:ilvl=\"1\"><w:start w:val=\"3\"/><w:numFmt w:val=\"lowerLetter\"/><w:isLgl/><w:lvlText w:val=\"%1.%2\"/></w:lvl>"
        "</w:abstractNum>"
        "<w:num w:numId=\"5\"><w:abstractNumId w:val=\"3\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"6\"/></w:lvlOverride></w:num>"
        "</w:numbering>";
    const numbering_definitions n = parse_numbering(xml);
    ASSERT_EQ(n.abstract.count("3"), 1u);
    const auto& l = n.abstract.at("3");
    EXPECT_EQ(l[0].text, "%1.");
    EXPECT_EQ(l[0].style, "Kop1");
    EXPECT_EQ(l[1].start, 3);
    EXPECT_EQ(l[1].format, "lowerLetter");
    EXPECT_TRUE(l[1].legal);
    EXPECT_FALSE(l[0].legal);
    EXPECT_EQ(l[2].format, "decimal");  // undefined levels keep the defaults
    ASSERT_EQ(n.nums.count("5"), 1u);
    EXPECT_EQ(n.nums.at("5").abstract_id, "3");
    EXPECT_EQ(n.nums.at("5").start_overrides, (std::map<int, int>{{0, 6}}));

    EXPECT_EQ(format_list_number(4, "lowerLetter"), "d");
    EXPECT_EQ(format_list_number(28, "upperLetter"), "BB");
    EXPECT_EQ(format_list_number(14, "upperRoman"), "XIV");
    EXPECT_EQ(format_list_number(9, "lowerRoman"), "ix");
    EXPECT_EQ(format_list_number(7, "decimalZero"), "07");
    EXPECT_EQ(format_list_number(7, "ordinal"), "7");
    EXPECT_EQ(format_list_number(7, "none"), "");
}

TEST(DocxStory, HeadingNumbersFromNumberingCountEveryListParagraph) {
    story_context ctx;
    ctx.styles = {{"Kop1", 0}, {"Kop2", 1}, {"Bijlage", 0}};
    const std::string styles = std::string("<w:styles xmlns:w=\"") + wml + "\">"
        "<w:style w:type=\"paragraph\" w:styleId=\"Kop1\"><w:pPr><w:numPr><w:numId w:val=\"5\"/></w:numPr></w:pPr></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"Kop2\"><w:basedOn w:val=\"Kop1\"/>"
        "<w:pPr><w:numPr><w:ilvl w:val=\"1\"/></w:numPr></w:pPr></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"Bijlage\"><w:basedOn w:val=\"Kop1\"/>"
        "<w:pPr><w:numPr><w:numId w:val=\"0\"/></w:numPr></w:pPr></w:style></w:styles>";
    ctx.style_numbers = parse_style_numbering(styles);
    ASSERT_EQ(ctx.style_numbers.size(), 2u);  // Bijlage switches numbering off
    EXPECT_EQ(ctx.style_numbers.at("Kop1").num_id, "5");
    EXPECT_EQ(ctx.style_numbers.at("Kop1").ilvl, -1);  // bound through the level's w:pStyle
    EXPECT_EQ(ctx.style_numbers.at("Kop2").num_id, "5");  // numId from Kop1, ilvl its own
    EXPECT_EQ(ctx.style_numbers.at("Kop2").ilvl, 1);
    ctx.lists = parse_numbering(std::string("<w:numbering xmlns:w=\"") + wml + "\">"
        "<w:abstractNum w:abstractNumId=\"3\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:pStyle w:val=\"Kop1\"/>"
        "<w:lvlText w:val=\"%1.\"/></w:lvl><w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:lvlText w:val=\"%1.%2\"/></w:lvl>"
        "</w:abstractNum><w:num w:numId=\"5\"><w:abstractNumId w:val=\"3\"/>"
        "<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"5\"/></w:lvlOverride></w:num></w:numbering>");
    auto para = [](const std::string& style, const std::string& text) {
        return "<w:p><w:pPr><w:pStyle w:val=\"" + style + "\"/></w:pPr><w:r><w:t>" + text + "</w:t></w:r></w:p>";
    };
    const std::string body = para("Kop1", "Baten") +                                   // 5.
        para("Kop2", "Per domein") +                                                   // 5.1
        "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"5\"/></w:numPr></w:pPr><w:r><w:t>lijst</w:t></w:r></w:p>"  // 5.2
        + para("Kop1", "Programmatische inrichting") +                                 // 6.
        para("Kop2", "Organigram") +                                                   // 6.1
        "<w:p><w:r><w:t>tekst</w:t></w:r><w:r><w:commentReference w:id=\"1\"/></w:r></w:p>" +
        para("Bijlage", "Bijlage A") +
        "<w:p><w:r><w:commentReference w:id=\"2\"/></w:r></w:p>";
    const story_marks m = scan_story(in_document(body), story_kind::body, ctx);
    EXPECT_EQ(m.anchors.at("1").section, "6. Programmatische inrichting > 6.1 Organigram");
    EXPECT_EQ(m.anchors.at("2").section, "Bijlage A");
}

TEST(DocxStory, AnchorAcrossRunsParagraphsTableHyperlinkAndFieldsWithoutDeletedText) {
    const std::string body =
        "<w:p><w:pPr><w:pStyle w:val=\"K1\"/></w:pPr><w:r><w:t>6. Inrichting</w:t></w:r></w:p>"
        "<w:p><w:r><w:t xml:space=\"preserve\">Zie </w:t></w:r><w:commentRangeStart w:id=\"3\"/><w:r><w:t>het</w:t></w:r>"
        "<w:proofErr w:type=\"spellStart\"/><w:r><w:t xml:space=\"preserve\"> orga</w:t></w:r><w:bookmarkStart w:id=\"0\" w:name=\"x\"/>"
        "<w:r><w:t>nigram</w:t></w:r></w:p>"
        "<w:p/>"
        "<w:p><w:hyperlink w:anchor=\"x\"><w:r><w:t>rollen</w:t></w:r></w:hyperlink><w:r><w:t xml:space=\"preserve\"> p. </w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>PAGEREF x</w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>NESTED</w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>hidden</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
        "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
        "<w:del w:id=\"9\" w:author=\"M\" w:date=\"2025-01-01T00:00:00Z\"><w:r><w:delText xml:space=\"preserve\"> weg</w:delText></w:r></w:del>"
        "<w:fldSimple w:instr=\" SEQ Tabel \"><w:r><w:t>, 1</w:t></w:r></w:fldSimple></w:p>"
        "<w:tbl><w:tblPr/><w:tr><w:trPr><w:ins w:id=\"10\" w:author=\"R\" w:date=\"d\"/></w:trPr><w:tc><w:tcPr/>"
        "<w:p><w:r><w:t>Opdrachtgever</w:t></w:r><w:commentRangeEnd w:id=\"3\"/>"
        "<w:r><w:commentReference w:id=\"3\"/></w:r><w:r><w:t>!</w:t></w:r></w:p></w:tc></w:tr></w:tbl>";
    const story_marks m = scan_story(in_document(body), story_kind::body, {{"K1", 0}});
    ASSERT_EQ(m.anchors.count("3"), 1u);
    EXPECT_EQ(m.anchors.at("3").text, "het organigram\n\nrollen p. 3, 1\nOpdrachtgever");
    EXPECT_EQ(m.anchors.at("3").section, "6. Inrichting");
    EXPECT_TRUE(m.anchors.at("3").has_range);
    ASSERT_EQ(m.revisions.size(), 1u);  // the row-level w:ins inside trPr is a property, not text
    EXPECT_EQ(m.revisions[0].kind, "deletion");
    EXPECT_EQ(m.revisions[0].text, " weg");
    EXPECT_EQ(m.revisions[0].author, "M");
    EXPECT_EQ(m.revisions[0].section, "6. Inrichting");
}

TEST(DocxStory, CommentOnAHeadingBelongsToThatHeadingAndPointsAreEmpty) {
    const std::string body =
        "<w:p><w:pPr><w:pStyle w:val=\"K1\"/></w:pPr><w:r><w:t>1. Aanleiding</w:t></w:r></w:p>"
        "<w:p><w:pPr><w:pStyle w:val=\"K2\"/></w:pPr><w:commentRangeStart w:id=\"0\"/><w:r><w:t>1.1</w:t></w:r>"
        "<w:commentRangeEnd w:id=\"0\"/><w:r><w:commentReference w:id=\"0\"/></w:r><w:r><w:t xml:space=\"preserve\"> Doel</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>tekst</w:t></w:r><w:r><w:commentReference w:id=\"1\"/></w:r></w:p>"
        "<w:p><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr><w:r><w:t>2. Opgave</w:t></w:r></w:p>"
        "<w:p><w:pPr><w:pStyle w:val=\"K2\"/><w:outlineLvl w:val=\"9\"/></w:pPr><w:r><w:t>geen kop</w:t></w:r>"
        "<w:r><w:rPr><w:highlight w:val=\"cyan\"/></w:rPr><w:t>let op</w:t></w:r></w:p>"
        // A text box: Word writes it twice (mc:Choice and the VML mc:Fallback); only one copy counts.
        "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:txbxContent><w:p><w:r><w:rPr><w:highlight w:val=\"yellow\"/></w:rPr>"
        "<w:t>in kader</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent><w:p><w:r><w:rPr><w:highlight w:val=\"yellow\"/></w:rPr>"
        "<w:t>in kader</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r></w:p>";
    const story_marks m = scan_story(in_document(body), story_kind::body, {{"K1", 0}, {"K2", 1}});
    EXPECT_EQ(m.anchors.at("0").text, "1.1");
    EXPECT_EQ(m.anchors.at("0").section, "1. Aanleiding > 1.1 Doel");
    EXPECT_EQ(m.anchors.at("1").text, "");
    EXPECT_FALSE(m.anchors.at("1").has_range);
    EXPECT_EQ(m.anchors.at("1").section, "1. Aanleiding > 1.1 Doel");
    ASSERT_EQ(m.highlights.size(), 2u);
    EXPECT_EQ(m.highlights[0].colour, "cyan");
    EXPECT_EQ(m.highlights[0].text, "let op");
    EXPECT_EQ(m.highlights[0].section, "2. Opgave");
    EXPECT_EQ(m.highlights[1].text, "in kader");
}

TEST(DocxStory, BoldNumberedParagraphsAreHeadingsOnlyWhenAskedFor) {
    auto bold = [](const std::string& t) { return "<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">" + t + "</w:t></w:r>"; };
    const std::string body =
        "<w:p>" + bold("6") + bold(". Inrichting") + "</w:p>" +           // level 0, split over runs
        "<w:p>" + bold("Diagnose langs Mens") + "</w:p>" +                // bold, no number: text
        "<w:p>" + bold("6.1 Organigram") + "</w:p>" +                     // level 1
        "<w:p>" + bold("2026 begroting") + "</w:p>" +                     // a year, not a number
        "<w:p><w:r><w:t>6.2 </w:t></w:r>" + bold("half vet") + "</w:p>" + // not all bold
        "<w:p><w:r><w:rPr><w:b w:val=\"0\"/></w:rPr><w:t>6.3 Niet vet</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>tekst</w:t></w:r><w:r><w:commentReference w:id=\"1\"/></w:r></w:p>";
    const story_marks with = scan_story(in_document(body), story_kind::body, {}, {}, true);
    EXPECT_EQ(with.anchors.at("1").section, "6. Inrichting > 6.1 Organigram");
    EXPECT_EQ(with.headings, 0);  // real headings only
    const story_marks without = scan_story(in_document(body), story_kind::body, heading_styles{});
    EXPECT_EQ(without.anchors.at("1").section, "");
}

TEST(DocxStory, MalformedXmlThrowsWithLine) {
    try {
        scan_story(std::string("<w:document xmlns:w=\"") + wml + "\">\n<w:body>\n<w:p></w:r></w:body></w:document>",
                   story_kind::body, heading_styles{});
        FAIL() << "no error";
    } catch (const error& e) {
        EXPECT_EQ(e.category(), error_category::bad_input);
        EXPECT_EQ(e.where().line, 3u);
    }
}

// --- whole documents -------------------------------------------------------------------------

// What pandoc (and LibreOffice after it) make of tests/fixtures/docx/programmaplan.md.
std::vector<expected_comment> programmaplan_comments(std::optional<story_kind> body) {
    return {
        {"0", "Roel Bakker", "", "2025-12-15T20:18:00Z", std::nullopt,
         "Uitgebreid stuk. Wat ik nog mis is de gap-analyse (wens versus werkelijkheid).", "1", "1. Aanleiding", body,
         std::nullopt, false},
        {"1", "Roel Bakker", "", "2025-12-15T20:15:00Z", std::nullopt,
         "De commercieel manager treedt op als gedelegeerd opdrachtgever.", "Opdrachtgever",
         "6. Programmatische inrichting > 6.1 Organigram", body, std::nullopt, false},
        {"2", "Marjan Heijink", "", "2025-12-16T09:30:00Z", std::nullopt, "Hier ontbreekt de planning.\nGraag aanvullen.", "",
         "6. Programmatische inrichting > 6.1 Organigram", body, std::nullopt, false},
    };
}

TEST(DocxReviewMarks, Pandoc) {
    const package pkg = package::open(fixtures + "programmaplan-pandoc.docx");
    const review_marks m = read_review_marks(pkg);
    expect_comments(m.comments, programmaplan_comments(story_kind::body));
    ASSERT_EQ(m.highlights.size(), 1u);
    EXPECT_EQ(m.highlights[0].colour, "yellow");
    EXPECT_EQ(m.highlights[0].text, "Opmerking: Uitdagingen koppelen met mogelijke risico's");
    EXPECT_EQ(m.highlights[0].section, "1. Aanleiding");
    EXPECT_TRUE(m.revisions.empty());
    EXPECT_TRUE(m.people.empty());
}

TEST(DocxReviewMarks, LibreOfficeResave) {
    // LibreOffice turns the comment's line break into a paragraph and drops the empty range of
    // comment 2 (leaving a point); the result reads the same.
    const package pkg = package::open(fixtures + "programmaplan-libreoffice.docx");
    const review_marks m = read_review_marks(pkg);
    expect_comments(m.comments, programmaplan_comments(story_kind::body));
    ASSERT_EQ(m.highlights.size(), 1u);
    EXPECT_EQ(m.highlights[0].colour, "yellow");
    EXPECT_EQ(m.highlights[0].text, "Opmerking: Uitdagingen koppelen met mogelijke risico's");
    EXPECT_EQ(m.highlights[0].section, "1. Aanleiding");
    EXPECT_TRUE(m.revisions.empty());
}

TEST(DocxReviewMarks, SeedStyleBoldNumberedHeadings) {
    // Seed 000 has no heading styles: its headings are bold paragraphs such as "**6.1 Organigram**".
    for (const char* file : {"programmaplan-vet-pandoc.docx", "programmaplan-vet-libreoffice.docx"}) {
        SCOPED_TRACE(file);
        const package pkg = package::open(fixtures + file);
        const review_marks m = read_review_marks(pkg);
        expect_comments(m.comments,
            {{"0", "Roel Bakker", "", "2025-12-15T20:18:00Z", std::nullopt,
              "Uitgebreid stuk.\nHet stuk gaat uit van een wensbeeld. Wat ik nog mis is de gap-analyse (wens versus "
              "werkelijkheid) en het plan van aanpak (fasering, planning, begroting) voor 2026.",
              "1", "1. Aanleiding", story_kind::body, std::nullopt, false},
             {"1", "Roel Bakker", "", "2025-12-15T20:15:00Z", std::nullopt,
              "De commercieel manager zal uiteindelijk optreden als gedelegeerd opdrachtgever/programma eigenaar en zal "
              "ook in de sponsorgroep deelnemen.",
              "Opdrachtgever", "6. Programmatische inrichting en governance > 6.1 Organigram (tekstuele weergave)",
              story_kind::body, std::nullopt, false}});
        ASSERT_EQ(m.highlights.size(), 1u);
        EXPECT_EQ(m.highlights[0].text, "Opmerking: Uitdagingen koppelen met mogelijke risico's");
        EXPECT_EQ(m.highlights[0].section, "1. Aanleiding");
    }
}

TEST(DocxReviewMarks, LibreOfficeNumberedHeadingsAndResolvedComment) {
    // LibreOffice writes the heading numbers as numbering.xml bound to Heading1/Heading2, the
    // resolved state as commentsExtended, and the ODF reply as a comment of its own (no parent).
    const package pkg = package::open(fixtures + "genummerd-libreoffice.docx");
    const review_marks m = read_review_marks(pkg);
    expect_comments(m.comments,
        {{"0", "Marjan Heijink", "", "2025-12-16T09:30:00Z", std::nullopt, "Klopt dit nog?", "organisatiebreed klantproces",
          "2. Opgaveverkenning > 2.2 Proces", story_kind::body, std::nullopt, true},
         {"1", "Roel Bakker", "", "2025-12-15T20:15:00Z", std::nullopt, "De commercieel manager wordt gedelegeerd opdrachtgever.",
          "Opdrachtgever", "6. Programmatische inrichting > 6.1 Organigram", story_kind::body, std::nullopt, false},
         {"2", "Pim de Burger", "", "2025-12-16T09:05:00Z", std::nullopt, "Eens.", "",
          "6. Programmatische inrichting > 6.1 Organigram", story_kind::body, std::nullopt, false}});
}

std::vector<expected_comment> word365_comments() {
    const std::string inrichting = "6. Programmatische inrichting";
    return {
        {"0", "Roel Bakker", "RB", "2025-12-15T21:18:00Z", "2025-12-15T20:18:00Z",
         "Wat ik nog mis is de gap-analyse\n(wens versus werkelijkheid).\nFasering\tplanning & begroting voor 2026.",
         "Programmatische inrichting", inrichting, story_kind::body, std::nullopt, false},
        {"1", "Pim de Burger", "PdB", "2025-12-16T09:05:00Z", "2025-12-16T08:05:00Z", "Wordt toegevoegd in versie 0.3.",
         "Programmatische inrichting", inrichting, story_kind::body, "0", false},
        {"2", "Roel Bakker", "RB", "2025-12-15T21:15:00Z", "2025-12-15T20:15:00Z",
         "De commercieel manager wordt gedelegeerd opdrachtgever.",
         "het organigram\nmet de rollen op pagina 3 en de nieuwe tabel 1:\nOpdrachtgever", inrichting + " > 6.1 Organigram",
         story_kind::body, std::nullopt, true},
        {"3", "Marjan Heijink", "MH", "", std::nullopt, "Wie geeft het mandaat?", "", inrichting + " > 6.2 Opdrachtgever",
         story_kind::body, std::nullopt, false},
        {"4", "Marjan Heijink", "MH", "2025-12-16T11:40:00Z", "2025-12-16T10:40:00Z", "Datum van het besluit toevoegen.",
         "besluit van de stuurgroep", inrichting + " > 6.2 Opdrachtgever", story_kind::footnote, std::nullopt, false},
        {"5", "Pim de Burger", "PdB", "2025-12-17T08:10:00Z", std::nullopt, "Na vaststelling weghalen.", "concept", "",
         story_kind::header, std::nullopt, false},
    };
}

void expect_word365(const std::string& file) {
    SCOPED_TRACE(file);
    const package pkg = package::open(fixtures + file);
    const review_marks m = read_review_marks(pkg);
    expect_comments(m.comments, word365_comments());
    EXPECT_EQ(m.comments[0].durable_id, "5B1C0001");

    ASSERT_EQ(m.highlights.size(), 2u);
    EXPECT_EQ(m.highlights[0].colour, "yellow");
    EXPECT_EQ(m.highlights[0].text, "Uitdagingen koppelen aan risico's");
    EXPECT_EQ(m.highlights[0].section, "6. Programmatische inrichting > 6.1 Organigram > 6.1.1 Rollen");
    EXPECT_EQ(m.highlights[1].colour, "green");
    EXPECT_EQ(m.highlights[1].text, "n.t.b.");

    ASSERT_EQ(m.revisions.size(), 3u);
    EXPECT_EQ(m.revisions[0].kind, "deletion");
    EXPECT_EQ(m.revisions[0].id, "101");
    EXPECT_EQ(m.revisions[0].author, "Marjan Heijink");
    EXPECT_EQ(m.revisions[0].date, "2025-12-16T10:02:00Z");
    EXPECT_EQ(m.revisions[0].date_utc, "2025-12-16T09:02:00Z");  // Word 2023+ w16du:dateUtc
    EXPECT_EQ(m.revisions[0].text, "oude ");
    EXPECT_EQ(m.revisions[0].section, "6. Programmatische inrichting > 6.1 Organigram");
    EXPECT_EQ(m.revisions[1].kind, "insertion");
    EXPECT_EQ(m.revisions[1].text, "nieuwe ");
    EXPECT_EQ(m.revisions[2].kind, "insertion");
    EXPECT_EQ(m.revisions[2].author, "Pim de Burger");
    EXPECT_EQ(m.revisions[2].date_utc, "");
    EXPECT_EQ(m.revisions[2].text, "Planning\tvolgt.");
    EXPECT_EQ(m.revisions[2].section, "Bijlage A");  // style KopBijlage is a heading through basedOn Kop1

    ASSERT_EQ(m.people.size(), 3u);
    EXPECT_EQ(m.people[2].author, "Marjan Heijink");
    EXPECT_EQ(m.people[2].provider_id, "None");
}

TEST(DocxReviewMarks, Word365) { expect_word365("word365.docx"); }
TEST(DocxReviewMarks, Word365StrictNamespaces) { expect_word365("word365-strict.docx"); }
TEST(DocxReviewMarks, Word2013PreReleaseW15Namespace) { expect_word365("word365-w15-prerelease.docx"); }

// Writes a package with the given parts to a temporary file (libzip, test side only).
std::string write_package(const std::string& name, const std::vector<std::pair<std::string, std::string>>& parts) {
    const std::string path = (std::filesystem::temp_directory_path() / (std::to_string(::getpid()) + "-" + name)).string();
    int err = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
    if (!z) throw std::runtime_error("zip_open failed");
    for (const auto& [part, data] : parts) {
        zip_source_t* s = zip_source_buffer(z, data.data(), data.size(), 0);
        if (!s || zip_file_add(z, part.c_str(), s, ZIP_FL_ENC_UTF_8) < 0) throw std::runtime_error("zip_file_add failed");
    }
    if (zip_close(z) != 0) throw std::runtime_error("zip_close failed");
    return path;
}

const std::pair<std::string, std::string> content_types{
    "[Content_Types].xml",
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"};
const std::pair<std::string, std::string> package_rels{
    "_rels/.rels",
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
    "Target=\"doc/main.xml\"/></Relationships>"};

TEST(DocxReviewMarks, DocumentWithoutCommentsHasNoMarks) {
    const std::string path = write_package("kib_docx_plain.docx",
        {content_types, package_rels, {"doc/main.xml", in_document("<w:p><w:r><w:t>Tekst</w:t></w:r></w:p>")}});
    const review_marks m = read_review_marks(package::open(path));
    EXPECT_TRUE(m.comments.empty());
    EXPECT_TRUE(m.highlights.empty());
    EXPECT_TRUE(m.revisions.empty());
    std::filesystem::remove(path);
}

TEST(DocxReviewMarks, CommentWithoutMarkInTheTextAndBadPartNamesFileAndPart) {
    const std::pair<std::string, std::string> rels{
        "doc/_rels/main.xml.rels",
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments\" "
        "Target=\"opm.xml\"/></Relationships>"};
    const std::string good = write_package("kib_docx_orphan.docx",
        {content_types, package_rels, rels, {"doc/main.xml", in_document("<w:p/>")},
         {"doc/opm.xml", std::string("<w:comments xmlns:w=\"") + wml +
                             "\"><w:comment w:id=\"4\" w:author=\"A\"><w:p><w:r><w:t>los</w:t></w:r></w:p></w:comment></w:comments>"}});
    const review_marks m = read_review_marks(package::open(good));
    ASSERT_EQ(m.comments.size(), 1u);
    EXPECT_EQ(m.comments[0].text, "los");
    EXPECT_EQ(m.comments[0].story, std::nullopt);
    EXPECT_EQ(m.comments[0].anchor, "");
    std::filesystem::remove(good);

    const std::string bad = write_package("kib_docx_bad.docx",
        {content_types, package_rels, rels, {"doc/main.xml", in_document("<w:p/>")},
         {"doc/opm.xml", std::string("<w:comments xmlns:w=\"") + wml + "\">\n<w:comment>\n</w:comments>"}});
    try {
        read_review_marks(package::open(bad));
        FAIL() << "no error";
    } catch (const error& e) {
        EXPECT_EQ(e.category(), error_category::bad_input);
        EXPECT_EQ(e.where().file, bad);
        EXPECT_EQ(e.where().part, "doc/opm.xml");
        EXPECT_EQ(e.where().line, 3u);
    }
    std::filesystem::remove(bad);
}

// --- kib comments ----------------------------------------------------------------------------

struct run_result {
    int exit_code;
    std::string out;
};

run_result run_kib(const std::string& args) {
    const std::string cmd = std::string(KIB_BINARY) + " " + args + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return {-1, {}};
    std::string out;
    char buf[4096];
    for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    const int status = pclose(p);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST(KibComments, JsonListsEveryComment) {
    const run_result r = run_kib("comments --json '" + fixtures + "word365.docx'");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    const auto j = nlohmann::json::parse(r.out);
    const auto want = word365_comments();
    ASSERT_EQ(j["comments"].size(), want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
        const auto& c = j["comments"][i];
        SCOPED_TRACE(want[i].id);
        EXPECT_EQ(c["id"], want[i].id);
        EXPECT_EQ(c["author"], want[i].author);
        EXPECT_EQ(c["initials"], want[i].initials);
        if (want[i].date.empty()) EXPECT_TRUE(c["date"].is_null());
        else EXPECT_EQ(c["date"], want[i].date);
        if (want[i].date_utc) EXPECT_EQ(c["date_utc"], *want[i].date_utc);
        else EXPECT_TRUE(c["date_utc"].is_null());
        EXPECT_EQ(c["text"], want[i].text);
        EXPECT_EQ(c["anchor"], want[i].anchor);
        EXPECT_EQ(c["section"], want[i].section);
        if (want[i].parent) EXPECT_EQ(c["parent"], *want[i].parent);
        else EXPECT_TRUE(c["parent"].is_null());
        EXPECT_EQ(c["resolved"], want[i].resolved);
    }
    EXPECT_EQ(j["comments"][4]["story"], "footnote");
    ASSERT_EQ(j["highlights"].size(), 2u);
    EXPECT_EQ(j["highlights"][1]["text"], "n.t.b.");
    EXPECT_EQ(j["highlights"][1]["colour"], "green");
    ASSERT_EQ(j["revisions"].size(), 3u);
    EXPECT_EQ(j["revisions"][0]["kind"], "deletion");
    EXPECT_EQ(j["revisions"][0]["text"], "oude ");
    EXPECT_EQ(j["revisions"][0]["author"], "Marjan Heijink");
    EXPECT_EQ(j["revisions"][0]["date"], "2025-12-16T10:02:00Z");
    EXPECT_EQ(j["revisions"][0]["date_utc"], "2025-12-16T09:02:00Z");
    EXPECT_TRUE(j["revisions"][2]["date_utc"].is_null());
}

TEST(KibComments, SummaryPerAuthorAndSection) {
    const run_result r = run_kib("comments '" + fixtures + "programmaplan-pandoc.docx'");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find(": 3 comments (3 open, 0 resolved, 0 replies), 1 highlights, 0 tracked changes\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\n  Roel Bakker     2         2     0         0        0\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\n  Marjan Heijink  1         1     0         0        0\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\n  6. Programmatische inrichting > 6.1 Organigram  2         2     0           0\n"), std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("\n  1. Aanleiding                                   1         1     1           0\n"), std::string::npos)
        << r.out;
}

TEST(KibComments, NotADocxExitsWithTwo) {
    const std::string path = (std::filesystem::temp_directory_path() / (std::to_string(::getpid()) + "-kib_docx_not.docx")).string();
    std::ofstream(path) << "geen zip";
    const run_result r = run_kib("comments '" + path + "'");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.out.find("kib: "), std::string::npos);
    std::filesystem::remove(path);
}

}  // namespace
}  // namespace kib::docx
