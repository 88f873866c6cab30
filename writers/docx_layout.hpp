// kib::docx_layout — how wide text is in a Word table, so that column widths follow the content and
// no word of a header, name or label is broken in the middle when Word or LibreOffice lays it out.
//
// Contract:
// - Widths are estimates in twips (1/20 pt) for Calibri, whose metrics LibreOffice gets from the
//   metric-compatible Carlito (Debian fonts-crosextra-carlito; .ci/install-deps installs it).
//   Without Carlito LibreOffice falls back to DejaVu Sans, which is about 15% wider: words may then
//   break in narrow columns.
// - Pure functions of their arguments; no XML here (writers/docx_report.cpp writes the table).
#pragma once

#include <string_view>
#include <vector>

namespace kib::docx_layout {

// Estimated width of one line of UTF-8 text in Calibri at `half_points` (22 = 11 pt), in twips.
int text_twips(std::string_view text, bool bold, int half_points = 22);
// Width of the widest word (split at spaces and line breaks): the least a column may have.
int longest_word_twips(std::string_view text, bool bold, int half_points = 22);
// Width of the widest line ("\n" separates lines): what a column needs to keep each line whole.
int longest_line_twips(std::string_view text, bool bold, int half_points = 22);

// A number as people write it in a table: "61,7%", "+3,3%", "-2", "6,25", "1.250", "€ 40", "3 jr", "50+".
// Such columns are right-aligned.
bool looks_numeric(std::string_view text);
// A table cell holding only numbers: every line a number, possibly in parentheses ("50%\n(48%)"),
// or a placeholder for no number ("–", "n.m.", "base", "ontw.", "pilot"); at least one number.
bool numeric_cell(std::string_view text);
// A cell holding only such placeholders, or nothing: it does not stop a column being numeric.
bool no_number(std::string_view text);

// Column widths for `available` twips: every column gets at least its `least` (its widest word);
// columns whose `wanted` width fits get it whole, the rest share what is left equally (the widest
// columns wrap first). When even the least widths do not fit, they are scaled down (words break).
std::vector<int> fit_columns(const std::vector<int>& least, const std::vector<int>& wanted, int available);

}  // namespace kib::docx_layout
