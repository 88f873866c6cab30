#include "engine/serve/serve_config.hpp"

#include <toml++/toml.h>

#include <cstdlib>
#include <set>

#include "readers/error.hpp"

namespace kib::serve {

namespace {

[[noreturn]] void fail_at(const std::filesystem::path& file, const toml::source_region& where, const std::string& msg,
                          const std::string& hint = {}) {
    throw error(error_category::bad_input, {file.string(), {}, "[serve]", where.begin.line, where.begin.column}, msg, hint);
}

void read_text(const std::filesystem::path& file, const toml::table& t, const char* key, std::string& out) {
    if (const toml::node* n = t.get(key)) {
        if (!n->is_string()) fail_at(file, n->source(), std::string("'") + key + "' must be text in quotes");
        out = n->as_string()->get();
    }
}

void read_path(const std::filesystem::path& file, const toml::table& t, const char* key, std::filesystem::path& out) {
    std::string s;
    read_text(file, t, key, s);
    if (s.empty()) return;
    // Relative paths are relative to the kib.toml, wherever kib serve was started.
    out = std::filesystem::path(s).is_absolute() ? std::filesystem::path(s) : file.parent_path() / s;
}

template <class T>
void read_number(const std::filesystem::path& file, const toml::table& t, const char* key, T& out, long long lo, long long hi) {
    const toml::node* n = t.get(key);
    if (!n) return;
    if (!n->is_integer() || n->as_integer()->get() < lo || n->as_integer()->get() > hi)
        fail_at(file, n->source(), std::string("'") + key + "' must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
    out = static_cast<T>(n->as_integer()->get());
}

}  // namespace

serve_config load_serve_config(const std::filesystem::path& file) {
    serve_config c;
    toml::table root;
    try {
        root = toml::parse_file(file.string());
    } catch (const toml::parse_error& e) {
        throw error(error_category::bad_input, {file.string(), {}, {}, e.source().begin.line, e.source().begin.column},
                    std::string(e.description()), "check the TOML syntax of this line");
    } catch (const std::exception& e) {
        throw error(error_category::io, {file.string(), {}, {}, 0, 0}, std::string("cannot read the configuration: ") + e.what());
    }
    const toml::table* s = root["serve"].as_table();
    if (!s) return c;
    static const std::set<std::string> known = {"listen", "data", "tokens", "public_url", "tls_cert", "tls_key", "keep_days", "upload_mb",
                                                "jobs", "queue", "connections", "connections_per_address", "timeout_seconds"};
    for (const auto& [k, v] : *s) {
        if (!known.count(std::string(k.str()))) {
            std::string list;
            for (const auto& n : known) list += (list.empty() ? "" : ", ") + n;
            fail_at(file, v.source(), "unknown setting '" + std::string(k.str()) + "' in [serve]", "known settings here: " + list);
        }
    }
    read_text(file, *s, "listen", c.listen);
    read_path(file, *s, "data", c.data);
    read_path(file, *s, "tokens", c.tokens);
    read_text(file, *s, "public_url", c.public_url);
    read_path(file, *s, "tls_cert", c.tls_cert);
    read_path(file, *s, "tls_key", c.tls_key);
    read_number(file, *s, "keep_days", c.keep_days, 1, 3650);
    read_number(file, *s, "upload_mb", c.upload_mb, 1, 4096);
    read_number(file, *s, "jobs", c.jobs, 0, 256);
    read_number(file, *s, "queue", c.queue, 0, 10000);
    read_number(file, *s, "connections", c.connections, 1, 10000);
    read_number(file, *s, "connections_per_address", c.connections_per_address, 1, 10000);
    read_number(file, *s, "timeout_seconds", c.timeout_seconds, 1, 3600);
    return c;
}

std::filesystem::path default_data_dir() {
    if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x) return std::filesystem::path(x) / "kib" / "serve";
    if (const char* h = std::getenv("HOME"); h && *h) return std::filesystem::path(h) / ".local" / "share" / "kib" / "serve";
    return "kib-serve";
}

listen_address parse_listen(const std::string& text) {
    auto bad = [&text]() -> error {
        return error(error_category::bad_input, {{}, {}, "--listen", 0, 0}, "'" + text + "' is not an address to listen on",
                     "write HOST:PORT, e.g. 127.0.0.1:8750, 0.0.0.0:8750 or [::1]:8750");
    };
    listen_address a;
    std::string port;
    if (!text.empty() && text.front() == '[') {
        const std::size_t close = text.find(']');
        if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') throw bad();
        a.host = text.substr(1, close - 1);
        port = text.substr(close + 2);
    } else {
        const std::size_t colon = text.rfind(':');
        if (colon == std::string::npos || text.find(':') != colon) throw bad();
        a.host = text.substr(0, colon);
        port = text.substr(colon + 1);
    }
    if (a.host.empty() || port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) throw bad();
    a.port = std::stoi(port);
    if (a.port < 1 || a.port > 65535) throw bad();
    return a;
}

}  // namespace kib::serve
