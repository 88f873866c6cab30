// `kib kpi -o` (engine/programme/programme_update): statuses, trends and merged measurements
// written back into a copy of the programme workbook, in the workbook's own formats, with
// everything else kept (chart, drawing, conditional formatting, rows no new measurement touched).
#include <gtest/gtest.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/programme/programme.hpp"
#include "engine/programme/programme_update.hpp"
#include "readers/error.hpp"
#include "readers/package.hpp"
#include "readers/xlsx.hpp"
#include "lo_util.hpp"
#include "test_util.hpp"

namespace {

namespace fs = std::filesystem;

const std::string sample = std::string(KIB_SAMPLES) + "/programma.xlsx";

double day(const char* iso) { return *kib::iso_to_serial(iso); }

const kib::programme& sample_programme() {
    static const kib::programme p = kib::read_programme(sample);
    return p;
}

const kib::kpi_status& find(const kib::kpi_report& r, const std::string& name) {
    for (const auto& s : r.kpis)
        if (s.kpi->name == name) return s;
    throw std::runtime_error("no KPI " + name);
}

fs::path temp_dir(const std::string& name) {
    fs::path d = fs::temp_directory_path() / ("kib_kpi_update_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

std::string run_cli(const std::string& args, int& code) {
    const std::string cmd = std::string(KIB_BINARY) + " " + args + " 2>&1";
    FILE* f = ::popen(cmd.c_str(), "r");
    std::string out;
    std::array<char, 4096> buf{};
    while (std::size_t n = std::fread(buf.data(), 1, buf.size(), f)) out.append(buf.data(), n);
    code = WEXITSTATUS(::pclose(f));
    return out;
}

}  // namespace


namespace {
std::string cell_text(const kib::workbook& wb, const std::string& sheet, std::uint32_t row, std::uint32_t col) {
    for (const auto& r : wb.read_rows(wb.sheet(sheet)))
        if (r.index == row)
            for (const auto& c : r.cells)
                if (c.col == col) return c.value.type == kib::cell_type::text ? c.value.text : c.value.to_display();
    return {};
}
std::string between(const std::string& s, const std::string& from, const std::string& to) {
    const auto a = s.find(from);
    if (a == std::string::npos) return {};
    const auto b = s.find(to, a);
    return b == std::string::npos ? std::string() : s.substr(a, b + to.size() - a);
}
}  // namespace

TEST(ProgrammeUpdate, StatusesAndMeasurementsWrittenChartAndConditionalFormattingKept) {
    const fs::path dir = temp_dir("update");
    const std::string csv = (dir / "nieuw.csv").string();
    {
        std::ofstream f(csv, std::ios::binary);
        f << "Datum;KPI;Waarde;Bron\n30-11-2026;CRM-adoptie;76%;CRM-dashboard\n31-10-2026;CRM-adoptie;75%;CRM-dashboard\n"
             "31-03-2026;Eigenaarschap score;6,0;Medewerkerspeiling\n";
    }
    const std::string out = (dir / "bijgewerkt.xlsx").string();
    int code = 0;
    const std::string text = run_cli("--lang nl kpi \"" + sample + "\" --date 2026-11-30 --measurements \"" + csv + "\" -o \"" + out + "\"", code);
    ASSERT_EQ(code, 0) << text;
    EXPECT_NE(text.find("Metingen: 2 toegevoegd, 1 bijgewerkt\n"), std::string::npos) << text;

    // Read back: the merged measurements are in Metingen, once each.
    const kib::programme p = kib::read_programme(out);
    EXPECT_EQ(p.measurements.size(), 71u);
    const kib::kpi_report r = kib::evaluate_kpis(p, day("2026-11-30"));
    EXPECT_EQ(find(r, "CRM-adoptie").status, "oranje");
    EXPECT_DOUBLE_EQ(*find(r, "CRM-adoptie").actual, 0.76);

    const kib::workbook wb = kib::workbook::open(out);
    // CRM-adoptie is row 8: L Actueel, M Datum meting, N Status, O Trend.
    EXPECT_EQ(cell_text(wb, "KPI's", 8, 12), "0.76");
    EXPECT_EQ(cell_text(wb, "KPI's", 8, 13), "2026-11-30");
    EXPECT_EQ(cell_text(wb, "KPI's", 8, 14), "oranje");
    EXPECT_EQ(cell_text(wb, "KPI's", 8, 15), "beter");
    // % Getraind: 48% on 31 October against that day's plan 50% + 20% × 31/92 = 56,74%: 8,74/70 = 0,125.
    EXPECT_EQ(cell_text(wb, "KPI's", 2, 14), "oranje");
    // Eigenaarschap (row 9): M3 held "n.m."; the March measurement fills it. Planned M6 stays.
    EXPECT_EQ(cell_text(wb, "KPI's", 9, 6), "6");
    EXPECT_EQ(cell_text(wb, "KPI's", 9, 7), "6.2");
    // Metingen: the update landed in its row (70), the new ones below.
    EXPECT_EQ(cell_text(wb, "Metingen", 70, 3), "0.75");
    EXPECT_EQ(cell_text(wb, "Metingen", 72, 2), "Eigenaarschap score");

    // The chart and drawing are byte-identical; the conditional formatting survives as it was.
    const kib::package before = kib::package::open(sample);
    const kib::package after = kib::package::open(out);
    for (const char* part : {"xl/charts/chart1.xml", "xl/drawings/drawing1.xml", "xl/drawings/_rels/drawing1.xml.rels",
                             "xl/worksheets/_rels/sheet1.xml.rels"})
        EXPECT_EQ(after.read(part), before.read(part)) << part;
    // The sheet part is rewritten only where cells changed: the conditional formatting (with
    // LibreOffice's `&quot;`) and everything after the cells keep their bytes.
    const std::string sheet_before = before.read("xl/worksheets/sheet1.xml");
    const std::string sheet_after = after.read("xl/worksheets/sheet1.xml");
    const std::string cf_before = between(sheet_before, "<conditionalFormatting", "</conditionalFormatting>");
    ASSERT_NE(cf_before.find("<formula>&quot;geen meting&quot;</formula>"), std::string::npos);
    EXPECT_EQ(between(sheet_after, "<conditionalFormatting", "</conditionalFormatting>"), cf_before);
    EXPECT_EQ(sheet_after.substr(sheet_after.find("</sheetData>")), sheet_before.substr(sheet_before.find("</sheetData>")));
    EXPECT_EQ(sheet_after.substr(0, sheet_after.find("<dimension")), sheet_before.substr(0, sheet_before.find("<dimension")));
    EXPECT_NE(after.read("xl/worksheets/sheet1.xml").find("<drawing "), std::string::npos);
    fs::remove_all(dir);
}

TEST(ProgrammeUpdate, MissingStatusColumnWritesNothing) {
    kib::programme p = sample_programme();
    p.columns.status = 0;
    const fs::path dir = temp_dir("nostatus");
    const std::string out = (dir / "x.xlsx").string();
    try {
        kib::write_kpi_updates(p, kib::evaluate_kpis(p, day("2026-11-30")), sample, out);
        FAIL() << "no error";
    } catch (const kib::error& e) {
        EXPECT_EQ(e.message(), "the KPI's sheet has no column \"Status\" for kib to write into");
    }
    EXPECT_FALSE(fs::exists(out));
    fs::remove_all(dir);
}

TEST(KpiUpdate, ActualInTheKpisFormatDatesInTheWorkbooksAndOnlyMergedRowsRewritten) {
    const kib::test::temp_dir dir;
    const std::string csv = dir.path() + "/nieuw.csv";
    {
        std::ofstream f(csv, std::ios::binary);
        f << "Datum;KPI;Waarde;Bron\n30-11-2026;% Getraind outside-in;52%;LMS-export\n31-10-2026;CRM-adoptie;75%;CRM-dashboard\n";
    }
    const std::string out = dir.path() + "/bijgewerkt.xlsx";
    const kib::test::run_result r =
        kib::test::run_kib({"kpi", sample, "--date", "2026-11-30", "--measurements", csv, "-o", out});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    // The sample's "5,8" (Gedragsobservatie, 30 June) is text in its Metingen row and no new
    // measurement touches it: it stays text.
    const kib::workbook wb = kib::workbook::open(out);
    const kib::workbook orig = kib::workbook::open(sample);
    auto cell_at = [](const kib::workbook& w, const char* sheet, std::uint32_t row, std::uint32_t col) {
        for (const auto& rr : w.read_rows(w.sheet(sheet)))
            if (rr.index == row)
                for (const auto& c : rr.cells)
                    if (c.col == col) return c.value;
        return kib::cell_value{};
    };
    std::uint32_t text_row = 0;
    for (const auto& m : sample_programme().measurements)
        if (m.kpi == "Gedragsobservatie score" && m.date == day("2026-06-30")) text_row = m.row;
    ASSERT_NE(text_row, 0u);
    EXPECT_EQ(cell_at(orig, "Metingen", text_row, 3).type, kib::cell_type::text);
    EXPECT_EQ(cell_at(wb, "Metingen", text_row, 3).type, kib::cell_type::text);
    EXPECT_EQ(cell_at(wb, "Metingen", text_row, 3).text, "5,8");
    // What LibreOffice shows: Actueel as the KPI's targets (52%, not 52,00%), dates in the
    // sample's own date format (LibreOffice shows it as 31-1-26, not kib's built-in short date
    // 01/31/26), in KPI's and in the appended Metingen row alike.
    const auto csvs = kib::test::libreoffice_sheets_csv(out, dir.path() + "/lo", {"KPI's", "Metingen"});
    const auto kpis = kib::test::text_lines(csvs.at("KPI's"));
    ASSERT_GE(kpis.size(), 8u);
    EXPECT_NE(kpis[1].find(",80%,52%,30-11-26,"), std::string::npos) << kpis[1];  // % Getraind
    EXPECT_NE(kpis[7].find(",90%,75%,31-10-26,"), std::string::npos) << kpis[7];  // CRM-adoptie
    const auto meas = kib::test::text_lines(csvs.at("Metingen"));
    ASSERT_EQ(meas.size(), 71u);  // header, 69 rows, one appended
    EXPECT_EQ(meas[1].rfind("31-1-26,% Getraind outside-in,11%,", 0), 0u) << meas[1];  // untouched
    EXPECT_EQ(meas[70].rfind("30-11-26,% Getraind outside-in,52%,", 0), 0u) << meas[70];
    EXPECT_EQ(meas[69].rfind("31-10-26,CRM-adoptie,75%,", 0), 0u) << meas[69];
}

namespace {

// The sample with its Metingen sheet (xl/worksheets/sheet2.xml) holding its 69 measurements
// `copies` + 1 times, renumbered; bad_kpi_row > 0 names a row whose KPI becomes "NPS".
std::string long_metingen_workbook(int copies, std::uint32_t bad_kpi_row) {
    const kib::package pkg = kib::package::open(sample);
    std::vector<kib::test::zip_entry> entries;
    for (const auto& e : pkg.entries()) {
        std::string data = pkg.read(e.name);
        if (e.name == "xl/worksheets/sheet2.xml") {
            const std::size_t a = data.find("<sheetData>") + 11, b = data.find("</sheetData>");
            const std::string rows = data.substr(a, b - a);
            const std::size_t first_data = rows.find("<row ", 1);  // row 1 is the header
            const std::string header = rows.substr(0, first_data), body = rows.substr(first_data);
            std::string grown = header;
            std::uint32_t n = 1;
            for (int k = 0; k <= copies; ++k) {
                for (std::size_t at = 0; at < body.size();) {
                    const std::size_t end = body.find("</row>", at) + 6;
                    std::string row = body.substr(at, end - at);
                    at = end;
                    ++n;
                    // Every r="…" in the row: the row's number, and each cell's letters + number.
                    std::string fixed;
                    for (std::size_t i = 0;;) {
                        const std::size_t q = row.find(" r=\"", i);
                        if (q == std::string::npos) {
                            fixed += row.substr(i);
                            break;
                        }
                        std::size_t v = q + 4, e2 = row.find('"', v);
                        std::size_t letters = v;
                        while (letters < e2 && std::isalpha(static_cast<unsigned char>(row[letters]))) ++letters;
                        fixed += row.substr(i, letters - i) + std::to_string(n);
                        i = e2;
                    }
                    if (n == bad_kpi_row) {
                        const std::size_t b_cell = fixed.find("<c r=\"B");
                        const std::size_t v_end = fixed.find("</c>", b_cell) + 4;
                        fixed.replace(b_cell, v_end - b_cell, "<c r=\"B" + std::to_string(n) + "\" t=\"inlineStr\"><is><t>NPS</t></is></c>");
                    }
                    grown += fixed;
                }
            }
            data = data.substr(0, a) + grown + data.substr(b);
        }
        entries.push_back({e.name, std::move(data)});
    }
    return kib::test::make_zip(entries);
}

}  // namespace

TEST(KpiUpdate, ALongMetingenSheetIsStreamedReadAndAppendedTo) {
    // 20,769 measurement rows: read without keeping the rows (sheet_table::stream), with errors
    // that name the row deep down, and `kib kpi -o` appends below the last of them.
    const fs::path dir = temp_dir("long");
    const std::string wb_path = (dir / "programma.xlsx").string();
    std::ofstream(wb_path, std::ios::binary) << long_metingen_workbook(300, 0);
    const kib::programme p = kib::read_programme(wb_path);
    ASSERT_EQ(p.measurements.size(), 69u * 301u);
    EXPECT_EQ(p.measurements.back().row, 20770u);
    EXPECT_EQ(p.measurements.back().where, "Metingen!C20770");
    EXPECT_EQ(p.measurements[69].kpi, p.measurements[0].kpi);

    const std::string csv = (dir / "nieuw.csv").string();
    std::ofstream(csv, std::ios::binary) << "Datum;KPI;Waarde;Bron\n30-11-2026;CRM-adoptie;76%;CRM-dashboard\n";
    const std::string out = (dir / "bijgewerkt.xlsx").string();
    int code = 0;
    const std::string text = run_cli("--lang nl kpi \"" + wb_path + "\" --date 2026-11-30 --measurements \"" + csv + "\" -o \"" + out + "\"", code);
    ASSERT_EQ(code, 0) << text;
    EXPECT_NE(text.find("Metingen: 1 toegevoegd, 0 bijgewerkt\n"), std::string::npos) << text;
    const kib::workbook wb = kib::workbook::open(out);
    EXPECT_EQ(cell_text(wb, "Metingen", 20771, 2), "CRM-adoptie");
    EXPECT_EQ(cell_text(wb, "Metingen", 20771, 3), "0.76");
    EXPECT_EQ(kib::read_programme(out).measurements.size(), 69u * 301u + 1);

    const std::string bad = (dir / "fout.xlsx").string();
    std::ofstream(bad, std::ios::binary) << long_metingen_workbook(300, 15000);
    try {
        (void)kib::read_programme(bad);
        ADD_FAILURE() << "expected an error";
    } catch (const kib::error& e) {
        EXPECT_EQ(e.where().where, "Metingen!B15000");
        EXPECT_EQ(e.message(), "there is no KPI \"NPS\" in the KPI's sheet");
    }
    fs::remove_all(dir);
}
