// Comparison with an earlier scan (compare, pillar_change::change_tenths): exact when the earlier
// scan is an export or JSON with score_fraction; from the decimal score otherwise.
#include "engine/scan/maturity.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <optional>
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

void compare(scan_result& current, const std::string& previous_path, const score_options& options) {
    std::array<exact_mean, pillar_count> before{};
    std::array<std::optional<long double>, pillar_count> before_value{};
    const bool json = previous_path.size() >= 5 && compact(previous_path.substr(previous_path.size() - 5)) == ".json";
    if (json) {
        std::ifstream in(previous_path, std::ios::binary);
        if (!in) fail(previous_path, "", tr("cannot open the earlier scan"), tr("check the path given to --previous"));
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(in);
        } catch (const nlohmann::json::parse_error& e) {
            fail(previous_path, "", trf("not valid JSON: {}", {e.what()}), tr("give the JSON printed by kib score --json, or the earlier export"));
        }
        if (!j.contains("pillars") || !j["pillars"].is_array()) {
            fail(previous_path, "pillars", tr("missing"), tr("give the JSON printed by kib score --json, or the earlier export"));
        }
        for (const auto& p : j["pillars"]) {
            const int pi = p.contains("name") && p["name"].is_string() ? pillar_by_token(p["name"].get<std::string>()) : -1;
            if (pi < 0) continue;
            if (p.contains("score_fraction") && p["score_fraction"].is_array() && p["score_fraction"].size() == 2) {
                const auto num = p["score_fraction"][0].get<std::int64_t>();
                const auto den = p["score_fraction"][1].get<std::int64_t>();
                if (den > 0 && den % units_per_point == 0) before[pi] = {num, den / units_per_point};
            } else if (p.contains("score") && p["score"].is_number()) {
                before_value[pi] = p["score"].get<double>();
            }
        }
    } else {
        score_options o = options;
        o.invited_file.clear();
        const scan_result prev = score_file(previous_path, o);
        for (int p = 0; p < pillar_count; ++p) before[p] = prev.pillars[p].score;
    }
    current.changes.clear();
    for (int p = 0; p < pillar_count; ++p) {
        pillar_change c;
        c.pillar = p;
        c.before = before[p];
        c.before_value = before_value[p];
        c.after = current.pillars[p].score;
        if (c.before.has_value()) {
            c.before_phase = phase_of(c.before);
        } else if (c.before_value) {
            // From a JSON score without the exact fraction: round half up from the decimal value.
            c.before_phase = phase_for_integer(static_cast<int>(std::floor(*c.before_value + 0.5L)));
        }
        c.after_phase = phase_of(c.after);
        current.changes.push_back(c);
    }
}

}  // namespace kib::maturity
