// Issue 17: files Excel and Word read are read by kib too, exactly; what is really broken is still
// refused, naming the part and the cell. Fixtures: tests/fixtures/lenient/make_fixtures.py (one per
// class, made with Python's zipfile and hand-written XML).
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "readers/docx_comments.hpp"
#include "readers/error.hpp"
#include "readers/package.hpp"
#include "readers/xlsx.hpp"
#include "readers/xlsx_parts.hpp"
#include "tests/docx_test_support.hpp"
#include "tests/test_util.hpp"
#include "writers/docx_template.hpp"

namespace kib {
namespace {

std::string lenient(const std::string& name) { return test::fixture("lenient/" + name); }

// "A1" -> "type:display" for every cell of the first sheet, as the tests elsewhere show cells.
std::map<std::string, std::string> shown(const workbook& wb) {
    std::map<std::string, std::string> out;
    for (const row& r : wb.read_rows(wb.sheets().at(0)))
        for (const cell& c : r.cells)
            out[xlsx::cell_ref(c.col, c.row)] = std::string(to_string(c.value.type)) + ":" + c.value.to_display();
    return out;
}

// ---- ZIP packages libzip's consistency check refused -------------------------------------------

const std::map<std::string, std::string> plain_cells = {
    {"A1", "text:Naam"}, {"B1", "text:Waarde"}, {"A2", "text:Wachttijd"}, {"B2", "number:42"}};

TEST(LenientZip, ArchivesExcelOpensAreReadFromTheCentralDirectory) {
    for (const char* name : {"zip-local-sizes.xlsx", "zip-descriptor.xlsx", "zip-name-case.xlsx", "zip-prefix.xlsx",
                             "zip-trailing.xlsx", "zip-count.xlsx", "zip-count-high.xlsx"}) {
        SCOPED_TRACE(name);
        EXPECT_EQ(shown(workbook::open(lenient(name))), plain_cells);
        // The same bytes from memory (the C API and the drop folder read buffers too).
        const workbook wb = workbook::open(package::open_buffer(test::read_file(lenient(name)), name));
        EXPECT_EQ(shown(wb), plain_cells);
        EXPECT_EQ(wb.pkg().entries().size(), 7u);
    }
}

TEST(LenientZip, ADirectoryEntryPointingAtNoPartIsRefusedNamingThePart) {
    for (bool from_file : {true, false}) {
        SCOPED_TRACE(from_file);
        const std::string path = lenient("zip-broken-offset.xlsx");
        const workbook wb = from_file ? workbook::open(path)
                                      : workbook::open(package::open_buffer(test::read_file(path), path));
        const error e = test::catch_error([&] { (void)wb.read_rows(wb.sheets().at(0)); });
        EXPECT_EQ(e.category(), error_category::bad_input);
        EXPECT_EQ(e.where().part, "xl/worksheets/sheet1.xml");
        EXPECT_NE(e.message().find("where no part begins"), std::string::npos) << e.message();
    }
}

TEST(LenientZip, EveryLimitHoldsOnTheRepairedPaths) {
    {
        package_limits l;
        l.max_entries = 3;
        const error e = test::catch_error([&] { (void)package::open(lenient("zip-prefix.xlsx"), l); });
        EXPECT_EQ(e.category(), error_category::limit) << e.what();
        EXPECT_EQ(e.where().file, lenient("zip-prefix.xlsx"));
        EXPECT_EQ(e.message(), "the archive has 7 entries, more than the limit of 3");
    }
    {
        package_limits l;
        l.max_entries = 6;  // the end record says 6, the directory holds 7
        const error e = test::catch_error([&] { (void)package::open(lenient("zip-count.xlsx"), l); });
        EXPECT_EQ(e.category(), error_category::limit) << e.what();
        EXPECT_EQ(e.message(), "the archive has more entries than its end record says, more than the limit of 6");
    }
    {
        package_limits l;
        l.max_part_size = 200;
        const error e = test::catch_error([&] { (void)package::open(lenient("zip-count-high.xlsx"), l); });
        EXPECT_EQ(e.category(), error_category::limit) << e.what();
        EXPECT_FALSE(e.where().part.empty());
    }
    {
        package_limits l;
        l.max_total_size = 1000;  // smaller than the file: it may not be read into memory
        const error e = test::catch_error([&] { (void)package::open(lenient("zip-prefix.xlsx"), l); });
        EXPECT_EQ(e.category(), error_category::limit) << e.what();
        EXPECT_NE(e.message().find("repair in memory"), std::string::npos) << e.message();
    }
    {
        // Unsafe names stay refused behind bytes that shift the archive.
        test::workbook_spec spec;
        spec.sheets.push_back({"Blad1", test::worksheet_xml("")});
        std::vector<test::zip_entry> entries = test::workbook_entries(spec);
        entries.push_back({"../evil.xml", "<x/>"});
        const std::string zip = std::string(300, 'X') + test::make_zip(entries);
        const error e = test::catch_error([&] { (void)package::open_buffer(zip, "evil.xlsx"); });
        EXPECT_EQ(e.category(), error_category::bad_input);
        EXPECT_EQ(e.where().part, "../evil.xml");
    }
    {
        // Bytes that are no ZIP at all are still "not an Office Open XML file".
        const error e = test::catch_error([&] { (void)package::open_buffer(std::string(5000, 'X'), "x.xlsx"); });
        EXPECT_NE(e.message().find("not an Office Open XML file"), std::string::npos) << e.message();
    }
}

// ---- sheet XML as real writers write it ---------------------------------------------------------

TEST(LenientSheet, QuirksReadAsExcelShowsThem) {
    const workbook wb = workbook::open(lenient("sheet-quirks.xlsx"));
    const std::map<std::string, std::string> expected = {
        {"A1", "text:Naam"}, {"B1", "text:Waarde"},
        {"A2", "text:Wachttijd"}, {"B2", "number:42"},  // row 2 written twice: one row
        {"A3", "text:Leeg"},                              // B3, C3, D3: <v></v>, <v/>, <v> </v>
        {"A4", "date:1899-12-30T10:10:10"},               // t="d" 10:10:10, a time alone
        {"B4", "date:2026-11-23"},
        {"C4", "date:1899-12-30T08:05:00"},
        {"D4", "date:2026-11-23T14:05:30"},
        {"A5", "number:12.5"}, {"B5", "text:Waarde"}, {"C5", "bool:TRUE"}, {"D5", "date:2026-11-23"},
    };
    EXPECT_EQ(shown(wb), expected);
    std::vector<std::uint32_t> rows;
    for (const row& r : wb.read_rows(wb.sheets().at(0))) rows.push_back(r.index);
    EXPECT_EQ(rows, (std::vector<std::uint32_t>{1, 2, 3, 4, 5}));
}

TEST(LenientSheet, WhatIsReallyBrokenIsStillRefusedNamingTheCell) {
    const workbook wb = workbook::open(lenient("sheet-broken.xlsx"));
    const error e = test::catch_error([&] { (void)wb.read_rows(wb.sheets().at(0)); });
    EXPECT_EQ(e.category(), error_category::bad_input);
    EXPECT_EQ(e.where().part, "xl/worksheets/sheet1.xml");
    EXPECT_EQ(e.where().where, "Blad1!B2");
    EXPECT_EQ(e.message(), "\"12,5 kg\" is not a number");

    struct bad_case {
        std::string sheet_data, where, message;
    };
    const std::vector<bad_case> cases = {
        // Merging a repeated row does not merge two values for one cell.
        {R"(<row r="2"><c r="B2"><v>1</v></c></row><row r="2"><c r="B2"><v>2</v></c></row>)", "Blad1!B2",
         "the cell appears twice in its row"},
        {R"(<row r="1"><c r="A1" t="d"><v>25:00</v></c></row>)", "Blad1!A1", "\"25:00\" is not an ISO 8601 date or time"},
        {R"(<row r="1"><c r="A1" t="s"><v>1 2</v></c></row>)", "Blad1!A1", "shared string index \"1 2\""},
        {R"(<row r="1"><c r="A1" t="b"><v></v></c></row>)", "Blad1!A1", "\"\" is not a boolean"},
    };
    for (const bad_case& c : cases) {
        SCOPED_TRACE(c.sheet_data);
        test::workbook_spec spec;
        spec.sheets.push_back({"Blad1", test::worksheet_xml(c.sheet_data)});
        spec.shared_strings = test::shared_strings_xml({"a", "b"});
        const workbook wb2 = workbook::open(package::open_buffer(test::make_zip(test::workbook_entries(spec)), "t.xlsx"));
        const error e2 = test::catch_error([&] { (void)wb2.read_rows(wb2.sheets().at(0)); });
        EXPECT_EQ(e2.category(), error_category::bad_input);
        EXPECT_EQ(e2.where().where, c.where);
        EXPECT_NE(e2.message().find(c.message), std::string::npos) << e2.message();
    }
}

// ---- numbers under date and time formats ------------------------------------------------------

TEST(LenientValues, NumbersOutsideTheDateSystemStayNumbers) {
    const std::map<std::string, std::string> expected = {
        {"A1", "number:-1"},        {"B1", "number:-7e+05"},
        {"C1", "date:9999-12-31"},  // the last day Excel shows
        {"D1", "number:2958466"},   // 10000-01-01: ##### in Excel
        {"E1", "number:123456789"}, {"F1", "number:-1e+17"},
        {"G1", "date:2026-11-23"},
    };
    EXPECT_EQ(shown(workbook::open(lenient("dates-invalid.xlsx"))), expected);

    // The 1904 system ends three years' worth of days earlier.
    test::workbook_spec spec;
    spec.workbook_pr = R"(<workbookPr date1904="1"/>)";
    spec.styles = test::styles_xml({0, 14});
    spec.sheets.push_back({"Blad1", test::worksheet_xml(
        R"(<row r="1"><c r="A1" s="1"><v>-1</v></c><c r="B1" s="1"><v>2957003</v></c><c r="C1" s="1"><v>2957004</v></c></row>)")});
    const workbook wb = workbook::open(package::open_buffer(test::make_zip(test::workbook_entries(spec)), "t.xlsx"));
    EXPECT_EQ(shown(wb), (std::map<std::string, std::string>{
                             {"A1", "number:-1"}, {"B1", "date:9999-12-31"}, {"C1", "number:2957004"}}));
}

TEST(LenientValues, TimesAndDurationsReadConsistently) {
    const std::map<std::string, std::string> expected = {
        {"A1", "number:1.5"},                // [h]:mm: a duration
        {"B1", "number:1.5"},                // built-in 46, [h]:mm:ss: the same
        {"C1", "date:1899-12-30T00:01:01"},  // mm:ss.0, custom
        {"D1", "date:1899-12-30T00:01:01"},  // built-in 47, mm:ss.0: the same
        {"E1", "date:1899-12-30T00:00:00"},  // h:mm, a time of 0: a time, not the date 1899-12-30
        {"F1", "date:1899-12-30T00:00:00"},
        {"G1", "date:1899-12-30T12:00:00"},
        {"H1", "number:0"},                  // [h]:mm of 0
    };
    EXPECT_EQ(shown(workbook::open(lenient("times.xlsx"))), expected);
}

// ---- Word: fields without a result part -------------------------------------------------------

TEST(LenientWord, FieldsWithoutSeparateHideOnlyTheirCode) {
    const docx::review_marks m = docx::read_review_marks(package::open(lenient("comments-fields.docx")));
    ASSERT_EQ(m.comments.size(), 2u);
    // The field's code is never text, and the text after the field is read.
    EXPECT_EQ(m.comments[0].text, "Zie pagina  voor de planning.\nTweede alinea.");
    EXPECT_EQ(m.comments[0].anchor, "De baateigenaar beslist.");
    EXPECT_EQ(m.comments[0].section, "Hoofdstuk Aanpak");
    // A field without a result nested in the code of one with a result: only the result shows.
    EXPECT_EQ(m.comments[1].text, "Antwoord: nee, klaar.");
    EXPECT_EQ(m.comments[1].anchor, "nee daarna");
    for (const auto& c : m.comments) {
        EXPECT_EQ(c.text.find("PAGEREF"), std::string::npos);
        EXPECT_EQ(c.text.find("DOCPROPERTY"), std::string::npos);
        EXPECT_EQ(c.anchor.find("AUTHOR"), std::string::npos);
    }
}

TEST(LenientWord, ParseCommentsSurvivesStrayFieldCharacters) {
    const std::string w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    const std::string xml = "<w:comments xmlns:w=\"" + w + "\"><w:comment w:id=\"0\"><w:p>"
                            "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:t>a</w:t></w:r>"
                            "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>b</w:t></w:r>"
                            "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>X</w:instrText></w:r>"
                            "<w:r><w:t>code</w:t></w:r></w:p></w:comment>"
                            "<w:comment w:id=\"1\"><w:p><w:r><w:t>next</w:t></w:r></w:p></w:comment></w:comments>";
    const auto c = docx::parse_comments(xml);
    ASSERT_EQ(c.size(), 2u);
    EXPECT_EQ(c[0].text, "ab");    // a field left open hides the rest of its own comment only
    EXPECT_EQ(c[1].text, "next");  // …never the next comment
}

// The template engine has no field state: fldChar is a barrier tags may not cross, and field codes
// (w:instrText) are never scanned for tags, so a field without separate changes nothing.
TEST(LenientWord, TemplateTagsAroundAFieldWithoutSeparate) {
    const std::string field = "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
                              "<w:r><w:instrText xml:space=\"preserve\"> PAGEREF {{naam}} </w:instrText></w:r>"
                              "<w:r><w:br/></w:r><w:r><w:instrText>\\h</w:instrText></w:r>"
                              "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>";
    const std::string body = "<w:p><w:r><w:t>{{naam}}</w:t></w:r>" + field + "<w:r><w:t>{{functie}}</w:t></w:r></w:p>";
    const std::string out = docx_template::from_buffer(test::make_docx(body), "t.docx")
                                .fill(nlohmann::json{{"naam", "Anna"}, {"functie", "baateigenaar"}}, {})
                                .docx;
    const std::string xml = test::read_part(out, "doc/main.xml");
    EXPECT_NE(xml.find(">Anna<"), std::string::npos) << xml;
    EXPECT_NE(xml.find(">baateigenaar<"), std::string::npos) << xml;
    EXPECT_EQ(xml.find("{{functie}}"), std::string::npos) << xml;
    EXPECT_NE(xml.find(" PAGEREF {{naam}} "), std::string::npos) << xml;  // the code is left alone
    EXPECT_NE(xml.find("w:fldCharType=\"end\""), std::string::npos);
}

}  // namespace
}  // namespace kib
