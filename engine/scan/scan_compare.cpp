// Comparison with an earlier scan (compare, pillar_change::change_tenths): exact when the earlier
// scan is an export or JSON with score_fraction; from the decimal score otherwise.
#include "engine/scan/maturity.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <map>
#include <optional>
#include <utility>
#include <vector>
#include <string>

#include "engine/scan/maturity_detail.hpp"
#include "readers/i18n.hpp"

namespace kib::maturity {

using namespace detail;

std::optional<int> pillar_change::change_tenths() const noexcept {
    if (!after.has_value() || !has_before()) return std::nullopt;
    if (!before.has_value()) {
        const long double d = after.value() - *before_value;
        const long double t = std::floor(std::fabs(d) * 10 + 0.5L);
        return static_cast<int>(d < 0 ? -t : t);
    }
    // after − before = (Sa·cb − Sb·ca) / (840·ca·cb), exact.
    const i128 num = static_cast<i128>(after.sum_units) * before.count - static_cast<i128>(before.sum_units) * after.count;
    const i128 den = static_cast<i128>(units_per_point) * after.count * before.count;
    const i128 a = num < 0 ? -num : num;
    const auto t = static_cast<int>((20 * a + den) / (2 * den));
    return num < 0 ? -t : t;
}

std::optional<int> pillar_change::before_tenths() const noexcept {
    if (before.has_value()) return before.tenths();
    if (before_value) return static_cast<int>(std::floor(*before_value * 10 + 0.5L));
    return std::nullopt;
}

namespace {

// What compare() needs of an earlier scan: scores per pillar, overall and per department.
struct earlier_scores {
    std::array<exact_mean, pillar_count> exact{};
    std::array<std::optional<long double>, pillar_count> value{};  // JSON without score_fraction
};
struct earlier_scan {
    std::int64_t respondents = 0;
    earlier_scores overall;
    std::vector<std::pair<std::string, earlier_scores>> departments;
    std::vector<std::int64_t> department_respondents;
};

pillar_change make_change(int p, const earlier_scores& before, const exact_mean& after) {
    pillar_change c;
    c.pillar = p;
    c.before = before.exact[p];
    c.before_value = before.value[p];
    c.after = after;
    if (c.before.has_value()) {
        c.before_phase = phase_of(c.before);
    } else if (c.before_value) {
        // From a JSON score without the exact fraction: round half up from the decimal value.
        c.before_phase = phase_for_integer(static_cast<int>(std::floor(*c.before_value + 0.5L)));
    }
    c.after_phase = phase_of(c.after);
    return c;
}

earlier_scan read_earlier_json(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(path, "", tr("cannot open the earlier scan"), tr("check the path given to --previous"));
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(in);
    } catch (const nlohmann::json::parse_error& e) {
        fail(path, "", trf("not valid JSON: {}", {e.what()}), tr("give the JSON printed by kib score --json, or the earlier export"));
    }
    if (!j.contains("pillars") || !j["pillars"].is_array()) {
        fail(path, "pillars", tr("missing"), tr("give the JSON printed by kib score --json, or the earlier export"));
    }
    earlier_scan e;
    if (j.contains("respondents") && j["respondents"].is_number_integer()) e.respondents = j["respondents"].get<std::int64_t>();
    for (const auto& p : j["pillars"]) {
        const int pi = p.contains("name") && p["name"].is_string() ? pillar_by_token(p["name"].get<std::string>()) : -1;
        if (pi < 0) continue;
        if (p.contains("score_fraction") && p["score_fraction"].is_array() && p["score_fraction"].size() == 2) {
            const auto num = p["score_fraction"][0].get<std::int64_t>();
            const auto den = p["score_fraction"][1].get<std::int64_t>();
            if (den > 0 && den % units_per_point == 0) e.overall.exact[pi] = {num, den / units_per_point};
        } else if (p.contains("score") && p["score"].is_number()) {
            e.overall.value[pi] = p["score"].get<double>();
        }
    }
    // Departments as `kib score --json` prints them: {"name", "respondents", "pillars": {"Strategie": 21.5, …}}.
    if (j.contains("departments") && j["departments"].is_array()) {
        for (const auto& d : j["departments"]) {
            if (!d.contains("name") || !d["name"].is_string() || !d.contains("pillars") || !d["pillars"].is_object()) continue;
            earlier_scores sc;
            for (const auto& [name, v] : d["pillars"].items()) {
                const int pi = pillar_by_token(name);
                if (pi >= 0 && v.is_number()) sc.value[pi] = v.get<double>();
            }
            e.departments.emplace_back(d["name"].get<std::string>(), sc);
            e.department_respondents.push_back(d.contains("respondents") && d["respondents"].is_number_integer()
                                                   ? d["respondents"].get<std::int64_t>()
                                                   : 0);
        }
    }
    return e;
}

earlier_scan read_earlier_export(const std::string& path, const score_options& options) {
    score_options o = options;
    o.invited_file.clear();
    const scan_result prev = score_file(path, o);
    earlier_scan e;
    e.respondents = prev.respondents;
    for (int p = 0; p < pillar_count; ++p) e.overall.exact[p] = prev.pillars[p].score;
    for (const department_result& d : prev.departments) {
        earlier_scores sc;
        sc.exact = d.pillars;
        e.departments.emplace_back(d.name, sc);
        e.department_respondents.push_back(d.respondents);
    }
    return e;
}

}  // namespace

void compare(scan_result& current, const std::string& previous_path, const score_options& options) {
    const bool json = previous_path.size() >= 5 && compact(previous_path.substr(previous_path.size() - 5)) == ".json";
    const earlier_scan before = json ? read_earlier_json(previous_path) : read_earlier_export(previous_path, options);
    current.changes.clear();
    for (int p = 0; p < pillar_count; ++p) current.changes.push_back(make_change(p, before.overall, current.pillars[p].score));

    // Departments are matched by name, ignoring case and spacing ("Klantcontact centrum" = "klantcontact  Centrum").
    previous_scan prev;
    prev.file = previous_path;
    prev.respondents = before.respondents;
    std::map<std::string, std::size_t> earlier_index;
    for (std::size_t i = 0; i < before.departments.size(); ++i) earlier_index.emplace(normalize(before.departments[i].first), i);
    std::map<std::string, bool> matched;
    for (const department_result& d : current.departments) {
        const auto it = earlier_index.find(normalize(d.name));
        if (it == earlier_index.end()) {
            prev.only_now.push_back(d.name);
            continue;
        }
        matched[it->first] = true;
        department_change dc;
        dc.name = d.name;
        dc.respondents_before = before.department_respondents[it->second];
        dc.respondents_after = d.respondents;
        for (int p = 0; p < pillar_count; ++p) dc.pillars[p] = make_change(p, before.departments[it->second].second, d.pillars[p]);
        prev.departments.push_back(std::move(dc));
    }
    for (const auto& [name, sc] : before.departments) {
        if (!matched.count(normalize(name))) prev.only_before.push_back(name);
    }
    std::sort(prev.only_before.begin(), prev.only_before.end());
    std::sort(prev.only_now.begin(), prev.only_now.end());
    current.previous = std::move(prev);
}

}  // namespace kib::maturity
