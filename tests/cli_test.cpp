// The kib command line, run as a separate process: exit codes, stdout and stderr.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <regex>
#include <string>

#include "test_util.hpp"

namespace kib {
namespace {

using nlohmann::json;
using test::run_kib;

// What `kib inspect --cells --json` must print for tests/fixtures/xlsx/kpi.xlsx (saved by
// LibreOffice from kpi.fods): every non-empty cell, dates as ISO text, numbers exact.
const char* kpi_cells_json = R"json({"sheets":[
{"name":"KPI's","cells":[
 {"ref":"A1","type":"text","value":"KPI-overzicht programma 2026"},
 {"ref":"A2","type":"text","value":"Domein"},{"ref":"B2","type":"text","value":"KPI"},
 {"ref":"C2","type":"text","value":"Start"},{"ref":"D2","type":"text","value":"M3"},
 {"ref":"E2","type":"text","value":"M6"},{"ref":"F2","type":"text","value":"Gehaald"},
 {"ref":"G2","type":"text","value":"Verschil"},
 {"ref":"A3","type":"text","value":"Zorg"},{"ref":"B3","type":"text","value":"Wachttijd (dagen)"},
 {"ref":"C3","type":"date","value":"2026-01-15"},{"ref":"D3","type":"number","value":42},
 {"ref":"E3","type":"number","value":38.25},{"ref":"F3","type":"bool","value":true},
 {"ref":"G3","type":"number","value":-3.75,"formula":"E3-D3"},
 {"ref":"A4","type":"text","value":"Onderwijs"},{"ref":"B4","type":"text","value":"Uitval"},
 {"ref":"C4","type":"date","value":"2026-02-01"},{"ref":"D4","type":"text","value":"10%"},
 {"ref":"E4","type":"text","value":"6,0"},{"ref":"F4","type":"bool","value":false},
 {"ref":"G4","type":"error","value":"#DIV/0!","formula":"1/0"},
 {"ref":"A5","type":"text","value":"Wonen"},{"ref":"B5","type":"text","value":"Tevredenheid"},
 {"ref":"C5","type":"date","value":"2025-12-31"},{"ref":"D5","type":"number","value":0.1},
 {"ref":"E5","type":"text","value":"n.m."},{"ref":"F5","type":"bool","value":true},
 {"ref":"G5","type":"text","value":"\u0132sselmeer \u20ac \u201cquote\u201d"}]},
{"name":"Metingen 2026","cells":[
 {"ref":"A1","type":"text","value":"Meting"},{"ref":"B1","type":"text","value":"Tijdstip"},
 {"ref":"C1","type":"text","value":"Tijd"},{"ref":"D1","type":"text","value":"Waarde"},
 {"ref":"A2","type":"text","value":"Nulmeting"},{"ref":"B2","type":"date","value":"2026-03-01T09:30:00"},
 {"ref":"C2","type":"date","value":"1899-12-30T13:45:00"},{"ref":"D2","type":"number","value":1234.5678},
 {"ref":"A3","type":"text","value":"Eerste meting"},{"ref":"B3","type":"date","value":"2026-06-15T14:05:30"},
 {"ref":"C3","type":"date","value":"1899-12-30T08:00:00"},{"ref":"D3","type":"number","value":-0.001}]},
{"name":"R\u00e9sum\u00e9","cells":[
 {"ref":"A1","type":"text","value":"Verborgen blad"},{"ref":"B1","type":"number","value":3}]}
]})json";

std::string kpi() { return test::fixture("xlsx/kpi.xlsx"); }

TEST(Cli, VersionAndHelp) {
    const auto v = run_kib({"--version"});
    EXPECT_EQ(v.exit_code, 0);
    EXPECT_TRUE(std::regex_match(v.out, std::regex(R"(kib \d+\.\d+\.\d+\n)"))) << v.out;
    EXPECT_EQ(v.err, "");

    const auto h = run_kib({"--help"});
    EXPECT_EQ(h.exit_code, 0);
    EXPECT_NE(h.out.find("inspect"), std::string::npos);
    EXPECT_NE(h.out.find("--version"), std::string::npos);

    const auto ih = run_kib({"inspect", "--help"});
    EXPECT_EQ(ih.exit_code, 0);
    EXPECT_NE(ih.out.find("--cells"), std::string::npos);
    EXPECT_NE(ih.out.find("--sheet"), std::string::npos);
}

TEST(Cli, UsageErrorsExitTwo) {
    const auto none = run_kib({});
    EXPECT_EQ(none.exit_code, 2);
    EXPECT_NE(none.err.find("subcommand"), std::string::npos) << none.err;

    const auto no_file = run_kib({"inspect"});
    EXPECT_EQ(no_file.exit_code, 2);
    EXPECT_NE(no_file.err.find("FILE"), std::string::npos) << no_file.err;

    const auto unknown = run_kib({"inspect", kpi(), "--frobnicate"});
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_NE(unknown.err.find("--frobnicate"), std::string::npos) << unknown.err;
}

TEST(Cli, InspectTextListsSheetsTablesAndNames) {
    const auto r = run_kib({"inspect", kpi()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(r.out.rfind(kpi() + " \u2014 workbook (main part xl/workbook.xml)\n", 0), 0u) << r.out;
    for (const std::string line : {
             "  xl/worksheets/sheet1.xml  ",
             "\nSheets:\n",
             "  KPI's [worksheet]  used A1:G5, 5 rows, 29 cells\n",
             "    merged A1:D1\n",
             "    3: | Zorg | Wachttijd (dagen) | 2026-01-15 | 42 | 38.25 | TRUE | -3.75\n",
             "    4: | Onderwijs | Uitval | 2026-02-01 | 10% | 6,0 | FALSE | #DIV/0!\n",
             "  Metingen 2026 [worksheet]  used A1:D3, 3 rows, 12 cells\n",
             "  R\u00e9sum\u00e9 [worksheet, hidden]  used A1:B1, 1 rows, 2 cells\n",
             "\nDefined names:\n",
             "  KPI_Tabel = 'KPI''s'!$A$2:$G$5\n",
             "  Laatste = 'Metingen 2026'!$D$3  (sheet Metingen 2026)\n",
         }) {
        EXPECT_NE(r.out.find(line), std::string::npos) << "missing: " << line << "\nin:\n" << r.out;
    }
}

TEST(Cli, InspectJsonSummary) {
    const auto r = run_kib({"inspect", kpi(), "--json", "--rows", "2"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json j = json::parse(r.out);
    EXPECT_EQ(j["kind"], "workbook");
    EXPECT_EQ(j["main_part"], "xl/workbook.xml");
    EXPECT_EQ(j["date1904"], false);
    EXPECT_EQ(j["parts"].size(), 11u);
    ASSERT_EQ(j["sheets"].size(), 3u);
    EXPECT_EQ(j["sheets"][0]["name"], "KPI's");
    EXPECT_EQ(j["sheets"][0]["used_range"], "A1:G5");
    EXPECT_EQ(j["sheets"][0]["rows"], 5);
    EXPECT_EQ(j["sheets"][0]["cells"], 29);
    EXPECT_EQ(j["sheets"][0]["merged"], json::array({"A1:D1"}));
    EXPECT_EQ(j["sheets"][0]["preview"].size(), 2u);
    EXPECT_EQ(j["sheets"][0]["preview"][1]["values"],
              json::array({"Domein", "KPI", "Start", "M3", "M6", "Gehaald", "Verschil"}));
    EXPECT_EQ(j["sheets"][2]["name"], "R\u00e9sum\u00e9");
    EXPECT_EQ(j["sheets"][2]["state"], "hidden");
    ASSERT_EQ(j["defined_names"].size(), 3u);
    EXPECT_EQ(j["defined_names"][2], json({{"name", "Laatste"}, {"value", "'Metingen 2026'!$D$3"}, {"scope", "Metingen 2026"}, {"hidden", false}}));
}

TEST(Cli, InspectCellsJsonEqualsExpected) {
    const auto r = run_kib({"inspect", "--cells", "--json", kpi()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    const json got = json::parse(r.out);
    const json expected = json::parse(kpi_cells_json);
    EXPECT_EQ(got, expected) << got.dump(1);
    // Numbers are JSON numbers with full precision, not text.
    EXPECT_TRUE(got["sheets"][1]["cells"][7]["value"].is_number());
    EXPECT_EQ(got["sheets"][1]["cells"][7]["value"].get<double>(), 1234.5678);
}

TEST(Cli, InspectCellsSheetFilter) {
    const auto r = run_kib({"inspect", kpi(), "--cells", "--json", "--sheet", "metingen 2026"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json got = json::parse(r.out);
    const json expected = {{"sheets", json::array({json::parse(kpi_cells_json)["sheets"][1]})}};
    EXPECT_EQ(got, expected) << got.dump(1);

    const auto text = run_kib({"inspect", kpi(), "--cells", "--sheet", "KPI's"});
    ASSERT_EQ(text.exit_code, 0) << text.err;
    EXPECT_NE(text.out.find("'KPI''s'!C3\tdate\t2026-01-15\n"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("'KPI''s'!G4\terror\t#DIV/0!\n"), std::string::npos);
    EXPECT_EQ(text.out.find("Metingen"), std::string::npos);
    std::size_t lines = 0;
    for (char c : text.out) lines += c == '\n';
    EXPECT_EQ(lines, 29u);
}

TEST(Cli, UnknownSheetListsTheSheets) {
    for (const bool cells : {false, true}) {
        std::vector<std::string> args = {"inspect", kpi(), "--sheet", "Blad9"};
        if (cells) args.insert(args.end(), {"--cells", "--json"});
        const auto r = run_kib(args);
        EXPECT_EQ(r.exit_code, 2);
        EXPECT_EQ(r.out, "");
        EXPECT_NE(r.err.find(kpi()), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("there is no sheet named 'Blad9'"), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("the workbook has 'KPI's', 'Metingen 2026', 'R\u00e9sum\u00e9'"), std::string::npos) << r.err;
    }
}

TEST(Cli, BadFilesExitTwoNamingTheFile) {
    test::temp_dir dir;
    std::string enc = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    enc.resize(512, '\0');
    const std::string name16 = std::string("E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o\0", 28);
    enc += name16 + std::string(512, '\0');
    const struct {
        std::string path;
        std::string message;
    } cases[] = {
        {test::fixture("xlsx/kpi.ods"), "this is an OpenDocument file (.ods/.odt); save it as .xlsx or .docx"},
        {dir.write("beveiligd.xlsx", enc), "password-protected"},
        {dir.write("leeg.xlsx", ""), "the file is empty (0 bytes)"},
        {dir.write("kort.xlsx", test::read_file(kpi()).substr(0, 3000)), "the ZIP archive is damaged or truncated"},
        {dir.path() + "/bestaat-niet.xlsx", "cannot open the file: No such file or directory"},
        {dir.path(), "this is a folder, not a file"},
    };
    for (const auto& c : cases) {
        for (const bool cells : {false, true}) {
            SCOPED_TRACE(c.path);
            std::vector<std::string> args = {"inspect", c.path};
            if (cells) args.insert(args.end(), {"--cells", "--json"});
            const auto r = run_kib(args);
            EXPECT_EQ(r.exit_code, 2);
            EXPECT_EQ(r.out, "");
            EXPECT_EQ(r.err.rfind("kib: " + c.path + ": ", 0), 0u) << r.err;
            EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
        }
    }
}

TEST(Cli, BadCellValueNamesFilePartLineAndCell) {
    test::workbook_spec spec;
    std::string rows;
    for (int r = 1; r <= 6; ++r) rows += "<row r=\"" + std::to_string(r) + "\"><c r=\"D" + std::to_string(r) + "\"><v>1</v></c></row>\n";
    rows += R"(<row r="7"><c r="D7"><v>6,0x</v></c></row>)";
    spec.sheets.push_back({"KPI's", test::worksheet_xml(rows)});
    test::temp_dir dir;
    const std::string path = dir.write("kpi.xlsx", test::make_zip(test::workbook_entries(spec)));
    for (const bool cells : {false, true}) {
        std::vector<std::string> args = {"inspect", path};
        if (cells) args.insert(args.end(), {"--cells", "--json"});
        const auto r = run_kib(args);
        EXPECT_EQ(r.exit_code, 2);
        EXPECT_EQ(r.err, "kib: " + path + ": xl/worksheets/sheet1.xml: line 8, column 37: 'KPI''s'!D7: \"6,0x\" is not a number "
                         "(the cell claims to hold a number)\n");
    }
}

TEST(Cli, CellErrorHalfWayLeavesStdoutEmpty) {
    // Sheet 1 is fine, sheet 2 breaks at D7: the listing of sheet 1 must not reach stdout.
    test::workbook_spec spec;
    spec.sheets.push_back({"Goed", test::worksheet_xml(R"(<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>)")});
    std::string rows;
    for (int r = 1; r <= 6; ++r) rows += "<row r=\"" + std::to_string(r) + "\"><c r=\"D" + std::to_string(r) + "\"><v>1</v></c></row>\n";
    rows += R"(<row r="7"><c r="D7"><v>6,0x</v></c></row>)";
    spec.sheets.push_back({"Fout", test::worksheet_xml(rows)});
    test::temp_dir dir;
    const std::string path = dir.write("half.xlsx", test::make_zip(test::workbook_entries(spec)));
    for (const bool as_json : {true, false}) {
        std::vector<std::string> args = {"inspect", path, "--cells"};
        if (as_json) args.push_back("--json");
        const auto r = run_kib(args);
        EXPECT_EQ(r.exit_code, 2);
        EXPECT_EQ(r.out, "");
        EXPECT_EQ(r.err, "kib: " + path + ": xl/worksheets/sheet2.xml: line 8, column 37: Fout!D7: \"6,0x\" is not a number "
                         "(the cell claims to hold a number)\n");
    }
    // Only the good sheet: the whole listing.
    const auto ok = run_kib({"inspect", path, "--cells", "--json", "--sheet", "Goed"});
    ASSERT_EQ(ok.exit_code, 0) << ok.err;
    EXPECT_EQ(json::parse(ok.out), json::parse(R"({"sheets":[{"name":"Goed","cells":[{"ref":"A1","type":"number","value":1},)"
                                                 R"({"ref":"B1","type":"number","value":2}]}]})"));
}

TEST(Cli, WordDocumentListsPartsAndRefusesCells) {
    const std::string types =
        R"(<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
        R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
        R"(<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>)";
    const std::string rels =
        R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
        R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>)";
    const std::string doc =
        R"(<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>)";
    test::temp_dir dir;
    const std::string path = dir.write("verslag.docx", test::make_zip({{"[Content_Types].xml", types}, {"_rels/.rels", rels}, {"word/document.xml", doc}}));

    const auto r = run_kib({"inspect", path, "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json j = json::parse(r.out);
    EXPECT_EQ(j["kind"], "document");
    EXPECT_EQ(j["main_part"], "word/document.xml");
    ASSERT_EQ(j["parts"].size(), 3u);
    EXPECT_EQ(j["parts"][2]["name"], "word/document.xml");
    EXPECT_EQ(j["parts"][2]["content_type"], "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml");
    EXPECT_EQ(j["parts"][2]["size"], doc.size());
    EXPECT_FALSE(j.contains("sheets"));

    const auto c = run_kib({"inspect", path, "--cells", "--json"});
    EXPECT_EQ(c.exit_code, 2);
    EXPECT_NE(c.err.find("word/document.xml"), std::string::npos) << c.err;
    EXPECT_NE(c.err.find("--cells works on workbooks only"), std::string::npos) << c.err;
}

}  // namespace
}  // namespace kib
