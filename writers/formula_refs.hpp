// Moving A1 references when rows are inserted into a sheet, the way Excel does when it inserts
// rows: every reference to a cell at or below the insertion moves down with the cell.
//
// The formula text is tokenised, not searched: string literals ("a""b"), array constants {1,2},
// quoted ('Kpi''s'!A1) and unquoted (Data!A1) sheet names, absolute and relative parts ($A$1),
// cell ranges (A1:B3), whole rows (3:5), whole columns (A:A, never moved), function names that
// look like cells (LOG10(, ATAN2( ), names that look like R1C1 references (R1C1), structured
// references (Tabel1[[#Totals],[Waarde]], left alone), defined names, external references
// ([1]Data!A1 and '[Boek.xlsx]Data'!A1, left alone: they point into another workbook), 3D
// references (Blad1:Blad3!A1, left alone) and error literals (#REF!, #N/A).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kib {

// `count` rows inserted into `sheet` before row `first_row`: every cell in rows >= first_row
// moves down by `count`.
struct row_insertion {
    std::string sheet;             // compared case-insensitively, as Excel compares sheet names
    std::uint32_t first_row = 1;   // 1-based
    std::uint32_t count = 1;
};

// Returns `formula` (with or without a leading '=') with its references into the insertion's
// sheet moved. host_sheet is the sheet the formula lives on, which unqualified references point
// into; pass "" for formulas that live on no sheet (defined names, chart series), whose
// unqualified references are then left alone.
// Per reference: a cell at or below first_row moves; a range whose end only is at or below
// first_row grows (A2:A10 with rows inserted before 10 becomes A2:A11), as in Excel. A cell
// pushed beyond row 1048576 becomes #REF!; the end of a range stops at row 1048576.
// Text that is not a formula is returned unchanged, never rejected.
std::string shift_rows_in_formula(std::string_view formula, std::string_view host_sheet, const row_insertion& ins);

// The same for a list of areas as in sqref attributes ("B2:B10 D4"): areas below move, areas
// across the insertion grow; an area pushed wholly beyond row 1048576 is dropped.
std::string shift_rows_in_sqref(std::string_view sqref, const row_insertion& ins);

// The cells a formula reads, for "does this formula depend on these cells" questions (which cached
// results go stale after an edit).
struct formula_area {
    std::string sheet;  // "" = the sheet the formula lives on
    std::uint32_t c1 = 0, r1 = 0, c2 = 0, r2 = 0;  // 1-based, inclusive; whole rows/columns span the sheet
};
struct formula_inputs {
    std::vector<formula_area> areas;
    std::vector<std::string> names;   // words that may be defined names (the caller resolves them)
    std::vector<std::string> tables;  // tables read through structured references (Tabel1[Waarde])
    // Reads cells kib cannot name: INDIRECT, OFFSET, LET/LAMBDA, a structured reference without a
    // table name ([@Waarde]), 3D references, another workbook, #REF! prefixes, or an unqualified
    // reference with no host sheet.
    bool opaque = false;
};
// host_sheet "" for a formula on no sheet (a defined name).
formula_inputs formula_reads(std::string_view formula, std::string_view host_sheet);

}  // namespace kib
