// Files kib serve hands out, embedded at build time by cmake/embed_web.cmake: the web page (web/)
// and the Office add-in's pane (addin/).
#pragma once

#include <optional>
#include <string_view>

namespace kib::serve {

// The bytes of web/<path without the leading slash> ("/index.html", "/app.js"), or nothing.
std::optional<std::string_view> web_asset(std::string_view path);

// The bytes of addin/<path without the leading slash> ("/taskpane.html", "/icons/icon-32.png",
// "/src/api.js", "/manifest.template.xml"), or nothing. Only addin/*.html, addin/*.css,
// addin/icons/*.png, addin/src/*.js and the manifest template are embedded (see CMakeLists.txt).
std::optional<std::string_view> addin_asset(std::string_view path);

}  // namespace kib::serve
