#include "engine/programme/programme_cli.hpp"

#include <nlohmann/json.hpp>

#include "engine/programme/programme_update.hpp"
#include "readers/error.hpp"
#include "readers/i18n.hpp"

namespace kib {

namespace {

using json = nlohmann::ordered_json;

json opt_number(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json value_json(const kpi_value& v) {
    json j;
    j["kind"] = to_string(v.kind);
    j["value"] = v.has_figure() ? json(v.value) : json(nullptr);
    j["text"] = v.text;
    return j;
}

void pad_to(std::string& s, std::size_t width) {
    // Width in code points, so "°" and "ë" do not shift the columns.
    std::size_t cps = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++cps;
    if (cps < width) s.append(width - cps, ' ');
}

// A date as the reader of the overview writes it: "23 november 2026" in Dutch, "23 November 2026"
// in English.
std::string reader_date(double serial) {
    if (current_language() == language::nl) return dutch_date(serial);
    static const char* const months[] = {"January", "February", "March",     "April",   "May",      "June",
                                         "July",    "August",   "September", "October", "November", "December"};
    const civil_time t = serial_to_civil(serial);
    return std::to_string(t.day) + " " + months[t.month - 1] + " " + std::to_string(t.year);
}

}  // namespace

std::string normalize_date_option(const std::string& text, const std::string& option) {
    // "23-11-2026" or "23/11/2026" (as people type it, and as kib set takes it) -> "2026-11-23".
    std::string iso = text;
    if (text.size() == 10 && (text[2] == '-' || text[2] == '/') && text[5] == text[2])
        iso = text.substr(6, 4) + "-" + text.substr(3, 2) + "-" + text.substr(0, 2);
    const auto d = iso_to_serial(iso);
    if (!d || iso.size() != 10 || iso[4] != '-' || iso[7] != '-' || serial_to_iso(*d) != iso)
        throw error(error_category::bad_input, location{{}, {}, option, 0, 0}, trf("\"{}\" is not a date", {text}),
                    tr("write the date as 2026-11-23 or 23-11-2026"));
    return iso;
}

double parse_reference_date(const std::string& text, const std::string& option) {
    return *iso_to_serial(normalize_date_option(text, option));
}

std::string reference_month_warning(const programme& p, double date) {
    const int month = programme_month(p.options, date);
    const int last = last_programme_month(p);
    if (month >= 1 && month <= last) return {};
    // The dates as the reader writes them: 1 juni 2025 in Dutch, 2025-06-01 otherwise.
    const bool dutch = current_language() == language::nl;
    const std::string when = dutch ? dutch_date(date) : serial_to_iso(date);
    if (month < 1)
        return trf("the reference date {} lies before the start of the programme (M1 = {}); check --date and --start",
                   {when, dutch ? dutch_date(month_first_day(p.options, 1)) : month_label(p.options, 1)});
    return trf("the reference date {} lies after the end of the programme (M{} ends {}); its plan has no month {}; check --date "
               "and --start",
               {when, std::to_string(last), dutch ? dutch_date(month_last_day(p.options, last)) : serial_to_iso(month_last_day(p.options, last)),
                "M" + std::to_string(month)});
}

std::string reference_date_warning(const programme_command_options& c, const programme_parts& parts) {
    const double date = parse_reference_date(c.date, "--date");
    try {
        return reference_month_warning(read_programme(c.workbook, parse_programme_options(c), parts), date);
    } catch (const error&) {
        return {};  // the command itself reads the workbook and says what is wrong with it
    }
}

programme_options parse_programme_start(const std::string& start) {
    programme_options o;
    if (!start.empty()) {
        auto d = iso_to_serial(start.size() == 7 ? start + "-01" : start);
        if (!d)
            throw error(error_category::bad_input, location{{}, {}, "--start", 0, 0}, trf("\"{}\" is not a month", {start}),
                        tr("write the month of M1 as YYYY-MM, e.g. 2026-01"));
        const civil_time t = serial_to_civil(*d);
        o.start_year = t.year;
        o.start_month = t.month;
        o.start_given = true;
    }
    return o;
}

programme_options parse_programme_options(const programme_command_options& c) { return parse_programme_start(c.start); }

void run_kpi(const programme_command_options& c, std::ostream& out) {
    const double date = parse_reference_date(c.date, "--date");
    programme p = read_programme(c.workbook, parse_programme_options(c));
    const programme_options& o = p.options;
    if (const std::string w = reference_month_warning(p, date); !w.empty() && c.warnings) *c.warnings << "kib: " << trf("warning: {}", {w}) << '\n';
    merge_result merged;
    if (!c.measurements.empty()) merged = merge_measurements(p, read_measurements(c.measurements, p, o));
    const kpi_report rep = evaluate_kpis(p, date, o);
    update_summary written;
    if (!c.output.empty()) written = write_kpi_updates(p, rep, c.workbook, c.output);
    if (c.patch) {
        out << kpi_patch_json(kpi_patch(p, rep, c.workbook)) << '\n';
        return;
    }

    if (c.json) {
        json j;
        j["programme"] = p.name;
        j["date"] = serial_to_iso(date);
        j["programme_start"] = month_label(o, 1);
        j["measurements"] = {{"total", p.measurements.size()}, {"added", merged.added}, {"updated", merged.updated}};
        if (!c.output.empty())
            j["written"] = {{"file", c.output}, {"cells_changed", written.cells_changed}, {"rows_appended", written.measurements_appended}};
        json kpis = json::array();
        for (const auto& s : rep.kpis) {
            json k;
            k["domain"] = s.kpi->domain;
            k["kpi"] = s.kpi->name;
            k["frequency"] = s.kpi->frequency;
            k["direction"] = s.direction > 0 ? "higher" : "lower";
            k["start"] = value_json(s.kpi->start);
            k["goal"] = value_json(s.kpi->goal);
            k["actual"] = opt_number(s.actual);
            k["current"] = s.latest ? value_json(s.latest->value) : json(nullptr);
            k["measured_on"] = s.latest ? json(serial_to_iso(s.latest->date)) : json(nullptr);
            k["plan_at_measurement"] = opt_number(s.plan_at_measurement);
            k["plan_at_reference"] = opt_number(s.plan_at_reference);
            k["status"] = s.status;
            k["trend"] = s.trend;
            k["movement"] = s.movement;
            k["progress"] = opt_number(s.progress);
            json ms = json::array();
            for (const auto& m : s.milestones)
                ms.push_back({{"milestone", std::string("M").append(std::to_string(m.month))}, {"value", value_json(m.value)}, {"date", serial_to_iso(m.date)}});
            k["milestones_measured"] = ms;
            kpis.push_back(k);
        }
        j["kpis"] = kpis;
        json doms = json::array();
        for (const auto& d : rep.domains)
            doms.push_back({{"domain", d.domain}, {"progress", d.progress}, {"measured", d.measured}, {"kpis", d.total}});
        j["domains"] = doms;
        out << j.dump(2) << '\n';
        return;
    }

    out << trf("{} — KPI status on {} (M1 = {})", {p.name, reader_date(date), month_label(o, 1)}) << '\n';
    if (!c.measurements.empty())
        out << trf("Measurements: {} added, {} updated", {std::to_string(merged.added), std::to_string(merged.updated)}) << '\n';
    if (!c.output.empty())
        out << trf("Written: {} ({} cells changed, {} measurements added)",
                   {c.output_name.empty() ? c.output : c.output_name, std::to_string(written.cells_changed),
                    std::to_string(written.measurements_appended)})
            << '\n';
    std::string current_domain;
    for (const auto& s : rep.kpis) {
        if (s.kpi->domain != current_domain) {
            current_domain = s.kpi->domain;
            out << '\n' << current_domain << '\n';
        }
        std::string line = "  " + s.kpi->name;
        pad_to(line, 34);
        std::string actual = s.latest ? s.latest->value.display() + " (" + serial_to_iso(s.latest->date) + ")" : "-";
        pad_to(actual, 24);
        // The plan the status judged (at the measurement's date), then where the plan stands now.
        std::string plan = trf("plan {}", {s.plan_at_measurement ? kpi_scale_text(*s.kpi, *s.plan_at_measurement) : std::string("-")});
        pad_to(plan, 14);
        std::string now = trf("now {}", {s.plan_at_reference ? kpi_scale_text(*s.kpi, *s.plan_at_reference) : std::string("-")});
        pad_to(now, 12);
        std::string status = s.status;
        pad_to(status, 12);
        out << line << actual << plan << now << status << (s.trend.empty() ? "" : trend_label(s)) << '\n';
    }
    out << '\n' << tr("Progress per domain (share of Start→Goal reached)") << '\n';
    for (const auto& d : rep.domains) {
        std::string name = "  " + d.domain;
        pad_to(name, 16);
        out << name << format_dutch(d.progress * 100.0, 0) << "%  "
            << trf("({} of {} KPIs measured)", {std::to_string(d.measured), std::to_string(d.total)}) << '\n';
    }
}

void run_roadmap(const programme_command_options& c, std::ostream& out) {
    const double date = parse_reference_date(c.date, "--date");
    const programme p = read_programme(c.workbook, parse_programme_options(c), roadmap_parts);
    if (const std::string w = reference_month_warning(p, date); !w.empty() && c.warnings) *c.warnings << "kib: " << trf("warning: {}", {w}) << '\n';
    const programme_options& o = p.options;
    if (c.mermaid) {
        out << mermaid_gantt(p, date, o);
        return;
    }
    const roadmap_report rep = evaluate_roadmap(p, date, o);
    if (c.json) {
        json j;
        j["programme"] = p.name;
        j["date"] = serial_to_iso(date);
        j["programme_start"] = month_label(o, 1);
        json efforts = json::array();
        for (const auto& s : rep.efforts)
            efforts.push_back({{"code", s.item->code},
                               {"effort", s.item->name},
                               {"type", s.item->type},
                               {"start", serial_to_iso(s.start)},
                               {"end", serial_to_iso(s.end)},
                               {"progress", s.item->progress},
                               {"expected", s.expected},
                               {"state", s.state}});
        j["efforts"] = efforts;
        if (rep.next_milestone) {
            const milestone& m = *rep.next_milestone;
            j["next_milestone"] = {{"code", m.code},
                                   {"month", month_label(o, m.month)},
                                   {"description", m.description},
                                   {"criteria", m.criteria}};
        } else {
            j["next_milestone"] = nullptr;
        }
        json open = json::array();
        for (const milestone* m : rep.open_milestones)
            open.push_back({{"code", m->code}, {"month", month_label(o, m->month)}, {"description", m->description}, {"status", m->status}});
        j["open_milestones"] = open;
        json own = json::array();
        for (const auto& w : rep.ownership)
            own.push_back({{"benefit", w.benefit}, {"owner", w.owner}, {"issue", w.issue}, {"where", w.where}});
        j["ownership"] = own;
        json risks = json::array();
        for (const risk* r : rep.risks)
            risks.push_back({{"risk", r->text}, {"kans", r->likelihood}, {"impact", r->impact}, {"score", r->likelihood * r->impact},
                             {"owner", r->owner}, {"measure", r->measure}});
        j["risks"] = risks;
        json overdue = json::array();
        for (const agreement* a : rep.overdue)
            overdue.push_back({{"agreement", a->text}, {"responsible", a->responsible}, {"deadline", serial_to_iso(*a->deadline)},
                               {"status", a->status}});
        j["overdue_agreements"] = overdue;
        out << j.dump(2) << '\n';
        return;
    }
    out << trf("{} — Roadmap on {} (M1 = {})", {p.name, reader_date(date), month_label(o, 1)}) << "\n\n" << tr("Efforts") << '\n';
    for (const auto& s : rep.efforts) {
        std::string line = "  " + s.item->code;
        pad_to(line, 10);
        line += s.item->name;
        pad_to(line, 44);
        line += month_label(o, s.item->start_month) + " +" + std::to_string(s.item->duration_months) + "M";
        pad_to(line, 58);
        line += format_dutch(s.item->progress * 100.0, 0) + "%";
        pad_to(line, 64);
        out << line << s.state << '\n';
    }
    out << '\n';
    if (rep.next_milestone) {
        const milestone& m = *rep.next_milestone;
        out << trf("Next milestone: {} {} ({})", {m.code, m.description, month_label(o, m.month)}) << '\n';
        for (const auto& cr : m.criteria) out << "  - " << cr << '\n';
    } else {
        out << tr("Next milestone: none") << '\n';
    }
    for (const milestone* m : rep.open_milestones)
        out << trf("Not achieved: {} {} ({}, status {})",
                   {m->code, m->description, month_label(o, m->month), m->status.empty() ? tr("empty") : m->status})
            << '\n';
    out << '\n' << tr("Benefit ownership") << '\n';
    if (rep.ownership.empty()) out << "  " << tr("no warnings") << '\n';
    for (const auto& w : rep.ownership)
        out << "  " << w.benefit << ": " << w.issue << (w.owner.empty() ? "" : " (" + w.owner + ")") << '\n';
    out << '\n' << tr("Risks (likelihood × impact)") << '\n';
    for (const risk* r : rep.risks)
        out << "  " << format_dutch(r->likelihood * r->impact, 1) << "  " << r->text << (r->owner.empty() ? "" : " — " + r->owner)
            << '\n';
    out << '\n' << tr("Agreements past their deadline") << '\n';
    if (rep.overdue.empty()) out << "  " << tr("none") << '\n';
    for (const agreement* a : rep.overdue)
        out << "  " << reader_date(*a->deadline) << "  " << a->text << (a->responsible.empty() ? "" : " — " + a->responsible)
            << '\n';
}

}  // namespace kib
