// Open answers (Toelichtingen) grouped per pillar, identical answers counted once (group_comments),
// and the response target per department (meets_response_target): what the scan's outputs list.
#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/scan/maturity.hpp"
#include "engine/scan/maturity_detail.hpp"

namespace kib::maturity {

std::optional<bool> meets_response_target(std::int64_t respondents, std::optional<std::int64_t> invited) noexcept {
    if (!invited || *invited <= 0) return std::nullopt;
    return 2 * respondents >= *invited;
}

std::vector<comment_group> group_comments(const std::vector<comment_entry>& comments) {
    // Per pillar, in order of first appearance; the key ignores case and spacing, so "Geen idee" and
    // "geen  idee " are one answer, shown as first given.
    std::array<std::vector<comment_group>, pillar_count> per_pillar;
    std::array<std::map<std::string, std::size_t>, pillar_count> index;
    for (const comment_entry& c : comments) {
        if (c.pillar < 0 || c.pillar >= pillar_count) continue;
        const std::string key = detail::normalize(c.text);
        if (key.empty()) continue;
        auto& groups = per_pillar[static_cast<std::size_t>(c.pillar)];
        const auto [it, inserted] = index[static_cast<std::size_t>(c.pillar)].emplace(key, groups.size());
        if (inserted) groups.push_back({c.pillar, std::string(c.text), 0, {}});
        comment_group& g = groups[it->second];
        ++g.count;
        if (!c.department.empty() && std::find(g.departments.begin(), g.departments.end(), c.department) == g.departments.end()) {
            g.departments.emplace_back(c.department);
        }
    }
    std::vector<comment_group> out;
    for (auto& groups : per_pillar) {
        std::stable_sort(groups.begin(), groups.end(), [](const comment_group& a, const comment_group& b) { return a.count > b.count; });
        for (auto& g : groups) out.push_back(std::move(g));
    }
    return out;
}

}  // namespace kib::maturity
