// Helpers shared by the tests of the in-place editor (kib_edit_tests).
#pragma once

#include <cstdint>
#include <string>

#include "readers/xlsx.hpp"

namespace kib::test {

// The cell at (col, row) of a sheet as kib reads it back; an empty cell when there is none.
inline kib::cell cell_at(const std::string& path, const std::string& sheet, std::uint32_t col, std::uint32_t row) {
    const kib::workbook wb = kib::workbook::open(path);
    for (const kib::row& r : wb.read_rows(wb.sheet(sheet)))
        if (r.index == row)
            for (const kib::cell& c : r.cells)
                if (c.col == col) return c;
    return {};
}

}  // namespace kib::test
