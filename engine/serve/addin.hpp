// The Office add-in's side of kib serve (the pane itself is addin/, see addin/README.md):
//
//   GET /addin/manifest.xml          the add-in-only XML manifest, filled for this installation
//   GET /addin/NAME.html, /addin/NAME.css, /addin/icons/NAME.png, /addin/src/NAME.js   the pane's
//                                    files (embedded)
//   GET /api/v1/settings             what the pane needs to know (behind the token, see api.hpp)
//
// Framing: Office on the web shows the pane in an iframe of an Office page, so the pane's pages
// (taskpane.html, commands.html) may be framed by Office's own origins; every other answer keeps
// frame-ancestors 'none'.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kib::serve {

struct service_settings;

// The add-in's Id: a GUID made once and kept in DATA/addin-id. Office knows an add-in by its Id,
// so the manifest of one installation must keep it across restarts and upgrades.
std::string load_addin_id(const std::filesystem::path& data);

// A version as the manifest takes it, four numbers: "0.1.0" -> "0.1.0.0", "1.2.3-rc1" -> "1.2.3.0".
std::string manifest_version(const std::string& version);

// Why `public_url` cannot go into the manifest (Office loads add-ins from https only; no query,
// fragment or user), or nothing when it can.
std::optional<std::string> public_url_problem(const std::string& public_url);

// addin/manifest.template.xml filled by the rules of addin/tools/fill_manifest.mjs:
// {{PUBLIC_URL}} without trailing slashes (XML-escaped), {{ADDIN_ID}} a GUID, {{VERSION}} up to
// four numbers. Throws kib::error(bad_input) naming the value that breaks a rule, or a
// placeholder left unfilled.
std::string fill_manifest(const std::string& tmpl, const std::string& public_url, const std::string& addin_id,
                          const std::string& version);

// The pages Office frames: taskpane.html and commands.html (the ribbon's function file).
bool is_pane_page(std::string_view name);

// The origins Office serves its hosts from (Office on the web, OneDrive, SharePoint), as a
// frame-ancestors source list.
extern const char* const office_frame_ancestors;

// An answer of the add-in's routes, before the service adds its common headers.
struct addin_answer {
    unsigned status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};

// GET /addin/<rest>: a pane file, the manifest, or 404/409 with {"error":{"message","where","hint"}}
// (messages in Dutch and English: an administrator reads them in a browser).
addin_answer addin_route(const std::string& rest, const service_settings& s);

// GET /api/v1/settings as JSON for the day `today` (YYYY-MM-DD).
std::string settings_json(const service_settings& s, const std::string& today);

}  // namespace kib::serve
