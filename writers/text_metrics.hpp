// Text metrics for sizing spreadsheet columns and rows without a font engine: how wide a text is in
// Excel's column-width unit (the width of a '0' in the default font, Calibri 11) and how many lines
// it takes when wrapped in a column. Estimates err on the wide side, so a header is never cut off
// and a wrapped text never spills into the row below when LibreOffice or Excel renders it.
#pragma once

#include <string_view>

namespace kib::writers::text_metrics {

// Width of one line of text in characters of '0': wide letters (W, M, capitals) count more,
// narrow ones (i, l, punctuation) less; bold text is about 10% wider.
double line_width(std::string_view line, bool bold = false);
// The widest line of a text ("\n" separates lines).
double text_width(std::string_view text, bool bold = false);
// Lines a text takes when wrapped at word boundaries into a column `column_width` characters
// wide (Excel's unit; the text gets about 92% of it, less a margin); a word longer than the column
// is broken. At least 1.
int wrapped_lines(std::string_view text, double column_width, bool bold = false);
// Excel's default row height in points for the default font (Calibri 11): one line.
inline constexpr double line_height_points = 15.0;

}  // namespace kib::writers::text_metrics
