#include "engine/drop/watch.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <set>
#include <sstream>

#include "readers/error.hpp"

namespace kib {
namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void put(const fs::path& p, const std::string& data) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << data;
}

std::vector<std::string> names_in(const fs::path& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
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

// A job for .txt files: writes NAME.upper.txt; "bad" content is bad input.
job_kind upper_job() {
    job_kind k;
    k.name = "upper";
    k.accepts = [](const fs::path&, const std::string& name) { return name.size() > 4 && name.substr(name.size() - 4) == ".txt"; };
    k.run = [](job_context& ctx) {
        std::string text = slurp(ctx.input);
        if (text.rfind("bad", 0) == 0)
            throw error(error_category::bad_input, {ctx.name, {}, "line 1", 0, 0}, "\"bad\" is not allowed here", "write something else");
        for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        put(ctx.out_dir / (ctx.name.substr(0, ctx.name.size() - 4) + ".upper.txt"), text);
    };
    return k;
}

struct Watch : ::testing::Test {
    fs::path dir;
    void SetUp() override {
        dir = fs::temp_directory_path() / ("kib-watch-" + std::to_string(::getpid()) + "-" +
                                           ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir);
        fs::create_directories(dir / "inbox");
    }
    void TearDown() override { fs::remove_all(dir); }
    watch_options once() const {
        watch_options o;
        o.dir = dir;
        o.once = true;
        o.stable_for = std::chrono::milliseconds(50);
        o.poll_interval = std::chrono::milliseconds(20);
        return o;
    }
};

TEST_F(Watch, IgnoresLockTempAndHiddenFiles) {
    for (const char* n : {"~$plan.docx", ".~lock.plan.docx#", "x.tmp", "y.part", ".hidden", "z.crdownload", "back~"})
        EXPECT_TRUE(is_ignored_name(n)) << n;
    for (const char* n : {"plan.docx", "Programma 2026.xlsx", "résumé.csv"}) EXPECT_FALSE(is_ignored_name(n)) << n;
}

TEST_F(Watch, ProcessesGoodFilesFailsBadOnesAndLogsEach) {
    put(dir / "inbox" / "a.txt", "hallo");
    put(dir / "inbox" / "met spatie é.txt", "wereld");
    put(dir / "inbox" / "b.txt", "bad input");
    put(dir / "inbox" / "c.bin", "??");
    put(dir / "inbox" / "~$a.txt", "lock");
    std::ostringstream log;
    // a.txt is open (its lock file ~$a.txt is there): it waits, and the lock is left alone.
    watch_stats s = watch(once(), {upper_job()}, log);
    EXPECT_EQ(s.processed, 1);
    EXPECT_EQ(s.failed, 2);
    EXPECT_EQ(s.open_elsewhere, 1);
    EXPECT_EQ(names_in(dir / "inbox"), (std::vector<std::string>{"a.txt", "~$a.txt"}));
    EXPECT_NE(log.str().find("a.txt: the file is open (lock file ~$a.txt)"), std::string::npos) << log.str();
    fs::remove(dir / "inbox" / "~$a.txt");
    s = watch(once(), {upper_job()}, log);
    EXPECT_EQ(s.processed, 1);
    EXPECT_EQ(s.open_elsewhere, 0);
    EXPECT_TRUE(names_in(dir / "inbox").empty());
    EXPECT_EQ(names_in(dir / "processed"), (std::vector<std::string>{"a.txt", "met spatie é.txt"}));
    EXPECT_EQ(names_in(dir / "outbox" / "upper"), (std::vector<std::string>{"a.upper.txt", "met spatie é.upper.txt"}));
    EXPECT_EQ(slurp(dir / "outbox" / "upper" / "a.upper.txt"), "HALLO");
    EXPECT_EQ(names_in(dir / "failed"), (std::vector<std::string>{"b.txt", "b.txt.error.txt", "c.bin", "c.bin.error.txt"}));
    const std::string why = slurp(dir / "failed" / "b.txt.error.txt");
    EXPECT_NE(why.find("\"bad\" is not allowed here"), std::string::npos) << why;
    EXPECT_NE(why.find("write something else"), std::string::npos);
    EXPECT_NE(slurp(dir / "failed" / "c.bin.error.txt").find("does not know what to do"), std::string::npos);
    const auto lines = log_lines(dir);
    ASSERT_EQ(lines.size(), 4u);
    std::set<std::string> files;
    for (const auto& l : lines) {
        files.insert(l["file"].get<std::string>());
        EXPECT_EQ(l["sha256"].get<std::string>().size(), 64u);
        EXPECT_TRUE(l.contains("duration_s"));
    }
    EXPECT_EQ(files, (std::set<std::string>{"a.txt", "b.txt", "c.bin", "met spatie é.txt"}));
    EXPECT_TRUE(names_in(dir / ".kib" / "claims").empty());
    EXPECT_TRUE(names_in(dir / ".kib" / "work").empty());
}

TEST_F(Watch, NeverOverwritesEarlierOutputsOrInputs) {
    put(dir / "inbox" / "a.txt", "one");
    std::ostringstream log;
    watch(once(), {upper_job()}, log);
    put(dir / "inbox" / "a.txt", "two");
    watch(once(), {upper_job()}, log);
    EXPECT_EQ(names_in(dir / "processed"), (std::vector<std::string>{"a (2).txt", "a.txt"}));
    EXPECT_EQ(slurp(dir / "outbox" / "upper" / "a.upper.txt"), "ONE");
    EXPECT_EQ(slurp(dir / "outbox" / "upper" / "a.upper (2).txt"), "TWO");
}

TEST_F(Watch, KnownSha256) {
    put(dir / "x", "abc");
    EXPECT_EQ(sha256_file(dir / "x"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

// A pid that certainly belongs to no process: a child that has exited and been reaped.
long dead_pid() {
    const pid_t p = ::fork();
    if (p == 0) ::_exit(0);
    int st = 0;
    ::waitpid(p, &st, 0);
    return p;
}

std::string my_host() {
    char buf[256] = {0};
    ::gethostname(buf, sizeof buf - 1);
    std::string h;
    for (const char* c = buf; *c; ++c) h += std::isalnum(static_cast<unsigned char>(*c)) ? *c : '_';
    return h;
}

TEST_F(Watch, ClaimOfADeadWatcherWithoutFinishedWorkGoesBackAndIsDone) {
    const std::string id = my_host() + "~" + std::to_string(dead_pid()) + "~0~1";
    put(dir / ".kib" / "claims" / (id + "--half.txt"), "abc");
    put(dir / ".kib" / "work" / id / "out" / "half.upper.txt", "AB");  // a half-written output
    std::ostringstream log;
    const watch_stats s = watch(once(), {upper_job()}, log);
    EXPECT_EQ(s.recovered, 2);  // the staging folder and the claim
    EXPECT_EQ(s.processed, 1);
    EXPECT_EQ(slurp(dir / "outbox" / "upper" / "half.upper.txt"), "ABC");
    EXPECT_EQ(names_in(dir / "processed"), std::vector<std::string>{"half.txt"});
    EXPECT_EQ(log_lines(dir).size(), 1u);
}

TEST_F(Watch, ReadyWorkOfADeadWatcherIsFinishedNotRedone) {
    // The watcher died after publishing the output (link made, staging not yet unlinked) and
    // before logging: recovery must not publish it twice, and must log once.
    const std::string id = my_host() + "~" + std::to_string(dead_pid()) + "~0~1";
    const fs::path claim = dir / ".kib" / "claims" / (id + "--r.txt");
    put(claim, "rrr");
    const fs::path work = dir / ".kib" / "work" / id;
    put(work / "out" / "r.upper.txt", "RRR");
    fs::create_directories(dir / "outbox" / "upper");
    fs::create_hard_link(work / "out" / "r.upper.txt", dir / "outbox" / "upper" / "r.upper.txt");
    struct stat cs{}, os{};
    ::stat(claim.c_str(), &cs);
    ::stat((work / "out" / "r.upper.txt").c_str(), &os);
    nlohmann::ordered_json result = {
        {"time", "2026-11-23T06:00:00Z"}, {"file", "r.txt"}, {"claim", id}, {"claim_file", claim.filename().string()},
        {"ino", static_cast<std::uint64_t>(cs.st_ino)}, {"dev", static_cast<std::uint64_t>(cs.st_dev)},
        {"sha256", "x"}, {"kind", "upper"}, {"duration_s", 0.1}, {"warnings", nlohmann::json::array()},
        {"outcome", "processed"},
        {"staged", {{{"name", "r.upper.txt"}, {"ino", static_cast<std::uint64_t>(os.st_ino)}, {"dev", static_cast<std::uint64_t>(os.st_dev)}}}}};
    put(work / "result.json", result.dump());
    put(work / "ready", "");
    std::ostringstream log;
    recover_claims(dir, std::chrono::seconds(1800), log);
    EXPECT_EQ(names_in(dir / "outbox" / "upper"), std::vector<std::string>{"r.upper.txt"});
    EXPECT_EQ(names_in(dir / "processed"), std::vector<std::string>{"r.txt"});
    const auto lines = log_lines(dir);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0]["outputs"][0], "outbox/upper/r.upper.txt");
    // Running recovery again changes nothing.
    recover_claims(dir, std::chrono::seconds(1800), log);
    EXPECT_EQ(log_lines(dir).size(), 1u);
}

TEST_F(Watch, ClaimsOfLiveWatchersAreLeftAlone) {
    const std::string id = my_host() + "~" + std::to_string(::getppid()) + "~0~1";
    put(dir / ".kib" / "claims" / (id + "--busy.txt"), "x");
    std::ostringstream log;
    EXPECT_EQ(recover_claims(dir, std::chrono::seconds(1800), log), 0);
    EXPECT_EQ(names_in(dir / ".kib" / "claims").size(), 1u);
}

TEST_F(Watch, AFileStillGrowingWaitsUntilStable) {
    watch_options o = once();
    // Pauses between writes far below the stable time: on a loaded machine (CI runs tests two at a
    // time beside LibreOffice) a 100 ms sleep has been seen to last longer than a 400 ms window.
    o.stable_for = std::chrono::milliseconds(1500);
    std::thread writer([&] {
        for (int i = 0; i < 5; ++i) {
            std::ofstream(dir / "inbox" / "grow.txt", std::ios::app) << "part" << i << ";";
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    std::ostringstream log;
    watch(o, {upper_job()}, log);
    writer.join();
    EXPECT_EQ(slurp(dir / "outbox" / "upper" / "grow.upper.txt"), "PART0;PART1;PART2;PART3;PART4;");
}

}  // namespace
}  // namespace kib
