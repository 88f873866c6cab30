// Reading the programme workbook into kib::programme. The layout is documented in README.md,
// section "Programme workbook"; the column names and aliases below are that layout.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include "engine/programme/programme.hpp"
#include "engine/programme/sheet_table.hpp"
#include "readers/csv.hpp"
#include "readers/i18n.hpp"

namespace kib {

using detail::column_spec;
using detail::fold_name;
using detail::sheet_spec;
using detail::sheet_table;

namespace {

const sheet_spec kpi_sheet{"KPI's",
                           {"KPIs", "KPI", "Indicatoren"},
                           {{"Domein", {"Domain", "Pijler"}, false},
                            {"KPI", {"Indicator", "Naam"}, true},
                            {"Eenheid", {"Unit"}, false},
                            {"Frequentie", {"Frequency", "Cadans", "Meetfrequentie"}, false},
                            {"Start", {"Baseline", "Nulmeting"}, true},
                            {"Doel", {"Target", "Goal"}, true},
                            {"Actueel", {"Current", "Actual"}, false},
                            {"Datum meting", {"Measured on", "Measurement date", "Meetdatum"}, false},
                            {"Status", {}, false},
                            {"Trend", {}, false},
                            {"Toelichting", {"Note", "Comment", "Opmerking"}, false}}};

const sheet_spec measurement_sheet{"Metingen",
                                   {"Measurements", "Meting"},
                                   {{"Datum", {"Date", "Meetdatum"}, true},
                                    {"KPI", {"Indicator"}, true},
                                    {"Waarde", {"Value", "Meting"}, true},
                                    {"Bron", {"Source"}, false}}};

const sheet_spec roadmap_sheet{"Roadmap",
                               {"Planning", "Inspanningen", "Efforts"},
                               {{"Code", {"Id"}, true},
                                {"Inspanning", {"Effort", "Naam", "Omschrijving"}, true},
                                {"Type", {"Soort"}, false},
                                {"Domein", {"Domain"}, false},
                                {"Start", {"Begin", "Startmaand"}, true},
                                {"Duur (mnd)", {"Duur", "Duration", "Duration (months)", "Maanden"}, true},
                                {"Doorlopend", {"Continuous", "Ongoing"}, false},
                                {"Eigenaar", {"Owner", "Inspanningsleider"}, false},
                                {"Voortgang", {"Progress", "Gereed"}, false}}};

const sheet_spec milestone_sheet{"Mijlpalen",
                                 {"Milestones", "Mijlpaal"},
                                 {{"Code", {"Moment", "Id"}, true},
                                  {"Maand", {"Month", "Datum"}, true},
                                  {"Omschrijving", {"Description", "Naam"}, false},
                                  {"Criteria", {"Go/no-go criteria", "Go-no-go", "Criteria go/no-go"}, false},
                                  {"Status", {}, false}}};

const sheet_spec benefit_sheet{"Baten",
                               {"Benefits", "Batenstructuur"},
                               {{"Nr", {"Nummer", "No", "#"}, false},
                                {"Baat", {"Benefit", "Naam"}, true},
                                {"Domein", {"Domain"}, false},
                                {"Prioriteit PO", {"PO", "Priority PO"}, false},
                                {"Prioriteit VO", {"VO", "Priority VO"}, false},
                                {"Prioriteit ZAK", {"ZAK", "Prioriteit Zakelijk", "Zakelijk", "Priority ZAK"}, false},
                                {"Baateigenaar", {"Eigenaar", "Owner", "Benefit owner"}, true},
                                {"Expliciet uitgesproken", {"Expliciet", "Stated explicitly", "Explicit"}, false},
                                {"Zelf gekozen", {"Chosen", "Chosen by owner", "Zelfgekozen"}, false},
                                {"Commitment", {"Committed"}, false}}};

const sheet_spec role_sheet{"Rollen",
                            {"Roles", "Rolverdeling"},
                            {{"Naam", {"Name"}, true},
                             {"Rol", {"Role", "Functie"}, true},
                             {"Sector/Domein", {"Sector", "Domein", "Domain"}, false}}};

const sheet_spec risk_sheet{"Risico's",
                            {"Risicos", "Risks", "Risicolog"},
                            {{"Risico", {"Risk", "Omschrijving"}, true},
                             {"Fase", {"Phase"}, false},
                             {"Kans", {"Likelihood", "Probability"}, true},
                             {"Impact", {"Gevolg"}, true},
                             {"Maatregel", {"Measure", "Mitigation", "Beheersmaatregel"}, false},
                             {"Eigenaar", {"Owner"}, false},
                             {"Status", {}, false}}};

const sheet_spec agreement_sheet{"Afspraken",
                                 {"Agreements", "Actiepunten", "Actions"},
                                 {{"Afspraak", {"Agreement", "Actie", "Action"}, true},
                                  {"Verantwoordelijke", {"Responsible", "Eigenaar", "Owner"}, false},
                                  {"Deadline", {"Datum", "Due", "Due date"}, false},
                                  {"Status", {}, false},
                                  {"Bron", {"Source"}, false}}};

// Optional: facts about the programme, one per row.
const sheet_spec facts_sheet{"Programma",
                             {"Programme", "Program", "Programmagegevens", "Gegevens"},
                             {{"Gegeven", {"Item", "Veld", "Field", "Fact", "Eigenschap"}, true},
                              {"Waarde", {"Value"}, true}}};

const char* const value_hint =
    N_("write a figure (6,0 or 6.0), a percentage (10%), a change against the baseline (+5%), a duration (3jr), "
       "a threshold (50+), or n.m. / ontw. / pilot");

std::string title_case(std::string_view s) {
    std::string out(s);
    bool first = true;
    for (char& c : out) {
        if (first && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        else if (!first && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        first = false;
    }
    return out;
}

std::string raw_text(const cell_value& v) { return v.type == cell_type::text ? v.text : v.to_display(); }

kpi_value read_kpi_cell(const sheet_table& t, const row& r, std::uint32_t col, bool percent_unit) {
    const cell_value* v = sheet_table::get(r, col);
    if (!v) return {};
    auto parsed = kpi_value_from_cell(*v, percent_unit);
    if (!parsed) t.fail_at(col, r.index, trf("\"{}\" is not a number", {raw_text(*v)}), value_hint);
    return *parsed;
}

bool is_relative_kpi(const kpi_def& k) {
    if (k.goal.kind == kpi_kind::relative) return true;
    for (const auto& t : k.targets)
        if (t.value.kind == kpi_kind::relative) return true;
    return false;
}

// Month of a Roadmap start or a Mijlpalen month: a date, "2026-04", "M4" or a month number.
int read_month(const sheet_table& t, const row& r, std::string_view key, const programme_options& o) {
    const cell_value* v = t.get(r, key);
    if (!v) t.fail(r, key, trf("\"{}\" is empty", {std::string(key)}), tr("write a month: M4, 4, 2026-04 or a date"));
    int month = 0;
    bool ok = false;
    if (v->type == cell_type::date || (v->type == cell_type::number && v->number > 20000)) {
        month = programme_month(o, v->number);
        ok = true;
    } else if (v->type == cell_type::number && v->number == std::floor(v->number) && v->number >= -1000 &&
               v->number <= 1000) {
        month = static_cast<int>(v->number);
        ok = true;
    } else if (v->type == cell_type::text) {
        std::string s = fold_name(v->text);
        if (!s.empty() && s[0] == 'm') s.erase(0, 1);
        if (v->text.size() == 7 && v->text[4] == '-') {
            if (auto d = iso_to_serial(v->text + "-01")) {
                month = programme_month(o, *d);
                ok = true;
            }
        } else if (auto n = detail::parse_number_text(s); n && *n == std::floor(*n) && s.size() <= 4) {
            month = static_cast<int>(*n);
            ok = true;
        } else if (auto d = detail::parse_date_text(v->text)) {
            month = programme_month(o, *d);
            ok = true;
        }
    }
    if (!ok) t.fail(r, key, trf("\"{}\" is not a month", {raw_text(*v)}), tr("write a month: M4, 4, 2026-04 or a date"));
    if (month < 1)
        t.fail(r, key, trf("\"{}\" lies before the programme start ({})", {raw_text(*v), month_label(o, 1)}),
               tr("use a month from M1 on, or start the programme earlier (Start on the Programma sheet, or --start)"));
    return month;
}

std::vector<kpi_def> read_kpis(const workbook& wb, const std::string& file, programme_columns& cols) {
    const sheet_table t = sheet_table::open(wb, file, kpi_sheet);
    cols.kpi_sheet = t.sheet();
    cols.start = t.column("Start");
    cols.goal = t.column("Doel");
    cols.actual = t.column("Actueel");
    cols.measured_on = t.column("Datum meting");
    cols.status = t.column("Status");
    cols.trend = t.column("Trend");
    cols.note = t.column("Toelichting");
    // Milestone target columns: every header "M<n>".
    std::vector<std::pair<std::uint32_t, int>> milestone_cols;
    for (const auto& [col, text] : t.headers()) {
        const std::string f = fold_name(text);
        if (f.size() >= 2 && f.size() <= 4 && f[0] == 'm' && std::all_of(f.begin() + 1, f.end(), [](char c) { return c >= '0' && c <= '9'; }))
            milestone_cols.emplace_back(col, std::stoi(f.substr(1)));
    }
    for (const auto& [col, month] : milestone_cols) cols.milestones.emplace_back(month, col);
    std::vector<kpi_def> out;
    std::set<std::string> seen;
    std::string section;
    for (const row& r : t.rows()) {
        int filled = 0;
        for (const auto& c : r.cells)
            if (!c.value.empty()) ++filled;
        if (filled == 0) continue;
        const std::string name = t.text(r, "KPI");
        const std::string dom = t.text(r, "Domein");
        // A section-header row ("MENS" alone on a row) sets the domain of the rows below it.
        if (filled == 1 && r.cells.size() >= 1) {
            const cell& only = *std::find_if(r.cells.begin(), r.cells.end(), [](const cell& c) { return !c.value.empty(); });
            const std::string f = fold_name(only.value.type == cell_type::text ? only.value.text : "");
            const bool shouted = std::none_of(only.value.text.begin(), only.value.text.end(), [](char c) { return c >= 'a' && c <= 'z'; });
            if (only.value.type == cell_type::text &&
                (shouted || f == "mens" || f == "proces" || f == "systeem" || f == "cultuur" || f == "sectorbaten")) {
                section = title_case(detail::fold_name(only.value.text) == "sectorbaten" ? "Sectorbaten" : only.value.text);
                continue;
            }
        }
        if (name.empty()) t.fail(r, "KPI", tr("the KPI has no name"), tr("fill in the KPI's name or clear the row"));
        kpi_def k;
        k.name = name;
        k.domain = dom.empty() ? section : dom;
        if (k.domain.empty())
            t.fail(r, "KPI", trf("KPI \"{}\" has no domain", {name}),
                   tr("fill in the Domein column or put a section row such as MENS above it"));
        k.unit = t.text(r, "Eenheid");
        const std::string freq = fold_name(t.text(r, "Frequentie"));
        if (freq.empty() || freq == "kwartaal" || freq == "perkwartaal" || freq == "quarterly" || freq == "q" ||
            freq == "kw")
            k.frequency = "kwartaal";
        else if (freq == "maandelijks" || freq == "maand" || freq == "permaand" || freq == "monthly" || freq == "m")
            k.frequency = "maandelijks";
        else
            t.fail(r, "Frequentie", trf("\"{}\" is not a measurement frequency", {t.text(r, "Frequentie")}),
                   tr("write maandelijks or kwartaal"));
        // Unit "%" makes plain number cells fractions; without a unit column, a "%" in the row's texts decides.
        bool percent = false;
        const std::string fu = fold_name(k.unit);
        if (fu == "%" || fu == "procent" || fu == "percentage" || fu == "percent") percent = true;
        else if (!t.has("Eenheid")) {
            for (const auto& c : r.cells)
                if (c.value.type == cell_type::text)
                    if (auto pv = parse_kpi_value(c.value.text); pv && pv->kind == kpi_kind::percent) percent = true;
        }
        k.start = read_kpi_cell(t, r, t.column("Start"), percent);
        for (const auto& [col, month] : milestone_cols) k.targets.push_back({month, read_kpi_cell(t, r, col, percent)});
        k.goal = read_kpi_cell(t, r, t.column("Doel"), percent);
        if (!k.goal.has_figure() || k.goal.kind == kpi_kind::baseline)
            t.fail(r, "Doel", trf("KPI \"{}\" has no target figure (\"{}\")", {name, k.goal.text}),
                   tr("the Doel column needs a figure such as 80%, 7,5, +30% or 50+"));
        if (is_relative_kpi(k) && k.start.kind != kpi_kind::baseline && k.start.kind != kpi_kind::relative &&
            !(k.start.has_figure() && k.start.value != 0.0))
            t.fail(r, "Start", trf("KPI \"{}\" has relative targets but Start \"{}\" is no base", {name, k.start.text}),
                   tr("write base, or the absolute baseline such as 3jr, in Start"));
        k.where = t.ref(r, "KPI");
        k.row = r.index;
        if (!seen.insert(fold_name(name)).second)
            t.fail(r, "KPI", trf("KPI \"{}\" appears twice", {name}), tr("give every KPI a unique name"));
        out.push_back(std::move(k));
    }
    if (out.empty())
        throw error(error_category::bad_input, location{file, {}, t.sheet() + "!A" + std::to_string(t.header_row() + 1), 0, 0},
                    tr("the sheet has no KPIs"), tr("add one KPI per row below the header"));
    return out;
}

}  // namespace

// Programme months a measurement may fall in: M1 up to the last milestone, KPI target or effort.
int last_programme_month(const programme& p) {
    int last = 18;
    for (const auto& m : p.milestones) last = std::max(last, m.month);
    for (const auto& k : p.kpis)
        for (const auto& t : k.targets) last = std::max(last, t.month);
    for (const auto& e : p.efforts) last = std::max(last, e.start_month + e.duration_months - 1);
    return last;
}

namespace {

// One measurement from a row of a Metingen table that is not empty; `last` is the programme's last month.
measurement read_measurement_row(const sheet_table& t, const row& r, const programme& p, const programme_options& o, int last) {
    measurement m;
    m.date = *t.date(r, "Datum", true);
    const int month = programme_month(o, m.date);
    if (month < 1 || month > last)
        t.fail(r, "Datum", trf("the date {} lies outside the programme ({} to {})", {serial_to_iso(m.date), serial_to_iso(month_first_day(o, 1)), serial_to_iso(month_last_day(o, last))}),
               trf("correct the date, or set the programme start (Start on the Programma sheet, or --start) if M1 is not {}", {month_label(o, 1)}));
    const std::string name = t.text(r, "KPI");
    const kpi_def* k = p.find_kpi(name);
    if (!k) {
        std::string list;
        for (const auto& kk : p.kpis) list += (list.empty() ? "" : "; ") + kk.name;
        t.fail(r, "KPI", trf("there is no KPI \"{}\" in the KPI's sheet", {name}),
               trf("use one of the KPI names: {}", {list}));
    }
    m.kpi = k->name;
    const cell_value* v = t.get(r, "Waarde");
    if (!v) t.fail(r, "Waarde", tr("the measurement has no value"), tr("fill in the measured value or delete the row"));
    const std::string fu = fold_name(k->unit);
    bool percent = fu == "%" || fu == "procent" || fu == "percentage" || fu == "percent";
    if (k->unit.empty() && (k->start.kind == kpi_kind::percent || k->goal.kind == kpi_kind::percent)) percent = true;
    auto parsed = kpi_value_from_cell(*v, percent);
    if (!parsed) t.fail(r, "Waarde", trf("\"{}\" is not a number", {raw_text(*v)}), value_hint);
    m.value = *parsed;
    if (m.value.has_figure() && !kpi_scale_value(*k, m.value))
        t.fail(r, "Waarde",
               trf("\"{}\" cannot be compared with the targets of \"{}\" ({})", {m.value.text, k->name, k->goal.display()}),
               tr("write a change against the baseline such as +4%"));
    m.source = t.text(r, "Bron");
    m.where = t.ref(r, "Waarde");
    m.row = r.index;
    return m;
}

std::vector<measurement> read_measurement_rows(const sheet_table& t, const programme& p, const programme_options& o) {
    std::vector<measurement> out;
    const int last = last_programme_month(p);
    for (const row& r : t.rows())
        if (!t.row_empty(r)) out.push_back(read_measurement_row(t, r, p, o, last));
    return out;
}

// The measurements of a workbook's sheet, streamed: the rows are not kept.
std::vector<measurement> stream_measurement_rows(const workbook& wb, const std::string& file, const sheet_spec& spec,
                                                 const programme& p, const programme_options& o, sheet_table* table = nullptr) {
    std::vector<measurement> out;
    const int last = last_programme_month(p);
    sheet_table t = sheet_table::stream(wb, file, spec, [&](const sheet_table& st, const row& r) {
        if (!st.row_empty(r)) out.push_back(read_measurement_row(st, r, p, o, last));
    });
    if (table) *table = std::move(t);
    return out;
}

// fn(t, r) for every row below the header of the sheet with a value in a recognised column.
template <typename Fn>
void for_each_record(const workbook& wb, const std::string& file, const sheet_spec& spec, Fn fn) {
    const sheet_table t = sheet_table::open(wb, file, spec);
    for (const row& r : t.rows())
        if (!t.row_empty(r)) fn(t, r);
}

programme_facts read_facts(const workbook& wb, const std::string& file) {
    programme_facts f;
    if (!sheet_table::find(wb, facts_sheet)) return f;
    const char* const known_hint = N_("use Naam, Start, Eigenaar or Opdrachtgever in the Gegeven column");
    std::set<std::string> seen;
    for_each_record(wb, file, facts_sheet, [&](const sheet_table& t, const row& r) {
        const std::string key_text = t.text(r, "Gegeven");
        const std::string key = fold_name(key_text);
        if (key.empty()) t.fail(r, "Gegeven", tr("the value has no name in the Gegeven column"), known_hint);
        std::string field;
        if (key == "naam" || key == "name" || key == "programma" || key == "programmanaam" || key == "programme" ||
            key == "programmename")
            field = "naam";
        else if (key == "start" || key == "startmaand" || key == "m1" || key == "begin" || key == "startmonth")
            field = "start";
        else if (key == "eigenaar" || key == "programmaeigenaar" || key == "owner" || key == "programmeowner")
            field = "eigenaar";
        else if (key == "opdrachtgever" || key == "sponsor")
            field = "opdrachtgever";
        else
            t.fail(r, "Gegeven", trf("\"{}\" is not a programme fact kib knows", {key_text}), known_hint);
        if (!seen.insert(field).second)
            t.fail(r, "Gegeven", trf("\"{}\" appears twice", {key_text}), tr("keep one row per fact"));
        if (field == "naam") f.name = t.text(r, "Waarde");
        else if (field == "eigenaar") f.owner = t.text(r, "Waarde");
        else if (field == "opdrachtgever") f.sponsor = t.text(r, "Waarde");
        else if (const cell_value* v = t.get(r, "Waarde")) {
            // A date cell (any day of the month), or text: 2026-01, 01-2026, januari 2026.
            std::optional<double> first;
            if (v->type == cell_type::date || (v->type == cell_type::number && v->number > 20000 && v->number < 80000))
                first = v->number;
            else if (v->type == cell_type::text)
                first = detail::parse_month_text(v->text);
            if (!first)
                t.fail(r, "Waarde", trf("\"{}\" is not a date", {raw_text(*v)}),
                       tr("write the month of M1 as 2026-01, januari 2026 or a date such as 1-1-2026"));
            const civil_time c = serial_to_civil(*first);
            f.start_year = c.year;
            f.start_month = c.month;
            f.start_where = t.ref(r, "Waarde");
        }
    });
    return f;
}

}  // namespace

const kpi_def* programme::find_kpi(std::string_view kpi_name) const noexcept {
    const std::string want = fold_name(kpi_name);
    for (const auto& k : kpis)
        if (fold_name(k.name) == want) return &k;
    return nullptr;
}

programme read_programme(const std::string& path, const programme_options& given, const programme_parts& parts) {
    const workbook wb = workbook::open(path);
    programme p;
    p.file = path;
    p.facts = read_facts(wb, path);
    p.name = p.facts.name.empty() ? std::filesystem::path(path).stem().string() : p.facts.name;
    // The start month: the caller's (--start) over the workbook's over the default.
    p.options = given;
    if (!given.start_given && p.facts.start_year != 0) {
        p.options.start_year = p.facts.start_year;
        p.options.start_month = p.facts.start_month;
    }
    const programme_options& o = p.options;
    if (parts.kpis) p.kpis = read_kpis(wb, path, p.columns);

    if (parts.roadmap) for_each_record(wb, path, roadmap_sheet, [&](const sheet_table& t, const row& r) {
        effort e;
        e.code = t.text(r, "Code");
        e.name = t.text(r, "Inspanning");
        if (e.code.empty()) t.fail(r, "Code", tr("the effort has no code"), tr("give it a code such as PRJ-01"));
        if (e.name.empty()) t.fail(r, "Inspanning", trf("effort {} has no name", {e.code}), tr("fill in its name"));
        e.type = t.text(r, "Type");
        e.domain = t.text(r, "Domein");
        e.owner = t.text(r, "Eigenaar");
        e.start_month = read_month(t, r, "Start", o);
        const double d = *t.number(r, "Duur (mnd)", true);
        if (d < 1 || d != std::floor(d) || d > 240)
            t.fail(r, "Duur (mnd)", trf("\"{}\" is not a whole number of months", {format_number(d)}),
                   tr("write the duration in whole months, at least 1"));
        e.duration_months = static_cast<int>(d);
        e.continuous = t.yes_no(r, "Doorlopend").value_or(false);
        if (const cell_value* v = t.get(r, "Voortgang")) {
            std::optional<double> pr;
            if (v->type == cell_type::number) pr = v->number > 1.0 ? v->number / 100.0 : v->number;
            else if (v->type == cell_type::text) {
                auto pv = parse_kpi_value(v->text);
                if (pv && pv->kind == kpi_kind::percent) pr = pv->value;
                else if (pv && pv->kind == kpi_kind::number) pr = pv->value > 1.0 ? pv->value / 100.0 : pv->value;
            }
            if (!pr || *pr < 0.0 || *pr > 1.0)
                t.fail(r, "Voortgang", trf("\"{}\" is not a progress percentage", {raw_text(*v)}),
                       tr("write a percentage from 0% to 100%"));
            e.progress = *pr;
        }
        e.where = t.ref(r, "Code");
        p.efforts.push_back(std::move(e));
    });
    if (parts.roadmap) for_each_record(wb, path, milestone_sheet, [&](const sheet_table& t, const row& r) {
        milestone m;
        m.code = t.text(r, "Code");
        if (m.code.empty()) t.fail(r, "Code", tr("the milestone has no code"), tr("write a code such as M3"));
        m.month = read_month(t, r, "Maand", o);
        m.description = t.text(r, "Omschrijving");
        m.status = t.text(r, "Status");
        const std::string crit = t.text(r, "Criteria");
        std::size_t pos = 0;
        while (pos <= crit.size()) {
            std::size_t nl = crit.find_first_of("\n;", pos);
            if (nl == std::string::npos) nl = crit.size();
            std::string_view line(crit.data() + pos, nl - pos);
            while (!line.empty() && (line.front() == ' ' || line.front() == '-' || line.front() == '*' || line.front() == '\r'))
                line.remove_prefix(1);
            if (line.substr(0, 3) == "\xE2\x80\xA2") line.remove_prefix(3);  // bullet •
            while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
            while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
            if (!line.empty()) m.criteria.emplace_back(line);
            pos = nl + 1;
        }
        m.where = t.ref(r, "Code");
        p.milestones.push_back(std::move(m));
    });
    std::stable_sort(p.milestones.begin(), p.milestones.end(),
                     [](const milestone& a, const milestone& b) { return a.month < b.month; });
    if (parts.people) for_each_record(wb, path, benefit_sheet, [&](const sheet_table& t, const row& r) {
        benefit b;
        b.nr = t.text(r, "Nr");
        b.name = t.text(r, "Baat");
        if (b.name.empty()) t.fail(r, "Baat", tr("the benefit has no name"), tr("fill in the benefit"));
        b.domain = t.text(r, "Domein");
        b.priority_po = t.text(r, "Prioriteit PO");
        b.priority_vo = t.text(r, "Prioriteit VO");
        b.priority_zak = t.text(r, "Prioriteit ZAK");
        for (const char* key : {"Prioriteit PO", "Prioriteit VO", "Prioriteit ZAK"}) {
            const std::string f = fold_name(t.text(r, key));
            if (!f.empty() && f != "hoog" && f != "midden" && f != "laag" && f != "high" && f != "medium" && f != "low")
                t.fail(r, key, trf("\"{}\" is not a priority", {t.text(r, key)}), tr("write Hoog, Midden or Laag"));
        }
        b.owner = t.text(r, "Baateigenaar");
        b.stated_explicitly = t.yes_no(r, "Expliciet uitgesproken");
        b.chosen_by_owner = t.yes_no(r, "Zelf gekozen");
        b.commitment = t.yes_no(r, "Commitment");
        b.where = t.ref(r, "Baat");
        p.benefits.push_back(std::move(b));
    });
    if (parts.people) for_each_record(wb, path, role_sheet, [&](const sheet_table& t, const row& r) {
        p.roles.push_back({t.text(r, "Naam"), t.text(r, "Rol"), t.text(r, "Sector/Domein")});
    });
    if (parts.risks) for_each_record(wb, path, risk_sheet, [&](const sheet_table& t, const row& r) {
        risk k;
        k.text = t.text(r, "Risico");
        k.phase = t.text(r, "Fase");
        k.likelihood = *t.number(r, "Kans", true);
        k.impact = *t.number(r, "Impact", true);
        for (auto [key, v] : {std::pair{"Kans", k.likelihood}, std::pair{"Impact", k.impact}})
            if (v < 1 || v > 5) t.fail(r, key, trf("\"{}\" is outside the scale 1-5", {format_number(v)}), tr("score 1 (laag) to 5 (hoog)"));
        k.measure = t.text(r, "Maatregel");
        k.owner = t.text(r, "Eigenaar");
        k.status = t.text(r, "Status");
        k.where = t.ref(r, "Risico");
        p.risks.push_back(std::move(k));
    });
    if (parts.people) for_each_record(wb, path, agreement_sheet, [&](const sheet_table& t, const row& r) {
        agreement a;
        a.text = t.text(r, "Afspraak");
        a.responsible = t.text(r, "Verantwoordelijke");
        a.deadline = t.date(r, "Deadline", false);
        a.status = t.text(r, "Status");
        a.source = t.text(r, "Bron");
        a.where = t.ref(r, "Afspraak");
        p.agreements.push_back(std::move(a));
    });
    // Metingen last: its checks need the KPIs and the programme's length.
    if (!parts.kpis) return p;
    sheet_table mt;
    p.measurements = stream_measurement_rows(wb, path, measurement_sheet, p, o, &mt);
    p.columns.measurement_sheet = mt.sheet();
    p.columns.m_date = mt.column("Datum");
    p.columns.m_kpi = mt.column("KPI");
    p.columns.m_value = mt.column("Waarde");
    p.columns.m_source = mt.column("Bron");
    return p;
}

namespace {
std::vector<measurement> not_in_workbook(std::vector<measurement> v) {
    for (auto& m : v) m.row = 0;
    return v;
}
}  // namespace

std::vector<measurement> read_measurements(const std::string& path, const programme& p, const programme_options& o) {
    std::string ext;
    if (auto dot = path.rfind('.'); dot != std::string::npos) ext = fold_name(path.substr(dot));
    if (ext == "csv" || ext == "txt") {
        const csv_table csv = read_csv(path);
        std::vector<row> rows;
        for (std::size_t i = 0; i < csv.rows.size(); ++i) {
            row r;
            r.index = static_cast<std::uint32_t>(csv.lines[i]);
            for (std::size_t c = 0; c < csv.rows[i].size(); ++c) {
                if (csv.rows[i][c].empty()) continue;
                cell cl;
                cl.row = r.index;
                cl.col = static_cast<std::uint32_t>(c + 1);
                cl.value = cell_value::make_text(csv.rows[i][c]);
                r.cells.push_back(std::move(cl));
            }
            if (!r.cells.empty()) rows.push_back(std::move(r));
        }
        return not_in_workbook(read_measurement_rows(sheet_table::from_rows(std::move(rows), path, path, measurement_sheet), p, o));
    }
    const workbook wb = workbook::open(path);
    // A file of new measurements: the sheet "Metingen" when there is one, else the first worksheet.
    for (const auto& s : wb.sheets())
        if (s.kind == "worksheet" && fold_name(s.name) == "metingen")
            return not_in_workbook(stream_measurement_rows(wb, path, measurement_sheet, p, o));
    for (const auto& s : wb.sheets()) {
        if (s.kind != "worksheet") continue;
        sheet_spec first = measurement_sheet;
        first.name = s.name;
        first.aliases.clear();
        return not_in_workbook(stream_measurement_rows(wb, path, first, p, o));
    }
    throw error(error_category::bad_input, location{path, wb.workbook_part(), {}, 0, 0}, tr("the workbook has no worksheet"),
                tr("put the measurements (Datum, KPI, Waarde, Bron) on a sheet"));
}

merge_result merge_measurements(programme& p, const std::vector<measurement>& fresh) {
    merge_result res;
    for (const auto& m : fresh) {
        auto it = std::find_if(p.measurements.begin(), p.measurements.end(), [&](const measurement& old) {
            return old.kpi == m.kpi && std::floor(old.date) == std::floor(m.date);
        });
        if (it != p.measurements.end()) {
            const std::uint32_t row = it->row;  // the update lands in the existing row
            *it = m;
            it->row = row;
            it->merged = true;
            ++res.updated;
        } else {
            p.measurements.push_back(m);
            p.measurements.back().merged = true;
            ++res.added;
        }
    }
    return res;
}

}  // namespace kib
