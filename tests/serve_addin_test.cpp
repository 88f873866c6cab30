// The Office add-in's side of kib serve without a server: the manifest (filled, schema-valid with
// xmllint, stable Id), the pane's files and their framing rules, download keys, and the KPI patch
// against what `kib kpi -o` writes (the served routes: tests/serve/serve_addin_test.py).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>

#include "engine/programme/programme.hpp"
#include "engine/programme/programme_update.hpp"
#include "engine/serve/addin.hpp"
#include "engine/serve/api.hpp"
#include "engine/serve/download_keys.hpp"
#include "engine/serve/web_assets.hpp"
#include "readers/package.hpp"
#include "readers/xlsx.hpp"
#include "readers/xlsx_parts.hpp"
#include "test_util.hpp"
#include "writers/xlsx_edit.hpp"

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using kib::test::temp_dir;

const std::string public_url = "https://kib.gemeente.example.nl/klant-in-beeld";
const std::string some_id = "5d1c9a3e-7b2f-4c8d-9e0a-1b2c3d4e5f60";

std::string manifest_template() {
    const auto t = kib::serve::addin_asset("/manifest.template.xml");
    EXPECT_TRUE(t.has_value()) << "addin/manifest.template.xml is not embedded";
    return t ? std::string(*t) : std::string();
}

// Runs a shell command; returns its exit code and puts stdout+stderr into `out`.
int shell(const std::string& command, std::string& out) {
    FILE* f = ::popen((command + " 2>&1").c_str(), "r");
    if (!f) return -1;
    char buf[4096];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, f)) out.append(buf, n);
    const int status = ::pclose(f);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

kib::serve::service_settings settings_with(const std::string& url) {
    kib::serve::service_settings s;
    s.public_url = url;
    s.addin_id = some_id;
    s.version = "0.1.0";
    return s;
}

std::string header(const kib::serve::addin_answer& a, const std::string& name) {
    for (const auto& [k, v] : a.headers)
        if (k == name) return v;
    return {};
}

// ---- The manifest ----

TEST(AddinManifest, FilledManifestValidatesAgainstTheOfficeSchemas) {
    const std::string xsd = std::string(KIB_OFFICE_SCHEMAS) + "/OfficeAppManifestV1_1.xsd";
    ASSERT_TRUE(fs::exists(xsd)) << "schemas not found at " << xsd << " (see /work/shared/schemas/office-addin-manifest)";
    const temp_dir dir;
    const std::string filled = kib::serve::fill_manifest(manifest_template(), public_url + "/", some_id, "0.1.0.0");
    const std::string file = dir.write("manifest.xml", filled);
    std::string out;
    EXPECT_EQ(shell("xmllint --noout --schema '" + xsd + "' '" + file + "'", out), 0) << out;
    // A manifest the schema refuses is noticed: the check above is not vacuous.
    std::string broken = filled;
    broken.replace(broken.find("<Version>"), 9, "<Versie>");
    broken.replace(broken.find("</Version>"), 10, "</Versie>");
    std::string out2;
    EXPECT_NE(shell("xmllint --noout --schema '" + xsd + "' '" + dir.write("broken.xml", broken) + "'", out2), 0);
}

TEST(AddinManifest, EveryUrlHttpsUnderThePublicUrlAndTheIdInPlace) {
    const std::string filled = kib::serve::fill_manifest(manifest_template(), public_url + "///", some_id, "1.2.3.4");
    EXPECT_EQ(filled.find("{{"), std::string::npos);
    EXPECT_NE(filled.find("<Id>" + some_id + "</Id>"), std::string::npos);
    EXPECT_NE(filled.find("<Version>1.2.3.4</Version>"), std::string::npos);
    EXPECT_NE(filled.find("<SourceLocation DefaultValue=\"" + public_url + "/addin/taskpane.html\"/>"), std::string::npos);
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_string(filled.c_str()));
    int urls = 0;
    for (const pugi::xpath_node& n : doc.select_nodes("//@DefaultValue")) {
        const std::string v = n.attribute().value();
        if (v.rfind("http", 0) != 0) continue;
        ++urls;
        EXPECT_EQ(v.rfind(public_url + "/", 0), 0u) << v;
        // Every pane file the manifest names is embedded in kib.
        const std::string prefix = public_url + "/addin/";
        if (v.rfind(prefix, 0) == 0 && fs::exists(fs::path(KIB_SOURCE_DIR) / "addin" / v.substr(prefix.size()))) {
            EXPECT_TRUE(kib::serve::addin_asset("/" + v.substr(prefix.size())).has_value()) << v;
        }
    }
    EXPECT_GE(urls, 8);
}

TEST(AddinManifest, FillingRefusesWhatOfficeRefuses) {
    const std::string t = manifest_template();
    for (const std::string url : {"http://kib.example.nl", "", "https://", "https://kib.example.nl/?x=1", "https://kib.example.nl/#a",
                                  "https://anne@kib.example.nl", "https://kib example.nl"})
        EXPECT_THROW(kib::serve::fill_manifest(t, url, some_id, "1.0"), kib::error) << url;
    EXPECT_THROW(kib::serve::fill_manifest(t, public_url, "kib", "1.0"), kib::error);
    EXPECT_THROW(kib::serve::fill_manifest(t, public_url, some_id, "v1"), kib::error);
    EXPECT_THROW(kib::serve::fill_manifest(t, public_url, some_id, "1.2.3.4.5"), kib::error);
    EXPECT_THROW(kib::serve::fill_manifest(t + "{{EXTRA}}", public_url, some_id, "1"), kib::error);
    // XML-special characters in the URL are escaped, not copied into the markup.
    const std::string filled = kib::serve::fill_manifest(t, "https://kib.example.nl/a&b", some_id, "1");
    EXPECT_NE(filled.find("https://kib.example.nl/a&amp;b/addin/"), std::string::npos);
}

TEST(AddinManifest, VersionHasFourNumbers) {
    EXPECT_EQ(kib::serve::manifest_version("0.1.0"), "0.1.0.0");
    EXPECT_EQ(kib::serve::manifest_version("2"), "2.0.0.0");
    EXPECT_EQ(kib::serve::manifest_version("1.2.3-rc1"), "1.2.3.0");
    EXPECT_EQ(kib::serve::manifest_version("1.2.3.4.5"), "1.2.3.4");
    EXPECT_EQ(kib::serve::manifest_version(""), "0.0.0.0");
}

TEST(AddinManifest, IdIsMadeOnceAndKept) {
    const temp_dir dir;
    const std::string a = kib::serve::load_addin_id(dir.path());
    EXPECT_TRUE(std::regex_match(a, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"))) << a;
    EXPECT_EQ(kib::serve::load_addin_id(dir.path()), a);  // a restart reads it back
    EXPECT_EQ(kib::test::read_file(dir.path() + "/addin-id"), a + "\n");
    const temp_dir other;
    EXPECT_NE(kib::serve::load_addin_id(other.path()), a);  // another installation, another add-in
    // An Id an administrator wrote back (upper case) is taken; one that is no GUID is refused.
    const temp_dir kept;
    kept.write("addin-id", "5D1C9A3E-7B2F-4C8D-9E0A-1B2C3D4E5F60\r\n");
    EXPECT_EQ(kib::serve::load_addin_id(kept.path()), some_id);
    kept.write("addin-id", "klant-in-beeld\n");
    EXPECT_THROW(kib::serve::load_addin_id(kept.path()), kib::error);
}

TEST(AddinManifest, ServedOnlyWithAnHttpsPublicUrl) {
    for (const std::string url : {"", "http://kib.kantoor.local"}) {
        const auto a = kib::serve::addin_route("manifest.xml", settings_with(url));
        EXPECT_EQ(a.status, 409u) << url;
        const json body = json::parse(a.body);
        const std::string message = body["error"]["message"];
        EXPECT_NE(message.find("https"), std::string::npos);
        EXPECT_NE(message.find("Het add-in-manifest"), std::string::npos) << "Dutch first: " << message;
        EXPECT_NE(message.find("The add-in manifest"), std::string::npos) << "and English: " << message;
        EXPECT_EQ(body["error"]["where"], "--public-url");
    }
    const auto a = kib::serve::addin_route("manifest.xml", settings_with(public_url));
    EXPECT_EQ(a.status, 200u);
    EXPECT_EQ(header(a, "Content-Type"), "application/xml; charset=utf-8");
    EXPECT_NE(a.body.find("<Id>" + some_id + "</Id>"), std::string::npos);
    EXPECT_NE(a.body.find("<Version>0.1.0.0</Version>"), std::string::npos);
}

// ---- The pane's files and framing ----

TEST(AddinFiles, PanePagesMayBeFramedByOfficeOnly) {
    const auto s = settings_with(public_url);
    const auto commands = kib::serve::addin_route("commands.html", s);
    ASSERT_EQ(commands.status, 200u);
    EXPECT_EQ(header(commands, "Content-Type"), "text/html; charset=utf-8");
    EXPECT_EQ(commands.body, kib::test::read_file(std::string(KIB_SOURCE_DIR) + "/addin/commands.html"));
    const std::string csp = header(commands, "Content-Security-Policy");
    EXPECT_NE(csp.find("frame-ancestors 'self' https://*.officeapps.live.com"), std::string::npos) << csp;
    EXPECT_NE(csp.find("https://*.sharepoint.com"), std::string::npos) << csp;
    EXPECT_NE(csp.find("script-src 'self' https://appsforoffice.microsoft.com"), std::string::npos) << csp;
    EXPECT_EQ(csp.find("frame-ancestors 'none'"), std::string::npos);
    EXPECT_TRUE(kib::serve::is_pane_page("taskpane.html"));
    // Icons and modules are never framed.
    for (const std::string f : {"icons/icon-32.png", "src/api.js"}) {
        const auto a = kib::serve::addin_route(f, s);
        ASSERT_EQ(a.status, 200u) << f;
        EXPECT_NE(header(a, "Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos) << f;
        EXPECT_EQ(a.body, kib::test::read_file(std::string(KIB_SOURCE_DIR) + "/addin/" + f)) << f;
    }
    EXPECT_EQ(header(kib::serve::addin_route("src/api.js", s), "Content-Type"), "text/javascript; charset=utf-8");
    EXPECT_EQ(header(kib::serve::addin_route("icons/icon-16.png", s), "Content-Type"), "image/png");
}

TEST(AddinFiles, OnlyWhatTheBrowserLoadsIsServed) {
    const auto s = settings_with(public_url);
    for (const std::string f : {"manifest.template.xml", "README.md", "package.json", "package-lock.json", "tools/fill_manifest.mjs",
                                "tools/make_icons.py", "test/api.test.mjs", "manifest_test/manifest.test.mjs",
                                "test_support/fake_excel.mjs", "node_modules/office-addin-mock/package.json", "../web/index.html",
                                "src/../tools/fill_manifest.mjs", "nothing.html"}) {
        const auto a = kib::serve::addin_route(f, s);
        EXPECT_EQ(a.status, 404u) << f;
        EXPECT_NE(header(a, "Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos) << f;
    }
    // Every page, icon and module in the source tree is embedded (the CMake glob).
    const fs::path addin = fs::path(KIB_SOURCE_DIR) / "addin";
    int files = 0;
    for (const auto& [dir, ext] : {std::pair{addin, ".html"}, std::pair{addin, ".css"}, std::pair{addin / "icons", ".png"},
                                   std::pair{addin / "src", ".js"}})
        for (const auto& e : fs::directory_iterator(dir))
            if (e.path().extension() == ext) {
                ++files;
                const std::string rel = fs::relative(e.path(), addin).string();
                EXPECT_EQ(kib::serve::addin_route(rel, s).status, 200u) << rel;
            }
    EXPECT_GE(files, 11);
}

TEST(AddinSettings, StateWhatThePaneNeeds) {
    auto s = settings_with(public_url + "/");
    s.upload_limit = 50ull << 20;
    s.drop.steering_dates = {"2026-09-15", "2026-12-15", "2027-03-16"};
    s.drop.reference_date = "next-steering";
    s.drop.programme_start = "2026-01";
    const json j = json::parse(kib::serve::settings_json(s, "2026-11-23"));
    EXPECT_EQ(j["next_steering_date"], "2026-12-15");
    EXPECT_EQ(j["reference_date"], "2026-12-15");
    EXPECT_EQ(j["steering_dates"].size(), 3u);
    EXPECT_EQ(j["programme_start"], "2026-01");
    EXPECT_EQ(j["version"], "0.1.0");
    EXPECT_EQ(j["limits"]["upload_bytes"], 50ull << 20);
    EXPECT_EQ(j["upload_mb"], 50);
    EXPECT_EQ(j["limits"]["download_key_seconds"], kib::serve::download_key_seconds);
    EXPECT_EQ(j["manifest_url"], public_url + "/addin/manifest.xml");
    // On the steering day itself it is still the next one; after the last there is none.
    EXPECT_EQ(json::parse(kib::serve::settings_json(s, "2026-12-15"))["next_steering_date"], "2026-12-15");
    EXPECT_TRUE(json::parse(kib::serve::settings_json(s, "2027-04-01"))["next_steering_date"].is_null());
    const json plain = json::parse(kib::serve::settings_json(settings_with(""), "2026-11-23"));
    EXPECT_TRUE(plain["next_steering_date"].is_null());
    EXPECT_TRUE(plain["manifest_url"].is_null());
}

// ---- Download keys ----

TEST(DownloadKeys, AcceptOnlyTheirOwnOutputUntilTheyExpire) {
    const temp_dir dir;
    const std::string secret = kib::serve::load_download_secret(dir.path());
    EXPECT_EQ(secret.size(), 32u);
    EXPECT_EQ(kib::serve::load_download_secret(dir.path()), secret);  // kept across restarts
    struct stat st{};
    ASSERT_EQ(::stat((dir.path() + "/download.key").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);

    using kib::serve::key_check;
    const std::string id = "20261123T101500Z-0123456789abcdef01234567";
    const std::string name = "programma - stuurgroeprapportage 2026-11-23.docx";
    const std::int64_t now = 1'800'000'000;
    const std::string q = kib::serve::download_query(secret, id, name, now);
    const std::smatch m = [&] {
        std::smatch r;
        std::regex_match(q, r, std::regex("\\?e=([0-9]+)&k=([0-9a-f]{64})"));
        return r;
    }();
    ASSERT_EQ(m.size(), 3u) << q;
    const std::string e = m[1], k = m[2];
    EXPECT_EQ(std::stoll(e), now + kib::serve::download_key_seconds);
    EXPECT_EQ(kib::serve::check_download_key(secret, id, name, e, k, now), key_check::valid);
    EXPECT_EQ(kib::serve::check_download_key(secret, id, name, e, k, now + kib::serve::download_key_seconds), key_check::valid);
    EXPECT_EQ(kib::serve::check_download_key(secret, id, name, e, k, now + kib::serve::download_key_seconds + 1), key_check::expired);
    // Another output, another job, a later expiry, a changed key, another installation: refused.
    EXPECT_EQ(kib::serve::check_download_key(secret, id, name + "x", e, k, now), key_check::wrong);
    EXPECT_EQ(kib::serve::check_download_key(secret, "20261123T101500Z-0123456789abcdef01234568", name, e, k, now), key_check::wrong);
    EXPECT_EQ(kib::serve::check_download_key(secret, id, name, std::to_string(std::stoll(e) + 3600), k, now), key_check::wrong);
    std::string flipped = k;
    flipped[10] = flipped[10] == '0' ? '1' : '0';
    EXPECT_EQ(kib::serve::check_download_key(secret, id, name, e, flipped, now), key_check::wrong);
    const temp_dir other;
    EXPECT_EQ(kib::serve::check_download_key(kib::serve::load_download_secret(other.path()), id, name, e, k, now), key_check::wrong);
    for (const std::string bad_e : {"", "-5", "12a", "99999999999999999999"})
        EXPECT_EQ(kib::serve::check_download_key(secret, id, name, bad_e, k, now), key_check::wrong) << bad_e;
    EXPECT_EQ(kib::serve::check_download_key(secret, id, name, e, k.substr(1), now), key_check::wrong);
    EXPECT_EQ(kib::serve::check_download_key(secret, id, name, e, "", now), key_check::wrong);
}

}  // namespace
