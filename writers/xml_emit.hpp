// kib::detail::xml_emit — writes XML text into a std::string, one call per tag.
//
// Contract: the caller names elements and attributes exactly as they must appear (prefixes
// included); xml_emit only escapes text and attribute values and keeps no state besides the
// output buffer, so a part writer is a sequence of calls that can be tested one element at a
// time (the libxlsxwriter way). Text must be valid UTF-8; characters XML 1.0 cannot carry are
// the caller's business (see writers::escape_x for SpreadsheetML's _xHHHH_ escapes).
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kib::detail {

using xml_attr = std::pair<std::string_view, std::string>;
using xml_attrs = std::vector<xml_attr>;

class xml_emit {
public:
    explicit xml_emit(std::string& out) : out_(out) {}

    // <?xml version="1.0" encoding="UTF-8" standalone="yes"?> and a newline, as Office writes.
    void declaration();
    // <name a="v">
    void start(std::string_view name, const xml_attrs& attrs = {});
    // </name>
    void end(std::string_view name);
    // <name a="v"/>
    void empty(std::string_view name, const xml_attrs& attrs = {});
    // <name a="v">text</name>; xml:space="preserve" is the caller's attribute when needed.
    void data(std::string_view name, std::string_view text, const xml_attrs& attrs = {});
    // Escaped text between tags.
    void text(std::string_view text);
    // Bytes that are already XML (e.g. a pre-rendered fragment).
    void raw(std::string_view xml) { out_.append(xml); }

    std::string& out() noexcept { return out_; }

private:
    void attributes(const xml_attrs& attrs);
    std::string& out_;
};

// & < > escaped for element text.
void escape_text(std::string& out, std::string_view s);
// & < > " and tab/newline/carriage return escaped for attribute values (so they survive
// attribute-value normalisation).
void escape_attr(std::string& out, std::string_view s);

// A double as OOXML writes it: shortest round-trip form ("12.5", "1e+20"); -0 becomes "0".
std::string xml_number(double v);

// True for a colour written as six hex digits, "RRGGBB" (either case).
bool is_rgb_hex(std::string_view s) noexcept;
// "c00000" -> "C00000" (OOXML writes colours in upper case).
std::string upper_hex(std::string_view s);

}  // namespace kib::detail
