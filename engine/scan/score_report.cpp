#include "engine/scan/score_report.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>
#include <vector>

#include "engine/scan/score_outputs.hpp"
#include "writers/docx_report.hpp"

namespace kib::detail {

namespace {

namespace m = maturity;

double tenths_value(int t) { return t / 10.0; }

std::string sd_text(const m::pillar_result& pr) {
    return pr.score.count >= 2 ? m::dutch_tenths(static_cast<int>(pr.sd * 10 + 0.5L)) : "–";
}


// The six model values (a pillar without a score is drawn at 0).
report_chart::chart_spec radar_chart(const m::scan_result& r) {
    report_chart::chart_spec c;
    c.kind = report_chart::chart_kind::radar;
    c.title = "CXPA-modelwaarde per pijler";
    c.axis_max = 5;
    report_chart::chart_series s;
    s.name = "Modelwaarde";
    for (const auto& p : m::pillars()) c.categories.push_back(p.name);
    for (const auto& p : r.pillars) s.values.push_back(p.score.has_value() ? tenths_value(p.score.model_tenths()) : 0.0);
    c.series.push_back(std::move(s));
    return c;
}

std::string count_text(std::int64_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

// "+1,2", "−0,4" (a real minus sign, as Dutch typesetting has it), "0,0".
std::string signed_tenths(int t) {
    if (t > 0) return "+" + m::dutch_tenths(t);
    if (t < 0) return "−" + m::dutch_tenths(-t);
    return m::dutch_tenths(0);
}

// "A", "A en B", "A, B en C".
std::string dutch_list(const std::vector<std::string>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += i + 1 == items.size() ? " en " : ", ";
        out += items[i];
    }
    return out;
}

// Both scans' pillar scores as two series of one radar chart.
report_chart::chart_spec comparison_chart(const m::scan_result& r) {
    report_chart::chart_spec c;
    c.kind = report_chart::chart_kind::radar;
    c.title = "Score per pijler: eerder en nu";
    c.axis_max = 32;
    report_chart::chart_series before, now;
    before.name = "Eerdere scan";
    now.name = "Deze scan";
    for (const auto& p : m::pillars()) c.categories.push_back(p.name);
    for (const m::pillar_change& ch : r.changes) {
        const auto b = ch.before_tenths();
        before.values.push_back(b ? tenths_value(*b) : 0.0);
        now.values.push_back(ch.after.has_value() ? tenths_value(ch.after.tenths()) : 0.0);
    }
    c.series.push_back(std::move(before));
    c.series.push_back(std::move(now));
    return c;
}

// Dutch sentences on what changed: which pillars rose and fell most, how many of each, and phase changes.
std::vector<std::string> comparison_sentences(const m::scan_result& r) {
    const auto& info = m::pillars();
    struct moved {
        int pillar, tenths;
        long double exact;
    };
    std::vector<moved> rises, falls;
    int same = 0;
    std::vector<std::string> phases;
    for (const m::pillar_change& c : r.changes) {
        const auto t = c.change_tenths();
        if (!t) continue;
        const long double exact = c.after.value() - (c.before.has_value() ? c.before.value() : c.before_value.value_or(0));
        if (*t > 0) rises.push_back({c.pillar, *t, exact});
        else if (*t < 0) falls.push_back({c.pillar, *t, exact});
        else ++same;
        if (c.before_phase != c.after_phase) {
            phases.push_back(std::string(info[c.pillar].name) + " van " + m::phase_name(c.before_phase) + " naar " +
                             m::phase_name(c.after_phase));
        }
    }
    // Ordered by the exact change; the two largest are named, and any other with the same shown change.
    std::stable_sort(rises.begin(), rises.end(), [](const moved& a, const moved& b) { return a.exact > b.exact; });
    std::stable_sort(falls.begin(), falls.end(), [](const moved& a, const moved& b) { return a.exact < b.exact; });
    auto named = [&](const std::vector<moved>& v) {
        std::vector<std::string> out;
        for (std::size_t i = 0; i < v.size() && (i < 2 || v[i].tenths == v[1].tenths); ++i)
            out.push_back(std::string(info[v[i].pillar].name) + " (" + signed_tenths(v[i].tenths) + ")");
        return out;
    };
    std::vector<std::string> out;
    const std::size_t compared = rises.size() + falls.size() + static_cast<std::size_t>(same);
    if (compared == 0) {
        out.push_back("De eerdere scan heeft geen scores die met deze scan te vergelijken zijn.");
        return out;
    }
    // "Van de 6 vergeleken pijlers stegen er 5 en daalde er 1." — only the counts that are not 0.
    std::vector<std::string> counts;
    if (!rises.empty()) counts.push_back((rises.size() == 1 ? "steeg er " : "stegen er ") + std::to_string(rises.size()));
    if (!falls.empty()) counts.push_back((falls.size() == 1 ? "daalde er " : "daalden er ") + std::to_string(falls.size()));
    if (same > 0) counts.push_back((same == 1 ? "bleef er " : "bleven er ") + std::to_string(same) + " gelijk");
    if (counts.size() == 1) {
        const char* verb = !rises.empty() ? "stegen" : !falls.empty() ? "daalden" : "bleven gelijk";
        out.push_back(compared == 1 ? std::string("De vergeleken pijler ") + (!rises.empty() ? "steeg." : !falls.empty() ? "daalde." : "bleef gelijk.")
                                    : "Alle " + std::to_string(compared) + " vergeleken pijlers " + verb + ".");
    } else {
        out.push_back("Van de " + std::to_string(compared) + " vergeleken pijlers " + dutch_list(counts) + ".");
    }
    if (!rises.empty()) {
        const auto n = named(rises);
        out.push_back("Het sterkst gestegen " + std::string(n.size() == 1 ? "is " : "zijn ") + dutch_list(n) + ".");
    }
    if (!falls.empty()) {
        const auto n = named(falls);
        out.push_back("Het sterkst gedaald " + std::string(n.size() == 1 ? "is " : "zijn ") + dutch_list(n) + ".");
    }
    if (!phases.empty()) out.push_back("Een andere fase: " + dutch_list(phases) + ".");
    return out;
}

// Unweighted mean of a department's pillar scores, earlier or now; nullopt without any score.
std::optional<long double> department_mean(const m::department_change& d, bool earlier) {
    long double sum = 0;
    int n = 0;
    for (const m::pillar_change& c : d.pillars) {
        if (earlier) {
            if (c.before.has_value()) sum += c.before.value();
            else if (c.before_value) sum += *c.before_value;
            else continue;
        } else {
            if (!c.after.has_value()) continue;
            sum += c.after.value();
        }
        ++n;
    }
    if (n == 0) return std::nullopt;
    return sum / n;
}

int mean_tenths(long double v) { return static_cast<int>(std::floor(v * 10 + 0.5L)); }

void comparison_section(docx_report& d, const m::scan_result& r) {
    const auto& info = m::pillars();
    // The section (table, sentences, chart) fills about a page: it starts on one of its own.
    d.page_break();
    d.heading(1, "Vergelijking met de eerdere scan");
    std::string intro = "Deze scan vergeleken met ";
    if (r.previous) {
        intro += "de eerdere scan (" + std::filesystem::path(r.previous->file).filename().string();
        if (r.previous->respondents > 0) intro += ", " + count_text(r.previous->respondents, "respondent", "respondenten");
        intro += ")";
    } else {
        intro += "de eerdere scan";
    }
    intro += ". Het verschil is berekend uit de onafgeronde scores.";
    d.paragraph(intro);
    std::vector<std::vector<std::string>> rows = {{"Pijler", "Eerdere scan", "Deze scan", "Verschil", "Fase eerder", "Fase nu"}};
    report_table_options opt;
    opt.column_widths_cm = {3.4, 2.8, 2.6, 2.4, 2.9, 2.9};
    opt.cell_fills.push_back({});
    for (const m::pillar_change& c : r.changes) {
        const auto b = c.before_tenths();
        const auto t = c.change_tenths();
        rows.push_back({info[c.pillar].name, b ? m::dutch_tenths(*b) : "–", c.after.has_value() ? m::dutch_tenths(c.after.tenths()) : "–",
                        t ? signed_tenths(*t) : "–", c.has_before() ? m::phase_name(c.before_phase) : "–",
                        c.after.has_value() ? m::phase_name(c.after_phase) : "–"});
        opt.cell_fills.push_back({"", "", "", !t || *t == 0 ? "" : *t > 0 ? "E2EFDA" : "FCE4D6", "", ""});
    }
    d.table(rows, opt);
    for (const std::string& line : comparison_sentences(r)) d.paragraph(line);
    d.chart(comparison_chart(r), 14.0, 10.0);
    if (!r.previous) return;
    if (!r.previous->departments.empty()) {
        d.heading(2, "Per afdeling");
        d.paragraph("Afdelingen die in beide scans voorkomen, met het gemiddelde van hun pijlerscores.");
        std::vector<std::vector<std::string>> dept = {{"Afdeling", "Resp. eerder", "Resp. nu", "Gem. eerder", "Gem. nu", "Verschil"}};
        report_table_options dopt;
        dopt.column_widths_cm = {4.6, 2.6, 2.1, 2.6, 2.1, 2.0};
        dopt.cell_fills.push_back({});
        for (const m::department_change& dc : r.previous->departments) {
            const auto before = department_mean(dc, true);
            const auto now = department_mean(dc, false);
            std::optional<int> change;
            if (before && now) change = mean_tenths(*now) - mean_tenths(*before);
            dept.push_back({dc.name, std::to_string(dc.respondents_before), std::to_string(dc.respondents_after),
                            before ? m::dutch_tenths(mean_tenths(*before)) : "–", now ? m::dutch_tenths(mean_tenths(*now)) : "–",
                            change ? signed_tenths(*change) : "–"});
            dopt.cell_fills.push_back({"", "", "", "", "", !change || *change == 0 ? "" : *change > 0 ? "E2EFDA" : "FCE4D6"});
        }
        d.table(dept, dopt);
    }
    if (!r.previous->only_before.empty()) d.paragraph("Alleen in de eerdere scan: " + dutch_list(r.previous->only_before) + ".");
    if (!r.previous->only_now.empty()) d.paragraph("Alleen in deze scan: " + dutch_list(r.previous->only_now) + ".");
}

}  // namespace

void write_score_report(const m::scan_result& r, const std::string& path, const std::string& date_iso) {
    const auto& info = m::pillars();
    docx_report d;
    report_properties props;
    props.title = "CX-Volwassenheidsscan — rapportage";
    props.subject = "Resultaten CX-Volwassenheidsscan";
    props.created = props.modified = date_iso + "T00:00:00Z";
    d.properties(props);
    d.title("CX-Volwassenheidsscan — rapportage");
    d.paragraph(dutch_long_date(date_iso));

    d.heading(1, "Samenvatting");
    std::string intro = "Aan de scan deden " + count_text(r.respondents, "respondent", "respondenten") + " mee";
    if (r.invited && *r.invited > 0) {
        intro += " van de " + std::to_string(*r.invited) + " uitgenodigden (respons " + m::dutch_percent(r.respondents, *r.invited) + ")";
    }
    intro += ". De scores lopen van 8 tot 32 per pijler; de modelwaarde zet de score om naar de schaal 1 tot 5 van het CXPA-model.";
    d.paragraph(intro);
    std::vector<std::vector<std::string>> summary = {{"Pijler", "Score", "Fase", "Modelwaarde", "Respondenten"}};
    int best = -1, worst = -1;
    for (int p = 0; p < m::pillar_count; ++p) {
        const m::exact_mean& e = r.pillars[p].score;
        summary.push_back({info[p].name, e.has_value() ? m::dutch_tenths(e.tenths()) : "–",
                           e.has_value() ? m::phase_name(m::phase_of(e)) : "–", e.has_value() ? m::dutch_tenths(e.model_tenths()) : "–",
                           std::to_string(e.count)});
        if (!e.has_value()) continue;
        // Exact comparison of sum/count fractions by cross-multiplying.
        auto less = [&](int a, int b) {
            const auto& x = r.pillars[a].score;
            const auto& y = r.pillars[b].score;
            return x.sum_units * y.count < y.sum_units * x.count;
        };
        if (best < 0 || less(best, p)) best = p;
        if (worst < 0 || less(p, worst)) worst = p;
    }
    report_table_options summary_widths;
    summary_widths.column_widths_cm = {4.0, 2.5, 3.0, 3.2, 3.3};
    d.table(summary, summary_widths);
    if (best >= 0) {
        d.paragraph(std::string("De hoogste score heeft ") + info[best].name + " (" + m::dutch_tenths(r.pillars[best].score.tenths()) +
                    ", " + m::phase_name(m::phase_of(r.pillars[best].score)) + "); de laagste " + info[worst].name + " (" +
                    m::dutch_tenths(r.pillars[worst].score.tenths()) + ", " + m::phase_name(m::phase_of(r.pillars[worst].score)) + ").");
    }
    d.chart(radar_chart(r), 14.0, 10.0);
    if (!r.changes.empty()) comparison_section(d, r);

    const std::vector<m::comment_group> groups = m::group_comments(r.comments);
    for (int p = 0; p < m::pillar_count; ++p) {
        const m::pillar_result& pr = r.pillars[p];
        d.heading(1, info[p].name);
        d.paragraph(info[p].question);
        if (pr.score.has_value()) {
            const m::phase ph = m::phase_of(pr.score);
            d.paragraph("Score " + m::dutch_tenths(pr.score.tenths()) + " — fase " + m::phase_name(ph) + " (" + m::phase_description(ph) +
                        "), modelwaarde " + m::dutch_tenths(pr.score.model_tenths()) + ", " +
                        count_text(pr.score.count, "respondent", "respondenten") + ", standaarddeviatie " + sd_text(pr) + ".");
        } else {
            d.paragraph("Geen score: geen respondent beantwoordde een vraag van deze pijler met 1 tot 4.");
        }
        d.heading(2, "Verdeling van de antwoorden");
        std::vector<std::vector<std::string>> rows = {
            {"Vraag", "Niet / nooit", "Incidenteel", "Regelmatig", "Systematisch", "Weet ik niet", "Aandeel 'Weet ik niet'"}};
        std::vector<std::string> gaps;
        for (int q = 0; q < m::questions_per_pillar; ++q) {
            const m::question_stats& s = pr.questions[q];
            const std::string share = s.filled() > 0 ? m::dutch_percent(s.dont_know, s.filled()) : "–";
            rows.push_back({std::to_string(q + 1) + ". " + info[p].questions[q], std::to_string(s.points[0]), std::to_string(s.points[1]),
                            std::to_string(s.points[2]), std::to_string(s.points[3]), std::to_string(s.dont_know), share});
            // Knowledge gap: at least a fifth of those who picked an option did not know.
            if (s.filled() > 0 && 5 * s.dont_know >= s.filled()) gaps.push_back(std::to_string(q + 1) + ". " + info[p].questions[q] + " — " + share);
        }
        report_table_options widths;
        widths.column_widths_cm = {4.2, 1.7, 2.2, 2.4, 2.8, 1.6, 2.1};  // "Systematisch" whole at 2,8 cm
        d.table(rows, widths);
        d.heading(2, "Kennishiaten");
        if (gaps.empty()) d.paragraph("Bij geen enkele vraag koos 20% of meer 'Weet ik niet'.");
        else {
            d.paragraph("Vragen waarbij 20% of meer van de antwoorden 'Weet ik niet' was:");
            d.bullets(gaps);
        }
        d.heading(2, "Toelichtingen");
        // Identical answers once, with how many gave them: "Te weinig tijd (3×; KCC, HR)".
        std::vector<std::string> open;
        for (const m::comment_group& g : groups) {
            if (g.pillar != p) continue;
            std::string note;
            if (g.count > 1) note = std::to_string(g.count) + "×";
            if (!g.departments.empty()) note += (note.empty() ? "" : "; ") + dutch_list(g.departments);
            open.push_back(note.empty() ? g.text : g.text + " (" + note + ")");
        }
        if (open.empty()) d.paragraph("Geen toelichtingen gegeven.");
        else d.bullets(open);
    }

    if (!r.departments.empty()) {
        d.heading(1, "Vergelijking tussen afdelingen");
        std::vector<std::vector<std::string>> rows;
        std::vector<std::string> head = {"Afdeling", "Resp."};
        for (const auto& p : info) head.push_back(p.code);
        rows.push_back(head);
        for (const m::department_result& dep : r.departments) {
            std::vector<std::string> row = {dep.name, std::to_string(dep.respondents)};
            for (const auto& e : dep.pillars) row.push_back(e.has_value() ? m::dutch_tenths(e.tenths()) : "–");
            rows.push_back(std::move(row));
        }
        report_table_options banded;
        banded.band_fill = "F2F2F2";
        // Department names whole ("Bestuursondersteuning"); the pillar codes need little room.
        banded.column_widths_cm = {4.6, 1.4, 1.8, 1.8, 1.8, 1.8, 1.8, 1.8};
        d.table(rows, banded);
        std::string legend;
        for (const auto& p : info) legend += std::string(legend.empty() ? "" : ", ") + p.code + " = " + p.name;
        d.paragraph(legend + ".");
    }

    d.heading(1, "Suggesties voor verdiepende interviews");
    d.paragraph("Het handboek adviseert 12 tot 15 interviews: 6 tot 8 met de mensen die het meest bij CX betrokken zijn (door de "
                "organisatie gekozen) en ongeveer 6 met mensen uit afdelingen met extreme en gemiddelde scores.");
    if (r.interviews.empty()) d.paragraph("Er zijn te weinig afdelingen met minstens 3 respondenten voor een suggestie.");
    else {
        std::vector<std::vector<std::string>> rows = {{"Afdeling", "Gemiddelde score", "Respondenten", "Reden"}};
        for (const auto& s : r.interviews) {
            rows.push_back({s.department, m::dutch_tenths(static_cast<int>(s.average * 10 + 0.5L)), std::to_string(s.respondents), s.reason});
        }
        report_table_options widths;
        widths.column_widths_cm = {4.6, 3.2, 2.8, 6.4};
        d.table(rows, widths);
    }

    d.heading(1, "Respons");
    if (r.invited && *r.invited > 0) {
        d.paragraph("Respons: " + std::to_string(r.respondents) + " van " + std::to_string(*r.invited) + " uitgenodigden (" +
                    m::dutch_percent(r.respondents, *r.invited) + "); de streefwaarde is 50%.");
    } else {
        d.paragraph(count_text(r.respondents, "respondent", "respondenten") +
                    "; het aantal uitgenodigden is niet opgegeven, dus het responspercentage is onbekend.");
    }
    if (!r.departments.empty()) {
        // Departments below the handbook's 50% target are marked and shaded light red.
        std::vector<std::vector<std::string>> rows = {{"Afdeling", "Uitgenodigd", "Respondenten", "Respons", "Streefwaarde 50%"}};
        report_table_options opt;
        opt.column_widths_cm = {4.8, 2.6, 2.8, 2.2, 3.8};
        opt.cell_fills.push_back({});
        std::vector<std::string> below;
        for (const auto& dep : r.departments) {
            const auto reached = m::meets_response_target(dep.respondents, dep.invited);
            const std::string pct = dep.invited && *dep.invited > 0 ? m::dutch_percent(dep.respondents, *dep.invited) : "–";
            rows.push_back({dep.name, dep.invited ? std::to_string(*dep.invited) : "–", std::to_string(dep.respondents), pct,
                            !reached ? "–" : *reached ? "gehaald" : "onder 50%"});
            const std::string fill = !reached ? "" : *reached ? "E2EFDA" : "FCE4D6";
            opt.cell_fills.push_back({"", "", "", fill, fill});
            if (reached && !*reached) below.push_back(dep.name + " (" + pct + ")");
        }
        d.table(rows, opt);
        bool any_known = false;
        for (const auto& dep : r.departments) any_known = any_known || m::meets_response_target(dep.respondents, dep.invited).has_value();
        if (!below.empty()) {
            d.paragraph(std::string(below.size() == 1 ? "Onder de streefwaarde van 50% blijft " : "Onder de streefwaarde van 50% blijven ") +
                        dutch_list(below) + "; hun scores zijn minder representatief.");
        } else if (any_known) {
            d.paragraph("Alle afdelingen met een bekend aantal uitgenodigden halen de streefwaarde van 50%.");
        }
    }

    d.heading(1, "Bijlage: methode");
    d.bullets({
        "Elke pijler heeft 8 stellingen. Antwoorden: Niet / nooit = 1, Incidenteel = 2, Regelmatig = 3, Systematisch = 4; "
        "'Weet ik niet' telt niet mee in de punten.",
        "Totaal per respondent per pijler = som van de punten × 8 / aantal beantwoorde vragen (8 tot 32).",
        "Pijlerscore = gemiddelde van de totalen van de respondenten, afgerond op één decimaal.",
        "Fase: het gemiddelde afgerond op een geheel getal; Startend 8–12, Lerend 13–18, Groeiend 19–24, Volwassen 25–28, Leidend 29–32.",
        "Modelwaarde (CXPA) = 1 + (score − 8) / 6, afgerond op één decimaal.",
        "Standaarddeviatie: steekproefstandaarddeviatie van de totalen.",
        "Aandeel 'Weet ik niet' = aantal 'Weet ik niet' / aantal ingevulde antwoorden; lege cellen tellen niet mee.",
    });
    d.paragraph("Bron: " + std::filesystem::path(r.file).filename().string() + (r.sheet.empty() ? "" : ", blad " + r.sheet) + ".");
    d.save(path);
}


}  // namespace kib::detail
