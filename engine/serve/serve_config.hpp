// The settings of `kib serve`: command-line options over [serve] in kib.toml over defaults.
//
//   [serve]
//   listen = "127.0.0.1:8750"          # HOST:PORT ([::1]:8750 for IPv6); beyond loopback needs tokens
//   data = "/var/lib/kib"               # jobs and uploads (default: $XDG_DATA_HOME/kib/serve)
//   tokens = "/etc/kib/tokens"          # lines "name token"
//   public_url = "https://kib.kantoor.local"   # the address people use (reverse proxy, DNS name)
//   tls_cert = "/etc/kib/cert.pem"
//   tls_key = "/etc/kib/key.pem"
//   keep_days = 7                       # jobs are removed this long after they were made
//   upload_mb = 200                     # larger bodies are refused (413) before they are read
//   jobs = 0                            # jobs at once (0: one per core)
//   queue = 4                           # jobs waiting beyond those (default 4 per job slot); more: 503
//   connections = 256                   # open connections in all
//   connections_per_address = 32
//   timeout_seconds = 60                # a connection idle this long is closed (slow clients)
//
// The job settings ([programme], [score], [limits]) are those of the drop folder (drop_config.hpp).
#pragma once

#include <filesystem>
#include <string>

namespace kib::serve {

struct serve_config {
    std::string listen = "127.0.0.1:8750";
    std::filesystem::path data;  // "" = default_data_dir()
    std::filesystem::path tokens;
    std::string public_url;
    std::filesystem::path tls_cert, tls_key;
    int keep_days = 7;
    long long upload_mb = 200;
    int jobs = 0;
    int queue = -1;  // -1 = 4 per job slot
    int connections = 256;
    int connections_per_address = 32;
    int timeout_seconds = 60;
};

// Reads [serve] from a kib.toml (other sections are the drop folder's and are left alone).
// Throws kib::error(bad_input) naming the file, line and key on an unknown key or a bad value.
serve_config load_serve_config(const std::filesystem::path& file);

// $XDG_DATA_HOME/kib/serve, else $HOME/.local/share/kib/serve, else ./kib-serve.
std::filesystem::path default_data_dir();

// A listen address split up: "127.0.0.1:8750" -> {"127.0.0.1", 8750}; "[::1]:8750" -> {"::1", 8750}.
struct listen_address {
    std::string host;
    int port = 0;
};
// Throws kib::error(bad_input) with where "--listen" when `text` is not HOST:PORT.
listen_address parse_listen(const std::string& text);

}  // namespace kib::serve
