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

// The lines of a text (without their line ends).
std::vector<std::string> text_lines(const std::string& text);

}  // namespace kib::test
