// End to end: ~200 files dropped into a folder watched by two kib processes, one of which is
// killed with SIGKILL half-way and replaced. Every input must end exactly once in processed/ or
// failed/, with exactly one job-log line, every output must open, and nothing may be lost or
// duplicated. Bounded in time; everything is local.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void put(const fs::path& p, const std::string& data) {
    std::ofstream out(p, std::ios::binary);
    out << data;
}

// A small CX scan export: header with the 48 questions, then `rows` respondents.
std::string survey_csv(int seed, int rows) {
    static const char* codes[] = {"STR", "BEG", "ONT", "MET", "BES", "CUL"};
    static const char* answers[] = {"Niet / nooit", "Incidenteel", "Regelmatig", "Systematisch", "Weet ik niet"};
    std::mt19937 rng(static_cast<unsigned>(seed));
    std::string s = "Afdeling";
    for (const char* c : codes)
        for (int q = 1; q <= 8; ++q) s += ";" + std::string(c) + std::to_string(q);
    s += "\r\n";
    for (int r = 0; r < rows; ++r) {
        s += "Afdeling " + std::to_string(seed % 7);
        for (int i = 0; i < 48; ++i) s += std::string(";") + answers[rng() % 5];
        s += "\r\n";
    }
    return s;
}

std::vector<std::string> names_in(const fs::path& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) out.push_back(e.path().filename().string());
    return out;
}

std::vector<nlohmann::json> log_lines(const fs::path& dir) {
    std::vector<nlohmann::json> out;
    std::istringstream in(slurp(dir / "jobs.jsonl"));
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) out.push_back(nlohmann::json::parse(line));
    }
    return out;
}

pid_t start_watcher(const fs::path& dir, const fs::path& log) {
    const std::string bin = KIB_BINARY, d = dir.string(), l = log.string();
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, l.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    std::vector<std::string> args = {bin, "watch", d, "--stable", "0.3"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    EXPECT_EQ(posix_spawn(&pid, bin.c_str(), &fa, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&fa);
    return pid;
}

TEST(WatchEndToEnd, TwoWatchersAKillAndTwoHundredFilesLoseNothing) {
    const fs::path dir = fs::temp_directory_path() / ("kib-e2e-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "inbox");
    const std::string docx = slurp(fs::path(KIB_FIXTURES) / "docx" / "programmaplan-pandoc.docx");
    ASSERT_FALSE(docx.empty());

    std::map<std::string, std::string> expect;  // input name -> "processed" | "failed"
    std::map<std::string, int> respondents;     // survey name -> rows
    std::set<std::string> locks;
    int n = 0;
    auto survey_name = [&](int i) {
        static const char* styles[] = {"scan %d.csv", "Scan afdeling é %d.csv", "scan_%d ✓.csv", "enquête (%d).csv"};
        char buf[64];
        std::snprintf(buf, sizeof buf, styles[i % 4], i);
        return std::string(buf);
    };
    // Dropped before the watchers start: 60 surveys, 20 corrupt workbooks, 10 drafts (same
    // content, other names: duplicates), 10 lock and temp files.
    for (int i = 0; i < 60; ++i, ++n) {
        const std::string name = survey_name(n);
        respondents[name] = 2 + i % 5;
        put(dir / "inbox" / name, survey_csv(n, respondents[name]));
        expect[name] = "processed";
    }
    std::mt19937 rng(7);
    for (int i = 0; i < 20; ++i) {
        const std::string name = "kapot " + std::to_string(i) + ".xlsx";
        std::string junk(200 + i * 37, '\0');
        for (char& c : junk) c = static_cast<char>(rng());
        if (i % 2 == 0) junk.replace(0, 4, "PK\x03\x04");  // looks like a ZIP, is not one
        put(dir / "inbox" / name, junk);
        expect[name] = "failed";
    }
    for (int i = 0; i < 10; ++i) {
        const std::string name = "plan kopie " + std::to_string(i) + ".docx";
        put(dir / "inbox" / name, docx);
        expect[name] = "processed";
    }
    // Lock files of files that are not in the inbox (a dropped file with its lock waits until the
    // lock is gone: tests/drop_cli_test.cpp).
    for (int i = 0; i < 5; ++i) {
        locks.insert("~$plan " + std::to_string(i) + ".docx");
        // Locks of files that are not in the inbox: a lock beside its file makes that file wait
        // (tests/drop_cli_test.cpp), which would keep this test from settling.
        locks.insert(".~lock.begroting " + std::to_string(i) + ".xlsx#");
    }
    for (const auto& l : locks) put(dir / "inbox" / l, "lock");

    const pid_t a = start_watcher(dir, dir / "watcher-a.log");
    const pid_t b = start_watcher(dir, dir / "watcher-b.log");

    // While they run: 100 more files, half written in pieces over several writes, half arriving
    // by rename; a third watcher replaces the first after it is killed.
    std::thread dropper([&] {
        for (int i = 0; i < 100; ++i) {
            const std::string name = survey_name(n + i);
            const std::string body = survey_csv(n + i, 3);
            if (i % 2 == 0) {
                std::ofstream out(dir / "inbox" / name, std::ios::binary);
                const std::size_t third = body.size() / 3;
                out << body.substr(0, third) << std::flush;
                std::this_thread::sleep_for(60ms);
                out << body.substr(third, third) << std::flush;
                std::this_thread::sleep_for(60ms);
                out << body.substr(2 * third) << std::flush;
            } else {
                put(dir / ("." + name + ".part"), body);
                fs::rename(dir / ("." + name + ".part"), dir / "inbox" / name);
            }
            std::this_thread::sleep_for(10ms);
        }
    });
    for (int i = 0; i < 100; ++i) {
        respondents[survey_name(n + i)] = 3;
        expect[survey_name(n + i)] = "processed";
    }

    // Kill the first watcher once about a third of the work is logged.
    const auto deadline = std::chrono::steady_clock::now() + 120s;
    while (log_lines(dir).size() < 60 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(20ms);
    ASSERT_EQ(::kill(a, SIGKILL), 0);
    int status = 0;
    ::waitpid(a, &status, 0);
    const pid_t c = start_watcher(dir, dir / "watcher-c.log");
    dropper.join();

    // Wait until every input is logged and no claim or staging folder is left.
    auto settled = [&] {
        return log_lines(dir).size() >= expect.size() && names_in(dir / ".kib" / "claims").empty() &&
               names_in(dir / ".kib" / "work").empty();
    };
    while (!settled() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(50ms);
    for (pid_t p : {b, c}) {
        ::kill(p, SIGTERM);
        ::waitpid(p, &status, 0);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "watcher " << p << " status " << status;
    }
    ASSERT_TRUE(settled()) << slurp(dir / "watcher-b.log") << slurp(dir / "watcher-c.log");

    // Every input exactly once, where it belongs; lock files untouched in the inbox.
    std::multiset<std::string> placed;
    for (const char* where : {"processed", "failed"}) {
        for (const auto& f : names_in(dir / where)) {
            if (f.size() > 10 && f.substr(f.size() - 10) == ".error.txt") continue;
            placed.insert(f);
            ASSERT_TRUE(expect.count(f)) << "unexpected " << where << "/" << f;
            EXPECT_EQ(expect[f], where) << f;
        }
    }
    for (const auto& [name, where] : expect) EXPECT_EQ(placed.count(name), 1u) << name;
    const auto left = names_in(dir / "inbox");
    EXPECT_EQ(std::set<std::string>(left.begin(), left.end()), locks);

    // One log line per input; every output exists, opens, and no output is there twice.
    const auto lines = log_lines(dir);
    EXPECT_EQ(lines.size(), expect.size());
    std::map<std::string, int> logged;
    std::set<std::string> outputs;
    for (const auto& l : lines) {
        const std::string file = l["file"];
        ++logged[file];
        EXPECT_EQ(l["outcome"], expect[file]) << file;
        for (const auto& o : l["outputs"]) {
            const fs::path p = dir / o.get<std::string>();
            ASSERT_TRUE(fs::exists(p)) << p;
            EXPECT_TRUE(outputs.insert(o.get<std::string>()).second) << "output named twice: " << p;
            const std::string body = slurp(p);
            EXPECT_FALSE(body.empty()) << p;
            if (p.extension() == ".json") {
                const auto doc = nlohmann::json::parse(body);  // throws (fails the test) when broken
                if (respondents.count(file)) {
                    EXPECT_EQ(doc["respondents"], respondents[file]) << file;
                }
            }
        }
    }
    for (const auto& [name, count] : logged) EXPECT_EQ(count, 1) << name;
    std::size_t in_outbox = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir / "outbox"))
        if (e.is_regular_file()) ++in_outbox;
    const std::size_t failed_notes = static_cast<std::size_t>(std::count_if(lines.begin(), lines.end(), [](const auto& l) { return l["outcome"] == "failed"; }));
    EXPECT_EQ(in_outbox + failed_notes, outputs.size());
    fs::remove_all(dir);
}

}  // namespace
