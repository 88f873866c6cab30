// Where kib serve keeps its jobs: DATA/jobs/<id>/ holds job.json (the job document), out/ (the
// outputs) and, while the job runs, the upload and the job runner's work files; DATA/uploads/
// holds bodies while they are received; DATA/jobs.jsonl logs every job (with the token's name,
// never the token). Jobs older than keep_days are removed.
#pragma once

#include <chrono>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>

namespace kib::serve {

class job_store {
public:
    // Makes DATA/jobs and DATA/uploads; throws kib::error(io) naming --data when it cannot.
    explicit job_store(std::filesystem::path data);

    const std::filesystem::path& data() const noexcept { return data_; }
    // A new job id: the UTC time and 96 random bits ("20260501T101500Z-1f2e…"), unguessable.
    static std::string new_id();
    // True for strings new_id() can return (only these ever become paths).
    static bool valid_id(const std::string& id);

    std::filesystem::path job_dir(const std::string& id) const { return data_ / "jobs" / id; }
    std::filesystem::path upload_path(const std::string& id) const { return data_ / "uploads" / (id + ".upload"); }

    // Writes job.json atomically (a temporary file renamed over it).
    void save(const std::string& id, const std::string& document) const;
    // The job document, or nothing for an unknown (or invalid, or expired) id.
    std::optional<std::string> load(const std::string& id) const;
    // The path of an output of a job, or nothing when there is no such output (names with a
    // slash, "." or ".." never match).
    std::optional<std::filesystem::path> output(const std::string& id, const std::string& name) const;
    // Appends one line to DATA/jobs.jsonl.
    void log(const std::string& json_line);
    // Removes jobs (and stray uploads) older than `keep`; returns how many jobs went.
    int expire(std::chrono::seconds keep) const;

private:
    std::filesystem::path data_;
    std::mutex log_mu_;
};

}  // namespace kib::serve
