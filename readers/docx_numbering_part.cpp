// word/numbering.xml: list definitions (abstractNum levels, num instances with start overrides)
// and rendering one list counter in a level's format; headings' numbers ("6.1") come from these.
#include <cctype>
#include <string>
#include <utility>

#include "readers/docx_comments.hpp"
#include "readers/docx_detail.hpp"
#include "readers/xml_pull.hpp"

namespace kib::docx {

namespace {

using xml::ns;
using xml::pull_parser;
using event = pull_parser::event;
using detail::is_shadow;
using detail::parse_level;

}  // namespace

// --- numbering.xml -------------------------------------------------------------------------

numbering_definitions parse_numbering(std::string_view xml) {
    numbering_definitions out;
    pull_parser p(xml);
    std::array<numbering_level, 9>* levels = nullptr;
    numbering_level* level = nullptr;
    numbering_definitions::instance* num = nullptr;
    int override_level = -1;
    for (event e = p.next(); e != event::eof; e = p.next()) {
        if (e == event::start) {
            if (is_shadow(p)) {
                p.skip_element();
                continue;
            }
            if (p.element_ns() != ns::wml) continue;
            const std::string_view l = p.local_name();
            if (l == "abstractNum") {
                levels = &out.abstract[p.attr(ns::wml, "abstractNumId")];
                num = nullptr;
            } else if (l == "num") {
                num = &out.nums[p.attr(ns::wml, "numId")];
                levels = nullptr;
            } else if (l == "lvl" && levels) {
                const int i = parse_level(p.attr(ns::wml, "ilvl"));
                level = i >= 0 && i < 9 ? &(*levels)[static_cast<std::size_t>(i)] : nullptr;
            } else if (l == "lvl" && num) {
                p.skip_element();  // a level override redefining the level: rare; its start comes from startOverride
            } else if (level && l == "start") {
                const int v = parse_level(p.attr(ns::wml, "val"));
                if (v >= 0) level->start = v;
            } else if (level && l == "numFmt") {
                level->format = p.attr(ns::wml, "val");
            } else if (level && l == "lvlText") {
                level->text = p.attr(ns::wml, "val");
            } else if (level && l == "pStyle") {
                level->style = p.attr(ns::wml, "val");
            } else if (level && l == "isLgl") {
                const std::string v = p.attr(ns::wml, "val");
                level->legal = !(v == "0" || v == "false" || v == "off");
            } else if (level && (l == "pPr" || l == "rPr")) {
                p.skip_element();
            } else if (num && l == "abstractNumId") {
                num->abstract_id = p.attr(ns::wml, "val");
            } else if (num && l == "lvlOverride") {
                override_level = parse_level(p.attr(ns::wml, "ilvl"));
            } else if (num && l == "startOverride" && override_level >= 0 && override_level < 9) {
                const int v = parse_level(p.attr(ns::wml, "val"));
                if (v >= 0) num->start_overrides[override_level] = v;
            }
        } else if (e == event::end && p.element_ns() == ns::wml) {
            const std::string_view l = p.local_name();
            if (l == "lvl") level = nullptr;
            else if (l == "abstractNum") levels = nullptr;
            else if (l == "num") num = nullptr;
            else if (l == "lvlOverride") override_level = -1;
        }
    }
    return out;
}

std::string format_list_number(int value, std::string_view format) {
    if (format == "none" || format == "bullet") return {};
    if (value < 0) value = 0;
    if ((format == "lowerLetter" || format == "upperLetter") && value > 0) {
        // Word repeats the letter: 27 -> "aa", 28 -> "bb".
        const char base = format == "lowerLetter" ? 'a' : 'A';
        return std::string(static_cast<std::size_t>((value - 1) / 26 + 1), static_cast<char>(base + (value - 1) % 26));
    }
    if ((format == "lowerRoman" || format == "upperRoman") && value > 0 && value < 4000) {
        static constexpr std::pair<int, const char*> numerals[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"},
                                                                   {100, "c"},  {90, "xc"},  {50, "l"},  {40, "xl"},
                                                                   {10, "x"},   {9, "ix"},   {5, "v"},   {4, "iv"},
                                                                   {1, "i"}};
        std::string r;
        for (const auto& [n, s] : numerals)
            for (; value >= n; value -= n) r += s;
        if (format == "upperRoman")
            for (char& c : r) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return r;
    }
    if (format == "decimalZero" && value < 10) return "0" + std::to_string(value);
    return std::to_string(value);  // decimal and every format kib does not render
}

}  // namespace kib::docx
