#include "engine/serve/serve.hpp"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <condition_variable>
#include <fstream>
#include <sstream>
#include <thread>

#include "engine/serve/addin.hpp"
#include "engine/serve/api.hpp"
#include "engine/serve/download_keys.hpp"
#include "engine/serve/http_server.hpp"
#include "engine/serve/job_store.hpp"
#include "engine/serve/security.hpp"
#include "engine/serve/serve_config.hpp"
#include "readers/error.hpp"
#include "readers/limits.hpp"

namespace kib::serve {

namespace fs = std::filesystem;

namespace {

std::string read_pem(const fs::path& p, const char* option) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw error(error_category::io, {p.string(), {}, option, 0, 0}, "cannot read this file", "give a PEM file kib may read");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> machine_names() {
    char buf[256] = {0};
    if (gethostname(buf, sizeof buf - 1) != 0 || !buf[0]) return {};
    return {buf};
}

}  // namespace

int run_serve(const serve_command& c, std::ostream& log) {
    serve_config cfg;
    drop_config drop;
    if (!c.config.empty()) {
        cfg = load_serve_config(c.config);
        drop = load_drop_config(c.config);
    }
    set_limits(drop.limits, c.limit_args);
    if (!c.listen.empty()) cfg.listen = c.listen;
    if (!c.data.empty()) cfg.data = c.data;
    if (!c.tokens.empty()) cfg.tokens = c.tokens;
    if (!c.public_url.empty()) cfg.public_url = c.public_url;
    if (!c.tls_cert.empty()) cfg.tls_cert = c.tls_cert;
    if (!c.tls_key.empty()) cfg.tls_key = c.tls_key;
    if (c.upload_mb > 0) cfg.upload_mb = c.upload_mb;
    if (c.jobs > 0) cfg.jobs = c.jobs;
    if (c.queue >= 0) cfg.queue = c.queue;
    if (c.timeout_seconds > 0) cfg.timeout_seconds = c.timeout_seconds;
    if (c.keep_days > 0) cfg.keep_days = c.keep_days;
    if (cfg.data.empty()) cfg.data = default_data_dir();

    service_settings s;
    s.listen = parse_listen(cfg.listen);
    token_list tokens = cfg.tokens.empty() ? token_list() : token_list::load(cfg.tokens);
    if (const auto why = listen_refusal(s.listen, !tokens.empty())) throw error(error_category::bad_input, {{}, {}, "--listen", 0, 0}, *why);
    if (cfg.tls_cert.empty() != cfg.tls_key.empty())
        throw error(error_category::bad_input, {{}, {}, cfg.tls_cert.empty() ? "--tls-cert" : "--tls-key", 0, 0},
                    "TLS needs both the certificate and its key", "give --tls-cert FILE and --tls-key FILE");
    http_server_options hopt;
    hopt.listen = s.listen;
    if (!cfg.tls_cert.empty()) {
        hopt.tls_cert_pem = read_pem(cfg.tls_cert, "--tls-cert");
        hopt.tls_key_pem = read_pem(cfg.tls_key, "--tls-key");
    }
    hopt.connections = static_cast<unsigned>(cfg.connections);
    hopt.connections_per_address = static_cast<unsigned>(cfg.connections_per_address);
    hopt.timeout_seconds = static_cast<unsigned>(cfg.timeout_seconds);
    s.tls = !cfg.tls_cert.empty();
    s.public_url = cfg.public_url;
    s.upload_limit = static_cast<std::uint64_t>(cfg.upload_mb) << 20;
    s.jobs = cfg.jobs > 0 ? cfg.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    s.queue = cfg.queue >= 0 ? cfg.queue : 4 * s.jobs;
    s.version = c.version;
    s.drop = drop;
    job_store store(cfg.data);
    // Kept in the data folder: the add-in's Id (a new Id is a new add-in to Office) and the
    // secret of the download keys (so links handed out survive a restart).
    s.addin_id = load_addin_id(store.data());
    s.download_secret = load_download_secret(store.data());
    // Relative paths in the job settings ([programme] workbook) are found next to the kib.toml.
    s.drop_dir = c.config.empty() ? store.data() : fs::absolute(c.config).parent_path();
    s.job_command = {c.program, "_job", "--dir", s.drop_dir.string()};
    if (!c.config.empty()) s.job_command.insert(s.job_command.end(), {"--config", fs::absolute(c.config).string()});
    for (const auto& l : c.limit_args) s.job_command.insert(s.job_command.end(), {"--limit", l});
    const auto keep = std::chrono::seconds(static_cast<long long>(cfg.keep_days) * 24 * 3600);
    store.expire(keep);

    // SIGTERM and SIGINT are taken by sigwait() below: blocked here, before any thread starts, so
    // every thread inherits the mask (jobs get an empty mask back: see job_runner.cpp).
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    ::signal(SIGPIPE, SIG_IGN);

    const origin_policy origins(s.listen, s.tls, cfg.public_url, machine_names());
    const std::string url = std::string(s.tls ? "https" : "http") + "://" + origins.hosts().front();
    api_handler handler(s, std::move(tokens), origins, store, log);
    http_server server(handler, hopt);
    log << "kib serve " << c.version << ": " << url << "/ (data in " << store.data().string() << ", " << s.jobs << " jobs at once)"
        << std::endl;

    // Expired jobs go once an hour.
    std::mutex mu;
    std::condition_variable cv;
    bool stopping = false;
    std::thread janitor([&] {
        std::unique_lock lk(mu);
        while (!cv.wait_for(lk, std::chrono::hours(1), [&] { return stopping; })) store.expire(keep);
    });

    int sig = 0;
    while (sigwait(&stop_signals, &sig) != 0) {
    }
    log << "kib serve: stopping (" << (sig == SIGTERM ? "SIGTERM" : "SIGINT") << "), finishing " << handler.admitted() << " job(s)"
        << std::endl;
    handler.close();
    server.quiesce();
    const auto limit = drop.limits.seconds_per_file > 0 ? std::chrono::seconds(drop.limits.seconds_per_file) : std::chrono::seconds(3600);
    handler.wait_idle(limit * (s.queue / s.jobs + 1) + std::chrono::seconds(30));
    server.stop();
    {
        std::lock_guard lk(mu);
        stopping = true;
    }
    cv.notify_all();
    janitor.join();
    log << "kib serve: stopped" << std::endl;
    return 0;
}

}  // namespace kib::serve
