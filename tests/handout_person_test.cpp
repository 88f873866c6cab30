// Session handouts are each person's own (issue 15): `kib fill builtin:baateigenaar … --each
// deelnemers` and `kib handout --per-owner` open with who the copy is for; per owner their own
// benefits and agreements come first and agreements past their deadline are marked; session
// facts come from the command line or kib.toml; what is written during the session is left
// empty to write on. Documents are checked in word/document.xml and as LibreOffice renders
// them (PDF → pdftotext), where every word of the opening lines must be found whole.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/drop/drop_config.hpp"
#include "engine/programme/handout.hpp"
#include "readers/cell.hpp"
#include "readers/package.hpp"
#include "docx_test_support.hpp"
#include "test_util.hpp"

namespace kib {
namespace {

namespace fs = std::filesystem;
const std::string sample = std::string(KIB_SAMPLES) + "/programma.xlsx";
const std::string session_json = std::string(KIB_SAMPLES) + "/sessie_baateigenaren.json";

std::string body(const std::string& docx_path) {
    return test::part_text(package::open(docx_path).read("word/document.xml"));
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream ss(text);
    for (std::string l; std::getline(ss, l);) out.push_back(l);
    return out;
}

bool word_char(unsigned char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80; }

// True when `word` occurs in `text` as a whole word (no letter or digit right before or after).
bool has_whole_word(const std::string& text, const std::string& word) {
    for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
        const bool start = at == 0 || !word_char(static_cast<unsigned char>(text[at - 1]));
        const std::size_t end = at + word.size();
        const bool stop = end >= text.size() || !word_char(static_cast<unsigned char>(text[end]));
        if (start && stop) return true;
    }
    return false;
}

// Every word of these lines is found whole in LibreOffice's rendering of the document.
void expect_rendered_opening(const std::string& docx_path, const std::vector<std::string>& opening) {
    const std::string pdf = test::render_with_libreoffice(test::read_file(docx_path), fs::path(docx_path).stem().string());
    ASSERT_FALSE(pdf.empty()) << docx_path;
    EXPECT_EQ(pdf.find("{{"), std::string::npos) << pdf;
    for (const std::string& line : opening) {
        std::stringstream ss(line);
        for (std::string w; ss >> w;) {
            while (!w.empty() && (w.back() == ',' || w.back() == ':')) w.pop_back();
            if (w.empty()) continue;
            EXPECT_TRUE(has_whole_word(pdf, w)) << "\"" << w << "\" of \"" << line << "\" in " << docx_path << "\n" << pdf;
        }
    }
}

TEST(HandoutPerson, FillEachGivesEveryParticipantTheirOwnDocument) {
    const test::temp_dir dir;
    const test::run_result r = test::run_kib({"fill", "builtin:baateigenaar", session_json, "--each", "deelnemers", "-o", dir.path()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(dir.path())) files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    ASSERT_EQ(files.size(), 4u);
    // The participants of samples/sessie_baateigenaren.json.
    const std::vector<std::vector<std::string>> people{{"Anna de Vries", "Sectormanager", "PO"},
                                                      {"Bram Koster", "Sectormanager", "VO"},
                                                      {"Chantal Özdemir", "Sectormanager", "ZAK"},
                                                      {"Dirk van den Berg", "Programmamanager", "-"}};
    std::vector<std::string> bytes;
    for (std::size_t i = 0; i < files.size(); ++i) {
        SCOPED_TRACE(files[i]);
        bytes.push_back(test::read_file(files[i]));
        const std::vector<std::string> lines = lines_of(body(files[i]));
        ASSERT_GE(lines.size(), 4u);
        const std::vector<std::string> opening{"Sessie Baateigenaren", "Persoonlijke handout voor " + people[i][0],
                                               "Rol: " + people[i][1] + "   Sector: " + people[i][2]};
        EXPECT_EQ(std::vector<std::string>(lines.begin(), lines.begin() + 3), opening);
        // The shared facts stay: the facilitator, the whole participant list.
        EXPECT_EQ(lines[4], "Datum sessie: 3 december 2026");
        EXPECT_EQ(lines[6], "Facilitator: Marieke Jansen");
        if (i == 0 || i == 2) expect_rendered_opening(files[i], opening);
    }
    for (std::size_t i = 0; i < bytes.size(); ++i)
        for (std::size_t j = i + 1; j < bytes.size(); ++j) EXPECT_NE(bytes[i], bytes[j]) << files[i] << " = " << files[j];
    // One document for everyone (no --each) has no personal opening.
    const test::run_result all = test::run_kib({"fill", "builtin:baateigenaar", session_json, "-o", dir.path() + "/alle.docx"});
    ASSERT_EQ(all.exit_code, 0) << all.err;
    const std::vector<std::string> lines = lines_of(body(dir.path() + "/alle.docx"));
    EXPECT_EQ(lines[1], "Programma: Klant in Beeld");
}

TEST(HandoutPerson, PerOwnerAddressedWithOwnBenefitsAndAgreementsFirstOverdueMarked) {
    const test::temp_dir dir;
    const auto files = write_handouts(sample, "2026-12-03", true, dir.path(), "", {"Stadskantoor, zaal 4.12", "Marieke Jansen"});
    ASSERT_EQ(files.size(), 5u);
    std::vector<std::string> bytes;
    for (const auto& f : files) bytes.push_back(test::read_file(f.string()));
    for (std::size_t i = 0; i < bytes.size(); ++i)
        for (std::size_t j = i + 1; j < bytes.size(); ++j) EXPECT_NE(bytes[i], bytes[j]);

    // Pim de Burger (files[2]): Programmamanager, no sector ("-" in Rollen).
    ASSERT_EQ(files[2].filename(), "handout-pim-de-burger.docx");
    const std::string pim = body(files[2].string());
    const std::vector<std::string> lines = lines_of(pim);
    const std::vector<std::string> opening{"Sessie Baateigenaren", "Persoonlijke handout voor Pim de Burger",
                                           "Rol: Programmamanager   Sector: -"};
    EXPECT_EQ(std::vector<std::string>(lines.begin(), lines.begin() + 3), opening);
    EXPECT_EQ(lines[4], "Datum sessie: 3 december 2026");
    EXPECT_EQ(lines[5], "Locatie: Stadskantoor, zaal 4.12");
    EXPECT_EQ(lines[6], "Facilitator: Marieke Jansen");
    // His benefit first; his agreement first, past its deadline; Roel Bakker's (15 december) is not.
    EXPECT_LT(pim.find("Baat 3: Efficiëntere klantprocessen"), pim.find("Baat 1: Consistente klantbeleving"));
    const std::size_t agreements = pim.find("\nAfspraken\n");
    ASSERT_NE(agreements, std::string::npos) << pim;
    const std::string table = pim.substr(agreements, pim.find("Nieuwe afspraken") - agreements);
    EXPECT_LT(table.find("Terugkoppeling naar sponsorgroep"), table.find("Batenprioritering per sector documenteren")) << table;
    EXPECT_NE(table.find("15 september 2026 (verlopen)"), std::string::npos) << table;
    EXPECT_NE(table.find("31 maart 2026 (verlopen)"), std::string::npos) << table;
    EXPECT_NE(table.find("15 december 2026"), std::string::npos) << table;
    EXPECT_EQ(table.find("15 december 2026 (verlopen)"), std::string::npos) << table;
    expect_rendered_opening(files[2].string(), opening);

    // Leontine Derks (files[0]): Baateigenaar of PO; her agreement first.
    const std::string leontine = body(files[0].string());
    EXPECT_EQ(lines_of(leontine)[1], "Persoonlijke handout voor Leontine Derks");
    EXPECT_EQ(lines_of(leontine)[2], "Rol: Baateigenaar   Sector: PO");
    const std::size_t la = leontine.find("\nAfspraken\n");
    EXPECT_LT(leontine.find("Batenprioritering per sector documenteren", la), leontine.find("Terugkoppeling naar sponsorgroep", la));
}

TEST(HandoutPerson, SessionPartsAreLeftToWriteOnAndFactsEmptyOnlyWhenNotGiven) {
    const test::temp_dir dir;
    const auto files = write_handouts(sample, "2026-12-03", false, dir.path());
    const std::string text = body(files[0].string());
    const std::vector<std::string> lines = lines_of(text);
    // No person: the handout opens with the programme; facts not given are lines to write on.
    EXPECT_EQ(lines[1], "Programma: Klant in Beeld");
    EXPECT_EQ(lines[3], "Locatie: " + std::string(30, '_'));
    EXPECT_EQ(lines[4], "Facilitator: " + std::string(30, '_'));
    // What is known beforehand is said as such; "Gehoord tijdens de sessie" is followed by
    // three empty rows, and "Nieuwe afspraken" by a header and four empty rows.
    const std::size_t heard = text.find("Gehoord tijdens de sessie:\n");
    ASSERT_NE(heard, std::string::npos) << text;
    EXPECT_LT(text.find("Vooraf bekend: Baat 6 (Outside-in cultuur): nog geen eigenaar."), heard);
    EXPECT_EQ(text.substr(heard + 27, 4), "\n\n\n\n") << text.substr(heard, 80);
    const std::size_t fresh = text.find("Nieuwe afspraken\nAfspraak\nVerantwoordelijke\nDeadline\n");
    ASSERT_NE(fresh, std::string::npos) << text;
    EXPECT_EQ(text.substr(fresh + 53, 12), std::string(12, '\n'));
    // The key questions' answers are lines to write on too.
    EXPECT_NE(text.find("Antwoord: ___"), std::string::npos);

    // The same facts from the command line.
    const test::run_result r = test::run_kib({"handout", sample, "--date", "2026-12-03", "--location", "Stadskantoor",
                                              "--facilitator", "Marieke Jansen", "-o", dir.path() + "/cli"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::vector<std::string> cli = lines_of(body(dir.path() + "/cli/handout.docx"));
    EXPECT_EQ(cli[3], "Locatie: Stadskantoor");
    EXPECT_EQ(cli[4], "Facilitator: Marieke Jansen");
}

TEST(HandoutPerson, SessionFactsInTheDropFoldersConfig) {
    const test::temp_dir dir;
    const std::string toml = dir.write("kib.toml",
                                       "[programme]\nsession_date = \"2026-12-03\"\nsession_location = \"Stadskantoor\"\n"
                                       "session_facilitator = \"Marieke Jansen\"\n");
    const drop_config c = load_drop_config(toml);
    EXPECT_EQ(c.session_date, "2026-12-03");
    EXPECT_EQ(c.session_location, "Stadskantoor");
    EXPECT_EQ(c.session_facilitator, "Marieke Jansen");
    const std::string bad = dir.write("bad.toml", "[programme]\nsession_date = \"3 december\"\n");
    const error e = test::catch_error([&] { (void)load_drop_config(bad); });
    EXPECT_NE(std::string(e.what()).find("'session_date' must be a date YYYY-MM-DD"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos) << e.what();
}

}  // namespace
}  // namespace kib
