// The web page's files (web/ at the top of the source tree), embedded at build time by
// cmake/embed_web.cmake.
#pragma once

#include <optional>
#include <string_view>

namespace kib::serve {

// The bytes of web/<path without the leading slash> ("/index.html", "/app.js"), or nothing.
std::optional<std::string_view> web_asset(std::string_view path);

}  // namespace kib::serve
