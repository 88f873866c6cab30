// KPI status at the measurement's own date (issue 15): the latest measurement on or before the
// reference date is judged against the plan AT THE MEASUREMENT'S DATE; whether it is recent
// enough for its cadence is a separate test. Trend words and arrows. Writing back in the
// workbook's own formats. Commands that do not use the KPI's sheet are not stopped by it.
//
// Expectations are computed by hand. Calendar (days between): 2026-01-01 → 01-31 = 30,
// 01-01 → 03-31 = 89, 01-01 → 07-31 = 211, 01-01 → 09-30 = 272; M6 (06-30) → 07-31 = 31,
// M6 → M9 (09-30) = 92, M9 → 10-31 = 31, M9 → M12 (12-31) = 92.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/programme/programme.hpp"
#include "engine/programme/steering_report.hpp"
#include "readers/error.hpp"
#include "readers/package.hpp"
#include "readers/xlsx.hpp"
#include "docx_test_support.hpp"
#include "lo_util.hpp"
#include "test_util.hpp"

namespace kib {
namespace {

namespace fs = std::filesystem;

const std::string sample = std::string(KIB_SAMPLES) + "/programma.xlsx";
const std::string fixtures = std::string(KIB_FIXTURES) + "/programme/";

double day(const char* iso) { return *iso_to_serial(iso); }

const programme& sample_programme() {
    static const programme p = read_programme(sample);
    return p;
}

const kpi_status& find(const kpi_report& r, const std::string& name) {
    for (const auto& s : r.kpis)
        if (s.kpi->name == name) return s;
    throw std::runtime_error("no KPI " + name);
}

std::map<std::string, std::string> statuses(const kpi_report& r) {
    std::map<std::string, std::string> out;
    for (const auto& s : r.kpis) out[s.kpi->name] = s.status;
    return out;
}

// ---------------------------------------------------------------- the sample at three dates

TEST(KpiStatus, SampleBeforeM3) {
    const kpi_report r = evaluate_kpis(sample_programme(), day("2026-02-20"));
    // Monthly KPIs, latest 31 January; plan there = Start + (M3 − Start) × 30/89.
    const auto& trained = find(r, "% Getraind outside-in");
    EXPECT_NEAR(*trained.plan_at_measurement, 0.10 + 0.05 * 30.0 / 89.0, 1e-9);
    EXPECT_NEAR(*trained.plan_at_reference, 0.10 + 0.05 * 50.0 / 89.0, 1e-9);  // 20 February
    const std::map<std::string, std::string> want{
        {"% Getraind outside-in", "groen"},     // 11% vs 11,685%: 0,685/70 = 0,010
        {"% Uniform proces geïmpl.", "oranje"},  // 0% vs 50% × 30/272 = 5,515%: 0,055 of 1,0
        {"Procesnaleving", "groen"},             // 50% vs 51,685%: 1,685/40 = 0,042
        {"360° klantbeeld", "groen"},            // 30% vs 31,685%: 1,685/55 = 0,031
        {"CRM-adoptie", "groen"},                // 50% vs 51,685%: 0,042
        // Quarterly KPIs are first measured on 31 March.
        {"Gedragsobservatie score", "geen meting"}, {"Datakwaliteit score", "geen meting"},
        {"Eigenaarschap score", "geen meting"}, {"Proactieve initiatieven/kw", "geen meting"},
        {"PO Churn", "geen meting"}, {"VO Relatieduur", "geen meting"}, {"Zakelijk ARR", "geen meting"}};
    EXPECT_EQ(statuses(r), want);
}

TEST(KpiStatus, SampleBetweenM6AndM9) {
    const kpi_report r = evaluate_kpis(sample_programme(), day("2026-08-10"));
    const double f = 31.0 / 92.0;  // monthly KPIs: latest 31 July, M6 → M9 elapsed
    EXPECT_NEAR(*find(r, "% Getraind outside-in").plan_at_measurement, 0.30 + 0.20 * f, 1e-9);
    EXPECT_NEAR(*find(r, "% Getraind outside-in").plan_at_reference, 0.30 + 0.20 * 41.0 / 92.0, 1e-9);
    // Quarterly KPIs: latest 30 June, judged against their own M6 target exactly.
    EXPECT_DOUBLE_EQ(*find(r, "Gedragsobservatie score").plan_at_measurement, 6.0);
    EXPECT_DOUBLE_EQ(*find(r, "PO Churn").plan_at_measurement, 0.11);
    const std::map<std::string, std::string> want{
        {"% Getraind outside-in", "oranje"},     // 31% vs 36,739%: 5,739/70 = 0,082
        {"% Uniform proces geïmpl.", "oranje"},  // 25% vs 50% × 211/272 = 38,787%: 0,138
        {"Procesnaleving", "oranje"},            // 60% vs 63,370%: 3,370/40 = 0,084
        {"360° klantbeeld", "groen"},            // 47% vs 48,370%: 1,370/55 = 0,025
        {"CRM-adoptie", "oranje"},               // 66% vs 68,370%: 2,370/40 = 0,059
        {"Gedragsobservatie score", "oranje"},   // 5,8 vs 6,0: 0,2/1,5 = 0,133 (was rood)
        {"Datakwaliteit score", "oranje"},       // 6,3 vs 6,5: 0,2/3 = 0,067
        {"Eigenaarschap score", "oranje"},       // 6,1 vs 6,2: 0,1/1,5 = 0,067
        {"Proactieve initiatieven/kw", "groen"},  // 18 vs 20: 2/40 = 0,05
        {"PO Churn", "oranje"},                  // 11,5% vs 11%: 0,5/4 = 0,125 (was rood)
        {"VO Relatieduur", "oranje"},            // +3,33% vs +5%: 1,667/30 = 0,056 (was rood)
        {"Zakelijk ARR", "oranje"}};             // +2% vs +3%: 1/15 = 0,067
    EXPECT_EQ(statuses(r), want);
}

TEST(KpiStatus, SampleAtTheNovemberSteering) {
    const kpi_report r = evaluate_kpis(sample_programme(), day("2026-11-23"));
    const double f = 31.0 / 92.0;  // monthly KPIs: latest 31 October, M9 → M12 elapsed
    const std::map<std::string, std::string> want{
        {"% Getraind outside-in", "oranje"},     // 48% vs 50 + 20f = 56,739%: 8,739/70 = 0,125
        {"% Uniform proces geïmpl.", "oranje"},  // 55% vs 50 + 30f = 60,109%: 0,051
        {"Procesnaleving", "oranje"},            // 70% vs 73,370%: 3,370/40 = 0,084
        {"360° klantbeeld", "oranje"},           // 56% vs 55 + 15f = 60,054%: 4,054/55 = 0,074
        {"CRM-adoptie", "oranje"},               // 74% vs 78,370%: 4,370/40 = 0,109
        // Quarterly KPIs, measured 30 September, against their M9 target.
        {"Gedragsobservatie score", "oranje"},    // 6,4 vs 6,5: 0,1/1,5 = 0,067
        {"Datakwaliteit score", "oranje"},        // 6,6 vs 7,0: 0,4/3 = 0,133
        {"Eigenaarschap score", "oranje"},        // 6,3 vs 6,5: 0,2/1,5 = 0,133
        {"Proactieve initiatieven/kw", "groen"},  // 31 vs 30: ahead of plan
        {"PO Churn", "groen"},                    // 10,2% vs 10%: 0,2/4 = 0,05
        {"VO Relatieduur", "oranje"},             // +12% vs +15%: 3/30 = 0,1
        {"Zakelijk ARR", "oranje"}};              // +6% vs +7%: 1/15 = 0,067
    EXPECT_EQ(statuses(r), want);
    const auto& churn = find(r, "PO Churn");
    EXPECT_DOUBLE_EQ(*churn.plan_at_measurement, 0.10);
    EXPECT_NEAR(*churn.plan_at_reference, 0.10 - 0.01 * 54.0 / 92.0, 1e-9);  // 23 November
    EXPECT_NEAR(*find(r, "% Getraind outside-in").plan_at_measurement, 0.50 + 0.20 * f, 1e-9);
    // Trend: churn fell from 11,5% to 10,2%: the figure goes down, which is good.
    EXPECT_EQ(churn.movement, "daalt");
    EXPECT_EQ(churn.trend, "beter");
    EXPECT_EQ(trend_label(churn), "↓ beter");
    EXPECT_EQ(trend_label(find(r, "% Getraind outside-in")), "↑ beter");  // 42% → 48%
    // Recent enough is a separate test: in January 2027 the September figures are too old.
    const kpi_report late = evaluate_kpis(sample_programme(), day("2027-01-05"));
    EXPECT_EQ(find(late, "PO Churn").status, "geen meting");
    EXPECT_DOUBLE_EQ(*find(late, "PO Churn").plan_at_measurement, 0.10);
}

// ---------------------------------------------------------------- a workbook made by other software

// tests/fixtures/programme/small_programme.py: python's zipfile and hand-written XML.
std::string small_programme(const test::temp_dir& dir) {
    const std::string out = dir.path() + "/klein.xlsx";
    const std::string cmd = "python3 \"" + fixtures + "small_programme.py\" \"" + out + "\"";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    return out;
}

constexpr programme_parts kpis_only{true, false, false, false};

TEST(KpiStatus, WorkbookWrittenByOtherSoftwareAtThreeDates) {
    const test::temp_dir dir;
    const programme p = read_programme(small_programme(dir), {}, kpis_only);
    ASSERT_EQ(p.kpis.size(), 2u);
    ASSERT_EQ(p.measurements.size(), 6u);
    // Klanttevredenheid: quarterly, Start 6,0 → Doel 7,2 (distance 1,2), M6 6,6, M9 6,9.
    // Churn: monthly, 12% → 8% (distance 4 points, lower is better), M6 10%, M9 9%, M12 8%.
    {
        const kpi_report r = evaluate_kpis(p, day("2026-07-15"));
        const auto& score = find(r, "Klanttevredenheid");
        EXPECT_DOUBLE_EQ(*score.plan_at_measurement, 6.6);                   // 30 June = M6
        EXPECT_NEAR(*score.plan_at_reference, 6.6 + 0.3 * 15.0 / 92.0, 1e-9);  // 15 July
        EXPECT_EQ(score.status, "rood");                                     // 6,3: 0,3/1,2 = 0,25
        EXPECT_EQ(trend_label(score), "↑ beter");                            // 6,2 → 6,3
        const auto& churn = find(r, "Churn");
        EXPECT_EQ(churn.status, "rood");  // 10,8% vs 10%: 0,8/4 = 0,2
        EXPECT_EQ(trend_label(churn), "–");
    }
    {
        const kpi_report r = evaluate_kpis(p, day("2026-08-20"));
        EXPECT_EQ(find(r, "Klanttevredenheid").status, "rood");  // still 30 June; June ≥ August − 3
        const auto& churn = find(r, "Churn");
        EXPECT_NEAR(*churn.plan_at_measurement, 0.10 - 0.01 * 31.0 / 92.0, 1e-9);  // 31 July
        EXPECT_EQ(churn.status, "oranje");  // 10,0% vs 9,663%: 0,337/4 = 0,084
        EXPECT_EQ(trend_label(churn), "↓ beter");  // 10,8% → 10,0%
    }
    {
        const kpi_report r = evaluate_kpis(p, day("2026-11-23"));
        const auto& score = find(r, "Klanttevredenheid");
        EXPECT_DOUBLE_EQ(*score.plan_at_measurement, 6.9);  // 30 September = M9
        // Against 23 November's plan (6,9 + 0,3 × 54/92 = 7,076) it would be rood (0,188).
        EXPECT_EQ(score.status, "groen");  // 6,85: 0,05/1,2 = 0,042
        const auto& churn = find(r, "Churn");
        EXPECT_NEAR(*churn.plan_at_measurement, 0.09 - 0.01 * 31.0 / 92.0, 1e-9);  // 31 October
        EXPECT_EQ(churn.status, "oranje");  // 8,9% vs 8,663%: 0,237/4 = 0,059
        EXPECT_EQ(trend_label(churn), "↓ beter");  // 10,0% → 8,9%
    }
}

// ---------------------------------------------------------------- JSON, text and report

TEST(KpiStatus, JsonNamesBothPlansAndTextShowsArrows) {
    const test::run_result j = test::run_kib({"kpi", sample, "--date", "2026-11-23", "--json"});
    ASSERT_EQ(j.exit_code, 0) << j.err;
    const auto data = nlohmann::json::parse(j.out);
    for (const auto& k : data["kpis"]) {
        if (k["kpi"] != "PO Churn") continue;
        EXPECT_FALSE(k.contains("plan"));
        EXPECT_DOUBLE_EQ(k["plan_at_measurement"].get<double>(), 0.10);
        EXPECT_NEAR(k["plan_at_reference"].get<double>(), 0.10 - 0.01 * 54.0 / 92.0, 1e-9);
        EXPECT_EQ(k["measured_on"], "2026-09-30");
        EXPECT_EQ(k["status"], "groen");
        EXPECT_EQ(k["trend"], "beter");
        EXPECT_EQ(k["movement"], "daalt");
    }
    const test::run_result t = test::run_kib({"--lang", "nl", "kpi", sample, "--date", "2026-11-23"});
    ASSERT_EQ(t.exit_code, 0) << t.err;
    EXPECT_NE(t.out.find("  PO Churn                        10,2% (2026-09-30)      plan 10%      nu 9,4%     groen       ↓ beter\n"),
              std::string::npos)
        << t.out;
}

TEST(KpiStatus, SteeringReportShowsArrowsByFigureAndWordsByDirection) {
    const test::temp_dir dir;
    const std::string out = dir.path() + "/rapport.docx";
    write_steering_report(sample, "2026-11-23", "", out);
    const std::string text = test::part_text(package::open(out).read("word/document.xml"));
    // Churn 11,5% → 10,2%: down and better; Datakwaliteit 6,3 → 6,6: up and better.
    const std::size_t churn = text.find("PO Churn");
    ASSERT_NE(churn, std::string::npos);
    EXPECT_NE(text.find("↓ beter", churn), std::string::npos) << text.substr(churn, 200);
    EXPECT_EQ(text.find("↑ slechter"), std::string::npos);
    EXPECT_EQ(text.find("↓ slechter", churn), text.find("↓ slechter"));
}

// ---------------------------------------------------------------- what a command does not use

TEST(KpiStatus, BadKpiValueStopsOnlyTheCommandsThatUseIt) {
    const std::string bad = fixtures + "programma_bad_number.xlsx";  // KPI's!F9 holds "6,0x"
    const test::temp_dir dir;
    const test::run_result kpi = test::run_kib({"kpi", bad, "--date", "2026-11-23"});
    EXPECT_EQ(kpi.exit_code, 2);
    EXPECT_NE(kpi.err.find("KPI's!F9: \"6,0x\" is not a number"), std::string::npos) << kpi.err;
    const test::run_result report = test::run_kib({"report", bad, "--date", "2026-11-23", "-o", dir.path() + "/r.docx"});
    EXPECT_EQ(report.exit_code, 2);
    EXPECT_NE(report.err.find("KPI's!F9"), std::string::npos) << report.err;
    // roadmap and handout do not read the KPI's sheet (the overview in Dutch, as the office reads it).
    const test::run_result road = test::run_kib({"--lang", "nl", "roadmap", bad, "--date", "2026-11-23"});
    EXPECT_EQ(road.exit_code, 0) << road.err;
    EXPECT_NE(road.out.find("Volgende mijlpaal: M12 Jaarreview"), std::string::npos) << road.out;
    const test::run_result hand = test::run_kib({"handout", bad, "--date", "2026-12-03", "-o", dir.path() + "/h"});
    EXPECT_EQ(hand.exit_code, 0) << hand.err;
    // A bad cell in what the handout does not use (Roadmap's start month) does not stop it either;
    // the roadmap, which uses it, names the cell.
    const test::run_result road_start = test::run_kib({"roadmap", sample, "--date", "2026-12-03", "--start", "2026-03"});
    EXPECT_EQ(road_start.exit_code, 2);
    EXPECT_NE(road_start.err.find("Roadmap!E2: \"2026-01\" lies before the programme start (2026-03)"), std::string::npos)
        << road_start.err;
    const test::run_result hand_start =
        test::run_kib({"handout", sample, "--date", "2026-12-03", "--start", "2026-03", "-o", dir.path() + "/h2"});
    EXPECT_EQ(hand_start.exit_code, 0) << hand_start.err;
}

}  // namespace
}  // namespace kib
