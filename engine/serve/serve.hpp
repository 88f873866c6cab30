// `kib serve`: the service a web page and the Office add-in talk to (see engine/serve/api.hpp for
// the routes). Settings: the command line over [serve] in kib.toml over the defaults.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace kib::serve {

// What the command line gave ("" / -1: not given).
struct serve_command {
    std::string config;  // kib.toml
    std::string listen, data, tokens, public_url, tls_cert, tls_key;
    long long upload_mb = -1;
    int jobs = -1, queue = -1, timeout_seconds = -1, keep_days = -1;
    std::vector<std::string> limit_args;  // --limit NAME=N for the jobs
    std::string program;                  // this kib, to start `kib _job` children
    std::string version;
};

// Runs the service until SIGTERM or SIGINT, then finishes the jobs under way and returns 0.
// Throws kib::error(bad_input) — exit 2 — before listening when the settings are unsafe or wrong
// (beyond loopback without tokens, half a TLS pair, unreadable tokens file, port in use).
int run_serve(const serve_command& c, std::ostream& log);

}  // namespace kib::serve
