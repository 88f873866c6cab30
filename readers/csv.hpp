// CSV reader for survey exports and measurement files.
//
// Contract:
// - Encoding: UTF-8 with or without BOM; UTF-16 with BOM (Excel's "Unicode text"); anything
//   that is not valid UTF-8 is read as Windows-1252 (what Dutch Excel writes as "CSV").
//   Text comes out as UTF-8 whatever went in; `encoding` says what was detected.
// - Delimiter: detected from the first record: ';' (Dutch Excel), ',' or tab, whichever occurs
//   most outside quotes; ties prefer ';'. Can be forced.
// - Quoted fields may hold delimiters, doubled quotes and line breaks (CRLF, LF or CR).
// - Cells are text: interpreting "6,0" or "23-11-2026" is the caller's job, which knows the column.
// - An unterminated quote is a kib::error naming the line where the field started.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "readers/limits.hpp"

namespace kib {

struct csv_options {
    char delimiter = 0;  // 0 = detect
    std::uint64_t max_bytes = default_input_limits().csv_bytes;  // csv_mb (readers/limits.hpp)
};

struct csv_table {
    char delimiter = ';';
    std::string encoding;                      // "utf-8", "utf-8-bom", "utf-16le", "utf-16be", "windows-1252"
    std::vector<std::vector<std::string>> rows;
    std::vector<std::uint64_t> lines;          // 1-based line where each row starts
};

csv_table read_csv(const std::string& path, const csv_options& options = {});
// display_name is used in error messages.
csv_table parse_csv(std::string_view bytes, const std::string& display_name, const csv_options& options = {});

}  // namespace kib
