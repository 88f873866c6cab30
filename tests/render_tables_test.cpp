// Tables that read well, everywhere (issue 15): every document kib writes for people — the
// steering report, the scan report and results workbook, the session handouts, the comment
// register — rendered by LibreOffice (→ PDF → pdftotext) shows every word of every table cell
// whole (no word broken across two lines, no header cut off at a column edge) and no blank page.
// Inputs are written by other software: the programme workbook and the scans by LibreOffice
// (samples/), the drafts by pandoc and Word (tests/fixtures/docx).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "lo_util.hpp"
#include "readers/package.hpp"
#include "test_util.hpp"

namespace kib {
namespace {

namespace fs = std::filesystem;
const std::string samples = KIB_SAMPLES;
const std::string fixtures = KIB_FIXTURES;

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += "\n  " + s;
    return out;
}

// Renders `document` and checks its table cells and pages; returns the printed text.
std::string expect_tables_read_well(const std::string& document, const std::vector<std::string>& cells, const std::string& work) {
    EXPECT_FALSE(cells.empty()) << document << " has no table cells";
    const std::string printed = test::libreoffice_pdf_text(document, work);
    EXPECT_FALSE(printed.empty()) << document;
    const auto broken = test::words_not_whole(cells, printed);
    EXPECT_TRUE(broken.empty()) << fs::path(document).filename() << ": words not printed whole:" << join(broken);
    const auto blank = test::blank_pages(printed);
    EXPECT_TRUE(blank.empty()) << fs::path(document).filename() << ": blank page " << (blank.empty() ? 0 : blank.front());
    return printed;
}

TEST(RenderTables, SteeringReportWithRegisterComments) {
    const test::temp_dir dir;
    const std::string reg = dir.path() + "/register.xlsx", out = dir.path() + "/stuurgroep.docx";
    ASSERT_EQ(test::run_kib({"comments", fixtures + "/docx/programmaplan-vet-pandoc.docx", "-o", reg}).exit_code, 0);
    const test::run_result r = test::run_kib({"report", samples + "/programma.xlsx", "--date", "2026-11-23", "--comments", reg, "-o", out});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string printed = expect_tables_read_well(out, test::docx_table_cells(out), dir.path());
    // Page numbers in the footer of every page, portrait and landscape alike.
    const int pages = static_cast<int>(std::count(printed.begin(), printed.end(), '\f'));
    ASSERT_GE(pages, 3);
    for (int p = 1; p <= pages; ++p)
        EXPECT_NE(printed.find("Pagina " + std::to_string(p) + " van " + std::to_string(pages)), std::string::npos) << p << "\n" << printed;
    for (const char* s : {"Roadmapfase: Verankering (M10–M18), op weg naar M18 Verankering klaar.", "M12", "M18", "geen meting", "achterstand tussen 5% en 15%"})
        EXPECT_NE(printed.find(s), std::string::npos) << s;
}

TEST(RenderTables, CommentRegisterPrintsOnePageWide) {
    const test::temp_dir dir;
    const std::string reg = dir.path() + "/register.xlsx";
    ASSERT_EQ(test::run_kib({"comments", fixtures + "/docx/word365.docx", "-o", reg}).exit_code, 0);
    const std::string printed = expect_tables_read_well(reg, test::xlsx_text_cells(reg), dir.path());
    // One page wide: each printed page starts with the repeated header row, Nr … Reactie op.
    std::size_t at = 0;
    int pages = 0;
    while (at < printed.size()) {
        const std::size_t end = std::min(printed.find('\f', at), printed.size());
        const std::string page = printed.substr(at, end - at);
        if (page.find_first_not_of(" \n") != std::string::npos) {
            ++pages;
            EXPECT_NE(page.find("Geankerde"), std::string::npos) << "page " << pages << " lacks the header row";
            EXPECT_NE(page.find("Reactie"), std::string::npos) << "page " << pages << " is not the full width";
        }
        at = end + 1;
    }
    EXPECT_GE(pages, 1);
}

// The headers, names and labels of a workbook: its texts of at most 60 characters, the widest a
// column grows (new_workbook::fit_column_widths). Longer free texts need a wrapping cell style.
std::vector<std::string> labels(const std::vector<std::string>& cells) {
    std::vector<std::string> out;
    for (const auto& c : cells)
        if (c.size() <= 60) out.push_back(c);
    return out;
}

TEST(RenderTables, ScanReportAndResultsWorkbook) {
    const test::temp_dir dir;
    const test::run_result r = test::run_kib({"score", samples + "/cx_scan_2026.xlsx", "--previous", samples + "/cx_scan_2024.xlsx", "-o", dir.path()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    int documents = 0;
    for (const auto& e : fs::directory_iterator(dir.path())) {
        const std::string p = e.path().string();
        if (e.path().extension() == ".docx") expect_tables_read_well(p, test::docx_table_cells(p), dir.path() + "/docx"), ++documents;
        else if (e.path().extension() == ".xlsx") expect_tables_read_well(p, labels(test::xlsx_text_cells(p)), dir.path() + "/xlsx"), ++documents;
    }
    EXPECT_EQ(documents, 2);
}

TEST(RenderTables, HandoutsPerOwnerAndPerParticipant) {
    const test::temp_dir dir;
    test::run_result r = test::run_kib({"handout", samples + "/programma.xlsx", "--date", "2026-12-03", "--per-owner", "--location",
                                        "Stadskantoor, zaal 4.12", "--facilitator", "Marieke Jansen", "-o", dir.path() + "/eigenaren"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = test::run_kib({"fill", "builtin:baateigenaar", samples + "/sessie_baateigenaren.json", "--each", "deelnemers", "-o", dir.path() + "/deelnemers"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    int documents = 0;
    for (const char* sub : {"/eigenaren", "/deelnemers"})
        for (const auto& e : fs::directory_iterator(dir.path() + sub)) {
            if (e.path().extension() != ".docx") continue;
            expect_tables_read_well(e.path().string(), test::docx_table_cells(e.path().string()), dir.path() + "/pdf");
            ++documents;
        }
    EXPECT_GE(documents, 8);
}

}  // namespace
}  // namespace kib
