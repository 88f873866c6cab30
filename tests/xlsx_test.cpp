// The XLSX reader against a workbook saved by LibreOffice and against hand-written XML in the
// shapes Excel and other producers write. Every test states the exact values it expects.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "readers/xlsx.hpp"
#include "readers/xlsx_parts.hpp"
#include "test_util.hpp"

namespace kib {
namespace {

using test::zip_entry;

workbook open_entries(const std::vector<zip_entry>& entries, const workbook_limits& limits = {}) {
    return workbook::open(package::open_buffer(test::make_zip(entries), "hand.xlsx", limits.package), limits);
}

workbook open_spec(const test::workbook_spec& spec, const workbook_limits& limits = {}) {
    return open_entries(test::workbook_entries(spec), limits);
}

// "type:display" of a cell value, e.g. "date:2026-01-15", "number:42", "bool:TRUE".
std::string show(const cell_value& v) { return std::string(to_string(v.type)) + ":" + v.to_display(); }

// Every cell of a sheet, keyed by its reference ("B7").
std::map<std::string, cell> cells_of(const workbook& wb, const std::string& sheet_name, sheet_summary* summary = nullptr) {
    std::map<std::string, cell> out;
    const sheet_summary s = wb.for_each_row(wb.sheet(sheet_name), [&out](const row& r) {
        for (const cell& c : r.cells) {
            EXPECT_EQ(c.row, r.index);
            out[xlsx::cell_ref(c.col, c.row)] = c;
        }
    });
    if (summary) *summary = s;
    return out;
}

std::map<std::string, std::string> shown(const std::map<std::string, cell>& cells) {
    std::map<std::string, std::string> out;
    for (const auto& [ref, c] : cells) out[ref] = show(c.value);
    return out;
}

const char* strict_main = "http://purl.oclc.org/ooxml/spreadsheetml/main";
const char* strict_rel = "http://purl.oclc.org/ooxml/officeDocument/relationships";
const char* types_head =
    R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
    R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
    R"(<Default Extension="xml" ContentType="application/xml"/>)";
const char* rels_head =
    R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)";
const char* ct_workbook = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
const char* ct_sheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";

// ---- the LibreOffice fixture (tests/fixtures/xlsx/kpi.xlsx, made by make_fixtures.sh) ------

TEST(XlsxLibreOffice, SheetsNamesStatesAndDefinedNames) {
    const workbook wb = workbook::open(test::fixture("xlsx/kpi.xlsx"));
    EXPECT_EQ(wb.workbook_part(), "xl/workbook.xml");
    EXPECT_FALSE(wb.date1904());
    ASSERT_EQ(wb.sheets().size(), 3u);
    EXPECT_EQ(wb.sheets()[0].name, "KPI's");
    EXPECT_EQ(wb.sheets()[0].state, "visible");
    EXPECT_EQ(wb.sheets()[0].kind, "worksheet");
    EXPECT_EQ(wb.sheets()[0].part, "xl/worksheets/sheet1.xml");
    EXPECT_EQ(wb.sheets()[1].name, "Metingen 2026");
    EXPECT_EQ(wb.sheets()[1].state, "visible");
    EXPECT_EQ(wb.sheets()[1].part, "xl/worksheets/sheet2.xml");
    EXPECT_EQ(wb.sheets()[2].name, "R\u00e9sum\u00e9");
    EXPECT_EQ(wb.sheets()[2].state, "hidden");
    EXPECT_EQ(wb.sheets()[2].part, "xl/worksheets/sheet3.xml");
    // Found case-insensitively, as Excel does.
    EXPECT_EQ(wb.sheet("kpi's").name, "KPI's");
    EXPECT_EQ(wb.sheet("METINGEN 2026").part, "xl/worksheets/sheet2.xml");

    ASSERT_EQ(wb.defined_names().size(), 3u);
    EXPECT_EQ(wb.defined_names()[0].name, "KPI_Tabel");
    EXPECT_EQ(wb.defined_names()[0].value, "'KPI''s'!$A$2:$G$5");
    EXPECT_EQ(wb.defined_names()[0].scope, "");
    EXPECT_FALSE(wb.defined_names()[0].hidden);
    EXPECT_EQ(wb.defined_names()[1].name, "Metingen");
    EXPECT_EQ(wb.defined_names()[1].value, "'Metingen 2026'!$A$1:$D$3");
    EXPECT_EQ(wb.defined_names()[2].name, "Laatste");
    EXPECT_EQ(wb.defined_names()[2].value, "'Metingen 2026'!$D$3");
    EXPECT_EQ(wb.defined_names()[2].scope, "Metingen 2026");
}

TEST(XlsxLibreOffice, KpiSheetValues) {
    const workbook wb = workbook::open(test::fixture("xlsx/kpi.xlsx"));
    sheet_summary sum;
    const auto cells = cells_of(wb, "KPI's", &sum);
    const std::map<std::string, std::string> expected = {
        {"A1", "text:KPI-overzicht programma 2026"},
        {"A2", "text:Domein"}, {"B2", "text:KPI"}, {"C2", "text:Start"}, {"D2", "text:M3"},
        {"E2", "text:M6"}, {"F2", "text:Gehaald"}, {"G2", "text:Verschil"},
        {"A3", "text:Zorg"}, {"B3", "text:Wachttijd (dagen)"}, {"C3", "date:2026-01-15"}, {"D3", "number:42"},
        {"E3", "number:38.25"}, {"F3", "bool:TRUE"}, {"G3", "number:-3.75"},
        {"A4", "text:Onderwijs"}, {"B4", "text:Uitval"}, {"C4", "date:2026-02-01"}, {"D4", "text:10%"},
        {"E4", "text:6,0"}, {"F4", "bool:FALSE"}, {"G4", "error:#DIV/0!"},
        {"A5", "text:Wonen"}, {"B5", "text:Tevredenheid"}, {"C5", "date:2025-12-31"}, {"D5", "number:0.1"},
        {"E5", "text:n.m."}, {"F5", "bool:TRUE"}, {"G5", "text:\u0132sselmeer \u20ac \u201cquote\u201d"},
    };
    EXPECT_EQ(shown(cells), expected);
    EXPECT_EQ(cells.at("G3").formula, "E3-D3");
    EXPECT_EQ(cells.at("G4").formula, "1/0");
    EXPECT_EQ(cells.at("D3").formula, "");
    EXPECT_EQ(cells.at("C3").value.number, 46037.0);  // days since 1899-12-30
    EXPECT_EQ(cells.at("D5").value.number, 0.1);
    // The styled but empty B1:D1 (covered by the merge) are not delivered.
    EXPECT_EQ(cells.count("B1"), 0u);

    EXPECT_EQ(sum.used_range(), "A1:G5");
    EXPECT_EQ(sum.dimension, "A1:G5");
    EXPECT_EQ(sum.rows_with_values, 5u);
    EXPECT_EQ(sum.cells, 29u);
    EXPECT_EQ(sum.merged, std::vector<std::string>{"A1:D1"});
}

TEST(XlsxLibreOffice, DateTimesTimesAndHiddenSheet) {
    const workbook wb = workbook::open(test::fixture("xlsx/kpi.xlsx"));
    const std::map<std::string, std::string> metingen = {
        {"A1", "text:Meting"}, {"B1", "text:Tijdstip"}, {"C1", "text:Tijd"}, {"D1", "text:Waarde"},
        {"A2", "text:Nulmeting"}, {"B2", "date:2026-03-01T09:30:00"}, {"C2", "date:1899-12-30T13:45:00"},
        {"D2", "number:1234.5678"},
        {"A3", "text:Eerste meting"}, {"B3", "date:2026-06-15T14:05:30"}, {"C3", "date:1899-12-30T08:00:00"},
        {"D3", "number:-0.001"},
    };
    const auto cells = cells_of(wb, "Metingen 2026");
    EXPECT_EQ(shown(cells), metingen);
    // A time of day is the fraction alone: 13:45 is 0.5729166…, with no day added.
    EXPECT_NEAR(cells.at("C2").value.number, 13.75 / 24.0, 1e-12);

    const std::map<std::string, std::string> resume = {{"A1", "text:Verborgen blad"}, {"B1", "number:3"}};
    EXPECT_EQ(shown(cells_of(wb, "R\u00e9sum\u00e9")), resume);
}

TEST(XlsxLibreOffice, ReadRowsMatchesStreaming) {
    const workbook wb = workbook::open(test::fixture("xlsx/kpi.xlsx"));
    const std::vector<row> rows = wb.read_rows(wb.sheet("KPI's"));
    ASSERT_EQ(rows.size(), 5u);
    EXPECT_EQ(rows[0].index, 1u);
    ASSERT_EQ(rows[0].cells.size(), 1u);
    EXPECT_EQ(rows[2].index, 3u);
    ASSERT_EQ(rows[2].cells.size(), 7u);
    for (std::uint32_t i = 0; i < 7; ++i) EXPECT_EQ(rows[2].cells[i].col, i + 1);
    EXPECT_EQ(rows[2].cells[3].value, cell_value::make_number(42));
    EXPECT_EQ(rows[2].cells[5].value, cell_value::make_bool(true));
}

TEST(XlsxLibreOffice, UnknownSheetListsTheSheets) {
    const workbook wb = workbook::open(test::fixture("xlsx/kpi.xlsx"));
    const error e = test::catch_error([&] { (void)wb.sheet("Blad1"); });
    EXPECT_EQ(e.category(), error_category::bad_input);
    EXPECT_EQ(e.where().part, "xl/workbook.xml");
    EXPECT_NE(e.message().find("'Blad1'"), std::string::npos);
    EXPECT_EQ(e.hint(), "the workbook has 'KPI's', 'Metingen 2026', 'R\u00e9sum\u00e9'");
}

// Everything the reader sees of a workbook, as text, for comparing two files.
std::string dump(const workbook& wb) {
    std::string out;
    for (const sheet_info& s : wb.sheets()) {
        out += "sheet " + s.name + " " + s.state + "\n";
        for (const auto& [ref, c] : cells_of(wb, s.name)) out += ref + " " + show(c.value) + " " + c.formula + "\n";
    }
    for (const auto& d : wb.defined_names()) out += "name " + d.name + "=" + d.value + "@" + d.scope + "\n";
    return out;
}

std::string find_soffice() {
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "";
    for (std::size_t start = 0; start <= dirs.size();) {
        std::size_t end = dirs.find(':', start);
        if (end == std::string::npos) end = dirs.size();
        const std::string candidate = dirs.substr(start, end - start) + "/soffice";
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
        start = end + 1;
    }
    return {};
}

// The committed kpi.xlsx is what LibreOffice makes of kpi.fods today: convert it again and
// compare what kib reads (the fixture cannot silently drift from its source).
TEST(XlsxLibreOffice, CommittedFixtureMatchesAFreshConversion) {
    const std::string soffice = find_soffice();
    ASSERT_FALSE(soffice.empty()) << "soffice (LibreOffice) is required: apt-get install libreoffice-calc";
    test::temp_dir dir;
    const std::string cmd = "'" + soffice + "' -env:UserInstallation=file://" + dir.path() +
                            "/profile --headless --convert-to xlsx --outdir '" + dir.path() + "' '" +
                            test::fixture("xlsx/kpi.fods") + "' >/dev/null 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    const std::string fresh = dump(workbook::open(dir.path() + "/kpi.xlsx"));
    EXPECT_EQ(fresh, dump(workbook::open(test::fixture("xlsx/kpi.xlsx"))));
    EXPECT_NE(fresh.find("G4 error:#DIV/0! 1/0\n"), std::string::npos) << fresh;
}

// ---- hand-written variants -----------------------------------------------------------------

TEST(XlsxVariants, InlineStringsRichTextAndPhonetics) {
    test::workbook_spec spec;
    spec.sheets.push_back({"Blad1", test::worksheet_xml(
        R"(<row r="1"><c r="A1" t="inlineStr"><is><t>Inline tekst</t></is></c>)"
        R"(<c r="B1" t="inlineStr"><is><r><rPr><b/></rPr><t>Vet</t></r><r><t xml:space="preserve"> en gewoon </t></r>)"
        R"(<rPh sb="0" eb="1"><t>PHONETIC</t></rPh><phoneticPr fontId="0"/></is></c>)"
        R"(<c r="C1" t="inlineStr"><is><t>Regel_x000D_
2</t></is></c>)"
        R"(<c r="D1" t="inlineStr"><is><t xml:space="preserve">  spaties  </t></is></c></row>)")});
    const workbook wb = open_spec(spec);
    const std::map<std::string, std::string> expected = {
        {"A1", "text:Inline tekst"}, {"B1", "text:Vet en gewoon "}, {"C1", "text:Regel\r\n2"}, {"D1", "text:  spaties  "}};
    EXPECT_EQ(shown(cells_of(wb, "Blad1")), expected);
}

TEST(XlsxVariants, SharedStringsRichTextPhoneticsEscapesAndSpaces) {
    test::workbook_spec spec;
    spec.shared_strings = std::string(R"(<?xml version="1.0" encoding="UTF-8"?><sst xmlns=")") + test::sml_ns +
                          R"(" count="6" uniqueCount="6">)"
                          R"(<si><r><rPr><b/><sz val="11"/></rPr><t>Rijk</t></r><r><t xml:space="preserve"> opgemaakt</t></r>)"
                          R"(<rPh sb="0" eb="4"><t>&#12522;&#12540;&#12463;</t></rPh><phoneticPr fontId="1" type="noConversion"/></si>)"
                          "<si><t>Regel 1_x000D_\nRegel 2</t></si>"
                          R"(<si><t xml:space="preserve">  twee spaties  </t></si>)"
                          R"(<si><t>a_x005F_x000D_b</t></si>)"
                          R"(<si><t>&lt;tag&gt; &amp; &#233;&#x20AC;</t></si>)"
                          R"(<si><t/></si></sst>)";
    spec.sheets.push_back({"Blad1", test::worksheet_xml(
        R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>)"
        R"(<c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c></row>)")});
    const workbook wb = open_spec(spec);
    const std::map<std::string, std::string> expected = {
        {"A1", "text:Rijk opgemaakt"},
        {"B1", "text:Regel 1\r\nRegel 2"},
        {"C1", "text:  twee spaties  "},
        {"D1", "text:a_x000D_b"},  // _x005F_ is an escaped underscore
        {"E1", "text:<tag> & \u00e9\u20ac"},
        {"F1", "text:"},
    };
    EXPECT_EQ(shown(cells_of(wb, "Blad1")), expected);
}

TEST(XlsxVariants, SharedAndArrayFormulas) {
    test::workbook_spec spec;
    spec.sheets.push_back({"Blad1", test::worksheet_xml(
        R"(<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>10</v></c></row>)"
        R"(<row r="2"><c r="A2"><v>2</v></c><c r="B2"><v>20</v></c>)"
        R"(<c r="C2"><f t="shared" ref="C2:D4" si="0">B2*2</f><v>40</v></c>)"
        R"(<c r="D2"><f t="shared" si="0"/><v>80</v></c>)"
        R"(<c r="E2"><f t="shared" ref="E2:E3" si="1">SUM($A$1:A2)+'Tab B2'!B2&amp;"B2"</f><v>3</v></c></row>)"
        R"(<row r="3"><c r="A3"><v>3</v></c><c r="B3"><v>30</v></c>)"
        R"(<c r="C3"><f t="shared" si="0"/><v>60</v></c><c r="D3"><f t="shared" si="0"/><v>120</v></c>)"
        R"(<c r="E3"><f t="shared" si="1"/><v>6</v></c></row>)"
        R"(<row r="4"><c r="C4"><f t="shared" si="0"/><v>0</v></c>)"
        R"(<c r="F4"><f t="array" ref="F4:F6">SUM(A1:A3*B1:B3)</f><v>140</v></c></row>)"
        R"(<row r="5"><c r="A5"><f>A4+1</f></c></row>)")});
    const workbook wb = open_spec(spec);
    const auto cells = cells_of(wb, "Blad1");
    EXPECT_EQ(cells.at("C2").formula, "B2*2");
    EXPECT_EQ(cells.at("D2").formula, "C2*2");
    EXPECT_EQ(cells.at("C3").formula, "B3*2");
    EXPECT_EQ(cells.at("D3").formula, "C3*2");
    EXPECT_EQ(cells.at("C4").formula, "B4*2");
    // Absolute parts, quoted sheet names and string literals stay as written.
    EXPECT_EQ(cells.at("E2").formula, "SUM($A$1:A2)+'Tab B2'!B2&\"B2\"");
    EXPECT_EQ(cells.at("E3").formula, "SUM($A$1:A3)+'Tab B2'!B3&\"B2\"");
    EXPECT_EQ(cells.at("F4").formula, "SUM(A1:A3*B1:B3)");
    EXPECT_EQ(show(cells.at("F4").value), "number:140");
    EXPECT_EQ(show(cells.at("D3").value), "number:120");
    // A formula never calculated has no cached value; the cell is still delivered.
    ASSERT_EQ(cells.count("A5"), 1u);
    EXPECT_EQ(cells.at("A5").formula, "A4+1");
    EXPECT_TRUE(cells.at("A5").value.empty());
}

TEST(XlsxVariants, ShiftFormulaMovesRelativeReferencesOnly) {
    EXPECT_EQ(xlsx::shift_formula("B2*2", 1, 0), "B3*2");
    EXPECT_EQ(xlsx::shift_formula("SUM($A$1:A2)/LOG10(B$2)", 2, 1), "SUM($A$1:B4)/LOG10(C$2)");
    EXPECT_EQ(xlsx::shift_formula("Blad1!A1+'X Y'!B2&\"A1\"", 1, 1), "Blad1!B2+'X Y'!C3&\"A1\"");
    EXPECT_EQ(xlsx::shift_formula("Tarief2026*2.5+ABCD1", 1, 1), "Tarief2026*2.5+ABCD1");
    // Whole columns and rows move too.
    EXPECT_EQ(xlsx::shift_formula("COUNTIF(A:A,A2)+SUM($B:C)", 1, 1), "COUNTIF(B:B,B3)+SUM($B:D)");
    EXPECT_EQ(xlsx::shift_formula("SUM(2:2)+SUM($3:4)", 1, 0), "SUM(3:3)+SUM($3:5)");
    EXPECT_EQ(xlsx::shift_formula("SUM(Blad1!C:C)", 0, 2), "SUM(Blad1!E:E)");
    // Moved off the sheet: #REF!, as Excel shows it.
    EXPECT_EQ(xlsx::shift_formula("A1+XFD:XFD", 0, 1), "B1+#REF!");
    EXPECT_EQ(xlsx::shift_formula("A2", -2, 0), "#REF!");
}

TEST(XlsxVariants, DateSystem1900AroundTheFictitiousLeapDay) {
    test::workbook_spec spec;
    spec.styles = test::styles_xml({0, 14, 22});
    spec.sheets.push_back({"Blad1", test::worksheet_xml(
        R"(<row r="1"><c r="A1" s="1"><v>1</v></c><c r="B1" s="1"><v>59</v></c><c r="C1" s="1"><v>60</v></c>)"
        R"(<c r="D1" s="1"><v>61</v></c><c r="E1" s="1"><v>46349</v></c><c r="F1" s="2"><v>46349.25</v></c>)"
        R"(<c r="G1" s="0"><v>46349</v></c><c r="H1" s="2"><v>0.5</v></c></row>)")});
    const workbook wb = open_spec(spec);
    EXPECT_FALSE(wb.date1904());
    const std::map<std::string, std::string> expected = {
        {"A1", "date:1900-01-01"}, {"B1", "date:1900-02-28"},
        {"C1", "date:1900-03-01"},  // 1900-02-29 does not exist; kib maps it to the next day
        {"D1", "date:1900-03-01"}, {"E1", "date:2026-11-23"}, {"F1", "date:2026-11-23T06:00:00"},
        {"G1", "number:46349"},     // same number, General format: not a date
        {"H1", "date:1899-12-30T12:00:00"},  // a time of day alone
    };
    EXPECT_EQ(shown(cells_of(wb, "Blad1")), expected);
}

TEST(XlsxVariants, DateSystem1904) {
    test::workbook_spec spec;
    spec.workbook_pr = R"(<workbookPr date1904="1"/>)";
    spec.styles = test::styles_xml({0, 14});
    spec.sheets.push_back({"Blad1", test::worksheet_xml(
        R"(<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>45000</v></c><c r="C1" s="1"><v>44887</v></c>)"
        R"(<c r="D1"><v>45000</v></c></row>)")});
    const workbook wb = open_spec(spec);
    EXPECT_TRUE(wb.date1904());
    const std::map<std::string, std::string> expected = {
        {"A1", "date:1904-01-01"}, {"B1", "date:2027-03-16"}, {"C1", "date:2026-11-23"}, {"D1", "number:45000"}};
    EXPECT_EQ(shown(cells_of(wb, "Blad1")), expected);
}

TEST(XlsxVariants, CustomNumberFormatsDecideDates) {
    // style index -> numFmtId; the value 46349 is 2026-11-23 when read as a date.
    const std::vector<std::pair<std::uint32_t, std::string>> custom = {
        {164, "dd-mm-yyyy"},
        {165, "d mmmm yyyy"},
        {166, "&quot;Week &quot;0"},
        {167, "0\\d"},
        {168, "[Red]0.00"},
        {169, "[h]:mm"},
        {170, "[$-413]d mmmm yyyy"},
        {171, "#,##0.00_);[Red](#,##0.00)"},
        {172, "0.00E+00"},
        {173, "[Magenta]dd-mm-yyyy"},
        {174, "[mm]:ss"},
        {175, "@"},
    };
    test::workbook_spec spec;
    spec.styles = test::styles_xml({0, 164, 165, 166, 167, 168, 169, 170, 171, 172, 173, 174, 175}, custom);
    std::string row = R"(<row r="1">)";
    for (int s = 0; s <= 12; ++s) row += "<c r=\"" + xlsx::column_name(static_cast<std::uint32_t>(s + 1)) + "1\" s=\"" + std::to_string(s) + "\"><v>46349</v></c>";
    row += "</row>";
    spec.sheets.push_back({"Blad1", test::worksheet_xml(row)});
    const workbook wb = open_spec(spec);
    const std::map<std::string, std::string> expected = {
        {"A1", "number:46349"},      // General
        {"B1", "date:2026-11-23"},   // dd-mm-yyyy
        {"C1", "date:2026-11-23"},   // d mmmm yyyy
        {"D1", "number:46349"},      // "Week "0: the d and e are quoted text
        {"E1", "number:46349"},      // 0\d: an escaped d is a literal
        {"F1", "number:46349"},      // [Red]0.00: a colour, no date token
        {"G1", "number:46349"},      // [h]:mm: a duration stays a number
        {"H1", "date:2026-11-23"},   // [$-413] (Dutch locale) d mmmm yyyy
        {"I1", "number:46349"},      // accounting
        {"J1", "number:46349"},      // scientific: E is not a date token
        {"K1", "date:2026-11-23"},   // a colour whose name starts with M is not elapsed minutes
        {"L1", "number:46349"},      // [mm]:ss: a duration
        {"M1", "number:46349"},      // text format
    };
    EXPECT_EQ(shown(cells_of(wb, "Blad1")), expected);
}

TEST(XlsxVariants, IsDateFormatCode) {
    EXPECT_TRUE(xlsx::is_date_format_code("yyyy-mm-dd"));
    EXPECT_TRUE(xlsx::is_date_format_code("h:mm AM/PM"));
    EXPECT_TRUE(xlsx::is_date_format_code("[$-F800]dddd, mmmm dd, yyyy"));
    EXPECT_TRUE(xlsx::is_date_format_code("[Blue][<=100]dd/mm"));
    EXPECT_TRUE(xlsx::is_date_format_code("[Magenta]d-m-yy"));
    EXPECT_FALSE(xlsx::is_date_format_code("[hh]:mm:ss"));
    EXPECT_FALSE(xlsx::is_date_format_code("[ss]"));
    EXPECT_FALSE(xlsx::is_date_format_code("General"));
    EXPECT_FALSE(xlsx::is_date_format_code("0.0 \"dagen\""));
    EXPECT_FALSE(xlsx::is_date_format_code("_-* #,##0.00_-;-* #,##0.00_-"));
    EXPECT_FALSE(xlsx::is_date_format_code("[$\xE2\x82\xAC-413] #,##0.00"));
}

TEST(XlsxVariants, RowsAndCellsWithoutReferences) {
    test::workbook_spec spec;
    spec.sheets.push_back({"Blad1", test::worksheet_xml(
        R"(<row><c><v>1</v></c><c t="inlineStr"><is><t>x</t></is></c></row>)"
        R"(<row><c r="C2"><v>3</v></c><c><v>4</v></c></row>)"
        R"(<row r="5"><c><v>5</v></c></row>)"
        R"(<row><c r="B6"><v>6</v></c></row>)")});
    const workbook wb = open_spec(spec);
    sheet_summary sum;
    const std::map<std::string, std::string> expected = {{"A1", "number:1"}, {"B1", "text:x"}, {"C2", "number:3"},
                                                         {"D2", "number:4"}, {"A5", "number:5"}, {"B6", "number:6"}};
    EXPECT_EQ(shown(cells_of(wb, "Blad1", &sum)), expected);
    EXPECT_EQ(sum.used_range(), "A1:D6");
    EXPECT_EQ(sum.rows_with_values, 4u);
    EXPECT_EQ(sum.dimension, "");
}

TEST(XlsxVariants, LastCellAndSparseWideRow) {
    std::string wide = R"(<row r="1">)";
    std::map<std::string, std::string> expected;
    for (std::uint32_t c = 1; c <= xlsx::max_cols; c += 97) {
        wide += "<c r=\"" + xlsx::cell_ref(c, 1) + "\"><v>" + std::to_string(c) + "</v></c>";
        expected[xlsx::cell_ref(c, 1)] = "number:" + std::to_string(c);
    }
    wide += R"(<c r="XFD1"><v>16384</v></c></row>)";
    expected["XFD1"] = "number:16384";
    wide += R"(<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>laatste</t></is></c></row>)";
    expected["XFD1048576"] = "text:laatste";
    test::workbook_spec spec;
    spec.sheets.push_back({"Blad1", test::worksheet_xml(wide)});
    const workbook wb = open_spec(spec);
    sheet_summary sum;
    EXPECT_EQ(shown(cells_of(wb, "Blad1", &sum)), expected);
    EXPECT_EQ(expected.size(), 171u);
    EXPECT_EQ(sum.used_range(), "A1:XFD1048576");
    EXPECT_EQ(sum.cells, 171u);
    EXPECT_EQ(sum.last_row, 1048576u);
    EXPECT_EQ(sum.last_col, 16384u);
}

TEST(XlsxVariants, CellTypesStrBoolErrorIsoDate) {
    test::workbook_spec spec;
    spec.sheets.push_back({"Blad1", test::worksheet_xml(
        R"(<row r="1"><c r="A1" t="str"><f>CONCAT("a","b")</f><v>ab</v></c><c r="B1" t="b"><v>1</v></c>)"
        R"(<c r="C1" t="b"><v>0</v></c><c r="D1" t="e"><v>#N/A</v></c><c r="E1" t="e"><f>1/0</f><v>#DIV/0!</v></c>)"
        R"(<c r="F1" t="d"><v>2026-11-23T14:05:00</v></c><c r="G1" t="d"><v>2026-11-23</v></c>)"
        R"(<c r="H1" t="n"><v>1.5E-3</v></c><c r="I1"><v>-0</v></c><c r="J1" t="str"><v>_x0009_tab</v></c></row>)")});
    const workbook wb = open_spec(spec);
    const auto cells = cells_of(wb, "Blad1");
    const std::map<std::string, std::string> expected = {
        {"A1", "text:ab"}, {"B1", "bool:TRUE"}, {"C1", "bool:FALSE"}, {"D1", "error:#N/A"}, {"E1", "error:#DIV/0!"},
        {"F1", "date:2026-11-23T14:05:00"}, {"G1", "date:2026-11-23"}, {"H1", "number:0.0015"}, {"I1", "number:0"},
        {"J1", "text:\ttab"}};
    EXPECT_EQ(shown(cells), expected);
    EXPECT_EQ(cells.at("A1").formula, "CONCAT(\"a\",\"b\")");
    EXPECT_EQ(cells.at("G1").value.number, 46349.0);
}

std::vector<zip_entry> strict_workbook() {
    const std::string types = std::string(types_head) + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"" + ct_workbook +
                              "\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"" + ct_sheet + "\"/></Types>";
    const std::string pkg_rels = std::string(rels_head) +
                                 R"(<Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>)";
    const std::string wb = std::string(R"(<?xml version="1.0" encoding="UTF-8"?><workbook xmlns=")") + strict_main +
                           "\" xmlns:r=\"" + strict_rel + R"(" conformance="strict"><workbookPr date1904="false"/>)"
                           R"(<sheets><sheet name="Strikt" sheetId="1" r:id="rId1"/></sheets>)"
                           R"(<definedNames><definedName name="Doel">Strikt!$B$1</definedName></definedNames></workbook>)";
    const std::string wb_rels = std::string(rels_head) +
                                R"(<Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet" Target="worksheets/sheet1.xml"/>)"
                                R"(<Relationship Id="rId2" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/sharedStrings" Target="sharedStrings.xml"/>)"
                                R"(<Relationship Id="rId3" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/styles" Target="styles.xml"/></Relationships>)";
    const std::string sst = std::string(R"(<?xml version="1.0" encoding="UTF-8"?><sst xmlns=")") + strict_main +
                            R"(" count="1" uniqueCount="1"><si><t>strikt</t></si></sst>)";
    const std::string styles = std::string(R"(<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns=")") + strict_main +
                               R"("><numFmts count="1"><numFmt numFmtId="164" formatCode="dd-mm-yyyy"/></numFmts>)"
                               R"(<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>)";
    const std::string sheet = std::string(R"(<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns=")") + strict_main +
                              "\" xmlns:r=\"" + strict_rel + R"("><dimension ref="A1:C1"/><sheetData>)"
                              R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>12.5</v></c><c r="C1" s="1"><v>46349</v></c></row>)"
                              R"(</sheetData><mergeCells count="1"><mergeCell ref="D1:E1"/></mergeCells></worksheet>)";
    return {{"[Content_Types].xml", types}, {"_rels/.rels", pkg_rels}, {"xl/workbook.xml", wb},
            {"xl/_rels/workbook.xml.rels", wb_rels}, {"xl/sharedStrings.xml", sst}, {"xl/styles.xml", styles},
            {"xl/worksheets/sheet1.xml", sheet}};
}

TEST(XlsxVariants, StrictOoxmlNamespaces) {
    const workbook wb = open_entries(strict_workbook());
    ASSERT_EQ(wb.sheets().size(), 1u);
    EXPECT_EQ(wb.sheets()[0].name, "Strikt");
    EXPECT_EQ(wb.sheets()[0].kind, "worksheet");
    ASSERT_EQ(wb.defined_names().size(), 1u);
    EXPECT_EQ(wb.defined_names()[0].value, "Strikt!$B$1");
    sheet_summary sum;
    const std::map<std::string, std::string> expected = {{"A1", "text:strikt"}, {"B1", "number:12.5"}, {"C1", "date:2026-11-23"}};
    EXPECT_EQ(shown(cells_of(wb, "Strikt", &sum)), expected);
    EXPECT_EQ(sum.dimension, "A1:C1");
    EXPECT_EQ(sum.merged, std::vector<std::string>{"D1:E1"});
}

TEST(XlsxVariants, PrefixedNamespacesAndForeignElements) {
    const std::string types = std::string(types_head) + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"" + ct_workbook +
                              "\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"" + ct_sheet + "\"/></Types>";
    const std::string pkg_rels = std::string(
        R"(<?xml version="1.0"?><pr:Relationships xmlns:pr="http://schemas.openxmlformats.org/package/2006/relationships">)"
        R"(<pr:Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></pr:Relationships>)");
    const std::string wb = std::string(R"(<?xml version="1.0"?><ns0:workbook xmlns:ns0=")") + test::sml_ns + "\" xmlns:rel=\"" +
                           test::rel_ns + R"("><ns0:sheets><ns0:sheet name="Voorvoegsel" sheetId="1" rel:id="rIdX"/></ns0:sheets></ns0:workbook>)";
    const std::string wb_rels = std::string(rels_head) +
                                R"(<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>)"
                                R"(<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>)";
    const std::string sst = std::string(R"(<?xml version="1.0"?><s:sst xmlns:s=")") + test::sml_ns +
                            R"("><s:si><s:t>met voorvoegsel</s:t></s:si></s:sst>)";
    // x: is SpreadsheetML here; the default namespace and foo: are foreign, so their <row>/<c>
    // must be ignored even though the local names match.
    const std::string sheet = std::string(R"(<?xml version="1.0"?><x:worksheet xmlns:x=")") + test::sml_ns +
                              R"(" xmlns="urn:example:not-spreadsheetml" xmlns:foo="urn:example:other"><x:sheetData>)"
                              R"(<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1"><x:v>2</x:v></x:c>)"
                              R"(<c r="C1"><v>99</v></c><foo:c r="D1"><foo:v>98</foo:v></foo:c></x:row>)"
                              R"(<row r="2"><c r="A2"><v>97</v></c></row>)"
                              R"(</x:sheetData></x:worksheet>)";
    const workbook wb_ = open_entries({{"[Content_Types].xml", types}, {"_rels/.rels", pkg_rels}, {"xl/workbook.xml", wb},
                                       {"xl/_rels/workbook.xml.rels", wb_rels}, {"xl/sharedStrings.xml", sst},
                                       {"xl/worksheets/sheet1.xml", sheet}});
    ASSERT_EQ(wb_.sheets().size(), 1u);
    EXPECT_EQ(wb_.sheets()[0].name, "Voorvoegsel");
    const std::map<std::string, std::string> expected = {{"A1", "text:met voorvoegsel"}, {"B1", "number:2"}};
    EXPECT_EQ(shown(cells_of(wb_, "Voorvoegsel")), expected);
}

TEST(XlsxVariants, WorkbookAtNonStandardPathWithAbsoluteAndEncodedTargets) {
    const std::string types = std::string(types_head) + "<Override PartName=\"/book/main.xml\" ContentType=\"" + ct_workbook +
                              "\"/><Override PartName=\"/book/sheets/Blad%201.xml\" ContentType=\"" + ct_sheet +
                              "\"/><Override PartName=\"/book/sheets/tweede%20blad.xml\" ContentType=\"" + ct_sheet + "\"/></Types>";
    const std::string pkg_rels = std::string(rels_head) +
                                 R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/book/main.xml"/></Relationships>)";
    const std::string wb = std::string(R"(<?xml version="1.0"?><workbook xmlns=")") + test::sml_ns + "\" xmlns:r=\"" + test::rel_ns +
                           R"("><sheets><sheet name="Eerste" sheetId="1" r:id="a"/><sheet name="Tweede" sheetId="2" r:id="b"/></sheets></workbook>)";
    const std::string wb_rels = std::string(rels_head) +
                                R"(<Relationship Id="a" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/book/sheets/Blad%201.xml"/>)"
                                R"(<Relationship Id="b" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="./sheets/tweede%20blad.xml"/>)"
                                R"(<Relationship Id="c" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="../strings/sst.xml"/>)"
                                R"(<Relationship Id="d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/a%20b" TargetMode="External"/></Relationships>)";
    const std::string sst = std::string(R"(<?xml version="1.0"?><sst xmlns=")") + test::sml_ns + R"("><si><t>elders</t></si></sst>)";
    const workbook wb_ = open_entries({{"[Content_Types].xml", types}, {"_rels/.rels", pkg_rels}, {"book/main.xml", wb},
                                       {"book/_rels/main.xml.rels", wb_rels}, {"strings/sst.xml", sst},
                                       {"book/sheets/Blad 1.xml", test::worksheet_xml(R"(<row r="1"><c r="A1" t="s"><v>0</v></c></row>)")},
                                       {"book/sheets/tweede blad.xml", test::worksheet_xml(R"(<row r="2"><c r="B2"><v>2</v></c></row>)")}});
    EXPECT_EQ(wb_.workbook_part(), "book/main.xml");
    ASSERT_EQ(wb_.sheets().size(), 2u);
    EXPECT_EQ(wb_.sheets()[0].part, "book/sheets/Blad 1.xml");
    EXPECT_EQ(wb_.sheets()[1].part, "book/sheets/tweede blad.xml");
    EXPECT_EQ(shown(cells_of(wb_, "Eerste")), (std::map<std::string, std::string>{{"A1", "text:elders"}}));
    EXPECT_EQ(shown(cells_of(wb_, "Tweede")), (std::map<std::string, std::string>{{"B2", "number:2"}}));
}

TEST(XlsxVariants, HiddenSheetsAndLocalDefinedNames) {
    test::workbook_spec spec;
    spec.sheets.push_back({"Zichtbaar", test::worksheet_xml(R"(<row r="1"><c r="A1"><v>1</v></c></row>)")});
    spec.sheets.push_back({"Verborgen", test::worksheet_xml(R"(<row r="1"><c r="A1"><v>2</v></c></row>)"), "hidden"});
    spec.sheets.push_back({"Heel verborgen", test::worksheet_xml(R"(<row r="1"><c r="A1"><v>3</v></c></row>)"), "veryHidden"});
    spec.defined_names =
        R"(<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">Zichtbaar!$A$1:$A$1</definedName>)"
        R"(<definedName name="_xlnm.Print_Area" localSheetId="2">'Heel verborgen'!$A$1</definedName>)"
        R"(<definedName name="Doel">Verborgen!$A$1</definedName>)";
    const workbook wb = open_spec(spec);
    ASSERT_EQ(wb.sheets().size(), 3u);
    EXPECT_EQ(wb.sheets()[0].state, "visible");
    EXPECT_EQ(wb.sheets()[1].state, "hidden");
    EXPECT_EQ(wb.sheets()[2].state, "veryHidden");
    EXPECT_EQ(show(cells_of(wb, "Heel verborgen").at("A1").value), "number:3");
    ASSERT_EQ(wb.defined_names().size(), 3u);
    EXPECT_EQ(wb.defined_names()[0].name, "_xlnm._FilterDatabase");
    EXPECT_EQ(wb.defined_names()[0].scope, "Zichtbaar");
    EXPECT_TRUE(wb.defined_names()[0].hidden);
    EXPECT_EQ(wb.defined_names()[1].scope, "Heel verborgen");
    EXPECT_EQ(wb.defined_names()[1].value, "'Heel verborgen'!$A$1");
    EXPECT_FALSE(wb.defined_names()[1].hidden);
    EXPECT_EQ(wb.defined_names()[2].scope, "");
    EXPECT_EQ(wb.defined_names()[2].value, "Verborgen!$A$1");
}

TEST(XlsxVariants, TableFoundByName) {
    test::workbook_spec spec;
    spec.shared_strings = test::shared_strings_xml({"Domein", "Score", "Zorg", "Wonen"});
    spec.sheets.push_back({"Data", test::worksheet_xml(
        R"(<row r="2"><c r="B2" t="s"><v>0</v></c><c r="C2" t="s"><v>1</v></c></row>)"
        R"(<row r="3"><c r="B3" t="s"><v>2</v></c><c r="C3"><v>7.5</v></c></row>)"
        R"(<row r="4"><c r="B4" t="s"><v>3</v></c><c r="C4"><v>8</v></c></row>)",
        R"(<tableParts count="1"><tablePart r:id="rIdTab"/></tableParts>)")});
    std::vector<zip_entry> entries = test::workbook_entries(spec);
    entries.push_back({"xl/worksheets/_rels/sheet1.xml.rels",
                       std::string(rels_head) +
                           R"(<Relationship Id="rIdTab" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/table" Target="../tables/table1.xml"/></Relationships>)"});
    entries.push_back({"xl/tables/table1.xml",
                       std::string(R"(<?xml version="1.0"?><table xmlns=")") + test::sml_ns +
                           R"(" id="1" name="Tabel1" displayName="Scores_2026" ref="B2:C4" totalsRowShown="0">)"
                           R"(<autoFilter ref="B2:C4"/><tableColumns count="2"><tableColumn id="1" name="Domein"/>)"
                           R"(<tableColumn id="2" name="Score"/></tableColumns></table>)"});
    const workbook wb = open_entries(entries);
    const table_info* t = wb.find_table("scores_2026");
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->name, "Scores_2026");
    EXPECT_EQ(t->sheet, "Data");
    EXPECT_EQ(t->ref, "B2:C4");
    EXPECT_EQ(t->header_rows, 1u);
    EXPECT_EQ(t->totals_rows, 0u);
    EXPECT_EQ(t->columns, (std::vector<std::string>{"Domein", "Score"}));
    EXPECT_EQ(t->part, "xl/tables/table1.xml");
    EXPECT_EQ(wb.find_table("Tabel2"), nullptr);
    ASSERT_EQ(wb.sheets()[0].tables.size(), 1u);
    EXPECT_EQ(show(cells_of(wb, "Data").at("C3").value), "number:7.5");
}

TEST(XlsxVariants, StreamingDeliversRowsInOrderWithOnlyValueCells) {
    std::string data;
    for (int r = 1; r <= 2000; ++r) {
        data += "<row r=\"" + std::to_string(r) + "\"><c r=\"A" + std::to_string(r) + "\"><v>" + std::to_string(r) +
                "</v></c><c r=\"B" + std::to_string(r) + "\" s=\"0\"/><c r=\"C" + std::to_string(r) + "\" t=\"inlineStr\"><is><t>r" +
                std::to_string(r) + "</t></is></c></row>";
    }
    test::workbook_spec spec;
    spec.sheets.push_back({"Groot", test::worksheet_xml(data)});
    const workbook wb = open_spec(spec);
    std::uint32_t expected_row = 0;
    double sum = 0;
    const sheet_summary s = wb.for_each_row(wb.sheet("Groot"), [&](const row& r) {
        ++expected_row;
        ASSERT_EQ(r.index, expected_row);
        ASSERT_EQ(r.cells.size(), 2u);
        EXPECT_EQ(r.cells[0].col, 1u);
        EXPECT_EQ(r.cells[1].col, 3u);
        EXPECT_EQ(r.cells[1].value.text, "r" + std::to_string(expected_row));
        sum += r.cells[0].value.number;
    });
    EXPECT_EQ(expected_row, 2000u);
    EXPECT_EQ(sum, 2001000.0);
    EXPECT_EQ(s.cells, 4000u);
    EXPECT_EQ(s.used_range(), "A1:C2000");
}

// A sheet big enough (several MiB of XML) that the package inflates it on a helper thread.
test::workbook_spec big_sheet_spec(int rows) {
    std::string data;
    for (int r = 1; r <= rows; ++r) {
        const std::string n = std::to_string(r);
        data += "<row r=\"" + n + "\"><c r=\"A" + n + "\"><v>" + n + "</v></c><c r=\"B" + n +
                "\" t=\"inlineStr\"><is><t>rij " + std::to_string(r * 7919 % 10007) + "</t></is></c></row>\n";
    }
    test::workbook_spec spec;
    spec.sheets.push_back({"Groot", test::worksheet_xml(data)});
    return spec;
}

TEST(XlsxStreaming, BigSheetThroughReadahead) {
    const test::workbook_spec spec = big_sheet_spec(25000);
    ASSERT_GT(spec.sheets[0].xml.size(), 2u << 20);  // over the 1 MiB readahead threshold
    const workbook wb = open_spec(spec);
    std::uint64_t rows = 0;
    double sum = 0;
    std::string last;
    const sheet_summary s = wb.for_each_row(wb.sheet("Groot"), [&](const row& r) {
        ++rows;
        ASSERT_EQ(r.index, rows);
        sum += r.cells[0].value.number;
        last = r.cells[1].value.text;
    });
    EXPECT_EQ(rows, 25000u);
    EXPECT_EQ(sum, 25000.0 * 25001.0 / 2.0);
    EXPECT_EQ(last, "rij " + std::to_string(25000 * 7919 % 10007));
    EXPECT_EQ(s.used_range(), "A1:B25000");
}

TEST(XlsxStreaming, CallerStoppingMidSheetDoesNotHang) {
    const workbook wb = open_spec(big_sheet_spec(25000));
    struct stop {};
    int seen = 0;
    EXPECT_THROW(wb.for_each_row(wb.sheet("Groot"), [&](const row&) {
        if (++seen == 100) throw stop{};
    }), stop);
    EXPECT_EQ(seen, 100);
    // The workbook stays usable.
    EXPECT_EQ(wb.read_rows(wb.sheet("Groot")).size(), 25000u);
}

TEST(XlsxStreaming, DamagedBigSheetIsAnErrorNamingThePart) {
    std::string zip = test::make_zip(test::workbook_entries(big_sheet_spec(25000)));
    const std::string name = "xl/worksheets/sheet1.xml";
    std::size_t at = zip.find("PK\x03\x04");
    while (at != std::string::npos && zip.compare(at + 30, name.size(), name) != 0) at = zip.find("PK\x03\x04", at + 1);
    ASSERT_NE(at, std::string::npos);
    auto u16 = [&zip](std::size_t p) { return static_cast<std::size_t>(static_cast<unsigned char>(zip[p]) | (static_cast<unsigned char>(zip[p + 1]) << 8)); };
    auto u32 = [&zip](std::size_t p) {
        std::size_t v = 0;
        for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(zip[p + static_cast<std::size_t>(i)]);
        return v;
    };
    const std::size_t data = at + 30 + u16(at + 26) + u16(at + 28);
    const std::size_t compressed = u32(at + 18);
    ASSERT_GT(compressed, 100000u);
    for (std::size_t where : {data + compressed / 2, data + compressed - 40}) {
        SCOPED_TRACE(where);
        std::string bad = zip;
        bad[where] = static_cast<char>(bad[where] ^ 0xFF);
        const workbook wb = workbook::open(package::open_buffer(bad, "groot.xlsx"));
        const error e = test::catch_error([&] { wb.for_each_row(wb.sheet("Groot"), [](const row&) {}); });
        EXPECT_EQ(e.category(), error_category::bad_input) << e.what();
        EXPECT_EQ(e.where().file, "groot.xlsx");
        EXPECT_EQ(e.where().part, name);
    }
}

// Shared strings and cells far past the parser's first 256 KiB chunk: multi-byte UTF-8,
// entities and tags cut at every possible place by the chunk boundaries.
TEST(XlsxStreaming, ValuesAcrossChunkBoundariesAreExact) {
    const int n = 20000;
    auto text_of = [](int i) { return "Tekst \u00e9\u20ac & <" + std::to_string(i) + "> \U0001F600" + std::string(static_cast<std::size_t>(i % 7), ' '); };
    std::string sst = std::string(R"(<?xml version="1.0" encoding="UTF-8"?>)") + "\n<sst xmlns=\"" + test::sml_ns + "\">";
    std::string data;
    for (int i = 0; i < n; ++i) {
        sst += "<si><t xml:space=\"preserve\">Tekst \u00e9&#x20AC; &amp; &lt;" + std::to_string(i) + "&gt; \U0001F600" +
               std::string(static_cast<std::size_t>(i % 7), ' ') + "</t></si>\n";
        const std::string r = std::to_string(i + 1);
        data += "<row r=\"" + r + "\" spans=\"1:3\"><c r=\"A" + r + "\" t=\"s\"><v>" + std::to_string(n - 1 - i) + "</v></c><c r=\"C" + r +
                "\" s=\"0\"><v>" + std::to_string(i) + ".25</v></c></row>\n";
    }
    sst += "</sst>";
    ASSERT_GT(sst.size(), 1u << 20);
    test::workbook_spec spec;
    spec.shared_strings = sst;
    spec.sheets.push_back({"Blad1", test::worksheet_xml(data)});
    const workbook wb = open_spec(spec);
    int rows = 0, wrong = 0;
    wb.for_each_row(wb.sheet("Blad1"), [&](const row& r) {
        const int i = static_cast<int>(r.index) - 1;
        ++rows;
        if (r.cells.size() != 2 || r.cells[0].value.text != text_of(n - 1 - i) || r.cells[1].value.number != i + 0.25) ++wrong;
    });
    EXPECT_EQ(rows, n);
    EXPECT_EQ(wrong, 0);
}

TEST(XlsxStreaming, ErrorLineIsRightFarIntoABigSheet) {
    std::string data;
    for (int r = 1; r <= 50000; ++r) {
        const std::string n = std::to_string(r);
        data += "<row r=\"" + n + "\"><c r=\"A" + n + "\"><v>" + (r == 40000 ? std::string("n.m.") : n) + "</v></c></row>\n";
    }
    test::workbook_spec spec;
    spec.sheets.push_back({"Groot", test::worksheet_xml(data)});
    const workbook wb = open_spec(spec);
    const error e = test::catch_error([&] { wb.for_each_row(wb.sheet("Groot"), [](const row&) {}); });
    EXPECT_EQ(e.category(), error_category::bad_input);
    EXPECT_EQ(e.where().part, "xl/worksheets/sheet1.xml");
    EXPECT_EQ(e.where().where, "Groot!A40000");
    EXPECT_EQ(e.where().line, 40001u);  // line 1 is the XML declaration
    EXPECT_EQ(e.message(), "\"n.m.\" is not a number");
}

TEST(XlsxVariants, ColumnAndRowOverflowWithoutReferences) {
    test::workbook_spec spec;
    spec.sheets.push_back({"Blad1", test::worksheet_xml(R"(<row r="1"><c r="XFD1"><v>1</v></c><c><v>2</v></c></row>)")});
    error e = test::catch_error([&] { const workbook wb = open_spec(spec); (void)wb.read_rows(wb.sheets()[0]); });
    EXPECT_EQ(e.category(), error_category::bad_input);
    EXPECT_EQ(e.where().where, "Blad1!XFD1");
    EXPECT_EQ(e.message(), "more than 16384 columns");

    test::workbook_spec spec2;
    spec2.sheets.push_back({"Blad1", test::worksheet_xml(R"(<row r="1048576"><c><v>1</v></c></row><row><c><v>2</v></c></row>)")});
    e = test::catch_error([&] { const workbook wb = open_spec(spec2); (void)wb.read_rows(wb.sheets()[0]); });
    EXPECT_EQ(e.category(), error_category::bad_input);
    EXPECT_EQ(e.where().where, "Blad1!A1048576");
    EXPECT_EQ(e.message(), "more than 1048576 rows");
}

TEST(XlsxVariants, ChartsheetIsListedButHasNoCells) {
    test::workbook_spec spec;
    spec.sheets.push_back({"Data", test::worksheet_xml(R"(<row r="1"><c r="A1"><v>1</v></c></row>)")});
    std::vector<zip_entry> entries = test::workbook_entries(spec);
    for (auto& z : entries) {
        if (z.name == "xl/workbook.xml")
            z.data.replace(z.data.find("</sheets>"), 9, R"(<sheet name="Grafiek" sheetId="2" r:id="rIdC"/></sheets>)");
        if (z.name == "xl/_rels/workbook.xml.rels")
            z.data.replace(z.data.find("</Relationships>"), 16,
                           R"(<Relationship Id="rIdC" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet" Target="chartsheets/sheet1.xml"/></Relationships>)");
    }
    entries.push_back({"xl/chartsheets/sheet1.xml", std::string(R"(<?xml version="1.0"?><chartsheet xmlns=")") + test::sml_ns + "\"/>"});
    const workbook wb = open_entries(entries);
    ASSERT_EQ(wb.sheets().size(), 2u);
    EXPECT_EQ(wb.sheets()[1].name, "Grafiek");
    EXPECT_EQ(wb.sheets()[1].kind, "chartsheet");
    EXPECT_EQ(wb.sheets()[1].part, "xl/chartsheets/sheet1.xml");
    const error e = test::catch_error([&] { (void)wb.read_rows(wb.sheet("Grafiek")); });
    EXPECT_EQ(e.category(), error_category::bad_input);
    EXPECT_EQ(e.where().part, "xl/chartsheets/sheet1.xml");
    EXPECT_EQ(e.where().where, "Grafiek");
    EXPECT_EQ(e.message(), "'Grafiek' is a chartsheet, not a worksheet with cells");
}

// ---- malformed workbooks -------------------------------------------------------------------

// Damaged XML in every part kib reads, at many places: a clear error or a read, never a crash.
TEST(XlsxMalformed, MutatedPartsNeverCrash) {
    const package original = package::open(test::fixture("xlsx/kpi.xlsx"));
    std::vector<zip_entry> entries;
    for (const auto& e : original.entries()) entries.push_back({e.name, original.read(e.name)});
    const std::vector<std::string> targets = {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml",
                                              "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/sharedStrings.xml",
                                              "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"};
    const std::vector<std::string> replacements = {"", "<", ">", "&", "\"", "\xFF", "<!DOCTYPE x>", "</c>", "<c>"};
    int refused = 0, read = 0;
    for (const std::string& target : targets) {
        std::size_t index = 0;
        while (entries[index].name != target) ++index;
        const std::string part = entries[index].data;
        for (std::size_t k = 0; k < 24; ++k) {
            const std::size_t at = (part.size() * (2 * k + 1)) / 48;
            const std::string& with = replacements[(k + index) % replacements.size()];
            std::vector<zip_entry> mutated = entries;
            mutated[index].data = part.substr(0, at) + with + part.substr(at + 1);
            SCOPED_TRACE(target + " at " + std::to_string(at) + " -> '" + with + "'");
            try {
                const workbook wb = workbook::open(package::open_buffer(test::make_zip(mutated), "mutant.xlsx"));
                for (const sheet_info& s : wb.sheets()) (void)wb.read_rows(s);
                ++read;
            } catch (const error& e) {
                ++refused;
                EXPECT_NE(e.category(), error_category::internal) << e.what();
                EXPECT_EQ(e.where().file, "mutant.xlsx");
                EXPECT_FALSE(e.where().part.empty()) << e.what();
            }
        }
    }
    EXPECT_EQ(refused + read, 192);
    EXPECT_GT(refused, 100);
}

TEST(XlsxMalformed, InvalidUtf8InSharedString) {
    test::workbook_spec spec;
    spec.shared_strings = std::string(R"(<?xml version="1.0" encoding="UTF-8"?>)") + "\n<sst xmlns=\"" + test::sml_ns +
                          "\">\n<si><t>goed</t></si>\n<si><t>caf\xC3( kapot</t></si></sst>";
    spec.sheets.push_back({"Blad1", test::worksheet_xml(R"(<row r="1"><c r="A1" t="s"><v>0</v></c></row>)")});
    const error e = test::catch_error([&] { (void)open_spec(spec); });
    EXPECT_EQ(e.category(), error_category::bad_input);
    EXPECT_EQ(e.where().file, "hand.xlsx");
    EXPECT_EQ(e.where().part, "xl/sharedStrings.xml");
    EXPECT_EQ(e.where().line, 4u);
    EXPECT_NE(e.message().find("not valid UTF-8"), std::string::npos);
}

TEST(XlsxMalformed, SharedStringIndexOutOfRangeNamesTheCell) {
    test::workbook_spec spec;
    spec.shared_strings = test::shared_strings_xml({"een", "twee"});
    spec.sheets.push_back({"Blad 1", test::worksheet_xml(
        R"(<row r="1"><c r="A1" t="s"><v>1</v></c></row>)"
        "\n" R"(<row r="2"><c r="B2" t="s"><v>2</v></c></row>)")});
    const workbook wb = open_spec(spec);
    const error e = test::catch_error([&] { (void)wb.read_rows(wb.sheet("Blad 1")); });
    EXPECT_EQ(e.category(), error_category::bad_input);
    EXPECT_EQ(e.where().file, "hand.xlsx");
    EXPECT_EQ(e.where().part, "xl/worksheets/sheet1.xml");
    EXPECT_EQ(e.where().where, "'Blad 1'!B2");
    EXPECT_EQ(e.where().line, 3u);
    EXPECT_NE(e.message().find("shared string index \"2\" is out of range (the table has 2 strings)"), std::string::npos);
}

TEST(XlsxMalformed, NonNumericValueInNumberCell) {
    test::workbook_spec spec;
    std::string rows;
    for (int r = 1; r <= 6; ++r) rows += "<row r=\"" + std::to_string(r) + "\"><c r=\"D" + std::to_string(r) + "\"><v>1</v></c></row>";
    rows += R"(<row r="7"><c r="D7"><v>6,0</v></c></row>)";
    spec.sheets.push_back({"KPI's", test::worksheet_xml(rows)});
    const workbook wb = open_spec(spec);
    const error e = test::catch_error([&] { (void)wb.read_rows(wb.sheet("KPI's")); });
    EXPECT_EQ(e.category(), error_category::bad_input);
    EXPECT_EQ(e.where().part, "xl/worksheets/sheet1.xml");
    EXPECT_EQ(e.where().where, "'KPI''s'!D7");
    EXPECT_EQ(e.message(), "\"6,0\" is not a number");
    EXPECT_NE(std::string(e.what()).find("hand.xlsx: xl/worksheets/sheet1.xml: line 2"), std::string::npos);
}

TEST(XlsxMalformed, BadCellAndRowReferences) {
    struct bad_case {
        std::string sheet_data;
        std::string where;
        std::string message;
    };
    const std::vector<bad_case> cases = {
        {R"(<row r="1"><c r="A-1"><v>1</v></c></row>)", "Blad1!A1", "invalid cell reference r=\"A-1\""},
        {R"(<row r="1"><c r="A1048577"><v>1</v></c></row>)", "Blad1!A1", "invalid cell reference r=\"A1048577\""},
        {R"(<row r="1"><c r="XFE1"><v>1</v></c></row>)", "Blad1!A1", "invalid cell reference r=\"XFE1\""},
        {R"(<row r="1"><c r="B1"><v>1</v></c><c r="99999999999999999999"><v>1</v></c></row>)", "Blad1!C1",
         "invalid cell reference r=\"99999999999999999999\""},
        {R"(<row r="-1"><c><v>1</v></c></row>)", "Blad1!A1", "invalid row number r=\"-1\""},
        {R"(<row r="1048577"><c><v>1</v></c></row>)", "Blad1!A1", "invalid row number r=\"1048577\""},
        {R"(<row r="4294967297"><c><v>1</v></c></row>)", "Blad1!A1", "invalid row number r=\"4294967297\""},
        {R"(<row r="5"><c r="A5"><v>1</v></c></row><row r="3"><c r="A3"><v>1</v></c></row>)", "Blad1!A3",
         "row 3 comes after row 5"},
        {R"(<row r="2"><c r="A3"><v>1</v></c></row>)", "Blad1!A3", "cell A3 sits in row 2"},
        {R"(<row r="1"><c r="B1"><v>1</v></c><c r="B1"><v>2</v></c></row>)", "Blad1!B1", "the cell appears twice in its row"},
        {R"(<row r="1"><c r="A1"><v>nan</v></c></row>)", "Blad1!A1", "\"nan\" is not a number"},
        {R"(<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="n"><v>-inf</v></c></row>)", "Blad1!B1", "\"-inf\" is not a number"},
        {R"(<row r="1"><c r="A1"><v>1e999</v></c></row>)", "Blad1!A1", "\"1e999\" is not a number"},
        // An empty <v> is an empty cell (tests/lenient_test.cpp); a value with a gap inside is broken.
        {R"(<row r="1"><c r="A1"><v>1 2</v></c></row>)", "Blad1!A1", "\"1 2\" is not a number"},
        {R"(<row r="1"><c r="A1" t="b"><v>ja</v></c></row>)", "Blad1!A1", "\"ja\" is not a boolean"},
        {R"(<row r="1"><c r="A1" t="d"><v>23-11-2026</v></c></row>)", "Blad1!A1", "\"23-11-2026\" is not an ISO 8601 date"},
        {R"(<row r="1"><c r="A1" t="q"><v>1</v></c></row>)", "Blad1!A1", "unknown cell type t=\"q\""},
        {R"(<row r="1"><c r="C1"><f t="shared" si="4"/><v>1</v></c></row>)", "Blad1!C1",
         "shared formula 4 is used before it is defined"},
    };
    for (const bad_case& c : cases) {
        SCOPED_TRACE(c.sheet_data);
        test::workbook_spec spec;
        spec.sheets.push_back({"Blad1", test::worksheet_xml(c.sheet_data)});
        const workbook wb = open_spec(spec);
        const error e = test::catch_error([&] { (void)wb.read_rows(wb.sheets()[0]); });
        EXPECT_EQ(e.category(), error_category::bad_input);
        EXPECT_EQ(e.where().part, "xl/worksheets/sheet1.xml");
        EXPECT_EQ(e.where().where, c.where);
        EXPECT_EQ(e.where().line, 2u);
        EXPECT_NE(e.message().find(c.message), std::string::npos) << e.message();
    }
}

TEST(XlsxMalformed, TooManySharedStringsIsALimit) {
    test::workbook_spec spec;
    // The count attributes are not trusted: a huge claim must not make kib reserve memory.
    spec.shared_strings = std::string(R"(<?xml version="1.0"?><sst xmlns=")") + test::sml_ns +
                          R"(" count="18446744073709551615" uniqueCount="18446744073709551615">)"
                          R"(<si><t>a</t></si><si><t>b</t></si><si><t>c</t></si><si><t>d</t></si></sst>)";
    spec.sheets.push_back({"Blad1", test::worksheet_xml(R"(<row r="1"><c r="A1" t="s"><v>3</v></c></row>)")});
    EXPECT_EQ(shown(cells_of(open_spec(spec), "Blad1")), (std::map<std::string, std::string>{{"A1", "text:d"}}));

    workbook_limits limits;
    limits.max_shared_strings = 3;
    const error e = test::catch_error([&] { (void)open_spec(spec, limits); });
    EXPECT_EQ(e.category(), error_category::limit);
    EXPECT_EQ(e.where().part, "xl/sharedStrings.xml");
    EXPECT_EQ(e.where().line, 1u);
    EXPECT_NE(e.message().find("more than 3 shared strings"), std::string::npos);
}

TEST(XlsxMalformed, TooManyCellsIsALimit) {
    test::workbook_spec spec;
    spec.sheets.push_back({"Blad1", test::worksheet_xml(
        R"(<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>1</v></c></row><row r="2"><c r="A2"><v>1</v></c><c r="B2"><v>1</v></c></row>)")});
    workbook_limits limits;
    limits.max_cells = 3;
    const workbook wb = open_spec(spec, limits);
    const error e = test::catch_error([&] { (void)wb.read_rows(wb.sheets()[0]); });
    EXPECT_EQ(e.category(), error_category::limit);
    EXPECT_EQ(e.where().where, "Blad1!B2");
    EXPECT_NE(e.message().find("more than 3 cells"), std::string::npos);
}

TEST(XlsxMalformed, MalformedSheetXmlGivesLineAndColumn) {
    const std::string line3 = R"(<sheetData><row r="1"><c r="A1"><v>1</v></row>)";
    const std::string sheet = std::string(R"(<?xml version="1.0"?>)") + "\n<worksheet xmlns=\"" + test::sml_ns + "\">\n" + line3 +
                              "</sheetData></worksheet>";
    test::workbook_spec spec;
    spec.sheets.push_back({"Blad1", sheet});
    const workbook wb = open_spec(spec);
    const error e = test::catch_error([&] { (void)wb.read_rows(wb.sheets()[0]); });
    EXPECT_EQ(e.category(), error_category::bad_input);
    EXPECT_EQ(e.where().file, "hand.xlsx");
    EXPECT_EQ(e.where().part, "xl/worksheets/sheet1.xml");
    EXPECT_EQ(e.where().line, 3u);
    EXPECT_EQ(e.where().column, 41u);  // the '<' of </row>
    EXPECT_EQ(line3.find("</row>") + 1, 41u);
    EXPECT_EQ(e.message(), "</row> closes <c>");
}

TEST(XlsxMalformed, TruncatedWorkbookXml) {
    test::workbook_spec spec;
    spec.sheets.push_back({"Blad1", test::worksheet_xml("")});
    std::vector<zip_entry> entries = test::workbook_entries(spec);
    for (auto& e : entries) {
        if (e.name == "xl/workbook.xml") e.data.resize(e.data.size() - 20);
    }
    const error e = test::catch_error([&] { (void)open_entries(entries); });
    EXPECT_EQ(e.category(), error_category::bad_input);
    EXPECT_EQ(e.where().part, "xl/workbook.xml");
    EXPECT_EQ(e.where().line, 1u);
    EXPECT_NE(e.message().find("the part ends"), std::string::npos) << e.message();
}

TEST(XlsxMalformed, DoctypeAndEntitiesAreRefused) {
    const std::string laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
                               " <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
                               " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n]>\n"
                               "<sst xmlns=\"" + std::string(test::sml_ns) + "\"><si><t>&lol3;</t></si></sst>";
    test::workbook_spec spec;
    spec.shared_strings = laughs;
    spec.sheets.push_back({"Blad1", test::worksheet_xml(R"(<row r="1"><c r="A1" t="s"><v>0</v></c></row>)")});
    error e = test::catch_error([&] { (void)open_spec(spec); });
    EXPECT_EQ(e.category(), error_category::bad_input);
    EXPECT_EQ(e.where().part, "xl/sharedStrings.xml");
    EXPECT_EQ(e.where().line, 2u);
    EXPECT_EQ(e.where().column, 1u);
    EXPECT_NE(e.message().find("DTD"), std::string::npos);

    // An external entity in the workbook part.
    std::vector<zip_entry> entries = test::workbook_entries(spec);
    for (auto& z : entries) {
        if (z.name == "xl/workbook.xml")
            z.data.insert(z.data.find("<workbook"), "<!DOCTYPE workbook [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>");
    }
    e = test::catch_error([&] { (void)open_entries(entries); });
    EXPECT_EQ(e.category(), error_category::bad_input);
    EXPECT_EQ(e.where().part, "xl/workbook.xml");
    EXPECT_NE(e.message().find("DTD"), std::string::npos);

    // An entity used without a DTD is an unknown entity, not an expansion.
    test::workbook_spec spec2;
    spec2.shared_strings = test::shared_strings_xml({"&xxe;"});
    spec2.sheets.push_back({"Blad1", test::worksheet_xml("")});
    e = test::catch_error([&] { (void)open_spec(spec2); });
    EXPECT_EQ(e.category(), error_category::bad_input);
    EXPECT_EQ(e.where().part, "xl/sharedStrings.xml");
    EXPECT_NE(e.message().find("invalid entity"), std::string::npos);
}

TEST(XlsxMalformed, SheetRelationshipPointingNowhere) {
    test::workbook_spec spec;
    spec.sheets.push_back({"Blad1", test::worksheet_xml("")});
    std::vector<zip_entry> entries = test::workbook_entries(spec);
    std::vector<zip_entry> kept;
    for (auto& z : entries) {
        if (z.name != "xl/worksheets/sheet1.xml") kept.push_back(z);
    }
    error e = test::catch_error([&] { (void)open_entries(kept); });
    EXPECT_EQ(e.category(), error_category::bad_input);
    EXPECT_EQ(e.where().part, "xl/workbook.xml");
    EXPECT_EQ(e.where().where, "Blad1");
    EXPECT_NE(e.message().find("sheet 'Blad1' points to a part that does not exist (relationship 'rId1')"), std::string::npos);

    // A sheet whose r:id has no relationship at all.
    for (auto& z : entries) {
        if (z.name == "xl/workbook.xml") z.data.replace(z.data.find("r:id=\"rId1\""), 11, "r:id=\"rId9\"");
    }
    e = test::catch_error([&] { (void)open_entries(entries); });
    EXPECT_EQ(e.where().where, "Blad1");
    EXPECT_NE(e.message().find("relationship 'rId9'"), std::string::npos);
}

TEST(XlsxMalformed, SharedStringsPartMissing) {
    test::workbook_spec spec;
    spec.shared_strings = test::shared_strings_xml({"weg"});
    spec.sheets.push_back({"Blad1", test::worksheet_xml(R"(<row r="1"><c r="A1" t="s"><v>0</v></c></row>)")});
    std::vector<zip_entry> kept;
    for (const auto& z : test::workbook_entries(spec)) {
        if (z.name != "xl/sharedStrings.xml") kept.push_back(z);
    }
    const error e = test::catch_error([&] { (void)open_entries(kept); });
    EXPECT_EQ(e.category(), error_category::bad_input);
    EXPECT_EQ(e.where().file, "hand.xlsx");
    EXPECT_EQ(e.where().part, "xl/sharedStrings.xml");
    EXPECT_EQ(e.message(), "the part is missing from the package");
}

TEST(XlsxMalformed, RelationshipCycleIsRefused) {
    // The sheet's relationship points back at the workbook part itself.
    test::workbook_spec spec;
    spec.sheets.push_back({"Blad1", test::worksheet_xml("")});
    std::vector<zip_entry> entries = test::workbook_entries(spec);
    for (auto& z : entries) {
        if (z.name == "xl/_rels/workbook.xml.rels") z.data.replace(z.data.find("worksheets/sheet1.xml"), 21, "workbook.xml");
    }
    error e = test::catch_error([&] {
        const workbook wb = open_entries(entries);
        (void)wb.read_rows(wb.sheets()[0]);
    });
    EXPECT_EQ(e.category(), error_category::bad_input);
    EXPECT_EQ(e.where().part, "xl/workbook.xml");
    EXPECT_EQ(e.where().where, "Blad1");
    EXPECT_EQ(e.message(), "sheet 'Blad1' points back to the workbook part (a relationship cycle)");

    // A table relationship that points back at its own sheet.
    test::workbook_spec spec2;
    spec2.sheets.push_back({"Blad1", test::worksheet_xml(R"(<row r="1"><c r="A1"><v>1</v></c></row>)")});
    entries = test::workbook_entries(spec2);
    entries.push_back({"xl/worksheets/_rels/sheet1.xml.rels",
                       std::string(rels_head) +
                           R"(<Relationship Id="rIdTab" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/table" Target="sheet1.xml"/></Relationships>)"});
    const error t = test::catch_error([&] { (void)open_entries(entries); });
    EXPECT_EQ(t.category(), error_category::bad_input);
    EXPECT_EQ(t.where().part, "xl/worksheets/_rels/sheet1.xml.rels");
    EXPECT_EQ(t.where().where, "rIdTab");
    EXPECT_EQ(t.message(),
              "the table relationship 'rIdTab' of sheet 'Blad1' points back to 'xl/worksheets/sheet1.xml' (a relationship cycle)");
}

TEST(XlsxMalformed, WordDocumentPassedToTheWorkbookReader) {
    const std::string types = std::string(types_head) +
                              R"(<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>)";
    const std::string rels = std::string(rels_head) +
                             R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>)";
    const std::string doc = R"(<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Hallo</w:t></w:r></w:p></w:body></w:document>)";
    test::temp_dir dir;
    const std::string path = dir.write("verslag.docx", test::make_zip({{"[Content_Types].xml", types}, {"_rels/.rels", rels}, {"word/document.xml", doc}}));
    const error e = test::catch_error([&] { (void)workbook::open(path); });
    EXPECT_EQ(e.category(), error_category::bad_input);
    EXPECT_EQ(e.where().file, path);
    EXPECT_EQ(e.where().part, "word/document.xml");
    EXPECT_EQ(e.message(), "this is a Word document, not a workbook");
}

}  // namespace
}  // namespace kib
