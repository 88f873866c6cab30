// The programme workbook: KPI values, reading, planning, roadmap, ownership, errors.
//
// Expectations are computed by hand from samples/make_programma.py's figures. Calendar used
// below: Start is taken on 2026-01-01, milestone Mn at the last day of month n
// (M3 = 2026-03-31, M6 = 2026-06-30, M9 = 2026-09-30); 2026-01-01 → 2026-02-20 = 50 days,
// 2026-01-01 → 2026-03-31 = 89 days, 2026-06-30 → 2026-08-10 = 41 days, M6 → M9 = 92 days,
// 2026-01-01 → 2026-09-30 = 272 days, 2026-01-01 → 2026-08-10 = 221 days.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "engine/programme/kpi_value.hpp"
#include "engine/programme/programme.hpp"
#include "engine/programme/programme_cli.hpp"
#include "engine/programme/programme_update.hpp"
#include "engine/programme/sheet_table.hpp"
#include "readers/error.hpp"
#include "readers/package.hpp"
#include "readers/xlsx.hpp"
#include "lo_util.hpp"

namespace fs = std::filesystem;

namespace {

const std::string sample = std::string(KIB_SAMPLES) + "/programma.xlsx";
const std::string sample_fods = std::string(KIB_SAMPLES) + "/programma.fods";
const std::string fixtures = std::string(KIB_FIXTURES) + "/programme/";

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

const kib::domain_progress& domain(const kib::kpi_report& r, const std::string& name) {
    for (const auto& d : r.domains)
        if (d.domain == name) return d;
    throw std::runtime_error("no domain " + name);
}

const kib::effort_status& effort(const kib::roadmap_report& r, const std::string& code) {
    for (const auto& e : r.efforts)
        if (e.item->code == code) return e;
    throw std::runtime_error("no effort " + code);
}

kib::error read_error(const std::string& path) {
    try {
        kib::read_programme(path);
    } catch (const kib::error& e) {
        return e;
    }
    throw std::runtime_error("no error reading " + path);
}

fs::path temp_dir(const std::string& name) {
    fs::path d = fs::temp_directory_path() / ("kib_programme_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

using kib::test::find_soffice;

// Converts `input` to xlsx in `outdir` with LibreOffice headless (private profile).
void libreoffice_to_xlsx(const std::string& input, const fs::path& outdir) {
    const std::string soffice = find_soffice();
    ASSERT_FALSE(soffice.empty()) << "LibreOffice (soffice) is required for this test and was not found on PATH";
    const std::string cmd = "\"" + soffice + "\" -env:UserInstallation=file://" + (outdir / "profile").string() +
                            " --headless --convert-to xlsx --outdir \"" + outdir.string() + "\" \"" + input + "\" >/dev/null 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
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

// ---------------------------------------------------------------- KPI values

TEST(KpiValue, EveryFormTheSeedsUse) {
    using kib::kpi_kind;
    struct form {
        const char* text;
        kpi_kind kind;
        double value;
    };
    const form forms[] = {
        {"10%", kpi_kind::percent, 0.10},      {"100 %", kpi_kind::percent, 1.0},   {"6,0", kpi_kind::number, 6.0},
        {"6.0", kpi_kind::number, 6.0},        {" 7,5 ", kpi_kind::number, 7.5},    {"+5%", kpi_kind::relative, 0.05},
        {"+30%", kpi_kind::relative, 0.30},    {"-2,5%", kpi_kind::relative, -0.025}, {"base", kpi_kind::baseline, 0.0},
        {"3jr", kpi_kind::duration, 3.0},      {"3 jaar", kpi_kind::duration, 3.0}, {"6mnd", kpi_kind::duration, 0.5},
        {"50+", kpi_kind::at_least, 50.0},     {"n.m.", kpi_kind::not_measured, 0}, {"N.M.", kpi_kind::not_measured, 0},
        {"ontw.", kpi_kind::in_design, 0},     {"pilot", kpi_kind::pilot, 0},       {"", kpi_kind::empty, 0},
    };
    for (const form& f : forms) {
        SCOPED_TRACE(f.text);
        const auto v = kib::parse_kpi_value(f.text);
        ASSERT_TRUE(v.has_value());
        EXPECT_EQ(v->kind, f.kind);
        EXPECT_NEAR(v->value, f.value, 1e-12);
    }
    EXPECT_FALSE(kib::parse_kpi_value("6,0x"));
    EXPECT_FALSE(kib::parse_kpi_value("hoog"));
    EXPECT_FALSE(kib::parse_kpi_value("1,2,3"));
    EXPECT_FALSE(kib::parse_kpi_value("+%"));
    EXPECT_FALSE(kib::parse_kpi_value("jr"));
    EXPECT_FALSE(kib::parse_kpi_value("x+"));
}

TEST(KpiValue, OddTextNeverCrashes) {
    // Each of these is rejected (nullopt), never a crash or a silent figure.
    for (const char* t : {"%", "+", "+%", "-%", "jr", "50++", "1e400", "1e400%", "inf", "nan%", ",", ".", "1,2.3",
                          "++5%", "5 5", "\xC2\xA0", "n.m.x", "\xFF\xFE"}) {
        SCOPED_TRACE(t);
        const auto v = kib::parse_kpi_value(t);
        if (v) {
            EXPECT_EQ(v->kind, kib::kpi_kind::empty);  // only the no-break space is "empty"
        }
    }
}

TEST(KpiValue, NonMeasurementsHaveNoFigure) {
    EXPECT_FALSE(kib::parse_kpi_value("n.m.")->has_figure());
    EXPECT_FALSE(kib::parse_kpi_value("ontw.")->has_figure());
    EXPECT_FALSE(kib::parse_kpi_value("pilot")->has_figure());
    EXPECT_TRUE(kib::parse_kpi_value("base")->has_figure());
}

TEST(KpiValue, CellsInAPercentKpi) {
    // Excel stores 10% as 0.1; text "12" in a % KPI means 12%, "0,12" means 12% too.
    auto a = kib::kpi_value_from_cell(kib::cell_value::make_number(0.1), true);
    EXPECT_EQ(a->kind, kib::kpi_kind::percent);
    EXPECT_DOUBLE_EQ(a->value, 0.1);
    auto b = kib::kpi_value_from_cell(kib::cell_value::make_text("12"), true);
    EXPECT_EQ(b->kind, kib::kpi_kind::percent);
    EXPECT_DOUBLE_EQ(b->value, 0.12);
    auto c = kib::kpi_value_from_cell(kib::cell_value::make_text("0,12"), true);
    EXPECT_DOUBLE_EQ(c->value, 0.12);
    auto d = kib::kpi_value_from_cell(kib::cell_value::make_number(6.5), false);
    EXPECT_EQ(d->kind, kib::kpi_kind::number);
    EXPECT_FALSE(kib::kpi_value_from_cell(kib::cell_value::make_bool(true), false));
    EXPECT_FALSE(kib::kpi_value_from_cell(kib::cell_value::make_error("#N/A"), false));
}

TEST(KpiValue, DutchDisplay) {
    EXPECT_EQ(kib::parse_kpi_value("10%")->display(), "10%");
    EXPECT_EQ(kib::parse_kpi_value("6.0")->display(), "6,0");
    EXPECT_EQ(kib::parse_kpi_value("+5%")->display(), "+5%");
    EXPECT_EQ(kib::parse_kpi_value("3jr")->display(), "3 jr");
    EXPECT_EQ(kib::parse_kpi_value("50+")->display(), "50+");
    EXPECT_EQ(kib::parse_kpi_value("n.m.")->display(), "n.m.");
    EXPECT_EQ(kib::format_dutch(0.125, 3), "0,125");
    EXPECT_EQ(kib::format_dutch(61.7, 1), "61,7");
}

// ---------------------------------------------------------------- reading the sample

TEST(ProgrammeWorkbook, SampleLayout) {
    const kib::programme& p = sample_programme();
    ASSERT_EQ(p.kpis.size(), 12u);
    EXPECT_EQ(p.kpis[0].domain, "Mens");
    EXPECT_EQ(p.kpis[0].name, "% Getraind outside-in");
    EXPECT_EQ(p.kpis[0].where, "KPI's!B2");
    EXPECT_EQ(p.kpis[0].start.kind, kib::kpi_kind::percent);
    EXPECT_DOUBLE_EQ(p.kpis[0].start.value, 0.10);
    ASSERT_EQ(p.kpis[0].targets.size(), 5u);
    EXPECT_EQ(p.kpis[0].targets[4].month, 18);
    EXPECT_EQ(p.kpis[1].start.kind, kib::kpi_kind::not_measured);
    EXPECT_EQ(p.kpis[2].targets[0].value.kind, kib::kpi_kind::in_design);
    EXPECT_EQ(p.kpis[2].targets[1].value.kind, kib::kpi_kind::pilot);
    EXPECT_EQ(p.kpis[8].goal.kind, kib::kpi_kind::at_least);
    EXPECT_EQ(p.kpis[10].start.kind, kib::kpi_kind::duration);
    EXPECT_EQ(p.kpis[10].goal.kind, kib::kpi_kind::relative);
    EXPECT_EQ(p.kpis[11].start.kind, kib::kpi_kind::baseline);
    EXPECT_EQ(p.kpis[4].frequency, "maandelijks");
    EXPECT_EQ(p.kpis[5].frequency, "kwartaal");
    // 10 month-ends × 5 monthly KPIs + 3 quarters × 7 quarterly KPIs − 2 blanks.
    EXPECT_EQ(p.measurements.size(), 69u);
    ASSERT_EQ(p.efforts.size(), 28u);
    EXPECT_EQ(p.efforts[6].code, "PRJ-03");
    EXPECT_EQ(p.efforts[6].start_month, 3);
    EXPECT_EQ(p.efforts[6].duration_months, 6);
    EXPECT_DOUBLE_EQ(p.efforts[6].progress, 0.8);
    EXPECT_TRUE(p.efforts[16].continuous);  // LRN-04 Coaching-on-the-job
    ASSERT_EQ(p.milestones.size(), 6u);
    EXPECT_EQ(p.milestones[1].code, "M3");
    EXPECT_EQ(p.milestones[1].month, 3);
    ASSERT_EQ(p.milestones[1].criteria.size(), 5u);
    EXPECT_EQ(p.milestones[1].criteria[1], "Klantreis PO/VO afgerond");
    ASSERT_EQ(p.benefits.size(), 6u);
    EXPECT_EQ(p.benefits[3].stated_explicitly, std::optional<bool>(false));
    EXPECT_FALSE(p.benefits[5].commitment.has_value());
    EXPECT_EQ(p.roles.size(), 11u);
    EXPECT_EQ(p.risks.size(), 7u);
    ASSERT_EQ(p.agreements.size(), 5u);
    EXPECT_DOUBLE_EQ(*p.agreements[2].deadline, day("2026-03-31"));
}

TEST(ProgrammeWorkbook, SectionRowsSetTheDomain) {
    // The seed's style: no Domein column, "MENS" alone on a row.
    const kib::programme p = kib::read_programme(fixtures + "programma_sections.xlsx");
    ASSERT_EQ(p.kpis.size(), 12u);
    EXPECT_EQ(p.kpis[0].domain, "Mens");
    EXPECT_EQ(p.kpis[2].domain, "Proces");
    EXPECT_EQ(p.kpis[4].domain, "Systeem");
    EXPECT_EQ(p.kpis[7].domain, "Cultuur");
    EXPECT_EQ(p.kpis[11].domain, "Sectorbaten");
    EXPECT_EQ(p.kpis[11].where, "KPI's!A18");  // 5 section rows above it
}

// ---------------------------------------------------------------- KPI planning at three dates

TEST(KpiPlan, BeforeM3) {
    const kib::kpi_report r = kib::evaluate_kpis(sample_programme(), day("2026-02-20"));
    // Plan and actual; the statuses at this date are in kpi_status_test.cpp.
    // % Getraind: plan 10% + 5% × 50/89 at the date; latest 31 jan 11%.
    const auto& trained = find(r, "% Getraind outside-in");
    EXPECT_NEAR(*trained.plan_at_reference, 0.10 + 0.05 * 50.0 / 89.0, 1e-9);
    EXPECT_DOUBLE_EQ(*trained.actual, 0.11);
    EXPECT_EQ(trained.latest->date, day("2026-01-31"));
    EXPECT_EQ(trained.trend, "");  // first measurement
    EXPECT_NEAR(*trained.progress, 0.01 / 0.70, 1e-9);
    // % Uniform proces: M3 "ontw." and M6 "pilot" are no targets: plan runs Start 0% → M9 50%.
    const auto& uniform = find(r, "% Uniform proces geïmpl.");
    EXPECT_NEAR(*uniform.plan_at_reference, 0.5 * 50.0 / 272.0, 1e-9);
    EXPECT_FALSE(find(r, "Gedragsobservatie score").plan_at_reference.has_value());  // no target before M6
    EXPECT_EQ(domain(r, "Mens").measured, 1);
    EXPECT_NEAR(domain(r, "Mens").progress, 0.01 / 0.70, 1e-9);
    EXPECT_EQ(domain(r, "Systeem").measured, 2);
    EXPECT_EQ(domain(r, "Systeem").total, 3);
    EXPECT_DOUBLE_EQ(domain(r, "Systeem").progress, 0.0);
    EXPECT_EQ(domain(r, "Sectorbaten").measured, 0);
}

TEST(KpiPlan, BetweenM6AndM9) {
    const kib::kpi_report r = kib::evaluate_kpis(sample_programme(), day("2026-08-10"));
    const double f = 41.0 / 92.0;  // share of M6 → M9 elapsed
    const auto& trained = find(r, "% Getraind outside-in");
    EXPECT_NEAR(*trained.plan_at_reference, 0.30 + 0.20 * f, 1e-9);
    EXPECT_DOUBLE_EQ(*trained.actual, 0.31);
    EXPECT_EQ(trained.trend, "beter");  // 27% → 31%
    EXPECT_NEAR(*trained.progress, 0.30, 1e-9);
    ASSERT_EQ(trained.milestones.size(), 2u);  // measured in M3 (March) and M6 (June)
    EXPECT_EQ(trained.milestones[0].month, 3);
    EXPECT_DOUBLE_EQ(trained.milestones[0].value.value, 0.15);
    EXPECT_EQ(trained.milestones[1].month, 6);
    EXPECT_DOUBLE_EQ(trained.milestones[1].value.value, 0.27);

    // Gedragsobservatie: Start n.m., so progress counts from M6's 6,0; March's "n.m." is no measurement.
    const auto& obs = find(r, "Gedragsobservatie score");
    EXPECT_NEAR(*obs.plan_at_reference, 6.0 + 0.5 * f, 1e-9);
    EXPECT_DOUBLE_EQ(*obs.actual, 5.8);
    EXPECT_EQ(obs.trend, "");
    EXPECT_DOUBLE_EQ(*obs.progress, 0.0);

    const auto& uniform = find(r, "% Uniform proces geïmpl.");
    EXPECT_NEAR(*uniform.plan_at_reference, 0.5 * 221.0 / 272.0, 1e-9);
    EXPECT_DOUBLE_EQ(*uniform.actual, 0.25);  // June's "pilot" is skipped
    EXPECT_DOUBLE_EQ(uniform.previous->value.value, 0.10);

    // Churn: lower is better.
    const auto& churn = find(r, "PO Churn");
    EXPECT_EQ(churn.direction, -1);
    EXPECT_NEAR(*churn.plan_at_reference, 0.11 - 0.01 * f, 1e-9);
    EXPECT_EQ(churn.trend, "beter");  // 12% → 11,5%
    EXPECT_EQ(churn.movement, "daalt");
    EXPECT_NEAR(*churn.progress, 0.125, 1e-9);

    // Relatieduur: "3,1jr" against Start "3jr" is +3,33%.
    const auto& vo = find(r, "VO Relatieduur");
    EXPECT_NEAR(*vo.actual, 3.1 / 3.0 - 1.0, 1e-9);
    EXPECT_NEAR(*vo.plan_at_reference, 0.05 + 0.10 * f, 1e-9);
    const auto& arr = find(r, "Zakelijk ARR");
    EXPECT_NEAR(*arr.plan_at_reference, 0.03 + 0.04 * f, 1e-9);
    EXPECT_NEAR(*arr.progress, 0.02 / 0.15, 1e-9);

    EXPECT_NEAR(domain(r, "Mens").progress, 0.15, 1e-9);
    EXPECT_NEAR(domain(r, "Proces").progress, 0.25, 1e-9);
    EXPECT_NEAR(domain(r, "Systeem").progress, (0.17 / 0.55 + 0.8 / 3.0 + 0.4) / 3.0, 1e-9);
    EXPECT_NEAR(domain(r, "Cultuur").progress, (0.1 / 1.5 + 0.2) / 2.0, 1e-9);
    EXPECT_NEAR(domain(r, "Sectorbaten").progress, (0.125 + (3.1 / 3.0 - 1.0) / 0.3 + 0.02 / 0.15) / 3.0, 1e-9);
}

TEST(KpiPlan, AfterM18WithMergedMeasurements) {
    kib::programme p = sample_programme();
    const fs::path dir = temp_dir("merge");
    const std::string csv = (dir / "nieuw.csv").string();
    {
        std::ofstream f(csv, std::ios::binary);
        f << "Datum;KPI;Waarde;Bron\r\n"
             "30-06-2027;% Getraind outside-in;81%;LMS-export\r\n"
             "30-06-2027;po churn;8,5%;Sector PO\r\n"
             "30-06-2027;VO Relatieduur;+31%;Sector VO\r\n"
             "2026-10-31;CRM-adoptie;75%;CRM-dashboard\r\n"
             "30-06-2027;Proactieve initiatieven/kw;50+;Programmateam\r\n";
    }
    const auto fresh = kib::read_measurements(csv, p);
    ASSERT_EQ(fresh.size(), 5u);
    EXPECT_EQ(fresh[1].kpi, "PO Churn");  // matched case-insensitively
    const auto merged = kib::merge_measurements(p, fresh);
    EXPECT_EQ(merged.added, 4);
    EXPECT_EQ(merged.updated, 1);  // CRM-adoptie on 31 October: same KPI and day
    EXPECT_EQ(p.measurements.size(), 73u);
    // The update stays in its Metingen row; the additions have no row yet.
    for (const auto& m : p.measurements) {
        if (m.kpi == "CRM-adoptie" && m.date == day("2026-10-31")) {
            EXPECT_EQ(m.row, 70u);  // the last row of the sample's Metingen
            EXPECT_EQ(m.where, csv + ":5 (column 3)");
        }
        if (m.date == day("2027-06-30")) {
            EXPECT_EQ(m.row, 0u);
        }
    }

    const kib::kpi_report r = kib::evaluate_kpis(p, day("2027-07-15"));
    const auto& trained = find(r, "% Getraind outside-in");
    EXPECT_DOUBLE_EQ(*trained.plan_at_reference, 0.80);  // after M18 the plan is Doel
    EXPECT_DOUBLE_EQ(*trained.plan_at_measurement, 0.80);  // measured 30 June 2027 = M18
    EXPECT_EQ(trained.status, "groen");
    EXPECT_EQ(trained.trend, "beter");
    EXPECT_DOUBLE_EQ(*trained.progress, 1.0);  // 81% is past Doel: clamped
    const auto& churn = find(r, "PO Churn");
    EXPECT_EQ(churn.status, "oranje");  // 0,005/0,04 = 0,125
    EXPECT_NEAR(*churn.progress, 0.875, 1e-9);
    EXPECT_EQ(find(r, "VO Relatieduur").status, "groen");
    EXPECT_EQ(find(r, "Proactieve initiatieven/kw").status, "groen");  // 50+ meets 50+
    const auto& crm = find(r, "CRM-adoptie");
    EXPECT_EQ(crm.status, "geen meting");  // monthly, last measured October 2026
    EXPECT_DOUBLE_EQ(*crm.actual, 0.75);   // the update replaced 74%
    EXPECT_NEAR(*crm.progress, 0.625, 1e-9);
    EXPECT_EQ(find(r, "Datakwaliteit score").status, "geen meting");
    EXPECT_NEAR(domain(r, "Mens").progress, (1.0 + 0.4 / 1.5) / 2.0, 1e-9);
    EXPECT_NEAR(domain(r, "Sectorbaten").progress, (0.875 + 1.0 + 0.06 / 0.15) / 3.0, 1e-9);
    fs::remove_all(dir);
}

TEST(KpiPlan, MergingTheSameMeasurementsUpdatesInsteadOfDuplicating) {
    // The sample's own Metingen sheet read as a file of new measurements: every row is the same
    // KPI on the same day, so all 69 are updates.
    kib::programme p = sample_programme();
    const auto fresh = kib::read_measurements(sample, p);
    ASSERT_EQ(fresh.size(), 69u);
    EXPECT_EQ(fresh[0].where, "Metingen!C2");
    const auto merged = kib::merge_measurements(p, fresh);
    EXPECT_EQ(merged.added, 0);
    EXPECT_EQ(merged.updated, 69);
    EXPECT_EQ(p.measurements.size(), 69u);
}

TEST(KpiPlan, ConfigurableStart) {
    kib::programme_options o;
    o.start_year = 2025;
    o.start_month = 9;
    EXPECT_EQ(kib::month_label(o, 1), "2025-09");
    EXPECT_EQ(kib::month_label(o, 18), "2027-02");
    EXPECT_EQ(kib::programme_month(o, day("2026-01-15")), 5);
    EXPECT_DOUBLE_EQ(kib::month_last_day(o, 4), day("2025-12-31"));
}

// ---------------------------------------------------------------- roadmap, milestones, ownership

TEST(Roadmap, AtThreeDates) {
    const kib::programme& p = sample_programme();
    const auto a = kib::evaluate_roadmap(p, day("2026-02-20"));
    ASSERT_NE(a.next_milestone, nullptr);
    EXPECT_EQ(a.next_milestone->code, "M3");
    EXPECT_TRUE(a.open_milestones.empty());  // M1 behaald
    EXPECT_EQ(effort(a, "PRJ-03").state, "gepland");
    EXPECT_EQ(effort(a, "CUL-02").state, "loopt");
    EXPECT_TRUE(a.overdue.empty());  // the two February agreements are gereed

    const auto b = kib::evaluate_roadmap(p, day("2026-08-10"));
    EXPECT_EQ(b.next_milestone->code, "M9");
    ASSERT_EQ(b.next_milestone->criteria.size(), 5u);
    EXPECT_EQ(b.next_milestone->criteria[2], "50% getraind");
    // SYS-02: March–August, 163 of 184 days gone (0,886); 70% + 15% tolerance falls short.
    EXPECT_NEAR(effort(b, "SYS-02").expected, 163.0 / 184.0, 1e-9);
    EXPECT_EQ(effort(b, "SYS-02").state, "achter");
    EXPECT_EQ(effort(b, "PRJ-03").state, "loopt");  // 80% + 15% ≥ 88,6%
    EXPECT_EQ(effort(b, "PRC-04").state, "gepland");
    ASSERT_EQ(b.overdue.size(), 1u);
    EXPECT_EQ(b.overdue[0]->text, "Batenprioritering per sector documenteren");

    const auto c = kib::evaluate_roadmap(p, day("2027-07-15"));
    EXPECT_EQ(c.next_milestone, nullptr);
    ASSERT_EQ(c.open_milestones.size(), 3u);
    EXPECT_EQ(c.open_milestones[0]->code, "M9");
    EXPECT_EQ(c.open_milestones[2]->code, "M18");
    EXPECT_EQ(effort(c, "PRC-04").state, "te laat");
    EXPECT_EQ(effort(c, "LRN-04").state, "gereed");  // doorlopend: never late
    EXPECT_EQ(c.overdue.size(), 3u);
}

TEST(Roadmap, RisksRankedByKansTimesImpact) {
    const auto r = kib::evaluate_roadmap(sample_programme(), day("2026-11-23"));
    ASSERT_EQ(r.risks.size(), 6u);  // the closed GO-besluit risk is left out
    EXPECT_EQ(r.risks[0]->text, "CRM-vertraging blokkeert processen");  // 4 × 5
    EXPECT_EQ(r.risks[1]->likelihood * r.risks[1]->impact, 16.0);
    EXPECT_EQ(r.risks[5]->text, "Zakelijk loopt achter: ongelijkmatig resultaat");  // 3 × 2
}

TEST(Roadmap, OwnershipCheck) {
    const auto w = kib::check_ownership(sample_programme());
    ASSERT_EQ(w.size(), 5u);
    EXPECT_EQ(w[0].benefit, "2 Hogere klanttevredenheid");
    EXPECT_EQ(w[0].issue, "geen commitment");
    EXPECT_EQ(w[1].benefit, "3 Efficiëntere klantprocessen");
    EXPECT_EQ(w[1].issue, "afschuiven");  // Pim de Burger is the programme manager (Rollen)
    EXPECT_EQ(w[2].issue, "niet zelf gekozen");
    EXPECT_EQ(w[3].issue, "niet expliciet uitgesproken");
    EXPECT_EQ(w[3].where, "Baten!B5");
    EXPECT_EQ(w[4].benefit, "6 Outside-in cultuur");
    EXPECT_EQ(w[4].issue, "geen eigenaar");

    kib::programme p;
    p.benefits.push_back({"1", "Consistente klantbeleving", "Proces", "", "", "", "Dat is van het programma", true, true, true, "Baten!B2"});
    p.benefits.push_back({"2", "X", "", "", "", "", "Programma-eigenaar", true, true, true, "Baten!B3"});
    const auto v = kib::check_ownership(p);
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0].issue, "afschuiven");
}

TEST(Roadmap, MermaidGantt) {
    const std::string g = kib::mermaid_gantt(sample_programme(), day("2026-08-10"));
    EXPECT_EQ(g.rfind("gantt\n    title Roadmap (18 maanden)\n    dateFormat  YYYY-MM\n    axisFormat  %b %Y\n", 0), 0u);
    EXPECT_NE(g.find("    section Milestones\n    GO-besluit MT                    :milestone, m1, 2026-01, 0d\n"), std::string::npos);
    EXPECT_NE(g.find("    Verankering klaar                :milestone, m18, 2027-06, 0d\n"), std::string::npos);
    EXPECT_NE(g.find("    CRM herinrichting                :crit, active, sys02, 2026-03, 6M\n"), std::string::npos);
    EXPECT_NE(g.find("    Klantreis PO afronden            :done, prj01, 2026-01, 3M\n"), std::string::npos);
    EXPECT_NE(g.find("    Procesborging                    :prc04, 2026-10, 8M\n"), std::string::npos);
    EXPECT_NE(g.find("    MT-sessie GO/NO-GO               :done, fun01, 2026-01, 1M\n"), std::string::npos);
    EXPECT_NE(g.find("\n    section Mens\n"), std::string::npos);
}

// ---------------------------------------------------------------- bad input

TEST(ProgrammeErrors, MissingSheet) {
    const kib::error e = read_error(fixtures + "programma_no_roadmap.xlsx");
    EXPECT_EQ(e.category(), kib::error_category::bad_input);
    EXPECT_EQ(e.message(), "the programme workbook has no sheet \"Roadmap\"");
    EXPECT_NE(e.hint().find("also accepted: Planning, Inspanningen, Efforts"), std::string::npos);
    EXPECT_NE(e.hint().find("'Mijlpalen'"), std::string::npos);
}

TEST(ProgrammeErrors, RenamedHeader) {
    const kib::error e = read_error(fixtures + "programma_renamed.xlsx");
    EXPECT_EQ(e.where().where, "Roadmap!A1:I1");
    EXPECT_EQ(e.message(),
              "column \"Start\" not found in the header row (it has: Code, Inspanning, Type, Domein, Begin datum, Duur (mnd), "
              "Doorlopend, Eigenaar, Voortgang)");
    EXPECT_EQ(e.hint(), "name a column \"Start\", \"Begin\", \"Startmaand\"");
}

TEST(ProgrammeErrors, TextInANumberColumn) {
    const kib::error e = read_error(fixtures + "programma_bad_number.xlsx");
    EXPECT_EQ(e.where().where, "KPI's!F9");
    EXPECT_EQ(e.message(), "\"6,0x\" is not a number");
    EXPECT_NE(std::string(e.what()).find("KPI's!F9: \"6,0x\" is not a number (write a figure"), std::string::npos);
}

TEST(ProgrammeErrors, UnknownKpi) {
    const kib::error e = read_error(fixtures + "programma_unknown_kpi.xlsx");
    EXPECT_EQ(e.where().where, "Metingen!B71");
    EXPECT_EQ(e.message(), "there is no KPI \"NPS\" in the KPI's sheet");
    EXPECT_NE(e.hint().find("% Getraind outside-in; Gedragsobservatie score"), std::string::npos);
}

TEST(ProgrammeErrors, DateOutsideTheProgramme) {
    const kib::error e = read_error(fixtures + "programma_outside.xlsx");
    EXPECT_EQ(e.where().where, "Metingen!A71");
    EXPECT_EQ(e.message(), "the date 2027-07-01 lies outside the programme (2026-01-01 to 2027-06-30)");
}

TEST(ProgrammeErrors, BadMeasurementCsv) {
    const fs::path dir = temp_dir("badcsv");
    const std::string csv = (dir / "fout.csv").string();
    {
        std::ofstream f(csv, std::ios::binary);
        f << "Datum;KPI;Waarde;Bron\n30-06-2026;CRM-adoptie;75%;x\n31-06-2026;CRM-adoptie;75%;x\n";
    }
    try {
        kib::read_measurements(csv, sample_programme());
        FAIL() << "no error";
    } catch (const kib::error& e) {
        EXPECT_EQ(e.where().where, csv + ":3 (column 1)");
        EXPECT_EQ(e.message(), "\"31-06-2026\" is not a date");
    }
    {
        std::ofstream f(csv, std::ios::binary);
        f << "Datum;KPI;Waarde\n30-06-2026;Zakelijk ARR;3jr\n";
    }
    try {
        kib::read_measurements(csv, sample_programme());
        FAIL() << "no error";
    } catch (const kib::error& e) {
        // ARR's Start is "base": an absolute figure cannot be turned into a change.
        EXPECT_EQ(e.where().where, csv + ":2 (column 3)");
        EXPECT_EQ(e.hint(), "write a change against the baseline such as +4%");
    }
    fs::remove_all(dir);
}

// ---------------------------------------------------------------- Programma sheet, programme start

TEST(ProgrammeFacts, SampleNameStartAndPeople) {
    const kib::programme& p = sample_programme();
    EXPECT_EQ(p.name, "Klant in Beeld");
    EXPECT_EQ(p.facts.name, "Klant in Beeld");
    EXPECT_EQ(p.facts.start_year, 2026);
    EXPECT_EQ(p.facts.start_month, 1);
    EXPECT_EQ(p.facts.start_where, "Programma!B3");
    EXPECT_EQ(p.facts.sponsor, "Roel Bakker");
    EXPECT_EQ(p.facts.owner, "n.t.b.");
    EXPECT_EQ(kib::month_label(p.options, 1), "2026-01");
    EXPECT_FALSE(p.options.start_given);
}

TEST(ProgrammeFacts, WithoutTheSheetTheFileNameAndTheDefaultStart) {
    const kib::programme p = kib::read_programme(fixtures + "programma_no_facts.xlsx");
    EXPECT_EQ(p.name, "programma_no_facts");
    EXPECT_EQ(p.facts.start_year, 0);
    EXPECT_EQ(p.facts.start_where, "");
    EXPECT_EQ(kib::month_label(p.options, 1), "2026-01");
}

TEST(ProgrammeFacts, StartFromTheWorkbookUnlessTheCallerGivesOne) {
    // Programma!B3 = "december 2025": M1 is December 2025, so the roadmap's "2026-03" is M4 and
    // CRM-adoptie's M6 target (65%) falls on 2026-05-31, M9 (75%) on 2026-08-31. At 2026-08-10:
    // 71 of 92 days → 65% + 10% × 71/92.
    const std::string path = fixtures + "programma_start_dec.xlsx";
    const kib::programme p = kib::read_programme(path);
    EXPECT_EQ(p.facts.start_year, 2025);
    EXPECT_EQ(p.facts.start_month, 12);
    EXPECT_EQ(kib::month_label(p.options, 1), "2025-12");
    EXPECT_EQ(p.efforts[6].code, "PRJ-03");
    EXPECT_EQ(p.efforts[6].start_month, 4);
    const kib::kpi_report r = kib::evaluate_kpis(p, day("2026-08-10"), p.options);
    EXPECT_NEAR(*find(r, "CRM-adoptie").plan_at_reference, 0.65 + 0.10 * 71.0 / 92.0, 1e-12);

    // --start 2026-01 wins over the sheet: back to the sample's calendar (PRJ-03 in M3; at
    // 2026-08-10 CRM-adoptie lies 41 of 92 days between M6 = 65% and M9 = 75%).
    const kib::programme q = kib::read_programme(path, kib::parse_programme_start("2026-01"));
    EXPECT_TRUE(q.options.start_given);
    EXPECT_EQ(kib::month_label(q.options, 1), "2026-01");
    EXPECT_EQ(q.efforts[6].start_month, 3);
    const kib::kpi_report rq = kib::evaluate_kpis(q, day("2026-08-10"), q.options);
    EXPECT_NEAR(*find(rq, "CRM-adoptie").plan_at_reference, 0.65 + 0.10 * 41.0 / 92.0, 1e-12);
}

TEST(ProgrammeFacts, StartThatIsNotAMonthNamesTheCell) {
    const kib::error e = read_error(fixtures + "programma_bad_start.xlsx");
    EXPECT_EQ(e.category(), kib::error_category::bad_input);
    EXPECT_EQ(e.where().where, "Programma!B3");
    EXPECT_EQ(e.message(), "\"jan 2026x\" is not a date");
    EXPECT_NE(std::string(e.what()).find("programma_bad_start.xlsx: xl/worksheets/sheet9.xml: Programma!B3: \"jan 2026x\" is not a date"),
              std::string::npos)
        << e.what();
}

TEST(ProgrammeFacts, EditedSheetUnknownOrDoubleFactsAndOtherStartForms) {
    // The sample edited with `kib set` (the in-place editor), as a user would type into the sheet.
    const fs::path dir = temp_dir("facts");
    int code = 0;
    const auto edited = [&](const std::string& cells, const std::string& name) {
        const std::string out = (dir / name).string();
        const std::string log = run_cli("set \"" + sample + "\" " + cells + " -o \"" + out + "\"", code);
        EXPECT_EQ(code, 0) << log;
        return out;
    };
    // A date cell in the middle of the month, and a name typed with odd case and spaces as key.
    kib::programme p = kib::read_programme(edited("'Programma!B3=15-12-2025' 'Programma!A2= NAAM '", "mid.xlsx"));
    EXPECT_EQ(kib::month_label(p.options, 1), "2025-12");
    EXPECT_EQ(p.name, "Klant in Beeld");
    p = kib::read_programme(edited("'Programma!B3=12-2025' --text", "text.xlsx"));
    EXPECT_EQ(kib::month_label(p.options, 1), "2025-12");
    // An empty Start is no start: the default.
    p = kib::read_programme(edited("'Programma!B3='", "empty.xlsx"));
    EXPECT_EQ(p.facts.start_year, 0);
    EXPECT_EQ(kib::month_label(p.options, 1), "2026-01");

    kib::error e = read_error(edited("'Programma!A4=Budget'", "unknown.xlsx"));
    EXPECT_EQ(e.where().where, "Programma!A4");
    EXPECT_EQ(e.message(), "\"Budget\" is not a programme fact kib knows");
    EXPECT_EQ(e.hint(), "use Naam, Start, Eigenaar or Opdrachtgever in the Gegeven column");
    e = read_error(edited("'Programma!A5=Programmanaam'", "twice.xlsx"));
    EXPECT_EQ(e.where().where, "Programma!A5");
    EXPECT_EQ(e.message(), "\"Programmanaam\" appears twice");
    fs::remove_all(dir);
}

TEST(ProgrammeFacts, MonthTexts) {
    using kib::detail::parse_month_text;
    for (const char* s : {"2026-01", "01-2026", "1/2026", "januari 2026", "Jan 2026", "JANUARY 2026", "2026-01-15", "15-1-2026",
                          "15 januari 2026", " 2026-01 "})
        EXPECT_EQ(parse_month_text(s), day("2026-01-01")) << s;
    EXPECT_EQ(parse_month_text("mrt 2027"), day("2027-03-01"));
    for (const char* s : {"jan 2026x", "2026-13", "13-2026", "januari", "2026", "", "smarch 2026", "0-2026"})
        EXPECT_FALSE(parse_month_text(s)) << s;
}

TEST(ProgrammeCli, StartPrecedenceCliOverWorkbookOverDefault) {
    const std::string dec = fixtures + "programma_start_dec.xlsx";
    int code = 0;
    std::string out = run_cli("kpi \"" + dec + "\" --date 2026-08-10 --json", code);
    ASSERT_EQ(code, 0) << out;
    EXPECT_NE(out.find("\"programme\": \"Klant in Beeld\""), std::string::npos) << out;
    EXPECT_NE(out.find("\"programme_start\": \"2025-12\""), std::string::npos) << out;
    out = run_cli("kpi \"" + dec + "\" --date 2026-08-10 --json --start 2026-01", code);
    ASSERT_EQ(code, 0) << out;
    EXPECT_NE(out.find("\"programme_start\": \"2026-01\""), std::string::npos) << out;
    out = run_cli("--lang nl kpi \"" + fixtures + "programma_no_facts.xlsx\" --date 2026-08-10", code);
    ASSERT_EQ(code, 0) << out;
    EXPECT_EQ(out.rfind("programma_no_facts — KPI-stand op 10 augustus 2026 (M1 = 2026-01)\n", 0), 0u) << out;

    out = run_cli("--lang nl roadmap \"" + dec + "\" --date 2026-08-10", code);
    ASSERT_EQ(code, 0) << out;
    EXPECT_EQ(out.rfind("Klant in Beeld — Roadmap op 10 augustus 2026 (M1 = 2025-12)\n", 0), 0u) << out;
    EXPECT_NE(out.find("Volgende mijlpaal: M9 Implementatie klaar (2026-08)"), std::string::npos) << out;
    out = run_cli("roadmap \"" + dec + "\" --date 2026-08-10 --start 2026-01 --json", code);
    ASSERT_EQ(code, 0) << out;
    EXPECT_NE(out.find("\"programme_start\": \"2026-01\""), std::string::npos) << out;
    EXPECT_NE(out.find("\"month\": \"2026-09\""), std::string::npos) << out;

    out = run_cli("kpi \"" + fixtures + "programma_bad_start.xlsx\" --date 2026-08-10", code);
    EXPECT_EQ(code, 2);
    EXPECT_NE(out.find("Programma!B3: \"jan 2026x\" is not a date"), std::string::npos) << out;
    // A --start given on the command line does not hide a bad Programma sheet: the workbook is wrong.
    out = run_cli("roadmap \"" + fixtures + "programma_bad_start.xlsx\" --date 2026-08-10 --start 2026-01", code);
    EXPECT_EQ(code, 2);
    EXPECT_NE(out.find("Programma!B3"), std::string::npos) << out;
    out = run_cli("roadmap \"" + sample + "\" --date 2026-08-10 --start 2026-1x", code);
    EXPECT_EQ(code, 2);
    EXPECT_NE(out.find("--start: \"2026-1x\" is not a month"), std::string::npos) << out;
}

// ---------------------------------------------------------------- real office suite, CLI

TEST(ProgrammeLibreOffice, SampleResavedByLibreOfficeReadsTheSame) {
    // The committed sample re-saved by LibreOffice (as a user who opens and saves it would), and
    // the flat-XML source converted afresh: both give the same evaluation as the committed file.
    const fs::path resaved = temp_dir("resave");
    const fs::path fresh = temp_dir("fresh");
    libreoffice_to_xlsx(sample, resaved);
    libreoffice_to_xlsx(sample_fods, fresh);
    const kib::kpi_report want = kib::evaluate_kpis(sample_programme(), day("2026-08-10"));
    for (const fs::path& dir : {resaved, fresh}) {
        SCOPED_TRACE(dir.string());
        const kib::programme p = kib::read_programme((dir / "programma.xlsx").string());
        EXPECT_EQ(p.measurements.size(), 69u);
        const kib::kpi_report got = kib::evaluate_kpis(p, day("2026-08-10"));
        ASSERT_EQ(got.kpis.size(), want.kpis.size());
        for (std::size_t i = 0; i < got.kpis.size(); ++i) {
            EXPECT_EQ(got.kpis[i].status, want.kpis[i].status) << got.kpis[i].kpi->name;
            EXPECT_EQ(got.kpis[i].actual, want.kpis[i].actual) << got.kpis[i].kpi->name;
        }
        EXPECT_EQ(kib::mermaid_gantt(p, day("2026-08-10")), kib::mermaid_gantt(sample_programme(), day("2026-08-10")));
    }
    fs::remove_all(resaved);
    fs::remove_all(fresh);
}

TEST(ProgrammeCli, KpiJsonAndRoadmapText) {
    int code = 0;
    const std::string json = run_cli("kpi \"" + sample + "\" --date 2026-08-10 --json", code);
    EXPECT_EQ(code, 0) << json;
    EXPECT_NE(json.find("\"kpi\": \"PO Churn\""), std::string::npos);
    EXPECT_NE(json.find("\"direction\": \"lower\""), std::string::npos);
    EXPECT_NE(json.find("\"status\": \"groen\""), std::string::npos);

    const std::string text = run_cli("--lang nl roadmap \"" + sample + "\" --date 2026-08-10", code);
    EXPECT_EQ(code, 0) << text;
    EXPECT_NE(text.find("Roadmap op 10 augustus 2026 (M1 = 2026-01)"), std::string::npos);
    EXPECT_NE(text.find("Volgende mijlpaal: M9 Implementatie klaar (2026-09)"), std::string::npos);
    EXPECT_NE(text.find("  6 Outside-in cultuur: geen eigenaar\n"), std::string::npos);

    const fs::path dir = temp_dir("cli");
    const std::string csv = (dir / "nieuw.csv").string();
    {
        std::ofstream f(csv, std::ios::binary);
        f << "Datum;KPI;Waarde;Bron\n30-11-2026;CRM-adoptie;76%;CRM-dashboard\n31-10-2026;CRM-adoptie;75%;CRM-dashboard\n";
    }
    const std::string merged = run_cli("--lang nl kpi \"" + sample + "\" --date 2026-11-30 --measurements \"" + csv + "\"", code);
    EXPECT_EQ(code, 0) << merged;
    EXPECT_NE(merged.find("Metingen: 1 toegevoegd, 1 bijgewerkt\n"), std::string::npos) << merged;
    // 30 November is both the measurement's and the reference date: the two plans agree.
    EXPECT_NE(merged.find("  CRM-adoptie                     76% (2026-11-30)        plan 81,6%    nu 81,6%    oranje      ↑ beter\n"),
              std::string::npos)
        << merged;
    fs::remove_all(dir);

    const std::string bad = run_cli("kpi \"" + fixtures + "programma_bad_number.xlsx\" --date 2026-08-10", code);
    EXPECT_EQ(code, 2);
    EXPECT_NE(bad.find("KPI's!F9: \"6,0x\" is not a number"), std::string::npos);

    // Dates as people type them (issue 16): 10-08-2026 is 10 August 2026; anything else is refused with an example.
    (void)run_cli("roadmap \"" + sample + "\" --date 10-08-2026", code);
    EXPECT_EQ(code, 0);
    const std::string baddate = run_cli("roadmap \"" + sample + "\" --date 31-02-2026", code);
    EXPECT_EQ(code, 2);
    EXPECT_NE(baddate.find("--date: \"31-02-2026\" is not a date (write the date as 2026-11-23 or 23-11-2026)"), std::string::npos)
        << baddate;
}
