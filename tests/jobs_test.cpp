// The drop folder's routing by content and its jobs, on the bundled samples.
#include "engine/drop/jobs.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "readers/package.hpp"
#include "readers/xlsx.hpp"

namespace kib {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> files_in(const fs::path& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

// One pass of the drop folder at `dir` with the real jobs.
watch_stats run_drop_folder(const fs::path& dir, const drop_config& cfg, std::ostream& log) {
    watch_options o;
    o.dir = dir;
    o.once = true;
    o.stable_for = std::chrono::milliseconds(50);
    return watch(o, drop_jobs(cfg, dir), log);
}

TEST(DropJobs, RoutesByContentNotByName) {
    const fs::path samples = KIB_SAMPLES, fixtures = KIB_FIXTURES;
    EXPECT_EQ(sniff_content(samples / "cx_scan_2026.xlsx"), "survey");
    EXPECT_EQ(sniff_content(samples / "cx_scan_2026.csv"), "survey");
    EXPECT_EQ(sniff_content(samples / "programma.xlsx"), "programme");
    EXPECT_EQ(sniff_content(samples / "metingen_november.csv"), "measurements");
    EXPECT_EQ(sniff_content(fixtures / "docx" / "programmaplan-pandoc.docx"), "docx");
    EXPECT_EQ(sniff_content(fixtures / "xlsx" / "kpi.xlsx"), "workbook");
    EXPECT_EQ(sniff_content(fixtures / "xlsx" / "kpi.ods"), "");
    // A survey renamed to .txt is still a survey: the content decides.
    const fs::path renamed = fs::temp_directory_path() / ("kib-jobs-" + std::to_string(::getpid()) + ".txt");
    fs::copy_file(samples / "cx_scan_2026.csv", renamed, fs::copy_options::overwrite_existing);
    EXPECT_EQ(sniff_content(renamed), "survey");
    fs::remove(renamed);
}

TEST(DropJobs, SamplesRunThroughTheDropFolder) {
    const fs::path samples = KIB_SAMPLES;
    const fs::path dir = fs::temp_directory_path() / ("kib-jobs-run-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "inbox");
    for (const char* f : {"programma.xlsx", "metingen_november.csv", "cx_scan_2026.xlsx"})
        fs::copy_file(samples / f, dir / "inbox" / f);
    fs::copy_file(samples / "programma.xlsx", dir / "programma.xlsx");
    std::ostringstream log;
    const watch_stats st = run_drop_folder(dir, load_drop_config(samples / "kib.toml"), log);
    EXPECT_EQ(st.processed, 3) << log.str();
    EXPECT_EQ(st.failed, 0) << log.str();
    EXPECT_EQ(files_in(dir / "outbox" / "programme"),
              (std::vector<std::string>{"programma - KPI-stand 2026-11-23.txt", "programma - bijgewerkt 2026-11-23.xlsx",
                                        "programma - handout.docx", "programma - roadmap 2026-11-23.txt",
                                        "programma - stuurgroeprapportage 2026-11-23.docx"}));
    EXPECT_EQ(files_in(dir / "outbox" / "measurements"),
              (std::vector<std::string>{"metingen_november - KPI-stand 2026-11-23.txt", "programma - bijgewerkt 2026-11-23.xlsx"}));
    // The merged copy holds the three new measurements in Metingen.
    const workbook wb = workbook::open((dir / "outbox" / "measurements" / "programma - bijgewerkt 2026-11-23.xlsx").string());
    const double nov16 = *iso_to_serial("2026-11-16"), nov18 = *iso_to_serial("2026-11-18");
    int found = 0;
    wb.for_each_row(wb.sheet("Metingen"), [&](const row& r) {
        for (const cell& c : r.cells)
            if (c.value.type == cell_type::date && (c.value.number == nov16 || c.value.number == nov18)) ++found;
    });
    EXPECT_EQ(found, 3);
    std::ifstream kpi(dir / "outbox" / "measurements" / "metingen_november - KPI-stand 2026-11-23.txt");
    std::stringstream text;
    text << kpi.rdbuf();
    EXPECT_NE(text.str().find("Metingen: 3 toegevoegd, 0 bijgewerkt"), std::string::npos) << text.str();
    fs::remove_all(dir);
}

// update_in_place: the programme workbook itself is replaced by the merged one through the atomic
// save (the original kept as programma.bak.xlsx, nothing else left in the folder).
TEST(DropJobs, MeasurementsUpdateTheProgrammeWorkbookInPlaceWithABackup) {
    const fs::path samples = KIB_SAMPLES;
    const fs::path dir = fs::temp_directory_path() / ("kib-jobs-inplace-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "inbox");
    fs::copy_file(samples / "metingen_november.csv", dir / "inbox" / "metingen_november.csv");
    fs::copy_file(samples / "programma.xlsx", dir / "programma.xlsx");
    drop_config cfg = load_drop_config(samples / "kib.toml");
    cfg.update_in_place = true;
    cfg.language = language::en;  // the texts checked below are the English ones
    std::ostringstream log;
    const watch_stats st = run_drop_folder(dir, cfg, log);
    ASSERT_EQ(st.processed, 1) << log.str();
    auto bytes = [](const fs::path& p) {
        std::ifstream in(p, std::ios::binary);
        return std::string{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    };
    EXPECT_EQ(bytes(dir / "programma.bak.xlsx"), bytes(samples / "programma.xlsx"));
    EXPECT_EQ(bytes(dir / "programma.xlsx"), bytes(dir / "outbox" / "measurements" / "programma - bijgewerkt 2026-11-23.xlsx"));
    EXPECT_NE(bytes(dir / "programma.xlsx"), bytes(samples / "programma.xlsx"));
    std::vector<std::string> top;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_regular_file()) top.push_back(e.path().filename().string());
    std::sort(top.begin(), top.end());
    EXPECT_EQ(top, (std::vector<std::string>{"jobs.jsonl", "programma.bak.xlsx", "programma.xlsx"}));
    const std::string jobs = bytes(dir / "jobs.jsonl");
    EXPECT_NE(jobs.find("updated programma.xlsx in place (backup programma.bak.xlsx)"), std::string::npos) << jobs;
    fs::remove_all(dir);
}

// The programme start in the drop folder: kib.toml's start over the workbook's Programma!Start
// (December 2025 in this fixture) over the default — for the overviews and the steering report alike.
TEST(DropJobs, ProgrammeStartFromConfigOverWorkbook) {
    const fs::path fixture = fs::path(KIB_FIXTURES) / "programme" / "programma_start_dec.xlsx";
    for (const bool configured : {false, true}) {
        SCOPED_TRACE(configured ? "start in kib.toml" : "no start in kib.toml");
        const fs::path dir = fs::temp_directory_path() / ("kib-jobs-start-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir / "inbox");
        fs::copy_file(fixture, dir / "inbox" / "programma.xlsx");
        {
            std::ofstream toml(dir / "kib.toml");
            toml << "[programme]\nreference_date = \"2026-08-10\"\nhandouts = false\n" << (configured ? "start = \"2026-01\"\n" : "");
        }
        const drop_config cfg = load_drop_config(dir / "kib.toml");
        EXPECT_EQ(cfg.programme_start, configured ? "2026-01" : "");
        std::ostringstream log;
        const watch_stats st = run_drop_folder(dir, cfg, log);
        EXPECT_EQ(st.processed, 1) << log.str();
        const fs::path out = dir / "outbox" / "programme";
        std::ifstream kpi(out / "programma - KPI-stand 2026-08-10.txt");
        std::stringstream text;
        text << kpi.rdbuf();
        const std::string want = configured ? "Klant in Beeld — KPI-stand op 10 augustus 2026 (M1 = 2026-01)\n"
                                            : "Klant in Beeld — KPI-stand op 10 augustus 2026 (M1 = 2025-12)\n";
        EXPECT_EQ(text.str().rfind(want, 0), 0u) << text.str();
        const std::string report = package::open((out / "programma - stuurgroeprapportage 2026-08-10.docx").string()).read("word/document.xml");
        EXPECT_NE(report.find(configured ? "M1 = januari 2026" : "M1 = december 2025"), std::string::npos);
        fs::remove_all(dir);
    }
}

TEST(DropJobs, MeasurementsWithoutAConfiguredWorkbookFailWithAHint) {
    const fs::path dir = fs::temp_directory_path() / ("kib-jobs-nocfg-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "inbox");
    fs::copy_file(fs::path(KIB_SAMPLES) / "metingen_november.csv", dir / "inbox" / "metingen.csv");
    std::ostringstream log;
    drop_config english;
    english.language = language::en;  // the text checked below is the English one
    const watch_stats st = run_drop_folder(dir, english, log);
    EXPECT_EQ(st.failed, 1);
    std::ifstream why(dir / "failed" / "metingen.csv.error.txt");
    std::stringstream text;
    text << why.rdbuf();
    EXPECT_NE(text.str().find("no programme workbook is configured"), std::string::npos) << text.str();
    EXPECT_NE(text.str().find("[programme] in kib.toml"), std::string::npos) << text.str();
    fs::remove_all(dir);
}

}  // namespace
}  // namespace kib
