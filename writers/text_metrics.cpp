#include "writers/text_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace kib::writers::text_metrics {

namespace {

// Relative width of a code point against '0' in Calibri (rounded up a little).
double glyph_width(std::uint32_t cp) {
    if (cp == 'i' || cp == 'l' || cp == 'j' || cp == '.' || cp == ',' || cp == ':' || cp == ';' || cp == '\'' || cp == '|' ||
        cp == '!' || cp == 'I')
        return 0.45;
    if (cp == ' ' || cp == 'f' || cp == 't' || cp == 'r' || cp == '(' || cp == ')' || cp == '-' || cp == '/') return 0.65;
    if (cp == 'm' || cp == 'w') return 1.45;
    if (cp == 'M' || cp == 'W') return 1.65;
    if (cp >= 'A' && cp <= 'Z') return 1.15;
    if (cp == 0x2014 || cp == 0x2013) return 1.2;  // em and en dash
    if (cp >= 'a' && cp <= 'z') return 0.9;         // Calibri's lower case is narrower than its digits
    return 1.0;
}

// Code points of UTF-8 text; invalid bytes count as one each.
std::vector<std::uint32_t> code_points(std::string_view s) {
    std::vector<std::uint32_t> out;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
        if (i + static_cast<std::size_t>(n) > s.size()) n = 1;
        std::uint32_t cp = n == 1 ? c : c & (0xFF >> (n + 1));
        for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3F);
        out.push_back(cp);
        i += static_cast<std::size_t>(n);
    }
    return out;
}

double width_of(const std::vector<std::uint32_t>& cps, std::size_t from, std::size_t to, bool bold) {
    double w = 0;
    for (std::size_t i = from; i < to; ++i) w += glyph_width(cps[i]);
    return bold ? w * 1.1 : w;
}

}  // namespace

double line_width(std::string_view line, bool bold) {
    const auto cps = code_points(line);
    return width_of(cps, 0, cps.size(), bold);
}

double text_width(std::string_view text, bool bold) {
    double widest = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        widest = std::max(widest, line_width(text.substr(start, end - start), bold));
        start = end + 1;
    }
    return widest;
}

int wrapped_lines(std::string_view text, double column_width, bool bold) {
    // A cell's text area is narrower than the column: the cell margins, and LibreOffice's wider
    // rendering of some words (measured: at width 40 a line of 34,8 fits, one of 38,3 does not).
    const double room = std::max(1.0, column_width * 0.92 - 1.0);
    int lines = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        const auto cps = code_points(text.substr(start, end - start));
        // Greedy word wrap: words are separated by spaces; a space at a line break takes no room.
        int used_lines = 1;
        double used = 0;
        std::size_t i = 0;
        while (i < cps.size()) {
            std::size_t j = i;
            while (j < cps.size() && cps[j] != ' ') ++j;
            double word = width_of(cps, i, j, bold);
            const double space = used > 0 ? width_of(cps, i > 0 ? i - 1 : i, i, bold) : 0;
            if (used > 0 && used + space + word > room) {
                ++used_lines;
                used = 0;
            }
            // A word wider than the column is broken over as many lines as it needs.
            while (word > room) {
                word -= room;
                ++used_lines;
            }
            used += (used > 0 ? space : 0) + word;
            i = j < cps.size() ? j + 1 : j;
        }
        lines += used_lines;
        start = end + 1;
    }
    return std::max(lines, 1);
}

}  // namespace kib::writers::text_metrics
