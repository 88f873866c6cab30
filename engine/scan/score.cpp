#include "engine/scan/score.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>

#include "engine/scan/score_outputs.hpp"
#include "readers/i18n.hpp"

#include <algorithm>
#include <ostream>
#include <vector>
#include <sstream>

namespace kib {

namespace {

using json = nlohmann::ordered_json;
namespace m = maturity;

// Width in code points, for aligning columns that hold UTF-8 names.
std::size_t display_width(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

std::string pad(const std::string& s, std::size_t width, bool right = false) {
    const std::size_t w = display_width(s);
    if (w >= width) return s;
    const std::string fill(width - w, ' ');
    return right ? fill + s : s + fill;
}

json score_value(const m::exact_mean& e) {
    if (!e.has_value()) return nullptr;
    return static_cast<double>(e.value());
}

double ratio(std::int64_t a, std::int64_t b) { return b > 0 ? static_cast<double>(a) / static_cast<double>(b) : 0.0; }

// Response per department and overall against the handbook's 50% target.
bool meets_target(std::int64_t respondents, std::int64_t invited) { return m::meets_response_target(respondents, invited).value_or(false); }

}  // namespace

std::string score_json(const m::scan_result& r) {
    const auto& info = m::pillars();
    json j;
    j["file"] = r.file;
    if (!r.sheet.empty()) j["sheet"] = r.sheet;
    j["respondents"] = r.respondents;
    json pillars = json::array();
    for (int p = 0; p < m::pillar_count; ++p) {
        const m::pillar_result& pr = r.pillars[p];
        json o;
        o["name"] = info[p].name;
        o["code"] = info[p].code;
        o["score"] = score_value(pr.score);
        if (pr.score.has_value()) {
            o["score_fraction"] = json::array({pr.score.sum_units, pr.score.count * m::units_per_point});
            o["score_display"] = m::dutch_tenths(pr.score.tenths());
            o["phase"] = m::phase_name(m::phase_of(pr.score));
            o["model"] = pr.score.model_tenths() / 10.0;
            o["model_exact"] = static_cast<double>(1 + (pr.score.value() - 8) / 6);
        } else {
            o["phase"] = nullptr;
            o["model"] = nullptr;
        }
        o["respondents"] = pr.score.count;
        o["sd"] = pr.score.count >= 2 ? json(static_cast<double>(pr.sd)) : json(nullptr);
        std::int64_t filled = 0;
        const std::int64_t dk = m::dont_know_total(pr, filled);
        o["dont_know_share"] = ratio(dk, filled);
        json qs = json::array();
        for (int q = 0; q < m::questions_per_pillar; ++q) {
            const m::question_stats& s = pr.questions[q];
            const int col = r.columns.questions[p][q];
            json qo;
            qo["number"] = q + 1;
            if (col >= 0 && static_cast<std::size_t>(col) < r.headers.size()) qo["header"] = r.headers[col];
            qo["text"] = info[p].questions[q];
            qo["counts"] = {{"niet_nooit", s.points[0]},   {"incidenteel", s.points[1]},   {"regelmatig", s.points[2]},
                            {"systematisch", s.points[3]}, {"weet_ik_niet", s.dont_know}, {"leeg", s.not_answered}};
            qo["dont_know_share"] = ratio(s.dont_know, s.filled());
            const std::int64_t answered = s.points[0] + s.points[1] + s.points[2] + s.points[3];
            const std::int64_t points = s.points[0] + 2 * s.points[1] + 3 * s.points[2] + 4 * s.points[3];
            qo["mean_points"] = answered > 0 ? json(ratio(points, answered)) : json(nullptr);
            qs.push_back(std::move(qo));
        }
        o["questions"] = std::move(qs);
        json hist = json::object();
        for (int t = 8; t <= 32; ++t) hist[std::to_string(t)] = pr.total_histogram[t - 8];
        o["totals_histogram"] = std::move(hist);
        pillars.push_back(std::move(o));
    }
    j["pillars"] = std::move(pillars);

    json depts = json::array();
    for (const m::department_result& d : r.departments) {
        json o;
        o["name"] = d.name;
        o["respondents"] = d.respondents;
        json ps = json::object();
        json details = json::object();
        for (int p = 0; p < m::pillar_count; ++p) {
            ps[info[p].name] = score_value(d.pillars[p]);
            if (d.pillars[p].has_value()) {
                details[info[p].name] = {{"respondents", d.pillars[p].count},
                                         {"phase", m::phase_name(m::phase_of(d.pillars[p]))},
                                         {"model", d.pillars[p].model_tenths() / 10.0}};
            }
        }
        o["pillars"] = std::move(ps);
        o["details"] = std::move(details);
        if (d.invited) {
            o["invited"] = *d.invited;
            o["response_rate"] = ratio(d.respondents, *d.invited);
            o["meets_target"] = meets_target(d.respondents, *d.invited);
        }
        depts.push_back(std::move(o));
    }
    j["departments"] = std::move(depts);

    json resp;
    resp["respondents"] = r.respondents;
    resp["target"] = 0.5;
    if (r.invited) {
        resp["invited"] = *r.invited;
        resp["rate"] = ratio(r.respondents, *r.invited);
        resp["meets_target"] = meets_target(r.respondents, *r.invited);
    } else {
        resp["invited"] = nullptr;
        resp["rate"] = nullptr;
    }
    j["response"] = std::move(resp);

    json iv = json::array();
    for (const m::interview_suggestion& s : r.interviews) {
        iv.push_back({{"department", s.department},
                      {"reason", s.reason},
                      {"average", static_cast<double>(s.average)},
                      {"respondents", s.respondents}});
    }
    j["interviews"] = std::move(iv);

    if (!r.changes.empty()) {
        json cmp = json::array();
        for (const m::pillar_change& c : r.changes) {
            json o;
            o["name"] = info[c.pillar].name;
            o["before"] = c.before.has_value() ? json(static_cast<double>(c.before.value()))
                          : c.before_value     ? json(static_cast<double>(*c.before_value))
                                               : json(nullptr);
            o["after"] = score_value(c.after);
            const auto t = c.change_tenths();
            o["change"] = t ? json(*t / 10.0) : json(nullptr);
            o["before_phase"] = c.has_before() ? json(m::phase_name(c.before_phase)) : json(nullptr);
            o["after_phase"] = c.after.has_value() ? json(m::phase_name(c.after_phase)) : json(nullptr);
            cmp.push_back(std::move(o));
        }
        j["comparison"] = std::move(cmp);
    }
    if (r.previous) {
        // The departments found in both scans: per pillar earlier / now / change.
        json depts_cmp = json::array();
        for (const m::department_change& d : r.previous->departments) {
            json ps = json::object();
            for (const m::pillar_change& c : d.pillars) {
                const auto b = c.before_tenths();
                const auto t = c.change_tenths();
                ps[info[c.pillar].name] = {{"before", b ? json(*b / 10.0) : json(nullptr)},
                                           {"after", c.after.has_value() ? json(c.after.tenths() / 10.0) : json(nullptr)},
                                           {"change", t ? json(*t / 10.0) : json(nullptr)}};
            }
            depts_cmp.push_back({{"name", d.name},
                                 {"respondents_before", d.respondents_before},
                                 {"respondents_after", d.respondents_after},
                                 {"pillars", std::move(ps)}});
        }
        j["comparison_departments"] = std::move(depts_cmp);
        j["comparison_only_before"] = r.previous->only_before;
        j["comparison_only_now"] = r.previous->only_now;
    }

    json comments = json::array();
    for (const m::comment_entry& c : r.comments) {
        comments.push_back({{"pillar", info[c.pillar].name}, {"department", c.department}, {"respondent", c.respondent}, {"text", c.text}});
    }
    j["comments"] = std::move(comments);
    j["warnings"] = r.warnings;
    return j.dump(2) + "\n";
}

std::string score_text(const m::scan_result& r) {
    const auto& info = m::pillars();
    std::ostringstream o;
    o << "CX-Volwassenheidsscan: " << r.respondents << " respondenten";
    if (r.invited) {
        o << ", " << *r.invited << " uitgenodigd, respons " << m::dutch_percent(r.respondents, *r.invited)
          << (meets_target(r.respondents, *r.invited) ? " (streefwaarde 50% gehaald)" : " (onder de streefwaarde van 50%)");
    }
    o << "\n\n";
    o << pad("Pijler", 11) << pad("Score", 7, true) << "  " << pad("Fase", 10) << pad("Model", 6, true)
      << pad("Resp.", 7, true) << pad("Sd", 6, true) << pad("Weet ik niet", 14, true) << "\n";
    for (int p = 0; p < m::pillar_count; ++p) {
        const m::pillar_result& pr = r.pillars[p];
        std::int64_t filled = 0;
        const std::int64_t dk = m::dont_know_total(pr, filled);
        const bool has = pr.score.has_value();
        const int sd_tenths = static_cast<int>(pr.sd * 10 + 0.5L);
        o << pad(info[p].name, 11) << pad(has ? m::dutch_tenths(pr.score.tenths()) : "–", 7, true) << "  "
          << pad(has ? m::phase_name(m::phase_of(pr.score)) : "–", 10)
          << pad(has ? m::dutch_tenths(pr.score.model_tenths()) : "–", 6, true)
          << pad(std::to_string(pr.score.count), 7, true) << pad(pr.score.count >= 2 ? m::dutch_tenths(sd_tenths) : "–", 6, true)
          << pad(filled > 0 ? m::dutch_percent(dk, filled) : "–", 14, true) << "\n";
    }

    // Knowledge gaps: the five questions with the highest "Weet ik niet" share.
    struct gap {
        int pillar, question;
        std::int64_t dk, filled;
    };
    std::vector<gap> gaps;
    for (int p = 0; p < m::pillar_count; ++p) {
        for (int q = 0; q < m::questions_per_pillar; ++q) {
            const auto& s = r.pillars[p].questions[q];
            if (s.dont_know > 0) gaps.push_back({p, q, s.dont_know, s.filled()});
        }
    }
    // Compare dk/filled exactly by cross-multiplying; ties keep questionnaire order.
    std::stable_sort(gaps.begin(), gaps.end(), [](const gap& a, const gap& b) { return a.dk * b.filled > b.dk * a.filled; });
    if (!gaps.empty()) {
        o << "\nHoogste aandeel 'Weet ik niet' (kennishiaten)\n";
        for (std::size_t i = 0; i < gaps.size() && i < 5; ++i) {
            const gap& g = gaps[i];
            o << "  " << pad(std::string(info[g.pillar].name) + " " + std::to_string(g.question + 1), 13)
              << pad(m::dutch_percent(g.dk, g.filled), 7, true) << "  " << info[g.pillar].questions[g.question] << "\n";
        }
    }

    if (!r.departments.empty()) {
        std::size_t w = 8;
        for (const auto& d : r.departments) w = std::max(w, display_width(d.name));
        o << "\nPer afdeling\n" << pad("Afdeling", w + 2) << pad("Resp.", 6, true);
        if (r.invited) o << pad("Uitg.", 7, true) << pad("Respons", 9, true);
        for (const auto& p : info) o << pad(p.code, 7, true);
        o << "\n";
        for (const auto& d : r.departments) {
            o << pad(d.name, w + 2) << pad(std::to_string(d.respondents), 6, true);
            if (r.invited) {
                o << pad(d.invited ? std::to_string(*d.invited) : "–", 7, true)
                  << pad(d.invited && *d.invited > 0 ? m::dutch_percent(d.respondents, *d.invited) : "–", 9, true);
            }
            for (const auto& s : d.pillars) o << pad(s.has_value() ? m::dutch_tenths(s.tenths()) : "–", 7, true);
            if (m::meets_response_target(d.respondents, d.invited) == false) o << "  onder 50%";
            o << "\n";
        }
    }

    if (!r.interviews.empty()) {
        o << "\nSuggesties voor verdiepende interviews (afdelingen met extreme en gemiddelde scores;\n"
             "aan te vullen met 6 tot 8 mensen die het meest betrokken zijn bij CX, samen 12 tot 15 interviews)\n";
        for (const auto& s : r.interviews) {
            const int t = static_cast<int>(s.average * 10 + 0.5L);
            o << "  " << pad(s.department, 28) << " " << pad(m::dutch_tenths(t), 5, true) << "  " << s.reason << "\n";
        }
    }

    if (!r.changes.empty()) {
        o << "\nVergelijking met de eerdere scan\n"
          << pad("Pijler", 11) << pad("Eerder", 8, true) << pad("Nu", 8, true) << pad("Verschil", 10, true) << "  Fase\n";
        for (const auto& c : r.changes) {
            const auto b = c.before_tenths();
            const std::string before = b ? m::dutch_tenths(*b) : "–";
            const auto t = c.change_tenths();
            std::string change = "–";
            if (t) {
                change = m::dutch_tenths(*t);
                if (*t > 0) change.insert(change.begin(), '+');
            }
            o << pad(info[c.pillar].name, 11) << pad(before, 8, true)
              << pad(c.after.has_value() ? m::dutch_tenths(c.after.tenths()) : "–", 8, true) << pad(change, 10, true) << "  "
              << (c.has_before() ? m::phase_name(c.before_phase) : "–") << " → "
              << (c.after.has_value() ? m::phase_name(c.after_phase) : "–") << "\n";
        }
    }
    return o.str();
}

void score(const std::string& survey, const score_options& options, std::ostream& out, std::ostream& err) {
    m::score_options mo;
    mo.skip_invalid = options.skip_invalid;
    mo.mapping_file = options.mapping;
    mo.invited_file = options.invited;
    m::scan_result r = m::score_file(survey, mo);
    if (!options.previous.empty()) m::compare(r, options.previous, mo);
    out << (options.json ? score_json(r) : score_text(r));
    for (const std::string& w : r.warnings) err << "kib: " << trf("warning: {}", {w}) << "\n";
    if (!options.outdir.empty()) {
        for (const auto& p : write_score_outputs(r, options.outdir, std::filesystem::path(survey).stem().string())) {
            err << "kib: " << trf("wrote {}", {p.string()}) << "\n";
        }
    }
}

}  // namespace kib
