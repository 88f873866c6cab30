// The comment register: every review mark of a Word draft as one row of a new workbook, for the
// programme office to track (issue 4, `kib comments DRAFT.docx -o REGISTER.xlsx`).
//
// Contract:
// - One sheet "Opmerkingen" with the Dutch header row Nr, Soort, Auteur, Datum, Sectie,
//   Geankerde tekst, Tekst, Status, Reactie op (bold, frozen, with autofilter), then one row per
//   item: the comments in the order of comments.xml, then the highlights, then the tracked
//   changes, numbered 1, 2, 3, … in that order.
// - Soort: "opmerking", "reactie" (a comment replying to another), "markering" (highlighted
//   text), "invoeging" or "verwijdering" (tracked changes).
// - Datum is a real date cell shown in Dutch ("16 december 2025 10:02"), from the date as written
//   (w:date), else the UTC date when that is the only one; empty when there is none or it is not
//   a date. Highlights have no date.
// - Sectie is the heading path; items outside the body say where they are ("(voetnoot)", …).
// - Highlights: the marked text as Geankerde tekst, "Gemarkeerd: geel" (the colour) as Tekst.
// - Status: "opgelost" for resolved comments, "open" for everything else.
// - Reactie op: for a reply, the Nr of the row of the comment it replies to.
// - Sectie, Geankerde tekst and Tekst wrap; texts are written as they are (line breaks kept), but a
//   tab becomes a space, since a cell cannot show one;
//   each row is as high as its wrapped text (an estimate; LibreOffice refits it).
// - Print setup: A4 landscape, fitted to one page wide, the header row repeated on every page.
// - Throws kib::error (io) when out cannot be written, (bad_input) for a text Excel cannot hold.
#pragma once

#include <filesystem>

#include "readers/docx_comments.hpp"

namespace kib {

void write_comment_register(const docx::review_marks& marks, const std::filesystem::path& out);

}  // namespace kib
