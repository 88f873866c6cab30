// kib::workbook — reading .xlsx/.xlsm workbooks.
//
// Contract:
// - The workbook part is found through the package relationships and sheets through the
//   workbook's relationships; strict and transitional files read the same.
// - for_each_row() streams a sheet: memory does not grow with the number of rows (the shared
//   string table is the only thing held, in one arena). Rows are delivered in order with
//   only the cells that hold a value or a formula; a row with none is skipped.
// - Every value error names the file, the part, the line and the cell ("Antwoorden!K17").
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "readers/cell.hpp"
#include "readers/package.hpp"

namespace kib {

struct table_info {
    std::string name;          // displayName, used in structured references
    std::string sheet;         // sheet that holds it
    std::string ref;           // "A1:D20", header row included
    std::uint32_t header_rows = 1;
    std::uint32_t totals_rows = 0;
    std::vector<std::string> columns;
    std::string part;          // e.g. "xl/tables/table1.xml"
};

struct sheet_info {
    std::string name;
    std::string state;  // visible | hidden | veryHidden
    std::string part;   // e.g. "xl/worksheets/sheet1.xml"; "" when the relationship is broken
    std::string kind;   // worksheet | chartsheet | dialogsheet | macrosheet
    std::vector<table_info> tables;
};

struct defined_name_info {
    std::string name;
    std::string value;
    std::string scope;  // sheet name for sheet-local names, "" for workbook scope
    bool hidden = false;
};

struct cell {
    std::uint32_t row = 0;  // 1-based
    std::uint32_t col = 0;  // 1-based
    cell_value value;
    std::string formula;    // without '='; shared formulas are expanded for every cell
    std::uint32_t style = 0;
};

struct row {
    std::uint32_t index = 0;
    std::vector<cell> cells;  // in column order
};

struct sheet_summary {
    std::uint32_t rows_with_values = 0;
    std::uint64_t cells = 0;
    std::uint32_t first_row = 0, last_row = 0, first_col = 0, last_col = 0;  // 0 when empty
    std::string dimension;            // as the file claims (often wrong; informational)
    std::vector<std::string> merged;  // merged ranges, e.g. "A1:C1"
    std::string used_range() const;   // "A1:BD100001", "" when empty
};

struct workbook_limits {
    package_limits package;
    // Defaults: the process-wide input limits (readers/limits.hpp).
    std::uint64_t max_shared_strings = default_input_limits().shared_strings;
    std::uint64_t max_cells = default_input_limits().cells;  // per sheet
    std::uint64_t max_sheets = default_input_limits().sheets;
    std::uint64_t max_rows = default_input_limits().rows;        // highest row number
    std::uint64_t max_columns = default_input_limits().columns;  // highest column number
};

class workbook {
public:
    static workbook open(const std::string& path, const workbook_limits& limits = {});
    static workbook open(package pkg, const workbook_limits& limits = {});

    workbook(workbook&&) noexcept;
    workbook& operator=(workbook&&) noexcept;
    ~workbook();

    const package& pkg() const noexcept;
    const std::vector<sheet_info>& sheets() const noexcept;
    const std::vector<defined_name_info>& defined_names() const noexcept;
    bool date1904() const noexcept;
    const std::string& workbook_part() const noexcept;

    // Finds a sheet by name, case-insensitively (as Excel does). Throws a bad_input error that
    // lists the sheets there are when absent.
    const sheet_info& sheet(std::string_view name) const;
    const table_info* find_table(std::string_view name) const noexcept;  // case-insensitive

    // Streams the rows of a worksheet. The row reference passed to fn is reused; copy what
    // must outlive the call. Throws kib::error for malformed content, with the cell.
    sheet_summary for_each_row(const sheet_info& sheet, const std::function<void(const row&)>& fn) const;

    // Reads a whole sheet into memory (for small sheets).
    std::vector<row> read_rows(const sheet_info& sheet) const;
    // Reads the first max_rows rows with values and stops (sniffing headers of big sheets).
    std::vector<row> read_first_rows(const sheet_info& sheet, std::size_t max_rows) const;

private:
    struct impl;
    explicit workbook(std::unique_ptr<impl> p);
    std::unique_ptr<impl> impl_;
};

}  // namespace kib
