#include "engine/serve/api.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <ostream>

#include "engine/drop/jobs.hpp"
#include "engine/serve/addin.hpp"
#include "engine/serve/download_keys.hpp"
#include "engine/serve/web_assets.hpp"
#include "readers/cell.hpp"
#include "readers/error.hpp"
#include "readers/utf8.hpp"

namespace kib::serve {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

// One admitted job: holds its place in the queue until the request is done. Never copied (each
// destruction gives a place back).
struct api_handler::ticket {
    api_handler* owner;
    std::string id, file, kind, date, user;
    std::string per_owner;  // ?handouts_per_owner=true|false, "" = kib.toml's
    ~ticket() {
        std::lock_guard lk(owner->mu_);
        --owner->admitted_;
        owner->cv_.notify_all();
    }
};

namespace {

const char* json_type = "application/json; charset=utf-8";

// Headers every answer carries: nothing is sniffed, nothing cached, no referrer leaks.
void add_common(http_response& r) {
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
    r.headers.emplace_back("Referrer-Policy", "no-referrer");
    r.headers.emplace_back("Cache-Control", "no-store");
}

http_response json_response(unsigned status, const json& body) {
    http_response r;
    r.status = status;
    r.headers.emplace_back("Content-Type", json_type);
    r.body = body.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
    add_common(r);
    return r;
}

// {"error":{"message","where","hint"}} in the same words as the drop folder's errors.
http_response refusal(unsigned status, const std::string& message, const std::string& where, const std::string& hint = {}) {
    return json_response(status, {{"error", {{"message", message}, {"where", where}, {"hint", hint}}}});
}

std::string content_type_of(const std::string& name) {
    const std::size_t dot = name.rfind('.');
    const std::string ext = dot == std::string::npos ? "" : name.substr(dot + 1);
    if (ext == "xlsx") return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    if (ext == "docx") return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    if (ext == "json") return json_type;
    if (ext == "txt") return "text/plain; charset=utf-8";
    if (ext == "csv") return "text/csv; charset=utf-8";
    if (ext == "md") return "text/markdown; charset=utf-8";
    if (ext == "html") return "text/html; charset=utf-8";
    if (ext == "js") return "text/javascript; charset=utf-8";
    if (ext == "css") return "text/css; charset=utf-8";
    if (ext == "svg") return "image/svg+xml";
    if (ext == "png") return "image/png";
    return "application/octet-stream";
}

// attachment; filename="ascii fallback"; filename*=UTF-8''percent-encoded (RFC 6266).
std::string attachment(const std::string& name) {
    std::string ascii;
    for (unsigned char c : name) ascii += (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%') ? static_cast<char>(c) : '_';
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + percent_encode(name);
}

std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> parts;
    std::size_t i = 0;
    while (i < path.size()) {
        const std::size_t j = path.find('/', i);
        const std::string p = path.substr(i, j == std::string::npos ? std::string::npos : j - i);
        if (!p.empty()) parts.push_back(p);
        if (j == std::string::npos) break;
        i = j + 1;
    }
    return parts;
}

// The file name a person gave (X-Kib-Filename): the last path segment, valid UTF-8, no control
// characters. "" when unusable.
std::string clean_file_name(const std::string& raw) {
    std::string name;
    if (!percent_decode(raw, name) || first_invalid_utf8(name) != std::string::npos) return {};
    const std::size_t slash = name.find_last_of("/\\");
    if (slash != std::string::npos) name = name.substr(slash + 1);
    for (unsigned char c : name)
        if (c < 0x20 || c == 0x7f) return {};
    if (name.empty() || name == "." || name == ".." || name.size() > 255) return {};
    return name;
}

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// The job document as sent: every output gets download_url, its url with a fresh download key
// (download_keys.hpp), for a browser that has no token (the add-in's downloads). Stored documents
// carry none.
std::string with_download_keys(const std::string& doc, const std::string& secret) {
    json d;
    try {
        d = json::parse(doc);
    } catch (const std::exception&) {
        return doc;
    }
    if (!d.contains("outputs") || !d["outputs"].is_array() || !d["id"].is_string()) return doc;
    const std::int64_t now = unix_now();
    for (auto& o : d["outputs"])
        if (o.contains("url") && o["url"].is_string() && o.contains("name") && o["name"].is_string())
            o["download_url"] =
                o["url"].get<std::string>() + download_query(secret, d["id"].get<std::string>(), o["name"].get<std::string>(), now);
    return d.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace

bool percent_decode(const std::string& text, std::string& out) {
    out.clear();
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size()) return false;
        const int hi = hex(text[i + 1]), lo = hex(text[i + 2]);
        if (hi < 0 || lo < 0) return false;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return true;
}

std::string percent_encode(const std::string& text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

api_handler::api_handler(service_settings settings, token_list tokens, origin_policy origins, job_store& store, std::ostream& log)
    : s_(std::move(settings)), tokens_(std::move(tokens)), origins_(std::move(origins)), store_(store), log_(log) {}

std::optional<http_response> api_handler::begin(http_request& r) {
    // DNS rebinding: a hostile page's name pointed at this machine still sends its own Host.
    if (!origins_.host_allowed(r.header("host")))
        return refusal(421, "kib serve does not answer to the name '" + r.header("host") + "'", "Host",
                       "use the address kib serve was started with, or set --public-url to the name people use");
    if (!origins_.origin_allowed(r.header("origin")))
        return refusal(403, "a web page from " + r.header("origin") + " may not use kib serve", "Origin",
                       "open kib's own page, or the Office add-in");
    const std::vector<std::string> parts = split_path(r.path);
    const bool api = !parts.empty() && parts[0] == "api";
    if (!api) {
        if (r.method != "GET" && r.method != "HEAD") return refusal(405, "only GET here", r.path);
        if (parts.size() >= 2 && parts[0] == "addin") {
            std::string rest = parts[1];
            for (std::size_t i = 2; i < parts.size(); ++i) rest += "/" + parts[i];
            addin_answer a = addin_route(rest, s_);
            http_response resp;
            resp.status = a.status;
            resp.headers = std::move(a.headers);
            resp.body = std::move(a.body);
            add_common(resp);
            return resp;
        }
        const std::string path = r.path == "/" ? "/index.html" : r.path;
        const auto asset = web_asset(path);
        if (!asset) return refusal(404, "there is no page " + r.path, r.path);
        http_response resp;
        resp.headers.emplace_back("Content-Type", content_type_of(path));
        // The page loads only its own files and talks only to this service.
        resp.headers.emplace_back("Content-Security-Policy",
                                  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                                  "form-action 'none'; base-uri 'none'; frame-ancestors 'none'");
        resp.body = std::string(*asset);
        add_common(resp);
        return resp;
    }
    if (parts.size() < 2 || parts[1] != "v1") return refusal(404, "there is no API " + r.path, r.path, "the API is under /api/v1/");
    if (parts.size() == 3 && parts[2] == "health") {
        if (r.method != "GET") return refusal(405, "health is GET only", r.path);
        return json_response(200, {{"status", "ok"}, {"version", s_.version}, {"auth", !tokens_.empty()}});
    }
    // A download key opens one output without a token (the system browser the add-in hands it to
    // has none); a wrong or expired key falls back to the token.
    const bool output_route = parts.size() == 6 && parts[2] == "jobs" && parts[4] == "outputs";
    if (output_route && r.method == "GET" && r.query.count("k")) {
        const key_check k = check_download_key(s_.download_secret, parts[3], parts[5], r.query["e"], r.query["k"], unix_now());
        if (k == key_check::valid) return get_output(parts[3], parts[5]);
        if (!tokens_.empty() && !tokens_.owner(bearer_token(r.header("authorization"))))
            return refusal(403,
                           k == key_check::expired
                               ? "Deze downloadlink is verlopen. / This download link has expired."
                               : "Deze downloadlink is niet geldig. / This download link is not valid.",
                           "k", "Open het bestand opnieuw vanuit Klant in Beeld. / Open the file again from Klant in Beeld.");
    }
    std::string user = "local";
    if (!tokens_.empty()) {
        const auto who = tokens_.owner(bearer_token(r.header("authorization")));
        if (!who) {
            http_response resp = refusal(401, "kib serve needs a valid token", "Authorization",
                                         "send Authorization: Bearer TOKEN with a token from the tokens file");
            resp.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"kib\"");
            return resp;
        }
        user = *who;
    }
    if (parts.size() == 3 && parts[2] == "settings") {
        if (r.method != "GET") return refusal(405, "settings is GET only", r.path);
        http_response resp;
        resp.headers.emplace_back("Content-Type", json_type);
        resp.body = settings_json(s_, today_iso());
        add_common(resp);
        return resp;
    }
    if (parts.size() == 3 && parts[2] == "jobs") {
        if (r.method != "POST") return refusal(405, "jobs are made with POST", r.path);
        return begin_job(r, user);
    }
    if (parts.size() >= 4 && parts[2] == "jobs" && r.method != "GET") return refusal(405, "GET only here", r.path);
    if (parts.size() == 4 && parts[2] == "jobs") return get_job(parts[3]);
    if (parts.size() == 6 && parts[2] == "jobs" && parts[4] == "outputs") return get_output(parts[3], parts[5]);
    return refusal(404, "there is no API " + r.path, r.path);
}

std::optional<http_response> api_handler::begin_job(http_request& r, const std::string& user) {
    // Only a script can send this type: no form of a foreign page can post a file here.
    std::string type = r.header("content-type");
    type = type.substr(0, type.find(';'));
    while (!type.empty() && type.back() == ' ') type.pop_back();
    if (type != "application/octet-stream")
        return refusal(415, "the body must be the file's bytes with Content-Type: application/octet-stream", "Content-Type");
    if (r.header("x-kib-filename").empty())
        return refusal(400, "the file's name is missing", "X-Kib-Filename", "send its name, percent-encoded UTF-8, in X-Kib-Filename");
    const std::string file = clean_file_name(r.header("x-kib-filename"));
    if (file.empty()) return refusal(400, "the file's name is not usable", "X-Kib-Filename", "percent-encode the name as UTF-8");
    std::string kind = r.query.count("kind") ? r.query["kind"] : "auto";
    if (kind != "auto" && kind != "score" && kind != "comments" && kind != "programme" && kind != "measurements")
        return refusal(400, "there is no job '" + kind + "'", "kind", "use auto, score, comments, programme or measurements");
    const std::string date = r.query.count("date") ? r.query["date"] : "";
    if (!date.empty() && (date.size() != 10 || !iso_to_serial(date)))
        return refusal(400, "'" + date + "' is not a date", "date", "write it as YYYY-MM-DD");
    // The add-in's "Handouts maken": one handout per benefit owner, or one for all participants.
    const std::string per_owner = r.query.count("handouts_per_owner") ? r.query["handouts_per_owner"] : "";
    if (!per_owner.empty() && per_owner != "true" && per_owner != "false")
        return refusal(400, "handouts_per_owner is true or false, not '" + per_owner + "'", "handouts_per_owner");
    const std::string length = r.header("content-length");
    if (!length.empty()) {
        std::uint64_t n = 0;
        try {
            n = std::stoull(length);
        } catch (const std::exception&) {
            return refusal(400, "Content-Length is not a number", "Content-Length");
        }
        if (n > s_.upload_limit) return too_large(r);
    }
    {
        std::lock_guard lk(mu_);
        if (closed_ || admitted_ >= s_.jobs + s_.queue) {
            http_response resp = refusal(503, closed_ ? "kib serve is stopping" : "kib is busy with other files", "",
                                         "try again in a few seconds");
            resp.headers.emplace_back("Retry-After", "5");
            return resp;
        }
        ++admitted_;
    }
    // Made in place: a temporary ticket would give its place back when it is destroyed.
    const std::shared_ptr<ticket> t(new ticket{this, job_store::new_id(), file, kind, date, user, per_owner});
    r.body_path = store_.upload_path(t->id);
    r.body_limit = s_.upload_limit;
    r.state = t;
    return std::nullopt;
}

http_response api_handler::too_large(const http_request&) {
    http_response resp = refusal(413, "the file is larger than kib serve takes (" + std::to_string(s_.upload_limit >> 20) + " MB)",
                                 "Content-Length", "split the file, or raise upload_mb under [serve] in kib.toml");
    resp.headers.emplace_back("Connection", "close");
    return resp;
}

http_response api_handler::finish(http_request& r) {
    auto t = std::static_pointer_cast<ticket>(r.state);
    if (!t) return refusal(400, "no body expected", r.path);
    {
        std::unique_lock lk(mu_);
        cv_.wait(lk, [&] { return running_ < s_.jobs; });
        ++running_;
    }
    struct release {
        api_handler* h;
        ~release() {
            std::lock_guard lk(h->mu_);
            --h->running_;
            h->cv_.notify_all();
        }
    } release_slot{this};
    const std::string created = utc_now_iso();
    const auto started = std::chrono::steady_clock::now();
    const fs::path dir = store_.job_dir(t->id);
    fs::create_directories(dir / "input");
    const fs::path input = dir / "input" / t->file;
    fs::rename(r.body_path, input);
    // The drop folder's job runner, in a `kib _job` child with the drop folder's time limit.
    std::vector<std::string> command = s_.job_command;
    if (t->kind != "auto") command.insert(command.end(), {"--kind", t->kind});
    if (!t->date.empty()) command.insert(command.end(), {"--date", t->date});
    if (!t->per_owner.empty()) command.insert(command.end(), {"--handouts-per-owner", t->per_owner});
    const auto limit = s_.drop.limits.seconds_per_file > 0 ? std::chrono::seconds(s_.drop.limits.seconds_per_file)
                                                           : std::chrono::seconds(24 * 3600);
    drop_config cfg = s_.drop;
    if (!t->date.empty()) cfg.reference_date = t->date;
    if (!t->per_owner.empty()) cfg.handouts_per_owner = t->per_owner == "true";
    const job_outcome o = run_one_job(drop_jobs(cfg, s_.drop_dir, t->kind), input, t->file, dir / "work", {limit, command});
    std::error_code ec;
    fs::rename(dir / "work" / "out", dir / "out", ec);
    if (ec) fs::create_directories(dir / "out", ec);
    fs::remove_all(dir / "work", ec);
    fs::remove_all(dir / "input", ec);
    const double duration = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const std::string doc = job_document(t->id, t->file, o, created, duration, dir / "out");
    store_.save(t->id, doc);
    store_.log(json{{"time", created},
                    {"user", t->user},
                    {"id", t->id},
                    {"file", t->file},
                    {"kind", o.kind},
                    {"outcome", o.ok() ? "done" : "failed"},
                    {"duration_s", duration}}
                   .dump(-1, ' ', false, json::error_handler_t::replace));
    log_ << created << "  " << t->user << "  " << (o.ok() ? "done    " : "FAILED  ") << t->file << " (" << o.kind << ")"
         << (o.ok() ? "" : "\n                     " + o.failure.text) << std::endl;
    http_response resp;
    resp.status = o.ok() ? 200 : 422;
    resp.headers.emplace_back("Content-Type", json_type);
    resp.body = with_download_keys(doc, s_.download_secret);
    add_common(resp);
    return resp;
}

std::string api_handler::job_document(const std::string& id, const std::string& file, const job_outcome& o, const std::string& created,
                                      double duration, const fs::path& out_dir) const {
    json d;
    d["id"] = id;
    d["file"] = file;
    d["kind"] = o.kind;
    d["outcome"] = o.ok() ? "done" : "failed";
    d["error"] = o.ok() ? json(nullptr)
                        : json{{"message", o.failure.message}, {"where", o.failure.where}, {"hint", o.failure.hint}, {"text", o.failure.text}};
    json result = nullptr;
    if (o.ok() && !o.result_json.empty()) {
        try {
            result = json::parse(o.result_json);
        } catch (const std::exception&) {
            result = nullptr;
        }
    }
    d["result"] = result;
    json outputs = json::array();
    std::vector<fs::path> files;
    std::error_code ec;
    if (o.ok())
        for (const auto& e : fs::directory_iterator(out_dir, ec))
            if (e.is_regular_file()) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    const std::string base = s_.public_url.empty() ? "" : (s_.public_url.back() == '/' ? s_.public_url.substr(0, s_.public_url.size() - 1)
                                                                                         : s_.public_url);
    for (const auto& f : files) {
        const std::string name = f.filename().string();
        outputs.push_back({{"name", name},
                           {"size", fs::file_size(f, ec)},
                           {"url", base + "/api/v1/jobs/" + id + "/outputs/" + percent_encode(name)}});
    }
    d["outputs"] = outputs;
    d["warnings"] = o.warnings;
    d["created"] = created;
    d["duration_s"] = duration;
    return d.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

http_response api_handler::get_job(const std::string& id) const {
    const auto doc = store_.load(id);
    if (!doc) return refusal(404, "there is no job " + id, "id", "jobs are kept for a limited time");
    http_response resp;
    resp.status = 200;
    resp.headers.emplace_back("Content-Type", json_type);
    resp.body = with_download_keys(*doc, s_.download_secret);
    add_common(resp);
    return resp;
}

http_response api_handler::get_output(const std::string& id, const std::string& name) const {
    const auto path = store_.output(id, name);
    if (!path) return refusal(404, "job " + id + " has no output '" + name + "'", "name");
    http_response resp;
    resp.headers.emplace_back("Content-Type", content_type_of(name));
    resp.headers.emplace_back("Content-Disposition", attachment(name));
    resp.file = *path;
    add_common(resp);
    return resp;
}

void api_handler::done(http_request& r) noexcept {
    if (!r.body_path.empty()) {
        std::error_code ec;
        fs::remove(r.body_path, ec);
    }
    r.state.reset();
}

int api_handler::admitted() const {
    std::lock_guard lk(mu_);
    return admitted_;
}

void api_handler::wait_idle(std::chrono::seconds limit) {
    std::unique_lock lk(mu_);
    cv_.wait_for(lk, limit, [&] { return admitted_ == 0; });
}

void api_handler::close() {
    std::lock_guard lk(mu_);
    closed_ = true;
}

}  // namespace kib::serve
