// Tests for the CX maturity scan scoring (engine/scan/maturity.hpp) and `kib score`.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include "engine/scan/maturity.hpp"
#include "engine/scan/score.hpp"
#include "readers/csv.hpp"
#include "readers/error.hpp"
#include "readers/xlsx.hpp"
#include "samples/survey_sample.hpp"

namespace m = kib::maturity;
namespace fs = std::filesystem;
using kib::cell_value;

namespace {

const std::string k_samples = KIB_SAMPLES;

cell_value T(const std::string& s) { return cell_value::make_text(s); }
cell_value N(double v) { return cell_value::make_number(v); }
cell_value E() { return cell_value{}; }

// Header: Respondent, Afdeling, STR1..STR8, BEG1..BEG8, …, CUL1..CUL8 (columns A, B, C…).
std::vector<cell_value> header_row() {
    std::vector<cell_value> h{T("Respondent"), T("Afdeling")};
    for (const auto& p : m::pillars()) {
        for (int q = 1; q <= 8; ++q) h.push_back(T(std::string(p.code) + std::to_string(q)));
    }
    return h;
}

// A respondent: id, department, and per pillar 8 answers (same answers for every pillar unless given).
std::vector<cell_value> respondent(const std::string& id, const std::string& dept, const std::vector<cell_value>& answers) {
    std::vector<cell_value> r{id.empty() ? E() : T(id), dept.empty() ? E() : T(dept)};
    for (int p = 0; p < m::pillar_count; ++p) {
        for (int q = 0; q < 8; ++q) r.push_back(answers.size() == 48 ? answers[static_cast<std::size_t>(p * 8 + q)] : answers[static_cast<std::size_t>(q)]);
    }
    return r;
}

std::vector<cell_value> all(const cell_value& v) { return std::vector<cell_value>(8, v); }

m::exact_mean integer_mean(int total) { return {total * m::units_per_point, 1}; }

struct run_result {
    int exit = -1;
    std::string out;
};

run_result run(const std::string& cmd) {
    run_result r;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    char buf[4096];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    const int status = pclose(p);
    r.exit = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

fs::path temp_dir(const std::string& name) {
    fs::path d = fs::temp_directory_path() / ("kib_maturity_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

void write_file(const fs::path& p, const std::string& bytes) {
    std::ofstream out(p, std::ios::binary);
    out << bytes;
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Reduced fraction of an exact mean: (sum_units, 840·count) / gcd.
std::pair<std::int64_t, std::int64_t> reduced(const m::exact_mean& e) {
    const std::int64_t den = e.count * m::units_per_point;
    const std::int64_t g = std::gcd(e.sum_units, den);
    return {e.sum_units / g, den / g};
}

}  // namespace

// ---- the handbook's tables and example ----

TEST(MaturityScore, HandbookWorkedExample) {
    // 3, 2, 3, X, 4, 1, X, 2 → 15 × 8 / 6 = 20 → Groeiend, 3,0 in the CXPA model.
    EXPECT_EQ(m::total_units(15, 6), 20 * m::units_per_point);
    std::vector<std::vector<cell_value>> rows{header_row()};
    rows.push_back(respondent("1", "HR", {N(3), N(2), N(3), T("X"), N(4), N(1), T("X"), N(2)}));
    const m::scan_result r = m::score_table(rows, {});
    ASSERT_EQ(r.respondents, 1);
    for (const m::pillar_result& p : r.pillars) {
        EXPECT_EQ(p.score.count, 1);
        EXPECT_EQ(p.score.sum_units, 20 * 840);
        EXPECT_EQ(m::dutch_tenths(p.score.tenths()), "20,0");
        EXPECT_EQ(m::phase_of(p.score), m::phase::groeiend);
        EXPECT_STREQ(m::phase_name(m::phase_of(p.score)), "Groeiend");
        EXPECT_EQ(m::dutch_tenths(p.score.model_tenths()), "3,0");
        EXPECT_EQ(p.questions[3].dont_know, 1);
        EXPECT_EQ(p.questions[6].dont_know, 1);
        EXPECT_EQ(p.questions[0].points[2], 1);
    }
}

TEST(MaturityScore, PhaseTableEveryTotal) {
    // Handbook: Startend 8-12, Lerend 13-18, Groeiend 19-24, Volwassen 25-28, Leidend 29-32.
    const std::map<int, std::string> expected = {
        {8, "Startend"},   {9, "Startend"},   {10, "Startend"},  {11, "Startend"},  {12, "Startend"},
        {13, "Lerend"},    {14, "Lerend"},    {15, "Lerend"},    {16, "Lerend"},    {17, "Lerend"},
        {18, "Lerend"},    {19, "Groeiend"},  {20, "Groeiend"},  {21, "Groeiend"},  {22, "Groeiend"},
        {23, "Groeiend"},  {24, "Groeiend"},  {25, "Volwassen"}, {26, "Volwassen"}, {27, "Volwassen"},
        {28, "Volwassen"}, {29, "Leidend"},   {30, "Leidend"},   {31, "Leidend"},   {32, "Leidend"}};
    for (const auto& [total, name] : expected) {
        EXPECT_EQ(m::phase_name(m::phase_of(integer_mean(total))), name) << total;
        EXPECT_EQ(m::phase_name(m::phase_for_integer(total)), name) << total;
    }
    EXPECT_STREQ(m::phase_description(m::phase::startend), "Willen zijn");
    EXPECT_STREQ(m::phase_description(m::phase::leidend), "Voorbeeldig zijn");
}

TEST(MaturityScore, ModelTableEveryTotal) {
    // Handbook table "Totaalscore per pijler gekoppeld aan de bucketwaarde", 8 … 32.
    const std::array<const char*, 25> expected = {"1,0", "1,2", "1,3", "1,5", "1,7", "1,8", "2,0", "2,2", "2,3",
                                                  "2,5", "2,7", "2,8", "3,0", "3,2", "3,3", "3,5", "3,7", "3,8",
                                                  "4,0", "4,2", "4,3", "4,5", "4,7", "4,8", "5,0"};
    for (int t = 8; t <= 32; ++t) {
        EXPECT_EQ(m::dutch_tenths(integer_mean(t).model_tenths()), expected[static_cast<std::size_t>(t - 8)]) << t;
    }
}

TEST(MaturityScore, NonIntegerMeansRoundHalfUpExactly) {
    // Totals 8 (7×) and 9 (3×): mean 8,3 exactly; model 1 + 0,3/6 = 1,05 → 1,1 (binary doubles give 1,0499…).
    m::exact_mean a{(7 * 8 + 3 * 9) * m::units_per_point, 10};
    EXPECT_EQ(a.tenths(), 83);
    EXPECT_EQ(a.model_tenths(), 11);
    // 12 and 13: mean 12,5 → rounded to 13 first → Lerend.
    m::exact_mean b{(12 + 13) * m::units_per_point, 2};
    EXPECT_EQ(b.rounded(), 13);
    EXPECT_EQ(m::phase_of(b), m::phase::lerend);
    // Just below 12,5 stays Startend: (12 + 12 + 13 − 1/840·…) — totals 12, 12, 13 → 12,33.
    m::exact_mean c{(12 + 12 + 13) * m::units_per_point, 3};
    EXPECT_EQ(m::phase_of(c), m::phase::startend);
    // 18,5 → 19 → Groeiend; 24,5 → 25 → Volwassen; 28,5 → 29 → Leidend.
    EXPECT_EQ(m::phase_of({(18 + 19) * m::units_per_point, 2}), m::phase::groeiend);
    EXPECT_EQ(m::phase_of({(24 + 25) * m::units_per_point, 2}), m::phase::volwassen);
    EXPECT_EQ(m::phase_of({(28 + 29) * m::units_per_point, 2}), m::phase::leidend);
    // Display: 20, 20, 20, 21 → 20,25 → "20,3".
    EXPECT_EQ(m::dutch_tenths(m::exact_mean{81 * m::units_per_point, 4}.tenths()), "20,3");
    // A total with 7 answered: 3×7 points = 21 × 8/7 = 24 exactly; 22 points × 8/7 = 25,142857…
    EXPECT_EQ(m::total_units(21, 7), 24 * 840);
    EXPECT_EQ(m::total_units(22, 7), 22 * 8 * 120);
    EXPECT_EQ(m::dutch_tenths(m::exact_mean{m::total_units(22, 7), 1}.tenths()), "25,1");
}

// ---- answers ----

TEST(MaturityAnswers, AcceptedForms) {
    EXPECT_EQ(m::parse_answer(T("Niet / nooit")), m::answer::p1);
    EXPECT_EQ(m::parse_answer(T("Niet/nooit")), m::answer::p1);
    EXPECT_EQ(m::parse_answer(T("  NIET /  Nooit ")), m::answer::p1);
    EXPECT_EQ(m::parse_answer(T("incidenteel")), m::answer::p2);
    EXPECT_EQ(m::parse_answer(T("Regelmatig\xC2\xA0")), m::answer::p3);
    EXPECT_EQ(m::parse_answer(T("Systematisch")), m::answer::p4);
    EXPECT_EQ(m::parse_answer(T("Weet ik  niet")), m::answer::dont_know);
    EXPECT_EQ(m::parse_answer(T("x")), m::answer::dont_know);
    EXPECT_EQ(m::parse_answer(T("X")), m::answer::dont_know);
    EXPECT_EQ(m::parse_answer(T("3")), m::answer::p3);
    EXPECT_EQ(m::parse_answer(N(1)), m::answer::p1);
    EXPECT_EQ(m::parse_answer(N(4)), m::answer::p4);
    EXPECT_EQ(m::parse_answer(E()), m::answer::none);
    EXPECT_EQ(m::parse_answer(T("   ")), m::answer::none);
    EXPECT_EQ(m::parse_answer(T("Soms")), m::answer::invalid);
    EXPECT_EQ(m::parse_answer(N(5)), m::answer::invalid);
    EXPECT_EQ(m::parse_answer(N(2.5)), m::answer::invalid);
    EXPECT_EQ(m::parse_answer(T("0")), m::answer::invalid);
    EXPECT_EQ(m::parse_answer(cell_value::make_bool(true)), m::answer::invalid);
    EXPECT_EQ(m::parse_answer(T("Niet / nooit / soms en dan nog wat langer")), m::answer::invalid);
}

TEST(MaturityAnswers, NumericAndTextMixed) {
    std::vector<std::vector<cell_value>> rows{header_row()};
    // Strategie: 1 (number), "2", " regelmatig ", "SYSTEMATISCH", "Niet/nooit", 4 (number), "x", empty → 17 points / 6.
    rows.push_back(respondent("7", "ICT", {N(1), T("2"), T(" regelmatig "), T("SYSTEMATISCH"), T("Niet/nooit"), N(4), T("x"), E()}));
    const m::scan_result r = m::score_table(rows, {});
    const m::pillar_result& s = r.pillars[0];
    EXPECT_EQ(s.score.sum_units, m::total_units(15, 6));
    EXPECT_EQ(m::dutch_tenths(s.score.tenths()), "20,0");
    EXPECT_EQ(s.questions[6].dont_know, 1);
    EXPECT_EQ(s.questions[7].not_answered, 1);
    EXPECT_EQ(s.questions[0].points[0], 1);
    EXPECT_EQ(s.questions[5].points[3], 1);
}

TEST(MaturityAnswers, InvalidAnswerNamesTheCell) {
    std::vector<std::vector<cell_value>> rows{header_row()};
    for (int i = 2; i <= 17; ++i) rows.push_back(respondent(std::to_string(i), "HR", all(N(3))));
    rows[16][10] = T("Soms");  // row 17, column K = BEG1
    try {
        (void)m::score_table(rows, {}, "export.xlsx", "Antwoorden");
        FAIL() << "expected an error";
    } catch (const kib::error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("export.xlsx: Antwoorden!K17: \"Soms\" is not an answer option (Begrijpen 1)"), std::string::npos) << what;
        EXPECT_NE(what.find("--skip-invalid"), std::string::npos) << what;
        EXPECT_EQ(e.exit_code(), 2);
    }
    m::score_options opt;
    opt.skip_invalid = true;
    const m::scan_result r = m::score_table(rows, opt, "export.xlsx", "Antwoorden");
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_EQ(r.warnings[0], "Antwoorden!K17: \"Soms\" is not an answer option; counted as not answered");
    EXPECT_EQ(r.pillars[1].questions[0].not_answered, 1);
    EXPECT_EQ(r.pillars[1].score.count, 16);
    EXPECT_EQ(r.pillars[1].score.sum_units, 16 * 24 * 840);  // 7 answers of 3 → 21 × 8/7 = 24
}

// ---- rows and columns ----

TEST(MaturityRows, AllDontKnow) {
    std::vector<std::vector<cell_value>> rows{header_row()};
    std::vector<cell_value> a(48, T("Weet ik niet"));
    for (int q = 0; q < 8; ++q) a[static_cast<std::size_t>(8 + q)] = N(2);  // Begrijpen answered
    rows.push_back(respondent("1", "HR", a));
    rows.push_back(respondent("2", "HR", std::vector<cell_value>(48, T("weet ik niet"))));
    const m::scan_result r = m::score_table(rows, {});
    EXPECT_EQ(r.respondents, 2);
    EXPECT_FALSE(r.pillars[0].score.has_value());
    EXPECT_EQ(r.pillars[0].questions[0].dont_know, 2);
    EXPECT_EQ(r.pillars[1].score.count, 1);
    EXPECT_EQ(r.pillars[1].score.sum_units, 16 * 840);
    const std::string j = kib::score_json(r);
    const auto doc = nlohmann::json::parse(j);
    EXPECT_TRUE(doc["pillars"][0]["score"].is_null());
    EXPECT_TRUE(doc["pillars"][0]["phase"].is_null());
    EXPECT_EQ(doc["pillars"][0]["respondents"], 0);
    EXPECT_EQ(doc["pillars"][0]["dont_know_share"], 1.0);
    EXPECT_EQ(doc["pillars"][1]["score"], 16.0);
}

TEST(MaturityRows, EmptyRowsAndRowsWithoutAnswers) {
    std::vector<std::vector<cell_value>> rows;
    rows.push_back({T("CX-Volwassenheidsscan export")});  // a title row above the header
    rows.push_back({});
    rows.push_back(header_row());
    rows.push_back(respondent("1", "HR", all(N(4))));
    rows.push_back(std::vector<cell_value>(50));  // empty row
    rows.push_back(respondent("2", "HR", all(E())));  // id and department only
    rows.push_back(respondent("3", "", all(N(1))));
    const m::scan_result r = m::score_table(rows, {});
    EXPECT_EQ(r.respondents, 2);
    EXPECT_EQ(r.pillars[0].score.sum_units, (32 + 8) * 840);
    EXPECT_EQ(m::dutch_tenths(r.pillars[0].score.tenths()), "20,0");
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_EQ(r.warnings[0], "row 6: no answers (respondent \"2\"); not counted as a respondent");
    ASSERT_EQ(r.departments.size(), 2u);
    EXPECT_EQ(r.departments[0].name, "(onbekend)");
    EXPECT_EQ(r.departments[1].name, "HR");
    EXPECT_EQ(r.departments[1].respondents, 1);
}

TEST(MaturityRows, DuplicateRespondentIdsWarn) {
    std::vector<std::vector<cell_value>> rows{header_row()};
    rows.push_back(respondent("17", "HR", all(N(2))));
    rows.push_back(respondent("18", "HR", all(N(3))));
    rows.push_back(respondent("17", "ICT", all(N(4))));
    const m::scan_result r = m::score_table(rows, {});
    EXPECT_EQ(r.respondents, 3);
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_EQ(r.warnings[0], "respondent id \"17\" appears in rows 2 and 4; both rows are counted");
    EXPECT_EQ(r.pillars[0].score.sum_units, (16 + 24 + 32) * 840);
}

// Thousands of ids: the duplicate check keeps finding earlier ids after its table has grown, and
// ids that differ only in a character or in length stay apart; numeric ids compare as displayed.
TEST(MaturityRows, DuplicateIdsAmongManyRespondentsAndDepartmentSpellings) {
    std::vector<std::vector<cell_value>> rows{header_row()};
    for (int i = 0; i < 5000; ++i) rows.push_back(respondent("R" + std::to_string(i), "Klantenservice", all(N(2))));
    rows.push_back(respondent("R17", " klantenservice ", all(N(3))));  // row 5002
    rows.push_back(respondent("R1", "KLANTENSERVICE", all(N(3))));     // row 5003
    rows.push_back(respondent("R49999", "Klantenservice\xC2\xA0", all(N(3))));
    auto numeric = respondent("", "ICT", all(N(4)));
    numeric[0] = N(12);
    rows.push_back(numeric);  // row 5005
    rows.push_back(respondent("12", "ICT", all(N(4))));  // row 5006: the same id as the number 12
    const m::scan_result r = m::score_table(rows, {});
    EXPECT_EQ(r.respondents, 5005);
    ASSERT_EQ(r.warnings.size(), 3u);
    EXPECT_EQ(r.warnings[0], "respondent id \"R17\" appears in rows 19 and 5002; both rows are counted");
    EXPECT_EQ(r.warnings[1], "respondent id \"R1\" appears in rows 3 and 5003; both rows are counted");
    EXPECT_EQ(r.warnings[2], "respondent id \"12\" appears in rows 5005 and 5006; both rows are counted");
    std::map<std::string, std::int64_t> by_name;
    for (const auto& d : r.departments) by_name[d.name] = d.respondents;
    EXPECT_EQ(by_name, (std::map<std::string, std::int64_t>{{"Klantenservice", 5003}, {"ICT", 2}}))
        << "spellings that normalise alike share the first spelling's department";
}

TEST(MaturityColumns, PillarWithNineColumnsIsAnError) {
    auto h = header_row();
    h.push_back(T("STR9"));
    std::vector<std::vector<cell_value>> rows{h, respondent("1", "HR", all(N(2)))};
    try {
        (void)m::score_table(rows, {}, "scan.xlsx", "Antwoorden");
        FAIL() << "expected an error";
    } catch (const kib::error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("pillar Strategie has 9 question columns (Antwoorden!C \"STR1\", Antwoorden!D \"STR2\""), std::string::npos) << what;
        EXPECT_NE(what.find("Antwoorden!AY \"STR9\")"), std::string::npos) << what;
        EXPECT_NE(what.find("exactly 8"), std::string::npos) << what;
    }
}

TEST(MaturityColumns, MissingPillarAndDuplicateQuestion) {
    auto h = header_row();
    h.resize(2 + 40);  // no Cultuur
    std::vector<std::vector<cell_value>> rows{h};
    EXPECT_THROW((void)m::score_table(rows, {}), kib::error);
    try {
        (void)m::score_table(rows, {});
    } catch (const kib::error& e) {
        EXPECT_NE(std::string(e.what()).find("pillar Cultuur has 0 question columns"), std::string::npos) << e.what();
    }
    auto h2 = header_row();
    h2[3] = T("STR1");  // STR1 twice, STR2 missing
    try {
        (void)m::score_table({h2}, {});
        FAIL();
    } catch (const kib::error& e) {
        EXPECT_NE(std::string(e.what()).find("question 1 appears twice (Antwoorden!C \"STR1\" and Antwoorden!D \"STR1\")"), std::string::npos) << e.what();
    }
}

TEST(MaturityColumns, HeaderRecognition) {
    int p = 0;
    EXPECT_TRUE(m::is_question_header("STR1"));
    EXPECT_TRUE(m::is_question_header("str 1"));
    EXPECT_TRUE(m::is_question_header("Strategie 1 - De organisatie heeft een strategie"));
    EXPECT_TRUE(m::is_question_header("Strategie_1"));
    EXPECT_TRUE(m::is_question_header("Strategie vraag 1"));
    EXPECT_TRUE(m::is_question_header("  MEten   8"));
    EXPECT_TRUE(m::is_question_header("Inzicht 3"));
    EXPECT_TRUE(m::is_question_header("CUL (4)"));
    EXPECT_FALSE(m::is_question_header("Strategie"));
    EXPECT_FALSE(m::is_question_header("Toelichting Strategie"));
    EXPECT_FALSE(m::is_question_header("STR1a"));
    EXPECT_FALSE(m::is_question_header("Afdeling"));
    (void)p;
    // Long headers, names, codes and Toelichting columns in one export.
    std::vector<std::string> headers{"Nr", "Afdeling / team"};
    for (const auto& pi : m::pillars()) {
        for (int q = 1; q <= 8; ++q) headers.push_back(std::string(pi.name) + " " + std::to_string(q) + " - " + pi.questions[static_cast<std::size_t>(q - 1)]);
        headers.push_back(std::string("Toelichting ") + pi.code);
    }
    const m::column_map map = m::map_columns(headers, nullptr, "f", "");
    EXPECT_EQ(map.respondent, 0);
    EXPECT_EQ(map.department, 1);
    EXPECT_EQ(map.questions[0][0], 2);
    EXPECT_EQ(map.questions[0][7], 9);
    EXPECT_EQ(map.comment[0], 10);
    EXPECT_EQ(map.questions[3][0], 2 + 3 * 9);  // Meten, not confused with the code MET
    EXPECT_EQ(map.comment[5], 2 + 6 * 9 - 1);
}

TEST(MaturityColumns, MappingFileOverrides) {
    const fs::path dir = temp_dir("mapping");
    std::vector<cell_value> h{T("Wie"), T("Team")};
    // (GCC 12 warns falsely about "Q" + std::to_string(i) under -O2; hence the helper.)
    auto q_name = [](int i) {
        std::string s = "Q";
        s += std::to_string(i);
        return s;
    };
    for (int i = 1; i <= 48; ++i) h.push_back(T(q_name(i)));
    std::vector<std::vector<cell_value>> rows{h, respondent("1", "HR", {N(3), N(2), N(3), T("X"), N(4), N(1), T("X"), N(2)})};
    nlohmann::json j;
    j["department"] = "Team";
    j["respondent"] = "A";
    for (int p = 0; p < 6; ++p) {
        std::vector<std::string> cols;
        for (int q = 1; q <= 8; ++q) cols.push_back(q_name(p * 8 + q));
        j["pillars"][m::pillars()[static_cast<std::size_t>(p)].code]["questions"] = cols;
    }
    write_file(dir / "map.json", j.dump());
    m::score_options opt;
    opt.mapping_file = (dir / "map.json").string();
    const m::scan_result r = m::score_table(rows, opt);
    EXPECT_EQ(r.departments.at(0).name, "HR");
    EXPECT_EQ(r.pillars[5].score.sum_units, 20 * 840);
    // A mapping with 7 columns for a pillar is refused.
    j["pillars"]["STR"]["questions"] = {"Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7"};
    write_file(dir / "bad.json", j.dump());
    opt.mapping_file = (dir / "bad.json").string();
    EXPECT_THROW((void)m::score_table(rows, opt), kib::error);
    fs::remove_all(dir);
}

TEST(MaturityStats, StandardDeviationAndDistribution) {
    std::vector<std::vector<cell_value>> rows{header_row()};
    rows.push_back(respondent("1", "A", all(N(2))));  // 16
    rows.push_back(respondent("2", "A", all(N(3))));  // 24
    rows.push_back(respondent("3", "B", all(N(4))));  // 32
    const m::scan_result r = m::score_table(rows, {});
    EXPECT_NEAR(static_cast<double>(r.pillars[0].sd), 8.0, 1e-12);  // sample sd of 16, 24, 32
    EXPECT_EQ(r.pillars[0].total_histogram[16 - 8], 1);
    EXPECT_EQ(r.pillars[0].total_histogram[32 - 8], 1);
    EXPECT_EQ(r.pillars[2].questions[4].points[1], 1);
    EXPECT_EQ(r.pillars[2].questions[4].points[2], 1);
    EXPECT_EQ(r.pillars[2].questions[4].points[3], 1);
    ASSERT_EQ(r.departments.size(), 2u);
    EXPECT_EQ(r.departments[0].pillars[0].sum_units, 40 * 840);
    EXPECT_EQ(r.departments[0].pillars[0].count, 2);
    EXPECT_EQ(m::dutch_tenths(r.departments[0].pillars[0].tenths()), "20,0");
}

// ---- files ----

TEST(MaturityFiles, CsvWithSemicolonBomAndCrlf) {
    const fs::path dir = temp_dir("csv");
    std::string csv = "\xEF\xBB\xBFRespondent;Afdeling";
    for (const auto& p : m::pillars()) {
        for (int q = 1; q <= 8; ++q) csv += std::string(";") + p.name + " " + std::to_string(q);
    }
    csv += ";Toelichting Meten\r\n";
    auto line = [](const std::string& id, const std::string& dept, const std::string& answers8, const std::string& comment) {
        std::string l = id + ";" + dept;
        for (int p = 0; p < 6; ++p) l += ";" + answers8;
        return l + ";" + comment + "\r\n";
    };
    csv += line("1", "Financiën", "3;2;3;X;4;1;X;2", "\"KPI's; welke?\"");
    csv += line("2", "Financiën", "Systematisch;Systematisch;Systematisch;Systematisch;Systematisch;Systematisch;Systematisch;Systematisch", "");
    csv += line("3", "ICT", "Niet / nooit;Incidenteel;Regelmatig;Systematisch;Weet ik niet;;;", "");
    write_file(dir / "scan.csv", csv);
    const m::scan_result r = m::score_file((dir / "scan.csv").string());
    EXPECT_EQ(r.respondents, 3);
    // 20, 32 and 10 × 8/4 = 20 → mean 24.
    EXPECT_EQ(r.pillars[0].score.sum_units, (20 + 32 + 20) * 840);
    EXPECT_EQ(m::dutch_tenths(r.pillars[0].score.tenths()), "24,0");
    ASSERT_EQ(r.comments.size(), 1u);
    EXPECT_EQ(r.comments[0].text, "KPI's; welke?");
    EXPECT_EQ(r.comments[0].pillar, 3);
    EXPECT_EQ(r.comments[0].department, "Financiën");
    ASSERT_EQ(r.departments.size(), 2u);
    EXPECT_EQ(r.departments[0].name, "Financiën");
    // An invalid answer in a CSV names line and column.
    write_file(dir / "bad.csv", csv + line("4", "ICT", "3;3;3;3;3;3;3;Soms", ""));
    try {
        (void)m::score_file((dir / "bad.csv").string());
        FAIL();
    } catch (const kib::error& e) {
        EXPECT_NE(std::string(e.what()).find("line 5, column J: \"Soms\" is not an answer option (Strategie 8)"), std::string::npos) << e.what();
    }
    fs::remove_all(dir);
}

// The committed sample, recomputed independently: plain label → points, totals as reduced
// fractions (sum·8 / i), means by fraction addition — no 1/840 units.
TEST(MaturitySample, ScoresMatchIndependentComputationAndFixedValues) {
    const kib::csv_table t = kib::read_csv(k_samples + "/cx_scan_2026.csv");
    ASSERT_EQ(t.delimiter, ';');
    ASSERT_EQ(t.encoding, "utf-8-bom");
    const std::map<std::string, int> points = {
        {"Niet / nooit", 1}, {"Incidenteel", 2}, {"Regelmatig", 3}, {"Systematisch", 4}, {"Weet ik niet", 0}};
    struct frac {
        std::int64_t n = 0, d = 1;
        void add(std::int64_t an, std::int64_t ad) {
            n = n * ad + an * d;
            d *= ad;
            const std::int64_t g = std::gcd(n, d);
            n /= g;
            d /= g;
        }
    };
    std::array<frac, 6> sum{};
    std::array<std::int64_t, 6> count{};
    std::int64_t respondents = 0;
    for (std::size_t r = 1; r < t.rows.size(); ++r) {
        const auto& row = t.rows[r];
        if (row.size() < 3) continue;
        ++respondents;
        for (int p = 0; p < 6; ++p) {
            int s = 0, i = 0;
            for (int q = 0; q < 8; ++q) {
                const std::string& v = row[static_cast<std::size_t>(3 + p * 9 + q)];
                if (v.empty()) continue;
                const int pts = points.at(v);
                if (pts == 0) continue;
                s += pts;
                ++i;
            }
            if (i == 0) continue;
            sum[static_cast<std::size_t>(p)].add(s * 8, i);
            ++count[static_cast<std::size_t>(p)];
        }
    }
    const m::scan_result csv = m::score_file(k_samples + "/cx_scan_2026.csv");
    const m::scan_result xlsx = m::score_file(k_samples + "/cx_scan_2026.xlsx");
    EXPECT_EQ(respondents, 240);
    EXPECT_EQ(csv.respondents, 240);
    EXPECT_EQ(xlsx.respondents, 240);
    const std::array<const char*, 6> shown = {"21,7", "23,3", "20,8", "17,7", "19,1", "22,5"};
    const std::array<const char*, 6> phases = {"Groeiend", "Groeiend", "Groeiend", "Lerend", "Groeiend", "Groeiend"};
    const std::array<const char*, 6> model = {"3,3", "3,5", "3,1", "2,6", "2,9", "3,4"};
    for (std::size_t p = 0; p < 6; ++p) {
        frac mean = sum[p];
        mean.d *= count[p];
        const std::int64_t g = std::gcd(mean.n, mean.d);
        const std::pair<std::int64_t, std::int64_t> expected{mean.n / g, mean.d / g};
        EXPECT_EQ(reduced(csv.pillars[p].score), expected) << p;
        EXPECT_EQ(reduced(xlsx.pillars[p].score), expected) << p;
        EXPECT_EQ(csv.pillars[p].score.count, count[p]);
        EXPECT_EQ(m::dutch_tenths(xlsx.pillars[p].score.tenths()), shown[p]) << p;
        EXPECT_STREQ(m::phase_name(m::phase_of(xlsx.pillars[p].score)), phases[p]) << p;
        EXPECT_EQ(m::dutch_tenths(xlsx.pillars[p].score.model_tenths()), model[p]) << p;
    }
    // Invitations from the workbook's Uitnodigingen sheet: 300 invited, 80% response.
    ASSERT_TRUE(xlsx.invited.has_value());
    EXPECT_EQ(*xlsx.invited, 300);
    EXPECT_EQ(m::dutch_percent(xlsx.respondents, *xlsx.invited), "80,0%");
    ASSERT_EQ(xlsx.departments.size(), 12u);
    const m::department_result& hr = xlsx.departments[5];
    EXPECT_EQ(hr.name, "HR");
    EXPECT_EQ(hr.respondents, 8);
    EXPECT_EQ(hr.invited, 18);
    EXPECT_EQ(m::dutch_percent(hr.respondents, *hr.invited), "44,4%");
    // Interview suggestions: 3 highest, 3 lowest, 2 closest to the organisation mean.
    std::vector<std::string> names, reasons;
    for (const auto& s : xlsx.interviews) {
        names.push_back(s.department);
        reasons.push_back(s.reason);
    }
    EXPECT_EQ(names, (std::vector<std::string>{"Klantcontactcentrum", "Communicatie", "Dienstverlening", "Juridische Zaken",
                                                "Financiën", "ICT", "Bestuursondersteuning", "Uitvoering"}));
    EXPECT_EQ(reasons[0], "hoogste gemiddelde score");
    EXPECT_EQ(reasons[3], "laagste gemiddelde score");
    EXPECT_EQ(reasons[6], "gemiddeld scorend");
    EXPECT_FALSE(xlsx.comments.empty());
    EXPECT_TRUE(xlsx.warnings.empty());
}

TEST(MaturitySample, GeneratorReproducesTheCommittedFiles) {
    const fs::path dir = temp_dir("gen");
    const kib::sample::survey_table now = kib::sample::generate(kib::sample::sample_spec());
    kib::sample::write_csv(now.rows, (dir / "cx_scan_2026.csv").string());
    EXPECT_EQ(read_file(dir / "cx_scan_2026.csv"), read_file(k_samples + "/cx_scan_2026.csv"));
    fs::remove_all(dir);
}

TEST(MaturitySample, ComparisonWithTheEarlierScan) {
    m::scan_result now = m::score_file(k_samples + "/cx_scan_2026.xlsx");
    const m::scan_result before = m::score_file(k_samples + "/cx_scan_2024.xlsx");
    m::compare(now, k_samples + "/cx_scan_2024.xlsx", {});
    ASSERT_EQ(now.changes.size(), 6u);
    for (std::size_t p = 0; p < 6; ++p) {
        const auto& c = now.changes[p];
        EXPECT_EQ(c.before.sum_units, before.pillars[p].score.sum_units);
        EXPECT_EQ(c.before.count, before.pillars[p].score.count);
        // Exact difference, rounded half away from zero to tenths.
        const long double d = now.pillars[p].score.value() - before.pillars[p].score.value();
        EXPECT_EQ(*c.change_tenths(), static_cast<int>(std::lround(d * 10)));
    }
    EXPECT_EQ(now.changes[4].before_phase, m::phase::lerend);  // Besturing 16,9 → 19,1
    EXPECT_EQ(now.changes[4].after_phase, m::phase::groeiend);
    // The same comparison from the JSON kib printed for the earlier scan.
    const fs::path dir = temp_dir("prev");
    write_file(dir / "prev.json", kib::score_json(before));
    m::scan_result again = m::score_file(k_samples + "/cx_scan_2026.xlsx");
    m::compare(again, (dir / "prev.json").string(), {});
    for (std::size_t p = 0; p < 6; ++p) {
        EXPECT_EQ(again.changes[p].change_tenths(), now.changes[p].change_tenths());
        EXPECT_EQ(again.changes[p].before_phase, now.changes[p].before_phase);
    }
    fs::remove_all(dir);
}

// LibreOffice opens the CSV and saves it as .xlsx: the scores must be the same.
TEST(MaturityLibreOffice, SavedByLibreOfficeGivesTheSameScores) {
    const run_result which = run("command -v soffice");
    ASSERT_EQ(which.exit, 0) << "soffice (LibreOffice) is required for this test";
    const fs::path dir = temp_dir("lo");
    fs::copy_file(k_samples + "/cx_scan_2026.csv", dir / "cx_scan_2026.csv");
    // Filter options: separator ';' (59), quote '"' (34), UTF-8 (76), start at line 1.
    const std::string cmd = "cd '" + dir.string() + "' && HOME='" + dir.string() +
                            "' soffice --headless --norestore --infilter=CSV:59,34,76,1 --convert-to xlsx cx_scan_2026.csv "
                            ">/dev/null 2>&1";
    ASSERT_EQ(run(cmd).exit, 0);
    ASSERT_TRUE(fs::exists(dir / "cx_scan_2026.xlsx"));
    const m::scan_result lo = m::score_file((dir / "cx_scan_2026.xlsx").string());
    const m::scan_result csv = m::score_file(k_samples + "/cx_scan_2026.csv");
    EXPECT_EQ(lo.respondents, 240);
    for (std::size_t p = 0; p < 6; ++p) {
        EXPECT_EQ(lo.pillars[p].score.sum_units, csv.pillars[p].score.sum_units);
        EXPECT_EQ(lo.pillars[p].score.count, csv.pillars[p].score.count);
        for (std::size_t q = 0; q < 8; ++q) {
            EXPECT_EQ(lo.pillars[p].questions[q].dont_know, csv.pillars[p].questions[q].dont_know);
            EXPECT_EQ(lo.pillars[p].questions[q].points, csv.pillars[p].questions[q].points);
        }
    }
    ASSERT_EQ(lo.departments.size(), csv.departments.size());
    for (std::size_t d = 0; d < lo.departments.size(); ++d) {
        EXPECT_EQ(lo.departments[d].name, csv.departments[d].name);
        for (std::size_t p = 0; p < 6; ++p) EXPECT_EQ(lo.departments[d].pillars[p].sum_units, csv.departments[d].pillars[p].sum_units);
    }
    EXPECT_EQ(lo.comments.size(), csv.comments.size());
    fs::remove_all(dir);
}

// ---- CLI ----

TEST(MaturityCli, JsonOutput) {
    const run_result r = run(std::string(KIB_BINARY) + " score '" + k_samples + "/cx_scan_2026.csv' --invited '" + k_samples +
                             "/cx_uitnodigingen.csv' --previous '" + k_samples + "/cx_scan_2024.xlsx' --json 2>/dev/null");
    ASSERT_EQ(r.exit, 0) << r.out;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["respondents"], 240);
    ASSERT_EQ(j["pillars"].size(), 6u);
    const m::scan_result x = m::score_file(k_samples + "/cx_scan_2026.xlsx");
    EXPECT_EQ(j["pillars"][0]["name"], "Strategie");
    EXPECT_EQ(j["pillars"][0]["score"].get<double>(), static_cast<double>(x.pillars[0].score.value()));
    EXPECT_EQ(j["pillars"][0]["phase"], "Groeiend");
    EXPECT_EQ(j["pillars"][0]["model"], 3.3);
    EXPECT_EQ(j["pillars"][0]["respondents"], 240);
    EXPECT_EQ(j["pillars"][3]["phase"], "Lerend");
    EXPECT_EQ(j["pillars"][3]["score_fraction"][0].get<std::int64_t>(), x.pillars[3].score.sum_units);
    ASSERT_EQ(j["departments"].size(), 12u);
    EXPECT_EQ(j["departments"][5]["name"], "HR");
    EXPECT_EQ(j["departments"][5]["respondents"], 8);
    EXPECT_EQ(j["departments"][5]["invited"], 18);
    EXPECT_EQ(j["departments"][5]["meets_target"], false);
    EXPECT_EQ(j["departments"][5]["pillars"]["Strategie"].get<double>(), static_cast<double>(x.departments[5].pillars[0].value()));
    EXPECT_EQ(j["response"]["invited"], 300);
    EXPECT_EQ(j["response"]["rate"], 0.8);
    EXPECT_EQ(j["interviews"].size(), 8u);
    EXPECT_EQ(j["comparison"][4]["before_phase"], "Lerend");
    EXPECT_EQ(j["comparison"][4]["after_phase"], "Groeiend");
}

TEST(MaturityCli, TextOutputAndErrors) {
    const run_result r = run(std::string(KIB_BINARY) + " score '" + k_samples + "/cx_scan_2026.xlsx' 2>&1");
    ASSERT_EQ(r.exit, 0) << r.out;
    EXPECT_NE(r.out.find("CX-Volwassenheidsscan: 240 respondenten, 300 uitgenodigd, respons 80,0% (streefwaarde 50% gehaald)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Strategie     21,7  Groeiend     3,3    240"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Meten         17,7  Lerend       2,6"), std::string::npos) << r.out;
    const fs::path dir = temp_dir("cli");
    std::string csv = "STR1;STR2\r\n3;3\r\n";
    write_file(dir / "bad.csv", csv);
    const run_result bad = run(std::string(KIB_BINARY) + " score '" + (dir / "bad.csv").string() + "' 2>&1");
    EXPECT_EQ(bad.exit, 2);
    EXPECT_NE(bad.out.find("pillar Strategie has 2 question columns"), std::string::npos) << bad.out;
    fs::remove_all(dir);
}

// A sheet larger than the XML parser's 256 KiB chunk: cells cut by a buffer refill must read the
// same as the CSV of the same answers (regression: a stale t="s" view once gave t=">").
TEST(MaturityFiles, LargeWorkbookMatchesCsv) {
    const fs::path dir = temp_dir("large");
    const kib::sample::survey_table t = kib::sample::generate(kib::sample::bench_spec(3000));
    kib::sample::write_xlsx(t, (dir / "large.xlsx").string(), false);
    kib::sample::write_csv(t.rows, (dir / "large.csv").string());
    const m::scan_result x = m::score_file((dir / "large.xlsx").string());
    const m::scan_result c = m::score_file((dir / "large.csv").string());
    EXPECT_EQ(x.respondents, 3000);
    EXPECT_EQ(c.respondents, 3000);
    for (std::size_t p = 0; p < 6; ++p) {
        EXPECT_EQ(x.pillars[p].score.sum_units, c.pillars[p].score.sum_units);
        EXPECT_EQ(x.pillars[p].score.count, c.pillars[p].score.count);
    }
    EXPECT_EQ(x.comments.size(), c.comments.size());
    fs::remove_all(dir);
}

// tests/fixtures/maturity (make_fixtures.sh): a CSV with numeric, label and X answers, and the same
// survey saved by LibreOffice as .xlsx, where the answers 1-4 are number cells.
TEST(MaturityFiles, LibreOfficeFixtureWithNumberCells) {
    const std::string dir = std::string(KIB_FIXTURES) + "/maturity";
    {
        const kib::workbook wb = kib::workbook::open(dir + "/scan_small.xlsx");
        const auto rows = wb.read_rows(wb.sheets().at(0));
        ASSERT_GE(rows.size(), 2u);
        EXPECT_EQ(rows[1].cells.at(2).value, cell_value::make_number(4));  // C2: a number cell
    }
    for (const char* name : {"scan_small.csv", "scan_small.xlsx"}) {
        const m::scan_result r = m::score_file(dir + "/" + name);
        EXPECT_EQ(r.respondents, 7) << name;
        // Totals 32, 24, 20 (handbook example), 8, 14×8/7 = 16, none (all X), 16×8/6 = 21⅓:
        // sum 364/3 over 6 respondents = 20,222… → "20,2", Groeiend, model 3,0.
        for (const m::pillar_result& p : r.pillars) {
            EXPECT_EQ(p.score.count, 6) << name;
            EXPECT_EQ(p.score.sum_units, 364 * 840 / 3) << name;
            EXPECT_EQ(m::dutch_tenths(p.score.tenths()), "20,2") << name;
            EXPECT_EQ(m::phase_of(p.score), m::phase::groeiend) << name;
            EXPECT_EQ(m::dutch_tenths(p.score.model_tenths()), "3,0") << name;
            EXPECT_EQ(p.questions[7].not_answered, 1) << name;
            EXPECT_EQ(p.questions[7].dont_know, 2) << name;  // respondents 5 and 6
        }
        ASSERT_EQ(r.departments.size(), 2u) << name;
        EXPECT_EQ(r.departments[0].name, "HR");
        EXPECT_EQ(m::dutch_tenths(r.departments[0].pillars[0].tenths()), "15,1");  // (8 + 16 + 21⅓) / 3
        EXPECT_EQ(m::phase_of(r.departments[0].pillars[0]), m::phase::lerend);
        EXPECT_EQ(r.departments[1].name, "KCC");
        EXPECT_EQ(m::dutch_tenths(r.departments[1].pillars[0].tenths()), "25,3");  // (32 + 24 + 20) / 3
        EXPECT_EQ(m::phase_of(r.departments[1].pillars[0]), m::phase::volwassen);
        ASSERT_EQ(r.comments.size(), 2u);
        EXPECT_EQ(r.comments[1].text, "Geen idee");
        EXPECT_EQ(r.comments[1].pillar, 5);
    }
}
