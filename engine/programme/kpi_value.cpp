#include "engine/programme/kpi_value.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>

namespace kib {

namespace {

std::string_view trim(std::string_view s) {
    // Non-breaking spaces (U+00A0) are common in pasted figures; treat them as spaces.
    for (;;) {
        if (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
        else if (s.size() >= 2 && s.substr(0, 2) == "\xC2\xA0") s.remove_prefix(2);
        else break;
    }
    for (;;) {
        if (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
        else if (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") s.remove_suffix(2);
        else break;
    }
    return s;
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// A decimal number with comma or point as decimal separator and an optional sign.
std::optional<double> parse_decimal(std::string_view s) {
    s = trim(s);
    if (s.empty()) return std::nullopt;
    std::string buf(s);
    int separators = 0;
    for (char& c : buf) {
        if (c == ',') c = '.';
        if (c == '.') ++separators;
    }
    if (separators > 1) return std::nullopt;
    const char* first = buf.data();
    const char* last = buf.data() + buf.size();
    if (*first == '+') ++first;
    if (first == last) return std::nullopt;
    double v = 0.0;
    auto [ptr, ec] = std::from_chars(first, last, v);
    if (ec != std::errc{} || ptr != last || !std::isfinite(v)) return std::nullopt;
    return v;
}

kpi_value make(kpi_kind k, double v, std::string_view text) { return {k, v, std::string(text)}; }

}  // namespace

const char* to_string(kpi_kind k) noexcept {
    switch (k) {
        case kpi_kind::empty: return "empty";
        case kpi_kind::number: return "number";
        case kpi_kind::percent: return "percent";
        case kpi_kind::relative: return "relative";
        case kpi_kind::baseline: return "baseline";
        case kpi_kind::duration: return "duration";
        case kpi_kind::at_least: return "at_least";
        case kpi_kind::not_measured: return "not_measured";
        case kpi_kind::in_design: return "in_design";
        case kpi_kind::pilot: return "pilot";
    }
    return "?";
}

bool kpi_value::has_figure() const noexcept {
    switch (kind) {
        case kpi_kind::number:
        case kpi_kind::percent:
        case kpi_kind::relative:
        case kpi_kind::baseline:
        case kpi_kind::duration:
        case kpi_kind::at_least: return true;
        default: return false;
    }
}

std::string format_dutch(double v, int decimals, int min_decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string s = buf;
    if (s == "-0" || s.rfind("-0.", 0) == 0) {
        bool all_zero = true;
        for (char c : s.substr(1))
            if (c != '0' && c != '.') all_zero = false;
        if (all_zero) s = s.substr(1);
    }
    const auto dot = s.find('.');
    if (dot != std::string::npos) {
        std::size_t keep = dot + 1 + static_cast<std::size_t>(min_decimals);
        while (s.size() > keep && s.back() == '0') s.pop_back();
        if (s.back() == '.') s.pop_back();
        const auto d = s.find('.');
        if (d != std::string::npos) s[d] = ',';
    }
    return s;
}

std::string kpi_value::display() const {
    switch (kind) {
        case kpi_kind::empty: return "";
        case kpi_kind::number: {
            // Keep the decimals the source wrote ("6,0" stays "6,0"), at most 2 otherwise.
            const auto sep = text.find_first_of(".,");
            const int written = sep == std::string::npos ? 0 : static_cast<int>(text.size() - sep - 1);
            return format_dutch(value, std::max(written, 2), std::min(written, 3));
        }
        case kpi_kind::percent: return format_dutch(value * 100.0, 1) + "%";
        case kpi_kind::relative: {
            // Built with append: GCC 12 warns falsely (-Wrestrict) on `const char* + std::string&&`.
            std::string out = value >= 0 ? "+" : "";
            out.append(format_dutch(value * 100.0, 1)).append("%");
            return out;
        }
        case kpi_kind::baseline: return "base";
        case kpi_kind::duration: return format_dutch(value, 2) + " jr";
        case kpi_kind::at_least: return format_dutch(value, 2) + "+";
        case kpi_kind::not_measured: return "n.m.";
        case kpi_kind::in_design: return "ontw.";
        case kpi_kind::pilot: return "pilot";
    }
    return "";
}

std::optional<kpi_value> parse_kpi_value(std::string_view raw) {
    const std::string_view s = trim(raw);
    if (s.empty()) return make(kpi_kind::empty, 0.0, raw);
    const std::string low = lower_ascii(s);

    // The non-measurements, with or without their dots.
    if (low == "n.m." || low == "n.m" || low == "nm" || low == "niet gemeten") return make(kpi_kind::not_measured, 0.0, s);
    if (low == "ontw." || low == "ontw" || low == "in ontwerp" || low == "ontwerp") return make(kpi_kind::in_design, 0.0, s);
    if (low == "pilot") return make(kpi_kind::pilot, 0.0, s);
    if (low == "base" || low == "baseline" || low == "basis" || low == "nulmeting") return make(kpi_kind::baseline, 0.0, s);

    // "+5%" / "-2%": a change against the baseline. A sign is what makes it relative.
    if ((low.front() == '+' || low.front() == '-') && low.back() == '%') {
        if (auto v = parse_decimal(std::string_view(low).substr(0, low.size() - 1))) return make(kpi_kind::relative, *v / 100.0, s);
        return std::nullopt;
    }
    if (low.back() == '%') {
        if (auto v = parse_decimal(std::string_view(low).substr(0, low.size() - 1))) return make(kpi_kind::percent, *v / 100.0, s);
        return std::nullopt;
    }
    if (low.back() == '+') {
        if (auto v = parse_decimal(std::string_view(low).substr(0, low.size() - 1))) return make(kpi_kind::at_least, *v, s);
        return std::nullopt;
    }
    // Durations: "3jr", "3 jr", "3 jaar", "6mnd", "6 maanden".
    static constexpr std::pair<std::string_view, double> units[] = {
        {"jaar", 1.0}, {"jr", 1.0}, {"j", 1.0}, {"maanden", 1.0 / 12.0}, {"maand", 1.0 / 12.0}, {"mnd", 1.0 / 12.0}};
    for (const auto& [unit, factor] : units) {
        if (low.size() > unit.size() && std::string_view(low).substr(low.size() - unit.size()) == unit) {
            if (auto v = parse_decimal(std::string_view(low).substr(0, low.size() - unit.size())))
                return make(kpi_kind::duration, *v * factor, s);
            return std::nullopt;
        }
    }
    if (auto v = parse_decimal(low)) return make(kpi_kind::number, *v, s);
    return std::nullopt;
}

std::optional<kpi_value> kpi_value_from_cell(const cell_value& v, bool percent_unit) {
    switch (v.type) {
        case cell_type::empty: return kpi_value{};
        case cell_type::number:
            if (percent_unit) return make(kpi_kind::percent, v.number, format_number(v.number));
            return make(kpi_kind::number, v.number, format_number(v.number));
        case cell_type::text: {
            auto parsed = parse_kpi_value(v.text);
            if (parsed && parsed->kind == kpi_kind::number && percent_unit) {
                parsed->kind = kpi_kind::percent;
                if (std::fabs(parsed->value) > 1.0) parsed->value /= 100.0;
            }
            return parsed;
        }
        case cell_type::boolean:
        case cell_type::error:
        case cell_type::date: return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace kib
