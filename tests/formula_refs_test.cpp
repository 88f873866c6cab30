// Tests of writers/formula_refs: moving A1 references when rows are inserted into a sheet.
#include <gtest/gtest.h>

#include "writers/formula_refs.hpp"

namespace {

// One row inserted into Data before row 10 (a totals row at 10 moves to 11).
const kib::row_insertion data10{"Data", 10, 1};

std::string on_data(std::string_view f) { return kib::shift_rows_in_formula(f, "Data", data10); }
std::string on_other(std::string_view f) { return kib::shift_rows_in_formula(f, "Overzicht", data10); }
std::string in_name(std::string_view f) { return kib::shift_rows_in_formula(f, "", data10); }

}  // namespace

TEST(FormulaRefs, CellsAtOrBelowTheInsertionMoveOthersStay) {
    EXPECT_EQ(on_data("B10"), "B11");
    EXPECT_EQ(on_data("=B10"), "=B11");
    EXPECT_EQ(on_data("B9"), "B9");
    EXPECT_EQ(on_data("B11*2+B9"), "B12*2+B9");
    EXPECT_EQ(on_data("$B$10"), "$B$11");
    EXPECT_EQ(on_data("B$10+$B10"), "B$11+$B11");
    EXPECT_EQ(on_data("XFD1048575"), "XFD1048576");
    EXPECT_EQ(on_data("b10"), "b11");
    EXPECT_EQ(on_data("SUM(A1,B10, C20)"), "SUM(A1,B11, C21)");
}

TEST(FormulaRefs, RangesGrowWhenOnlyTheirEndIsBelowAndMoveWhenWhollyBelow) {
    EXPECT_EQ(on_data("SUM(B2:B10)"), "SUM(B2:B11)");
    EXPECT_EQ(on_data("SUM(B2:B9)"), "SUM(B2:B9)");
    EXPECT_EQ(on_data("SUM(B10:C12)"), "SUM(B11:C13)");
    EXPECT_EQ(on_data("SUM($A$2:$C$10)"), "SUM($A$2:$C$11)");
    EXPECT_EQ(on_data("B2:B9 B5:C12"), "B2:B9 B5:C13");  // intersection operator
    // Whole rows move like cells; whole columns are not affected by a row insertion.
    EXPECT_EQ(on_data("SUM(3:5)"), "SUM(3:5)");
    EXPECT_EQ(on_data("SUM(3:10)"), "SUM(3:11)");
    EXPECT_EQ(on_data("SUM($10:$12)"), "SUM($11:$13)");
    EXPECT_EQ(on_data("SUM(A:A)+SUM($B:$C)"), "SUM(A:A)+SUM($B:$C)");
    EXPECT_EQ(on_data("SUM(A:XFD)"), "SUM(A:XFD)");
}

TEST(FormulaRefs, TheLastRowLimit) {
    // A cell pushed off the sheet becomes #REF!; a range's end stops at the last row.
    EXPECT_EQ(on_data("A1048576"), "#REF!");
    EXPECT_EQ(on_data("Data!A1048576+1"), "Data!#REF!+1");
    EXPECT_EQ(on_data("SUM(A1:A1048576)"), "SUM(A1:A1048576)");
    EXPECT_EQ(on_data("SUM(A20:A1048576)"), "SUM(A21:A1048576)");
    EXPECT_EQ(on_data("SUM(A1048576:B1048576)"), "SUM(#REF!)");
    EXPECT_EQ(on_data("SUM(1:1048576)"), "SUM(1:1048576)");
    EXPECT_EQ(kib::shift_rows_in_formula("A1048575", "Data", {"Data", 10, 3}), "#REF!");
    EXPECT_EQ(kib::shift_rows_in_formula("A10+A30", "Data", {"Data", 10, 3}), "A13+A33");
}

TEST(FormulaRefs, SheetNamesDecideWhichReferencesMove) {
    EXPECT_EQ(on_other("Data!B10"), "Data!B11");
    EXPECT_EQ(on_other("B10"), "B10");  // unqualified: a cell of Overzicht
    EXPECT_EQ(on_other("data!$B$10"), "data!$B$11");  // sheet names compare case-insensitively
    EXPECT_EQ(on_other("DATA2!B10+Data!B10"), "DATA2!B10+Data!B11");
    EXPECT_EQ(on_data("Overzicht!B10+B10"), "Overzicht!B10+B11");
    EXPECT_EQ(on_other("'Data'!B10"), "'Data'!B11");
    EXPECT_EQ(on_other("Data!A1:B10"), "Data!A1:B11");
    // Both ends of a range written with their sheet.
    EXPECT_EQ(on_other("SUM(Data!A2:Data!A10)"), "SUM(Data!A2:Data!A11)");
    // A sheet name that looks like a cell or contains spaces and quotes.
    const kib::row_insertion kpis{"Kpi's 2026", 4, 2};
    EXPECT_EQ(kib::shift_rows_in_formula("'Kpi''s 2026'!C4*'Kpi''s 2026'!C3", "Data", kpis), "'Kpi''s 2026'!C6*'Kpi''s 2026'!C3");
    EXPECT_EQ(kib::shift_rows_in_formula("'Kpi''s 2026'!C4", "Kpi's 2026", kpis), "'Kpi''s 2026'!C6");
    EXPECT_EQ(kib::shift_rows_in_formula("C4+'Kpi''s'!C4", "Kpi's 2026", kpis), "C6+'Kpi''s'!C4");
    const kib::row_insertion a1{"A1", 2, 1};
    EXPECT_EQ(kib::shift_rows_in_formula("'A1'!A2+A2", "B", a1), "'A1'!A3+A2");
    // Non-ASCII sheet names.
    const kib::row_insertion beoordeling{"Beoordeling€", 2, 1};
    EXPECT_EQ(kib::shift_rows_in_formula("Beoordeling€!B2", "", beoordeling), "Beoordeling€!B3");
}

TEST(FormulaRefs, DefinedNamesAndChartRangesHaveNoHostSheet) {
    EXPECT_EQ(in_name("Data!$B$2:$B$10"), "Data!$B$2:$B$11");
    EXPECT_EQ(in_name("$B$10"), "$B$10");  // no sheet: nothing to move
    EXPECT_EQ(in_name("(Data!$A$2,Data!$A$10)"), "(Data!$A$2,Data!$A$11)");
    EXPECT_EQ(in_name("Data!$A$1:$E$10,Data!$10:$12"), "Data!$A$1:$E$11,Data!$11:$13");
    EXPECT_EQ(in_name("Data!$A:$C"), "Data!$A:$C");
}

TEST(FormulaRefs, StringsAndArrayConstantsAreNotReferences) {
    EXPECT_EQ(on_data("\"B10\"&B10"), "\"B10\"&B11");
    EXPECT_EQ(on_data("\"say \"\"B10\"\" to Data!B10\"&B10"), "\"say \"\"B10\"\" to Data!B10\"&B11");
    EXPECT_EQ(on_data("\"'\"&B10&\"'\""), "\"'\"&B11&\"'\"");
    EXPECT_EQ(on_data("SUM({1,2;3,4})+B10"), "SUM({1,2;3,4})+B11");
    EXPECT_EQ(on_data("MATCH(B10,{\"B10\",\"}\"},0)"), "MATCH(B11,{\"B10\",\"}\"},0)");
    // An unterminated string is copied as it is.
    EXPECT_EQ(on_data("B10&\"B10"), "B11&\"B10");
}

TEST(FormulaRefs, FunctionNamesAndNamesThatLookLikeCells) {
    EXPECT_EQ(on_data("LOG10(B10)"), "LOG10(B11)");
    EXPECT_EQ(on_data("ATAN2(B10,C10)"), "ATAN2(B11,C11)");
    EXPECT_EQ(on_data("_xlfn.LOG10(B10)"), "_xlfn.LOG10(B11)");
    EXPECT_EQ(on_data("_xlfn.XLOOKUP(B10,A:A,C:C)"), "_xlfn.XLOOKUP(B11,A:A,C:C)");
    // Not cell references: beyond XFD, R1C1-like, dotted, underscored, booleans, numbers.
    EXPECT_EQ(on_data("XFE10+R1C1+R10C2+Kpi_10+a.b10+TRUE+FALSE"), "XFE10+R1C1+R10C2+Kpi_10+a.b10+TRUE+FALSE");
    EXPECT_EQ(on_data("10+1.5E+10+0.10+B10"), "10+1.5E+10+0.10+B11");
    EXPECT_EQ(on_data("Omzet_2025*B10"), "Omzet_2025*B11");
    // A name that is a valid cell (Excel reads TAX2024 as a cell, so it moves).
    EXPECT_EQ(on_data("TAX2024"), "TAX2025");
    EXPECT_EQ(on_data("\\naam+B10"), "\\naam+B11");
}

TEST(FormulaRefs, StructuredReferencesStayAsTheyAre) {
    EXPECT_EQ(on_data("Tabel1[[#Totals],[Waarde]]"), "Tabel1[[#Totals],[Waarde]]");
    EXPECT_EQ(on_data("SUBTOTAL(109,Tabel1[Waarde])+B10"), "SUBTOTAL(109,Tabel1[Waarde])+B11");
    EXPECT_EQ(on_data("Tabel1[@Waarde]*B10"), "Tabel1[@Waarde]*B11");
    EXPECT_EQ(on_data("[@Waarde]*B10"), "[@Waarde]*B11");
    EXPECT_EQ(on_data("SUM(Tabel1[[#This Row],[B10]:[C10]])"), "SUM(Tabel1[[#This Row],[B10]:[C10]])");
    // An escaped bracket inside a column name.
    EXPECT_EQ(on_data("Tabel1['[B10']]+B10"), "Tabel1['[B10']]+B11");
    EXPECT_EQ(on_data("Tabel1[#Totals]"), "Tabel1[#Totals]");
}

TEST(FormulaRefs, ExternalAnd3DReferencesStayAsTheyAre) {
    EXPECT_EQ(on_other("[1]Data!B10+Data!B10"), "[1]Data!B10+Data!B11");
    EXPECT_EQ(on_other("'[1]Data'!B10"), "'[1]Data'!B10");
    EXPECT_EQ(on_other("'C:\\map\\[Boek.xlsx]Data'!B10"), "'C:\\map\\[Boek.xlsx]Data'!B10");
    EXPECT_EQ(on_other("[1]!Omzet+B10"), "[1]!Omzet+B10");
    EXPECT_EQ(on_other("SUM(Data:Blad3!B10)"), "SUM(Data:Blad3!B10)");
    EXPECT_EQ(on_other("SUM('Data:Blad 3'!B10)"), "SUM('Data:Blad 3'!B10)");
}

TEST(FormulaRefs, ErrorLiteralsAreNotSheetNames) {
    EXPECT_EQ(on_data("IF(ISERROR(B10),#N/A,B10)"), "IF(ISERROR(B11),#N/A,B11)");
    EXPECT_EQ(on_data("#REF!+B10"), "#REF!+B11");
    EXPECT_EQ(on_data("Data!#REF!+B10"), "Data!#REF!+B11");
    // #REF!$B$10 is Excel's way of writing a reference into a deleted sheet.
    EXPECT_EQ(on_data("#REF!$B$10+B10"), "#REF!$B$10+B11");
    EXPECT_EQ(on_data("IFERROR(1/0,#DIV/0!)&#NAME?&B10"), "IFERROR(1/0,#DIV/0!)&#NAME?&B11");
}

TEST(FormulaRefs, NothingToDoAndOddInput) {
    EXPECT_EQ(on_data(""), "");
    EXPECT_EQ(on_data("42"), "42");
    EXPECT_EQ(kib::shift_rows_in_formula("B10", "Data", {"Data", 10, 0}), "B10");
    EXPECT_EQ(kib::shift_rows_in_formula("B10", "Data", {"Data", 1, 1}), "B11");
    EXPECT_EQ(kib::shift_rows_in_formula("B10", "Data", {"Data", 11, 1}), "B10");
    // Unbalanced brackets, stray quotes and operators come back unchanged where they stand.
    EXPECT_EQ(on_data("Tabel1[[B10"), "Tabel1[[B10");
    EXPECT_EQ(on_data("Tabel1[a'"), "Tabel1[a'");
    EXPECT_EQ(on_data("[1"), "[1");
    EXPECT_EQ(on_data("'Data"), "'Data");
    EXPECT_EQ(on_data("B10:"), "B11:");
    EXPECT_EQ(on_data("B10:C"), "B11:C");
    EXPECT_EQ(on_data("-B10%^B10<>B10"), "-B11%^B11<>B11");
}

TEST(FormulaRefs, SqrefListsOfAreas) {
    EXPECT_EQ(kib::shift_rows_in_sqref("B2:B10", data10), "B2:B11");
    EXPECT_EQ(kib::shift_rows_in_sqref("B2:B9 D10 E12:F14 A1", data10), "B2:B9 D11 E13:F15 A1");
    EXPECT_EQ(kib::shift_rows_in_sqref("A1:A1048576", data10), "A1:A1048576");
    EXPECT_EQ(kib::shift_rows_in_sqref("A1048576 B1", data10), "B1");
    EXPECT_EQ(kib::shift_rows_in_sqref("A:A", data10), "A:A");
    EXPECT_EQ(kib::shift_rows_in_sqref("", data10), "");
}
