// Tests of the workbook editor's bookkeeping around its edits: references that follow a totals
// row moved by append_row (formulas on every sheet, defined names, print areas, conditional
// formatting, data validation, charts), and docProps/app.xml after add_sheet.
// Fixtures: tests/fixtures/edit/refs-*.xlsx (see make_refs_fixtures.py there). Tests that open
// results in LibreOffice need `soffice` and fail when it is missing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>

#include "readers/xlsx.hpp"
#include "writers/package_writer.hpp"
#include "writers/xlsx_edit.hpp"
#include "xml_compare.hpp"
#include "edit_support.hpp"
#include "lo_util.hpp"

namespace fs = std::filesystem;
using kib::cell_value;
using kib::test::canonical_children;
using kib::test::zip_entries;
using kib::test::zip_read;

namespace {

const std::string fixtures = std::string(KIB_FIXTURES) + "/edit/";
constexpr const char* sml_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

class temp_dir {
public:
    temp_dir() {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        std::string name = std::string(info->test_suite_name()) + "_" + info->name();
        for (char& c : name)
            if (c == '/') c = '_';  // parameterised tests are named "Suite/Test/Param"
        path_ = fs::temp_directory_path() / ("kib_refs_" + std::to_string(::getpid()) + "_" + name);
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~temp_dir() { fs::remove_all(path_); }
    std::string operator/(const std::string& name) const { return (path_ / name).string(); }
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

using kib::test::cell_at;

// Entries whose stored bytes differ, plus added ("+") and removed ("-") ones.
std::vector<std::string> changed_entries(const std::string& a, const std::string& b) {
    const auto ea = zip_entries(a), eb = zip_entries(b);
    std::vector<std::string> out;
    for (auto& [name, e] : ea) {
        auto it = eb.find(name);
        if (it == eb.end()) out.push_back("-" + name);
        else if (it->second.compressed != e.compressed || it->second.crc != e.crc) out.push_back(name);
    }
    for (auto& [name, e] : eb)
        if (!ea.count(name)) out.push_back("+" + name);
    return out;
}

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

// Every sheet of a workbook as CSV lines, as LibreOffice shows it with its default settings.
std::map<std::string, std::vector<std::string>> libreoffice_csv(const std::string& workbook, const temp_dir& dir,
                                                                const std::vector<std::string>& sheets) {
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& [sheet, text] : kib::test::libreoffice_sheets_csv(workbook, dir.path(), sheets)) out[sheet] = kib::test::text_lines(text);
    return out;
}

// The same workbook saved by Excel-style hand and by LibreOffice.
class TotalsRowReferences : public ::testing::TestWithParam<const char*> {};

}  // namespace

TEST_P(TotalsRowReferences, FollowTheTotalsRowWhenARowIsAppendedAboveIt) {
    temp_dir dir;
    const std::string src = fixtures + GetParam(), out = dir / "out.xlsx";
    kib::workbook_editor ed = kib::workbook_editor::open(src);
    // Tabel1 is A1:B5 with its totals row at 5; the new row goes to 5 and the totals row to 6.
    EXPECT_EQ(ed.append_row("Data", {cell_value::make_text("Delta"), cell_value::make_number(40)}), 5u);
    ed.save(out);

    // Cells on the moved sheet and on another sheet.
    EXPECT_EQ(cell_at(out, "Data", 1, 5).value, cell_value::make_text("Delta"));
    EXPECT_EQ(cell_at(out, "Data", 2, 6).formula, "SUBTOTAL(109,Tabel1[Waarde])");
    EXPECT_EQ(cell_at(out, "Data", 3, 6).formula, "B6*2");
    EXPECT_EQ(cell_at(out, "Overzicht", 2, 1).formula, "Data!B6");
    EXPECT_EQ(cell_at(out, "Overzicht", 2, 2).formula, "Data!B6*2");
    EXPECT_EQ(cell_at(out, "Overzicht", 2, 3).formula, "SUM(Data!B2:B4)");  // ends above the insertion
    EXPECT_EQ(cell_at(out, "Overzicht", 2, 4).formula, "Totaal_waarde");
    EXPECT_EQ(cell_at(out, "Overzicht", 2, 5).value, cell_value::make_text("Data!B5"));  // text, not a reference

    // Defined name and print area.
    const std::string wb = zip_read(out, "xl/workbook.xml");
    EXPECT_TRUE(contains(wb, "name=\"Totaal_waarde\"")) << wb;
    EXPECT_TRUE(contains(wb, ">Data!$B$6</definedName>")) << wb;
    EXPECT_TRUE(contains(wb, ">Data!$A$1:$C$6</definedName>")) << wb;

    // Conditional formatting and data validation on the moved sheet.
    const std::string sheet = zip_read(out, "xl/worksheets/sheet1.xml");
    EXPECT_TRUE(contains(sheet, "<conditionalFormatting sqref=\"A6:B6\">")) << sheet;
    EXPECT_TRUE(contains(sheet, "<formula>$B$6&gt;50</formula>")) << sheet;
    EXPECT_TRUE(contains(sheet, "sqref=\"B2:B6\"")) << sheet;
    EXPECT_TRUE(contains(sheet, "sqref=\"C6\"")) << sheet;
    EXPECT_TRUE(contains(sheet, "<formula1>$A$2:$A$6</formula1>")) << sheet;

    // The chart on Overzicht over the table, totals row included, grows by the new row.
    const std::string chart = zip_read(out, "xl/charts/chart1.xml");
    EXPECT_TRUE(contains(chart, "<c:f>Data!$B$1</c:f>")) << chart;
    EXPECT_TRUE(contains(chart, "<c:f>Data!$A$2:$A$6</c:f>")) << chart;
    EXPECT_TRUE(contains(chart, "<c:f>Data!$B$2:$B$6</c:f>")) << chart;
    EXPECT_TRUE(contains(zip_read(out, "xl/tables/table1.xml"), "ref=\"A1:B6\""));

    // Parts without references to the moved rows are copied as they were.
    const auto changed = changed_entries(src, out);
    for (const char* same : {"xl/drawings/drawing1.xml", "xl/styles.xml", "docProps/app.xml", "docProps/core.xml"})
        EXPECT_EQ(std::count(changed.begin(), changed.end(), same), 0) << same;

    // LibreOffice recalculates: the totals row sums the new row, and the references to it follow.
    const auto csv = libreoffice_csv(out, dir, {"Data", "Overzicht"});
    ASSERT_EQ(csv.count("Data"), 1u);
    ASSERT_EQ(csv.count("Overzicht"), 1u);
    const auto& data = csv.at("Data");
    ASSERT_GE(data.size(), 6u);
    EXPECT_EQ(data[4], "Delta,40,");
    EXPECT_EQ(data[5], "Totaal,100,200");
    const auto& overview = csv.at("Overzicht");
    ASSERT_GE(overview.size(), 5u);
    EXPECT_EQ(overview[0], "Totaal,100");
    EXPECT_EQ(overview[1], "Dubbel,200");
    EXPECT_EQ(overview[2], "Som,60");
    EXPECT_EQ(overview[3], "Naam,100");
    EXPECT_EQ(overview[4], ",Data!B5");
}

INSTANTIATE_TEST_SUITE_P(Fixtures, TotalsRowReferences, ::testing::Values("refs-excel.xlsx", "refs-libreoffice.xlsx"),
                         [](const auto& param_info) {
                             return std::string(param_info.param).find("excel") != std::string::npos ? std::string("Excel")
                                                                                               : std::string("LibreOffice");
                         });

TEST(TotalsRowReferencesShared, SharedFormulasStaySharedOnlyWhenEveryCellMovesTheSameWay) {
    temp_dir dir;
    const std::string base = fixtures + "refs-excel.xlsx", src = dir / "shared.xlsx", out = dir / "out.xlsx";
    {
        // Data!D2:D5 is one shared group across the totals row; on Overzicht: E1:E4 reads Data!B2..B5
        // (only its last cell points at the totals row), F1:F2 reads its own sheet, G1:G2 reads
        // Data!B5..B6 (every cell below the insertion).
        kib::package_writer w(base);
        std::string data = zip_read(base, "xl/worksheets/sheet1.xml");
        const char* d[] = {"<c r=\"D2\"><f t=\"shared\" ref=\"D2:D5\" si=\"0\">B2*2</f><v>20</v></c>",
                           "<c r=\"D3\"><f t=\"shared\" si=\"0\"/><v>40</v></c>", "<c r=\"D4\"><f t=\"shared\" si=\"0\"/><v>60</v></c>",
                           "<c r=\"D5\"><f t=\"shared\" si=\"0\"/><v>120</v></c>"};
        for (int r = 2; r <= 5; ++r) {
            const std::size_t end = data.find("</row>", data.find("<row r=\"" + std::to_string(r) + "\""));
            data.insert(end, d[r - 2]);
        }
        w.put("xl/worksheets/sheet1.xml", data);
        std::string over = zip_read(base, "xl/worksheets/sheet2.xml");
        const char* o[] = {"<c r=\"E1\"><f t=\"shared\" ref=\"E1:E4\" si=\"0\">Data!B2</f><v>10</v></c>"
                           "<c r=\"F1\"><f t=\"shared\" ref=\"F1:F2\" si=\"1\">B1+1</f><v>61</v></c>"
                           "<c r=\"G1\"><f t=\"shared\" ref=\"G1:G2\" si=\"2\">Data!B5</f><v>60</v></c>",
                           "<c r=\"E2\"><f t=\"shared\" si=\"0\"/><v>20</v></c><c r=\"F2\"><f t=\"shared\" si=\"1\"/><v>121</v></c>"
                           "<c r=\"G2\"><f t=\"shared\" si=\"2\"/><v>0</v></c>",
                           "<c r=\"E3\"><f t=\"shared\" si=\"0\"/><v>30</v></c>", "<c r=\"E4\"><f t=\"shared\" si=\"0\"/><v>60</v></c>"};
        for (int r = 1; r <= 4; ++r) {
            const std::size_t end = over.find("</row>", over.find("<row r=\"" + std::to_string(r) + "\""));
            over.insert(end, o[r - 1]);
        }
        w.put("xl/worksheets/sheet2.xml", over);
        w.save(src);
    }
    kib::workbook_editor ed = kib::workbook_editor::open(src);
    EXPECT_EQ(ed.append_row("Data", {cell_value::make_text("Delta"), cell_value::make_number(40)}), 5u);
    ed.save(out);
    // The group across the totals row: every cell now has its own formula.
    EXPECT_EQ(cell_at(out, "Data", 4, 2).formula, "B2*2");
    EXPECT_EQ(cell_at(out, "Data", 4, 4).formula, "B4*2");
    EXPECT_EQ(cell_at(out, "Data", 4, 6).formula, "B6*2");
    const std::string data = zip_read(out, "xl/worksheets/sheet1.xml");
    EXPECT_TRUE(contains(data, "<c r=\"D2\"><f>B2*2</f>")) << data;
    EXPECT_TRUE(contains(data, "<c r=\"D6\"><f>B6*2</f>")) << data;
    EXPECT_FALSE(contains(data, "si=\"0\"")) << data;
    const std::string over = zip_read(out, "xl/worksheets/sheet2.xml");
    // E: only E4 pointed at the totals row, so the group is split.
    EXPECT_TRUE(contains(over, "<c r=\"E1\"><f>Data!B2</f>")) << over;
    EXPECT_TRUE(contains(over, "<c r=\"E3\"><f>Data!B4</f>")) << over;
    EXPECT_TRUE(contains(over, "<c r=\"E4\"><f>Data!B6</f>")) << over;
    // F reads its own sheet and G moves as a whole: both stay shared.
    EXPECT_TRUE(contains(over, "<f t=\"shared\" ref=\"F1:F2\" si=\"1\">B1+1</f>")) << over;
    EXPECT_TRUE(contains(over, "<f t=\"shared\" ref=\"G1:G2\" si=\"2\">Data!B6</f>")) << over;
    EXPECT_EQ(cell_at(out, "Overzicht", 7, 2).formula, "Data!B7");
    EXPECT_EQ(cell_at(out, "Overzicht", 6, 2).formula, "B2+1");
}

TEST(TotalsRowReferencesScope, PartsThatDoNotReferToTheMovedRowsStayByteIdentical) {
    temp_dir dir;
    const std::string src = fixtures + "kpi-excel.xlsx", out = dir / "out.xlsx";
    kib::workbook_editor ed = kib::workbook_editor::open(src);
    // Clear row 8 so that the KPI table (totals row 6) ends the sheet.
    for (const char* ref : {"A8", "B8", "C8", "D8"}) ed.clear("KPI's", ref);
    EXPECT_EQ(ed.append_row("KPI's", {cell_value::make_text("mei"), cell_value::make_number(100)}), 6u);
    ed.save(out);
    // The chart reads rows 1-5 only; Data and Pivot have no formulas reaching row 6.
    const auto changed = changed_entries(src, out);
    for (const char* same : {"xl/charts/chart1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml",
                             "xl/drawings/drawing1.xml", "xl/pivotCache/pivotCacheDefinition1.xml"})
        EXPECT_EQ(std::count(changed.begin(), changed.end(), same), 0) << same;
    // The x14 conditional format and data validations on KPI's cover rows 2-5 and stay.
    const std::string sheet = zip_read(out, "xl/worksheets/sheet1.xml");
    EXPECT_TRUE(contains(sheet, "<conditionalFormatting sqref=\"C2:C5\">")) << sheet;
    EXPECT_TRUE(contains(sheet, "sqref=\"B2:B5\"")) << sheet;
    EXPECT_EQ(cell_at(out, "KPI's", 2, 7).formula, "SUBTOTAL(109,KPI[Doel])");
    EXPECT_TRUE(contains(zip_read(out, "xl/workbook.xml"), "'KPI''s'!$A$1:$E$7</definedName>"));
}

// ---- docProps/app.xml after add_sheet ----

TEST(AppProperties, AddedSheetIsListedAndCountedTheWayExcelDoes) {
    temp_dir dir;
    const std::string src = fixtures + "refs-excel.xlsx", out = dir / "out.xlsx";
    kib::workbook_editor ed = kib::workbook_editor::open(src);
    ed.add_sheet("Stuurgroep 23-11");
    ed.add_sheet("KPI's");
    ed.save(out);
    const std::string app = zip_read(out, "docProps/app.xml");
    EXPECT_TRUE(contains(app, "<vt:variant><vt:lpstr>Werkbladen</vt:lpstr></vt:variant><vt:variant><vt:i4>4</vt:i4></vt:variant>"))
        << app;
    EXPECT_TRUE(contains(app, "<vt:variant><vt:lpstr>Benoemde bereiken</vt:lpstr></vt:variant><vt:variant><vt:i4>2</vt:i4>"))
        << app;
    EXPECT_TRUE(contains(app, "<TitlesOfParts><vt:vector size=\"6\" baseType=\"lpstr\"><vt:lpstr>Data</vt:lpstr>"
                              "<vt:lpstr>Overzicht</vt:lpstr><vt:lpstr>Stuurgroep 23-11</vt:lpstr><vt:lpstr>KPI's</vt:lpstr>"
                              "<vt:lpstr>Data!Afdrukbereik</vt:lpstr><vt:lpstr>Totaal_waarde</vt:lpstr></vt:vector>"))
        << app;
    // The HeadingPairs vector keeps its size (still two groups) and everything else is kept.
    EXPECT_TRUE(contains(app, "<HeadingPairs><vt:vector size=\"4\" baseType=\"variant\">")) << app;
    const auto before = canonical_children(zip_read(src, "docProps/app.xml"), "Properties");
    const auto after = canonical_children(app, "Properties");
    ASSERT_EQ(before.size(), after.size());
    std::size_t differ = 0;
    for (std::size_t i = 0; i < before.size(); ++i) differ += before[i] != after[i];
    EXPECT_EQ(differ, 2u);  // HeadingPairs and TitlesOfParts
    // The reader sees the new sheets.
    EXPECT_EQ(kib::workbook::open(out).sheets().size(), 4u);
}

TEST(AppProperties, GroupIsFoundByItsTitlesInAnyLanguageAndPrefix) {
    temp_dir dir;
    const std::string base = fixtures + "refs-excel.xlsx", src = dir / "hu.xlsx", out = dir / "out.xlsx";
    {
        // Hungarian Excel ("Munkalapok"), the vt namespace under another prefix, a chart-sheet
        // group before the worksheets.
        std::string app = zip_read(base, "docProps/app.xml");
        auto replace_all = [&](const std::string& from, const std::string& to) {
            for (std::size_t p = app.find(from); p != std::string::npos; p = app.find(from, p + to.size())) app.replace(p, from.size(), to);
        };
        replace_all("vt:", "t:");
        replace_all("xmlns:vt=", "xmlns:t=");
        replace_all("<t:vector size=\"4\" baseType=\"variant\">",
                    "<t:vector size=\"6\" baseType=\"variant\"><t:variant><t:lpstr>Diagramok</t:lpstr></t:variant>"
                    "<t:variant><t:i4>1</t:i4></t:variant>");
        replace_all("Werkbladen", "Munkalapok");
        replace_all("<t:vector size=\"4\" baseType=\"lpstr\">", "<t:vector size=\"5\" baseType=\"lpstr\"><t:lpstr>Grafiek</t:lpstr>");
        kib::package_writer w(base);
        w.put("docProps/app.xml", app);
        w.save(src);
    }
    kib::workbook_editor ed = kib::workbook_editor::open(src);
    ed.add_sheet("Nieuw");
    ed.save(out);
    const std::string app = zip_read(out, "docProps/app.xml");
    EXPECT_TRUE(contains(app, "<t:lpstr>Munkalapok</t:lpstr></t:variant><t:variant><t:i4>3</t:i4>")) << app;
    EXPECT_TRUE(contains(app, "<t:lpstr>Diagramok</t:lpstr></t:variant><t:variant><t:i4>1</t:i4>")) << app;
    EXPECT_TRUE(contains(app, "<t:vector size=\"6\" baseType=\"lpstr\"><t:lpstr>Grafiek</t:lpstr><t:lpstr>Data</t:lpstr>"
                              "<t:lpstr>Overzicht</t:lpstr><t:lpstr>Nieuw</t:lpstr><t:lpstr>Data!Afdrukbereik</t:lpstr>"))
        << app;
}

TEST(AppProperties, WithoutSheetListsAppXmlIsNotTouched) {
    temp_dir dir;
    // LibreOffice and the Excel-style kpi fixture write app.xml without HeadingPairs/TitlesOfParts.
    for (const char* name : {"refs-libreoffice.xlsx", "kpi-excel.xlsx"}) {
        const std::string src = fixtures + name, out = dir / (std::string("out-") + name);
        kib::workbook_editor ed = kib::workbook_editor::open(src);
        ed.add_sheet("Nieuw");
        ed.save(out);
        const auto changed = changed_entries(src, out);
        EXPECT_EQ(std::count(changed.begin(), changed.end(), "docProps/app.xml"), 0) << name;
        EXPECT_EQ(std::count(changed.begin(), changed.end(), "xl/workbook.xml"), 1) << name;
    }
}

TEST(TotalsRowReferencesScope, CommentsOtherTablesAndPivotSourcesOfTheMovedSheetFollow) {
    temp_dir dir;
    const std::string base = fixtures + "refs-excel.xlsx", src = dir / "parts.xlsx", out = dir / "out.xlsx";
    {
        // Comments on A2 and B5, an (empty) second table D4:E7 beside Tabel1 across its totals row,
        // and a pivot cache over Data!A1:B5.
        kib::package_writer w(base);
        const std::string ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.";
        const std::string rt = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
        std::string types = zip_read(base, "[Content_Types].xml");
        types.insert(types.find("</Types>"), "<Override PartName=\"/xl/comments1.xml\" ContentType=\"" + ct +
                                                 "comments+xml\"/><Override PartName=\"/xl/tables/table2.xml\" ContentType=\"" + ct +
                                                 "table+xml\"/><Override PartName=\"/xl/pivotCache/pivotCacheDefinition1.xml\" "
                                                 "ContentType=\"" + ct + "pivotCacheDefinition+xml\"/>");
        w.put("[Content_Types].xml", types);
        std::string rels = zip_read(base, "xl/worksheets/_rels/sheet1.xml.rels");
        rels.insert(rels.find("</Relationships>"), "<Relationship Id=\"rId2\" Type=\"" + rt + "comments\" Target=\"../comments1.xml\"/>"
                                                   "<Relationship Id=\"rId3\" Type=\"" + rt + "table\" Target=\"../tables/table2.xml\"/>");
        w.put("xl/worksheets/_rels/sheet1.xml.rels", rels);
        w.put("xl/comments1.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<comments xmlns=\"" + std::string(sml_ns) +
                                      "\"><authors><author>PMO</author></authors><commentList><comment ref=\"A2\" authorId=\"0\">"
                                      "<text><t>eerste</t></text></comment><comment ref=\"B5\" authorId=\"0\"><text><t>som</t></text>"
                                      "</comment></commentList></comments>");
        w.put("xl/tables/table2.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<table xmlns=\"" +
                                          std::string(sml_ns) + "\" id=\"2\" name=\"Tabel2\" displayName=\"Tabel2\" ref=\"D4:E7\">"
                                          "<autoFilter ref=\"D4:E7\"/><tableColumns count=\"2\"><tableColumn id=\"1\" name=\"X\"/>"
                                          "<tableColumn id=\"2\" name=\"Y\"/></tableColumns></table>");
        std::string wbrels = zip_read(base, "xl/_rels/workbook.xml.rels");
        wbrels.insert(wbrels.find("</Relationships>"), "<Relationship Id=\"rId9\" Type=\"" + rt +
                                                           "pivotCacheDefinition\" Target=\"pivotCache/pivotCacheDefinition1.xml\"/>");
        w.put("xl/_rels/workbook.xml.rels", wbrels);
        w.put("xl/pivotCache/pivotCacheDefinition1.xml",
              "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<pivotCacheDefinition xmlns=\"" + std::string(sml_ns) +
                  "\" recordCount=\"0\"><cacheSource type=\"worksheet\"><worksheetSource ref=\"A1:B5\" sheet=\"Data\"/></cacheSource>"
                  "<cacheFields count=\"2\"><cacheField name=\"Project\" numFmtId=\"0\"><sharedItems/></cacheField>"
                  "<cacheField name=\"Waarde\" numFmtId=\"0\"><sharedItems/></cacheField></cacheFields></pivotCacheDefinition>");
        w.save(src);
    }
    kib::workbook_editor ed = kib::workbook_editor::open(src);
    EXPECT_EQ(ed.append_row("Data", {cell_value::make_text("Delta"), cell_value::make_number(40)}), 5u);
    ed.save(out);
    const std::string comments = zip_read(out, "xl/comments1.xml");
    EXPECT_TRUE(contains(comments, "<comment ref=\"A2\"")) << comments;
    EXPECT_TRUE(contains(comments, "<comment ref=\"B6\"")) << comments;
    const std::string table2 = zip_read(out, "xl/tables/table2.xml");
    EXPECT_TRUE(contains(table2, "ref=\"D4:E8\"><autoFilter ref=\"D4:E8\"/>")) << table2;
    EXPECT_TRUE(contains(zip_read(out, "xl/tables/table1.xml"), "ref=\"A1:B6\""));
    const std::string cache = zip_read(out, "xl/pivotCache/pivotCacheDefinition1.xml");
    EXPECT_TRUE(contains(cache, "<worksheetSource ref=\"A1:B6\" sheet=\"Data\"/>")) << cache;
}
