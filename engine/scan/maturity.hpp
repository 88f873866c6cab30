// CX maturity scan ("CX-Volwassenheidsscan"): scoring survey exports exactly as the handbook
// ("Praktisch handboek … CX-Volwassenheidsscan", BZK / Gebruiker Centraal, March 2025) does.
//
// The survey: 6 pillars × 8 questions. Pillars are recognised by code or name:
//   STR Strategie · BEG Begrijpen (alias Inzicht) · ONT Ontwerpen (alias Klantreis)
//   MET Meten · BES Besturing · CUL Cultuur
// (the aliases are the CXPA framework's own pillar names quoted in the handbook's footnote).
//
// Answers: "Niet / nooit" = 1, "Incidenteel" = 2, "Regelmatig" = 3, "Systematisch" = 4,
// "Weet ik niet" (or "X", as in the handbook's example) = answered without points. Numbers 1–4
// (number cells or text) are accepted; case, surrounding spaces and the spaces around the slash
// of "Niet / nooit" do not matter. An empty cell is "not answered".
//
// Scoring contract (exact — no binary floating point decides anything shown):
// - respondent total per pillar = (sum of points) × 8 / i, i = questions answered with 1–4;
//   i = 0 → no total, and the respondent does not count in that pillar.
//   A total is a multiple of 1/840 (840 = lcm(1..8)), so it is kept as an integer in 1/840 units.
// - pillar score = mean of the totals, kept as the exact fraction sum / (840 · n).
// - displayed score: rounded half up to one decimal ("20,0").
// - phase: the exact mean rounded half up to an integer first (12,5 → 13 → Lerend), then
//   Startend 8–12, Lerend 13–18, Groeiend 19–24, Volwassen 25–28, Leidend 29–32.
// - CXPA model value = 1 + (score − 8) / 6 from the exact score, rounded half up to one
//   decimal (the handbook's table: 9 → 1,2; 12 → 1,7; 21 → 3,2; 31 → 4,8).
// - standard deviation: sample standard deviation (n − 1, as Excel's STDEV.S) of the totals.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "readers/cell.hpp"

namespace kib::maturity {

constexpr int pillar_count = 6;
constexpr int questions_per_pillar = 8;
constexpr std::int64_t units_per_point = 840;  // lcm(1..8): every respondent total is a whole number of these

struct pillar_info {
    const char* code;   // "STR"
    const char* name;   // "Strategie"
    const char* alias;  // CXPA framework name ("Inzicht"), nullptr when the same
    const char* question;  // the pillar's guiding question from the handbook
    std::array<const char*, questions_per_pillar> questions;  // the questionnaire's statements
};
// The six pillars in the handbook's order.
const std::array<pillar_info, pillar_count>& pillars() noexcept;

// ---- exact arithmetic ----

// A mean of respondent totals: sum_units / (840 · count). count == 0 means "no score".
struct exact_mean {
    std::int64_t sum_units = 0;
    std::int64_t count = 0;

    bool has_value() const noexcept { return count > 0; }
    long double value() const noexcept;  // for JSON and charts only; never for decisions
    int rounded() const noexcept;        // half up to an integer (the phase's input)
    int tenths() const noexcept;         // half up to one decimal, × 10 (20,0 → 200)
    int model_tenths() const noexcept;   // CXPA model value rounded half up to one decimal, × 10
};

// A respondent's total for a pillar in 1/840 units: sum × 8 / answered. answered must be 1..8.
std::int64_t total_units(int sum_points, int answered) noexcept;

enum class phase : std::uint8_t { startend, lerend, groeiend, volwassen, leidend };
const char* phase_name(phase p) noexcept;         // "Startend" …
const char* phase_description(phase p) noexcept;  // "Willen zijn" …
// Phase of an integer total 8..32 (values outside are clamped into the table).
phase phase_for_integer(int total) noexcept;
phase phase_of(const exact_mean& m) noexcept;  // phase_for_integer(m.rounded())

// Dutch decimal text of a tenths value: 32 → "3,2", 200 → "20,0", -15 → "-1,5".
std::string dutch_tenths(int tenths);
// Dutch percentage with one decimal of a ratio num/den: (1, 3) → "33,3%". den must be > 0.
std::string dutch_percent(std::int64_t num, std::int64_t den);

// ---- answers ----

enum class answer : std::uint8_t { none, p1, p2, p3, p4, dont_know, invalid };
// Parses one answer cell (see the header comment for the accepted forms).
answer parse_answer(const cell_value& v) noexcept;
inline int answer_points(answer a) noexcept {
    return a >= answer::p1 && a <= answer::p4 ? static_cast<int>(a) : 0;
}

// ---- columns ----

// Where the columns are (0-based column indexes into a row).
struct column_map {
    std::array<std::array<int, questions_per_pillar>, pillar_count> questions{};
    std::array<int, pillar_count> comment{-1, -1, -1, -1, -1, -1};  // Toelichting per pillar, -1 = none
    int department = -1;
    int respondent = -1;
};

// An explicit mapping (JSON file), overriding recognition per item it names:
// {"sheet": "Antwoorden", "header_row": 1, "department": "Afdeling", "respondent": "Nr",
//  "pillars": {"Strategie": {"questions": ["Q1", …8 headers], "comment": "Q9"}, …}}
// A column is named by its header text (compared case- and space-insensitively) or, when no
// header matches, by its column letters ("K"). Pillars may be named by code or name.
struct mapping {
    std::string sheet;
    int header_row = 0;  // 1-based row of the header; 0 = detect
    std::optional<std::string> department, respondent;
    std::array<std::optional<std::vector<std::string>>, pillar_count> questions;
    std::array<std::optional<std::string>, pillar_count> comment;
};
mapping read_mapping(const std::string& path);

// Recognises the columns from the header texts. Throws kib::error (naming `where_prefix`, e.g.
// "Antwoorden!") when a pillar has other than 8 question columns or a question number twice.
// Headers: "STR1", "Strategie 1", "strategie_1", "Strategie vraag 1", "Strategie 1 - De organisatie …";
// Toelichting: a header with "toelichting"/"opmerking"/"open antwoord" and a pillar code or name;
// department: "Afdeling"/"Department"/"Onderdeel"; respondent: "Respondent", "Respondent id",
// "Respondentnummer", "Response id", "ID", "Nr".
column_map map_columns(const std::vector<std::string>& headers, const mapping* override_map,
                       const std::string& file, const std::string& sheet);

// True when the header text names a pillar question (used to find the header row).
bool is_question_header(std::string_view header) noexcept;

// ---- results ----

// Per question: the answer distribution. The "Weet ik niet" share (a knowledge-gap signal) is
// dont_know / filled(): of the people who picked an option, how many did not know; empty cells
// are left out of both.
struct question_stats {
    std::array<std::int64_t, 4> points{};  // how many answered 1, 2, 3, 4
    std::int64_t dont_know = 0;
    std::int64_t not_answered = 0;  // empty (or invalid with skip_invalid)
    std::int64_t filled() const noexcept { return points[0] + points[1] + points[2] + points[3] + dont_know; }
};

struct pillar_result {
    exact_mean score;
    long double sd = 0;  // sample standard deviation of the totals; 0 when fewer than 2
    std::array<question_stats, questions_per_pillar> questions{};
    std::array<std::int64_t, 25> total_histogram{};  // respondents per rounded total 8..32
};

// "Weet ik niet" answers over a pillar's questions; `filled` gets the number of answers given.
std::int64_t dont_know_total(const pillar_result& p, std::int64_t& filled);

// One open answer. Trap: the three texts are views. In a scan_result they point into the text its
// comment_text owns, which every copy of the result shares; keep the result (or a copy of it) alive
// while using its comments, and copy the texts into strings to keep them longer. A scan of
// 100,000 respondents holds ~50,000 comments: one string each cost a tenth of the scoring time.
struct comment_entry {
    int pillar = 0;
    std::string_view department;
    std::string_view respondent;
    std::string_view text;
};

struct department_result {
    std::string name;
    std::int64_t respondents = 0;
    std::array<exact_mean, pillar_count> pillars{};
    std::optional<std::int64_t> invited;
    // Unweighted mean of the pillar scores that exist; the ranking key for interview suggestions.
    long double average() const noexcept;
};

// Interview suggestions (handbook, Fase 3: 12–15 interviews; 6–8 with the people most involved
// in CX — chosen by the organisation — and about 6 from departments with extreme scores, plus a
// few average ones). Rule: departments with at least 3 respondents are ranked by the unweighted
// mean of their pillar scores; the k highest and k lowest are suggested, k = min(3, n / 3)
// (at least 1 when n ≥ 2), then the 2 remaining departments closest to the organisation mean
// (the mean of the six pillar scores). Ties are broken by name.
struct interview_suggestion {
    std::string department;
    std::string reason;  // "hoogste gemiddelde score", "laagste gemiddelde score", "gemiddeld scorend"
    long double average = 0;
    std::int64_t respondents = 0;
};

// The handbook's response target (Fase 2): at least half of those invited. nullopt when the number
// invited is unknown or 0.
std::optional<bool> meets_response_target(std::int64_t respondents, std::optional<std::int64_t> invited) noexcept;

struct pillar_change {
    int pillar = 0;
    exact_mean before, after;
    std::optional<long double> before_value;  // when the earlier scan came from JSON without score_fraction
    bool has_before() const noexcept { return before.has_value() || before_value.has_value(); }
    // The change after − before in tenths, rounded half away from zero from the exact values.
    std::optional<int> change_tenths() const noexcept;
    // The earlier score in tenths as shown (half up), from the exact value when there is one.
    std::optional<int> before_tenths() const noexcept;
    phase before_phase = phase::startend, after_phase = phase::startend;
};

// A department found in both scans (matched by name, case and spacing ignored): its pillar
// scores then and now, each with its change.
struct department_change {
    std::string name;  // as the current scan writes it
    std::int64_t respondents_before = 0, respondents_after = 0;
    std::array<pillar_change, pillar_count> pillars{};
};

// The earlier scan as compare() read it.
struct previous_scan {
    std::string file;
    std::int64_t respondents = 0;
    std::vector<department_change> departments;      // in both scans, sorted by name
    std::vector<std::string> only_before, only_now;  // departments in one scan only, sorted
};

// Open answers grouped per pillar: identical answers (case and spacing ignored) once, with
// how many gave them and from which departments.
struct comment_group {
    int pillar = 0;
    std::string text;                      // as first given
    std::int64_t count = 0;
    std::vector<std::string> departments;  // distinct, in order of first appearance; "" left out
};
// Groups in pillar order; within a pillar the most given first, ties in order of appearance.
std::vector<comment_group> group_comments(const std::vector<comment_entry>& comments);

struct scan_result {
    std::string file, sheet;
    std::int64_t respondents = 0;
    std::array<pillar_result, pillar_count> pillars{};
    std::vector<department_result> departments;  // sorted by name
    std::vector<comment_entry> comments;  // views into comment_text, in row order
    std::shared_ptr<const void> comment_text;  // owns the bytes the comments view
    std::vector<std::string> warnings;
    std::optional<std::int64_t> invited;  // total invited when invitations were given
    std::vector<interview_suggestion> interviews;
    std::vector<pillar_change> changes;  // filled by compare()
    std::optional<previous_scan> previous;  // filled by compare()
    column_map columns;                // where the answers were found
    std::vector<std::string> headers;  // the header row's texts, by column
};

struct score_options {
    bool skip_invalid = false;      // invalid answers become warnings and count as not answered
    std::string mapping_file;       // explicit column mapping (JSON)
    std::string invited_file;       // invitations (.xlsx or .csv with Afdeling, Uitgenodigd)
    std::size_t max_warnings = 200; // further warnings are counted, not listed
};

// One row as cells indexed by 0-based column; nullptr or empty = empty cell.
struct row_cells {
    std::uint32_t row_number = 0;  // sheet row (xlsx) or line (csv) for messages
    const std::vector<const cell_value*>* cells = nullptr;
};

// Streaming scorer: construct with the columns, add rows, finish.
class scorer {
public:
    scorer(column_map columns, score_options options, std::string file, std::string sheet, bool csv);
    void add(const row_cells& r);
    scan_result finish();

private:
    struct state;
    std::shared_ptr<state> s_;
};

// Reads and scores a survey export (.xlsx or .csv; detected from the content).
// xlsx: the sheet named in the mapping, else a sheet named like "Antwoorden"/"Responses"/
// "Resultaten", else the first worksheet. Invitations come from options.invited_file or a sheet
// named like "Uitnodigingen"/"Invitations" in the same workbook.
scan_result score_file(const std::string& path, const score_options& options = {});

// Scores an in-memory table (first rows up to the header, then respondents). For tests and
// callers that have the cells already; `sheet` is used in cell references ("" for CSV-like).
scan_result score_table(const std::vector<std::vector<cell_value>>& rows, const score_options& options,
                        const std::string& file = "table", const std::string& sheet = "Antwoorden");

// Invitations per department: reads Afdeling + Uitgenodigd columns.
std::map<std::string, std::int64_t> read_invitations(const std::string& path);

// Adds the comparison with an earlier scan: an export scored the same way, or the JSON `kib
// score --json` printed for it.
void compare(scan_result& current, const std::string& previous_path, const score_options& options);

}  // namespace kib::maturity
