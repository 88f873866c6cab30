// The Dutch report of `kib score -o` ("<stem> - rapportage.docx"), in its own translation unit:
// writers/docx_report.hpp and writers/xlsx_new.hpp each define a kib::chart_spec of their own and
// cannot be included together.
#pragma once

#include <string>

#include "engine/scan/maturity.hpp"

namespace kib::detail {

// Writes the report to path; date_iso ("2026-11-23") is shown as "23 november 2026".
void write_score_report(const maturity::scan_result& r, const std::string& path, const std::string& date_iso);

}  // namespace kib::detail
