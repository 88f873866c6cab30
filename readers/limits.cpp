#include "readers/limits.hpp"

#include <charconv>
#include <cmath>
#include <limits>

#include "readers/i18n.hpp"

namespace kib {

namespace {

input_limits& process_limits() noexcept {
    static input_limits limits;
    return limits;
}

thread_local const input_limits* thread_limits = nullptr;  // innermost scoped_input_limits

constexpr std::uint64_t mib = 1ull << 20;

// One named limit: its field, the unit of its name (bytes per unit), its accepted range in that
// unit and whether 0 means "no limit".
struct spec {
    const char* name;
    const char* meaning;
    std::uint64_t input_limits::*field;  // null for compression_ratio (a double)
    std::uint64_t unit;
    std::uint64_t min, max;
};

constexpr std::uint64_t unbounded = std::numeric_limits<std::uint64_t>::max();

const spec specs[] = {
    {"part_mb", N_("uncompressed size of one part of an .xlsx/.docx, MiB"), &input_limits::part_bytes, mib, 1, 1ull << 20},
    {"total_mb", N_("uncompressed size of all parts together, MiB"), &input_limits::total_bytes, mib, 1, 1ull << 20},
    {"entries", N_("entries in the ZIP archive"), &input_limits::entries, 1, 1, 10'000'000},
    {"compression_ratio", N_("uncompressed / compressed size of a part over 1 MiB, against ZIP bombs"), nullptr, 1, 2, 1'000'000},
    {"xml_depth", N_("nesting depth of XML elements"), &input_limits::xml_depth, 1, 16, 100'000},
    {"string_mb", N_("size of one text or attribute value in the XML, MiB"), &input_limits::string_bytes, mib, 1, 4096},
    {"sheets", N_("sheets in a workbook"), &input_limits::sheets, 1, 1, 1'000'000},
    {"rows", N_("highest row number in a sheet, at most Excel's 1048576"), &input_limits::rows, 1, 1, 1'048'576},
    {"columns", N_("highest column number in a sheet, at most Excel's 16384 (XFD)"), &input_limits::columns, 1, 1, 16'384},
    {"cells", N_("cells with content in one sheet"), &input_limits::cells, 1, 1, unbounded},
    {"shared_strings", N_("entries of a workbook's shared-string table"), &input_limits::shared_strings, 1, 1, unbounded},
    {"csv_mb", N_("size of a CSV file, MiB"), &input_limits::csv_bytes, mib, 1, 1ull << 20},
    {"template_paragraphs", N_("paragraphs and rows a template's loops may write"), &input_limits::template_paragraphs, 1, 1,
     unbounded},
    {"seconds_per_file", N_("seconds the drop folder gives one file, 0 for no limit"), &input_limits::seconds_per_file, 1, 0,
     86'400},
};

std::string known_names() {
    std::string out;
    for (const auto& s : specs) {
        if (!out.empty()) out += ", ";
        out += s.name;
    }
    return out;
}

std::string trimmed(std::string_view v) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    return std::string(v);
}

}  // namespace

const input_limits& default_input_limits() noexcept { return thread_limits ? *thread_limits : process_limits(); }

scoped_input_limits::scoped_input_limits(const input_limits& limits) noexcept : limits_(limits), previous_(thread_limits) {
    thread_limits = &limits_;
}

scoped_input_limits::~scoped_input_limits() { thread_limits = previous_; }

void set_default_input_limits(const input_limits& limits) noexcept { process_limits() = limits; }

void set_limit(input_limits& limits, std::string_view name, std::string_view value, const location& where) {
    const spec* s = nullptr;
    for (const auto& candidate : specs) {
        if (name == candidate.name) s = &candidate;
    }
    if (!s)
        throw error(error_category::bad_input, where, trf("there is no limit called '{}'", {std::string(name)}),
                    trf("the limits are: {}", {known_names()}));
    const std::string text = trimmed(value);
    const std::string range = s->max == unbounded ? trf("{} to any larger number", {std::to_string(s->min)})
                                                  : trf("{} to {}", {std::to_string(s->min), std::to_string(s->max)});
    auto bad = [&]() -> error {
        return error(error_category::bad_input, where,
                     trf("the limit {} must be a whole number from {}, not \"{}\"", {std::string(s->name), range, text}),
                     trf("it sets the {}", {tr(s->meaning)}));
    };
    std::uint64_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || n < s->min || n > s->max) throw bad();
    if (!s->field) {
        limits.compression_ratio = static_cast<double>(n);
        return;
    }
    // Sizes in MiB become bytes; the ranges above keep this far from overflow.
    limits.*(s->field) = n * s->unit;
}

void set_limits(input_limits& limits, const std::vector<std::string>& assignments) {
    for (const auto& a : assignments) {
        const auto eq = a.find('=');
        if (eq == std::string::npos)
            throw error(error_category::bad_input, {"--limit", {}, a, 0, 0}, tr("a limit is given as NAME=VALUE"),
                        trf("for example --limit rows=100000; the limits are: {}", {known_names()}));
        set_limit(limits, trimmed(std::string_view(a).substr(0, eq)), std::string_view(a).substr(eq + 1),
                  {"--limit", {}, a, 0, 0});
    }
}

std::vector<limit_description> describe_limits(const input_limits& limits) {
    std::vector<limit_description> out;
    for (const auto& s : specs) {
        std::string value = s.field ? std::to_string(limits.*(s.field) / s.unit)
                                    : std::to_string(static_cast<long long>(std::llround(limits.compression_ratio)));
        out.push_back({s.name, tr(s.meaning), std::move(value)});
    }
    return out;
}

std::string limit_hint(std::string_view name) {
    const std::string n(name);
    return trf("if the file is genuine, raise the limit: --limit {}=N on the command line, or {} = N under [limits] in kib.toml",
               {n, n});
}

}  // namespace kib
