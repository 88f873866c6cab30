// Shared strings part writer: xl/sharedStrings.xml of a new workbook.
//
// Contract: string_table gives each distinct text one index (first use first); write_part()
// writes them as plain <si><t>, with xml:space="preserve" when leading/trailing whitespace or
// a newline must survive, and with SpreadsheetML's _xHHHH_ escapes for characters XML 1.0
// cannot carry (control characters, carriage return) and for literal "_xHHHH_" text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "writers/xml_emit.hpp"

namespace kib::writers::shared_strings {

class string_table {
public:
    // The index of text, adding it when new; counts every use (the sst count attribute).
    std::uint32_t add(std::string_view text);
    const std::vector<std::string>& strings() const noexcept { return strings_; }
    std::uint64_t uses() const noexcept { return uses_; }

private:
    std::vector<std::string> strings_;
    std::unordered_map<std::string, std::uint32_t> index_;
    std::uint64_t uses_ = 0;
};

// Text with SpreadsheetML escapes: "\x01" -> "_x0001_", "\r" -> "_x000D_", "_x0041_" -> "_x005F_x0041_".
std::string escape_x(std::string_view text);

// The whole part.
std::string write_part(const string_table& t);
// <si><t>…</t></si>
void write_si(detail::xml_emit& w, std::string_view text);

}  // namespace kib::writers::shared_strings
