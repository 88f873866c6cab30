// HTTP for kib serve through libmicrohttpd (Debian's, with its CVE fixes): kib parses no HTTP
// itself. One thread per connection; a handler sees a request twice — when its headers are in
// (to refuse it before any body is read) and when its body is in a file — and is told when the
// connection is done with it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/serve/serve_config.hpp"

namespace kib::serve {

struct http_request {
    std::string method;
    std::string path;                           // percent-decoded by libmicrohttpd
    std::map<std::string, std::string> query;   // decoded
    std::map<std::string, std::string> headers; // names in lower case
    std::string peer;                           // the client's address
    // Set by the handler in begin() to accept a body: where to write it and how many bytes it
    // may have. Without body_path any body is refused with 413.
    std::filesystem::path body_path;
    std::uint64_t body_limit = 0;
    std::uint64_t body_size = 0;  // bytes received
    // The handler's own state for this request (e.g. a reserved job slot); dropped when done.
    std::shared_ptr<void> state;

    std::string header(const std::string& lower_name) const {
        const auto it = headers.find(lower_name);
        return it == headers.end() ? std::string() : it->second;
    }
};

struct http_response {
    unsigned status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::filesystem::path file;  // when set, the body is this file (sent from its descriptor)
};

class http_handler {
public:
    virtual ~http_handler() = default;
    // Headers are in, no body read yet. A response answers now and the body is never read
    // (413, 401, 503 ...); nothing continues the request.
    virtual std::optional<http_response> begin(http_request& r) = 0;
    // The whole body (if any) is in r.body_path. Runs in the connection's own thread: it may take
    // long (a job).
    virtual http_response finish(http_request& r) = 0;
    // A body went over r.body_limit while it was streamed in (chunked uploads): the answer.
    virtual http_response too_large(const http_request& r) = 0;
    // The connection is done with the request (answered, or the client went away): clean up.
    virtual void done(http_request& r) noexcept = 0;
};

struct http_server_options {
    listen_address listen;
    std::string tls_cert_pem, tls_key_pem;  // both set: HTTPS
    unsigned connections = 256;
    unsigned connections_per_address = 32;
    unsigned timeout_seconds = 60;
};

class http_server {
public:
    // Starts listening; throws kib::error naming --listen when the address cannot be used and
    // --tls-cert when TLS is asked for but not available or the certificate is refused.
    http_server(http_handler& handler, const http_server_options& options);
    ~http_server();
    http_server(const http_server&) = delete;
    http_server& operator=(const http_server&) = delete;

    // Stops accepting new connections; open ones go on.
    void quiesce();
    // Closes everything (waits for the connection threads).
    void stop();
    // True when libmicrohttpd was built with TLS.
    static bool tls_available();

    struct impl;

private:
    std::unique_ptr<impl> impl_;
};

}  // namespace kib::serve
