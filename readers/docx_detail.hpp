// Internal to the Word review-mark readers (readers/docx_*.cpp): the helpers every part reader
// shares. Not public API: callers include readers/docx_comments.hpp.
#pragma once

#include <charconv>
#include <string_view>
#include <system_error>
#include <vector>

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

// The complex-field state of a story: w:fldChar begin / separate / end, nested. Text between
// begin and separate is the field code (never text); text between separate and end is the result
// (what Word shows). A field may have no separate at all (a field whose result is empty, e.g. a
// PAGEREF Word has not updated): its end closes the code. An end or separate without a begin is
// ignored, so a stray one never hides the rest of the story.
class field_state {
public:
    // type: the w:fldCharType value.
    void on_fld_char(std::string_view type) {
        if (type == "begin") {
            open_.push_back(true);
            ++in_code_;
        } else if (type == "separate" && !open_.empty() && open_.back()) {
            open_.back() = false;
            --in_code_;
        } else if (type == "end" && !open_.empty()) {
            if (open_.back()) --in_code_;
            open_.pop_back();
        }
    }
    // True while inside the code of some open field: text there is not visible.
    bool in_code() const noexcept { return in_code_ > 0; }
    void reset() noexcept {
        open_.clear();
        in_code_ = 0;
    }

private:
    std::vector<bool> open_;  // open fields, innermost last: true while in their code part
    int in_code_ = 0;         // how many of them are in their code part
};

}  // namespace kib::docx::detail
