// The sheet reader's fast path for plain cells (readers/sheet_scan) against the general parser:
// what the scanner takes on, what it leaves to the parser, and that a workbook reads the same
// (values, errors and their places) whichever of the two reads a cell.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "readers/sheet_scan.hpp"
#include "readers/xlsx.hpp"
#include "readers/xlsx_parts.hpp"
#include "test_util.hpp"

namespace kib {
namespace {

using xlsx::plain_cell;
using xlsx::scan_plain_cell;

TEST(SheetScan, TakesThePlainShapes) {
    plain_cell c;
    const std::string v = R"(<c r="B7" s="3" t="s"><v>12</v></c><c r="C7")";
    ASSERT_TRUE(scan_plain_cell(v, c));
    EXPECT_EQ(c.r, "B7");
    EXPECT_EQ(c.s, "3");
    EXPECT_EQ(c.t, "s");
    EXPECT_TRUE(c.has_v);
    EXPECT_EQ(c.v, "12");
    EXPECT_EQ(c.start_tag_size, std::string(R"(<c r="B7" s="3" t="s">)").size());
    EXPECT_EQ(c.size, std::string(R"(<c r="B7" s="3" t="s"><v>12</v></c>)").size());

    const std::string self = R"(<c r="A1" s="4"/>)";
    ASSERT_TRUE(scan_plain_cell(self, c));
    EXPECT_EQ(c.size, self.size());
    EXPECT_EQ(c.start_tag_size, self.size());
    EXPECT_FALSE(c.has_v);
    EXPECT_EQ(c.t.data(), nullptr);

    const std::string empty = R"(<c t="n" r="A1"></c>)";  // any order of r, s, t
    ASSERT_TRUE(scan_plain_cell(empty, c));
    EXPECT_EQ(c.size, empty.size());
    EXPECT_EQ(c.r, "A1");
    EXPECT_EQ(c.t, "n");
    EXPECT_FALSE(c.has_v);

    ASSERT_TRUE(scan_plain_cell(R"(<c><v> 1.5E3 </v></c>)", c));  // no attributes; spaces kept raw
    EXPECT_EQ(c.v, " 1.5E3 ");
    EXPECT_EQ(c.r.data(), nullptr);
}

TEST(SheetScan, LeavesEverythingElseToTheParser) {
    plain_cell c;
    for (const char* xml : {
             R"(<x:c r="A1"><x:v>1</x:v></x:c>)",         // prefixed elements
             R"(<c r='A1'><v>1</v></c>)",                  // single quotes
             R"(<c r="A1" cm="1"><v>1</v></c>)",           // another attribute
             R"(<c r="A1" r="B1"><v>1</v></c>)",           // an attribute given twice
             R"(<c r="A1"  s="1"><v>1</v></c>)",           // (two spaces are fine, see below)
             R"(<c r="A1"	s="1"><v>1</v></c>)",           // a tab between attributes
             R"(<c r="A1" s = "1"><v>1</v></c>)",          // spaces around '='
             R"(<c r="A&amp;1"><v>1</v></c>)",             // an entity in an attribute
             R"(<c r="A1" t="str"><v>a&amp;b</v></c>)",    // an entity in <v>
             R"(<c r="A1" t="str"><v>a)" "\r" R"(b</v></c>)",  // a CR in <v>
             "<c r=\"A1\" t=\"str\"><v>caf\xC3\xA9</v></c>",  // UTF-8 in <v>
             R"(<c r="A1"><f>1+1</f><v>2</v></c>)",        // a formula
             R"(<c r="A1" t="inlineStr"><is><t>x</t></is></c>)",  // an inline string
             R"(<c r="A1"><v>1</v> </c>)",                 // text after <v>
             R"(<c r="A1"><v/></c>)",                      // an empty <v/>
             R"(<c r="A1"><v>1</v></c >)",                 // a space in the end tag
             R"(<col min="1"/>)",                          // another element
             R"(<cx r="A1"/>)",
             R"(<c r="A1" / >)",
         }) {
        const std::string s = xml;
        const bool two_spaces = s.find("\"  s") != std::string::npos;
        EXPECT_EQ(scan_plain_cell(s, c), two_spaces) << s;
    }
}

TEST(SheetScan, ACellCutAnywhereIsLeftToTheParser) {
    // The window may end anywhere in a cell: the scanner must then say no, never guess.
    plain_cell c;
    for (const std::string& whole : {std::string(R"(<c r="AB12" s="3" t="s"><v>12</v></c>)"), std::string(R"(<c r="A1" s="4"/>)"),
                                    std::string(R"(<c r="A1"></c>)")}) {
        ASSERT_TRUE(scan_plain_cell(whole, c)) << whole;
        for (std::size_t k = 0; k < whole.size(); ++k) EXPECT_FALSE(scan_plain_cell(whole.substr(0, k), c)) << whole.substr(0, k);
    }
}

// ---- the same workbook through the fast path and through the parser ---------------------

workbook open_spec(const test::workbook_spec& spec) {
    return workbook::open(package::open_buffer(test::make_zip(test::workbook_entries(spec)), "hand.xlsx"));
}

std::map<std::string, std::string> read_shown(const std::string& sheet_data) {
    test::workbook_spec spec;
    spec.shared_strings = test::shared_strings_xml({"nul", "een", "twee"});
    spec.styles = test::styles_xml({0, 14});  // style 1 is a date format
    spec.sheets.push_back({"Blad1", test::worksheet_xml(sheet_data)});
    const workbook wb = open_spec(spec);
    std::map<std::string, std::string> out;
    wb.for_each_row(wb.sheet("Blad1"), [&out](const row& r) {
        for (const cell& c : r.cells) out[xlsx::cell_ref(c.col, c.row)] = std::string(to_string(c.value.type)) + ":" + c.value.to_display();
    });
    return out;
}

// Single quotes make the scanner leave a cell to the parser, with the same bytes per cell.
std::string quotes_to_single(std::string xml) {
    for (char& ch : xml) {
        if (ch == '"') ch = '\'';
    }
    return xml;
}

TEST(SheetScan, FastAndGeneralPathsReadTheSame) {
    const std::string data =
        R"(<row r="1"><c r="A1" t="s"><v>1</v></c><c t="s" s="0" r="B1"><v>2</v></c><c r="C1" s="1"><v>46000</v></c>)"
        R"(<c r="D1" t="b"><v>1</v></c><c r="E1" t="e"><v>#N/A</v></c><c r="F1" t="str"><v>x</v></c><c r="G1"/>)"
        R"(<c r="H1"></c><c r="I1" t="d"><v>2026-11-23</v></c><c r="J1"><v></v></c><c r="K1" t="inlineStr"><v>plat</v></c></row>)"
        R"(<row><c><v>1</v></c><c><v>2</v></c><c r="E2" t="n"><v> -3.5 </v></c><c><v>4</v></c></row>)"
        R"(<row r="4"><c r="A4" t="str"><v>a&amp;b</v></c><c r="B4" t="inlineStr"><is><t>in</t></is></c><c r="C4"><f>1+1</f><v>2</v></c></row>)";
    const std::map<std::string, std::string> expected = {
        {"A1", "text:een"},     {"B1", "text:twee"},  {"C1", "date:2025-12-09"}, {"D1", "bool:TRUE"},
        {"E1", "error:#N/A"},   {"F1", "text:x"},     {"I1", "date:2026-11-23"}, {"K1", "text:plat"},
        {"A2", "number:1"},     {"B2", "number:2"},   {"E2", "number:-3.5"},     {"F2", "number:4"},
        {"A4", "text:a&b"},     {"B4", "text:in"},    {"C4", "number:2"},
    };
    EXPECT_EQ(read_shown(data), expected);
    EXPECT_EQ(read_shown(quotes_to_single(data)), expected);
}

TEST(SheetScan, PrefixedCellsAndCellsAfterANewNamespace) {
    // x: elements under another default namespace, and a row whose cells sit in a foreign
    // default namespace (skipped by the reader whichever path reads them).
    const std::string sheet =
        std::string(R"(<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x=")") + test::sml_ns +
        R"(" xmlns="urn:other"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>7</x:v></x:c><c r="B1"><v>8</v></c>)"
        R"(<x:c r="C1"><x:v>9</x:v></x:c></x:row></x:sheetData></x:worksheet>)";
    test::workbook_spec spec;
    spec.sheets.push_back({"Blad1", sheet});
    const workbook wb = open_spec(spec);
    std::map<std::string, std::string> out;
    wb.for_each_row(wb.sheet("Blad1"), [&out](const row& r) {
        for (const cell& c : r.cells) out[xlsx::cell_ref(c.col, c.row)] = c.value.to_display();
    });
    EXPECT_EQ(out, (std::map<std::string, std::string>{{"A1", "7"}, {"C1", "9"}}));
}

TEST(SheetScan, ErrorsAreTheSameOnEitherPath) {
    for (const std::string& cell_xml : {std::string(R"(<c r="B2"><v>abc</v></c>)"), std::string(R"(<c r="B2" t="s"><v>9</v></c>)"),
                                       std::string(R"(<c r="B2" t="q"><v>1</v></c>)"), std::string(R"(<c r="B3"><v>1</v></c>)"),
                                       std::string(R"(<c r="2B"><v>1</v></c>)"), std::string(R"(<c r="B2" t="b"><v>2</v></c>)")}) {
        const std::string data = "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>\n<row r=\"2\"><c r=\"A2\"><v>1</v></c>" + cell_xml + "</row>";
        const error fast = test::catch_error([&] { read_shown(data); });
        const error general = test::catch_error([&] { read_shown(quotes_to_single(data)); });
        EXPECT_EQ(fast.category(), error_category::bad_input) << fast.what();
        EXPECT_EQ(fast.message(), general.message()) << cell_xml;
        EXPECT_GT(fast.where().line, 1u) << cell_xml;
        EXPECT_EQ(fast.where().line, general.where().line) << cell_xml;
        EXPECT_EQ(fast.where().column, general.where().column) << cell_xml;
        EXPECT_EQ(fast.where().where, general.where().where) << cell_xml;
    }
}

TEST(SheetScan, CellReferencesReadAsParseCellRefReadsThem) {
    // The reader takes the common "B7" shape inline and leaves the rest to xlsx::parse_cell_ref;
    // whichever decides, a reference must place the cell (or be refused) as parse_cell_ref says.
    std::vector<std::string> refs = {"B2", "b2", "$B$2", "B$2", "B02", "AB2", "XFD2", "XFE2", "ZZZ2", "AAAA2", "A1048576",
                                     "A1048577", "A10485760", "XFD1048576", "2B", "B", "2", "B2x", "ab12", "Ab3", "A0"};
    std::uint64_t x = 99;
    const std::string alphabet = "ABCXYZabz0123456789$";
    for (int i = 0; i < 160; ++i) {  // a workbook each: 10 s under the sanitizers at 400
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        std::string ref;
        for (std::uint64_t n = 1 + (x >> 60) % 9, y = x; n > 0; --n, y /= alphabet.size()) ref += alphabet[(y >> 7) % alphabet.size()];
        refs.push_back(ref);
    }
    for (const std::string& ref : refs) {
        SCOPED_TRACE(ref);
        std::uint32_t col = 0, row = 0;
        if (xlsx::parse_cell_ref(ref, col, row)) {
            const std::string data = "<row r=\"" + std::to_string(row) + "\"><c r=\"" + ref + "\"><v>7</v></c></row>";
            const std::map<std::string, std::string> want = {{xlsx::cell_ref(col, row), "number:7"}};
            EXPECT_EQ(read_shown(data), want);
        } else {
            const error e = test::catch_error([&] { read_shown("<row r=\"1\"><c r=\"" + ref + "\"><v>7</v></c></row>"); });
            EXPECT_EQ(e.message(), "invalid cell reference r=\"" + ref + "\"");
        }
    }
}

TEST(SheetScan, WindowBoundariesInsideCells) {
    // A sheet of a few MB: the parser's window (256 KiB) ends inside cells at many places,
    // where the scanner must leave the cell to the parser. Cell lengths vary so the cuts do too.
    std::string data;
    std::map<std::string, std::string> expected;
    std::uint64_t x = 12345;
    for (std::uint32_t r = 1; r <= 6000; ++r) {
        data += "<row r=\"" + std::to_string(r) + "\">";
        for (std::uint32_t c = 1; c <= 12; ++c) {
            x = x * 6364136223846793005ull + 1442695040888963407ull;
            const std::string ref = xlsx::cell_ref(c, r);
            const std::uint64_t value = (x >> 33) % (1ull << (c * 3));
            switch (c % 4) {
                case 0: data += "<c r=\"" + ref + "\" s=\"0\"><v>" + std::to_string(value) + "</v></c>"; break;
                case 1: data += "<c r=\"" + ref + "\" t=\"s\"><v>" + std::to_string(value % 3) + "</v></c>"; break;
                case 2: data += "<c><v>" + std::to_string(value) + "</v></c>"; break;
                default: data += "<c r=\"" + ref + "\" t=\"str\" s=\"0\"><v>t" + std::to_string(value) + "</v></c>"; break;
            }
            const char* names[] = {"nul", "een", "twee"};
            expected[ref] = c % 4 == 1 ? std::string("text:") + names[value % 3]
                                       : c % 4 == 3 ? "text:t" + std::to_string(value) : "number:" + std::to_string(value);
        }
        data += "</row>";
    }
    ASSERT_GT(data.size(), 2u << 20);
    EXPECT_EQ(read_shown(data), expected);
}

}  // namespace
}  // namespace kib
