// The comment register workbook (engine/comments_register, `kib comments DRAFT -o REGISTER.xlsx`):
// written from the Word 365 and pandoc fixtures, read back with kib::workbook row by row, and
// opened by LibreOffice (converted to CSV), which must show the authors and the Dutch dates.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "engine/programme/steering_report.hpp"
#include "engine/review/comments_register.hpp"
#include "readers/cell.hpp"
#include "readers/docx_comments.hpp"
#include "readers/package.hpp"
#include "readers/xlsx.hpp"
#include "readers/xlsx_parts.hpp"
#include "docx_test_support.hpp"
#include "lo_util.hpp"
#include "test_util.hpp"

namespace kib {
namespace {

namespace fs = std::filesystem;
using rows_t = std::vector<std::vector<std::string>>;

const std::string fixtures = std::string(KIB_FIXTURES) + "/docx/";

// A cell as text: numbers as kib writes them, dates as ISO ("date:2025-12-15T21:18:00").
std::string show(const cell_value& v) {
    switch (v.type) {
        case cell_type::empty: return "";
        case cell_type::number: return format_number(v.number);
        case cell_type::date: return "date:" + serial_to_iso(v.number);
        case cell_type::boolean: return v.number != 0 ? "TRUE" : "FALSE";
        case cell_type::text:
        case cell_type::error: return v.text;
    }
    return "?";
}

// Every row of the register's only sheet, nine columns each.
rows_t read_register(const std::string& path) {
    const workbook wb = workbook::open(path);
    EXPECT_EQ(wb.sheets().size(), 1u);
    rows_t out;
    for (const row& r : wb.read_rows(wb.sheet("Opmerkingen"))) {
        std::vector<std::string> cells(9);
        for (const cell& c : r.cells) {
            EXPECT_LE(c.col, 9u) << xlsx::cell_ref(c.col, r.index);
            if (c.col >= 1 && c.col <= 9) cells[c.col - 1] = show(c.value);
        }
        EXPECT_EQ(r.index, out.size() + 1) << "rows must follow each other without gaps";
        out.push_back(std::move(cells));
    }
    return out;
}

const std::vector<std::string> header{"Nr",    "Soort", "Auteur", "Datum",     "Sectie", "Geankerde tekst",
                                      "Tekst", "Status", "Reactie op"};

void expect_rows(const rows_t& got, const rows_t& want) {
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
        SCOPED_TRACE("row " + std::to_string(i + 1));
        EXPECT_EQ(got[i], want[i]);
    }
}

std::string write_for(const std::string& fixture, const test::temp_dir& dir) {
    const docx::review_marks marks = docx::read_review_marks(package::open(fixtures + fixture));
    const std::string out = dir.path() + "/register.xlsx";
    write_comment_register(marks, out);
    return out;
}

const std::string inrichting = "6. Programmatische inrichting";

rows_t word365_rows() {
    return {
        header,
        {"1", "opmerking", "Roel Bakker", "date:2025-12-15T21:18:00", inrichting, "Programmatische inrichting",
         "Wat ik nog mis is de gap-analyse\n(wens versus werkelijkheid).\nFasering planning & begroting voor 2026.", "open", ""},
        {"2", "reactie", "Pim de Burger", "date:2025-12-16T09:05:00", inrichting, "Programmatische inrichting",
         "Wordt toegevoegd in versie 0.3.", "open", "1"},
        {"3", "opmerking", "Roel Bakker", "date:2025-12-15T21:15:00", inrichting + " > 6.1 Organigram",
         "het organigram\nmet de rollen op pagina 3 en de nieuwe tabel 1:\nOpdrachtgever",
         "De commercieel manager wordt gedelegeerd opdrachtgever.", "opgelost", ""},
        {"4", "opmerking", "Marjan Heijink", "", inrichting + " > 6.2 Opdrachtgever", "", "Wie geeft het mandaat?", "open", ""},
        {"5", "opmerking", "Marjan Heijink", "date:2025-12-16T11:40:00", inrichting + " > 6.2 Opdrachtgever",
         "besluit van de stuurgroep", "Datum van het besluit toevoegen.", "open", ""},
        {"6", "opmerking", "Pim de Burger", "date:2025-12-17T08:10:00", "(koptekst)", "concept", "Na vaststelling weghalen.",
         "open", ""},
        {"7", "markering", "", "", inrichting + " > 6.1 Organigram > 6.1.1 Rollen", "Uitdagingen koppelen aan risico's",
         "Gemarkeerd: geel", "open", ""},
        {"8", "markering", "", "", inrichting + " > 6.1 Organigram > 6.1.1 Rollen", "n.t.b.", "Gemarkeerd: groen", "open", ""},
        {"9", "verwijdering", "Marjan Heijink", "date:2025-12-16T10:02:00", inrichting + " > 6.1 Organigram", "", "oude ",
         "open", ""},
        {"10", "invoeging", "Marjan Heijink", "date:2025-12-16T10:02:00", inrichting + " > 6.1 Organigram", "", "nieuwe ", "open", ""},
        {"11", "invoeging", "Pim de Burger", "date:2025-12-17T08:00:00", "Bijlage A", "", "Planning volgt.", "open", ""},  // the tab as a space
    };
}

TEST(CommentRegister, Word365RowsReadBack) {
    const test::temp_dir dir;
    expect_rows(read_register(write_for("word365.docx", dir)), word365_rows());
}

TEST(CommentRegister, PandocRowsReadBack) {
    const test::temp_dir dir;
    expect_rows(read_register(write_for("programmaplan-pandoc.docx", dir)),
                {header,
                 {"1", "opmerking", "Roel Bakker", "date:2025-12-15T20:18:00", "1. Aanleiding", "1",
                  "Uitgebreid stuk. Wat ik nog mis is de gap-analyse (wens versus werkelijkheid).", "open", ""},
                 {"2", "opmerking", "Roel Bakker", "date:2025-12-15T20:15:00", inrichting + " > 6.1 Organigram",
                  "Opdrachtgever", "De commercieel manager treedt op als gedelegeerd opdrachtgever.", "open", ""},
                 {"3", "opmerking", "Marjan Heijink", "date:2025-12-16T09:30:00", inrichting + " > 6.1 Organigram", "",
                  "Hier ontbreekt de planning.\nGraag aanvullen.", "open", ""},
                 {"4", "markering", "", "", "1. Aanleiding", "Opmerking: Uitdagingen koppelen met mogelijke risico's",
                  "Gemarkeerd: geel", "open", ""}});
}

TEST(CommentRegister, SheetLayout) {
    const test::temp_dir dir;
    const std::string path = write_for("word365.docx", dir);
    const package pkg = package::open(path);
    const std::string sheet = pkg.read("xl/worksheets/sheet1.xml");
    EXPECT_NE(sheet.find(R"(<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>)"), std::string::npos)
        << sheet;
    EXPECT_NE(sheet.find(R"(<autoFilter ref="A1:I12"/>)"), std::string::npos) << sheet;
    EXPECT_NE(sheet.find(R"(<col min="7" max="7" width="60")"), std::string::npos) << sheet;
    const std::string styles = pkg.read("xl/styles.xml");
    EXPECT_NE(styles.find("<b/>"), std::string::npos);
    EXPECT_NE(styles.find(R"(wrapText="1")"), std::string::npos);
    EXPECT_NE(styles.find(R"(formatCode="[$-413]d mmmm yyyy hh:mm")"), std::string::npos) << styles;
}

TEST(CommentRegister, CliWritesRegister) {
    const test::temp_dir dir;
    const std::string out = dir.path() + "/REGISTER.xlsx";
    const test::run_result r = test::run_kib({"comments", fixtures + "programmaplan-pandoc.docx", "-o", out});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("Register written to " + out + "\n"), std::string::npos) << r.out;
    const rows_t rows = read_register(out);
    ASSERT_EQ(rows.size(), 5u);
    EXPECT_EQ(rows[3][2], "Marjan Heijink");
}

// The steering report's "N open opmerkingen" line for a comments file (draft or register).
std::string open_comments_line(const std::string& comments, const test::temp_dir& dir) {
    const std::string out = dir.path() + "/rapport.docx";
    write_steering_report(std::string(KIB_SAMPLES) + "/programma.xlsx", "2026-11-23", comments, out);
    const std::string text = test::part_text(package::open(out).read("word/document.xml"));
    const std::size_t at = text.find("Open reviewopmerkingen\n");
    EXPECT_NE(at, std::string::npos) << text;
    const std::size_t from = at + 23;
    return text.substr(from, text.find(" in ", from) - from);
}

TEST(CommentRegister, ReportCountsTheSameOpenCommentsFromDraftAndRegister) {
    // word365.docx: comments 1, 4, 5 and 6 are open; 2 is a reply, 3 is resolved; the
    // highlights (7, 8) and tracked changes (9–11) are kinds of their own, never comments.
    for (const char* fixture : {"word365.docx", "programmaplan-pandoc.docx"}) {
        SCOPED_TRACE(fixture);
        const test::temp_dir dir;
        const std::string draft = fixtures + fixture;
        const std::string reg = dir.path() + "/register.xlsx";
        const test::run_result r = test::run_kib({"comments", draft, "-o", reg});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        const std::string from_draft = open_comments_line(draft, dir);
        EXPECT_EQ(open_comments_line(reg, dir), from_draft);
        EXPECT_EQ(from_draft, std::string(fixture) == "word365.docx" ? "4 open opmerkingen" : "3 open opmerkingen");
    }
}

TEST(CommentRegister, TextOutputNumbersFromOneAsTheRegister) {
    const test::run_result r = test::run_kib({"comments", fixtures + "word365.docx"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::size_t open = r.out.find("\nOpen comments\n");
    ASSERT_NE(open, std::string::npos) << r.out;
    const std::string list = r.out.substr(open);
    // Register rows 1 (Roel Bakker) and 2 (Pim de Burger's reply to 1); 3 is resolved.
    EXPECT_NE(list.find("\n  #1 Roel Bakker, "), std::string::npos) << list;
    EXPECT_NE(list.find("\n  #2 Pim de Burger, "), std::string::npos) << list;
    EXPECT_NE(list.find(", reply to #1 "), std::string::npos) << list;
    EXPECT_EQ(list.find("\n  #3 "), std::string::npos) << list;
    EXPECT_NE(list.find("\n  #4 Marjan Heijink"), std::string::npos) << list;
    EXPECT_EQ(list.find("#0 "), std::string::npos) << list;
}

using test::find_soffice;

TEST(CommentRegister, LibreOfficeShowsAuthorsAndDutchDates) {
    const std::string soffice = find_soffice();
    ASSERT_FALSE(soffice.empty()) << "LibreOffice (soffice) is required for this test and was not found on PATH";
    const test::temp_dir dir;
    const std::string path = write_for("word365.docx", dir);
    const std::string cmd = "\"" + soffice + "\" -env:UserInstallation=file://" + dir.path() +
                            "/profile --headless --norestore --convert-to csv:\"Text - txt - csv (StarCalc)\":44,34,76 "
                            "--outdir \"" + dir.path() + "\" \"" + path + "\" >/dev/null 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    const std::string csv = test::read_file(dir.path() + "/register.csv");
    EXPECT_EQ(csv.rfind("Nr,Soort,Auteur,Datum,Sectie,Geankerde tekst,Tekst,Status,Reactie op", 0), 0u) << csv;
    for (const char* author : {"Roel Bakker", "Pim de Burger", "Marjan Heijink"})
        EXPECT_NE(csv.find(author), std::string::npos) << author << "\n" << csv;
    EXPECT_NE(csv.find("1,opmerking,Roel Bakker,15 december 2025 21:18,"), std::string::npos) << csv;
    EXPECT_NE(csv.find("2,reactie,Pim de Burger,16 december 2025 09:05,"), std::string::npos) << csv;
}

}  // namespace
}  // namespace kib
