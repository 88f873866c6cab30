#include "engine/serve/addin.hpp"

#include <nlohmann/json.hpp>
#include <openssl/rand.h>

#include <cctype>
#include <regex>

#include "engine/serve/api.hpp"
#include "engine/serve/download_keys.hpp"
#include "engine/serve/web_assets.hpp"
#include "readers/error.hpp"
#include "readers/i18n.hpp"

namespace kib::serve {

namespace {

using json = nlohmann::ordered_json;

const char* json_type = "application/json; charset=utf-8";

// The pane's pages: Office.js from Microsoft's CDN (the only place Office supports it from; its
// host scripts add inline styles), everything else from this service.
const std::string pane_csp = std::string(
                                 "default-src 'none'; script-src 'self' https://appsforoffice.microsoft.com https://ajax.aspnetcdn.com; "
                                 "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
                                 "form-action 'none'; base-uri 'none'; frame-ancestors 'self' ") +
                             office_frame_ancestors;

// Everything else under /addin/ (icons, modules, other pages): never framed.
const char* other_csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                        "form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

addin_answer failure(unsigned status, const std::string& message, const std::string& where, const std::string& hint) {
    addin_answer a;
    a.status = status;
    a.headers.emplace_back("Content-Type", json_type);
    a.headers.emplace_back("Content-Security-Policy", other_csp);
    a.body = json{{"error", {{"message", message}, {"where", where}, {"hint", hint}}}}.dump(-1, ' ', false, json::error_handler_t::replace) +
             "\n";
    return a;
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string new_guid() {
    unsigned char b[16];
    if (RAND_bytes(b, sizeof b) != 1) throw error(error_category::internal, {}, "no random numbers for the add-in Id");
    b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);  // version 4 (random)
    b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
    static const char* hex = "0123456789abcdef";
    std::string s;
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
        s += hex[b[i] >> 4];
        s += hex[b[i] & 15];
    }
    return s;
}

const std::regex guid_pattern("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
const std::regex version_pattern("^[0-9]{1,5}(\\.[0-9]{1,5}){0,3}$");

std::string xml_attr(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '&') out += "&amp;";
        else if (c == '"') out += "&quot;";
        else if (c == '<') out += "&lt;";
        else out += c;
    }
    return out;
}

std::string base_url(const std::string& public_url) {
    std::string base = public_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (std::size_t i = s.find(from); i != std::string::npos; i = s.find(from, i + to.size())) s.replace(i, from.size(), to);
    return s;
}

std::string content_type(std::string_view name) {
    if (name.ends_with(".html")) return "text/html; charset=utf-8";
    if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
    if (name.ends_with(".css")) return "text/css; charset=utf-8";
    if (name.ends_with(".png")) return "image/png";
    return {};
}

}  // namespace

const char* const office_frame_ancestors =
    "https://*.officeapps.live.com https://*.office.com https://*.office365.com https://*.microsoft365.com "
    "https://*.cloud.microsoft https://*.sharepoint.com https://onedrive.live.com";

std::string load_addin_id(const std::filesystem::path& data) {
    std::string id = kept_file(data / "addin-id", [] { return new_guid() + "\n"; });
    while (!id.empty() && (id.back() == '\n' || id.back() == '\r' || id.back() == ' ')) id.pop_back();
    if (!std::regex_match(id, guid_pattern))
        throw error(error_category::bad_input, {(data / "addin-id").string(), {}, {}, 1, 0}, tr("the add-in Id kept here is not a GUID"),
                    tr("write the Id of the deployed manifest back into it, or remove the file for a new add-in (Office then sees a new add-in)"));
    return lower(id);
}

std::string manifest_version(const std::string& version) {
    std::vector<std::string> parts;
    std::string cur;
    for (char c : version) {
        if (c >= '0' && c <= '9') {
            cur += c;
        } else {
            if (!cur.empty()) parts.push_back(cur.substr(0, 5));
            cur.clear();
            if (c != '.' || parts.size() >= 4) break;
        }
    }
    if (!cur.empty()) parts.push_back(cur.substr(0, 5));
    if (parts.size() > 4) parts.resize(4);
    while (parts.size() < 4) parts.push_back("0");
    return parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[3];
}

std::optional<std::string> public_url_problem(const std::string& public_url) {
    if (public_url.empty()) return "no public URL is set";
    if (lower(public_url.substr(0, 8)) != "https://") return "the public URL " + public_url + " is not https";
    const std::string rest = public_url.substr(8);
    const std::string authority = rest.substr(0, rest.find('/'));
    if (authority.empty()) return "the public URL " + public_url + " has no host";
    for (unsigned char c : public_url)
        if (c <= 0x20 || c == 0x7f) return "the public URL has a space or a control character";
    if (public_url.find_first_of("?#") != std::string::npos || authority.find('@') != std::string::npos)
        return "the public URL " + public_url + " has a query, a fragment or a user";
    return std::nullopt;
}

std::string fill_manifest(const std::string& tmpl, const std::string& public_url, const std::string& addin_id,
                          const std::string& version) {
    if (const auto why = public_url_problem(public_url))
        throw error(error_category::bad_input, {{}, {}, "--public-url", 0, 0}, *why + " (Office loads add-ins over https only)",
                    "start kib serve with --public-url https://NAME");
    if (!std::regex_match(addin_id, guid_pattern))
        throw error(error_category::bad_input, {{}, {}, "addin-id", 0, 0}, "the add-in Id " + addin_id + " is not a GUID");
    if (!std::regex_match(version, version_pattern))
        throw error(error_category::bad_input, {{}, {}, "version", 0, 0}, "the version " + version + " is not up to four numbers");
    std::string out = replace_all(tmpl, "{{PUBLIC_URL}}", xml_attr(base_url(public_url)));
    out = replace_all(out, "{{ADDIN_ID}}", addin_id);
    out = replace_all(out, "{{VERSION}}", version);
    static const std::regex left("\\{\\{[A-Z_]+\\}\\}");
    std::smatch m;
    if (std::regex_search(out, m, left))
        throw error(error_category::bad_input, {"addin/manifest.template.xml", {}, m.str(), 0, 0},
                    "the manifest template has a placeholder kib does not fill: " + m.str());
    return out;
}

bool is_pane_page(std::string_view name) { return name == "taskpane.html" || name == "commands.html"; }

addin_answer addin_route(const std::string& rest, const service_settings& s) {
    if (rest == "manifest.xml") {
        if (const auto why = public_url_problem(s.public_url))
            return failure(409,
                           "Het add-in-manifest heeft het https-adres van kib serve nodig (" + *why +
                               "). / The add-in manifest needs kib serve's https address.",
                           "--public-url",
                           "Start kib serve met --public-url https://NAAM (of public_url onder [serve] in kib.toml). / Start kib serve "
                           "with --public-url https://NAME (or public_url under [serve] in kib.toml).");
        const auto tmpl = addin_asset("/manifest.template.xml");
        if (!tmpl) return failure(500, "kib was built without addin/manifest.template.xml", "manifest.xml", "rebuild kib from a full source tree");
        addin_answer a;
        a.headers.emplace_back("Content-Type", "application/xml; charset=utf-8");
        a.headers.emplace_back("Content-Disposition", "attachment; filename=\"klant-in-beeld-manifest.xml\"");
        a.headers.emplace_back("Content-Security-Policy", other_csp);
        a.body = fill_manifest(std::string(*tmpl), s.public_url, s.addin_id, manifest_version(s.version));
        return a;
    }
    // Only what a browser loads: pages, icons, modules (the template is not a file to fetch).
    const std::string type = content_type(rest);
    const auto asset = type.empty() || rest.find("..") != std::string::npos ? std::nullopt : addin_asset("/" + rest);
    if (!asset)
        return failure(404, "Het add-in heeft geen bestand " + rest + ". / The add-in has no file " + rest + ".", "/addin/" + rest,
                       "");
    addin_answer a;
    a.headers.emplace_back("Content-Type", type);
    a.headers.emplace_back("Content-Security-Policy", is_pane_page(rest) ? pane_csp : std::string(other_csp));
    a.body = std::string(*asset);
    return a;
}

std::string settings_json(const service_settings& s, const std::string& today) {
    json j;
    j["version"] = s.version;
    // The first steering date on or after today; null when none is configured or all are past.
    json next = nullptr;
    for (const auto& d : s.drop.steering_dates)
        if (d >= today && (next.is_null() || d < next.get<std::string>())) next = d;
    j["next_steering_date"] = next;
    j["steering_dates"] = s.drop.steering_dates;
    // The date a programme job uses when the pane sends none (kib.toml [programme] reference_date).
    j["reference_date"] = s.drop.resolve_reference_date(today);
    j["programme_start"] = s.drop.programme_start.empty() ? json(nullptr) : json(s.drop.programme_start);
    j["handouts"] = s.drop.handouts;
    j["handouts_per_owner"] = s.drop.handouts_per_owner;  // the default; ?handouts_per_owner= chooses per job
    j["upload_mb"] = s.upload_limit >> 20;
    j["limits"] = {{"upload_bytes", s.upload_limit},
                   {"seconds_per_job", s.drop.limits.seconds_per_file},
                   {"download_key_seconds", download_key_seconds}};
    j["kinds"] = {"auto", "score", "comments", "programme", "measurements"};
    const bool https = !public_url_problem(s.public_url);
    j["public_url"] = s.public_url.empty() ? json(nullptr) : json(base_url(s.public_url));
    j["manifest_url"] = https ? json(base_url(s.public_url) + "/addin/manifest.xml") : json(nullptr);
    return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace kib::serve
