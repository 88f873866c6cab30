// Internal to the Word review-mark readers (readers/docx_*.cpp): the helpers every part reader
// shares. Not public API: callers include readers/docx_comments.hpp.
#pragma once

#include <charconv>
#include <string_view>
#include <system_error>

#include "readers/xml_pull.hpp"

namespace kib::docx::detail {

// A whole-number attribute (w:val, w:ilvl, …); -1 when it is absent or not a whole number.
inline int parse_level(std::string_view s) {
    int v = -1;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return -1;
    return v;
}

// True for elements that only restate what their sibling already says (mc:Fallback holds a
// VML copy of a text box that mc:Choice also holds) or record a former state (…PrChange).
inline bool is_shadow(const xml::pull_parser& p) {
    if (p.element_ns() == xml::ns::mc && p.local_name() == "Fallback") return true;
    if (p.element_ns() != xml::ns::wml) return false;
    const std::string_view l = p.local_name();
    return l == "pPrChange" || l == "rPrChange" || l == "tblPrChange" || l == "trPrChange" || l == "tcPrChange" ||
           l == "sectPrChange" || l == "numberingChange";
}

}  // namespace kib::docx::detail
