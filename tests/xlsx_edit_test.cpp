// Tests of the workbook editor (writers/xlsx_edit), the package writer and `kib set`.
// Fixtures: tests/fixtures/edit (see make_fixtures.py there). Tests that open results in
// LibreOffice need `soffice` and fail when it is missing.
#include <gtest/gtest.h>
#include <zip.h>

#include <algorithm>
#include <regex>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "engine/cli/set.hpp"
#include "readers/error.hpp"
#include "readers/xlsx.hpp"
#include "writers/package_writer.hpp"
#include "writers/xlsx_edit.hpp"
#include "xml_compare.hpp"
#include "edit_support.hpp"
#include "lo_util.hpp"

namespace fs = std::filesystem;
using kib::cell_value;
using kib::test::canonical_at;
using kib::test::canonical_children;
using kib::test::canonical_xml;
using kib::test::zip_entries;
using kib::test::zip_read;

namespace {

const std::string fixtures = std::string(KIB_FIXTURES) + "/edit/";

// A fresh folder per test, removed afterwards.
class temp_dir {
public:
    temp_dir() {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        path_ = fs::temp_directory_path() /
                ("kib_edit_" + std::to_string(::getpid()) + "_" + info->test_suite_name() + "_" + info->name());
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~temp_dir() { fs::remove_all(path_); }
    std::string operator/(const std::string& name) const { return (path_ / name).string(); }
    const fs::path& path() const { return path_; }
    std::vector<std::string> files() const {
        std::vector<std::string> out;
        for (auto& e : fs::directory_iterator(path_)) out.push_back(e.path().filename().string());
        std::sort(out.begin(), out.end());
        return out;
    }

private:
    fs::path path_;
};

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Entries whose stored bytes, method or CRC differ, plus added and removed ones.
std::vector<std::string> changed_entries(const std::string& a, const std::string& b) {
    const auto ea = zip_entries(a), eb = zip_entries(b);
    std::vector<std::string> out;
    for (auto& [name, e] : ea) {
        auto it = eb.find(name);
        if (it == eb.end()) out.push_back("-" + name);
        else if (it->second.compressed != e.compressed || it->second.crc != e.crc || it->second.method != e.method)
            out.push_back(name);
    }
    for (auto& [name, e] : eb)
        if (!ea.count(name)) out.push_back("+" + name);
    return out;
}

using kib::test::cell_at;

// Writes a small workbook by hand (for layouts the fixtures do not have): one sheet whose XML is
// given, no shared strings unless sst is non-empty.
void write_workbook(const std::string& path, const std::string& sheet_xml, const std::string& sst = {},
                    bool strict = false) {
    const std::string main = strict ? "http://purl.oclc.org/ooxml/spreadsheetml/main"
                                    : "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const std::string rel = strict ? "http://purl.oclc.org/ooxml/officeDocument/relationships/"
                                   : "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
    std::vector<std::pair<std::string, std::string>> parts = {
        {"[Content_Types].xml",
         "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
         "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
         "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
         "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
         "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
         "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>" +
             std::string(sst.empty() ? "" : "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>") +
             "</Types>"},
        {"_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                        "<Relationship Id=\"rId1\" Type=\"" + rel + "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"},
        {"xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"" + main + "\" xmlns:r=\"" +
                                (strict ? "http://purl.oclc.org/ooxml/officeDocument/relationships" : "http://schemas.openxmlformats.org/officeDocument/2006/relationships") +
                                "\"><sheets><sheet name=\"Blad1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
        {"xl/_rels/workbook.xml.rels",
         "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
         "<Relationship Id=\"rId1\" Type=\"" + rel + "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
         "<Relationship Id=\"rId2\" Type=\"" + rel + "styles\" Target=\"styles.xml\"/>" +
             std::string(sst.empty() ? "" : "<Relationship Id=\"rId3\" Type=\"" + rel + "sharedStrings\" Target=\"sharedStrings.xml\"/>") +
             "</Relationships>"},
        {"xl/styles.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet xmlns=\"" + main + "\">"
                          "<fonts count=\"1\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
                          "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
                          "<borders count=\"1\"><border/></borders><cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
                          "<cellXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/></cellXfs></styleSheet>"},
        {"xl/worksheets/sheet1.xml", sheet_xml},
    };
    if (!sst.empty()) parts.emplace_back("xl/sharedStrings.xml", sst);
    int err = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
    ASSERT_NE(z, nullptr);
    for (auto& [name, bytes] : parts) {
        zip_source_t* s = zip_source_buffer(z, bytes.data(), bytes.size(), 0);
        ASSERT_GE(zip_file_add(z, name.c_str(), s, 0), 0);
    }
    ASSERT_EQ(zip_close(z), 0);
}

const std::string main_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

}  // namespace

// ================================ package_writer ================================

TEST(PackageWriter, CopiesUntouchedEntriesRawAndWritesOnlyWhatChanged) {
    temp_dir dir;
    const std::string src = fixtures + "kpi-excel.xlsx", out = dir / "out.xlsx";
    kib::package_writer w(src);
    w.put("xl/worksheets/sheet2.xml", "<worksheet xmlns=\"" + main_ns + "\"><sheetData/></worksheet>");
    w.remove("/xl/calcChain.xml");
    w.put("xl/extra.xml", "<extra/>");
    const kib::save_result r = w.save(out);
    EXPECT_EQ(r.copied_entries, 28u - 2u);
    EXPECT_EQ(r.written_entries, 2u);
    EXPECT_EQ(r.removed_entries, 1u);
    EXPECT_EQ(changed_entries(src, out),
              (std::vector<std::string>{"-xl/calcChain.xml", "xl/worksheets/sheet2.xml", "+xl/extra.xml"}));
    // The PNG is stored (method 0) in the source and must stay stored, not be deflated.
    const auto entries = zip_entries(out);
    EXPECT_EQ(entries.at("xl/media/image1.png").method, 0);
    EXPECT_EQ(entries.at("xl/styles.xml").method, 8);
    EXPECT_EQ(zip_read(out, "xl/extra.xml"), "<extra/>");
    // Entry order is kept: [Content_Types].xml first, the added part last.
    kib::package_writer order(out);
    const auto names = order.source_entries();
    EXPECT_EQ(names.front(), "[Content_Types].xml");
    EXPECT_EQ(names.back(), "xl/extra.xml");
    EXPECT_EQ(dir.files(), (std::vector<std::string>{"out.xlsx"}));
}

TEST(PackageWriter, RefusesToOverwriteTheSourceUnlessAskedThenKeepsABackup) {
    temp_dir dir;
    const std::string book = dir / "KPI.xlsx";
    fs::copy_file(fixtures + "kpi-excel.xlsx", book);
    const std::string original = read_file(book);
    kib::package_writer w(book);
    w.put("xl/extra.xml", "<extra/>");
    try {
        w.save(book);
        FAIL() << "overwriting the input must be refused";
    } catch (const kib::error& e) {
        EXPECT_EQ(e.category(), kib::error_category::bad_input);
        EXPECT_NE(std::string(e.what()).find("refusing to overwrite the input file"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("--in-place"), std::string::npos) << e.what();
    }
    EXPECT_EQ(read_file(book), original);
    EXPECT_EQ(dir.files(), (std::vector<std::string>{"KPI.xlsx"}));

    kib::save_options o;
    o.overwrite_source = true;
    const kib::save_result r = w.save(book, o);
    EXPECT_EQ(r.backup, dir / "KPI.bak.xlsx");
    EXPECT_EQ(read_file(dir / "KPI.bak.xlsx"), original);
    EXPECT_EQ(zip_read(book, "xl/extra.xml"), "<extra/>");
    EXPECT_EQ(dir.files(), (std::vector<std::string>{"KPI.bak.xlsx", "KPI.xlsx"}));
}

TEST(PackageWriter, AFailedSaveLeavesTheTargetAndNoTemporaryFile) {
    temp_dir dir;
    // The target is a folder: the final rename fails after the archive was written.
    fs::create_directories(dir.path() / "taken.xlsx" / "inside");
    kib::package_writer w(fixtures + "kpi-excel.xlsx");
    w.put("xl/extra.xml", "<extra/>");
    EXPECT_THROW(w.save(dir / "taken.xlsx"), kib::error);
    EXPECT_TRUE(fs::is_directory(dir.path() / "taken.xlsx" / "inside"));
    EXPECT_EQ(dir.files(), (std::vector<std::string>{"taken.xlsx"}));
    // A folder that does not exist.
    try {
        w.save(dir / "missing/out.xlsx");
        FAIL() << "saving into a missing folder must fail";
    } catch (const kib::error& e) {
        EXPECT_EQ(e.category(), kib::error_category::io);
        EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos) << e.what();
    }
    EXPECT_EQ(dir.files(), (std::vector<std::string>{"taken.xlsx"}));
}

TEST(PackageWriter, BackupPathKeepsTheExtension) {
    EXPECT_EQ(kib::package_writer::backup_path("/a/b/KPI 2026.xlsm"), "/a/b/KPI 2026.bak.xlsm");
    EXPECT_EQ(kib::package_writer::backup_path("KPI.xlsx"), "KPI.bak.xlsx");
}

// ================================ round trips ================================

struct round_trip_case {
    const char* file;
    bool libreoffice_layout;  // saved by LibreOffice (other entry names and style indexes)
};

void PrintTo(const round_trip_case& c, std::ostream* os) { *os << c.file; }

class RoundTrip : public ::testing::TestWithParam<round_trip_case> {};

// A few edits on the KPI sheet and the Data sheet; everything else must be as it was.
TEST_P(RoundTrip, UntouchedEntriesAreByteIdenticalAndTouchedPartsDifferOnlyWhereIntended) {
    temp_dir dir;
    const std::string src = fixtures + GetParam().file;
    const std::string out = dir / (std::string("out") + fs::path(src).extension().string());
    kib::workbook_editor ed = kib::workbook_editor::open(src);
    ASSERT_EQ(ed.sheet_names(), (std::vector<std::string>{"KPI's", "Data", "Pivot"}));
    ed.set("KPI's", "C3", cell_value::make_number(12.5));               // input of E3, C6 and the chart
    ed.set("kpi's", "D3", cell_value::make_text("rood"));               // existing shared string, other case sheet name
    ed.set("Data", "B3", cell_value::make_number(99));                  // pivot source
    ed.set("Data", "A7", cell_value::make_text("Gamma & \"Delta\" <x>"));  // new string
    ed.save(out);

    // Only the parts an edit needs changed.
    std::vector<std::string> changed = changed_entries(src, out);
    std::vector<std::string> expected = {"xl/sharedStrings.xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml",
                                         "xl/worksheets/sheet2.xml"};
    // LibreOffice writes no calcChain.xml; Excel's goes, with its content type and relationship.
    if (!GetParam().libreoffice_layout)
        expected.insert(expected.end(), {"-xl/calcChain.xml", "[Content_Types].xml", "xl/_rels/workbook.xml.rels"});
    std::sort(changed.begin(), changed.end());
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(changed, expected);

    // Sheet 1: every element outside sheetData (views, CF + x14 extension, data validations,
    // hyperlinks, drawing and legacy drawing, table parts, page setup) is canonically equal.
    const std::string s1a = zip_read(src, "xl/worksheets/sheet1.xml"), s1b = zip_read(out, "xl/worksheets/sheet1.xml");
    auto ca = canonical_children(s1a, "worksheet"), cb = canonical_children(s1b, "worksheet");
    ASSERT_EQ(ca.size(), cb.size());
    for (std::size_t i = 0; i < ca.size(); ++i)
        if (ca[i].find("}sheetData>") == std::string::npos) {
            EXPECT_EQ(ca[i], cb[i]);
        }
    EXPECT_NE(canonical_at(s1b, "worksheet/extLst").find("}conditionalFormatting"), std::string::npos);
    // Rows: row 3 differs (C3 and D3); elsewhere only formulas that read C3 lost their cached
    // result (so LibreOffice computes them on open): the totals row (row 6, structured references
    // kib counts as reading everything) and row 8 (C8 = MAX(C2:C5-B2:B5), D8 = C8*2).
    auto ra = canonical_children(s1a, "worksheet/sheetData"), rb = canonical_children(s1b, "worksheet/sheetData");
    ASSERT_EQ(ra.size(), rb.size());
    const std::regex result(R"((\}f[^>]*>[^<]*</>)<\{[^}]*\}v>[^<]*</>)");
    auto without_results = [&](const std::string& row) { return std::regex_replace(row, result, "$1"); };
    for (std::size_t i = 0; i < ra.size(); ++i) {
        if (i == 2) continue;
        EXPECT_EQ(without_results(ra[i]), without_results(rb[i])) << "row element " << i;
        if (i == 5 || i == 6)
            EXPECT_EQ(without_results(ra[i]), rb[i]) << "row element " << i;
        else
            EXPECT_EQ(ra[i], rb[i]) << "row element " << i;
    }
    EXPECT_NE(ra[2], rb[2]);
    // The root element keeps its namespaces, mc:Ignorable and unknown attributes.
    if (!GetParam().libreoffice_layout) {
        EXPECT_NE(s1b.find("mc:Ignorable=\"x14ac xr xr2 xr3\""), std::string::npos);
    }
    // The attributes of the root are canonically the same.
    EXPECT_EQ(canonical_xml(s1a).substr(0, canonical_xml(s1a).find('>')), canonical_xml(s1b).substr(0, canonical_xml(s1b).find('>')));

    // Shared strings: the existing entries (rich text included) are untouched; one new entry.
    auto sa = canonical_children(zip_read(src, "xl/sharedStrings.xml"), "sst");
    auto sb = canonical_children(zip_read(out, "xl/sharedStrings.xml"), "sst");
    ASSERT_EQ(sb.size(), sa.size() + 1);
    EXPECT_TRUE(std::equal(sa.begin(), sa.end(), sb.begin()));
    EXPECT_NE(sb.back().find("Gamma & \"Delta\" <x>"), std::string::npos) << sb.back();

    // workbook.xml: everything but calcPr as it was; calcPr asks for a full recalculation.
    const std::string wa = zip_read(src, "xl/workbook.xml"), wb = zip_read(out, "xl/workbook.xml");
    auto wca = canonical_children(wa, "workbook"), wcb = canonical_children(wb, "workbook");
    ASSERT_EQ(wca.size() + (canonical_at(wa, "workbook/calcPr").empty() ? 1 : 0), wcb.size());
    for (std::size_t i = 0, j = 0; i < wca.size(); ++i, ++j) {
        if (wcb[j].find("}calcPr ") != std::string::npos && wca[i].find("}calcPr ") == std::string::npos) ++j;
        if (wca[i].find("}calcPr ") == std::string::npos) {
            EXPECT_EQ(wca[i], wcb[j]);
        }
    }
    EXPECT_NE(canonical_at(wb, "workbook/calcPr").find("fullCalcOnLoad=\"1\""), std::string::npos);
    // No calcChain anywhere: not as a part, not in the content types, not as a relationship.
    EXPECT_TRUE(zip_read(out, "xl/calcChain.xml").empty());
    EXPECT_EQ(zip_read(out, "[Content_Types].xml").find("calcChain"), std::string::npos);
    EXPECT_EQ(zip_read(out, "xl/_rels/workbook.xml.rels").find("calcChain"), std::string::npos);

    // kib's own reader sees the new values; the untouched cells are as they were.
    EXPECT_EQ(cell_at(out, "KPI's", 3, 3).value, cell_value::make_number(12.5));
    EXPECT_EQ(cell_at(out, "KPI's", 4, 3).value, cell_value::make_text("rood"));
    EXPECT_EQ(cell_at(out, "KPI's", 5, 3).formula, "C3/B3");
    EXPECT_EQ(cell_at(out, "Data", 2, 3).value, cell_value::make_number(99));
    EXPECT_EQ(cell_at(out, "Data", 1, 7).value, cell_value::make_text("Gamma & \"Delta\" <x>"));
    EXPECT_EQ(cell_at(out, "KPI's", 6, 1).value, cell_value::make_text("Belangrijk: lees dit"));

    // What changed, as reported.
    ASSERT_EQ(ed.changes().size(), 4u);
    EXPECT_EQ(ed.changes()[0].where(), "'KPI''s'!C3");
    EXPECT_EQ(ed.changes()[0].old_value, "105");
    EXPECT_EQ(ed.changes()[0].new_value, "12.5");
    EXPECT_EQ(ed.changes()[1].old_value, "groen");
    EXPECT_EQ(ed.changes()[3].old_value, "");
}

// LibreOffice opens the result and shows the new values and the recalculated formulas.
TEST_P(RoundTrip, LibreOfficeShowsNewValuesAndRecalculatedFormulas) {
    temp_dir dir;
    const std::string src = fixtures + GetParam().file;
    const std::string out = dir / (std::string("edited") + fs::path(src).extension().string());
    kib::workbook_editor ed = kib::workbook_editor::open(src);
    ed.set("KPI's", "C3", cell_value::make_number(12.5));
    ed.set("KPI's", "A8", cell_value::make_text("gewijzigd"));
    ed.set_formula("KPI's", "F8", "=C3*2");
    ed.set_formula("KPI's", "F9", "=B3+1", cell_value::make_number(101));  // a result the caller gives stays
    ed.save(out);
    const auto csv = kib::test::libreoffice_sheets_csv(out, dir.path(), {"KPI's", "Data"});
    const auto kpi = kib::test::text_lines(csv.at("KPI's"));
    ASSERT_GE(kpi.size(), 8u) << csv.at("KPI's");
    EXPECT_EQ(kpi[2].substr(0, 16), "feb,100,12.5,gro") << kpi[2];
    // E3 = C3/B3 is recalculated (was 1.05), the totals row sums the new value (was 363).
    EXPECT_NE(kpi[2].find(",0.1"), std::string::npos) << kpi[2];  // 0.125 shown with the 0.0 format
    EXPECT_NE(kpi[5].find("270.5"), std::string::npos) << kpi[5];
    EXPECT_EQ(kpi[7].substr(0, 10), "gewijzigd,") << kpi[7];
    EXPECT_NE(kpi[7].find(",25"), std::string::npos) << kpi[7];  // F8 = C3*2
    ASSERT_GE(kpi.size(), 9u);
    EXPECT_NE(kpi[8].find(",101"), std::string::npos) << kpi[8];
}

INSTANTIATE_TEST_SUITE_P(Fixtures, RoundTrip,
                         ::testing::Values(round_trip_case{"kpi-excel.xlsx", false},
                                           round_trip_case{"kpi-libreoffice.xlsx", true},
                                           round_trip_case{"kpi-macro.xlsm", false}),
                         [](const auto& param_info) {
                             const std::string file = param_info.param.file;
                             std::string n = fs::path(file).stem().string() + "_" + fs::path(file).extension().string().substr(1);
                             std::replace(n.begin(), n.end(), '-', '_');
                             return n;
                         });

// ================================ stale cached results ================================
// LibreOffice (default settings) shows cached formula results; kib drops exactly those that read
// a changed cell — across sheets, through formulas, defined names and table references.

class StaleResults : public ::testing::TestWithParam<const char*> {};

// Data: B2:B4 = 10, 20, 30 in Tabel1 (A1:B5 with a totals row), B5 = SUBTOTAL(109,Tabel1[Waarde]),
// C5 = B5*2. Overzicht: B1 = Data!B5, B2 = Data!B5*2, B3 = SUM(Data!B2:B4), B4 = Totaal_waarde
// (a defined name for Data!$B$5).
TEST_P(StaleResults, OnlyFormulasThatReadAChangedCellLoseTheirResult) {
    temp_dir dir;
    const std::string src = fixtures + GetParam();
    auto value_of = [](const std::string& path, const std::string& sheet, std::uint32_t col, std::uint32_t row) {
        const kib::cell c = cell_at(path, sheet, col, row);
        EXPECT_FALSE(c.formula.empty()) << sheet << " " << col << "," << row;
        return c.value.empty() ? std::string("(none)") : kib::format_number(c.value.number);
    };
    // An edit nothing reads: every result stays.
    {
        const std::string out = dir / "unrelated.xlsx";
        kib::workbook_editor ed = kib::workbook_editor::open(src);
        ed.set("Overzicht", "D1", cell_value::make_number(5));
        ed.save(out);
        EXPECT_EQ(value_of(out, "Data", 2, 5), "60");
        EXPECT_EQ(value_of(out, "Data", 3, 5), "120");
        for (std::uint32_t r : {1u, 3u, 4u}) EXPECT_EQ(value_of(out, "Overzicht", 2, r), "60") << r;
        EXPECT_EQ(value_of(out, "Overzicht", 2, 2), "120");
        // The Data sheet was not even rewritten.
        EXPECT_EQ(zip_read(out, "xl/worksheets/sheet1.xml"), zip_read(src, "xl/worksheets/sheet1.xml"));
    }
    // A label inside the table: the table's formulas and what reads them go; SUM(Data!B2:B4) stays.
    {
        const std::string out = dir / "label.xlsx";
        kib::workbook_editor ed = kib::workbook_editor::open(src);
        ed.set("Data", "A2", cell_value::make_text("Noord (herzien)"));
        ed.save(out);
        EXPECT_EQ(value_of(out, "Data", 2, 5), "(none)");
        EXPECT_EQ(value_of(out, "Data", 3, 5), "(none)");
        EXPECT_EQ(value_of(out, "Overzicht", 2, 1), "(none)");
        EXPECT_EQ(value_of(out, "Overzicht", 2, 2), "(none)");
        EXPECT_EQ(value_of(out, "Overzicht", 2, 3), "60");
        EXPECT_EQ(value_of(out, "Overzicht", 2, 4), "(none)");  // through the defined name
    }
    // A value: everything that reads it is computed again by LibreOffice, with its default settings.
    const std::string out = dir / "value.xlsx";
    kib::workbook_editor ed = kib::workbook_editor::open(src);
    ed.set("Data", "B3", cell_value::make_number(25));
    ed.save(out);
    EXPECT_EQ(value_of(out, "Overzicht", 2, 3), "(none)");
    const auto csv = kib::test::libreoffice_sheets_csv(out, dir.path(), {"Data", "Overzicht"});
    const auto data = kib::test::text_lines(csv.at("Data")), overview = kib::test::text_lines(csv.at("Overzicht"));
    ASSERT_GE(data.size(), 5u) << csv.at("Data");
    ASSERT_GE(overview.size(), 4u) << csv.at("Overzicht");
    EXPECT_NE(data[4].find(",65,130"), std::string::npos) << data[4];
    EXPECT_NE(overview[0].find(",65"), std::string::npos) << overview[0];
    EXPECT_NE(overview[1].find(",130"), std::string::npos) << overview[1];
    EXPECT_NE(overview[2].find(",65"), std::string::npos) << overview[2];
    EXPECT_NE(overview[3].find(",65"), std::string::npos) << overview[3];
}

INSTANTIATE_TEST_SUITE_P(Fixtures, StaleResults, ::testing::Values("refs-excel.xlsx", "refs-libreoffice.xlsx"),
                         [](const auto& param_info) {
                             std::string n = fs::path(param_info.param).stem().string();
                             std::replace(n.begin(), n.end(), '-', '_');
                             return n;
                         });

TEST(WorkbookEditor, MacroWorkbookKeepsItsVbaProjectAndContentType) {
    temp_dir dir;
    const std::string src = fixtures + "kpi-macro.xlsm", out = dir / "out.xlsm";
    kib::workbook_editor ed = kib::workbook_editor::open(src);
    ed.set("Data", "B2", cell_value::make_number(11));
    ed.save(out);
    EXPECT_EQ(zip_entries(out).at("xl/vbaProject.bin").compressed, zip_entries(src).at("xl/vbaProject.bin").compressed);
    const std::string ct = zip_read(out, "[Content_Types].xml");
    EXPECT_NE(ct.find("application/vnd.ms-excel.sheet.macroEnabled.main+xml"), std::string::npos);
    EXPECT_NE(ct.find("application/vnd.ms-office.vbaProject"), std::string::npos);
    EXPECT_NE(zip_read(out, "xl/_rels/workbook.xml.rels").find("vbaProject.bin"), std::string::npos);
    EXPECT_NE(zip_read(out, "xl/workbook.xml").find("codeName=\"ThisWorkbook\""), std::string::npos);
}

// ================================ cells ================================

TEST(WorkbookEditor, CellKeepsItsStyleAndDatesGetADateStyleDerivedFromIt) {
    temp_dir dir;
    const std::string src = fixtures + "kpi-excel.xlsx", out = dir / "out.xlsx";
    kib::workbook_editor ed = kib::workbook_editor::open(src);
    ed.set("KPI's", "C2", cell_value::make_number(91));                       // s="2" (0.0) stays
    ed.set("KPI's", "B8", cell_value::make_date(*kib::iso_to_serial("2026-11-23")));  // s="3" is a date already
    ed.set("KPI's", "C5", cell_value::make_date(*kib::iso_to_serial("2026-12-01")));  // s="2" + date = the existing s="3"
    ed.set("KPI's", "B1", cell_value::make_date(*kib::iso_to_serial("2026-11-23")));  // bold s="1" + date: new style
    ed.set("KPI's", "A10", cell_value::make_date(*kib::iso_to_serial("2026-11-23T14:30:00")));
    ed.set_fill("KPI's", "D2", kib::status_fill::groen);
    ed.set_fill("KPI's", "D3", kib::status_fill::groen);
    ed.set_fill("KPI's", "D4", kib::status_fill::rood);
    ed.set_number_style("KPI's", "E2", kib::number_style::percentage);
    ed.save(out);
    const std::string sheet = zip_read(out, "xl/worksheets/sheet1.xml");
    EXPECT_NE(sheet.find("<c r=\"C2\" s=\"2\"><v>91</v></c>"), std::string::npos);
    EXPECT_NE(sheet.find("<c r=\"B8\" s=\"3\"><v>46349</v></c>"), std::string::npos);
    EXPECT_NE(sheet.find("<c r=\"C5\" s=\"3\"><v>46357</v></c>"), std::string::npos) << sheet;
    EXPECT_NE(sheet.find("<c r=\"B1\" s=\"4\"><v>46349</v></c>"), std::string::npos) << sheet;
    EXPECT_NE(sheet.find("<c r=\"A10\" s=\"5\"><v>46349.604166666664</v></c>"), std::string::npos) << sheet;
    EXPECT_NE(sheet.find("<c r=\"D2\" s=\"6\" t=\"s\">"), std::string::npos);
    EXPECT_NE(sheet.find("<c r=\"D3\" s=\"6\" t=\"s\">"), std::string::npos);
    EXPECT_NE(sheet.find("<c r=\"D4\" s=\"7\" t=\"s\">"), std::string::npos);
    EXPECT_NE(sheet.find("<c r=\"E2\" s=\"8\">"), std::string::npos);

    // The four original cellXfs are unchanged and first; the new ones follow.
    const std::string st = zip_read(out, "xl/styles.xml");
    auto xa = canonical_children(zip_read(src, "xl/styles.xml"), "styleSheet/cellXfs");
    auto xb = canonical_children(st, "styleSheet/cellXfs");
    ASSERT_EQ(xa.size(), 4u);
    ASSERT_EQ(xb.size(), 9u);
    EXPECT_TRUE(std::equal(xa.begin(), xa.end(), xb.begin()));
    EXPECT_NE(xb[4].find("numFmtId=\"14\""), std::string::npos);
    EXPECT_NE(xb[4].find("fontId=\"1\""), std::string::npos);
    EXPECT_NE(xb[4].find("applyFont=\"1\""), std::string::npos);
    EXPECT_NE(xb[5].find("numFmtId=\"22\""), std::string::npos);
    EXPECT_NE(xb[6].find("fillId=\"2\""), std::string::npos);
    EXPECT_NE(xb[7].find("fillId=\"3\""), std::string::npos);
    EXPECT_NE(xb[8].find("numFmtId=\"10\""), std::string::npos);
    EXPECT_NE(canonical_at(st, "styleSheet/cellXfs").find("count=\"9\""), std::string::npos);
    auto fills = canonical_children(st, "styleSheet/fills");
    ASSERT_EQ(fills.size(), 4u);
    EXPECT_NE(fills[2].find("rgb=\"FFC6EFCE\""), std::string::npos);  // groen, pastel (writers/status_colours.hpp)
    EXPECT_NE(fills[3].find("rgb=\"FFFFC7CE\""), std::string::npos);  // rood
    // Everything else in styles.xml (dxfs, extLst, mc:Ignorable) is as it was.
    EXPECT_EQ(canonical_at(st, "styleSheet/dxfs"), canonical_at(zip_read(src, "xl/styles.xml"), "styleSheet/dxfs"));
    EXPECT_EQ(canonical_at(st, "styleSheet/extLst"), canonical_at(zip_read(src, "xl/styles.xml"), "styleSheet/extLst"));
    // Read back: the dates are dates.
    EXPECT_EQ(cell_at(out, "KPI's", 3, 5).value.type, kib::cell_type::date);
    EXPECT_EQ(kib::serial_to_iso(cell_at(out, "KPI's", 3, 5).value.number), "2026-12-01");
    EXPECT_EQ(kib::serial_to_iso(cell_at(out, "KPI's", 1, 10).value.number), "2026-11-23T14:30:00");
}

TEST(WorkbookEditor, BooleansErrorsFormulasWithCachedValuesAndClearing) {
    temp_dir dir;
    const std::string out = dir / "out.xlsx";
    kib::workbook_editor ed = kib::workbook_editor::open(fixtures + "kpi-excel.xlsx");
    ed.set("Data", "C2", cell_value::make_bool(true));
    ed.set("Data", "C3", cell_value::make_error("#N/A"));
    ed.set_formula("Data", "C4", "=B4*2", cell_value::make_number(60));
    ed.set_formula("Data", "C5", "A5&\"!\"", cell_value::make_text("Beta!"));
    ed.set_formula("Data", "E2", "SUM(B2:B5)");
    ed.clear("Data", "D2");   // a plain string cell: gone
    ed.clear("KPI's", "C2");  // styled cell: the style stays
    ed.clear("Data", "H99");  // nothing there: nothing happens
    ed.save(out);
    const std::string sheet = zip_read(out, "xl/worksheets/sheet2.xml");
    EXPECT_NE(sheet.find("<c r=\"C2\" t=\"b\"><v>1</v></c>"), std::string::npos);
    EXPECT_NE(sheet.find("<c r=\"C3\" t=\"e\"><v>#N/A</v></c>"), std::string::npos);
    EXPECT_NE(sheet.find("<c r=\"C4\"><f>B4*2</f><v>60</v></c>"), std::string::npos);
    EXPECT_NE(sheet.find("<c r=\"C5\" t=\"str\"><f>A5&amp;\"!\"</f><v>Beta!</v></c>"), std::string::npos) << sheet;
    EXPECT_NE(sheet.find("<c r=\"E2\"><f>SUM(B2:B5)</f></c>"), std::string::npos);
    EXPECT_EQ(sheet.find("r=\"D2\""), std::string::npos);
    EXPECT_EQ(sheet.find("H99"), std::string::npos);
    EXPECT_NE(sheet.find("<dimension ref=\"A1:E5\"/>"), std::string::npos);
    EXPECT_NE(zip_read(out, "xl/worksheets/sheet1.xml").find("<c r=\"C2\" s=\"2\"/>"), std::string::npos);
    EXPECT_EQ(cell_at(out, "Data", 3, 2).value, cell_value::make_bool(true));
    EXPECT_EQ(cell_at(out, "Data", 3, 3).value, cell_value::make_error("#N/A"));
    EXPECT_EQ(cell_at(out, "Data", 3, 5).value, cell_value::make_text("Beta!"));
    EXPECT_EQ(cell_at(out, "Data", 4, 2).value.type, kib::cell_type::empty);
}

TEST(WorkbookEditor, EditingASharedFormulaMasterGivesEveryDependentItsOwnFormula) {
    temp_dir dir;
    const std::string out = dir / "out.xlsx";
    kib::workbook_editor ed = kib::workbook_editor::open(fixtures + "kpi-excel.xlsx");
    ed.set("KPI's", "E2", cell_value::make_number(0.5));
    ed.save(out);
    const std::string sheet = zip_read(out, "xl/worksheets/sheet1.xml");
    EXPECT_EQ(sheet.find("t=\"shared\""), std::string::npos);
    EXPECT_NE(sheet.find("<c r=\"E2\" s=\"2\"><v>0.5</v></c>"), std::string::npos);
    EXPECT_NE(sheet.find("<c r=\"E3\" s=\"2\"><f>C3/B3</f><v>1.05</v></c>"), std::string::npos) << sheet;
    EXPECT_NE(sheet.find("<c r=\"E5\" s=\"2\"><f>C5/B5</f>"), std::string::npos);
    EXPECT_EQ(cell_at(out, "KPI's", 5, 4).formula, "C4/B4");
    // A dependent edited on its own leaves the master and the others shared.
    const std::string out2 = dir / "out2.xlsx";
    kib::workbook_editor ed2 = kib::workbook_editor::open(fixtures + "kpi-excel.xlsx");
    ed2.set("KPI's", "E4", cell_value::make_number(1));
    ed2.save(out2);
    const std::string s2 = zip_read(out2, "xl/worksheets/sheet1.xml");
    EXPECT_NE(s2.find("<f t=\"shared\" ref=\"E2:E5\" si=\"0\">C2/B2</f>"), std::string::npos);
    EXPECT_NE(s2.find("<c r=\"E4\" s=\"2\"><v>1</v></c>"), std::string::npos);
    EXPECT_EQ(cell_at(out2, "KPI's", 5, 5).formula, "C5/B5");
}

TEST(WorkbookEditor, ArrayFormulaCellsCannotChangeOnTheirOwn) {
    temp_dir dir;
    const std::string src = dir / "array.xlsx";
    write_workbook(src, "<worksheet xmlns=\"" + main_ns + "\"><dimension ref=\"A1:B2\"/><sheetData>"
                        "<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"B1\"><f t=\"array\" ref=\"B1:B2\">A1:A2*2</f><v>2</v></c></row>"
                        "<row r=\"2\"><c r=\"A2\"><v>2</v></c><c r=\"B2\"><v>4</v></c></row></sheetData></worksheet>");
    kib::workbook_editor ed = kib::workbook_editor::open(src);
    try {
        ed.set("Blad1", "B2", cell_value::make_number(5));
        FAIL() << "a cell inside an array formula must be refused";
    } catch (const kib::error& e) {
        EXPECT_EQ(e.where().where, "Blad1!B2");
        EXPECT_NE(std::string(e.what()).find("array formula in B1:B2"), std::string::npos) << e.what();
    }
    EXPECT_THROW(ed.set("Blad1", "B1", cell_value::make_number(5)), kib::error);
    ed.set("Blad1", "A2", cell_value::make_number(3));  // an input of the array is fine
    ed.save(dir / "out.xlsx");
    EXPECT_NE(zip_read(dir / "out.xlsx", "xl/worksheets/sheet1.xml").find("<f t=\"array\" ref=\"B1:B2\">A1:A2*2</f>"),
              std::string::npos);
}

TEST(WorkbookEditor, WorkbookWithoutSharedStringsGetsOneWithContentTypeAndRelationship) {
    temp_dir dir;
    const std::string src = dir / "numbers.xlsx", out = dir / "out.xlsx";
    write_workbook(src, "<worksheet xmlns=\"" + main_ns + "\"><sheetData><row r=\"1\"><c r=\"A1\"><v>7</v></c></row></sheetData></worksheet>");
    kib::workbook_editor ed = kib::workbook_editor::open(src);
    ed.set("Blad1", "B1", cell_value::make_text("  Voortgang\tQ4  "));
    ed.set("Blad1", "C1", cell_value::make_text("regel 1\r\nregel 2"));
    ed.set("Blad1", "D1", cell_value::make_text("_x0041_ letterlijk"));
    ed.save(out);
    const std::string sst = zip_read(out, "xl/sharedStrings.xml");
    EXPECT_NE(sst.find("<t xml:space=\"preserve\">  Voortgang\tQ4  </t>"), std::string::npos) << sst;
    EXPECT_NE(sst.find("regel 1_x000D_\nregel 2"), std::string::npos) << sst;
    EXPECT_NE(sst.find("_x005F_x0041_ letterlijk"), std::string::npos) << sst;
    EXPECT_NE(sst.find("uniqueCount=\"3\""), std::string::npos);
    EXPECT_NE(zip_read(out, "[Content_Types].xml")
                  .find("<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"),
              std::string::npos);
    EXPECT_NE(zip_read(out, "xl/_rels/workbook.xml.rels").find("relationships/sharedStrings\" Target=\"sharedStrings.xml\""),
              std::string::npos);
    EXPECT_EQ(cell_at(out, "Blad1", 2, 1).value, cell_value::make_text("  Voortgang\tQ4  "));
    EXPECT_EQ(cell_at(out, "Blad1", 3, 1).value, cell_value::make_text("regel 1\r\nregel 2"));
    EXPECT_EQ(cell_at(out, "Blad1", 4, 1).value, cell_value::make_text("_x0041_ letterlijk"));
    const auto csv = kib::test::libreoffice_sheets_csv(out, dir.path(), {"Blad1"});
    EXPECT_EQ(csv.at("Blad1").rfind("7,  Voortgang\tQ4  ,\"regel 1", 0), 0u) << csv.at("Blad1");
    EXPECT_NE(csv.at("Blad1").find("regel 2\",_x0041_ letterlijk"), std::string::npos) << csv.at("Blad1");
}

TEST(WorkbookEditor, PrefixedAndStrictNamespacesAreMatchedByUri) {
    temp_dir dir;
    const std::string src = dir / "strict.xlsx", out = dir / "out.xlsx";
    write_workbook(src,
                   "<x:worksheet xmlns:x=\"http://purl.oclc.org/ooxml/spreadsheetml/main\" xmlns:foo=\"urn:unknown\" foo:keep=\"1\">"
                   "<x:sheetData><x:row r=\"2\"><x:c r=\"B2\"><x:v>1</x:v></x:c></x:row></x:sheetData><foo:extra a=\"b\"/></x:worksheet>",
                   {}, true);
    kib::workbook_editor ed = kib::workbook_editor::open(src);
    ed.set("Blad1", "A2", cell_value::make_number(5));
    ed.set("Blad1", "C1", cell_value::make_text("tekst"));
    ed.save(out);
    const std::string sheet = zip_read(out, "xl/worksheets/sheet1.xml");
    EXPECT_NE(sheet.find("<x:row r=\"1\"><x:c r=\"C1\" t=\"s\"><x:v>0</x:v></x:c></x:row><x:row r=\"2\"><x:c r=\"A2\"><x:v>5</x:v></x:c><x:c r=\"B2\">"),
              std::string::npos)
        << sheet;
    EXPECT_NE(sheet.find("<foo:extra a=\"b\"/>"), std::string::npos);
    EXPECT_NE(sheet.find("foo:keep=\"1\""), std::string::npos);
    const std::string sst = zip_read(out, "xl/sharedStrings.xml");
    EXPECT_NE(sst.find("xmlns=\"http://purl.oclc.org/ooxml/spreadsheetml/main\""), std::string::npos);
    EXPECT_NE(zip_read(out, "xl/_rels/workbook.xml.rels").find("http://purl.oclc.org/ooxml/officeDocument/relationships/sharedStrings"),
              std::string::npos);
}

// ================================ tables, rows, sheets ================================

TEST(WorkbookEditor, AppendedRowGoesAboveTheTotalsRowAndTheTableGrows) {
    temp_dir dir;
    const std::string src = fixtures + "kpi-excel.xlsx", out = dir / "out.xlsx";
    kib::workbook_editor ed = kib::workbook_editor::open(src);
    // The KPI table (A1:E6, totals row 6) is not on the last used row (row 8 is), so first
    // clear row 8 so the table ends the sheet.
    ed.clear("KPI's", "A8");
    ed.clear("KPI's", "B8");
    ed.clear("KPI's", "D8");
    ed.clear("KPI's", "C8");
    const std::uint32_t row = ed.append_row("KPI's", {cell_value::make_text("mei"), cell_value::make_number(100),
                                                      cell_value::make_number(80), cell_value::make_text("oranje")});
    EXPECT_EQ(row, 6u);
    ed.save(out);
    const std::string table = zip_read(out, "xl/tables/table1.xml");
    EXPECT_NE(table.find("ref=\"A1:E7\" totalsRowCount=\"1\""), std::string::npos) << table;
    EXPECT_NE(table.find("<autoFilter ref=\"A1:E6\""), std::string::npos) << table;
    // Everything else in the table part is as it was.
    auto ta = canonical_children(zip_read(src, "xl/tables/table1.xml"), "table");
    auto tb = canonical_children(table, "table");
    ASSERT_EQ(ta.size(), tb.size());
    for (std::size_t i = 1; i < ta.size(); ++i) EXPECT_EQ(ta[i], tb[i]);
    EXPECT_EQ(cell_at(out, "KPI's", 1, 6).value, cell_value::make_text("mei"));
    EXPECT_EQ(cell_at(out, "KPI's", 1, 7).value, cell_value::make_text("Totaal"));
    EXPECT_EQ(cell_at(out, "KPI's", 3, 7).formula, "SUBTOTAL(109,KPI[Gemeten])");
    // The print area followed the table down.
    EXPECT_NE(zip_read(out, "xl/workbook.xml").find("'KPI''s'!$A$1:$E$7</definedName>"), std::string::npos);
    EXPECT_NE(zip_read(out, "xl/worksheets/sheet1.xml").find("<dimension ref=\"A1:F8\"/>"), std::string::npos);
    const auto csv = kib::test::libreoffice_sheets_csv(out, dir.path(), {"KPI's"});
    const auto lines = kib::test::text_lines(csv.at("KPI's"));
    ASSERT_GE(lines.size(), 7u) << csv.at("KPI's");
    // The new row took the styles of the row above (C: 0.0) and the calculated column E = C/B.
    EXPECT_EQ(lines[5], "mei,100,80.0,oranje,0.8,") << lines[5];
    EXPECT_EQ(lines[6], "Totaal,500,443.0,,,") << lines[6];
}

TEST(WorkbookEditor, AppendedRowBelowATableWithoutTotalsExtendsRefAndAutoFilter) {
    temp_dir dir;
    const std::string src = fixtures + "kpi-libreoffice.xlsx", out = dir / "out.xlsx";
    // LibreOffice writes the table without a totals row count; give it a sheet where the table
    // ends the data: append on the Data sheet has no table, so the row just goes below.
    kib::workbook_editor ed = kib::workbook_editor::open(src);
    const std::uint32_t row = ed.append_row("Data", {cell_value::make_text("Gamma"), cell_value::make_number(7)});
    EXPECT_EQ(row, 6u);
    ed.save(out);
    EXPECT_EQ(cell_at(out, "Data", 1, 6).value, cell_value::make_text("Gamma"));
    EXPECT_EQ(cell_at(out, "Data", 2, 6).value, cell_value::make_number(7));
    EXPECT_NE(zip_read(out, "xl/worksheets/sheet2.xml").find("<dimension ref=\"A1:D6\"/>"), std::string::npos);

    // A table without totals that ends the sheet grows by one row.
    const std::string t2 = dir / "table.xlsx";
    {
        kib::package_writer w(fixtures + "kpi-excel.xlsx");
        std::string t = zip_read(fixtures + "kpi-excel.xlsx", "xl/tables/table1.xml");
        t.replace(t.find("ref=\"A1:E6\" totalsRowCount=\"1\""), 30, "ref=\"A1:E5\"");
        w.put("xl/tables/table1.xml", t);
        std::string s = zip_read(fixtures + "kpi-excel.xlsx", "xl/worksheets/sheet1.xml");
        s.erase(s.find("<row r=\"6\""), s.find("</sheetData>") - s.find("<row r=\"6\""));
        w.put("xl/worksheets/sheet1.xml", s);
        w.save(t2);
    }
    kib::workbook_editor ed2 = kib::workbook_editor::open(t2);
    EXPECT_EQ(ed2.append_row("KPI's", {cell_value::make_text("mei"), cell_value::make_number(100)}), 6u);
    ed2.save(dir / "out2.xlsx");
    const std::string table = zip_read(dir / "out2.xlsx", "xl/tables/table1.xml");
    EXPECT_NE(table.find("ref=\"A1:E6\""), std::string::npos) << table;
    EXPECT_NE(table.find("<autoFilter ref=\"A1:E6\""), std::string::npos) << table;
}

TEST(WorkbookEditor, AddSheetAndReplaceRegion) {
    temp_dir dir;
    const std::string src = fixtures + "kpi-excel.xlsx", out = dir / "out.xlsx";
    kib::workbook_editor ed = kib::workbook_editor::open(src);
    ed.add_sheet("Stuurgroep 23-11");
    ed.replace_region("Stuurgroep 23-11", "B2",
                      {{cell_value::make_text("Project"), cell_value::make_text("Uren")},
                       {cell_value::make_text("Alpha"), cell_value::make_number(40)},
                       {cell_value::make_text("Beta"), cell_value{}}});
    ed.set_formula("Stuurgroep 23-11", "C5", "SUM(C3:C4)");
    ed.save(out);
    EXPECT_EQ(ed.sheet_names().back(), "Stuurgroep 23-11");
    const std::string wb = zip_read(out, "xl/workbook.xml");
    EXPECT_NE(wb.find("<sheet name=\"Stuurgroep 23-11\" sheetId=\"4\" r:id=\"rId9\"/></sheets>"), std::string::npos) << wb;
    EXPECT_NE(zip_read(out, "xl/_rels/workbook.xml.rels").find("Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet4.xml\""),
              std::string::npos);
    EXPECT_NE(zip_read(out, "[Content_Types].xml").find("/xl/worksheets/sheet4.xml"), std::string::npos);
    EXPECT_NE(zip_read(out, "xl/worksheets/sheet4.xml").find("<dimension ref=\"B2:C5\"/>"), std::string::npos);
    // The print area's localSheetId still points at KPI's (sheets were appended, not inserted).
    EXPECT_NE(wb.find("localSheetId=\"0\">'KPI''s'!$A$1:$E$6"), std::string::npos);
    const auto csv = kib::test::libreoffice_sheets_csv(out, dir.path(), {"Stuurgroep 23-11"});
    const auto lines = kib::test::text_lines(csv.at("Stuurgroep 23-11"));
    ASSERT_EQ(lines.size(), 5u) << csv.at("Stuurgroep 23-11");
    EXPECT_EQ(lines[1], ",Project,Uren");
    EXPECT_EQ(lines[2], ",Alpha,40");
    EXPECT_EQ(lines[3], ",Beta,");
    EXPECT_EQ(lines[4], ",,40");
}

// ================================ bad requests ================================

TEST(WorkbookEditor, BadRequestsFailWithAClearMessageAndWriteNothing) {
    temp_dir dir;
    kib::workbook_editor ed = kib::workbook_editor::open(fixtures + "kpi-excel.xlsx");
    auto message = [](auto&& fn) -> std::string {
        try {
            fn();
        } catch (const kib::error& e) {
            EXPECT_EQ(e.category(), kib::error_category::bad_input);
            return e.what();
        }
        return "no error";
    };
    const std::string bad_ref = message([&] { ed.set("KPI's", "XFE1", cell_value::make_number(1)); });
    EXPECT_NE(bad_ref.find("\"XFE1\" is not a cell reference within A1:XFD1048576"), std::string::npos) << bad_ref;
    EXPECT_NE(bad_ref.find("KPI''s'!XFE1"), std::string::npos) << bad_ref;
    EXPECT_NE(message([&] { ed.set("KPI's", "A1048577", cell_value::make_number(1)); }).find("not a cell reference"),
              std::string::npos);
    const std::string long_text = message([&] { ed.set("Data", "A9", cell_value::make_text(std::string(32768, 'x'))); });
    EXPECT_NE(long_text.find("the text has 32768 characters; a cell holds at most 32767"), std::string::npos) << long_text;
    EXPECT_NE(long_text.find("Data!A9"), std::string::npos) << long_text;
    const std::string no_sheet = message([&] { ed.set("Kwartaal", "A1", cell_value::make_number(1)); });
    EXPECT_NE(no_sheet.find("the workbook has no sheet named \"Kwartaal\""), std::string::npos) << no_sheet;
    EXPECT_NE(no_sheet.find("KPI's, Data, Pivot"), std::string::npos) << no_sheet;
    EXPECT_NE(message([&] { ed.add_sheet("kpi'S"); }).find("already has a sheet named \"KPI's\""), std::string::npos);
    EXPECT_NE(message([&] { ed.add_sheet("Een naam van meer dan 31 tekens!"); }).find("32 characters; Excel allows at most 31"),
              std::string::npos);
    EXPECT_NE(message([&] { ed.add_sheet("Q4/2026"); }).find("contains '/'"), std::string::npos);
    EXPECT_NE(message([&] { ed.add_sheet("[x]"); }).find("contains '['"), std::string::npos);
    EXPECT_NE(message([&] { ed.add_sheet(""); }).find("cannot be empty"), std::string::npos);
    EXPECT_NE(message([&] { ed.set("Data", "A9", cell_value::make_error("#OOPS")); }).find("not an Excel error value"),
              std::string::npos);
    EXPECT_NE(message([&] { ed.set_formula("Data", "A9", "="); }).find("the formula is empty"), std::string::npos);
    EXPECT_TRUE(ed.changes().empty());
    EXPECT_EQ(dir.files(), std::vector<std::string>{});
    EXPECT_EQ(kib::sheet_name_problem("Stuurgroep", {"KPI's"}), "");
}

// ================================ kib set ================================

TEST(KibSet, ParsesValuesTheDutchAndTheEnglishWay) {
    EXPECT_EQ(kib::parse_number("12,5"), 12.5);
    EXPECT_EQ(kib::parse_number("12.5"), 12.5);
    EXPECT_EQ(kib::parse_number("-1.234,5"), -1234.5);
    EXPECT_EQ(kib::parse_number("1,234.5"), 1234.5);
    EXPECT_EQ(kib::parse_number("1.234.567"), 1234567.0);
    EXPECT_EQ(kib::parse_number(",5"), 0.5);
    EXPECT_EQ(kib::parse_number("1e3"), 1000.0);
    EXPECT_EQ(kib::parse_number("12,5,6"), std::nullopt);
    EXPECT_EQ(kib::parse_number("1.23.4"), std::nullopt);
    EXPECT_EQ(kib::parse_number("12a"), std::nullopt);
    EXPECT_EQ(kib::parse_number("B7"), std::nullopt);

    EXPECT_EQ(kib::parse_value("12,5", false).value, cell_value::make_number(12.5));
    EXPECT_EQ(kib::parse_value("12,5", true).value, cell_value::make_text("12,5"));
    EXPECT_EQ(kib::parse_value("'0012", false).value, cell_value::make_text("0012"));
    EXPECT_EQ(kib::parse_value("2026-11-23", false).value, cell_value::make_date(*kib::iso_to_serial("2026-11-23")));
    EXPECT_EQ(kib::parse_value("23-11-2026", false).value, cell_value::make_date(*kib::iso_to_serial("2026-11-23")));
    EXPECT_EQ(kib::parse_value("23-11-2026 14:05", false).value,
              cell_value::make_date(*kib::iso_to_serial("2026-11-23T14:05")));
    EXPECT_EQ(kib::parse_value("31-02-2026", false).value, cell_value::make_text("31-02-2026"));
    EXPECT_EQ(kib::parse_value("WAAR", false).value, cell_value::make_bool(true));
    EXPECT_EQ(kib::parse_value("false", false).value, cell_value::make_bool(false));
    EXPECT_EQ(kib::parse_value("=SOM(A1)", false).formula, "SOM(A1)");
    EXPECT_TRUE(kib::parse_value("", false).value.empty());
    const auto pct = kib::parse_value("12,5%", false);
    EXPECT_EQ(pct.value, cell_value::make_number(0.125));
    EXPECT_TRUE(pct.percentage);
    EXPECT_EQ(kib::parse_value("op koers", false).value, cell_value::make_text("op koers"));

    const auto a = kib::parse_assignment("'KPI''s'!C3=2026-11-23");
    EXPECT_EQ(a.sheet, "KPI's");
    EXPECT_EQ(a.ref, "C3");
    EXPECT_EQ(a.value, "2026-11-23");
    const auto b = kib::parse_assignment("Status!B7==A1+1");
    EXPECT_EQ(b.sheet, "Status");
    EXPECT_EQ(b.value, "=A1+1");
    EXPECT_EQ(kib::parse_assignment("B7=x").sheet, "");
    EXPECT_THROW(kib::parse_assignment("'KPI's!C3=1"), kib::error);
    EXPECT_THROW(kib::parse_assignment("Status!B7"), kib::error);
}

TEST(KibSet, CommandLinePrintsWhatChangedAndRefusesToOverwriteTheInput) {
    temp_dir dir;
    const std::string book = dir / "KPI.xlsx";
    fs::copy_file(fixtures + "kpi-excel.xlsx", book);
    const std::string kib_bin = KIB_BINARY;
    auto run = [&](const std::string& args, std::string& output) {
        const std::string cmd = "'" + kib_bin + "' " + args + " > '" + (dir / "stdout.txt") + "' 2>&1";
        const int status = std::system(cmd.c_str());
        output = read_file(dir / "stdout.txt");
        fs::remove(dir / "stdout.txt");
        return WEXITSTATUS(status);
    };
    std::string output;
    EXPECT_EQ(run("set '" + book + "' \"'KPI''s'!C3=12,5\" \"'KPI''s'!B8=23-11-2026\" 'Data!A6=Gamma' "
                  "'Data!B6=12.5' 'Data!C6=007' --text -o '" + (dir / "out.xlsx") + "'",
                  output),
              0)
        << output;
    EXPECT_EQ(output,
              "'KPI''s'!C3: 105 \u2192 12,5\n'KPI''s'!B8: 2026-11-23 \u2192 23-11-2026\nData!A6: (empty) \u2192 Gamma\n"
              "Data!B6: (empty) \u2192 12.5\nData!C6: (empty) \u2192 007\nsaved " + (dir / "out.xlsx") + " (5 cells changed)\n");
    EXPECT_EQ(cell_at(dir / "out.xlsx", "KPI's", 3, 3).value, cell_value::make_text("12,5"));

    EXPECT_EQ(run("set '" + book + "' \"'KPI''s'!C3=12,5\" 'Data!B2=2026-11-23' 'Data!B3==B2+1' -o '" + (dir / "out2.xlsx") + "'", output), 0)
        << output;
    EXPECT_EQ(output, "'KPI''s'!C3: 105 \u2192 12.5\nData!B2: 10 \u2192 2026-11-23\nData!B3: 20 \u2192 =B2+1\nsaved " +
                          (dir / "out2.xlsx") + " (3 cells changed)\n");
    EXPECT_EQ(cell_at(dir / "out2.xlsx", "KPI's", 3, 3).value, cell_value::make_number(12.5));
    EXPECT_EQ(cell_at(dir / "out2.xlsx", "Data", 2, 2).value.type, kib::cell_type::date);

    // No -o and no --in-place; -o naming the input itself; a bad reference: exit 2, nothing written.
    const std::string before = read_file(book);
    EXPECT_EQ(run("set '" + book + "' 'Data!B2=1'", output), 2);
    EXPECT_NE(output.find("no output file"), std::string::npos) << output;
    EXPECT_EQ(run("set '" + book + "' 'Data!B2=1' -o '" + book + "'", output), 2);
    EXPECT_NE(output.find("refusing to overwrite the input file"), std::string::npos) << output;
    EXPECT_EQ(run("set '" + book + "' 'Data!B2=1' 'Data!ZZZZ1=2' -o '" + (dir / "bad.xlsx") + "'", output), 2);
    EXPECT_NE(output.find("\"ZZZZ1\" is not a cell reference"), std::string::npos) << output;
    EXPECT_FALSE(fs::exists(dir / "bad.xlsx"));
    EXPECT_EQ(run("set '" + book + "' 'Onbekend!B2=1' -o '" + (dir / "bad.xlsx") + "'", output), 2);
    EXPECT_NE(output.find("no sheet named \"Onbekend\""), std::string::npos) << output;
    EXPECT_EQ(read_file(book), before);

    // --in-place replaces the input and keeps a backup.
    EXPECT_EQ(run("set '" + book + "' 'Data!B2=1' --in-place", output), 0) << output;
    EXPECT_NE(output.find("backup " + (dir / "KPI.bak.xlsx")), std::string::npos) << output;
    EXPECT_EQ(read_file(dir / "KPI.bak.xlsx"), before);
    EXPECT_EQ(cell_at(book, "Data", 2, 2).value, cell_value::make_number(1));
}
