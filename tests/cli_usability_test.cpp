// The command line as people meet it (issue 16): help that starts with examples and lists the
// exit codes, the nearest command for a mistyped one, numbered backups, output folders made on
// demand, and failure reasons that name the real problem of a file.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "test_util.hpp"

namespace kib {
namespace {

namespace fs = std::filesystem;
using test::run_kib;

TEST(CliHelp, HelpStartsWithExamplesAndListsTheExitCodes) {
    const auto h = run_kib({"--help"});
    EXPECT_EQ(h.exit_code, 0);
    EXPECT_NE(h.out.find("Exit codes: 0 done"), std::string::npos) << h.out;
    EXPECT_NE(h.out.find("3 kib watch --once"), std::string::npos) << h.out;
    EXPECT_NE(h.out.find("limits"), std::string::npos) << h.out;
    const std::size_t main_examples = h.out.find("Examples:\n  kib kpi programma.xlsx");
    EXPECT_NE(main_examples, std::string::npos) << h.out;
    EXPECT_LT(main_examples, h.out.find("Usage:")) << "the examples come first: " << h.out;
    for (const char* cmd : {"inspect", "fill", "set", "score", "comments", "watch", "kpi", "roadmap", "handout", "report"}) {
        const auto c = run_kib({cmd, "--help"});
        EXPECT_EQ(c.exit_code, 0) << cmd;
        const std::size_t examples = c.out.find("Examples:\n  kib " + std::string(cmd));
        EXPECT_NE(examples, std::string::npos) << c.out;
        EXPECT_LT(examples, c.out.find("Usage:")) << "the examples come first: " << c.out;  // (CLI11 prints the description first)
        EXPECT_NE(c.out.find("Exit codes:"), std::string::npos) << c.out;
        EXPECT_EQ(c.out.find("compression_ratio"), std::string::npos) << "no list of limits in " << cmd;
    }
}

TEST(CliHelp, AnUnknownCommandNamesItselfAndTheNearestOne) {
    auto r = run_kib({"rapport", "programma.xlsx"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("'rapport' is not a kib command; did you mean 'report'?"), std::string::npos) << r.err;
    r = run_kib({"--limit", "rows=5", "inspectt", "x.xlsx"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("did you mean 'inspect'?"), std::string::npos) << r.err;
    r = run_kib({"zzzzzzzzzz"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err.find("did you mean"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("watch"), std::string::npos) << "the known commands are listed: " << r.err;
}

TEST(CliSet, InPlaceKeepsEveryOlderBackup) {
    const test::temp_dir tmp;
    const fs::path book = fs::path(tmp.path()) / "KPI.xlsx";
    fs::copy_file(test::fixture("xlsx/kpi.xlsx"), book);
    const std::string v0 = test::read_file(book.string());
    for (const char* value : {"1", "2", "3"}) {
        const auto r = run_kib({"set", book.string(), std::string("'KPI''s'!D3=") + value, "--in-place"});
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    EXPECT_EQ(test::read_file((fs::path(tmp.path()) / "KPI.bak.xlsx").string()), v0);
    ASSERT_TRUE(fs::exists(fs::path(tmp.path()) / "KPI.bak-2.xlsx"));
    ASSERT_TRUE(fs::exists(fs::path(tmp.path()) / "KPI.bak-3.xlsx"));
    EXPECT_FALSE(fs::exists(fs::path(tmp.path()) / "KPI.bak-4.xlsx"));
    // Each backup is the workbook as it was before that save: the third one holds the second value.
    const auto r = run_kib({"inspect", (fs::path(tmp.path()) / "KPI.bak-3.xlsx").string(), "--cells", "--json", "--sheet", "KPI's"});
    EXPECT_NE(r.out.find(R"({"ref":"D3","type":"number","value":2)"), std::string::npos) << r.out;
}

TEST(CliFill, OutputIntoAFolderThatDoesNotExistMakesIt) {
    const test::temp_dir tmp;
    const fs::path out = fs::path(tmp.path()) / "nieuw" / "map" / "sessie.docx";
    const auto r = run_kib({"fill", "builtin:baateigenaar", std::string(KIB_SAMPLES) + "/sessie_baateigenaren.json", "-o", out.string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(fs::exists(out));
}

// Runs kib with exactly this environment (the locale route) and captures its output.
test::run_result run_kib_env(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
    const test::temp_dir dir;
    const std::string out_path = dir.path() + "/stdout", err_path = dir.path() + "/stderr";
    std::vector<std::string> argv_store = {KIB_BINARY};
    argv_store.insert(argv_store.end(), args.begin(), args.end());
    std::vector<std::string> env_store = {"PATH=/usr/bin:/bin", "HOME=" + dir.path()};
    for (const auto& [k, v] : env) env_store.push_back(k + "=" + v);
    std::vector<char*> argv, envp;
    for (auto& a : argv_store) argv.push_back(a.data());
    for (auto& e : env_store) envp.push_back(e.data());
    argv.push_back(nullptr);
    envp.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int o = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int e = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (o < 0 || e < 0 || ::dup2(o, 1) < 0 || ::dup2(e, 2) < 0) ::_exit(127);
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
    }
    test::run_result r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = test::read_file(out_path);
    r.err = test::read_file(err_path);
    return r;
}

// A compound file (OLE2) whose directory names these streams, as Office writes them (UTF-16LE).
std::string ole_file(const std::vector<std::string>& streams) {
    std::string f = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    f.resize(512, '\0');
    for (const auto& s : streams) {
        std::string entry;
        for (char c : s) entry += std::string(1, c) + '\0';
        entry.resize(128, '\0');
        f += entry;
    }
    f.resize(2048, '\0');
    return f;
}

// The files of the issue, each renamed to .xlsx, with what must be said in English and Dutch.
struct bad_file {
    std::string name, bytes, english, dutch;
};
std::vector<bad_file> bad_files() {
    std::string png = "\x89PNG\r\n\x1a\n";
    png.resize(300, '\x01');
    return {
        {"rapport.xlsx", "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<<>>\nendobj\n", "this is a PDF document, not an Excel or Word file",
         "dit is een PDF-document, geen Excel- of Word-bestand"},
        {"beveiligd.xlsx", ole_file({"Root Entry", "EncryptionInfo", "EncryptedPackage"}), "save it without a password",
         "sla het op zonder wachtwoord"},
        {"oud.xlsx", ole_file({"Root Entry", "Workbook", "\x05SummaryInformation"}), "save it as .xlsx",
         "sla het op als .xlsx"},
        {"leeg.xlsx", "", "the file is empty (0 bytes)", "het bestand is leeg (0 bytes)"},
        {"plaatje.xlsx", png, "this is an image (PNG)", "dit is een afbeelding (PNG)"},
    };
}

TEST(FailureReasons, EveryCommandNamesTheRealProblemInEnglishAndDutch) {
    const test::temp_dir tmp;
    for (const auto& f : bad_files()) {
        SCOPED_TRACE(f.name);
        const std::string path = tmp.write(f.name, f.bytes);
        // inspect reads it as a package, score (no ZIP: the CSV path) and --previous as a survey.
        const std::vector<std::vector<std::string>> commands = {
            {"inspect", path}, {"score", path}, {"score", std::string(KIB_SAMPLES) + "/cx_scan_2026.csv", "--previous", path}};
        for (const auto& cmd : commands) {
            auto r = run_kib_env(cmd, {{"LANG", "C.UTF-8"}});
            EXPECT_EQ(r.exit_code, 2) << cmd[0];
            EXPECT_NE(r.err.find(f.english), std::string::npos) << cmd[0] << ": " << r.err;
            auto args = cmd;
            args.insert(args.begin(), {"--lang", "nl"});
            r = run_kib_env(args, {{"LANG", "C.UTF-8"}});
            EXPECT_EQ(r.exit_code, 2) << cmd[0];
            EXPECT_NE(r.err.find(f.dutch), std::string::npos) << cmd[0] << ": " << r.err;
        }
    }
}

TEST(FailureReasons, TheDropFolderSaysItInDutchByDefaultAndInEnglishWhenAsked) {
    for (const bool english : {false, true}) {
        const test::temp_dir tmp;
        const fs::path dir = tmp.path();
        std::ofstream(dir / "kib.toml") << (english ? "language = \"en\"\n" : "") << "[watch]\nstable_seconds = 0\n";
        fs::create_directories(dir / "inbox");
        for (const auto& f : bad_files()) std::ofstream(dir / "inbox" / f.name, std::ios::binary) << f.bytes;
        // A readable workbook that is none of the kinds taken: the expected sheets are named.
        fs::copy_file(test::fixture("xlsx/kpi.xlsx"), dir / "inbox" / "los.xlsx");
        const auto r = run_kib_env({"watch", dir.string(), "--once"}, {{"LANG", "C.UTF-8"}});
        EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
        EXPECT_NE(r.out.find("0 processed, 6 failed"), std::string::npos) << "the terminal follows the user: " << r.out;
        for (const auto& f : bad_files()) {
            const std::string why = test::read_file((dir / "failed" / (f.name + ".error.txt")).string());
            EXPECT_NE(why.find(english ? f.english : f.dutch), std::string::npos) << why;
            EXPECT_NE(why.find(english ? "Fix the file and drop it into the inbox folder again."
                                       : "Verbeter het bestand en zet het opnieuw in de map inbox."),
                      std::string::npos)
                << why;
            EXPECT_EQ(why.find(".kib"), std::string::npos) << why;
        }
        const std::string los = test::read_file((dir / "failed" / "los.xlsx.error.txt").string());
        EXPECT_NE(los.find(english ? "this workbook is no CX scan export" : "deze werkmap is geen export van de CX-scan"), std::string::npos)
            << los;
        EXPECT_NE(los.find("KPI's"), std::string::npos) << los;
        EXPECT_NE(los.find("Metingen, Roadmap, Mijlpalen, Baten"), std::string::npos) << los;
    }
}

TEST(FailureReasons, AWrongWorkbookSettingIsASettingsProblem) {
    const test::temp_dir tmp;
    const fs::path dir = tmp.path();
    std::ofstream(dir / "kib.toml") << "language = \"en\"\n[watch]\nstable_seconds = 0\n[programme]\nworkbook = \"programa.xlsx\"\n";
    fs::create_directories(dir / "inbox");
    fs::copy_file(std::string(KIB_SAMPLES) + "/metingen_november.csv", dir / "inbox" / "metingen.csv");
    const auto r = run_kib_env({"watch", dir.string(), "--once"}, {});
    EXPECT_EQ(r.exit_code, 3);
    const std::string why = test::read_file((dir / "failed" / "metingen.csv.error.txt").string());
    EXPECT_NE(why.find("kib.toml [programme] workbook = \"programa.xlsx\": settings problem"), std::string::npos) << why;
    EXPECT_NE(why.find("the dropped file is fine"), std::string::npos) << why;
}

// The comment summary: Dutch in the drop folder (with Dutch dates), the user's language on the command line.
TEST(Language, TheCommentSummaryIsDutchInTheDropFolder) {
    const test::temp_dir tmp;
    const fs::path dir = tmp.path();
    std::ofstream(dir / "kib.toml") << "[watch]\nstable_seconds = 0\n";
    fs::create_directories(dir / "inbox");
    fs::copy_file(test::fixture("docx/programmaplan-pandoc.docx"), dir / "inbox" / "plan.docx");
    const auto r = run_kib_env({"watch", dir.string(), "--once"}, {{"LANG", "C.UTF-8"}});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    const std::string summary = test::read_file((dir / "outbox" / "comments" / "plan - opmerkingen.txt").string());
    EXPECT_NE(summary.find(" opmerkingen ("), std::string::npos) << summary;
    EXPECT_NE(summary.find("Per auteur"), std::string::npos) << summary;
    EXPECT_EQ(summary.find(" comments ("), std::string::npos) << summary;
    const auto en = run_kib_env({"comments", test::fixture("docx/programmaplan-pandoc.docx")}, {{"LANG", "C.UTF-8"}});
    EXPECT_NE(en.out.find(" comments ("), std::string::npos) << en.out;
    const auto nl = run_kib_env({"comments", test::fixture("docx/programmaplan-pandoc.docx")}, {{"LANG", "nl_NL.UTF-8"}});
    EXPECT_NE(nl.out.find(" opmerkingen ("), std::string::npos) << nl.out;
}

// The language route on the command line: --lang, else LANGUAGE / LC_ALL / LC_MESSAGES / LANG, else English.
TEST(Language, LangOptionThenTheLocaleThenEnglish) {
    const test::temp_dir tmp;
    const std::string empty = tmp.write("leeg.xlsx", "");
    const std::string en = "the file is empty", nl = "het bestand is leeg";
    auto said = [&](const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
        const auto r = run_kib_env(args, env);
        EXPECT_EQ(r.exit_code, 2);
        return r.err.find(nl) != std::string::npos ? "nl" : r.err.find(en) != std::string::npos ? "en" : r.err;
    };
    EXPECT_EQ(said({"inspect", empty}, {}), "en");
    EXPECT_EQ(said({"inspect", empty}, {{"LANG", "nl_NL.UTF-8"}}), "nl");
    EXPECT_EQ(said({"inspect", empty}, {{"LC_MESSAGES", "nl_BE.UTF-8"}, {"LANG", "en_GB.UTF-8"}}), "nl");
    EXPECT_EQ(said({"inspect", empty}, {{"LC_ALL", "en_US.UTF-8"}, {"LANG", "nl_NL.UTF-8"}}), "en");
    EXPECT_EQ(said({"inspect", empty}, {{"LANGUAGE", "nl:en"}, {"LANG", "C.UTF-8"}}), "nl");
    EXPECT_EQ(said({"--lang", "en", "inspect", empty}, {{"LANG", "nl_NL.UTF-8"}}), "en");
    EXPECT_EQ(said({"inspect", empty, "--lang", "nl"}, {}), "nl");
    const auto bad = run_kib_env({"--lang", "fr", "inspect", empty}, {});
    EXPECT_EQ(bad.exit_code, 2);
    // Dates as people type them, refused with an example otherwise, in the user's language.
    const auto date = run_kib_env({"--lang", "nl", "kpi", std::string(KIB_SAMPLES) + "/programma.xlsx", "--date", "23-13-2026"}, {});
    EXPECT_EQ(date.exit_code, 2);
    EXPECT_NE(date.err.find("\"23-13-2026\" is geen datum (schrijf de datum als 23-11-2026 of 2026-11-23)"), std::string::npos) << date.err;
    const auto early = run_kib_env({"kpi", std::string(KIB_SAMPLES) + "/programma.xlsx", "--date", "01-06-2025"}, {});
    EXPECT_EQ(early.exit_code, 0) << early.err;
    EXPECT_NE(early.err.find("warning: the reference date 2025-06-01 lies before the start of the programme"), std::string::npos)
        << early.err;
}

}  // namespace
}  // namespace kib
