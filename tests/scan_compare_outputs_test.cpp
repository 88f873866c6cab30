// kib score --previous -o: the comparison with an earlier scan in the results workbook (sheet
// Vergelijking, radar chart with both scans) and in the report (section "Vergelijking met de eerdere
// scan"), departments below the 50% response target flagged, Toelichtingen grouped with counts.
// Two surveys are written here as CSV and saved as .xlsx by LibreOffice (other software than kib);
// every expected figure below is worked out by hand from their answers. Also on the samples
// (cx_scan_2026 against cx_scan_2024). These tests FAIL when soffice or pdftotext is missing.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "docx_test_support.hpp"
#include "engine/drop/drop_config.hpp"
#include "engine/drop/jobs.hpp"
#include "engine/drop/watch.hpp"
#include "engine/scan/maturity.hpp"
#include "engine/scan/score.hpp"
#include "engine/scan/score_outputs.hpp"
#include "lo_util.hpp"
#include "readers/package.hpp"
#include "readers/xlsx.hpp"
#include "writers/text_metrics.hpp"
#include "writers/xlsx_new.hpp"

namespace {

namespace fs = std::filesystem;
namespace m = kib::maturity;

const std::array<const char*, 6> k_pillars = {"Strategie", "Begrijpen", "Ontwerpen", "Meten", "Besturing", "Cultuur"};
const std::array<const char*, 6> k_codes = {"STR", "BEG", "ONT", "MET", "BES", "CUL"};

struct respondent {
    const char* id;
    const char* department;
    std::array<const char*, 6> answers;  // 8 answers per pillar, ';'-separated
    const char* strategy_comment;
    const char* culture_comment;
};

std::string all(const char* a) {
    std::string s;
    for (int i = 0; i < 8; ++i) s += std::string(i ? ";" : "") + a;
    return s;
}

// A survey as a Dutch-Excel CSV (';').
std::string survey_csv(const std::vector<respondent>& rows) {
    std::string csv = "Respondent;Afdeling";
    for (const char* c : k_codes)
        for (int q = 1; q <= 8; ++q) csv += ";" + std::string(c) + std::to_string(q);
    csv += ";Toelichting Strategie;Toelichting Cultuur\n";
    for (const respondent& r : rows) {
        csv += std::string(r.id) + ";" + r.department;
        for (const char* a : r.answers) csv += ";" + std::string(a);
        csv += std::string(";") + r.strategy_comment + ";" + r.culture_comment + "\n";
    }
    return csv;
}

// Earlier scan. Totals (each pillar all-same answers → 8 × answer):
//   1 KCC  16 16 16 16 16 16      2 KCC  24 24 24 24 24 24
//   3 HR    8 16 24 32  8 16      4 Financiën 16 16 16 16 16 16
// Pillar means: STR 16, BEG 18, ONT 20, MET 22, BES 16, CUL 18.
std::vector<respondent> earlier_rows() {
    static const std::string s1 = all("1"), s2 = all("2"), s3 = all("3"), s4 = all("4");
    return {
        {"1", "KCC", {s2.c_str(), s2.c_str(), s2.c_str(), s2.c_str(), s2.c_str(), s2.c_str()}, "", ""},
        {"2", "KCC", {s3.c_str(), s3.c_str(), s3.c_str(), s3.c_str(), s3.c_str(), s3.c_str()}, "", ""},
        {"3", "HR", {s1.c_str(), s2.c_str(), s3.c_str(), s4.c_str(), s1.c_str(), s2.c_str()}, "", ""},
        {"4", "Financiën", {s2.c_str(), s2.c_str(), s2.c_str(), s2.c_str(), s2.c_str(), s2.c_str()}, "", ""},
    };
}

// This scan:
//   1 KCC  24 24 24 24 24 24      2 KCC  32 32 32 32 32 32
//   3 HR   STR "2,1,1,1,1,1,1,X": 8 points × 8/7 = 64/7; the other pillars 8
//   4 ICT  24 16 24 16 24 16
// Pillar means: STR (24+32+64/7+24)/4, BEG 20, ONT 22, MET 20, BES 22, CUL 20.
std::vector<respondent> current_rows() {
    static const std::string s1 = all("1"), s2 = all("2"), s3 = all("3"), s4 = all("4");
    static const std::string hr_str = "2;1;1;1;1;1;1;X";
    return {
        {"1", "KCC", {s3.c_str(), s3.c_str(), s3.c_str(), s3.c_str(), s3.c_str(), s3.c_str()}, "Te weinig tijd", "Open sfeer"},
        {"2", "KCC", {s4.c_str(), s4.c_str(), s4.c_str(), s4.c_str(), s4.c_str(), s4.c_str()}, "te weinig  tijd", ""},
        {"3", "HR", {hr_str.c_str(), s1.c_str(), s1.c_str(), s1.c_str(), s1.c_str(), s1.c_str()}, "Te weinig tijd", ""},
        {"4", "ICT", {s3.c_str(), s2.c_str(), s3.c_str(), s2.c_str(), s3.c_str(), s2.c_str()}, "Goede start", ""},
    };
}

// Hand-computed scores.
const std::array<double, 6> k_before = {16, 18, 20, 22, 16, 18};
const std::array<double, 6> k_now = {(24 + 32 + 64.0 / 7 + 24) / 4, 20, 22, 20, 22, 20};

double tenths(double v) { return std::floor(std::fabs(v) * 10 + 0.5) / 10 * (v < 0 ? -1 : 1); }

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void spit(const fs::path& p, const std::string& s) {
    std::ofstream out(p, std::ios::binary);
    out << s;
}

// Saves a CSV as .xlsx with LibreOffice (separator ';', UTF-8), as an office would.
fs::path libreoffice_xlsx(const fs::path& dir, const std::string& stem, const std::string& csv) {
    spit(dir / (stem + ".csv"), csv);
    const std::string soffice = kib::test::find_soffice();
    EXPECT_FALSE(soffice.empty()) << "soffice (LibreOffice) is not installed; this test needs it";
    const std::string cmd = "cd '" + dir.string() + "' && '" + soffice + "' --headless -env:UserInstallation=file://" + dir.string() +
                            "/lo-profile --infilter=CSV:59,34,76,1 --convert-to xlsx '" + stem + ".csv' >/dev/null 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    return dir / (stem + ".xlsx");
}

struct outputs {
    m::scan_result result;
    fs::path dir, xlsx, docx;
};

std::string collapse(const std::string& s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

outputs make_outputs(const std::string& name, const fs::path& survey, const fs::path& previous, const std::string& invited) {
    outputs o;
    o.dir = survey.parent_path() / ("out_" + name);
    m::score_options opt;
    opt.invited_file = invited;
    o.result = m::score_file(survey.string(), opt);
    m::compare(o.result, previous.string(), opt);
    const auto paths = kib::write_score_outputs(o.result, o.dir, name, "2026-11-23");
    o.xlsx = paths.at(0);
    o.docx = paths.at(1);
    return o;
}

// The two LibreOffice-made surveys, scored and written once for all tests.
const outputs& made_outputs() {
    static const outputs o = [] {
        const fs::path dir = fs::temp_directory_path() / ("kib_scancmp_" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir);
        const fs::path before = libreoffice_xlsx(dir, "scan_2025", survey_csv(earlier_rows()));
        const fs::path now = libreoffice_xlsx(dir, "scan_2026", survey_csv(current_rows()));
        // KCC 2 of 3 (66,7%), HR 1 of 4 (25,0%: below), ICT 1 of 2 (50,0%: exactly the target).
        spit(dir / "uitnodigingen.csv", "Afdeling;Uitgenodigd\nKCC;3\nHR;4\nICT;2\n");
        return make_outputs("scan_2026", now, before, (dir / "uitnodigingen.csv").string());
    }();
    static const struct cleanup {
        fs::path dir;
        ~cleanup() { fs::remove_all(dir.parent_path()); }
    } c{o.dir};
    return o;
}

// The report as LibreOffice renders it (pdftotext), whitespace collapsed; rendered once, when asked.
const std::string& made_report_text() {
    static const std::string text = collapse(kib::test::render_with_libreoffice(slurp(made_outputs().docx), "scan_2026"));
    return text;
}

std::map<std::pair<std::uint32_t, std::uint32_t>, kib::cell_value> read_sheet(const kib::workbook& wb, const std::string& name) {
    std::map<std::pair<std::uint32_t, std::uint32_t>, kib::cell_value> cells;
    for (const kib::row& r : wb.read_rows(wb.sheet(name))) {
        for (const kib::cell& c : r.cells) cells[{c.row, c.col}] = c.value;
    }
    return cells;
}

// The chart part whose series refer to `sheet`, "" when there is none.
std::string chart_of_sheet(const kib::workbook& wb, const std::string& sheet) {
    for (int i = 1; i <= 4; ++i) {
        const std::string part = "xl/charts/chart" + std::to_string(i) + ".xml";
        if (wb.pkg().find(part) == nullptr) continue;
        const std::string xml = wb.pkg().read(part);
        if (xml.find(sheet + "!$") != std::string::npos) return xml;
    }
    return {};
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
    return n;
}

TEST(ScanCompareOutputs, VergelijkingSheetHoldsTheHandComputedScores) {
    const outputs& o = made_outputs();
    const kib::workbook wb = kib::workbook::open(o.xlsx.string());
    std::vector<std::string> names;
    for (const auto& s : wb.sheets()) names.push_back(s.name);
    EXPECT_EQ(names, (std::vector<std::string>{"Pijlers", "Vergelijking", "Per afdeling", "Per vraag", "Toelichtingen", "Respons"}));
    const auto cells = read_sheet(wb, "Vergelijking");
    EXPECT_EQ(cells.at({1, 2}).text, "Eerdere scan");
    EXPECT_EQ(cells.at({1, 3}).text, "Deze scan");
    EXPECT_EQ(cells.at({1, 4}).text, "Verschil");
    for (std::uint32_t p = 0; p < 6; ++p) {
        EXPECT_EQ(cells.at({p + 2, 1}).text, k_pillars[p]);
        EXPECT_DOUBLE_EQ(cells.at({p + 2, 2}).number, tenths(k_before[p])) << k_pillars[p];
        EXPECT_DOUBLE_EQ(cells.at({p + 2, 3}).number, tenths(k_now[p])) << k_pillars[p];
        EXPECT_DOUBLE_EQ(cells.at({p + 2, 4}).number, tenths(k_now[p] - k_before[p])) << k_pillars[p];
    }
    // Strategie: 16 → 22,29 (64/7 of HR): +6,3, from Lerend (16) to Groeiend (22).
    EXPECT_DOUBLE_EQ(cells.at({2, 3}).number, 22.3);
    EXPECT_DOUBLE_EQ(cells.at({2, 4}).number, 6.3);
    EXPECT_EQ(cells.at({2, 5}).text, "Lerend");
    EXPECT_EQ(cells.at({2, 6}).text, "Groeiend");
    EXPECT_DOUBLE_EQ(cells.at({5, 4}).number, -2.0);  // Meten 22 → 20
}

TEST(ScanCompareOutputs, VergelijkingSheetComparesDepartmentsInBothScans) {
    const outputs& o = made_outputs();
    const auto cells = read_sheet(kib::workbook::open(o.xlsx.string()), "Vergelijking");
    // Find the department table's header row.
    std::uint32_t head = 0;
    for (const auto& [at, v] : cells)
        if (at.second == 2 && v.text == "Pijler" && at.first > 1) head = at.first;
    ASSERT_GT(head, 0u);
    EXPECT_EQ(cells.at({head, 1}).text, "Afdeling");
    // HR first (sorted by name), then KCC: 6 pillar rows each; Financiën and ICT are in one scan only.
    EXPECT_EQ(cells.at({head + 1, 1}).text, "HR");
    EXPECT_EQ(cells.at({head + 1, 2}).text, "Strategie");
    EXPECT_DOUBLE_EQ(cells.at({head + 1, 3}).number, 8.0);
    EXPECT_DOUBLE_EQ(cells.at({head + 1, 4}).number, 9.1);  // 64/7
    EXPECT_DOUBLE_EQ(cells.at({head + 1, 5}).number, 1.1);  // 64/7 − 8 = 1,14
    EXPECT_DOUBLE_EQ(cells.at({head + 4, 5}).number, -24.0);  // HR Meten 32 → 8
    EXPECT_EQ(cells.at({head + 7, 1}).text, "KCC");
    EXPECT_DOUBLE_EQ(cells.at({head + 7, 3}).number, 20.0);  // (16 + 24) / 2
    EXPECT_DOUBLE_EQ(cells.at({head + 7, 4}).number, 28.0);  // (24 + 32) / 2
    EXPECT_DOUBLE_EQ(cells.at({head + 7, 5}).number, 8.0);
    EXPECT_DOUBLE_EQ(cells.at({head + 7, 6}).number, 2.0);  // respondents before
    EXPECT_EQ(cells.count({head + 13, 1}), 0u);
    bool only_before = false, only_now = false;
    for (const auto& [at, v] : cells) {
        only_before = only_before || v.text == "Alleen in de eerdere scan: Financiën.";
        only_now = only_now || v.text == "Alleen in deze scan: ICT.";
    }
    EXPECT_TRUE(only_before);
    EXPECT_TRUE(only_now);
}

TEST(ScanCompareOutputs, RadarChartHasBothScansAsSeries) {
    const outputs& o = made_outputs();
    const std::string chart = chart_of_sheet(kib::workbook::open(o.xlsx.string()), "Vergelijking");
    ASSERT_FALSE(chart.empty());
    EXPECT_NE(chart.find("<c:radarChart>"), std::string::npos);
    EXPECT_EQ(count(chart, "<c:ser>"), 2u);
    EXPECT_NE(chart.find("Vergelijking!$B$2:$B$7"), std::string::npos);
    EXPECT_NE(chart.find("Vergelijking!$C$2:$C$7"), std::string::npos);
    EXPECT_NE(chart.find("<c:v>Eerdere scan</c:v>"), std::string::npos);
    EXPECT_NE(chart.find("<c:v>Deze scan</c:v>"), std::string::npos);
    // The report's own comparison chart: two series as well.
    const kib::package docx = kib::package::open(o.docx.string());
    std::string report_chart;
    for (int i = 1; i <= 3 && report_chart.empty(); ++i) {
        const std::string part = "word/charts/chart" + std::to_string(i) + ".xml";
        if (docx.find(part) == nullptr) continue;
        const std::string xml = docx.read(part);
        if (xml.find("Eerdere scan") != std::string::npos) report_chart = xml;
    }
    ASSERT_FALSE(report_chart.empty());
    EXPECT_EQ(count(report_chart, "<c:ser>"), 2u);
}

TEST(ScanCompareOutputs, LibreOfficeShowsTheVergelijkingAndResponsSheets) {
    const outputs& o = made_outputs();
    const auto csv = kib::test::libreoffice_sheets_csv(o.xlsx.string(), (o.dir / "lo").string(), {"Vergelijking", "Respons"});
    const std::string& cmp = csv.at("Vergelijking");
    EXPECT_NE(cmp.find("Strategie,\"16,0\",\"22,3\",\"+6,3\",Lerend,Groeiend"), std::string::npos) << cmp;
    EXPECT_NE(cmp.find("Meten,\"22,0\",\"20,0\",\"-2,0\",Groeiend,Groeiend"), std::string::npos) << cmp;
    const std::string& resp = csv.at("Respons");
    EXPECT_NE(resp.find("HR,4,1,\"25,0%\",onder 50%"), std::string::npos) << resp;
    EXPECT_NE(resp.find("KCC,3,2,\"66,7%\",gehaald"), std::string::npos) << resp;
    EXPECT_NE(resp.find("ICT,2,1,\"50,0%\",gehaald"), std::string::npos) << resp;
    EXPECT_NE(resp.find("Onder de streefwaarde: 1 van 3 afdelingen."), std::string::npos) << resp;
}

TEST(ScanCompareOutputs, ResponsSheetShadesDepartmentsBelowTheTarget) {
    const outputs& o = made_outputs();
    const kib::workbook wb = kib::workbook::open(o.xlsx.string());
    const auto cells = read_sheet(wb, "Respons");
    EXPECT_EQ(cells.at({1, 5}).text, "Streefwaarde 50%");
    // Departments sorted: HR, ICT, KCC.
    EXPECT_EQ(cells.at({2, 1}).text, "HR");
    EXPECT_EQ(cells.at({2, 5}).text, "onder 50%");
    EXPECT_EQ(cells.at({3, 5}).text, "gehaald");
    // The flag cell of HR has the light red fill, ICT's the green one.
    const std::string sheet = wb.pkg().read("xl/worksheets/sheet6.xml");
    const std::string styles = wb.pkg().read("xl/styles.xml");
    EXPECT_NE(styles.find("FFFCE4D6"), std::string::npos);
    EXPECT_NE(styles.find("FFE2EFDA"), std::string::npos);
    auto style_of = [&](const std::string& ref) {
        const auto at = sheet.find("<c r=\"" + ref + "\"");
        EXPECT_NE(at, std::string::npos) << ref;
        const auto s = sheet.find(" s=\"", at);
        return sheet.substr(s, sheet.find('"', s + 4) - s);
    };
    EXPECT_NE(style_of("E2"), style_of("E3"));
    EXPECT_EQ(style_of("E3"), style_of("E4"));
}

TEST(ScanCompareOutputs, ToelichtingenAreGroupedWithCounts) {
    const outputs& o = made_outputs();
    const auto cells = read_sheet(kib::workbook::open(o.xlsx.string()), "Toelichtingen");
    EXPECT_EQ(cells.at({1, 3}).text, "Aantal");
    EXPECT_EQ(cells.at({2, 1}).text, "Strategie");
    EXPECT_EQ(cells.at({2, 2}).text, "Te weinig tijd");  // "te weinig  tijd" counted with it
    EXPECT_DOUBLE_EQ(cells.at({2, 3}).number, 3);
    EXPECT_EQ(cells.at({2, 4}).text, "KCC, HR");
    EXPECT_EQ(cells.at({3, 2}).text, "Goede start");
    EXPECT_DOUBLE_EQ(cells.at({3, 3}).number, 1);
    EXPECT_EQ(cells.at({4, 1}).text, "Cultuur");
    EXPECT_EQ(cells.at({4, 2}).text, "Open sfeer");
    EXPECT_EQ(cells.count({5, 2}), 0u);
}

TEST(ScanCompareOutputs, LibreOfficeRendersTheComparisonSectionOfTheReport) {
    const std::string& text = made_report_text();
    EXPECT_NE(text.find("Vergelijking met de eerdere scan"), std::string::npos) << text.substr(0, 3000);
    EXPECT_NE(text.find("Deze scan vergeleken met de eerdere scan (scan_2025.xlsx, 4 respondenten)"), std::string::npos);
    EXPECT_NE(text.find("Van de 6 vergeleken pijlers stegen er 5 en daalde er 1."), std::string::npos);
    EXPECT_NE(text.find("Het sterkst gestegen zijn Strategie (+6,3) en Besturing (+6,0)."), std::string::npos);
    EXPECT_NE(text.find("Het sterkst gedaald is Meten (−2,0)."), std::string::npos);
    EXPECT_NE(text.find("Strategie van Lerend naar Groeiend"), std::string::npos);
    // Per department: the mean of the pillar scores. KCC 20,0 → 28,0; HR 16,0 (8,16,24,32,8,16) → 9,5 (64/7 and five 8s).
    EXPECT_NE(text.find("Alleen in de eerdere scan: Financiën."), std::string::npos);
    EXPECT_NE(text.find("Alleen in deze scan: ICT."), std::string::npos);
}

TEST(ScanCompareOutputs, ReportFlagsResponseAndGroupsToelichtingen) {
    const std::string& text = made_report_text();
    EXPECT_NE(text.find("Onder de streefwaarde van 50% blijft HR (25,0%)"), std::string::npos) << text;
    EXPECT_NE(text.find("onder 50%"), std::string::npos);
    EXPECT_NE(text.find("Te weinig tijd (3×; KCC en HR)"), std::string::npos);
    EXPECT_NE(text.find("Goede start (ICT)"), std::string::npos);
    EXPECT_EQ(text.find("te weinig tijd"), std::string::npos);  // the variant is not listed apart
}

TEST(ScanCompareOutputs, WrappedRowsGetTheirHeightAndHeadersFit) {
    const outputs& o = made_outputs();
    const kib::workbook wb = kib::workbook::open(o.xlsx.string());
    // Per vraag (sheet 4): statements wrap at 60 characters; a statement of more than one line
    // has a row of more than 15 points.
    const std::string per_question = wb.pkg().read("xl/worksheets/sheet4.xml");
    EXPECT_GT(count(per_question, "customHeight=\"1\""), 10u);
    EXPECT_NE(per_question.find("ht=\"30\""), std::string::npos);
    // Pijlers: "Standaarddeviatie" (17 characters, bold) no longer cut off at the old fixed 14.
    const std::string pillars = wb.pkg().read("xl/worksheets/sheet1.xml");
    const auto col6 = pillars.find("<col min=\"6\"");
    ASSERT_NE(col6, std::string::npos) << pillars.substr(0, 1500);
    const auto w = pillars.find("width=\"", col6);
    EXPECT_GE(std::stod(pillars.substr(w + 7)), 18.0);
}

TEST(ScanCompareOutputs, SamplesCompareWithTheEarlierSampleScan) {
    const fs::path dir = fs::temp_directory_path() / ("kib_scancmp_samples_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    kib::score_options opt;
    opt.previous = std::string(KIB_SAMPLES) + "/cx_scan_2024.xlsx";
    opt.invited = std::string(KIB_SAMPLES) + "/cx_uitnodigingen.csv";
    opt.outdir = dir.string();
    std::ostringstream out, err;
    kib::score(std::string(KIB_SAMPLES) + "/cx_scan_2026.xlsx", opt, out, err);
    const kib::workbook wb = kib::workbook::open((dir / "cx_scan_2026 - resultaten.xlsx").string());
    const auto cells = read_sheet(wb, "Vergelijking");
    m::score_options mo;
    const m::scan_result before = m::score_file(opt.previous, mo);
    const m::scan_result now = m::score_file(std::string(KIB_SAMPLES) + "/cx_scan_2026.xlsx", mo);
    for (std::uint32_t p = 0; p < 6; ++p) {
        EXPECT_EQ(cells.at({p + 2, 1}).text, k_pillars[p]);
        EXPECT_DOUBLE_EQ(cells.at({p + 2, 2}).number, before.pillars[p].score.tenths() / 10.0);
        EXPECT_DOUBLE_EQ(cells.at({p + 2, 3}).number, now.pillars[p].score.tenths() / 10.0);
        // The change from the exact means, rounded: within 0,1 of the difference of the rounded scores.
        const double shown = cells.at({p + 2, 4}).number;
        EXPECT_NEAR(shown, (now.pillars[p].score.tenths() - before.pillars[p].score.tenths()) / 10.0, 0.1 + 1e-9);
        EXPECT_NEAR(shown, static_cast<double>(now.pillars[p].score.value() - before.pillars[p].score.value()), 0.05 + 1e-9);
    }
    EXPECT_EQ(count(chart_of_sheet(wb, "Vergelijking"), "<c:ser>"), 2u);
    const std::string text = collapse(kib::test::render_with_libreoffice(slurp(dir / "cx_scan_2026 - rapportage.docx"), "samples_cmp"));
    EXPECT_NE(text.find("Vergelijking met de eerdere scan"), std::string::npos);
    EXPECT_NE(text.find("cx_scan_2024.xlsx"), std::string::npos);
    EXPECT_NE(text.find("Het sterkst gestegen"), std::string::npos);
    EXPECT_NE(text.find("Streefwaarde 50%"), std::string::npos);
    // Every header and department name of the report's tables whole: LibreOffice broke
    // "Systematisch" and "Bestuursondersteuning" in narrow columns before they were widened.
    std::vector<std::string> words = {"Systematisch", "Regelmatig", "Incidenteel", "Respondenten", "Uitgenodigd",
                                      "Modelwaarde",  "Verschil",   "Gemiddelde",  "Streefwaarde", "gehaald"};
    for (const auto& d : now.departments) {
        std::stringstream parts(d.name);
        for (std::string w; parts >> w;) words.push_back(w);
    }
    // Before the method appendix, whose bullets name the answers too.
    const std::string tables = text.substr(0, text.find("Bijlage: methode"));
    for (const std::string& w : words) {
        EXPECT_NE(tables.find(" " + w + " "), std::string::npos) << "'" << w << "' is not whole in the rendered report";
    }
    fs::remove_all(dir);
}

// The earlier scan given as the JSON kib score --json printed for it: departments compared from
// their decimal scores, and the JSON of the comparison names them.
TEST(ScanCompareOutputs, EarlierScanAsJsonComparesDepartmentsToo) {
    const outputs& o = made_outputs();
    const fs::path dir = o.dir.parent_path();
    m::score_options opt;
    const m::scan_result before = m::score_file((dir / "scan_2025.xlsx").string(), opt);
    spit(dir / "scan_2025.json", kib::score_json(before));
    m::scan_result now = m::score_file((dir / "scan_2026.xlsx").string(), opt);
    m::compare(now, (dir / "scan_2025.json").string(), opt);
    ASSERT_TRUE(now.previous.has_value());
    EXPECT_EQ(now.previous->respondents, 4);
    ASSERT_EQ(now.previous->departments.size(), 2u);
    const m::department_change& kcc = now.previous->departments[1];
    EXPECT_EQ(kcc.name, "KCC");
    EXPECT_EQ(kcc.pillars[0].before_tenths(), std::optional<int>(200));
    EXPECT_EQ(kcc.pillars[0].change_tenths(), std::optional<int>(80));
    EXPECT_EQ(now.previous->only_before, (std::vector<std::string>{"Financiën"}));
    const nlohmann::json j = nlohmann::json::parse(kib::score_json(now));
    const auto& d = j.at("comparison_departments");
    ASSERT_EQ(d.size(), 2u);
    EXPECT_EQ(d[0].at("name"), "HR");
    EXPECT_DOUBLE_EQ(d[0].at("pillars").at("Meten").at("change").get<double>(), -24.0);
    EXPECT_DOUBLE_EQ(d[0].at("pillars").at("Strategie").at("after").get<double>(), 9.1);
    EXPECT_EQ(j.at("comparison_only_now"), nlohmann::json::array({"ICT"}));
}

// One pass of a drop folder with the real jobs and the given kib.toml.
kib::watch_stats run_drop_folder(const fs::path& dir, const std::string& toml, std::ostream& log) {
    spit(dir / "kib.toml", toml);
    kib::watch_options o;
    o.dir = dir;
    o.once = true;
    o.stable_for = std::chrono::milliseconds(50);
    return kib::watch(o, kib::drop_jobs(kib::load_drop_config(dir / "kib.toml"), dir), log);
}

// kib.toml [score] previous: each scan dropped is compared with the earlier one, except that scan itself.
TEST(ScanCompareOutputs, DropFolderComparesWithThePreviousScanOfKibToml) {
    const fs::path samples = KIB_SAMPLES;
    const fs::path dir = fs::temp_directory_path() / ("kib_scancmp_drop_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "inbox");
    fs::copy_file(samples / "cx_scan_2024.xlsx", dir / "cx_scan_2024.xlsx");
    fs::copy_file(samples / "cx_scan_2024.xlsx", dir / "inbox" / "cx_scan_2024.xlsx");
    fs::copy_file(samples / "cx_scan_2026.xlsx", dir / "inbox" / "cx_scan_2026.xlsx");
    std::ostringstream log;
    const kib::watch_stats st = run_drop_folder(dir, "[score]\nprevious = \"cx_scan_2024.xlsx\"\n", log);
    EXPECT_EQ(st.processed, 2) << log.str();
    EXPECT_EQ(st.failed, 0) << log.str();
    auto sheets = [](const fs::path& p) {
        std::vector<std::string> names;
        const kib::workbook wb = kib::workbook::open(p.string());
        for (const auto& s : wb.sheets()) names.push_back(s.name);
        return names;
    };
    const auto now = sheets(dir / "outbox" / "score" / "cx_scan_2026 - resultaten.xlsx");
    EXPECT_NE(std::find(now.begin(), now.end(), "Vergelijking"), now.end());
    const auto earlier = sheets(dir / "outbox" / "score" / "cx_scan_2024 - resultaten.xlsx");
    EXPECT_EQ(std::find(earlier.begin(), earlier.end(), "Vergelijking"), earlier.end());
    fs::remove_all(dir);

    // A previous scan that is not there is a settings problem named as such; the scan goes to failed/.
    fs::create_directories(dir / "inbox");
    fs::copy_file(samples / "cx_scan_2026.xlsx", dir / "inbox" / "cx_scan_2026.xlsx");
    std::ostringstream log2;
    const kib::watch_stats st2 = run_drop_folder(dir, "language = \"en\"\n[score]\nprevious = \"weg.xlsx\"\n", log2);
    EXPECT_EQ(st2.failed, 1) << log2.str();
    const std::string why = slurp(dir / "failed" / "cx_scan_2026.xlsx.error.txt");
    EXPECT_NE(why.find("kib.toml [score] previous = \"weg.xlsx\""), std::string::npos) << why;
    EXPECT_NE(why.find("the earlier scan named in kib.toml does not exist"), std::string::npos) << why;
    fs::remove_all(dir);
}

TEST(ScanCompare, GroupCommentsCountsIdenticalAnswersOncePerPillar) {
    const std::vector<m::comment_entry> in = {
        {0, "KCC", "1", "Te weinig tijd"}, {5, "HR", "2", "Top"},           {0, "HR", "3", " te weinig   TIJD "},
        {0, "KCC", "4", "Anders"},         {0, "", "5", "Te weinig tijd"}, {5, "HR", "6", "top"},
    };
    const auto g = m::group_comments(in);
    ASSERT_EQ(g.size(), 3u);
    EXPECT_EQ(g[0].pillar, 0);
    EXPECT_EQ(g[0].text, "Te weinig tijd");
    EXPECT_EQ(g[0].count, 3);
    EXPECT_EQ(g[0].departments, (std::vector<std::string>{"KCC", "HR"}));
    EXPECT_EQ(g[1].text, "Anders");
    EXPECT_EQ(g[1].count, 1);
    EXPECT_EQ(g[2].pillar, 5);
    EXPECT_EQ(g[2].count, 2);
    EXPECT_EQ(g[2].departments, (std::vector<std::string>{"HR"}));
}

TEST(ScanCompare, ResponseTargetIsHalfOfTheInvited) {
    EXPECT_EQ(m::meets_response_target(1, 2), std::optional<bool>(true));
    EXPECT_EQ(m::meets_response_target(1, 3), std::optional<bool>(false));
    EXPECT_EQ(m::meets_response_target(2, 3), std::optional<bool>(true));
    EXPECT_EQ(m::meets_response_target(5, std::nullopt), std::nullopt);
    EXPECT_EQ(m::meets_response_target(5, 0), std::nullopt);
}

}  // namespace

namespace {

namespace tm = kib::writers::text_metrics;

TEST(TextMetrics, WrapsAtWordsAndBreaksWordsLongerThanTheColumn) {
    EXPECT_EQ(tm::wrapped_lines("kort", 20), 1);
    EXPECT_EQ(tm::wrapped_lines("", 20), 1);
    // "abcde" is 4,5 wide, a space 0,65; a 20-wide column has 20 × 0,92 − 1 = 17,4 of room: 3 words a
    // line (14,8), not 4 (19,95).
    std::string ten;
    for (int i = 0; i < 10; ++i) ten += std::string(i ? " " : "") + "abcde";
    EXPECT_EQ(tm::wrapped_lines(ten, 20), 4);
    EXPECT_EQ(tm::wrapped_lines("een\ntwee\ndrie", 20), 3);
    EXPECT_EQ(tm::wrapped_lines(std::string(50, 'a'), 20), 3);  // 45 wide: 17,4 + 17,4 + 10,2
    EXPECT_GT(tm::text_width("Standaarddeviatie", true), tm::text_width("Standaarddeviatie", false));
    EXPECT_DOUBLE_EQ(tm::text_width("ab\nabcd"), tm::line_width("abcd"));
}

TEST(TextMetrics, SheetColumnsAndRowsFollowTheirContent) {
    kib::new_workbook wb;
    kib::new_sheet& s = wb.add_sheet("Blad");
    kib::cell_style bold;
    bold.bold = true;
    kib::cell_style wrap;
    wrap.wrap = true;
    s.set_text(1, 1, "Standaarddeviatie", bold);
    s.set_number(2, 1, 4.6);
    s.set_text(1, 2, "x");
    s.set_text(2, 2, std::string(25, 'a') + " " + std::string(25, 'a'), wrap);
    s.set_text(3, 2, "kort", wrap);
    s.set_text(4, 2, std::string(90, 'a'), wrap);
    s.fit_columns(1, 1);
    s.set_column_width(2, 2, 30);
    s.set_row_height(4, 20);
    s.fit_row_heights();
    std::string sheet;
    for (const auto& p : wb.parts())
        if (p.name == "xl/worksheets/sheet1.xml") sheet = p.data;
    // "Standaarddeviatie" in bold: S 1,15 + two t 1,3 + r 0,65 + two i 0,9 + eleven other lower-case
    // letters 9,9 = 13,9; × 1,1 = 15,29; plus 2 of margin = 17,29, rounded up: 18 (wider than 4,6).
    EXPECT_NE(sheet.find("<col min=\"1\" max=\"1\" width=\"18\" customWidth=\"1\"/>"), std::string::npos) << sheet;
    // Two words of 22,5 wide in a 30-wide column (26,6 of room): two lines, 30 points; "kort" keeps the default
    // height; row 4 keeps the height it was given although its text needs more.
    EXPECT_NE(sheet.find("<row r=\"2\" ht=\"30\" customHeight=\"1\">"), std::string::npos) << sheet;
    EXPECT_NE(sheet.find("<row r=\"3\">"), std::string::npos) << sheet;
    EXPECT_NE(sheet.find("<row r=\"4\" ht=\"20\" customHeight=\"1\">"), std::string::npos) << sheet;
}

}  // namespace
