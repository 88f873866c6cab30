#include "engine/scan/score_outputs.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <optional>
#include <utility>
#include <vector>
#include <system_error>

#include "readers/error.hpp"
#include "engine/scan/score_report.hpp"
#include "writers/xlsx_new.hpp"

namespace kib {

namespace {

namespace m = maturity;

constexpr const char* score_format = "[$-413]0.0";
constexpr const char* percent_format = "[$-413]0.0%";

// Fill colour per phase: warm for the early phases, greener as the organisation matures.
const char* phase_fill(m::phase p) {
    switch (p) {
        case m::phase::startend: return "F4B183";
        case m::phase::lerend: return "FFE699";
        case m::phase::groeiend: return "E2EFDA";
        case m::phase::volwassen: return "A9D08E";
        case m::phase::leidend: return "70AD47";
    }
    return "FFFFFF";
}

double tenths_value(int t) { return t / 10.0; }

// Response against the 50% target: reached (green) or below (light red).
constexpr const char* target_met_fill = "E2EFDA";
constexpr const char* below_target_fill = "FCE4D6";

std::string today_iso() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

cell_style make_style(std::string number_format, std::string fill = {}, bool bold = false, bool wrap = false) {
    cell_style s;
    s.number_format = std::move(number_format);
    s.fill_color = std::move(fill);
    s.bold = bold;
    s.wrap = wrap;
    // Top: in a row made taller for a wrapped text, every cell reads from the same line.
    s.vertical = v_align::top;
    return s;
}

const cell_style header = [] {
    cell_style s = make_style({}, "D9E2F3", true);
    s.border = border_line::thin;
    return s;
}();

// ---- workbook ----

void pillars_sheet(new_workbook& wb, const m::scan_result& r) {
    const auto& info = m::pillars();
    new_sheet& s = wb.add_sheet("Pijlers");
    s.set_print_setup(true, true, 1);  // landscape, one page wide, header row on every page
    const std::array<const char*, 7> heads = {"Pijler", "Score", "Fase", "Modelwaarde", "Respondenten", "Standaarddeviatie",
                                              "Weet ik niet"};
    for (std::uint32_t c = 0; c < heads.size(); ++c) s.set_text(1, c + 1, heads[c], header);
    for (int p = 0; p < m::pillar_count; ++p) {
        const auto row = static_cast<std::uint32_t>(p + 2);
        const m::pillar_result& pr = r.pillars[p];
        s.set_text(row, 1, info[p].name);
        if (pr.score.has_value()) {
            const m::phase ph = m::phase_of(pr.score);
            s.set_number(row, 2, tenths_value(pr.score.tenths()), make_style(score_format));
            s.set_text(row, 3, m::phase_name(ph), make_style({}, phase_fill(ph)));
            s.set_number(row, 4, tenths_value(pr.score.model_tenths()), make_style(score_format));
        } else {
            s.set_text(row, 2, "–");
            s.set_text(row, 3, "–");
            s.set_text(row, 4, "–");
        }
        s.set_number(row, 5, static_cast<double>(pr.score.count));
        if (pr.score.count >= 2) s.set_number(row, 6, static_cast<double>(pr.sd), make_style(score_format));
        std::int64_t filled = 0;
        const std::int64_t dk = m::dont_know_total(pr, filled);
        if (filled > 0) s.set_number(row, 7, static_cast<double>(dk) / static_cast<double>(filled), make_style(percent_format));
    }
    s.fit_columns(1, 7, 10, 30);
    s.freeze_panes(1);
    chart_spec c;
    c.kind = chart_kind::radar;
    c.title = "CXPA-modelwaarde per pijler";
    c.value_format = "0.0";
    c.value_min = 0;
    c.value_max = 5;
    c.series.push_back(s.column_series(1, 2, 7, 1, 4));
    s.add_chart(c, "I2:P20");
}

void departments_sheet(new_workbook& wb, const m::scan_result& r) {
    const auto& info = m::pillars();
    new_sheet& s = wb.add_sheet("Per afdeling");
    s.set_print_setup(true, true, 1);  // landscape, one page wide, header row on every page
    s.set_text(1, 1, "Afdeling", header);
    s.set_text(1, 2, "Respondenten", header);
    for (int p = 0; p < m::pillar_count; ++p) s.set_text(1, static_cast<std::uint32_t>(p + 3), info[p].name, header);
    s.set_text(1, 9, "Gemiddelde", header);
    std::uint32_t row = 2;
    for (const m::department_result& d : r.departments) {
        s.set_text(row, 1, d.name);
        s.set_number(row, 2, static_cast<double>(d.respondents));
        for (int p = 0; p < m::pillar_count; ++p) {
            const auto col = static_cast<std::uint32_t>(p + 3);
            const m::exact_mean& e = d.pillars[p];
            if (e.has_value()) {
                s.set_number(row, col, tenths_value(e.tenths()), make_style(score_format, phase_fill(m::phase_of(e))));
            } else {
                s.set_text(row, col, "–");
            }
        }
        s.set_number(row, 9, static_cast<double>(d.average()), make_style(score_format));
        ++row;
    }
    s.fit_columns(1, 1, 12, 40);
    s.fit_columns(2, 9, 8, 20);
    s.freeze_panes(1, 1);
    if (row > 2) s.set_autofilter(1, 1, row - 1, 9);
}

void questions_sheet(new_workbook& wb, const m::scan_result& r) {
    const auto& info = m::pillars();
    new_sheet& s = wb.add_sheet("Per vraag");
    s.set_print_setup(true, true, 1);  // landscape, one page wide, header row on every page
    const std::array<const char*, 11> heads = {"Pijler", "Vraag", "Stelling", "Niet / nooit", "Incidenteel", "Regelmatig",
                                               "Systematisch", "Weet ik niet", "Niet ingevuld", "Aandeel 'Weet ik niet'",
                                               "Gemiddelde punten"};
    for (std::uint32_t c = 0; c < heads.size(); ++c) s.set_text(1, c + 1, heads[c], header);
    std::uint32_t row = 2;
    for (int p = 0; p < m::pillar_count; ++p) {
        for (int q = 0; q < m::questions_per_pillar; ++q, ++row) {
            const m::question_stats& qs = r.pillars[p].questions[q];
            const cell_style plain = make_style({});
            s.set_text(row, 1, info[p].name, plain);
            s.set_number(row, 2, q + 1, plain);
            s.set_text(row, 3, info[p].questions[q], make_style({}, {}, false, true));
            for (std::uint32_t k = 0; k < 4; ++k) s.set_number(row, 4 + k, static_cast<double>(qs.points[k]), plain);
            s.set_number(row, 8, static_cast<double>(qs.dont_know), plain);
            s.set_number(row, 9, static_cast<double>(qs.not_answered), plain);
            if (qs.filled() > 0) {
                s.set_number(row, 10, static_cast<double>(qs.dont_know) / static_cast<double>(qs.filled()),
                             make_style(percent_format));
            }
            const std::int64_t answered = qs.points[0] + qs.points[1] + qs.points[2] + qs.points[3];
            const std::int64_t points = qs.points[0] + 2 * qs.points[1] + 3 * qs.points[2] + 4 * qs.points[3];
            if (answered > 0) {
                s.set_number(row, 11, static_cast<double>(points) / static_cast<double>(answered), make_style("[$-413]0.00"));
            }
        }
    }
    s.fit_columns(1, 2, 8, 20);
    s.set_column_width(3, 3, 60);
    s.fit_columns(4, 11, 8, 24);
    s.fit_row_heights();
    s.freeze_panes(1);
    s.set_autofilter(1, 1, row - 1, 11);
}

// Open answers grouped per pillar; identical answers once, with how many gave them.
void comments_sheet(new_workbook& wb, const m::scan_result& r) {
    const auto& info = m::pillars();
    new_sheet& s = wb.add_sheet("Toelichtingen");
    s.set_print_setup(true, true, 1);  // landscape, one page wide, header row on every page
    const std::array<const char*, 4> heads = {"Pijler", "Toelichting", "Aantal", "Afdelingen"};
    for (std::uint32_t c = 0; c < heads.size(); ++c) s.set_text(1, c + 1, heads[c], header);
    const cell_style top = make_style({});
    const cell_style top_wrapped = make_style({}, {}, false, true);
    std::uint32_t row = 2;
    for (const m::comment_group& g : m::group_comments(r.comments)) {
        s.set_text(row, 1, info[g.pillar].name, top);
        s.set_text(row, 2, g.text, top_wrapped);
        s.set_number(row, 3, static_cast<double>(g.count), top);
        std::string depts;
        for (const std::string& d : g.departments) depts += (depts.empty() ? "" : ", ") + d;
        s.set_text(row, 4, depts, top_wrapped);
        ++row;
    }
    s.fit_columns(1, 1, 10, 16);
    s.fit_columns(2, 2, 30, 70);
    s.fit_columns(3, 3, 8, 10);
    s.fit_columns(4, 4, 12, 40);
    s.fit_row_heights();
    s.freeze_panes(1);
    if (row > 2) s.set_autofilter(1, 1, row - 1, 4);
}

// Response per department against the handbook's target of 50%: departments below it are
// marked "onder 50%" with a light red fill, those that reach it "gehaald" in green.
void response_sheet(new_workbook& wb, const m::scan_result& r) {
    new_sheet& s = wb.add_sheet("Respons");
    s.set_print_setup(false, true, 1);  // one page wide, header row on every page
    const std::array<const char*, 5> heads = {"Afdeling", "Uitgenodigd", "Respondenten", "Respons", "Streefwaarde 50%"};
    for (std::uint32_t c = 0; c < heads.size(); ++c) s.set_text(1, c + 1, heads[c], header);
    std::uint32_t row = 2;
    auto line = [&](const std::string& name, std::optional<std::int64_t> invited, std::int64_t resp, const cell_style& st) {
        const std::optional<bool> reached = m::meets_response_target(resp, invited);
        cell_style flag = st;
        if (reached) flag.fill_color = *reached ? target_met_fill : below_target_fill;
        s.set_text(row, 1, name, st);
        if (invited) s.set_number(row, 2, static_cast<double>(*invited), st);
        else s.set_text(row, 2, "–", st);
        s.set_number(row, 3, static_cast<double>(resp), st);
        cell_style pct = flag;
        pct.number_format = percent_format;
        if (invited && *invited > 0) s.set_number(row, 4, static_cast<double>(resp) / static_cast<double>(*invited), pct);
        else s.set_text(row, 4, "–", st);
        s.set_text(row, 5, !reached ? "–" : *reached ? "gehaald" : "onder 50%", flag);
        ++row;
    };
    for (const m::department_result& d : r.departments) line(d.name, d.invited, d.respondents, {});
    line("Totaal", r.invited, r.respondents, make_style({}, {}, true));
    // Sized before the notes below, which may run on over the empty cells to their right.
    s.fit_columns(1, 1, 12, 40);
    s.fit_columns(2, 5, 8, 20);
    ++row;
    s.set_text(row++, 1, "Streefwaarde 50%: het handboek vraagt minstens de helft van de uitgenodigden per afdeling.");
    std::int64_t below = 0, known = 0;
    for (const m::department_result& d : r.departments) {
        if (const auto reached = m::meets_response_target(d.respondents, d.invited)) {
            ++known;
            below += *reached ? 0 : 1;
        }
    }
    if (known > 0) {
        s.set_text(row++, 1, "Onder de streefwaarde: " + std::to_string(below) + " van " + std::to_string(known) + " afdelingen.");
    } else {
        s.set_text(row++, 1, "Het aantal uitgenodigden per afdeling is niet opgegeven; de respons is onbekend.");
    }
    s.freeze_panes(1);
}

// The comparison with an earlier scan (kib score --previous): per pillar the earlier score, this
// scan's score and the change (exact, see pillar_change::change_tenths) with both phases, a radar
// chart with both scans as two series, then per department found in both scans the same figures.
constexpr const char* change_format = "[$-413]+0.0;-0.0;0.0";
constexpr const char* rise_fill = "E2EFDA";
constexpr const char* fall_fill = "FCE4D6";

// Writes earlier / now / change of one pillar into columns col..col+2 ("–" where a scan has no score).
void change_cells(new_sheet& s, std::uint32_t row, std::uint32_t col, const m::pillar_change& c) {
    if (const auto b = c.before_tenths()) s.set_number(row, col, tenths_value(*b), make_style(score_format));
    else s.set_text(row, col, "–");
    if (c.after.has_value()) s.set_number(row, col + 1, tenths_value(c.after.tenths()), make_style(score_format));
    else s.set_text(row, col + 1, "–");
    if (const auto t = c.change_tenths()) {
        s.set_number(row, col + 2, tenths_value(*t), make_style(change_format, *t > 0 ? rise_fill : *t < 0 ? fall_fill : ""));
    } else {
        s.set_text(row, col + 2, "–");
    }
}

void comparison_sheet(new_workbook& wb, const m::scan_result& r) {
    const auto& info = m::pillars();
    new_sheet& s = wb.add_sheet("Vergelijking");
    s.set_print_setup(true, true, 1);  // landscape, one page wide, header row on every page
    const std::array<const char*, 6> heads = {"Pijler", "Eerdere scan", "Deze scan", "Verschil", "Fase eerder", "Fase nu"};
    for (std::uint32_t c = 0; c < heads.size(); ++c) s.set_text(1, c + 1, heads[c], header);
    for (const m::pillar_change& c : r.changes) {
        const auto row = static_cast<std::uint32_t>(c.pillar + 2);
        s.set_text(row, 1, info[c.pillar].name);
        change_cells(s, row, 2, c);
        if (c.has_before()) s.set_text(row, 5, m::phase_name(c.before_phase), make_style({}, phase_fill(c.before_phase)));
        else s.set_text(row, 5, "–");
        if (c.after.has_value()) s.set_text(row, 6, m::phase_name(c.after_phase), make_style({}, phase_fill(c.after_phase)));
        else s.set_text(row, 6, "–");
    }
    // Notes run on over the empty cells to their right, so they are written after the columns are
    // sized to the tables.
    std::vector<std::pair<std::uint32_t, std::string>> notes;
    std::uint32_t row = m::pillar_count + 3;
    if (r.previous) {
        notes.emplace_back(row++, "Eerdere scan: " + std::filesystem::path(r.previous->file).filename().string() + ", " +
                                      std::to_string(r.previous->respondents) + " respondenten.");
    }
    notes.emplace_back(row++, "Deze scan: " + std::filesystem::path(r.file).filename().string() + ", " + std::to_string(r.respondents) +
                                  " respondenten. Verschil = deze scan − eerdere scan, berekend uit de onafgeronde scores.");

    chart_spec c;
    c.kind = chart_kind::radar;
    c.title = "Score per pijler: eerdere scan en deze scan";
    c.value_format = "0";
    c.value_min = 8;
    c.value_max = 32;
    c.series.push_back(s.column_series(1, 2, 7, 1, 2));
    c.series.push_back(s.column_series(1, 2, 7, 1, 3));

    if (r.previous && !r.previous->departments.empty()) {
        row += 1;
        notes.emplace_back(row++, "Per afdeling (afdelingen die in beide scans voorkomen)");
        const std::uint32_t head_row = row;
        const std::array<const char*, 7> dept_heads = {"Afdeling",  "Pijler",   "Eerdere scan", "Deze scan",
                                                       "Verschil",  "Resp. eerder", "Resp. nu"};
        for (std::uint32_t k = 0; k < dept_heads.size(); ++k) s.set_text(row, k + 1, dept_heads[k], header);
        ++row;
        for (const m::department_change& d : r.previous->departments) {
            for (const m::pillar_change& pc : d.pillars) {
                s.set_text(row, 1, d.name);
                s.set_text(row, 2, info[pc.pillar].name);
                change_cells(s, row, 3, pc);
                s.set_number(row, 6, static_cast<double>(d.respondents_before));
                s.set_number(row, 7, static_cast<double>(d.respondents_after));
                ++row;
            }
        }
        s.set_autofilter(head_row, 1, row - 1, 7);
    }
    s.fit_columns(1, 7, 10, 40);
    for (const auto& [at, text] : notes) s.set_text(at, 1, text, make_style({}, {}, text.rfind("Per afdeling", 0) == 0));
    if (r.previous) {
        auto names = [](const std::vector<std::string>& v) {
            std::string t;
            for (const auto& n : v) t += (t.empty() ? "" : ", ") + n;
            return t;
        };
        if (r.previous->departments.empty()) s.set_text(++row, 1, "Geen afdeling komt in beide scans voor.");
        if (!r.previous->only_before.empty()) s.set_text(++row, 1, "Alleen in de eerdere scan: " + names(r.previous->only_before) + ".");
        if (!r.previous->only_now.empty()) s.set_text(++row, 1, "Alleen in deze scan: " + names(r.previous->only_now) + ".");
    }
    s.freeze_panes(1);
    s.add_chart(c, "I2:P20");
}

}  // namespace

std::string dutch_long_date(const std::string& iso) {
    static const std::array<const char*, 12> months = {"januari", "februari", "maart",     "april",   "mei",      "juni",
                                                       "juli",    "augustus", "september", "oktober", "november", "december"};
    int y = 0, mo = 0, day = 0;
    char tail = 0;
    if (iso.size() != 10 || std::sscanf(iso.c_str(), "%4d-%2d-%2d%c", &y, &mo, &day, &tail) != 3 || mo < 1 || mo > 12 || day < 1 ||
        day > 31) {
        throw error(error_category::bad_input, location{"", "", iso, 0, 0}, "not a date: '" + iso + "'", "write the date as 2026-11-23");
    }
    return std::to_string(day) + " " + months[static_cast<std::size_t>(mo - 1)] + " " + std::to_string(y);
}

std::vector<std::filesystem::path> write_score_outputs(const m::scan_result& r, const std::filesystem::path& outdir,
                                                       const std::string& stem, const std::string& date_iso) {
    const std::string date = date_iso.empty() ? today_iso() : date_iso;
    (void)dutch_long_date(date);  // validates before anything is written
    std::error_code ec;
    std::filesystem::create_directories(outdir, ec);
    if (ec) {
        throw error(error_category::io, location{outdir.string(), "", "", 0, 0}, "cannot create the output folder: " + ec.message(),
                    "check the path and your permissions");
    }
    const std::filesystem::path xlsx = outdir / (stem + " - resultaten.xlsx");
    const std::filesystem::path docx = outdir / (stem + " - rapportage.docx");

    new_workbook wb;
    wb.set_title("CX-Volwassenheidsscan — resultaten");
    wb.set_created(date + "T00:00:00Z");
    pillars_sheet(wb, r);
    if (!r.changes.empty()) comparison_sheet(wb, r);
    departments_sheet(wb, r);
    questions_sheet(wb, r);
    comments_sheet(wb, r);
    response_sheet(wb, r);
    wb.fit_column_widths();  // no header or name cut off at a column edge
    wb.save(xlsx.string());

    detail::write_score_report(r, docx.string(), date);
    return {xlsx, docx};
}

}  // namespace kib
