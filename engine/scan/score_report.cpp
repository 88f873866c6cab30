#include "engine/scan/score_report.hpp"

#include <filesystem>
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
        widths.column_widths_cm = {5.0, 1.8, 2.2, 2.1, 2.4, 1.6, 1.9};
        d.table(rows, widths);
        d.heading(2, "Kennishiaten");
        if (gaps.empty()) d.paragraph("Bij geen enkele vraag koos 20% of meer 'Weet ik niet'.");
        else {
            d.paragraph("Vragen waarbij 20% of meer van de antwoorden 'Weet ik niet' was:");
            d.bullets(gaps);
        }
        d.heading(2, "Toelichtingen");
        std::vector<std::string> open;
        for (const m::comment_entry& c : r.comments) {
            if (c.pillar == p) open.push_back(c.department.empty() ? c.text : c.text + " (" + c.department + ")");
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
        d.table(rows);
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
        std::vector<std::vector<std::string>> rows = {{"Afdeling", "Uitgenodigd", "Respondenten", "Respons"}};
        for (const auto& dep : r.departments) {
            rows.push_back({dep.name, dep.invited ? std::to_string(*dep.invited) : "–", std::to_string(dep.respondents),
                            dep.invited && *dep.invited > 0 ? m::dutch_percent(dep.respondents, *dep.invited) : "–"});
        }
        d.table(rows);
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
