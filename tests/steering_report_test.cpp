// kib report: the steering report of samples/programma.xlsx at 2026-08-10, checked the way a
// reader sees it — LibreOffice turns the .docx into PDF and pdftotext gives its text. The
// expected figures are the hand-computed ones of programme_test.cpp for that date.
#include <gtest/gtest.h>

#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "engine/programme/steering_report.hpp"
#include "readers/error.hpp"
#include "readers/package.hpp"

namespace fs = std::filesystem;

namespace {

const std::string sample = std::string(KIB_SAMPLES) + "/programma.xlsx";
const std::string draft = std::string(KIB_FIXTURES) + "/docx/programmaplan-pandoc.docx";

fs::path temp_dir(const std::string& name) {
    fs::path d = fs::temp_directory_path() / ("kib_report_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

std::string find_program(const char* name) {
    const char* path = std::getenv("PATH");
    std::stringstream ss(path ? path : "");
    std::string dir;
    while (std::getline(ss, dir, ':')) {
        const fs::path p = fs::path(dir) / name;
        if (fs::exists(p)) return p.string();
    }
    return {};
}

std::string run(const std::string& cmd, int& code) {
    FILE* f = ::popen((cmd + " 2>&1").c_str(), "r");
    std::string out;
    std::array<char, 4096> buf{};
    while (std::size_t n = std::fread(buf.data(), 1, buf.size(), f)) out.append(buf.data(), n);
    code = WEXITSTATUS(::pclose(f));
    return out;
}

// LibreOffice headless (private profile) converts `input` to `format` in `dir`.
void libreoffice_convert(const fs::path& input, const fs::path& dir, const std::string& format, const std::string& infilter = {}) {
    const std::string soffice = find_program("soffice");
    ASSERT_FALSE(soffice.empty()) << "LibreOffice (soffice) is required for this test and was not found on PATH";
    const std::string cmd = "\"" + soffice + "\" -env:UserInstallation=file://" + (dir / "profile").string() + " --headless --norestore " +
                            (infilter.empty() ? std::string() : "--infilter=" + infilter + " ") + "--convert-to " + format +
                            " --outdir \"" + dir.string() + "\" \"" + input.string() + "\" >/dev/null 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

// The report's text as LibreOffice prints it (pdftotext -layout keeps a table row on one line).
std::string pdf_text_of(const fs::path& docx, const fs::path& dir) {
    libreoffice_convert(docx, dir, "pdf");
    const fs::path pdf = dir / (docx.stem().string() + ".pdf");
    EXPECT_TRUE(fs::exists(pdf)) << pdf;
    EXPECT_FALSE(find_program("pdftotext").empty()) << "pdftotext (poppler-utils) is required for this test";
    int code = 0;
    const std::string text = run("pdftotext -layout \"" + pdf.string() + "\" -", code);
    EXPECT_EQ(code, 0) << text;
    return text;
}

// The text with every run of spaces and line breaks as one space: a title may wrap.
std::string flat(const std::string& text) {
    std::string out;
    for (char c : text) {
        const bool space = c == ' ' || c == '\n' || c == '\f';
        if (space && (out.empty() || out.back() == ' ')) continue;
        out += space ? ' ' : c;
    }
    return out;
}

bool has_line_with(const std::string& text, const std::string& a, const std::string& b) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
        if (line.find(a) != std::string::npos && line.find(b) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST(SteeringReport, SampleAtTenAugustThroughLibreOffice) {
    const fs::path dir = temp_dir("sample");
    const fs::path out = dir / "rapport.docx";
    kib::write_steering_report(sample, "2026-08-10", "", out);
    ASSERT_TRUE(fs::exists(out));

    // Status colours are pastel cell shading, as `kib kpi -o` writes them: oranje (FFEB9C), groen
    // (C6EFCE), rood (FFC7CE); the legend shows each once. Each measurement is judged against the
    // plan at its own date (kpi_status_test.cpp has all twelve by hand): at 10 August none lags
    // more than 15% of its Start→Doel distance, so rood only in the legend — the efforts table's
    // "te laat" would be rood, and there is none either.
    const kib::package pkg = kib::package::open(out.string());
    const std::string body = pkg.read("word/document.xml");
    auto count = [&](const std::string& s) {
        int n = 0;
        for (auto at = body.find(s); at != std::string::npos; at = body.find(s, at + 1)) ++n;
        return n;
    };
    EXPECT_GE(count("w:fill=\"FFEB9C\""), 2);
    EXPECT_EQ(count("w:fill=\"FFC7CE\""), 1);
    EXPECT_GE(count("w:fill=\"C6EFCE\""), 2);
    EXPECT_NE(body.find("<c:chart "), std::string::npos) << "the domain progress chart";

    const std::string text = pdf_text_of(out, dir);
    // The title names the programme as its Programma sheet does; the sheet's people follow the date.
    EXPECT_NE(flat(text).find("Stuurgroeprapportage Klant in Beeld – 10 augustus 2026"), std::string::npos) << text;
    EXPECT_NE(flat(text).find("Peildatum 10 augustus 2026 (programmamaand M8; M1 = januari 2026)."), std::string::npos) << text;
    EXPECT_NE(flat(text).find("Opdrachtgever: Roel Bakker; Programma-eigenaar: n.t.b."), std::string::npos) << text;
    // KPI's at 2026-08-10: % Getraind outside-in oranje and rising (27% → 31%), 360° klantbeeld
    // groen; PO Churn oranje and falling, which is good (12% → 11,5%).
    EXPECT_TRUE(has_line_with(text, "% Getraind outside", "oranje")) << text;
    EXPECT_TRUE(has_line_with(text, "% Getraind outside", "↑ beter")) << text;
    EXPECT_TRUE(has_line_with(text, "360° klantbeeld", "groen")) << text;
    EXPECT_TRUE(has_line_with(text, "PO Churn", "↓ beter")) << text;
    // The next go/no-go is M9 (September 2026) with its criteria.
    EXPECT_NE(flat(text).find("Volgende go/no-go: M9 (september 2026)"), std::string::npos) << text;
    EXPECT_NE(text.find("50% getraind"), std::string::npos) << text;
    // SYS-02 runs behind: 70% done, 89% of its time gone.
    // (The code column is as wide as its widest code, so "SYS-02" stays whole.)
    EXPECT_TRUE(has_line_with(text, "SYS-02", "achter")) << text;
    EXPECT_TRUE(has_line_with(text, "70%", "89%")) << text;
    // The top risk, 4 × 5.
    EXPECT_TRUE(has_line_with(text, "CRM-vertraging", "20")) << text;
    // The overdue agreement and an ownership warning.
    EXPECT_NE(flat(text).find("Batenprioritering per sector"), std::string::npos) << text;
    EXPECT_NE(flat(text).find("3 Efficiëntere klantprocessen: afschuiven"), std::string::npos) << text;
    EXPECT_EQ(text.find("Open reviewopmerkingen"), std::string::npos) << "no comments section without --comments";
    fs::remove_all(dir);
}

TEST(SteeringReport, OpenCommentsOfAPandocDraft) {
    const fs::path dir = temp_dir("draft");
    const fs::path out = dir / "rapport-met-opmerkingen.docx";
    kib::write_steering_report(sample, "2026-08-10", draft, out);
    const std::string text = pdf_text_of(out, dir);
    EXPECT_NE(text.find("Open reviewopmerkingen"), std::string::npos) << text;
    EXPECT_NE(text.find("Roel Bakker"), std::string::npos) << text;
    EXPECT_NE(text.find("Marjan Heijink"), std::string::npos) << text;
    fs::remove_all(dir);
}

TEST(SteeringReport, OpenCommentsOfARegisterMadeByLibreOffice) {
    const fs::path dir = temp_dir("register");
    const fs::path csv = dir / "register.csv";
    {
        std::ofstream f(csv);
        f << "Auteur;Sectie;Opmerking;Status\n"
             "Anne de Vries;3 Scope;Zakelijk ontbreekt in de scope;open\n"
             "Kees Jansen;5 Planning;M6 is te krap;opgelost\n";
    }
    libreoffice_convert(csv, dir, "xlsx", "CSV:59,34,76,1");
    const fs::path register_xlsx = dir / "register.xlsx";
    ASSERT_TRUE(fs::exists(register_xlsx));
    const fs::path out = dir / "rapport-register.docx";
    kib::write_steering_report(sample, "2026-08-10", register_xlsx.string(), out);
    const std::string text = pdf_text_of(out, dir);
    EXPECT_NE(flat(text).find("1 open opmerking in register.xlsx"), std::string::npos) << text;
    EXPECT_TRUE(has_line_with(text, "Anne de Vries", "Zakelijk ontbreekt")) << text;
    EXPECT_EQ(text.find("Kees Jansen"), std::string::npos) << "a resolved register row is left out";
    fs::remove_all(dir);
}

// The document's text (w:t runs) without LibreOffice: enough for the title and the first lines.
std::string docx_text(const fs::path& docx) {
    const std::string xml = kib::package::open(docx.string()).read("word/document.xml");
    std::string out;
    for (std::size_t i = 0; (i = xml.find("<w:t", i)) != std::string::npos;) {
        const std::size_t gt = xml.find('>', i);
        if (xml[i + 4] != '>' && xml[i + 4] != ' ') {
            i = gt;
            continue;
        }
        const std::size_t close = xml.find("</w:t>", gt);
        out += xml.substr(gt + 1, close - gt - 1) + "\n";
        i = close;
    }
    return out;
}

TEST(SteeringReport, StartFromCliOverWorkbookOverDefault) {
    const fs::path dir = temp_dir("start");
    const std::string dec = std::string(KIB_FIXTURES) + "/programme/programma_start_dec.xlsx";
    const std::string no_facts = std::string(KIB_FIXTURES) + "/programme/programma_no_facts.xlsx";
    // The workbook says M1 = December 2025: 10 August 2026 is M9, the next go/no-go M9 (August).
    kib::write_steering_report(dec, "2026-08-10", "", dir / "dec.docx");
    std::string text = docx_text(dir / "dec.docx");
    EXPECT_NE(text.find("Stuurgroeprapportage Klant in Beeld – 10 augustus 2026\n"), std::string::npos) << text;
    EXPECT_NE(text.find("Peildatum 10 augustus 2026 (programmamaand M9; M1 = december 2025).\n"), std::string::npos) << text;
    EXPECT_NE(text.find("Volgende go/no-go: M9 (augustus 2026)\n"), std::string::npos) << text;
    // --start wins over the sheet, through the command line too.
    int code = 0;
    const std::string cli = run("\"" + std::string(KIB_BINARY) + "\" report \"" + dec + "\" --date 2026-08-10 --start 2026-01 -o \"" +
                                    (dir / "jan.docx").string() + "\"",
                                code);
    ASSERT_EQ(code, 0) << cli;
    text = docx_text(dir / "jan.docx");
    EXPECT_NE(text.find("Peildatum 10 augustus 2026 (programmamaand M8; M1 = januari 2026).\n"), std::string::npos) << text;
    EXPECT_NE(text.find("Volgende go/no-go: M9 (september 2026)\n"), std::string::npos) << text;
    // Without a Programma sheet: the file name (capitalised) and the default start.
    kib::write_steering_report(no_facts, "2026-08-10", "", dir / "plain.docx");
    text = docx_text(dir / "plain.docx");
    EXPECT_NE(text.find("Stuurgroeprapportage Programma_no_facts – 10 augustus 2026\n"), std::string::npos) << text;
    EXPECT_NE(text.find("M1 = januari 2026"), std::string::npos) << text;
    EXPECT_EQ(text.find("Opdrachtgever"), std::string::npos) << text;
    // A bad --start is refused before anything is written.
    const std::string bad = run("\"" + std::string(KIB_BINARY) + "\" report \"" + dec + "\" --date 2026-08-10 --start januari -o \"" +
                                    (dir / "bad.docx").string() + "\"",
                                code);
    EXPECT_EQ(code, 2);
    EXPECT_NE(bad.find("--start: \"januari\" is not a month"), std::string::npos) << bad;
    EXPECT_FALSE(fs::exists(dir / "bad.docx"));
    fs::remove_all(dir);
}

TEST(SteeringReport, BadInputNamesTheProblemAndWritesNothing) {
    const fs::path dir = temp_dir("bad");
    const fs::path out = dir / "rapport.docx";
    try {
        // 23-11-2026 is a date people type (accepted); a month 13 is no date at all.
        kib::write_steering_report(sample, "10-13-2026", "", out);
        FAIL() << "a bad date was accepted";
    } catch (const kib::error& e) {
        EXPECT_EQ(e.exit_code(), 2);
        EXPECT_NE(std::string(e.what()).find("2026-11-23 or 23-11-2026"), std::string::npos) << e.what();
    }
    try {
        kib::write_steering_report(sample, "2026-08-10", sample, out);  // a workbook without Auteur/Opmerking
        FAIL() << "a register without the columns was accepted";
    } catch (const kib::error& e) {
        EXPECT_EQ(e.exit_code(), 2);
        EXPECT_NE(std::string(e.what()).find("Auteur"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(out));
    fs::remove_all(dir);
}
