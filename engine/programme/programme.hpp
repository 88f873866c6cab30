// kib::programme — the programme workbook (KPI's, Metingen, Roadmap, Mijlpalen, Baten, Rollen,
// Risico's, Afspraken) and what kib computes from it at a reference date.
//
// Contract:
// - read_programme() finds sheets by name and columns by header, ignoring case, spaces and
//   punctuation, with English aliases (see README "Programme workbook"). Anything it cannot use —
//   a missing sheet or column, text in a number column, a measurement for an unknown KPI, a date
//   outside the programme — is a kib::error naming the sheet and cell and saying how to fix it.
//   Nothing is guessed silently.
// - Dates are kib serials (days since 1899-12-30). Programme month n (M1 = the start month)
//   runs from the first to the last day of that calendar month.
// - evaluate_kpis()/evaluate_roadmap() are pure functions of the model, the options and the date.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/programme/kpi_value.hpp"

namespace kib {

struct programme_options {
    int start_year = 2026;  // M1 is this month
    int start_month = 1;
    // Who chose the start. false: the default above, which read_programme() replaces by the
    // workbook's Programma!Start when there is one. true: the caller (--start, kib.toml), which
    // wins over the workbook.
    bool start_given = false;
    // KPI status: the shortfall against plan, as a share of the whole Start→Doel distance.
    // groen: shortfall <= green_tolerance; oranje: <= orange_tolerance; rood: beyond.
    double green_tolerance = 0.05;
    double orange_tolerance = 0.15;
    // Effort "achter": progress lags the elapsed share of its duration by more than this.
    double behind_tolerance = 0.15;
};

// ---- The model, as read from the workbook ----

// The optional sheet "Programma" (two columns Gegeven | Waarde): facts about the programme.
struct programme_facts {
    std::string name;                  // Naam ("" when absent)
    int start_year = 0, start_month = 0;  // Start: month of M1 (0 when absent)
    std::string owner;                 // Eigenaar (programme owner)
    std::string sponsor;               // Opdrachtgever
    std::string start_where;           // "Programma!B3" ("" when absent)
};

struct kpi_def {
    std::string domain;  // Mens, Proces, Systeem, Cultuur, Sectorbaten (as written in the sheet)
    std::string name;
    std::string unit;       // "%", "score", "aantal", … ("" when the column is absent)
    std::string frequency;  // "maandelijks" or "kwartaal" (default kwartaal)
    kpi_value start;
    struct target {
        int month = 0;  // programme month: 3 for M3
        kpi_value value;
    };
    std::vector<target> targets;  // in column order
    kpi_value goal;
    std::string where;  // "KPI's!B4"
    std::uint32_t row = 0;
};

struct measurement {
    double date = 0.0;  // serial
    std::string kpi;    // the KPI's name as in the KPI's sheet
    kpi_value value;
    std::string source;
    std::string where;  // "Metingen!C12" or "nieuw.csv:7"
    std::uint32_t row = 0;  // row in the programme's Metingen sheet; 0 for a measurement not (yet) in it
    // Set by merge_measurements(): it came from a file of new measurements, so `kib kpi -o`
    // writes it (into `row` when it replaced a measurement there, appended when row is 0).
    bool merged = false;
};

// Where the KPI's and Metingen sheets keep their columns (1-based; 0 = the column is absent),
// for writing kib's results back into the user's workbook.
struct programme_columns {
    std::string kpi_sheet, measurement_sheet;
    std::uint32_t start = 0, goal = 0;  // whose number formats written values take
    std::uint32_t actual = 0, measured_on = 0, status = 0, trend = 0, note = 0;
    std::vector<std::pair<int, std::uint32_t>> milestones;  // programme month → column
    std::uint32_t m_date = 0, m_kpi = 0, m_value = 0, m_source = 0;
};

struct effort {
    std::string code, name, type, domain, owner;
    int start_month = 1;  // programme month
    int duration_months = 1;
    bool continuous = false;  // "Doorlopend": runs alongside, never late
    double progress = 0.0;    // 0..1
    std::string where;
};

struct milestone {
    std::string code;  // "M3"
    int month = 0;     // programme month
    std::string description;
    std::vector<std::string> criteria;  // go/no-go criteria, one per line
    std::string status;
    std::string where;
};

struct benefit {
    std::string nr, name, domain;
    std::string priority_po, priority_vo, priority_zak;  // Hoog / Midden / Laag
    std::string owner;
    std::optional<bool> stated_explicitly, chosen_by_owner, commitment;  // empty cell = unknown
    std::string where;
};

struct role {
    std::string name, role_name, sector;
};

struct risk {
    std::string text, phase;
    double likelihood = 0.0, impact = 0.0;  // Kans, Impact (1..5)
    std::string measure, owner, status;
    std::string where;
};

struct agreement {
    std::string text, responsible;
    std::optional<double> deadline;
    std::string status, source;
    std::string where;
};

struct programme {
    std::string file;
    std::string name;  // Programma!Naam, else the file name without its extension
    programme_facts facts;
    // The options in effect: the caller's start when start_given, else Programma!Start, else the
    // default. Evaluate with these, not with the options passed to read_programme().
    programme_options options;
    std::vector<kpi_def> kpis;
    std::vector<measurement> measurements;  // as in Metingen, in sheet order
    std::vector<effort> efforts;
    std::vector<milestone> milestones;
    std::vector<benefit> benefits;
    std::vector<role> roles;
    std::vector<risk> risks;
    std::vector<agreement> agreements;
    programme_columns columns;

    const kpi_def* find_kpi(std::string_view kpi_name) const noexcept;  // tolerant match
};

// Which sheets a command reads. A sheet left out is not read at all, so a bad cell in it does
// not stop a command that does not use it (`kib roadmap` with a bad KPI value); what a command
// does read is validated in full and its errors name the cell. The Programma sheet is always read.
struct programme_parts {
    bool kpis = true;     // KPI's and Metingen
    bool roadmap = true;  // Roadmap and Mijlpalen
    bool people = true;   // Baten, Rollen and Afspraken
    bool risks = true;    // Risico's
};
// What `kib roadmap` uses (everything but KPI's and Metingen) and what the handouts use (Baten,
// Rollen, Afspraken).
constexpr programme_parts roadmap_parts{false, true, true, true};
constexpr programme_parts handout_parts{false, false, true, false};

// Reads and validates the workbook's sheets named by `parts`; the programme facts first, because
// the start month decides which dates and months the other sheets may hold.
programme read_programme(const std::string& path, const programme_options& options = {}, const programme_parts& parts = {});

// Reads new measurements (xlsx: the sheet "Metingen" or else the first sheet; csv: header
// Datum;KPI;Waarde;Bron). Validates KPI names and dates against the programme.
std::vector<measurement> read_measurements(const std::string& path, const programme& p, const programme_options& options = {});

struct merge_result {
    int added = 0, updated = 0;
};
// Same KPI and same day = the new value replaces the old one; otherwise it is appended.
merge_result merge_measurements(programme& p, const std::vector<measurement>& fresh);

// ---- Calendar ----
double month_first_day(const programme_options& o, int month);  // serial of day 1 of programme month
double month_last_day(const programme_options& o, int month);
int programme_month(const programme_options& o, double serial);  // 1 for any day of M1; <1 before
// The programme's last month: the latest milestone, KPI target or effort end, at least M18.
int last_programme_month(const programme& p);
std::string month_label(const programme_options& o, int month);   // "2026-03"
std::string dutch_date(double serial);                            // "10 augustus 2026"
std::string dutch_month(const programme_options& o, int month);   // "maart 2026"

// ---- KPI evaluation ----

struct kpi_status {
    const kpi_def* kpi = nullptr;
    int direction = 1;  // +1 higher is better, -1 lower is better (Doel < Start)
    std::optional<measurement> latest, previous;  // at or before the date
    std::optional<double> actual;  // latest on the KPI's comparison scale
    // Planned values on that scale: at the latest measurement's own date (what the status
    // judges the measurement against) and at the reference date (where the plan stands now).
    std::optional<double> plan_at_measurement, plan_at_reference;
    // groen | oranje | rood: the latest measurement's shortfall against plan_at_measurement;
    // geen meting: none, or older than the cadence allows; geen norm: no plan at its date.
    std::string status;
    // Against the previous measurement, "" when there is none. trend: beter | slechter | gelijk
    // in the KPI's direction (a falling churn is beter); movement: stijgt | daalt | gelijk, the
    // figure itself.
    std::string trend, movement;
    std::optional<double> progress;  // share of Start→Doel achieved, clamped to 0..1
    struct realised {
        int month = 0;
        kpi_value value;
        double date = 0.0;
    };
    std::vector<realised> milestones;  // latest measurement inside each milestone month
};

struct domain_progress {
    std::string domain;
    double progress = 0.0;  // mean over measured KPIs
    int measured = 0, total = 0;
};

struct kpi_report {
    double date = 0.0;
    std::vector<kpi_status> kpis;
    std::vector<domain_progress> domains;  // in order of first appearance
};

// The comparison scale of a KPI value: percentages and relative changes as fractions; an
// absolute value in a relative KPI ("3,3jr" when the targets are "+5%") as its change against
// the Start value. nullopt for non-measurements.
std::optional<double> kpi_scale_value(const kpi_def& k, const kpi_value& v);
// A value on that scale written as the programme office writes it: "61,7%", "+3,3%" (a KPI with
// relative targets), "6,25".
std::string kpi_scale_text(const kpi_def& k, double v);
// Planned value at `date`, linear between Start (day 1 of M1), the milestone targets (last day
// of their month) and Doel (taken at the last milestone, or at M18 when there is none).
std::optional<double> planned_value(const kpi_def& k, double date, const programme_options& o);
bool is_monthly(const kpi_def& k);

kpi_report evaluate_kpis(const programme& p, double date, const programme_options& o = {});
// The trend as people read it: the arrow is the figure's movement, the word says whether that is
// good in the KPI's direction ("↓ beter" for a falling churn); "–" without a previous measurement.
std::string trend_label(const kpi_status& s);

// ---- Roadmap ----

struct effort_status {
    const effort* item = nullptr;
    std::string state;  // gepland | loopt | achter | te laat | gereed
    double start = 0.0, end = 0.0;  // serials: first day of start month, last day of end month
    double expected = 0.0;          // elapsed share of the duration at the date
};

struct ownership_warning {
    std::string benefit;  // "3 Efficiëntere klantprocessen"
    std::string owner;
    std::string issue;    // geen eigenaar | niet expliciet uitgesproken | niet zelf gekozen | geen commitment | afschuiven
    std::string where;
};

struct roadmap_report {
    double date = 0.0;
    std::vector<effort_status> efforts;
    const milestone* next_milestone = nullptr;    // first milestone whose month has not ended
    std::vector<const milestone*> open_milestones;  // months ended, status not "behaald"
    std::vector<ownership_warning> ownership;
    std::vector<const risk*> risks;               // open risks, kans × impact descending
    std::vector<const agreement*> overdue;        // deadline before the date and not done
};

std::vector<ownership_warning> check_ownership(const programme& p);
roadmap_report evaluate_roadmap(const programme& p, double date, const programme_options& o = {});
// Mermaid gantt in the style of the roadmap seed: milestones first, one section per effort type.
std::string mermaid_gantt(const programme& p, double date, const programme_options& o = {});

}  // namespace kib
