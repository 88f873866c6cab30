#include "engine/drop/drop_config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <ctime>
#include <set>

#include "readers/cell.hpp"
#include "readers/error.hpp"
#include "readers/limits.hpp"

namespace kib {

namespace {

[[noreturn]] void fail_at(const std::filesystem::path& file, const toml::source_region& where, const std::string& msg,
                          const std::string& hint = {}) {
    location loc;
    loc.file = file.string();
    loc.line = where.begin.line;
    loc.column = where.begin.column;
    throw error(error_category::bad_input, std::move(loc), msg, hint);
}

template <class T>
void read_value(const std::filesystem::path& file, const toml::table& t, const char* key, T& out) {
    const toml::node* n = t.get(key);
    if (!n) return;
    if constexpr (std::is_same_v<T, bool>) {
        if (!n->is_boolean()) fail_at(file, n->source(), trf("'{}' must be true or false", {key}));
        out = n->as_boolean()->get();
    } else if constexpr (std::is_same_v<T, int>) {
        if (!n->is_integer()) fail_at(file, n->source(), trf("'{}' must be a whole number", {key}));
        out = static_cast<int>(n->as_integer()->get());
    } else if constexpr (std::is_same_v<T, double>) {
        if (n->is_integer()) out = static_cast<double>(n->as_integer()->get());
        else if (n->is_floating_point()) out = n->as_floating_point()->get();
        else fail_at(file, n->source(), trf("'{}' must be a number", {key}));
    } else {
        if (!n->is_string()) fail_at(file, n->source(), trf("'{}' must be text in quotes", {key}));
        out = n->as_string()->get();
    }
}

void check_keys(const std::filesystem::path& file, const toml::table& t, const std::string& section,
                const std::set<std::string>& known) {
    for (const auto& [k, v] : t) {
        if (!known.count(std::string(k.str()))) {
            std::string list;
            for (const auto& s : known) list += (list.empty() ? "" : ", ") + s;
            fail_at(file, v.source(),
                    section.empty() ? trf("unknown setting '{}'", {std::string(k.str())})
                                    : trf("unknown setting '{}' in [{}]", {std::string(k.str()), section}),
                    trf("known settings here: {}", {list}));
        }
    }
}

}  // namespace

std::string today_iso() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

std::string drop_config::resolve_reference_date(const std::string& today) const {
    if (reference_date == "today") return today;
    if (reference_date == "next-steering") {
        std::string best;
        for (const auto& d : steering_dates) {
            if (d >= today && (best.empty() || d < best)) best = d;
        }
        if (best.empty() && !steering_dates.empty()) best = *std::max_element(steering_dates.begin(), steering_dates.end());
        return best.empty() ? today : best;
    }
    return reference_date;
}

drop_config load_drop_config(const std::filesystem::path& file) {
    drop_config c;
    toml::table root;
    try {
        root = toml::parse_file(file.string());
    } catch (const toml::parse_error& e) {
        fail_at(file, e.source(), std::string(e.description()), tr("check the TOML syntax of this line"));
    } catch (const std::exception& e) {
        throw error(error_category::io, {file.string(), {}, {}, 0, 0}, trf("cannot read the configuration: {}", {e.what()}));
    }
    // [serve] belongs to kib serve (engine/serve/serve_config.cpp checks it); one kib.toml may hold both.
    check_keys(file, root, "", {"language", "watch", "programme", "score", "limits", "serve"});
    if (const toml::node* l = root.get("language")) {
        std::string text;
        read_value(file, root, "language", text);
        const auto lang = parse_language(text);
        if (!lang || (text != "nl" && text != "en"))
            fail_at(file, l->source(), trf("language \"{}\" is not one kib speaks", {text}), tr("write language = \"nl\" or language = \"en\""));
        c.language = *lang;
    }
    if (const toml::table* w = root["watch"].as_table()) {
        check_keys(file, *w, "watch", {"stable_seconds", "poll", "poll_seconds", "jobs"});
        read_value(file, *w, "stable_seconds", c.stable_seconds);
        read_value(file, *w, "poll", c.poll);
        read_value(file, *w, "poll_seconds", c.poll_seconds);
        read_value(file, *w, "jobs", c.jobs);
        if (c.jobs < 1 || c.jobs > 64) fail_at(file, w->get("jobs")->source(), tr("'jobs' must be between 1 and 64"));
        if (c.stable_seconds < 0) fail_at(file, w->get("stable_seconds")->source(), tr("'stable_seconds' cannot be negative"));
    }
    if (const toml::table* p = root["programme"].as_table()) {
        check_keys(file, *p, "programme",
                   {"start", "reference_date", "steering_dates", "workbook", "update_in_place", "handouts", "handouts_per_owner",
                    "session_date", "session_location", "session_facilitator"});
        read_value(file, *p, "start", c.programme_start);
        read_value(file, *p, "reference_date", c.reference_date);
        read_value(file, *p, "workbook", c.programme_workbook);
        read_value(file, *p, "update_in_place", c.update_in_place);
        read_value(file, *p, "handouts", c.handouts);
        read_value(file, *p, "handouts_per_owner", c.handouts_per_owner);
        read_value(file, *p, "session_date", c.session_date);
        read_value(file, *p, "session_location", c.session_location);
        read_value(file, *p, "session_facilitator", c.session_facilitator);
        if (const toml::node* n = p->get("session_date"); n && (c.session_date.size() != 10 || !iso_to_serial(c.session_date)))
            fail_at(file, n->source(), tr("'session_date' must be a date YYYY-MM-DD"));
        if (c.reference_date != "today" && c.reference_date != "next-steering" && !iso_to_serial(c.reference_date))
            fail_at(file, p->get("reference_date")->source(), tr("'reference_date' must be \"today\", \"next-steering\" or a date YYYY-MM-DD"));
        if (const toml::node* n = p->get("steering_dates")) {
            const toml::array* a = n->as_array();
            if (!a) fail_at(file, n->source(), tr("'steering_dates' must be a list of dates"));
            for (const auto& d : *a) {
                std::string s;
                if (d.is_string()) s = d.as_string()->get();
                else if (d.is_date()) {
                    const auto dd = d.as_date()->get();
                    char buf[16];
                    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", dd.year, dd.month, dd.day);
                    s = buf;
                }
                if (!iso_to_serial(s)) fail_at(file, d.source(), tr("a steering date must be YYYY-MM-DD"));
                c.steering_dates.push_back(s);
            }
        }
        const std::string& st = c.programme_start;
        if (const toml::node* n = p->get("start"); n && (st.size() != 7 || !iso_to_serial(st + "-01")))
            fail_at(file, n->source(), tr("'start' must be a month YYYY-MM"));
    }
    if (const toml::table* s = root["score"].as_table()) {
        check_keys(file, *s, "score", {"skip_invalid", "previous"});
        read_value(file, *s, "skip_invalid", c.skip_invalid);
        read_value(file, *s, "previous", c.score_previous);
    }
    if (const toml::table* l = root["limits"].as_table()) {
        // The names and ranges are those of the CLI's --limit (readers/limits.cpp checks both).
        for (const auto& [k, v] : *l) {
            location loc;
            loc.file = file.string();
            loc.where = "[limits] " + std::string(k.str());
            loc.line = v.source().begin.line;
            loc.column = v.source().begin.column;
            std::string text;
            if (const auto* i = v.as_integer()) text = std::to_string(i->get());
            else if (const auto* s = v.as_string()) text = s->get();
            else fail_at(file, v.source(), "'" + std::string(k.str()) + "' must be a whole number");
            set_limit(c.limits, k.str(), text, loc);
        }
    }
    return c;
}

}  // namespace kib
