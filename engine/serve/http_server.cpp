#include "engine/serve/http_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include "readers/error.hpp"

namespace kib::serve {

struct http_server::impl {
    http_handler& handler;
    http_server_options options;
    sockaddr_storage address{};
    MHD_Daemon* daemon = nullptr;
};

namespace {

// What libmicrohttpd keeps per request (its con_cls).
struct request_state {
    http_request request;
    int fd = -1;             // the body file while it is streamed in
    bool answered = false;   // a response was queued before the body was complete
    bool write_failed = false;
    std::optional<http_response> deferred;  // the answer to a request without a body
};

// True when the request announces no body (no Content-Length or 0, not chunked).
bool without_body(const http_request& r) {
    const std::string length = r.header("content-length");
    return r.header("transfer-encoding").empty() && (length.empty() || length == "0");
}

MHD_Result collect_header(void* cls, MHD_ValueKind, const char* key, const char* value) {
    auto* map = static_cast<std::map<std::string, std::string>*>(cls);
    std::string k = key ? key : "";
    for (char& c : k)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    (*map)[k] = value ? value : "";
    return MHD_YES;
}

MHD_Result collect_query(void* cls, MHD_ValueKind, const char* key, const char* value) {
    (*static_cast<std::map<std::string, std::string>*>(cls))[key ? key : ""] = value ? value : "";
    return MHD_YES;
}

std::string peer_of(MHD_Connection* c) {
    const MHD_ConnectionInfo* info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!info || !info->client_addr) return {};
    char buf[INET6_ADDRSTRLEN] = {0};
    const sockaddr* sa = info->client_addr;
    if (sa->sa_family == AF_INET) inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, buf, sizeof buf);
    else if (sa->sa_family == AF_INET6) inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, buf, sizeof buf);
    return buf;
}

MHD_Result queue(MHD_Connection* c, const http_response& r) {
    MHD_Response* resp = nullptr;
    if (!r.file.empty()) {
        const int fd = ::open(r.file.c_str(), O_RDONLY | O_CLOEXEC);
        struct stat st{};
        if (fd >= 0 && ::fstat(fd, &st) == 0) {
            resp = MHD_create_response_from_fd(static_cast<uint64_t>(st.st_size), fd);  // closes fd
        } else if (fd >= 0) {
            ::close(fd);
        }
        if (!resp) {
            http_response gone{404, {{"Content-Type", "text/plain; charset=utf-8"}}, "not found\n", {}};
            return queue(c, gone);
        }
    } else {
        resp = MHD_create_response_from_buffer(r.body.size(), const_cast<char*>(r.body.data()), MHD_RESPMEM_MUST_COPY);
    }
    if (!resp) return MHD_NO;
    for (const auto& [k, v] : r.headers) MHD_add_response_header(resp, k.c_str(), v.c_str());
    const MHD_Result ok = MHD_queue_response(c, r.status, resp);
    MHD_destroy_response(resp);
    return ok;
}

MHD_Result on_request(void* cls, MHD_Connection* c, const char* url, const char* method, const char*, const char* upload_data,
                      size_t* upload_data_size, void** con_cls) {
    auto* self = static_cast<http_server::impl*>(cls);
    auto* st = static_cast<request_state*>(*con_cls);
    try {
        if (!st) {
            st = new request_state;
            *con_cls = st;
            http_request& r = st->request;
            r.method = method ? method : "";
            r.path = url ? url : "";
            MHD_get_connection_values(c, MHD_HEADER_KIND, collect_header, &r.headers);
            MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_query, &r.query);
            r.peer = peer_of(c);
            if (auto early = self->handler.begin(r)) {
                // Without a body the answer waits for the next call, so the connection stays
                // open for the next request; with one, answering now makes libmicrohttpd read
                // none of it and close the connection after the answer.
                if (without_body(r)) {
                    st->deferred = std::move(early);
                    return MHD_YES;
                }
                st->answered = true;
                return queue(c, *early);
            }
            if (!r.body_path.empty()) {
                st->fd = ::open(r.body_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
                st->write_failed = st->fd < 0;
            }
            return MHD_YES;
        }
        if (*upload_data_size > 0) {
            const size_t n = *upload_data_size;
            *upload_data_size = 0;
            if (st->answered) return MHD_YES;
            http_request& r = st->request;
            r.body_size += n;
            if (r.body_size > r.body_limit) {
                // A chunked body (no Content-Length) that grew too big: answer if libmicrohttpd
                // still lets us, else close the connection; never read further.
                st->answered = true;
                return queue(c, self->handler.too_large(r)) == MHD_YES ? MHD_YES : MHD_NO;
            }
            for (size_t done = 0; st->fd >= 0 && !st->write_failed && done < n;) {
                const ssize_t w = ::write(st->fd, upload_data + done, n - done);
                if (w < 0 && errno == EINTR) continue;
                if (w <= 0) st->write_failed = true;
                else done += static_cast<size_t>(w);
            }
            return MHD_YES;
        }
        if (st->answered) return MHD_YES;
        if (st->deferred) {
            st->answered = true;
            return queue(c, *st->deferred);
        }
        if (st->fd >= 0) {
            if (::fsync(st->fd) != 0 || ::close(st->fd) != 0) st->write_failed = true;
            st->fd = -1;
        }
        st->answered = true;
        if (st->write_failed) {
            http_response r{507, {{"Content-Type", "application/json; charset=utf-8"}},
                            "{\"error\":{\"message\":\"kib could not store the upload (disk full?)\",\"where\":\"--data\"}}", {}};
            return queue(c, r);
        }
        return queue(c, self->handler.finish(st->request));
    } catch (const std::exception&) {
        if (st) st->answered = true;
        http_response r{500, {{"Content-Type", "application/json; charset=utf-8"}},
                        "{\"error\":{\"message\":\"internal error in kib (please report)\",\"where\":\"\"}}", {}};
        return queue(c, r);
    }
}

void on_completed(void* cls, MHD_Connection*, void** con_cls, MHD_RequestTerminationCode) {
    auto* self = static_cast<http_server::impl*>(cls);
    auto* st = static_cast<request_state*>(*con_cls);
    if (!st) return;
    if (st->fd >= 0) ::close(st->fd);
    self->handler.done(st->request);
    delete st;
    *con_cls = nullptr;
}

void resolve(const listen_address& l, sockaddr_storage& out) {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
    addrinfo* res = nullptr;
    const int rc = ::getaddrinfo(l.host.c_str(), std::to_string(l.port).c_str(), &hints, &res);
    if (rc != 0 || !res)
        throw error(error_category::bad_input, {{}, {}, "--listen", 0, 0}, "cannot listen on '" + l.host + "': " + gai_strerror(rc),
                    "give an address of this machine, e.g. 127.0.0.1 or 0.0.0.0");
    std::memcpy(&out, res->ai_addr, res->ai_addrlen);
    ::freeaddrinfo(res);
}

}  // namespace

bool http_server::tls_available() { return MHD_is_feature_supported(MHD_FEATURE_TLS) == MHD_YES; }

http_server::http_server(http_handler& handler, const http_server_options& options)
    : impl_(std::make_unique<impl>(impl{handler, options, {}, nullptr})) {
    resolve(options.listen, impl_->address);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ITC;
    if (impl_->address.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
    const bool tls = !options.tls_cert_pem.empty();
    if (tls) {
        if (!tls_available())
            throw error(error_category::bad_input, {{}, {}, "--tls-cert", 0, 0}, "this libmicrohttpd has no TLS",
                        "install Debian's libmicrohttpd12 (built with GnuTLS), or put kib behind the office's reverse proxy");
        flags |= MHD_USE_TLS;
    }
    const MHD_OptionItem none{MHD_OPTION_END, 0, nullptr};
    const MHD_OptionItem tls_options[] = {
        {MHD_OPTION_HTTPS_MEM_CERT, 0, const_cast<char*>(options.tls_cert_pem.c_str())},
        {MHD_OPTION_HTTPS_MEM_KEY, 0, const_cast<char*>(options.tls_key_pem.c_str())},
        none,
    };
    impl_->daemon = MHD_start_daemon(
        flags, static_cast<uint16_t>(options.listen.port), nullptr, nullptr, &on_request, impl_.get(),
        MHD_OPTION_SOCK_ADDR, reinterpret_cast<sockaddr*>(&impl_->address),
        MHD_OPTION_CONNECTION_LIMIT, options.connections,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, options.connections_per_address,
        MHD_OPTION_CONNECTION_TIMEOUT, options.timeout_seconds,
        // Headers and one read buffer per connection; bodies go to a file, never into memory.
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<size_t>(128 * 1024),
        MHD_OPTION_NOTIFY_COMPLETED, &on_completed, impl_.get(),
        MHD_OPTION_ARRAY, tls ? tls_options : &none,
        MHD_OPTION_END);
    if (!impl_->daemon)
        throw error(error_category::bad_input, {{}, {}, tls ? "--listen / --tls-cert" : "--listen", 0, 0},
                    "cannot listen on " + options.listen.host + ":" + std::to_string(options.listen.port) +
                        (tls ? " with this certificate and key" : ""),
                    tls ? "check that the port is free and that the certificate and key are PEM files that belong together"
                        : "the port is in use (another kib serve?) or needs privileges; choose another with --listen");
}

http_server::~http_server() { stop(); }

void http_server::quiesce() {
    if (impl_->daemon) {
        const MHD_socket s = MHD_quiesce_daemon(impl_->daemon);
        if (s != MHD_INVALID_SOCKET) ::close(s);
    }
}

void http_server::stop() {
    if (impl_->daemon) MHD_stop_daemon(impl_->daemon);
    impl_->daemon = nullptr;
}

}  // namespace kib::serve
