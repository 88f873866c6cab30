#include "engine/serve/job_store.hpp"

#include <openssl/rand.h>
#include <unistd.h>

#include <ctime>
#include <fstream>
#include <sstream>

#include "readers/error.hpp"

namespace kib::serve {

namespace fs = std::filesystem;

job_store::job_store(fs::path data) : data_(std::move(data)) {
    std::error_code ec;
    fs::create_directories(data_ / "jobs", ec);
    if (!ec) fs::create_directories(data_ / "uploads", ec);
    if (ec)
        throw error(error_category::io, {data_.string(), {}, "--data", 0, 0}, "cannot make the data folder: " + ec.message(),
                    "choose a folder kib may write with --data");
    // Uploads cut off by a stop are of no use to anyone.
    for (const auto& e : fs::directory_iterator(data_ / "uploads", ec)) fs::remove(e.path(), ec);
}

std::string job_store::new_id() {
    char stamp[32];
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    unsigned char rnd[12];
    if (RAND_bytes(rnd, sizeof rnd) != 1) throw error(error_category::internal, {}, "no random numbers for a job id");
    static const char* hex = "0123456789abcdef";
    std::string id = std::string(stamp) + "-";
    for (unsigned char b : rnd) {
        id += hex[b >> 4];
        id += hex[b & 15];
    }
    return id;
}

bool job_store::valid_id(const std::string& id) {
    if (id.size() != 16 + 1 + 24 || id[15] != 'Z' || id[16] != '-' || id[8] != 'T') return false;
    for (std::size_t i = 0; i < id.size(); ++i) {
        const char c = id[i];
        if (i == 8 || i == 15 || i == 16) continue;
        const bool digit = c >= '0' && c <= '9';
        if (i < 15 ? !digit : !(digit || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

void job_store::save(const std::string& id, const std::string& document) const {
    const fs::path final_path = job_dir(id) / "job.json";
    const fs::path tmp = job_dir(id) / "job.json.tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << document;
        out.flush();
        if (!out) throw error(error_category::io, {tmp.string(), {}, {}, 0, 0}, "cannot write the job document");
    }
    fs::rename(tmp, final_path);
}

std::optional<std::string> job_store::load(const std::string& id) const {
    if (!valid_id(id)) return std::nullopt;
    std::ifstream in(job_dir(id) / "job.json", std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::optional<fs::path> job_store::output(const std::string& id, const std::string& name) const {
    if (!valid_id(id) || name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos ||
        name.find('\0') != std::string::npos)
        return std::nullopt;
    const fs::path p = job_dir(id) / "out" / name;
    std::error_code ec;
    if (!fs::is_regular_file(fs::symlink_status(p, ec))) return std::nullopt;
    return p;
}

void job_store::log(const std::string& json_line) {
    std::lock_guard lk(log_mu_);
    std::ofstream out(data_ / "jobs.jsonl", std::ios::binary | std::ios::app);
    out << json_line << '\n';
}

int job_store::expire(std::chrono::seconds keep) const {
    int removed = 0;
    std::error_code ec;
    const auto now = fs::file_time_type::clock::now();
    for (const auto& e : fs::directory_iterator(data_ / "jobs", ec)) {
        std::error_code tec;
        const auto t = fs::last_write_time(e.path(), tec);
        if (tec || now - t < keep) continue;
        std::error_code rec;
        fs::remove_all(e.path(), rec);
        if (!rec) ++removed;
    }
    for (const auto& e : fs::directory_iterator(data_ / "uploads", ec)) {
        std::error_code tec;
        const auto t = fs::last_write_time(e.path(), tec);
        if (!tec && now - t >= keep) fs::remove(e.path(), tec);
    }
    return removed;
}

}  // namespace kib::serve
