#include "engine/drop/watch.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <poll.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <condition_variable>
#include <csignal>
#include <cstring>
#include <ctime>
#include <deque>
#include <fstream>
#include <iomanip>
#include <map>
#include <mutex>
#include <ostream>
#include <set>
#include <sstream>
#include <thread>

#include "engine/drop/lock_files.hpp"
#include "readers/cell.hpp"
#include "readers/error.hpp"
#include "readers/i18n.hpp"

namespace kib {

using json = nlohmann::ordered_json;
using clock_type = std::chrono::steady_clock;

namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_stop_signal(int) { g_stop.store(true); }

std::string host_token() {
    char buf[256] = {0};
    if (gethostname(buf, sizeof buf - 1) != 0) return "host";
    std::string h;
    for (const char* p = buf; *p; ++p) {
        const char c = *p;
        h += ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) ? c : '_';
    }
    return h.empty() ? "host" : h;
}

struct claim_id {
    std::string host;
    long pid = 0;
    std::string text;  // host~pid~seq~ms
};

// "<host>~<pid>~<seq>~<ms>--<original name>"
bool parse_claim_name(const std::string& file, claim_id& id, std::string& original) {
    const std::size_t sep = file.find("--");
    if (sep == std::string::npos) return false;
    id.text = file.substr(0, sep);
    original = file.substr(sep + 2);
    const std::size_t a = id.text.find('~');
    if (a == std::string::npos) return false;
    id.host = id.text.substr(0, a);
    try {
        id.pid = std::stol(id.text.substr(a + 1));
    } catch (...) {
        return false;
    }
    return !original.empty();
}

std::string now_text() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    return buf;
}

void fsync_path(const fs::path& p) {
    const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

void write_file_synced(const fs::path& p, const std::string& data) {
    const fs::path tmp = p.string() + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw error(error_category::io, {p.string(), {}, {}, 0, 0}, trf("cannot write: {}", {system_message(errno)}));
    const char* d = data.data();
    std::size_t left = data.size();
    while (left > 0) {
        const ssize_t w = ::write(fd, d, left);
        if (w < 0) {
            if (errno == EINTR) continue;
            ::close(fd);
            throw error(error_category::io, {p.string(), {}, {}, 0, 0}, trf("cannot write: {}", {system_message(errno)}));
        }
        d += w;
        left -= static_cast<std::size_t>(w);
    }
    ::fsync(fd);
    ::close(fd);
    fs::rename(tmp, p);
    fsync_path(p.parent_path());
}

std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// "name.xlsx" -> "name (2).xlsx"
std::string numbered(const std::string& name, int n) {
    if (n <= 1) return name;
    const std::size_t dot = name.rfind('.');
    const bool has_ext = dot != std::string::npos && dot > 0;
    const std::string stem = has_ext ? name.substr(0, dot) : name;
    const std::string ext = has_ext ? name.substr(dot) : "";
    return stem + " (" + std::to_string(n) + ")" + ext;
}

// Places src at dest_dir/want (or a numbered variant) without ever replacing a file, then removes
// src. Returns the final path. When src already has a second link (published before a crash),
// finds that link by inode in dest_dir and only removes src.
fs::path publish(const fs::path& src, const fs::path& dest_dir, const std::string& want) {
    struct stat st{};
    if (::lstat(src.c_str(), &st) != 0)
        throw error(error_category::io, {src.string(), {}, {}, 0, 0}, trf("cannot publish: {}", {system_message(errno)}));
    fs::create_directories(dest_dir);
    if (st.st_nlink > 1) {
        for (const auto& e : fs::directory_iterator(dest_dir)) {
            struct stat other{};
            if (::lstat(e.path().c_str(), &other) == 0 && other.st_ino == st.st_ino && other.st_dev == st.st_dev) {
                ::unlink(src.c_str());
                return e.path();
            }
        }
    }
    for (int n = 1; n < 100000; ++n) {
        const fs::path dst = dest_dir / numbered(want, n);
        if (::link(src.c_str(), dst.c_str()) == 0) {
            fsync_path(dest_dir);
            ::unlink(src.c_str());
            fsync_path(src.parent_path());
            return dst;
        }
        if (errno == EEXIST) continue;
        if (errno == EPERM || errno == ENOTSUP || errno == EXDEV || errno == EMLINK) {
            // No hard links here (some network shares): rename, after checking the name is free.
            if (fs::exists(dst)) continue;
            fs::rename(src, dst);
            fsync_path(dest_dir);
            return dst;
        }
        throw error(error_category::io, {dst.string(), {}, {}, 0, 0}, trf("cannot publish: {}", {system_message(errno)}));
    }
    throw error(error_category::io, {dest_dir.string(), {}, {}, 0, 0}, trf("too many files named like {}", {want}));
}

fs::path find_by_inode(const fs::path& dir, ino_t ino, dev_t dev) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        struct stat st{};
        if (::lstat(e.path().c_str(), &st) == 0 && st.st_ino == ino && st.st_dev == dev) return e.path();
    }
    return {};
}

struct layout {
    fs::path root, inbox, outbox, processed, failed, claims, work, log;
    explicit layout(const fs::path& dir)
        : root(dir),
          inbox(dir / "inbox"),
          outbox(dir / "outbox"),
          processed(dir / "processed"),
          failed(dir / "failed"),
          claims(dir / ".kib" / "claims"),
          work(dir / ".kib" / "work"),
          log(dir / "jobs.jsonl") {}
    void create() const {
        for (const auto& d : {inbox, outbox, processed, failed, claims, work}) fs::create_directories(d);
    }
};

// Appends one line to the job log under an exclusive lock, unless a line for this claim exists.
void append_log(const fs::path& log, const json& line) {
    const int fd = ::open(log.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) throw error(error_category::io, {log.string(), {}, {}, 0, 0}, trf("cannot open the job log: {}", {system_message(errno)}));
    ::flock(fd, LOCK_EX);
    const std::string needle = "\"claim\":" + json(line["claim"]).dump();
    const std::string existing = read_text(log);
    if (existing.find(needle) == std::string::npos) {
        std::string text = line.dump() + "\n";
        if (!existing.empty() && existing.back() != '\n') text.insert(text.begin(), '\n');  // a torn last line
        const ssize_t w = ::write(fd, text.data(), text.size());
        (void)w;
        ::fsync(fd);
    }
    ::flock(fd, LOCK_UN);
    ::close(fd);
}

bool owner_alive(const claim_id& id, const fs::path& evidence, std::chrono::seconds foreign_timeout,
                 const std::string& me) {
    if (id.host == me) {
        if (id.pid == static_cast<long>(::getpid())) return true;
        return ::kill(static_cast<pid_t>(id.pid), 0) == 0 || errno == EPERM;
    }
    std::error_code ec;
    const auto m = fs::last_write_time(evidence, ec);
    if (ec) return false;
    return fs::file_time_type::clock::now() - m < foreign_timeout;
}

// Completes steps 4-6 for a staging folder whose `ready` marker exists.
json finish(const layout& L, const fs::path& work_dir, std::ostream& log_out) {
    json result = json::parse(read_text(work_dir / "result.json"));
    const std::string claim_name = result["claim_file"].get<std::string>();
    const std::string original = result["file"].get<std::string>();
    const bool ok = result["outcome"] == "processed";
    const fs::path claim = L.claims / claim_name;

    json outputs = json::array();
    if (ok) {
        const std::string kind = result["kind"].get<std::string>();
        const fs::path dest = L.outbox / kind;
        // The text overviews name the other outputs as "outbox/KIND/NAME" (never the work folder).
        // When a name was taken and the output got a numbered one ("NAME (2).xlsx"), the overview
        // is corrected before it is published, so it names the file as it lies in the outbox.
        std::vector<std::pair<std::string, std::string>> renamed;  // "outbox/KIND/NAME" -> numbered
        auto place = [&](const json& o) {
            const std::string name = o["name"].get<std::string>();
            const fs::path staged = work_dir / "out" / name;
            fs::path final_path;
            if (fs::exists(staged)) {
                if (staged.extension() == ".txt" && !renamed.empty()) {
                    std::string text = read_text(staged);
                    bool changed = false;
                    for (const auto& [from, to] : renamed)
                        for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
                            text.replace(at, from.size(), to);
                            changed = true;
                        }
                    if (changed) write_file_synced(staged, text);
                }
                final_path = publish(staged, dest, name);
            } else {
                final_path = find_by_inode(dest, static_cast<ino_t>(o["ino"].get<std::uint64_t>()),
                                           static_cast<dev_t>(o["dev"].get<std::uint64_t>()));
            }
            if (final_path.filename() != name)
                renamed.emplace_back("outbox/" + kind + "/" + name, "outbox/" + kind + "/" + final_path.filename().string());
            outputs.push_back(fs::relative(final_path, L.root).string());
        };
        // The documents first, then the text overviews that name them (the job log lists them so).
        for (const auto& o : result["staged"])
            if (fs::path(o["name"].get<std::string>()).extension() != ".txt") place(o);
        for (const auto& o : result["staged"])
            if (fs::path(o["name"].get<std::string>()).extension() == ".txt") place(o);
    }
    const fs::path input_dest_dir = ok ? L.processed : L.failed;
    fs::path input_final;
    if (fs::exists(claim)) {
        input_final = publish(claim, input_dest_dir, original);
    } else {
        input_final = find_by_inode(input_dest_dir, static_cast<ino_t>(result["ino"].get<std::uint64_t>()),
                                    static_cast<dev_t>(result["dev"].get<std::uint64_t>()));
    }
    if (!ok) {
        const fs::path staged_error = work_dir / "error.txt";
        const std::string error_name = input_final.filename().string() + ".error.txt";
        fs::path final_error;
        if (fs::exists(staged_error)) final_error = publish(staged_error, L.failed, error_name);
        else final_error = L.failed / error_name;
        outputs.push_back(fs::relative(final_error, L.root).string());
    }
    json line;
    line["time"] = result["time"];
    line["file"] = original;
    line["sha256"] = result["sha256"];
    line["kind"] = result["kind"];
    line["outputs"] = outputs;
    line["input"] = fs::relative(input_final, L.root).string();
    line["duration_s"] = result["duration_s"];
    line["outcome"] = result["outcome"];
    if (!ok) line["error"] = result["error"];
    if (result.contains("warnings") && !result["warnings"].empty()) line["warnings"] = result["warnings"];
    line["claim"] = result["claim"];
    append_log(L.log, line);
    std::error_code ec;
    fs::remove_all(work_dir, ec);
    std::string status = ok ? tr("done") : tr("FAILED");
    if (status.size() < 8) status.resize(8, ' ');
    log_out << now_text() << "  " << status << original;
    if (ok) {
        for (const auto& o : outputs) log_out << "\n                     -> " << o.get<std::string>();
    } else {
        log_out << "\n                     " << result["error"].get<std::string>();
    }
    log_out << '\n';
    return line;
}

struct pending {
    std::uintmax_t size = 0;
    fs::file_time_type mtime;
    clock_type::time_point since;
    bool seen_twice = false;
};

}  // namespace

bool is_ignored_name(const std::string& n) {
    if (n.empty() || n[0] == '.') return true;             // hidden, and LibreOffice's .~lock.NAME#
    if (n.rfind("~$", 0) == 0) return true;                 // Word/Excel owner files
    auto ends = [&n](const char* s) {
        const std::size_t l = std::strlen(s);
        return n.size() >= l && n.compare(n.size() - l, l, s) == 0;
    };
    return ends(".tmp") || ends(".part") || ends(".crdownload") || ends(".partial") || ends("~") || ends("#");
}

std::string sha256_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw error(error_category::io, {file.string(), {}, {}, 0, 0}, tr("cannot read the file"));
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
    std::vector<char> buf(1 << 16);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        if (in.gcount() > 0) EVP_DigestUpdate(ctx, buf.data(), static_cast<std::size_t>(in.gcount()));
    }
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx, md, &len);
    EVP_MD_CTX_free(ctx);
    std::ostringstream hex;
    for (unsigned int i = 0; i < len; ++i) hex << std::hex << std::setw(2) << std::setfill('0') << static_cast<int>(md[i]);
    return hex.str();
}

int recover_claims(const fs::path& dir, std::chrono::seconds foreign_timeout, std::ostream& log) {
    const layout L(dir);
    L.create();
    const std::string me = host_token();
    int recovered = 0;
    // Two watchers may find the same dead claim at once: recovery runs under one lock per folder.
    const fs::path lock_path = dir / ".kib" / "recover.lock";
    const int lock_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock_fd < 0)
        throw error(error_category::io, {lock_path.string(), {}, {}, 0, 0}, trf("cannot open: {}", {system_message(errno)}));
    ::flock(lock_fd, LOCK_EX);
    struct unlock_on_exit {
        int fd;
        ~unlock_on_exit() {
            ::flock(fd, LOCK_UN);
            ::close(fd);
        }
    } unlock{lock_fd};
    // Staging folders first: a ready one is finished, an unready one is discarded.
    for (const auto& e : fs::directory_iterator(L.work)) {
        claim_id id;
        std::string unused;
        if (!parse_claim_name(e.path().filename().string() + "--x", id, unused)) continue;
        if (owner_alive(id, e.path(), foreign_timeout, me)) continue;
        if (fs::exists(e.path() / "ready")) {
            finish(L, e.path(), log);
        } else {
            std::error_code ec;
            fs::remove_all(e.path(), ec);
        }
        ++recovered;
    }
    // Claims whose owner is gone and whose work was not ready go back to the inbox.
    for (const auto& e : fs::directory_iterator(L.claims)) {
        claim_id id;
        std::string original;
        if (!parse_claim_name(e.path().filename().string(), id, original)) continue;
        if (owner_alive(id, e.path(), foreign_timeout, me)) continue;
        if (fs::exists(L.work / id.text)) continue;  // being finished above by someone alive
        const fs::path back = publish(e.path(), L.inbox, original);
        log << now_text() << "  recovered " << original << " (its watcher stopped) -> " << fs::relative(back, L.root).string() << '\n';
        ++recovered;
    }
    return recovered;
}

watch_stats watch(const watch_options& opt, const std::vector<job_kind>& kinds, std::ostream& log) {
    const layout L(opt.dir);
    L.create();
    watch_stats stats;
    std::mutex log_mu;
    {
        std::lock_guard lk(log_mu);
        stats.recovered = recover_claims(opt.dir, opt.foreign_claim_timeout, log);
    }

    g_stop.store(false);
    struct sigaction sa{};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    struct sigaction old_int{}, old_term{};
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);

    int inotify_fd = -1;
    if (!opt.polling) {
        inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (inotify_fd >= 0 &&
            inotify_add_watch(inotify_fd, L.inbox.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_MODIFY | IN_ATTRIB) < 0) {
            ::close(inotify_fd);
            inotify_fd = -1;
        }
    }

    const std::string me = host_token();
    std::atomic<unsigned> seq{0};
    std::mutex mu;
    std::condition_variable cv;
    std::deque<std::pair<fs::path, std::string>> queue;  // claimed file, original name
    int busy = 0;
    bool closing = false;

    auto process = [&](const fs::path& claim, const std::string& original, const std::string& id) {
        const fs::path work_dir = L.work / id;
        const auto started = clock_type::now();
        json result;
        result["time"] = utc_now_iso();
        result["file"] = original;
        result["claim"] = id;
        result["claim_file"] = claim.filename().string();
        struct stat st{};
        ::lstat(claim.c_str(), &st);
        result["ino"] = static_cast<std::uint64_t>(st.st_ino);
        result["dev"] = static_cast<std::uint64_t>(st.st_dev);
        std::string sha;
        try {
            sha = sha256_file(claim);
        } catch (const std::exception&) {
        }
        result["sha256"] = sha;
        const fs::path out_dir = work_dir / "out";
        const job_outcome outcome = run_one_job(kinds, claim, original, work_dir, {opt.seconds_per_file, opt.job_command});
        const std::string& failure = outcome.failure.text;
        result["kind"] = outcome.kind;
        result["duration_s"] = std::chrono::duration<double>(clock_type::now() - started).count();
        result["warnings"] = outcome.warnings;
        if (failure.empty()) {
            result["outcome"] = "processed";
            json staged = json::array();
            for (const auto& e : fs::directory_iterator(out_dir)) {
                struct stat os{};
                ::lstat(e.path().c_str(), &os);
                fsync_path(e.path());
                staged.push_back({{"name", e.path().filename().string()},
                                  {"ino", static_cast<std::uint64_t>(os.st_ino)},
                                  {"dev", static_cast<std::uint64_t>(os.st_dev)}});
            }
            result["staged"] = staged;
        } else {
            result["outcome"] = "failed";
            result["error"] = failure;
            // In the process's language (the drop folder's: Dutch unless kib.toml says otherwise).
            std::string text = trf("kib could not process \"{}\".", {original}) + "\n\n" + failure + "\n\n" +
                               tr("Fix the file and drop it into the inbox folder again.") + "\n";
            write_file_synced(work_dir / "error.txt", text);
        }
        write_file_synced(work_dir / "result.json", result.dump(2));
        write_file_synced(work_dir / "ready", "");
        std::lock_guard lk(log_mu);
        finish(L, work_dir, log);
        if (failure.empty()) ++stats.processed;
        else ++stats.failed;
    };

    std::vector<std::thread> workers;
    const int n_workers = std::max(1, opt.jobs);
    for (int i = 0; i < n_workers; ++i) {
        workers.emplace_back([&] {
            for (;;) {
                std::pair<fs::path, std::string> item;
                {
                    std::unique_lock lk(mu);
                    cv.wait(lk, [&] { return !queue.empty() || closing; });
                    if (queue.empty()) return;
                    item = std::move(queue.front());
                    queue.pop_front();
                }
                claim_id id;
                std::string original;
                parse_claim_name(item.first.filename().string(), id, original);
                try {
                    process(item.first, item.second, id.text);
                } catch (const std::exception& e) {
                    std::lock_guard lk(log_mu);
                    log << now_text() << "  kib could not finish " << item.second << ": " << e.what()
                        << " (it stays claimed and is recovered at the next start)\n";
                }
                std::lock_guard lk(mu);
                --busy;
                cv.notify_all();
            }
        });
    }

    std::map<std::string, pending> seen;
    std::set<std::string> announced_open;  // open files whose wait was logged
    const auto once_deadline_extra = std::chrono::seconds(60);
    // Another watcher on this folder may die while this one runs: look for its claims now and then.
    auto next_recovery = clock_type::now() + std::chrono::seconds(3);
    auto last_progress = clock_type::time_point{};
    for (;;) {
        if (g_stop.load()) break;
        const auto now = clock_type::now();
        if (now >= next_recovery) {
            std::lock_guard lk(log_mu);
            try {
                stats.recovered += recover_claims(opt.dir, opt.foreign_claim_timeout, log);
            } catch (const std::exception& e) {
                log << now_text() << "  recovery failed: " << e.what() << '\n';
            }
            next_recovery = now + std::chrono::seconds(3);
        }
        bool waiting = false;  // something in the inbox is not ready yet
        std::map<std::string, pending> next_seen;
        std::error_code ec;
        std::set<std::string> present;  // every name in the inbox, lock files included
        for (const auto& e : fs::directory_iterator(L.inbox, ec)) present.insert(e.path().filename().string());
        std::set<std::string> open_now;
        for (const auto& e : fs::directory_iterator(L.inbox, ec)) {
            const std::string name = e.path().filename().string();
            if (is_ignored_name(name)) continue;
            if (const std::string lock = open_lock_for(name, present); !lock.empty()) {
                // Open in Excel, Word or LibreOffice: not taken, and the lock is never touched.
                if (announced_open.insert(name).second) {
                    std::lock_guard lk(log_mu);
                    log << now_text() << "  waits   " << name << ": the file is open (lock file " << lock
                        << "); it is taken once it is closed" << std::endl;  // seen at once, also in a log file
                }
                open_now.insert(name);
                if (!opt.once) waiting = true;
                continue;
            }
            std::error_code sec;
            if (!e.is_regular_file(sec)) continue;
            const auto size = e.file_size(sec);
            if (sec) continue;
            const auto mtime = e.last_write_time(sec);
            if (sec) continue;
            pending p;
            auto it = seen.find(name);
            if (it != seen.end() && it->second.size == size && it->second.mtime == mtime) {
                p = it->second;
                p.seen_twice = true;
            } else {
                p.size = size;
                p.mtime = mtime;
                p.since = now;
            }
            const bool stable = p.seen_twice && now - p.since >= opt.stable_for;
            if (!stable) {
                if (opt.once && now - p.since > opt.stable_for + once_deadline_extra) continue;  // give up on it
                waiting = true;
                next_seen[name] = p;
                continue;
            }
            {
                std::unique_lock lk(mu);
                if (busy >= n_workers) {  // claim only what a worker can start now: leave the rest to others
                    waiting = true;
                    next_seen[name] = p;
                    continue;
                }
            }
            const std::string id = me + "~" + std::to_string(::getpid()) + "~" + std::to_string(seq++) + "~" +
                                   std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                      std::chrono::system_clock::now().time_since_epoch())
                                                      .count());
            const fs::path claim = L.claims / (id + "--" + name);
            if (::rename(e.path().c_str(), claim.c_str()) != 0) continue;  // someone else took it
            fsync_path(L.claims);
            {
                std::lock_guard lk(mu);
                ++busy;
                queue.emplace_back(claim, name);
            }
            cv.notify_all();
        }
        seen = std::move(next_seen);
        for (auto it = announced_open.begin(); it != announced_open.end();)
            it = open_now.count(*it) ? std::next(it) : announced_open.erase(it);
        stats.open_elsewhere = static_cast<int>(open_now.size());
        if (opt.progress && now - last_progress > std::chrono::milliseconds(250)) {
            std::lock_guard lk(log_mu);
            std::unique_lock lk2(mu);
            log << "\r" << stats.processed << " done, " << stats.failed << " failed, " << busy << " working, "
                << seen.size() << " waiting   " << std::flush;
            last_progress = now;
        }
        {
            std::unique_lock lk(mu);
            if (opt.once && !waiting && busy == 0 && queue.empty()) break;
        }
        // Sleep until something changes in the inbox or the next readiness check is due.
        const auto wait = std::min(opt.poll_interval, std::max(std::chrono::milliseconds(20), opt.stable_for / 4));
        if (inotify_fd >= 0) {
            pollfd pfd{inotify_fd, POLLIN, 0};
            if (::poll(&pfd, 1, static_cast<int>(wait.count())) > 0) {
                char buf[4096];
                while (::read(inotify_fd, buf, sizeof buf) > 0) {
                }
            }
        } else {
            std::this_thread::sleep_for(wait);
        }
    }
    {
        std::lock_guard lk(mu);
        closing = true;
    }
    cv.notify_all();
    for (auto& t : workers) t.join();
    if (inotify_fd >= 0) ::close(inotify_fd);
    sigaction(SIGINT, &old_int, nullptr);
    sigaction(SIGTERM, &old_term, nullptr);
    if (opt.progress) log << '\n';
    return stats;
}

}  // namespace kib
