// The routes of kib serve: the API (/api/v1/...) and the web page (/), behind the security rules
// (engine/serve/security.hpp). Jobs go to the drop folder's job runner (engine/drop/job_runner.hpp),
// each in a child process `kib _job` with the drop folder's time limit.
//
//   GET  /api/v1/health                      200 {"status":"ok","version","auth"}   (no token needed)
//   POST /api/v1/jobs[?kind=…][&date=…][&handouts_per_owner=true|false]
//                                            200 job document, 422 when the job failed
//   GET  /api/v1/jobs/{id}                   the job document
//   GET  /api/v1/jobs/{id}/outputs/{name}    the output file (attachment); without a token when
//                                            ?e=&k= is a valid download key (download_keys.hpp)
//   GET  /api/v1/settings                    what the pane needs (engine/serve/addin.hpp)
//   GET  /, /app.js, /style.css              the web page (web/)
//   GET  /addin/...                          the Office add-in: pane, icons, manifest (addin.hpp)
//
// Each output in a job document has `url` (needs the token) and `download_url` (the same with a
// download key, made fresh each time the document is sent).
//
// Refusals, in this order: 421 Host not the service's own (DNS rebinding); 403 foreign Origin;
// 401 no or wrong token (/api/ except health); 404/405 no such route or method; on POST jobs: 415
// not application/octet-stream, 400 no or bad X-Kib-Filename / kind / date, 413 body over the
// upload limit (before it is read), 503 with Retry-After when the job queue is full.
#pragma once

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "engine/drop/drop_config.hpp"
#include "engine/drop/job_runner.hpp"
#include "engine/serve/http_server.hpp"
#include "engine/serve/job_store.hpp"
#include "engine/serve/security.hpp"
#include "engine/serve/serve_config.hpp"

namespace kib::serve {

struct service_settings {
    listen_address listen;
    bool tls = false;
    std::string public_url;
    std::uint64_t upload_limit = 200ull << 20;
    int jobs = 1;   // jobs at once
    int queue = 4;  // jobs waiting beyond those
    std::string version;
    drop_config drop;                      // the job settings ([programme], [score], [limits])
    std::filesystem::path drop_dir;        // relative programme workbooks are found from here
    std::vector<std::string> job_command;  // `kib _job --dir … [--config …] [--limit …]`
    std::string addin_id;                  // the Office add-in's Id (DATA/addin-id)
    std::string download_secret;           // the download keys' secret (DATA/download.key)
};

class api_handler : public http_handler {
public:
    api_handler(service_settings settings, token_list tokens, origin_policy origins, job_store& store, std::ostream& log);

    std::optional<http_response> begin(http_request& r) override;
    http_response finish(http_request& r) override;
    http_response too_large(const http_request& r) override;
    void done(http_request& r) noexcept override;

    // Jobs admitted (running or waiting); the service waits for 0 before it stops.
    int admitted() const;
    // Waits until no job is admitted, or `limit` passed.
    void wait_idle(std::chrono::seconds limit);
    // From now on every new job is refused with 503 (the service is stopping).
    void close();

    struct ticket;  // one admitted job (releases its place when dropped)

private:
    std::optional<http_response> begin_job(http_request& r, const std::string& user);
    http_response get_job(const std::string& id) const;
    http_response get_output(const std::string& id, const std::string& name) const;
    std::string job_document(const std::string& id, const std::string& file, const job_outcome& o, const std::string& created,
                             double duration, const std::filesystem::path& out_dir) const;

    service_settings s_;
    token_list tokens_;
    origin_policy origins_;
    job_store& store_;
    std::ostream& log_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    int admitted_ = 0;
    int running_ = 0;
    bool closed_ = false;
};

// Percent-decodes `text` (X-Kib-Filename); false for a bad escape.
bool percent_decode(const std::string& text, std::string& out);
// Percent-encodes everything but unreserved characters (RFC 3986) — for URLs and filename*.
std::string percent_encode(const std::string& text);

}  // namespace kib::serve
