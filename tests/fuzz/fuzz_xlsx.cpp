// libFuzzer target: the package layer and the XLSX reader. Any input must end in a value or a
// kib::error — never a crash, a hang, or unbounded memory.
#include <cstddef>
#include <cstdint>
#include <string>

#include "readers/error.hpp"
#include "readers/xlsx.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    kib::workbook_limits limits;
    limits.package.max_part_size = 8u << 20;
    limits.package.max_total_size = 32u << 20;
    limits.max_shared_strings = 100000;
    limits.max_cells = 1000000;
    try {
        kib::package pkg = kib::package::open_buffer(std::string(reinterpret_cast<const char*>(data), size), "fuzz.xlsx", limits.package);
        for (const auto& e : pkg.entries()) {
            try {
                (void)pkg.read(e.name);
            } catch (const kib::error&) {
            }
        }
        kib::workbook wb = kib::workbook::open(std::move(pkg), limits);
        for (const auto& s : wb.sheets()) {
            try {
                wb.for_each_row(s, [](const kib::row& r) {
                    for (const auto& c : r.cells) (void)c.value.to_display();
                });
            } catch (const kib::error&) {
            }
        }
    } catch (const kib::error&) {
    }
    return 0;
}
