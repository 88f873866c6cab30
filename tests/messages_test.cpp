// The language of what people read (issue 16): per thread, never through the environment; the
// command line's help and CLI11's own usage errors in the user's language; libc's texts in
// Dutch messages; a reference date outside the programme warns; the drop folder's overviews name
// a numbered output as it lies in outbox/.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "readers/i18n.hpp"
#include "test_util.hpp"

namespace kib {
namespace {

namespace fs = std::filesystem;
using test::run_kib;

// The catalogue of the build tree, where the kib binary finds it.
void bind_build_catalogue() { ASSERT_TRUE(init_catalogues(fs::path(KIB_BINARY).parent_path().string())); }

TEST(Language, TwoThreadsSpeakTheirOwnLanguageAtTheSameTime) {
    bind_build_catalogue();
    const char* id = "the file is empty (0 bytes)";
    const char* before = std::getenv("LANGUAGE");
    const std::string language_before = before ? before : "(unset)";
    auto speak = [id](language l, std::vector<std::string>& heard) {
        const scoped_language in(l);
        for (int i = 0; i < 2000; ++i) heard.push_back(tr(id) + " / " + trf("line {}", {std::to_string(i)}));
    };
    std::vector<std::string> dutch, english;
    std::thread a(speak, language::nl, std::ref(dutch));
    std::thread b(speak, language::en, std::ref(english));
    a.join();
    b.join();
    ASSERT_EQ(dutch.size(), 2000u);
    ASSERT_EQ(english.size(), 2000u);
    for (int i = 0; i < 2000; ++i) {
        ASSERT_EQ(dutch[i], "het bestand is leeg (0 bytes) / regel " + std::to_string(i));
        ASSERT_EQ(english[i], "the file is empty (0 bytes) / line " + std::to_string(i));
    }
    // The process itself was not switched: no LANGUAGE set, this thread still speaks the default.
    const char* after = std::getenv("LANGUAGE");
    EXPECT_EQ(after ? std::string(after) : std::string("(unset)"), language_before);
    EXPECT_EQ(tr(id), id);
}

TEST(Language, SystemErrorsAreInTheMessagesLanguage) {
    bind_build_catalogue();
    EXPECT_EQ(system_message(ENOENT), "No such file or directory");
    const scoped_language dutch(language::nl);
    EXPECT_EQ(system_message(ENOENT), "bestand of map bestaat niet");
    EXPECT_EQ(system_message(EACCES), "geen toegang (onvoldoende rechten)");
    // A folder that is not there, written to: the Dutch message carries the Dutch reason.
    const auto r = run_kib({"--lang", "nl", "set", std::string(KIB_SAMPLES) + "/programma.xlsx", "'KPI''s'!D3=1", "-o",
                            "/proc/kib-bestaat-niet/uit.xlsx"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("de map /proc/kib-bestaat-niet bestaat niet"), std::string::npos) << r.err;
}

TEST(Language, HelpFollowsTheLanguage) {
    const auto en = run_kib({"--lang", "en", "watch", "--help"});
    EXPECT_EQ(en.exit_code, 0);
    EXPECT_LT(en.out.find("Examples:\n  kib watch"), en.out.find("Usage:")) << en.out;
    EXPECT_NE(en.out.find("Exit codes: 0 done"), std::string::npos) << en.out;
    EXPECT_NE(en.out.find("Process what is there, then exit"), std::string::npos) << en.out;

    const auto nl = run_kib({"--lang", "nl", "watch", "--help"});
    EXPECT_EQ(nl.exit_code, 0);
    const std::size_t examples = nl.out.find("Voorbeelden:\n  kib watch");
    ASSERT_NE(examples, std::string::npos) << nl.out;
    EXPECT_LT(examples, nl.out.find("Gebruik:")) << nl.out;
    EXPECT_NE(nl.out.find("(cron: afsluitcode 3 als een bestand mislukte)"), std::string::npos) << nl.out;
    EXPECT_NE(nl.out.find("Afsluitcodes: 0 klaar"), std::string::npos) << nl.out;
    EXPECT_NE(nl.out.find("Verwerk wat er staat en stop dan"), std::string::npos) << nl.out;
    EXPECT_NE(nl.out.find("Toon deze hulptekst en stop"), std::string::npos) << nl.out;
    EXPECT_EQ(nl.out.find("Process what is there"), std::string::npos) << nl.out;
    EXPECT_EQ(nl.out.find("compression_ratio"), std::string::npos) << "the limits are listed once, by kib limits";

    const auto top = run_kib({"--help", "--lang=nl"});
    EXPECT_EQ(top.exit_code, 0);
    EXPECT_NE(top.out.find("Opdrachten:"), std::string::npos) << top.out;
    EXPECT_NE(top.out.find("Schrijf waarden in een werkmap"), std::string::npos) << top.out;
    EXPECT_NE(top.out.find("kib limits toont de grenzen"), std::string::npos) << top.out;

    const auto limits = run_kib({"--lang", "nl", "limits"});
    EXPECT_NE(limits.out.find("onderdelen in het ZIP-archief (standaard "), std::string::npos) << limits.out;
}

TEST(Language, UsageErrorsFollowTheLanguage) {
    auto r = run_kib({"--lang", "en", "kpi", std::string(KIB_SAMPLES) + "/programma.xlsx"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--date is required"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("Run with --help for more information."), std::string::npos) << r.err;
    r = run_kib({"--lang", "nl", "kpi", std::string(KIB_SAMPLES) + "/programma.xlsx"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--date is verplicht"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("Gebruik --help voor meer informatie."), std::string::npos) << r.err;
    r = run_kib({"--lang", "nl", "watch", "/tmp", "--jobs", "99"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--jobs: 99 ligt niet tussen 1 en 64"), std::string::npos) << r.err;
    r = run_kib({"--lang", "nl", "inspect", "a.xlsx", "b.xlsx"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("hier niet verwacht: b.xlsx"), std::string::npos) << r.err;
    r = run_kib({"--lang", "nl", "rapport"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("'rapport' is geen opdracht van kib; bedoelde u 'report'?"), std::string::npos) << r.err;
}

TEST(Language, AReferenceDateOutsideTheProgrammeWarns) {
    const std::string book = std::string(KIB_SAMPLES) + "/programma.xlsx";
    auto r = run_kib({"--lang", "en", "kpi", book, "--date", "2031-03-01"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("warning: the reference date 2031-03-01 lies after the end of the programme"), std::string::npos) << r.err;
    r = run_kib({"--lang", "nl", "roadmap", book, "--date", "01-03-2031"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("waarschuwing: de peildatum 1 maart 2031 ligt na het einde van het programma"), std::string::npos) << r.err;
    r = run_kib({"--lang", "nl", "kpi", book, "--date", "2025-06-01"});
    EXPECT_NE(r.err.find("waarschuwing: de peildatum 1 juni 2025 ligt vóór de start van het programma (M1 = 1 januari 2026)"),
              std::string::npos)
        << r.err;
    // Inside the programme: no warning; the overview in the reader's language and dates.
    r = run_kib({"kpi", book, "--date", "23-11-2026"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err.find("warning"), std::string::npos) << r.err;
    EXPECT_EQ(r.out.rfind("Klant in Beeld — KPI status on 23 November 2026 (M1 = 2026-01)\n", 0), 0u) << r.out;
    r = run_kib({"--lang", "nl", "kpi", book, "--date", "2026-11-23"});
    EXPECT_EQ(r.out.rfind("Klant in Beeld — KPI-stand op 23 november 2026 (M1 = 2026-01)\n", 0), 0u) << r.out;
    EXPECT_NE(r.out.find("Voortgang per domein"), std::string::npos) << r.out;
    // The steering report too, and its text says where the date lies instead of "M63".
    const test::temp_dir tmp;
    r = run_kib({"report", book, "--date", "2031-03-01", "-o", tmp.path() + "/rapport.docx"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("lies after the end of the programme"), std::string::npos) << r.err;
    // Anything but the two ways of writing a date is refused with an example.
    r = run_kib({"kpi", book, "--date", "2026/11/23x"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("write the date as 2026-11-23 or 23-11-2026"), std::string::npos) << r.err;
}

TEST(Language, TheOverviewNamesANumberedOutputAsItLiesInTheOutbox) {
    const test::temp_dir tmp;
    const fs::path dir = tmp.path();
    std::ofstream(dir / "kib.toml") << "[watch]\nstable_seconds = 0\n[programme]\nreference_date = \"2026-11-23\"\n";
    fs::create_directories(dir / "inbox");
    for (int round = 1; round <= 2; ++round) {
        fs::copy_file(std::string(KIB_SAMPLES) + "/programma.xlsx", dir / "inbox" / "programma.xlsx");
        const auto r = run_kib({"watch", dir.string(), "--once"});
        ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    }
    // The second round found the names taken: its workbook and its overview are numbered, and
    // the overview names its own workbook, not the first round's.
    const fs::path out = dir / "outbox" / "programme";
    ASSERT_TRUE(fs::exists(out / "programma - bijgewerkt 2026-11-23 (2).xlsx"));
    const std::string second = test::read_file((out / "programma - KPI-stand 2026-11-23 (2).txt").string());
    EXPECT_NE(second.find("Geschreven: outbox/programme/programma - bijgewerkt 2026-11-23 (2).xlsx"), std::string::npos) << second;
    const std::string first = test::read_file((out / "programma - KPI-stand 2026-11-23.txt").string());
    EXPECT_NE(first.find("Geschreven: outbox/programme/programma - bijgewerkt 2026-11-23.xlsx ("), std::string::npos) << first;
}

}  // namespace
}  // namespace kib
