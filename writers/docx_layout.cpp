#include "writers/docx_layout.hpp"

#include <algorithm>
#include <cstdint>
#include <numeric>

namespace kib::docx_layout {
namespace {

// Advance widths (1/1000 em) of Carlito Regular and Bold for U+0020..U+007E, read from the fonts'
// hmtx tables (Carlito is metric-compatible with Calibri).
constexpr std::uint16_t regular[95] = {
    226, 326, 401, 498, 507, 715, 682, 221, 303, 303, 498, 498, 250, 306, 252, 386, 507, 507, 507,
    507, 507, 507, 507, 507, 507, 507, 268, 268, 498, 498, 498, 463, 894, 579, 544, 533, 615, 488,
    459, 631, 623, 252, 319, 520, 420, 855, 646, 662, 517, 673, 543, 459, 487, 642, 567, 890, 519,
    487, 468, 307, 386, 307, 498, 498, 291, 479, 525, 423, 525, 498, 305, 471, 525, 229, 239, 455,
    229, 799, 525, 527, 525, 525, 349, 391, 335, 525, 452, 715, 433, 453, 395, 314, 460, 314, 498,
};
constexpr std::uint16_t bold_widths[95] = {
    226, 326, 438, 498, 507, 729, 705, 233, 312, 312, 498, 498, 258, 306, 267, 430, 507, 507, 507,
    507, 507, 507, 507, 507, 507, 507, 276, 276, 498, 498, 498, 463, 898, 606, 561, 529, 630, 488,
    459, 637, 631, 267, 331, 547, 423, 874, 659, 676, 532, 686, 563, 473, 495, 653, 591, 906, 551,
    520, 478, 325, 430, 325, 498, 498, 300, 494, 537, 418, 537, 503, 316, 474, 537, 246, 255, 480,
    246, 813, 537, 538, 537, 537, 355, 399, 347, 537, 473, 745, 459, 474, 397, 344, 475, 344, 498,
};

// Decodes one UTF-8 code point at s[i] and advances i; malformed bytes count as one character.
char32_t next_code_point(std::string_view s, std::size_t& i) {
    const auto b = static_cast<unsigned char>(s[i++]);
    int more = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : 0;
    char32_t cp = more == 3 ? b & 0x07u : more == 2 ? b & 0x0Fu : more == 1 ? b & 0x1Fu : b;
    while (more-- > 0 && i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3Fu);
    return cp;
}

int advance(char32_t cp, bool bold) {
    const auto& table = bold ? bold_widths : regular;
    if (cp >= 0x20 && cp <= 0x7E) return table[cp - 0x20];
    if (cp >= 0xC0 && cp <= 0x24F) return bold ? 560 : 540;  // accented Latin letters: a wide letter
    if (cp >= 0x2190 && cp <= 0x21FF) return 905;            // arrows (↑ ↓ →)
    if (cp == 0x2013 || cp == 0x2022 || cp == 0x20AC || cp == 0xD7) return 510;
    return 600;  // anything else: a generous average
}

}  // namespace

int text_twips(std::string_view text, bool bold, int half_points) {
    long units = 0;
    for (std::size_t i = 0; i < text.size();) units += advance(next_code_point(text, i), bold);
    // 1/1000 em at half_points/2 pt = units * half_points * 10 / 1000 twips; 4% for rounding and
    // kerning differences between renderers.
    return static_cast<int>(units * half_points * 104 / 10000 + 1);
}

int longest_word_twips(std::string_view text, bool bold, int half_points) {
    int best = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i)
        if (i == text.size() || text[i] == ' ' || text[i] == '\n' || text[i] == '\t') {
            best = std::max(best, text_twips(text.substr(start, i - start), bold, half_points));
            start = i + 1;
        }
    return best;
}

int longest_line_twips(std::string_view text, bool bold, int half_points) {
    int best = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i)
        if (i == text.size() || text[i] == '\n') {
            best = std::max(best, text_twips(text.substr(start, i - start), bold, half_points));
            start = i + 1;
        }
    return best;
}

bool looks_numeric(std::string_view t) {
    std::size_t i = 0;
    auto skip = [&](std::string_view what) {
        if (t.substr(i, what.size()) == what) {
            i += what.size();
            return true;
        }
        return false;
    };
    (void)(skip("+") || skip("-") || skip("\xE2\x88\x92") || skip("\xC2\xB1"));  // + - − ±
    if (skip("\xE2\x82\xAC")) skip(" ");                                  // €
    // digits, with separators only between digits: "1.250,5"
    bool digit = false;
    while (i < t.size()) {
        if (t[i] >= '0' && t[i] <= '9') {
            digit = true;
            ++i;
        } else if ((t[i] == ',' || t[i] == '.') && digit && i + 1 < t.size() && t[i + 1] >= '0' && t[i + 1] <= '9') {
            ++i;
        } else {
            break;
        }
    }
    if (!digit) return false;
    if (i < t.size() && t[i] == ' ') ++i;
    const std::string_view unit = t.substr(i);
    return unit.empty() || unit == "%" || unit == "+" || unit == "jr" || unit == "mnd" || unit == "pp" || unit == "x" || unit == "dagen" || unit == "dg";
}

namespace {
// The line without its parentheses; "" for a placeholder where a number would be.
std::string_view number_part(std::string_view line) {
    if (line.size() >= 2 && line.front() == '(' && line.back() == ')') line = line.substr(1, line.size() - 2);
    if (line == "-" || line == "\xE2\x80\x93" || line == "n.m." || line == "base" || line == "ontw." || line == "pilot") return {};
    return line;
}
}  // namespace

bool no_number(std::string_view text) {
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i < text.size() && text[i] != '\n') continue;
        if (!number_part(text.substr(start, i - start)).empty()) return false;
        start = i + 1;
    }
    return true;
}

bool numeric_cell(std::string_view text) {
    bool any = false;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i < text.size() && text[i] != '\n') continue;
        const std::string_view line = number_part(text.substr(start, i - start));
        start = i + 1;
        if (line.empty()) continue;
        if (!looks_numeric(line)) return false;
        any = true;
    }
    return any;
}

std::vector<int> fit_columns(const std::vector<int>& least, const std::vector<int>& wanted, int available) {
    const std::size_t n = least.size();
    std::vector<int> want(n);
    for (std::size_t c = 0; c < n; ++c) want[c] = std::max(least[c], c < wanted.size() ? wanted[c] : 0);
    const long least_sum = std::accumulate(least.begin(), least.end(), 0L);
    if (least_sum >= available) {  // scale down: words will break, but the table stays on the page
        std::vector<int> out(n);
        for (std::size_t c = 0; c < n; ++c) out[c] = static_cast<int>(static_cast<long>(least[c]) * available / std::max(least_sum, 1L));
        return out;
    }
    auto total_at = [&](long level) {
        long s = 0;
        for (std::size_t c = 0; c < n; ++c) s += std::max<long>(least[c], std::min<long>(want[c], level));
        return s;
    };
    std::vector<int> out(n);
    if (total_at(*std::max_element(want.begin(), want.end())) <= available) {
        // Everything fits on one line: spread what is left in proportion to the wanted widths.
        const long want_sum = std::accumulate(want.begin(), want.end(), 0L);
        long used = 0;
        for (std::size_t c = 0; c < n; ++c) used += out[c] = static_cast<int>(static_cast<long>(want[c]) * available / std::max(want_sum, 1L));
        out[static_cast<std::size_t>(std::max_element(out.begin(), out.end()) - out.begin())] += static_cast<int>(available - used);
        return out;
    }
    long lo = 0, hi = *std::max_element(want.begin(), want.end());  // the highest level that fits
    while (lo < hi) {
        const long mid = (lo + hi + 1) / 2;
        if (total_at(mid) <= available) lo = mid;
        else hi = mid - 1;
    }
    long used = 0;
    for (std::size_t c = 0; c < n; ++c) used += out[c] = static_cast<int>(std::max<long>(least[c], std::min<long>(want[c], lo)));
    // Rounding leftovers to the widest column.
    const auto widest = static_cast<std::size_t>(std::max_element(out.begin(), out.end()) - out.begin());
    out[widest] += static_cast<int>(available - used);
    return out;
}

}  // namespace kib::docx_layout
