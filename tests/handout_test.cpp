// `kib handout` (engine/handout): the benefit-owner session handout filled from the sample
// programme workbook. The data is checked field by field (hand-computed from
// samples/make_programma.py), the documents by their text (word/document.xml, and LibreOffice
// PDF + pdftotext for one), with no tag left over.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "engine/programme/handout.hpp"
#include "readers/cell.hpp"
#include "readers/error.hpp"
#include "readers/package.hpp"
#include "test_util.hpp"

namespace kib {
namespace {

namespace fs = std::filesystem;
const std::string sample = std::string(KIB_SAMPLES) + "/programma.xlsx";

// The visible text of a document body: the w:t contents, paragraphs ended by "\n".
std::string body_text(const fs::path& docx) {
    const std::string xml = package::open(docx.string()).read("word/document.xml");
    std::string out;
    std::size_t i = 0;
    while ((i = xml.find('<', i)) != std::string::npos) {
        const std::size_t end = xml.find('>', i);
        const std::string tag = xml.substr(i, end - i + 1);
        if (tag.rfind("<w:t>", 0) == 0 || tag.rfind("<w:t ", 0) == 0) {
            const std::size_t close = xml.find("</w:t>", end);
            out += xml.substr(end + 1, close - end - 1);
            i = close;
            continue;
        }
        if (tag == "</w:p>") out += "\n";
        i = end + 1;
    }
    return out;
}

TEST(Handout, DataFromSampleWorkbook) {
    const programme p = read_programme(sample);
    const nlohmann::json d = handout_data(p, "programma", *iso_to_serial("2026-12-03"));
    EXPECT_EQ(d["programma"], "programma");
    EXPECT_EQ(d["datum"], "3 december 2026");
    ASSERT_EQ(d["deelnemers"].size(), 5u) << d["deelnemers"].dump();
    const std::vector<std::vector<std::string>> people{{"Pim de Burger", "Programmamanager", "-"},
                                                      {"Leontine Derks", "Baateigenaar", "PO"},
                                                      {"Bert Thijs de Jong", "Baateigenaar", "VO"},
                                                      {"Jasper Kwakkelstein", "Baateigenaar", "ZAK"},
                                                      {"Cornelis Richter", "Data & Tech Manager", "Systeem"}};
    for (std::size_t i = 0; i < people.size(); ++i) {
        EXPECT_EQ(d["deelnemers"][i]["naam"], people[i][0]);
        EXPECT_EQ(d["deelnemers"][i]["rol"], people[i][1]);
        EXPECT_EQ(d["deelnemers"][i]["sector"], people[i][2]);
        EXPECT_EQ(d["deelnemers"][i]["aanwezig"], false);
    }
    ASSERT_EQ(d["baten"].size(), 6u);
    EXPECT_EQ(d["baten"][0]["naam"], "Consistente klantbeleving");
    EXPECT_EQ(d["baten"][0]["prioriteit"]["PO"], "Hoog");
    EXPECT_EQ(d["baten"][0]["prioriteit"]["VO"], "Hoog");
    EXPECT_EQ(d["baten"][0]["prioriteit"]["ZAK"], "Midden");
    EXPECT_EQ(d["baten"][0]["eigenaar"], "Leontine Derks");
    EXPECT_EQ(d["baten"][1]["check"]["commitment"], false);
    EXPECT_EQ(d["baten"][3]["eigenaar"], "Cornelis Richter");
    EXPECT_EQ(d["baten"][3]["check"]["uitgesproken"], false);
    EXPECT_EQ(d["baten"][5]["naam"], "Outside-in cultuur");
    EXPECT_EQ(d["baten"][5]["eigenaar"], "");
    EXPECT_TRUE(d["baten"][5]["check"]["commitment"].is_null());
    EXPECT_EQ(d["afschuiven"], "Baat 6 (Outside-in cultuur): nog geen eigenaar.");
    ASSERT_EQ(d["afspraken"].size(), 3u);
    EXPECT_EQ(d["afspraken"][0]["afspraak"], "Batenprioritering per sector documenteren");
    EXPECT_EQ(d["afspraken"][0]["verantwoordelijke"], "Leontine Derks");
    EXPECT_EQ(d["afspraken"][0]["deadline"], "31 maart 2026");
    EXPECT_EQ(d["afspraken"][2]["afspraak"], "Eigenaar baat 6 (Outside-in cultuur) voordragen");
    EXPECT_EQ(d["afspraken"][2]["deadline"], "15 december 2026");
    ASSERT_EQ(d["vervolgstappen"].size(), 5u);
    EXPECT_EQ(d["vervolgstappen"][0]["gedaan"], true);
    EXPECT_EQ(d["vervolgstappen"][2]["gedaan"], false);

    const nlohmann::json own = handout_data(p, "programma", *iso_to_serial("2026-12-03"), "Pim de Burger");
    EXPECT_EQ(own["baten"][0]["naam"], "Efficiëntere klantprocessen");
    EXPECT_EQ(own["baten"][1]["naam"], "Consistente klantbeleving");
    EXPECT_EQ(own["baten"][5]["naam"], "Outside-in cultuur");
}

TEST(Handout, OneHandoutShowsOwnersAndBenefits) {
    const test::temp_dir dir;
    const auto files = write_handouts(sample, "2026-12-03", false, dir.path() + "/uit");
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(files[0].filename(), "handout.docx");
    const std::string text = body_text(files[0]);
    EXPECT_EQ(text.find("{{"), std::string::npos) << text;
    for (const char* s : {"3 december 2026", "Leontine Derks", "Bert Thijs de Jong", "Jasper Kwakkelstein", "Pim de Burger",
                          "Cornelis Richter", "Consistente klantbeleving", "Hogere klanttevredenheid",
                          "Efficiëntere klantprocessen", "Betere klantinzichten", "Sterkere klantrelaties",
                          "Outside-in cultuur", "Terugkoppeling naar sponsorgroep", "15 december 2026",
                          "Baat 6 (Outside-in cultuur): nog geen eigenaar."})
        EXPECT_NE(text.find(s), std::string::npos) << s << "\n" << text;
    // A closed agreement is a next step (ticked) but not an open agreement.
    EXPECT_EQ(text.find("13 februari 2026"), std::string::npos);
}

TEST(Handout, PerOwnerPutsOwnBenefitsFirst) {
    const test::temp_dir dir;
    const auto files = write_handouts(sample, "2026-12-03", true, dir.path());
    std::vector<std::string> names;
    for (const auto& f : files) names.push_back(f.filename().string());
    EXPECT_EQ(names, (std::vector<std::string>{"handout-leontine-derks.docx", "handout-bert-thijs-de-jong.docx",
                                               "handout-pim-de-burger.docx", "handout-cornelis-richter.docx",
                                               "handout-jasper-kwakkelstein.docx"}));
    const std::string pim = body_text(files[2]);
    EXPECT_EQ(pim.find("{{"), std::string::npos);
    EXPECT_LT(pim.find("Efficiëntere klantprocessen"), pim.find("Consistente klantbeleving")) << pim;
    const std::string leontine = body_text(files[0]);
    EXPECT_LT(leontine.find("Consistente klantbeleving"), leontine.find("Hogere klanttevredenheid")) << leontine;
}

TEST(Handout, ProgrammeNameFromTheWorkbookAndStartOption) {
    const test::temp_dir dir;
    // The Programma sheet's Naam, not the file name, fills {{programma}}.
    const auto files = write_handouts(sample, "2026-12-03", false, dir.path() + "/a");
    EXPECT_NE(body_text(files[0]).find("Klant in Beeld"), std::string::npos) << body_text(files[0]);
    const auto plain = write_handouts(std::string(KIB_FIXTURES) + "/programme/programma_no_facts.xlsx", "2026-12-03", false,
                                      dir.path() + "/b");
    EXPECT_NE(body_text(plain[0]).find("programma_no_facts"), std::string::npos) << body_text(plain[0]);
    // --start decides which months the workbook may hold; the handout reads only Programma,
    // Baten, Rollen and Afspraken, so efforts starting before M1 = March 2026 in the Roadmap it
    // does not use do not stop it (kpi_status_test.cpp: `kib roadmap` does stop, naming Roadmap!E2).
    const test::run_result r = test::run_kib({"handout", sample, "--date", "2026-12-03", "--start", "2026-03", "-o", dir.path() + "/c"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(fs::exists(dir.path() + "/c/handout.docx"));
    // The workbook's own start (December 2025) is accepted; a bad --start is refused.
    const test::run_result ok = test::run_kib({"handout", std::string(KIB_FIXTURES) + "/programme/programma_start_dec.xlsx", "--date",
                                               "2026-12-03", "-o", dir.path() + "/d"});
    EXPECT_EQ(ok.exit_code, 0) << ok.err;
    const test::run_result bad = test::run_kib({"handout", sample, "--date", "2026-12-03", "--start", "maart", "-o", dir.path() + "/e"});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("--start: \"maart\" is not a month"), std::string::npos) << bad.err;
}

TEST(Handout, BadDateIsRefusedBeforeWriting) {
    const test::temp_dir dir;
    const error e = test::catch_error([&] { write_handouts(sample, "3-12-2026", false, dir.path() + "/uit"); });
    EXPECT_EQ(e.category(), error_category::bad_input);
    EXPECT_NE(std::string(e.what()).find("3-12-2026"), std::string::npos) << e.what();
    EXPECT_FALSE(fs::exists(dir.path() + "/uit"));
}

std::string find_program(const char* name) {
    const char* path = std::getenv("PATH");
    std::stringstream ss(path ? path : "");
    std::string dir;
    while (std::getline(ss, dir, ':'))
        if (fs::exists(fs::path(dir) / name)) return (fs::path(dir) / name).string();
    return {};
}

TEST(Handout, CliHandoutOpensInLibreOffice) {
    const std::string soffice = find_program("soffice");
    ASSERT_FALSE(soffice.empty()) << "LibreOffice (soffice) is required for this test and was not found on PATH";
    ASSERT_FALSE(find_program("pdftotext").empty()) << "pdftotext (poppler-utils) is required for this test";
    const test::temp_dir dir;
    const test::run_result r = test::run_kib({"handout", sample, "--date", "2026-12-03", "-o", dir.path()});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_EQ(r.out, "Handout written to " + dir.path() + "/handout.docx\n");
    const std::string cmd = "\"" + soffice + "\" -env:UserInstallation=file://" + dir.path() +
                            "/profile --headless --norestore --convert-to pdf --outdir \"" + dir.path() + "\" \"" +
                            dir.path() + "/handout.docx\" >/dev/null 2>&1 && pdftotext -layout \"" + dir.path() +
                            "/handout.pdf\" \"" + dir.path() + "/handout.txt\"";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    const std::string text = test::read_file(dir.path() + "/handout.txt");
    EXPECT_EQ(text.find("{{"), std::string::npos) << text;
    for (const char* s : {"3 december 2026", "Leontine Derks", "Jasper Kwakkelstein", "Outside-in cultuur", "Betere klantinzichten"})
        EXPECT_NE(text.find(s), std::string::npos) << s << "\n" << text;
}

}  // namespace
}  // namespace kib
