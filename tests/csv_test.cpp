#include "readers/csv.hpp"

#include <gtest/gtest.h>

#include "readers/error.hpp"

namespace kib {
namespace {

using rows = std::vector<std::vector<std::string>>;

TEST(Csv, DutchExcelSemicolonsWithBomAndCrlf) {
    const csv_table t = parse_csv("\xEF\xBB\xBF" "Afdeling;STR1;Toelichting\r\nKlantcontact;Regelmatig;\"Goed; maar \"\"traag\"\"\"\r\n", "a.csv");
    EXPECT_EQ(t.delimiter, ';');
    EXPECT_EQ(t.encoding, "utf-8-bom");
    EXPECT_EQ(t.rows, (rows{{"Afdeling", "STR1", "Toelichting"}, {"Klantcontact", "Regelmatig", "Goed; maar \"traag\""}}));
    EXPECT_EQ(t.lines, (std::vector<std::uint64_t>{1, 2}));
}

TEST(Csv, DetectsCommaAndTab) {
    EXPECT_EQ(parse_csv("a,b,c\n1,2,3\n", "x").delimiter, ',');
    EXPECT_EQ(parse_csv("a\tb\n1\t2\n", "x").delimiter, '\t');
    EXPECT_EQ(parse_csv("\"a;b\",c\n", "x").delimiter, ',');  // the ';' is inside quotes
    csv_options forced;
    forced.delimiter = '|';
    EXPECT_EQ(parse_csv("a|b\n", "x", forced).rows, (rows{{"a", "b"}}));
}

TEST(Csv, QuotedFieldsHoldLineBreaksAndLinesAreCounted) {
    const csv_table t = parse_csv("id;tekst\n1;\"regel een\r\nregel twee\"\n2;kort\n", "x");
    EXPECT_EQ(t.rows, (rows{{"id", "tekst"}, {"1", "regel een\nregel twee"}, {"2", "kort"}}));
    EXPECT_EQ(t.lines, (std::vector<std::uint64_t>{1, 2, 4}));
}

TEST(Csv, EmptyFieldsAndBlankLines) {
    const csv_table t = parse_csv("a;;c\n\n;\n", "x");
    EXPECT_EQ(t.rows, (rows{{"a", "", "c"}, {"", ""}}));
}

TEST(Csv, Windows1252FallbackBecomesUtf8) {
    // "Café €5" in Windows-1252: é = 0xE9, € = 0x80.
    const csv_table t = parse_csv("naam;prijs\nCaf\xE9;\x80" "5\n", "x");
    EXPECT_EQ(t.encoding, "windows-1252");
    EXPECT_EQ(t.rows[1][0], "Caf\xC3\xA9");
    EXPECT_EQ(t.rows[1][1], "\xE2\x82\xAC" "5");
}

TEST(Csv, Utf16LittleEndianWithBom) {
    const std::string s("\xFF\xFE" "a\0\t\0b\0\n\0" "1\0\t\0\xE9\0", 16);
    const csv_table t = parse_csv(s, "x");
    EXPECT_EQ(t.encoding, "utf-16le");
    EXPECT_EQ(t.rows, (rows{{"a", "b"}, {"1", "\xC3\xA9"}}));
}

TEST(Csv, UnterminatedQuoteNamesTheLine) {
    try {
        parse_csv("a;b\n1;2\n3;\"open\n4;5\n", "export.csv");
        FAIL();
    } catch (const error& e) {
        EXPECT_EQ(e.category(), error_category::bad_input);
        EXPECT_EQ(e.where().file, "export.csv");
        EXPECT_EQ(e.where().line, 3u);
        EXPECT_NE(std::string(e.what()).find("never closed"), std::string::npos);
    }
}

TEST(Csv, MissingFileIsAnIoError) {
    try {
        read_csv("/nonexistent/kib.csv");
        FAIL();
    } catch (const error& e) {
        EXPECT_EQ(e.category(), error_category::io);
        EXPECT_EQ(e.exit_code(), 2);
    }
}

}  // namespace
}  // namespace kib
