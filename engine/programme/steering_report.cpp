#include "engine/programme/steering_report.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <vector>

#include "engine/programme/programme.hpp"
#include "engine/programme/programme_cli.hpp"
#include "readers/docx_comments.hpp"
#include "readers/error.hpp"
#include "readers/package.hpp"
#include "readers/xlsx.hpp"
#include "writers/docx_report.hpp"
#include "writers/status_colours.hpp"
#include "readers/i18n.hpp"

namespace kib {

namespace {

std::string status_fill(const std::string& status) { return std::string(status_colours::of(status)); }

std::string lower_ascii(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Header key: lower case, letters and digits only.
std::string header_key(const std::string& s) {
    std::string k;
    for (char c : lower_ascii(s))
        if (std::isalnum(static_cast<unsigned char>(c))) k += c;
    return k;
}

// The roadmap phase at programme month `month`, as the roadmap seed names them: milestones called
// "… klaar" close a phase (M3 Fundament klaar ends Fundament, M4–M9 is Implementatie up to M9
// Implementatie klaar). Without such milestones, the stretch up to the next milestone.
std::string current_phase(const programme& p, int month) {
    if (month < 1) return "vóór de start van het programma";
    std::vector<const milestone*> ms;
    for (const milestone& m : p.milestones) ms.push_back(&m);
    std::stable_sort(ms.begin(), ms.end(), [](const milestone* a, const milestone* b) { return a->month < b->month; });
    auto is_gate = [](const milestone* m) {
        const std::string d = lower_ascii(m->description);
        return d.size() > 6 && d.compare(d.size() - 6, 6, " klaar") == 0;
    };
    int from = 1;
    for (const milestone* m : ms) {
        if (!is_gate(m)) continue;
        if (m->month >= month)
            return m->description.substr(0, m->description.size() - 6) + " (M" + std::to_string(from) + "–M" + std::to_string(m->month) +
                   "), op weg naar " + m->code + " " + m->description;
        from = m->month + 1;
    }
    from = 1;
    for (const milestone* m : ms) {
        if (m->month >= month)
            return "M" + std::to_string(from) + "–M" + std::to_string(m->month) + ", op weg naar " + m->code + " " + m->description;
        from = m->month + 1;
    }
    return "na de laatste mijlpaal";
}

struct open_comment {
    std::string author, section, text;
};

std::vector<open_comment> comments_of_draft(const std::string& path) {
    const package pkg = package::open(path);
    const docx::review_marks marks = docx::read_review_marks(pkg);
    std::vector<open_comment> out;
    for (const auto& c : marks.comments)
        if (!c.resolved && !c.parent) out.push_back({c.author, c.section, c.text});
    return out;
}

std::vector<open_comment> comments_of_register(const std::string& path) {
    const workbook wb = workbook::open(path);
    if (wb.sheets().empty())
        throw error(error_category::bad_input, location{path, {}, {}, 0, 0}, tr("the comments register has no sheets"),
                    tr("give a register with a header row Auteur, Opmerking, Status"));
    const sheet_info& sheet = wb.sheets().front();
    const std::vector<row> rows = wb.read_rows(sheet);
    if (rows.empty())
        throw error(error_category::bad_input, location{path, {}, sheet.name, 0, 0}, tr("the comments register is empty"),
                    tr("give a register with a header row Auteur, Opmerking, Status"));
    std::uint32_t author = 0, text = 0, status = 0, section = 0, kind = 0, reply_to = 0;
    for (const cell& c : rows.front().cells) {
        const std::string k = header_key(c.value.text);
        if (!kind && (k == "soort" || k == "kind" || k == "type")) kind = c.col;
        else if (!reply_to && (k == "reactieop" || k == "replyto")) reply_to = c.col;
        else if (!author && (k == "auteur" || k == "author" || k == "naam" || k == "door")) author = c.col;
        else if (!text && (k == "opmerking" || k == "commentaar" || k == "comment" || k == "tekst" || k == "text" || k == "reactie")) text = c.col;
        else if (!status && k == "status") status = c.col;
        else if (!section && (k == "sectie" || k == "section" || k == "hoofdstuk" || k == "paragraaf")) section = c.col;
    }
    if (!author || !text)
        throw error(error_category::bad_input, location{path, {}, sheet.name + "!" + std::to_string(rows.front().index), 0, 0},
                    trf("the comments register has no {} column in its header row", {(!author ? "Auteur" : "Opmerking")}),
                    tr("name the columns Auteur and Opmerking (optionally Status and Sectie) in the first row"));
    const std::vector<std::string> closed = {"opgelost", "gesloten", "afgehandeld", "gereed", "resolved", "done", "closed"};
    std::vector<open_comment> out;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        std::map<std::uint32_t, std::string> v;
        for (const cell& c : rows[i].cells)
            v[c.col] = c.value.type == cell_type::text ? c.value.text : c.value.type == cell_type::number ? format_dutch(c.value.number, 2) : c.value.text;
        if (v[author].empty() && v[text].empty()) continue;
        if (status && std::find(closed.begin(), closed.end(), lower_ascii(v[status])) != closed.end()) continue;
        // As for a draft: only comments count, not replies to them, highlights (markering) or
        // tracked changes (invoeging, verwijdering), which are kinds of their own.
        const std::string k = kind ? lower_ascii(v[kind]) : std::string();
        if (!k.empty() && k != "opmerking" && k != "comment") continue;
        if (reply_to && !v[reply_to].empty()) continue;
        out.push_back({v[author], section ? v[section] : std::string(), v[text]});
    }
    return out;
}

}  // namespace

void write_steering_report(const std::string& programme_xlsx, const std::string& date_text, const std::string& comments_file,
                           const std::filesystem::path& out, const std::string& start) {
    const programme_options given = parse_programme_start(start);
    const double date = parse_reference_date(date_text, "--date");
    const programme p = read_programme(programme_xlsx, given);
    const programme_options& o = p.options;
    std::vector<open_comment> comments;
    const bool with_comments = !comments_file.empty();
    if (with_comments) {
        const std::string ext = lower_ascii(std::filesystem::path(comments_file).extension().string());
        if (ext == ".docx") comments = comments_of_draft(comments_file);
        else if (ext == ".xlsx") comments = comments_of_register(comments_file);
        else
            throw error(error_category::bad_input, location{comments_file, {}, {}, 0, 0}, tr("the comments file is neither .docx nor .xlsx"),
                        tr("give a Word draft with review comments (.docx) or a comments register (.xlsx)"));
    }
    const kpi_report kpis = evaluate_kpis(p, date, o);
    const roadmap_report road = evaluate_roadmap(p, date, o);

    std::string name = p.name;
    if (p.facts.name.empty() && !name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    const std::string when = dutch_date(date);

    docx_report r;
    // Landscape from the first page: the KPI table with its milestone columns comes right after
    // the opening lines (a portrait first page would hold those lines only).
    r.landscape(true);
    report_properties props;
    props.title = "Stuurgroeprapportage " + name + " " + when;
    props.subject = "Stuurgroeprapportage";
    r.properties(props);
    r.title("Stuurgroeprapportage " + name + " – " + when);
    const int month = programme_month(o, date);
    // Before M1 and after the last month there is no programme month: say so instead of a
    // silent "M-6" or "M24".
    const int last = last_programme_month(p);
    const std::string which = month < 1      ? std::string("vóór de start van het programma")
                              : month > last ? "na het einde van het programma (M" + std::to_string(last) + ")"
                                             : "programmamaand M" + std::to_string(month);
    r.paragraph("Peildatum " + when + " (" + which + "; M1 = " + dutch_month(o, 1) + ").");
    std::string who;
    if (!p.facts.sponsor.empty()) who = "Opdrachtgever: " + p.facts.sponsor;
    if (!p.facts.owner.empty()) who += (who.empty() ? "" : "; ") + std::string("Programma-eigenaar: ") + p.facts.owner;
    if (!who.empty()) r.paragraph(who.back() == '.' ? who : who + ".");  // "n.t.b." ends with its own full stop
    r.paragraph("Roadmapfase: " + current_phase(p, month) + ".");
    r.page_numbers("Pagina {PAGE} van {PAGES}");

    // ---- KPI's per domain, as the roadmap seed's table of measuring moments: Start, the
    // milestone targets with what was realised in that month, Doel; then where the KPI stands.
    r.heading(1, "KPI's per domein");
    r.paragraph("Status: de laatste meting vergeleken met het plan op de datum van die meting (kolom Plan). Trend ten opzichte van de "
                "vorige meting: de pijl is de richting van het cijfer, het woord zegt of dat goed is (↓ beter bij een dalende churn). "
                "Mijlpaalkolommen: het doel voor die maand, met tussen haakjes de meting in die maand als die er is.");
    {
        // Legend: the status colours as they appear in the table.
        const std::string g = format_dutch(o.green_tolerance * 100.0, 0), oo = format_dutch(o.orange_tolerance * 100.0, 0);
        report_table_options legend;
        legend.header_row = false;
        legend.cell_fills = {{status_fill("groen")}, {status_fill("oranje")}, {status_fill("rood")}, {status_fill("")}};
        r.table({{"groen", "op koers: achterstand op het plan hooguit " + g + "% van de afstand Start→Doel, of voor op het plan"},
                 {"oranje", "achterstand tussen " + g + "% en " + oo + "% van de afstand Start→Doel"},
                 {"rood", "achterstand van meer dan " + oo + "% van de afstand Start→Doel"},
                 {"geen meting", "geen (recente) meting, of geen norm voor de datum van de meting"}},
                legend);
    }
    std::vector<int> months;  // the milestone months any KPI has a target for, in order
    for (const auto& k : p.kpis)
        for (const auto& t : k.targets)
            if (std::find(months.begin(), months.end(), t.month) == months.end()) months.push_back(t.month);
    std::sort(months.begin(), months.end());
    std::vector<std::string> header = {"KPI", "Start"};
    for (int m : months) header.push_back("M" + std::to_string(m));
    for (const char* h : {"Doel", "Actueel", "Gemeten op", "Plan", "Status", "Trend"}) header.push_back(h);
    const std::size_t status_col = header.size() - 2;
    std::string domain;
    std::vector<std::vector<std::string>> rows, fills;
    auto flush = [&] {
        if (rows.size() <= 1) return;
        report_table_options t;
        t.cell_fills = fills;
        r.heading(2, domain);
        r.table(rows, t);
    };
    for (const auto& s : kpis.kpis) {
        if (s.kpi->domain != domain || rows.empty()) {
            flush();
            domain = s.kpi->domain;
            rows = {header};
            fills = {{}};
        }
        std::vector<std::string> row = {s.kpi->name, s.kpi->start.display()};
        for (int m : months) {
            std::string cell = "–";
            for (const auto& t : s.kpi->targets)
                if (t.month == m && t.value.kind != kpi_kind::empty) cell = t.value.display();
            for (const auto& real : s.milestones)
                if (real.month == m) cell += "\n(" + real.value.display() + ")";
            row.push_back(cell);
        }
        row.push_back(s.kpi->goal.display());
        row.push_back(s.latest ? s.latest->value.display() : "–");
        row.push_back(s.latest ? dutch_date(s.latest->date) : "–");
        row.push_back(s.plan_at_measurement ? kpi_scale_text(*s.kpi, *s.plan_at_measurement) : "–");
        row.push_back(s.status);
        row.push_back(trend_label(s));
        rows.push_back(row);
        std::vector<std::string> f(header.size());
        f[status_col] = status_fill(s.status);
        fills.push_back(f);
    }
    flush();
    r.landscape(false);

    // ---- domain progress chart
    r.heading(1, "Voortgang per domein");
    report_chart::chart_spec chart;
    chart.kind = report_chart::chart_kind::bar;
    chart.title = "Voortgang per domein (% van Start→Doel bereikt)";
    report_chart::chart_series series{"Voortgang (%)", {}};
    std::vector<std::string> progress_lines;
    for (const auto& d : kpis.domains) {
        chart.categories.push_back(d.domain);
        series.values.push_back(d.progress * 100.0);
        progress_lines.push_back(d.domain + ": " + format_dutch(d.progress * 100.0, 1) + "% (" + std::to_string(d.measured) + " van " +
                                 std::to_string(d.total) + " KPI's gemeten)");
    }
    chart.series.push_back(series);
    chart.axis_max = 100;
    if (!chart.categories.empty()) r.chart(chart, 15.0, 8.0);
    r.bullets(progress_lines);

    // ---- milestones
    r.heading(1, "Mijlpalen");
    std::vector<std::vector<std::string>> ms = {{"Mijlpaal", "Maand", "Omschrijving", "Status"}};
    for (const auto& m : p.milestones)
        ms.push_back({m.code, dutch_month(o, m.month), m.description, m.status.empty() ? "–" : m.status});
    report_table_options mt;
    r.table(ms, mt);
    if (road.next_milestone) {
        const milestone& m = *road.next_milestone;
        r.heading(2, "Volgende go/no-go: " + m.code + " (" + dutch_month(o, m.month) + ")");
        r.paragraph(m.description);
        if (m.criteria.empty()) r.paragraph("Geen go/no-go-criteria vastgelegd.");
        else r.bullets(m.criteria);
    } else {
        r.paragraph("Alle mijlpaalmaanden zijn verstreken.");
    }
    if (!road.open_milestones.empty()) {
        std::vector<std::string> items;
        for (const milestone* m : road.open_milestones)
            items.push_back(m->code + " (" + dutch_month(o, m->month) + "): " + (m->status.empty() ? "geen status" : m->status));
        r.paragraph("Verstreken mijlpalen die niet behaald zijn:", true);
        r.bullets(items);
    }

    // ---- efforts late or at risk
    r.heading(1, "Inspanningen achter of te laat");
    std::vector<std::vector<std::string>> ef = {{"Code", "Inspanning", "Eigenaar", "Periode", "Voortgang", "Verwacht", "Stand"}};
    std::vector<std::vector<std::string>> ef_fill = {{}};
    for (const auto& e : road.efforts) {
        if (e.state != "achter" && e.state != "te laat") continue;
        ef.push_back({e.item->code, e.item->name, e.item->owner.empty() ? "–" : e.item->owner,
                      dutch_date(e.start) + " – " + dutch_date(e.end), format_dutch(e.item->progress * 100.0, 0) + "%",
                      format_dutch(e.expected * 100.0, 0) + "%", e.state});
        std::vector<std::string> f(7);
        f[6] = e.state == "te laat" ? status_fill("rood") : status_fill("oranje");
        ef_fill.push_back(f);
    }
    if (ef.size() == 1) {
        r.paragraph("Geen inspanningen achter of te laat.");
    } else {
        report_table_options t;
        t.cell_fills = ef_fill;
        r.table(ef, t);
    }

    // ---- risks
    r.heading(1, "Toprisico's (kans × impact)");
    std::vector<std::vector<std::string>> rk = {{"Risico", "Kans", "Impact", "Score", "Maatregel", "Eigenaar"}};
    for (std::size_t i = 0; i < road.risks.size() && i < 5; ++i) {
        const risk& k = *road.risks[i];
        rk.push_back({k.text, format_dutch(k.likelihood, 1), format_dutch(k.impact, 1), format_dutch(k.likelihood * k.impact, 1),
                      k.measure, k.owner});
    }
    if (rk.size() == 1) {
        r.paragraph("Geen open risico's.");
    } else {
        report_table_options t;
        r.table(rk, t);
    }

    // ---- overdue agreements
    r.heading(1, "Verlopen afspraken");
    if (road.overdue.empty()) {
        r.paragraph("Geen verlopen afspraken.");
    } else {
        std::vector<std::vector<std::string>> ag = {{"Afspraak", "Verantwoordelijk", "Deadline", "Status"}};
        for (const agreement* a : road.overdue)
            ag.push_back({a->text, a->responsible, a->deadline ? dutch_date(*a->deadline) : "–", a->status.empty() ? "–" : a->status});
        report_table_options t;
        r.table(ag, t);
    }

    // ---- ownership
    r.heading(1, "Eigenaarschap van baten");
    if (road.ownership.empty()) {
        r.paragraph("Alle baten hebben een eigenaar met commitment.");
    } else {
        std::vector<std::string> items;
        for (const auto& w : road.ownership)
            items.push_back(w.benefit + ": " + w.issue + (w.owner.empty() ? std::string() : " (" + w.owner + ")"));
        r.bullets(items);
    }

    // ---- review comments
    if (with_comments) {
        r.heading(1, "Open reviewopmerkingen");
        r.paragraph(std::to_string(comments.size()) + (comments.size() == 1 ? " open opmerking" : " open opmerkingen") + " in " +
                    std::filesystem::path(comments_file).filename().string() + ".");
        if (!comments.empty()) {
            std::vector<std::vector<std::string>> cm = {{"Auteur", "Sectie", "Opmerking"}};
            for (const auto& c : comments) cm.push_back({c.author.empty() ? "(onbekend)" : c.author, c.section.empty() ? "–" : c.section, c.text});
            report_table_options t;
            r.table(cm, t);
        }
    }

    r.save(out.string());
}

}  // namespace kib
