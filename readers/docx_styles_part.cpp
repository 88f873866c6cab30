// word/styles.xml: which paragraph styles are headings (outline level through basedOn, or a
// built-in "heading N" name) and which give their paragraphs list numbering. Style ids are localised.
#include <algorithm>
#include <cctype>
#include <optional>
#include <set>
#include <string>

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

// "heading 3" (any case) -> 2; anything else -> -1.
int builtin_heading_level(std::string name) {
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    constexpr std::string_view prefix = "heading ";
    if (name.size() != prefix.size() + 1 || name.compare(0, prefix.size(), prefix) != 0) return -1;
    const char d = name.back();
    return d >= '1' && d <= '9' ? d - '1' : -1;
}

}  // namespace

// --- styles.xml ----------------------------------------------------------------------------

heading_styles parse_heading_styles(std::string_view xml) {
    struct style {
        std::string based_on;
        std::string name;
        int own_level = -1;  // -1: no w:outlineLvl of its own
    };
    std::map<std::string, style> styles;
    pull_parser p(xml);
    style* cur = nullptr;
    for (event e = p.next(); e != event::eof; e = p.next()) {
        if (e == event::start) {
            if (is_shadow(p)) {
                p.skip_element();
            } else if (p.is(ns::wml, "style")) {
                const std::string type = p.attr(ns::wml, "type");
                cur = type.empty() || type == "paragraph" ? &styles[p.attr(ns::wml, "styleId")] : nullptr;
            } else if (cur && p.is(ns::wml, "basedOn")) {
                cur->based_on = p.attr(ns::wml, "val");
            } else if (cur && p.is(ns::wml, "name")) {
                cur->name = p.attr(ns::wml, "val");
            } else if (cur && p.is(ns::wml, "outlineLvl")) {
                cur->own_level = parse_level(p.attr(ns::wml, "val"));
                if (cur->own_level < 0) cur->own_level = 9;  // unreadable: treat as body text
            } else if (cur && p.is(ns::wml, "rPr")) {
                p.skip_element();
            }
        } else if (e == event::end && p.is(ns::wml, "style")) {
            cur = nullptr;
        }
    }

    heading_styles out;
    for (const auto& [id, s] : styles) {
        // Walk basedOn to the first style with its own outline level; stop on cycles.
        int level = -1;
        std::set<std::string> seen;
        const style* at = &s;
        std::string at_id = id;
        while (at && seen.insert(at_id).second) {
            if (at->own_level >= 0) {
                level = at->own_level;
                break;
            }
            const auto next = styles.find(at->based_on);
            at_id = at->based_on;
            at = next == styles.end() ? nullptr : &next->second;
        }
        if (level < 0) level = builtin_heading_level(s.name);
        if (level >= 0 && level <= 8) out[id] = level;
    }
    return out;
}

std::map<std::string, style_numbering> parse_style_numbering(std::string_view xml) {
    struct style {
        std::string based_on;
        std::optional<std::string> num_id;
        int ilvl = -1;
    };
    std::map<std::string, style> styles;
    pull_parser p(xml);
    style* cur = nullptr;
    for (event e = p.next(); e != event::eof; e = p.next()) {
        if (e == event::start) {
            if (is_shadow(p)) {
                p.skip_element();
            } else if (p.is(ns::wml, "style")) {
                const std::string type = p.attr(ns::wml, "type");
                cur = type.empty() || type == "paragraph" ? &styles[p.attr(ns::wml, "styleId")] : nullptr;
            } else if (cur && p.is(ns::wml, "basedOn")) {
                cur->based_on = p.attr(ns::wml, "val");
            } else if (cur && p.is(ns::wml, "numId")) {
                cur->num_id = p.attr(ns::wml, "val");
            } else if (cur && p.is(ns::wml, "ilvl")) {
                cur->ilvl = parse_level(p.attr(ns::wml, "val"));
            } else if (cur && p.is(ns::wml, "rPr")) {
                p.skip_element();
            }
        } else if (e == event::end && p.is(ns::wml, "style")) {
            cur = nullptr;
        }
    }
    std::map<std::string, style_numbering> out;
    for (const auto& [id, s] : styles) {
        // numId and ilvl each come from the nearest style (itself first, then up basedOn) that
        // names them; numId 0 switches numbering off.
        std::optional<std::string> num_id;
        int ilvl = -1;
        std::set<std::string> seen;
        std::string at_id = id;
        for (auto at = styles.find(at_id); at != styles.end() && seen.insert(at_id).second; at = styles.find(at_id)) {
            if (!num_id && at->second.num_id) num_id = at->second.num_id;
            if (ilvl < 0) ilvl = at->second.ilvl;
            at_id = at->second.based_on;
        }
        if (num_id && !num_id->empty() && *num_id != "0") out[id] = {*num_id, ilvl};
    }
    return out;
}

}  // namespace kib::docx
