// Internal to the maturity scan's units (engine/scan/maturity.cpp, survey_columns.cpp, scorer.cpp,
// survey_file.cpp, scan_compare.cpp, scan_comments.cpp): text normalisation, message helpers and the 128-bit integer the
// exact arithmetic needs. Not public API: callers include engine/scan/maturity.hpp.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "engine/scan/maturity.hpp"
#include "readers/cell.hpp"

namespace kib::maturity::detail {

// Sums of squares of totals (in 1/840 units) overflow 64 bits beyond ~100,000 respondents.
__extension__ typedef __int128 i128;

// ---- text and messages (maturity.cpp) ----

// Lower-case ASCII, no-break spaces and underscores as spaces, runs of spaces collapsed, trimmed.
std::string normalize(std::string_view s);
// normalize() without the spaces: "Aantal uitgenodigd" → "aantaluitgenodigd".
std::string compact(std::string_view s);
// s without leading and trailing ASCII white space.
std::string_view trim_view(std::string_view s) noexcept;
// A cell as trimmed text (numbers as displayed); "" for a missing or empty cell.
std::string cell_text(const cell_value* v);
// s in double quotes, cut after 60 bytes with "…".
std::string in_quotes(std::string_view s);
// Cell reference for messages: "Antwoorden!K17", or "line 17, column K" for CSV.
std::string cell_where(const std::string& sheet, bool csv, int col0, std::uint32_t row);
// Throws kib::error (bad_input) at file + where.
[[noreturn]] void fail(const std::string& file, const std::string& where, const std::string& message,
                       const std::string& hint = {});

// ---- answers ----

// The answer a label names when it is spelled exactly as survey tools export it ("Regelmatig",
// "Niet / nooit", …), else answer::invalid, meaning: not decided here, ask parse_answer().
// It decides nearly every cell of a large export (4.8 million for 100,000 respondents), and the
// answers are as good as random, so it has no branch on the text: the first byte picks the one
// label it could be (the five differ in their low three bits) and two overlapping 8-byte loads
// compare all of its 10 to 12 bytes. A switch on the length mispredicted on most cells.
struct exact_label_entry {
    std::uint64_t head = 0, tail = 0;  // bytes [0, 8) and [size - 8, size) as loaded from memory
    std::size_t size = 0;              // 0: no label starts with such a byte
    answer value = answer::invalid;
};
constexpr std::uint64_t load8_constexpr(const char* s) noexcept {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) {
        const int at = std::endian::native == std::endian::little ? 7 - i : i;
        v = (v << 8) | static_cast<unsigned char>(s[at]);
    }
    return v;
}
constexpr exact_label_entry exact_label_of(const char* label, std::size_t size, answer value) noexcept {
    return {load8_constexpr(label), load8_constexpr(label + size - 8), size, value};
}
inline constexpr std::array<exact_label_entry, 8> exact_labels = {
    exact_label_entry{},                                       // 0
    exact_label_of("Incidenteel", 11, answer::p2),             // 'I' = 0x49
    exact_label_of("Regelmatig", 10, answer::p3),              // 'R' = 0x52
    exact_label_of("Systematisch", 12, answer::p4),            // 'S' = 0x53
    exact_label_entry{},                                       // 4
    exact_label_entry{},                                       // 5
    exact_label_of("Niet / nooit", 12, answer::p1),            // 'N' = 0x4E
    exact_label_of("Weet ik niet", 12, answer::dont_know),     // 'W' = 0x57
};
inline answer exact_label(std::string_view e) noexcept {
    if (e.size() < 8) return answer::invalid;
    const exact_label_entry& l = exact_labels[static_cast<unsigned char>(e[0]) & 7];
    std::uint64_t head, tail;
    std::memcpy(&head, e.data(), 8);
    std::memcpy(&tail, e.data() + e.size() - 8, 8);
    return (e.size() == l.size) & (head == l.head) & (tail == l.tail) ? l.value : answer::invalid;
}

// ---- recognition (survey_columns.cpp) ----

// The pillar a name, alias or code names (any case and spacing), else -1.
int pillar_by_token(std::string_view token);
// "Afdeling", "Department", "Onderdeel", … (also the invitations' department column).
bool is_department_header(std::string_view header);

}  // namespace kib::maturity::detail
