// formula_reads: which cells a formula reads (for dropping stale cached results).
#include <gtest/gtest.h>

#include "writers/formula_refs.hpp"

namespace {

std::string areas(const kib::formula_inputs& in) {
    std::string s;
    for (const auto& a : in.areas)
        s += (s.empty() ? "" : " ") + a.sheet + "!" + std::to_string(a.c1) + "," + std::to_string(a.r1) + ":" +
             std::to_string(a.c2) + "," + std::to_string(a.r2);
    return s;
}

TEST(FormulaReads, CellsRangesRowsColumnsAndSheets) {
    EXPECT_EQ(areas(kib::formula_reads("=A1+$B$2*Data!C3", "KPI's")), "!1,1:1,1 !2,2:2,2 Data!3,3:3,3");
    EXPECT_EQ(areas(kib::formula_reads("SUM('KPI''s'!B2:$B$10)", "x")), "KPI's!2,2:2,10");
    EXPECT_EQ(areas(kib::formula_reads("SUM(C:C)+SUM(3:5)", "x")), "!3,1:3,1048576 !1,3:16384,5");
    EXPECT_EQ(areas(kib::formula_reads("SUM(B10:A2)", "x")), "!1,2:2,10");  // ends in any order
    // Not references: strings, functions that look like cells, R1C1-looking names, numbers.
    const auto in = kib::formula_reads("IF(A1=\"B2\",LOG10(C3),R1C1+1.5E3)", "x");
    EXPECT_EQ(areas(in), "!1,1:1,1 !3,3:3,3");
    EXPECT_EQ(in.names, (std::vector<std::string>{"R1C1"}));
    EXPECT_FALSE(in.opaque);
}

TEST(FormulaReads, NamesTablesAndWhatCannotBeFollowed) {
    auto in = kib::formula_reads("Totaal_waarde*2+SUBTOTAL(109,Tabel1[Waarde])+TRUE", "x");
    EXPECT_EQ(in.names, (std::vector<std::string>{"Totaal_waarde"}));
    EXPECT_EQ(in.tables, (std::vector<std::string>{"Tabel1"}));
    EXPECT_FALSE(in.opaque);
    for (const char* f : {"INDIRECT(\"A\"&B1)", "OFFSET(A1,1,1)", "SUM(Blad1:Blad3!A1)", "[1]Data!A1", "'[Boek.xlsx]Data'!A1",
                          "[@Waarde]*2", "#REF!$A$1"})
        EXPECT_TRUE(kib::formula_reads(f, "x").opaque) << f;
    // A defined name's own formula lives on no sheet: a qualified reference is fine, a bare one is not.
    EXPECT_EQ(areas(kib::formula_reads("Data!$B$5", "")), "Data!2,5:2,5");
    EXPECT_TRUE(kib::formula_reads("$B$5", "").opaque);
}

}  // namespace
