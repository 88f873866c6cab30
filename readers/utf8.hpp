// UTF-8 helpers shared by the readers (XML, CSV).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace kib {

// Appends code point cp (at most U+10FFFF, no surrogates: callers check) as UTF-8.
void append_utf8(std::string& out, std::uint32_t cp);

// The offset of the first byte that is not valid UTF-8 (overlong forms, surrogates and code points
// above U+10FFFF included), or npos when all of s is valid.
std::size_t first_invalid_utf8(std::string_view s) noexcept;

}  // namespace kib
