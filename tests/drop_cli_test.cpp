// The drop folder through the kib command line (issue 16): files open in an office program wait
// for their lock file to go, a missing folder is an error unless --create, --once says with exit
// code 3 that a file failed, and what people read names outbox/, not kib's working folders.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "engine/drop/lock_files.hpp"
#include "test_util.hpp"

extern char** environ;

namespace kib {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

void put(const fs::path& p, const std::string& data) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << data;
}

// Waits up to `limit` for `p` to exist.
bool appears(const fs::path& p, std::chrono::milliseconds limit) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        if (fs::exists(p)) return true;
        std::this_thread::sleep_for(50ms);
    }
    return fs::exists(p);
}

// A running `kib watch DIR`, stopped with SIGTERM when the object dies.
class watcher {
public:
    watcher(const fs::path& dir, const fs::path& log) {
        const std::string bin = KIB_BINARY, d = dir.string(), l = log.string();
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 1, l.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        posix_spawn_file_actions_adddup2(&fa, 1, 2);
        std::vector<std::string> args = {bin, "watch", d, "--stable", "0.2"};
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        EXPECT_EQ(posix_spawn(&pid_, bin.c_str(), &fa, nullptr, argv.data(), environ), 0);
        posix_spawn_file_actions_destroy(&fa);
    }
    ~watcher() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }
    watcher(const watcher&) = delete;
    watcher& operator=(const watcher&) = delete;

private:
    pid_t pid_ = -1;
};

TEST(LockFiles, EveryOfficeProgramsLockNameIsRecognised) {
    const std::set<std::string> inbox = {"programma.xlsx", "~$programma.xlsx", "document.docx", "~$cument.docx",
                                         "scan.csv", ".~lock.scan.csv#", "los.xlsx"};
    EXPECT_EQ(open_lock_for("programma.xlsx", inbox), "~$programma.xlsx");  // Excel
    EXPECT_EQ(open_lock_for("document.docx", inbox), "~$cument.docx");      // Word, a long name
    EXPECT_EQ(open_lock_for("scan.csv", inbox), ".~lock.scan.csv#");        // LibreOffice
    EXPECT_EQ(open_lock_for("los.xlsx", inbox), "");
    EXPECT_EQ(open_lock_for("~$programma.xlsx", inbox), "");  // a lock file is no file that waits
}

// The end-to-end case of the issue: a workbook dropped with its Excel lock file waits, is taken
// once the lock is gone, and the lock file is never moved, changed or deleted by kib.
TEST(DropCli, AWorkbookOpenInExcelWaitsUntilItsLockFileIsGone) {
    const test::temp_dir tmp;
    const fs::path dir = tmp.path();
    fs::create_directories(dir / "inbox");
    put(dir / "kib.toml", "[programme]\nreference_date = \"2026-11-23\"\n");
    fs::copy_file(std::string(KIB_SAMPLES) + "/programma.xlsx", dir / "inbox" / "programma.xlsx");
    const std::string owner = std::string("\x0b") + "Gebruiker" + std::string(40, ' ');  // what Excel writes
    put(dir / "inbox" / "~$programma.xlsx", owner);

    watcher w(dir, dir / "watch.log");
    std::this_thread::sleep_for(2500ms);  // more than ten times the stable time
    EXPECT_TRUE(fs::exists(dir / "inbox" / "programma.xlsx")) << "an open workbook must wait";
    EXPECT_FALSE(fs::exists(dir / "processed" / "programma.xlsx"));
    EXPECT_EQ(test::read_file((dir / "inbox" / "~$programma.xlsx").string()), owner);
    EXPECT_NE(test::read_file((dir / "watch.log").string()).find("~$programma.xlsx"), std::string::npos)
        << "the watcher says why the file waits";

    fs::remove(dir / "inbox" / "~$programma.xlsx");  // Excel closes the workbook
    EXPECT_TRUE(appears(dir / "processed" / "programma.xlsx", 60s)) << test::read_file((dir / "watch.log").string());
    EXPECT_FALSE(fs::exists(dir / "failed" / "programma.xlsx"));
}

// With --once an open file stays in the inbox for the next run (cron must not hang on a person
// who left Calc open), and the lock stays where it is.
TEST(DropCli, OnceLeavesAnOpenFileAndItsLockForTheNextRun) {
    const test::temp_dir tmp;
    const fs::path dir = tmp.path();
    put(dir / "kib.toml", "[watch]\nstable_seconds = 0\n[programme]\nreference_date = \"2026-11-23\"\n");
    fs::create_directories(dir / "inbox");
    fs::copy_file(std::string(KIB_SAMPLES) + "/programma.xlsx", dir / "inbox" / "programma.xlsx");
    put(dir / "inbox" / ".~lock.programma.xlsx#", "1,Gebruiker,host,23.11.2026 10:00,file:///home/gebruiker/.config/libreoffice/4;");
    auto r = test::run_kib({"watch", dir.string(), "--once"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("0 processed, 0 failed, 1 open in another program"), std::string::npos) << r.out;
    EXPECT_TRUE(fs::exists(dir / "inbox" / "programma.xlsx"));
    EXPECT_TRUE(fs::exists(dir / "inbox" / ".~lock.programma.xlsx#"));

    fs::remove(dir / "inbox" / ".~lock.programma.xlsx#");
    r = test::run_kib({"watch", dir.string(), "--once"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("1 processed, 0 failed"), std::string::npos) << r.out;
    // The KPI overview names the updated workbook as it lies in outbox/, never kib's working folder.
    const std::string kpi =
        test::read_file((dir / "outbox" / "programme" / "programma - KPI-stand 2026-11-23.txt").string());
    EXPECT_NE(kpi.find("Geschreven: outbox/programme/programma - bijgewerkt 2026-11-23.xlsx"), std::string::npos) << kpi;
    EXPECT_EQ(kpi.find(".kib"), std::string::npos) << kpi;
    EXPECT_TRUE(fs::exists(dir / "outbox" / "programme" / "programma - bijgewerkt 2026-11-23.xlsx"));
}

TEST(DropCli, AMissingFolderIsAnErrorUnlessAskedToCreateIt) {
    const test::temp_dir tmp;
    const fs::path dir = fs::path(tmp.path()) / "dropmap-met-typfout";
    auto r = test::run_kib({"watch", dir.string(), "--once"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("dropmap-met-typfout"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--create"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir)) << "a typo must not start an empty drop folder";

    put(fs::path(tmp.path()) / "een-bestand", "x");
    r = test::run_kib({"watch", (fs::path(tmp.path()) / "een-bestand").string(), "--once", "--create"});
    EXPECT_EQ(r.exit_code, 2) << r.err;

    r = test::run_kib({"watch", dir.string(), "--once", "--create"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(fs::is_directory(dir / "inbox"));
}

TEST(DropCli, OnceExitsThreeWhenAFileFailed) {
    const test::temp_dir tmp;
    const fs::path dir = tmp.path();
    put(dir / "kib.toml", "[watch]\nstable_seconds = 0\n");
    put(dir / "inbox" / "kapot.xlsx", "dit is geen werkmap");
    auto r = test::run_kib({"watch", dir.string(), "--once"});
    EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
    EXPECT_NE(r.out.find("0 processed, 1 failed"), std::string::npos) << r.out;
    // Nothing failed in this run: 0, whatever failed before.
    r = test::run_kib({"watch", dir.string(), "--once"});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

}  // namespace
}  // namespace kib
