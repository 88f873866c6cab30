// LibreOffice headless, this project's "real browser": what a user would see when they open a
// file kib wrote. Shared by every test that checks an output through LibreOffice.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace kib::test {

// The LibreOffice program on PATH (soffice, else libreoffice); "" when it is not installed.
std::string find_soffice();

// Every named sheet of `workbook` as CSV text, cells as shown (formatted), converted by LibreOffice
// headless with a fresh profile in `work_dir` — LibreOffice's default settings, under which it
// ignores calcPr/@fullCalcOnLoad and computes only formulas without a cached result. Records a
// test failure (and returns what it has) when LibreOffice is missing, fails, or writes no CSV for
// a sheet.
std::map<std::string, std::string> libreoffice_sheets_csv(const std::string& workbook, const std::string& work_dir,
                                                          const std::vector<std::string>& sheets);

// A document (.docx, .xlsx) as LibreOffice prints it: converted to PDF with a fresh profile in
// `work_dir` (kept there as NAME.pdf, for looking at), then to text by pdftotext (pages separated
// by '\f'). Records a test failure when LibreOffice or pdftotext is missing or fails.
std::string libreoffice_pdf_text(const std::string& document, const std::string& work_dir);

// The text of every table cell of a .docx (each w:tc of the main document and its headers).
std::vector<std::string> docx_table_cells(const std::string& docx_path);
// The text of every text cell of every sheet of a workbook.
std::vector<std::string> xlsx_text_cells(const std::string& xlsx_path);

// The words of `cells` (split at white space, and after hyphens) that are not found whole, as often, among the
// white-space-separated words of `printed`: a word broken across two lines, or cut off at a
// column edge. Each returned entry says how often the word was expected and found.
std::vector<std::string> words_not_whole(const std::vector<std::string>& cells, const std::string& printed);

// The pages of pdftotext output ('\f'-separated) that hold no text: blank pages.
std::vector<int> blank_pages(const std::string& printed);

// The lines of a text (without their line ends).
std::vector<std::string> text_lines(const std::string& text);

}  // namespace kib::test
