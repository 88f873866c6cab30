// What kib computes from the programme model at a reference date: KPI plan, status, trend and
// domain progress; effort states, the next milestone, ownership warnings, risks, overdue
// agreements; the Mermaid gantt.
#include <algorithm>
#include <cmath>
#include <map>

#include "engine/programme/programme.hpp"
#include "engine/programme/sheet_table.hpp"

namespace kib {

using detail::fold_name;

namespace {

constexpr double eps = 1e-9;

int absolute_month(double serial) {
    const civil_time t = serial_to_civil(serial);
    return t.year * 12 + (t.month - 1);
}

bool is_relative(const kpi_def& k) {
    if (k.goal.kind == kpi_kind::relative) return true;
    for (const auto& t : k.targets)
        if (t.value.kind == kpi_kind::relative) return true;
    return false;
}

struct anchor {
    double date;
    double value;
};

int goal_month(const kpi_def& k) {
    int m = 0;
    for (const auto& t : k.targets) m = std::max(m, t.month);
    return m == 0 ? 18 : m;
}

std::vector<anchor> anchors(const kpi_def& k, const programme_options& o) {
    std::vector<anchor> a;
    if (auto s = kpi_scale_value(k, k.start)) a.push_back({month_first_day(o, 1), *s});
    for (const auto& t : k.targets)
        if (auto v = kpi_scale_value(k, t.value)) a.push_back({month_last_day(o, t.month), *v});
    if (auto g = kpi_scale_value(k, k.goal)) {
        const double d = month_last_day(o, goal_month(k));
        if (a.empty() || a.back().date < d) a.push_back({d, *g});
    }
    std::stable_sort(a.begin(), a.end(), [](const anchor& x, const anchor& y) { return x.date < y.date; });
    return a;
}

// The value progress is measured from: Start, or the first planned figure when Start was not measured.
std::optional<double> base_value(const kpi_def& k, const programme_options& o) {
    if (auto s = kpi_scale_value(k, k.start)) return s;
    const auto a = anchors(k, o);
    if (a.empty()) return std::nullopt;
    return a.front().value;
}

bool done_status(const std::string& s) {
    const std::string f = fold_name(s);
    return f == "gereed" || f == "afgerond" || f == "done" || f == "klaar" || f == "ja" || f == "gesloten" ||
           f == "closed" || f == "behaald" || f == "vervallen";
}

std::string mermaid_text(std::string s) {
    // ':' and '#' and ';' end or break a Mermaid task name.
    for (char& c : s)
        if (c == ':' || c == '#' || c == ';') c = ' ';
    return s;
}

std::string mermaid_id(const std::string& code) {
    std::string id;
    for (char c : code) {
        if (c >= 'A' && c <= 'Z') id += static_cast<char>(c - 'A' + 'a');
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) id += c;
    }
    return id.empty() ? "t" : id;
}

}  // namespace

double month_first_day(const programme_options& o, int month) {
    const int index = o.start_year * 12 + (o.start_month - 1) + (month - 1);
    civil_time t;
    t.year = index / 12;
    t.month = index % 12 + 1;
    t.day = 1;
    return civil_to_serial(t);
}

double month_last_day(const programme_options& o, int month) { return month_first_day(o, month + 1) - 1.0; }

int programme_month(const programme_options& o, double serial) {
    return absolute_month(serial) - (o.start_year * 12 + (o.start_month - 1)) + 1;
}

std::string month_label(const programme_options& o, int month) { return serial_to_iso(month_first_day(o, month)).substr(0, 7); }

namespace {
const char* const dutch_month_names[12] = {"januari", "februari", "maart",     "april",   "mei",      "juni",
                                           "juli",    "augustus", "september", "oktober", "november", "december"};
}  // namespace

std::string dutch_date(double serial) {
    const civil_time t = serial_to_civil(serial);
    return std::to_string(t.day) + " " + dutch_month_names[t.month - 1] + " " + std::to_string(t.year);
}

std::string dutch_month(const programme_options& o, int month) {
    const civil_time t = serial_to_civil(month_first_day(o, month));
    return std::string(dutch_month_names[t.month - 1]) + " " + std::to_string(t.year);
}

std::string kpi_scale_text(const kpi_def& k, double v) {
    bool fraction = false;
    for (const kpi_value* x : {&k.start, &k.goal})
        if (x->kind == kpi_kind::percent || x->kind == kpi_kind::relative || x->kind == kpi_kind::baseline) fraction = true;
    for (const auto& t : k.targets)
        if (t.value.kind == kpi_kind::percent || t.value.kind == kpi_kind::relative) fraction = true;
    if (!fraction) return format_dutch(v, 2, 1);
    std::string out = k.goal.kind == kpi_kind::relative && v >= 0 ? "+" : "";
    return out.append(format_dutch(v * 100.0, 1)).append("%");
}

bool is_monthly(const kpi_def& k) { return k.frequency == "maandelijks"; }

std::string trend_label(const kpi_status& s) {
    if (s.trend.empty()) return "–";
    const char* arrow = s.movement == "stijgt" ? "↑" : s.movement == "daalt" ? "↓" : "→";
    return std::string(arrow) + " " + s.trend;
}

std::optional<double> kpi_scale_value(const kpi_def& k, const kpi_value& v) {
    if (!v.has_figure()) return std::nullopt;
    if (is_relative(k)) {
        switch (v.kind) {
            case kpi_kind::relative:
            case kpi_kind::percent: return v.value;
            case kpi_kind::baseline: return 0.0;
            default:
                // An absolute figure ("3,3jr") against an absolute Start ("3jr"): Start itself is 0.
                if (k.start.has_figure() && k.start.kind != kpi_kind::baseline && k.start.kind != kpi_kind::relative &&
                    k.start.value != 0.0)
                    return v.value / k.start.value - 1.0;
                return std::nullopt;
        }
    }
    if (v.kind == kpi_kind::baseline || v.kind == kpi_kind::relative) return std::nullopt;
    return v.value;
}

std::optional<double> planned_value(const kpi_def& k, double date, const programme_options& o) {
    const auto a = anchors(k, o);
    if (a.empty() || date < a.front().date) return std::nullopt;
    if (date >= a.back().date) return a.back().value;
    for (std::size_t i = 1; i < a.size(); ++i) {
        if (date <= a[i].date) {
            const double span = a[i].date - a[i - 1].date;
            const double f = span <= 0 ? 1.0 : (date - a[i - 1].date) / span;
            return a[i - 1].value + f * (a[i].value - a[i - 1].value);
        }
    }
    return a.back().value;
}

kpi_report evaluate_kpis(const programme& p, double date, const programme_options& o) {
    kpi_report rep;
    rep.date = date;
    std::map<std::string, std::size_t> domain_index;
    for (const kpi_def& k : p.kpis) {
        kpi_status s;
        s.kpi = &k;
        const auto base = base_value(k, o);
        const auto goal = kpi_scale_value(k, k.goal);
        s.direction = (base && goal && *goal < *base) ? -1 : 1;

        // Measurements known at the date, in date order (sheet order breaks ties: later rows win).
        std::vector<const measurement*> known;
        for (const auto& m : p.measurements)
            if (m.kpi == k.name && m.date <= date + eps && kpi_scale_value(k, m.value)) known.push_back(&m);
        std::stable_sort(known.begin(), known.end(), [](const measurement* a, const measurement* b) { return a->date < b->date; });
        if (!known.empty()) s.latest = *known.back();
        if (known.size() >= 2) s.previous = *known[known.size() - 2];
        for (const auto& t : k.targets) {
            const measurement* in_month = nullptr;
            for (const measurement* m : known)
                if (programme_month(o, m->date) == t.month) in_month = m;
            if (in_month) s.milestones.push_back({t.month, in_month->value, in_month->date});
        }

        s.plan_at_reference = planned_value(k, date, o);
        if (s.latest) {
            s.actual = kpi_scale_value(k, s.latest->value);
            s.plan_at_measurement = planned_value(k, s.latest->date, o);
        }
        // Two separate questions: is the latest measurement recent enough for its cadence, and
        // was it on plan on the day it was taken (a 30 September figure against the September
        // plan, not against the plan of the reference date).
        const int window = is_monthly(k) ? 1 : 3;
        if (!s.latest || absolute_month(s.latest->date) < absolute_month(date) - window) s.status = "geen meting";
        else if (!s.plan_at_measurement) s.status = "geen norm";
        else {
            const double plan = *s.plan_at_measurement;
            double span = (base && goal) ? std::fabs(*goal - *base) : 0.0;
            if (span < eps) span = std::max(std::fabs(plan), 1.0);
            const double shortfall = std::max(0.0, (plan - *s.actual) * s.direction) / span;
            s.status = shortfall <= o.green_tolerance + eps ? "groen" : shortfall <= o.orange_tolerance + eps ? "oranje" : "rood";
        }
        if (s.latest && s.previous) {
            const double change = *s.actual - *kpi_scale_value(k, s.previous->value);
            s.movement = change > eps ? "stijgt" : change < -eps ? "daalt" : "gelijk";
            const double diff = change * s.direction;
            s.trend = diff > eps ? "beter" : diff < -eps ? "slechter" : "gelijk";
        }
        if (s.actual && base && goal && std::fabs(*goal - *base) > eps)
            s.progress = std::clamp((*s.actual - *base) / (*goal - *base), 0.0, 1.0);

        auto [it, inserted] = domain_index.emplace(fold_name(k.domain), rep.domains.size());
        if (inserted) rep.domains.push_back({k.domain, 0.0, 0, 0});
        domain_progress& d = rep.domains[it->second];
        ++d.total;
        if (s.progress) {
            d.progress += *s.progress;
            ++d.measured;
        }
        rep.kpis.push_back(std::move(s));
    }
    for (auto& d : rep.domains)
        if (d.measured > 0) d.progress /= d.measured;
    return rep;
}

std::vector<ownership_warning> check_ownership(const programme& p) {
    std::vector<std::string> managers;
    for (const auto& r : p.roles)
        if (fold_name(r.role_name).find("programmamanager") != std::string::npos ||
            fold_name(r.role_name).find("programmemanager") != std::string::npos)
            managers.push_back(fold_name(r.name));
    std::vector<ownership_warning> out;
    for (const auto& b : p.benefits) {
        const std::string label = b.nr.empty() ? b.name : b.nr + " " + b.name;
        auto warn = [&](const std::string& issue) { out.push_back({label, b.owner, issue, b.where}); };
        const std::string f = fold_name(b.owner);
        if (f.empty() || f == "ntb" || f == "nvt" || f == "?" || f == "onbekend") {
            warn("geen eigenaar");
            continue;
        }
        // "Dat is van het programma": the programme or its manager is no benefit owner.
        const bool programme_named = (f.find("programma") != std::string::npos && f.find("eigenaar") == std::string::npos) ||
                                     f.find("programme") != std::string::npos;
        if (programme_named || std::find(managers.begin(), managers.end(), f) != managers.end()) warn("afschuiven");
        if (b.stated_explicitly && !*b.stated_explicitly) warn("niet expliciet uitgesproken");
        if (b.chosen_by_owner && !*b.chosen_by_owner) warn("niet zelf gekozen");
        if (b.commitment && !*b.commitment) warn("geen commitment");
    }
    return out;
}

roadmap_report evaluate_roadmap(const programme& p, double date, const programme_options& o) {
    roadmap_report rep;
    rep.date = date;
    for (const auto& e : p.efforts) {
        effort_status s;
        s.item = &e;
        s.start = month_first_day(o, e.start_month);
        s.end = month_last_day(o, e.start_month + e.duration_months - 1);
        s.expected = std::clamp((date - s.start + 1.0) / (s.end - s.start + 1.0), 0.0, 1.0);
        if (e.progress >= 1.0 - eps) s.state = "gereed";
        else if (date < s.start) s.state = "gepland";
        else if (date > s.end) s.state = e.continuous ? "gereed" : "te laat";
        else if (!e.continuous && e.progress + o.behind_tolerance < s.expected - eps) s.state = "achter";
        else s.state = "loopt";
        rep.efforts.push_back(s);
    }
    for (const auto& m : p.milestones) {
        if (month_last_day(o, m.month) >= date) {
            if (!rep.next_milestone) rep.next_milestone = &m;
        } else if (!done_status(m.status)) {
            rep.open_milestones.push_back(&m);
        }
    }
    rep.ownership = check_ownership(p);
    for (const auto& r : p.risks)
        if (!done_status(r.status)) rep.risks.push_back(&r);
    std::stable_sort(rep.risks.begin(), rep.risks.end(),
                     [](const risk* a, const risk* b) { return a->likelihood * a->impact > b->likelihood * b->impact; });
    for (const auto& a : p.agreements)
        if (a.deadline && *a.deadline < date && !done_status(a.status)) rep.overdue.push_back(&a);
    return rep;
}

std::string mermaid_gantt(const programme& p, double date, const programme_options& o) {
    const roadmap_report rep = evaluate_roadmap(p, date, o);
    int last = 0;
    for (const auto& m : p.milestones) last = std::max(last, m.month);
    for (const auto& e : p.efforts) last = std::max(last, e.start_month + e.duration_months - 1);
    std::string out = "gantt\n    title Roadmap (" + std::to_string(last) + " maanden)\n    dateFormat  YYYY-MM\n    axisFormat  %b %Y\n";
    auto pad = [](std::string s) {
        if (s.size() < 32) s.resize(32, ' ');
        return s + " ";
    };
    if (!p.milestones.empty()) {
        out += "\n    section Milestones\n";
        for (const auto& m : p.milestones)
            out += "    " + pad(mermaid_text(m.description.empty() ? m.code : m.description)) + ":milestone, " +
                   mermaid_id(m.code) + ", " + month_label(o, m.month) + ", 0d\n";
    }
    std::vector<std::string> sections;
    for (const auto& e : p.efforts)
        if (std::find(sections.begin(), sections.end(), e.type) == sections.end()) sections.push_back(e.type);
    for (const auto& section : sections) {
        out += "\n    section " + mermaid_text(section.empty() ? "Inspanningen" : section) + "\n";
        for (const auto& s : rep.efforts) {
            const effort& e = *s.item;
            if (e.type != section) continue;
            std::string tag;
            if (s.state == "gereed") tag = "done, ";
            else if (s.state == "loopt") tag = "active, ";
            else if (s.state == "achter") tag = "crit, active, ";
            else if (s.state == "te laat") tag = "crit, ";
            out += "    " + pad(mermaid_text(e.name)) + ":" + tag + mermaid_id(e.code) + ", " + month_label(o, e.start_month) +
                   ", " + std::to_string(e.duration_months) + "M\n";
        }
    }
    return out;
}

}  // namespace kib
