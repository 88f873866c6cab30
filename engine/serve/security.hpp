// The rules that keep kib serve safe on an office network with hostile web pages in the same
// browser: who may call (tokens), which names the service answers to (Host: DNS rebinding), which
// pages may call it (Origin), and when it may listen beyond this machine at all.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/serve/serve_config.hpp"

namespace kib::serve {

// The tokens file: one "name token" per line; blank lines and lines starting with # are skipped.
// Only SHA-256 digests of the tokens are kept in memory.
class token_list {
public:
    // Throws kib::error(bad_input) naming the file and line for a line that is not "name token",
    // a token shorter than 16 characters or a token used twice; kib::error(io) when unreadable.
    static token_list load(const std::filesystem::path& file);
    // For tests and embedding: from the text of a tokens file; `file` names it in errors.
    static token_list parse(const std::string& text, const std::string& file);

    bool empty() const noexcept { return entries_.empty(); }
    std::size_t size() const noexcept { return entries_.size(); }
    // The name that goes with `token`, or nothing. Compares with every entry in constant time
    // (a digest compare each, no early exit), so timing tells nothing about the tokens.
    std::optional<std::string> owner(const std::string& token) const;

private:
    struct entry {
        std::string name;
        std::string digest;  // 32 bytes
    };
    std::vector<entry> entries_;
};

// The token of an "Authorization: Bearer TOKEN" header; "" when the header is not of that form.
std::string bearer_token(const std::string& authorization);

// True for names and addresses of this machine only: localhost, 127.0.0.0/8, ::1.
bool is_loopback_host(const std::string& host);

// Which Host and Origin header values belong to the service itself.
class origin_policy {
public:
    // `listen` is where kib listens, `tls` whether it speaks HTTPS itself, `public_url` the
    // address people use ("" = none), `machine_names` extra names of this machine (hostname).
    origin_policy(const listen_address& listen, bool tls, const std::string& public_url,
                  const std::vector<std::string>& machine_names);
    // Host is one of the service's own names with its port (case-insensitive; the port may be
    // left out for the scheme's default port of the public URL).
    bool host_allowed(const std::string& host) const;
    // An empty Origin (not a browser, or a same-origin GET) is allowed; else it must be one of
    // the service's own origins (scheme://host[:port]).
    bool origin_allowed(const std::string& origin) const;
    const std::vector<std::string>& hosts() const noexcept { return hosts_; }

private:
    std::vector<std::string> hosts_;    // lower case, "name:port"
    std::vector<std::string> origins_;  // lower case, "scheme://name[:port]"
};

// The refusal to listen beyond loopback without tokens, as a kib::error(bad_input) with where
// "--listen"; nothing when the combination is safe.
std::optional<std::string> listen_refusal(const listen_address& listen, bool have_tokens);

}  // namespace kib::serve
