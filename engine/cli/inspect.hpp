// `kib inspect`: what is inside an Office file — parts, sheets, tables, names, first rows —
// or, with cells, every non-empty cell as JSON.
#pragma once

#include <iosfwd>
#include <string>

namespace kib {

struct inspect_options {
    std::string sheet;    // only this sheet ("" = all)
    bool json = false;
    bool cells = false;   // every non-empty cell instead of a summary
    int preview_rows = 5; // rows shown per sheet in the summary
};

class workbook;

// Writes {"sheets":[{"name":…,"cells":[{"ref","type","value"[,"formula"]}]}]} for every worksheet
// (or only `sheet`), streaming: the cells are never all in memory.
void write_cells_json(const workbook& wb, const std::string& sheet, std::ostream& out);

// Writes the report to out. Throws kib::error for unreadable input; then nothing has been written
// to out (the cell listing is built in memory first, so its size is the output's size).
void inspect(const std::string& path, const inspect_options& options, std::ostream& out);

}  // namespace kib
