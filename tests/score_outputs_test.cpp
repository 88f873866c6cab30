// kib score -o: the results workbook and the Dutch report for the sample scan
// (samples/cx_scan_2026.xlsx, 240 respondents), read back with kib's reader and rendered by
// LibreOffice headless (these tests FAIL when soffice or pdftotext is missing).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <unistd.h>

#include "docx_test_support.hpp"
#include "engine/scan/score.hpp"
#include "engine/scan/score_outputs.hpp"
#include "readers/error.hpp"
#include "readers/xlsx.hpp"

namespace {

namespace fs = std::filesystem;
namespace m = kib::maturity;

const std::string k_samples = KIB_SAMPLES;

struct outputs {
    m::scan_result result;
    fs::path dir, xlsx, docx;
};

// Scored and written once for all tests (each soffice start takes seconds).
const outputs& sample_outputs() {
    static const outputs o = [] {
        outputs x;
        x.result = m::score_file(k_samples + "/cx_scan_2026.xlsx");
        x.dir = fs::temp_directory_path() / ("kib_scoreout_" + std::to_string(::getpid()));
        fs::remove_all(x.dir);
        const auto paths = kib::write_score_outputs(x.result, x.dir, "cx_scan_2026", "2026-11-23");
        EXPECT_EQ(paths.size(), 2u);
        x.xlsx = paths.at(0);
        x.docx = paths.at(1);
        return x;
    }();
    // Removes the folder at exit (statics are destroyed in reverse order, so before `o`).
    static const struct cleanup {
        fs::path dir;
        ~cleanup() { fs::remove_all(dir); }
    } c{o.dir};
    return o;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Cell text of a read-back sheet by 1-based row/column; numbers as kib formats them.
std::map<std::pair<std::uint32_t, std::uint32_t>, kib::cell_value> read_sheet(const kib::workbook& wb, const std::string& name) {
    std::map<std::pair<std::uint32_t, std::uint32_t>, kib::cell_value> cells;
    for (const kib::row& r : wb.read_rows(wb.sheet(name))) {
        for (const kib::cell& c : r.cells) cells[{c.row, c.col}] = c.value;
    }
    return cells;
}

const std::array<const char*, 6> k_names = {"Strategie", "Begrijpen", "Ontwerpen", "Meten", "Besturing", "Cultuur"};
const std::array<const char*, 6> k_shown = {"21,7", "23,3", "20,8", "17,7", "19,1", "22,5"};
const std::array<const char*, 6> k_phases = {"Groeiend", "Groeiend", "Groeiend", "Lerend", "Groeiend", "Groeiend"};
const std::array<double, 6> k_scores = {21.7, 23.3, 20.8, 17.7, 19.1, 22.5};
const std::array<double, 6> k_model = {3.3, 3.5, 3.1, 2.6, 2.9, 3.4};

TEST(ScoreOutputs, FileNamesFollowTheStem) {
    const outputs& o = sample_outputs();
    EXPECT_EQ(o.xlsx.filename().string(), "cx_scan_2026 - resultaten.xlsx");
    EXPECT_EQ(o.docx.filename().string(), "cx_scan_2026 - rapportage.docx");
    EXPECT_TRUE(fs::is_regular_file(o.xlsx));
    EXPECT_TRUE(fs::is_regular_file(o.docx));
}

TEST(ScoreOutputs, WorkbookPillarsSheetHoldsTheScores) {
    const outputs& o = sample_outputs();
    const kib::workbook wb = kib::workbook::open(o.xlsx.string());
    std::vector<std::string> names;
    for (const auto& s : wb.sheets()) names.push_back(s.name);
    EXPECT_EQ(names, (std::vector<std::string>{"Pijlers", "Per afdeling", "Per vraag", "Toelichtingen", "Respons"}));
    const auto cells = read_sheet(wb, "Pijlers");
    EXPECT_EQ(cells.at({1, 2}).text, "Score");
    for (std::uint32_t p = 0; p < 6; ++p) {
        EXPECT_EQ(cells.at({p + 2, 1}).text, k_names[p]);
        EXPECT_DOUBLE_EQ(cells.at({p + 2, 2}).number, k_scores[p]) << k_names[p];
        EXPECT_DOUBLE_EQ(cells.at({p + 2, 2}).number, o.result.pillars[p].score.tenths() / 10.0);
        EXPECT_EQ(cells.at({p + 2, 3}).text, k_phases[p]);
        EXPECT_DOUBLE_EQ(cells.at({p + 2, 4}).number, k_model[p]);
        EXPECT_DOUBLE_EQ(cells.at({p + 2, 5}).number, static_cast<double>(o.result.pillars[p].score.count));
    }
}

TEST(ScoreOutputs, WorkbookHasTheRadarChart) {
    const outputs& o = sample_outputs();
    const kib::workbook wb = kib::workbook::open(o.xlsx.string());
    const std::string chart = wb.pkg().read("xl/charts/chart1.xml");
    EXPECT_NE(chart.find("radarChart"), std::string::npos);
    EXPECT_NE(chart.find("Pijlers!$D$2:$D$7"), std::string::npos);
    EXPECT_NE(chart.find("<c:v>3.3</c:v>"), std::string::npos);
}

// Printed from Excel or LibreOffice, every sheet is one page wide with its header row on every page;
// the wide ones print landscape.
TEST(ScoreOutputs, EverySheetHasAPrintSetup) {
    const outputs& o = sample_outputs();
    const kib::workbook wb = kib::workbook::open(o.xlsx.string());
    const std::string book = wb.pkg().read("xl/workbook.xml");
    for (const char* name : {"Pijlers", "Per afdeling", "Per vraag", "Toelichtingen", "Respons"}) {
        const std::string xml = wb.pkg().read(wb.sheet(name).part);
        EXPECT_NE(xml.find("fitToPage=\"1\""), std::string::npos) << name;
        EXPECT_NE(xml.find("fitToWidth=\"1\""), std::string::npos) << name;
        const bool landscape = xml.find("orientation=\"landscape\"") != std::string::npos;
        EXPECT_EQ(landscape, std::string(name) != "Respons") << name;
        const std::string quoted = std::string(name).find(' ') != std::string::npos ? "'" + std::string(name) + "'" : name;
        EXPECT_NE(book.find(">" + quoted + "!$1:$1<"), std::string::npos) << "print titles of " << name << ": " << book;
    }
}

TEST(ScoreOutputs, WorkbookDetailSheets) {
    const outputs& o = sample_outputs();
    const kib::workbook wb = kib::workbook::open(o.xlsx.string());
    // Per vraag: 48 questions; counts add up to the respondents of the scan.
    const auto q = read_sheet(wb, "Per vraag");
    EXPECT_EQ(q.at({49, 1}).text, "Cultuur");
    EXPECT_DOUBLE_EQ(q.at({49, 2}).number, 8);
    const m::question_stats& s = o.result.pillars[0].questions[0];
    double sum = 0;
    for (std::uint32_t c = 4; c <= 9; ++c) sum += q.at({2, c}).number;
    EXPECT_DOUBLE_EQ(sum, 240);
    EXPECT_DOUBLE_EQ(q.at({2, 8}).number, static_cast<double>(s.dont_know));
    EXPECT_DOUBLE_EQ(q.at({2, 10}).number, static_cast<double>(s.dont_know) / static_cast<double>(s.filled()));
    // Per afdeling: one row per department, in the result's order.
    const auto d = read_sheet(wb, "Per afdeling");
    ASSERT_FALSE(o.result.departments.empty());
    EXPECT_EQ(d.at({2, 1}).text, o.result.departments[0].name);
    EXPECT_DOUBLE_EQ(d.at({2, 2}).number, static_cast<double>(o.result.departments[0].respondents));
    // Toelichtingen: every distinct open answer once, with its count; the counts add up to all answers.
    const auto t = read_sheet(wb, "Toelichtingen");
    ASSERT_FALSE(o.result.comments.empty());
    const auto groups = m::group_comments(o.result.comments);
    ASSERT_LT(groups.size(), o.result.comments.size());  // the sample repeats answers
    EXPECT_EQ(t.at({2, 2}).text, groups[0].text);
    double counted = 0;
    for (std::uint32_t row = 2; row < groups.size() + 2; ++row) counted += t.at({row, 3}).number;
    EXPECT_DOUBLE_EQ(counted, static_cast<double>(o.result.comments.size()));
    EXPECT_EQ(t.count({static_cast<std::uint32_t>(groups.size() + 2), 2}), 0u);
    // Respons: departments, then the total.
    const auto r = read_sheet(wb, "Respons");
    const auto total_row = static_cast<std::uint32_t>(o.result.departments.size() + 2);
    EXPECT_EQ(r.at({total_row, 1}).text, "Totaal");
    EXPECT_DOUBLE_EQ(r.at({total_row, 3}).number, 240);
}

TEST(ScoreOutputs, ReportTextIsDutch) {
    const outputs& o = sample_outputs();
    const std::string docx = slurp(o.docx);
    const std::string text = kib::test::docx_text(docx, "word/document.xml");
    EXPECT_NE(text.find("CX-Volwassenheidsscan — rapportage"), std::string::npos);
    EXPECT_NE(text.find("23 november 2026"), std::string::npos);
    EXPECT_NE(text.find("Score 21,7 — fase Groeiend"), std::string::npos);
    EXPECT_NE(text.find("Score 17,7 — fase Lerend"), std::string::npos);
    EXPECT_NE(text.find("Suggesties voor verdiepende interviews"), std::string::npos);
    EXPECT_NE(text.find("Bijlage: methode"), std::string::npos);
    EXPECT_NE(kib::test::read_part(docx, "word/charts/chart1.xml").find("radarChart"), std::string::npos);
}

TEST(ScoreOutputs, LibreOfficeRendersTheReport) {
    const outputs& o = sample_outputs();
    const std::string pdf = kib::test::render_with_libreoffice(slurp(o.docx), "rapportage");
    EXPECT_NE(pdf.find("CX-Volwassenheidsscan"), std::string::npos) << pdf.substr(0, 2000);
    EXPECT_NE(pdf.find("23 november 2026"), std::string::npos);
    EXPECT_NE(pdf.find("Strategie"), std::string::npos);
    EXPECT_NE(pdf.find("Score 21,7 — fase Groeiend"), std::string::npos);
    EXPECT_NE(pdf.find("Meten"), std::string::npos);
    EXPECT_NE(pdf.find("17,7"), std::string::npos);
}

TEST(ScoreOutputs, LibreOfficeShowsTheWorkbookScores) {
    const outputs& o = sample_outputs();
    const std::string soffice = kib::test::find_program("soffice");
    ASSERT_FALSE(soffice.empty()) << "soffice (LibreOffice) is not installed; this test needs it";
    const fs::path out = o.dir / "csv";
    fs::create_directories(out);
    fs::copy_file(o.xlsx, out / "resultaten.xlsx");
    // Semicolon-separated, cells as shown; the first sheet (Pijlers).
    const std::string cmd = "cd '" + out.string() + "' && '" + soffice + "' --headless -env:UserInstallation=file://" + out.string() +
                            "/profile --convert-to 'csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,true' resultaten.xlsx"
                            " >/dev/null 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    const std::string csv = slurp(out / "resultaten.csv");
    for (std::size_t p = 0; p < 6; ++p) {
        EXPECT_NE(csv.find(std::string(k_names[p]) + ";" + k_shown[p] + ";" + k_phases[p]), std::string::npos) << csv;
    }
}

TEST(ScoreOutputs, ScoreCommandWritesTheOutputs) {
    const fs::path dir = fs::temp_directory_path() / ("kib_scoreout_cli_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    kib::score_options opt;
    opt.outdir = dir.string();
    std::ostringstream out, err;
    kib::score(k_samples + "/cx_scan_2026.xlsx", opt, out, err);
    EXPECT_NE(out.str().find("21,7"), std::string::npos);
    EXPECT_TRUE(fs::is_regular_file(dir / "cx_scan_2026 - resultaten.xlsx"));
    EXPECT_TRUE(fs::is_regular_file(dir / "cx_scan_2026 - rapportage.docx"));
    EXPECT_NE(err.str().find("kib: wrote "), std::string::npos);
    fs::remove_all(dir);
}

TEST(ScoreOutputs, DutchLongDate) {
    EXPECT_EQ(kib::dutch_long_date("2026-11-23"), "23 november 2026");
    EXPECT_EQ(kib::dutch_long_date("2025-03-01"), "1 maart 2025");
    EXPECT_THROW(kib::dutch_long_date("23-11-2026"), kib::error);
    EXPECT_THROW(kib::dutch_long_date("2026-13-01"), kib::error);
}

}  // namespace
