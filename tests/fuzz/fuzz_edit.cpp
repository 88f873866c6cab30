// libFuzzer target: the in-place XLSX writer (read -> edit -> save -> read again).
// Input layout: a workbook followed by edit records and one final byte n: the last 1 + 4n bytes
// are n records of 4 bytes (operation, row, column, value) applied to the first worksheet, and
// everything before them is the workbook. After save, kib::workbook reads the output and every
// edited cell must hold exactly what the edit intended; cells no edit touched must read as
// before. kib::error is an accepted outcome (bad input); any other exception, a crash or a
// mismatch is a finding (abort).
#include <unistd.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "readers/cell.hpp"
#include "readers/error.hpp"
#include "readers/xlsx.hpp"
#include "readers/xlsx_parts.hpp"
#include "writers/xlsx_edit.hpp"

namespace {

namespace fs = std::filesystem;

// What a cell should read as after the edits: a value and, for formulas, the formula text.
struct intended {
    kib::cell_value value;
    std::string formula;
};

using cell_key = std::pair<std::uint32_t, std::uint32_t>;  // row, column (1-based)

// Texts that have tripped writers elsewhere: escapes, markup, spaces, non-ASCII, line breaks.
const char* const kTexts[] = {"Wachttijd", " spatie voor", "a & b < c > d \"e\" 'f'", "Özdemir € 中文",
                              "regel\nbreuk", "_x000D_ letterlijk", "=geen formule", "tab\there", "#N/A",
                              "3,25", "  "};

fs::path scratch_dir() {
    static const fs::path dir = [] {
        std::string tmpl = (fs::temp_directory_path() / "kib-fuzz-edit-XXXXXX").string();
        if (!::mkdtemp(tmpl.data())) std::abort();
        return fs::path(tmpl);
    }();
    return dir;
}

void write_file(const fs::path& p, const char* data, std::size_t size) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(data, static_cast<std::streamsize>(size));
}

std::map<cell_key, kib::cell> read_sheet(const kib::workbook& wb, const std::string& sheet) {
    std::map<cell_key, kib::cell> cells;
    wb.for_each_row(wb.sheet(sheet), [&](const kib::row& r) {
        for (const auto& c : r.cells) cells[{c.row, c.col}] = c;
    });
    return cells;
}

[[noreturn]] void finding(const std::string& what) {
    std::fprintf(stderr, "edit round trip: %s\n", what.c_str());
    std::abort();
}

// got is what the re-read gives, want what the edit wrote. A cell keeps its style when its value
// changes, so a number written into a date-formatted cell reads back as that date serial.
bool same_value(const kib::cell_value& got, const kib::cell_value& want) {
    const kib::cell_value& a = got;
    const kib::cell_value& b = want;
    if (a.type != b.type && !(a.type == kib::cell_type::date && b.type == kib::cell_type::number)) return false;
    if (a.type == kib::cell_type::text || a.type == kib::cell_type::error) return a.text == b.text;
    return a.number == b.number || (std::isnan(a.number) && std::isnan(b.number));
}

void run(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return;
    const std::size_t n_edits = std::min<std::size_t>(data[size - 1] % 16, (size - 1) / 4);
    const std::size_t book_size = size - 1 - 4 * n_edits;
    const std::uint8_t* edits = data + book_size;
    const fs::path in = scratch_dir() / "in.xlsx";
    const fs::path out = scratch_dir() / "out.xlsx";
    write_file(in, reinterpret_cast<const char*>(data), book_size);
    fs::remove(out);

    kib::workbook_limits limits;
    limits.package.max_part_size = 8u << 20;
    limits.package.max_total_size = 32u << 20;
    limits.max_cells = 200000;

    // The values before editing; when the reader refuses the file the editor may do anything
    // but crash, so the untouched-cell check is skipped.
    std::optional<std::map<cell_key, kib::cell>> before;
    std::string sheet;
    try {
        const kib::workbook wb = kib::workbook::open(in.string(), limits);
        for (const auto& s : wb.sheets()) {
            if (s.kind == "worksheet" && !s.part.empty()) {
                sheet = s.name;
                break;
            }
        }
        if (sheet.empty()) return;
        before = read_sheet(wb, sheet);
    } catch (const kib::error&) {
        return;  // the editor opens only what the reader reads; nothing to compare against
    }

    kib::workbook_editor ed = kib::workbook_editor::open(in.string());
    std::map<cell_key, std::optional<intended>> want;  // nullopt: the cell must be empty
    for (std::size_t i = 0; i < n_edits; ++i) {
        const std::uint8_t op = edits[4 * i] % 6;
        const std::uint32_t row = edits[4 * i + 1] % 40 + 1;
        const std::uint32_t col = edits[4 * i + 2] % 12 + 1;
        const std::uint8_t v = edits[4 * i + 3];
        const std::string ref = kib::xlsx::cell_ref(col, row);
        try {
            switch (op) {
                case 0: {
                    const auto value = kib::cell_value::make_number(static_cast<double>(v) * 0.25 - 10.0);
                    ed.set(sheet, ref, value);
                    want[{row, col}] = intended{value, {}};
                    break;
                }
                case 1: {
                    const auto value = kib::cell_value::make_text(kTexts[v % std::size(kTexts)]);
                    ed.set(sheet, ref, value);
                    want[{row, col}] = intended{value, {}};
                    break;
                }
                case 2: {
                    const auto value = kib::cell_value::make_date(45000.0 + v);
                    ed.set(sheet, ref, value);
                    want[{row, col}] = intended{value, {}};
                    break;
                }
                case 3: {
                    const auto cached = kib::cell_value::make_number(v);
                    ed.set_formula(sheet, ref, "SUM(" + std::to_string(v) + ",0)", cached);
                    want[{row, col}] = intended{cached, "SUM(" + std::to_string(v) + ",0)"};
                    break;
                }
                case 4:
                    ed.clear(sheet, ref);
                    want[{row, col}] = std::nullopt;
                    break;
                case 5: {
                    const std::vector<kib::cell_value> values{kib::cell_value::make_number(v),
                                                              kib::cell_value::make_text(kTexts[v % std::size(kTexts)])};
                    const std::uint32_t r = ed.append_row(sheet, values, col);
                    want[{r, col}] = intended{values[0], {}};
                    want[{r, col + 1}] = intended{values[1], {}};
                    break;
                }
            }
        } catch (const kib::error&) {
            // A refused edit changes nothing; the cell keeps what it had.
        }
    }
    ed.save(out.string());

    const kib::workbook after_wb = kib::workbook::open(out.string(), limits);
    const std::map<cell_key, kib::cell> after = read_sheet(after_wb, sheet);
    for (const auto& [key, w] : want) {
        const std::string where = sheet + "!" + kib::xlsx::cell_ref(key.second, key.first);
        auto it = after.find(key);
        if (!w) {
            if (it != after.end()) finding(where + " was cleared but reads " + it->second.value.to_display());
            continue;
        }
        if (it == after.end()) finding(where + " reads empty, want " + w->value.to_display());
        if (!same_value(it->second.value, w->value))
            finding(where + " reads " + it->second.value.to_display() + ", want " + w->value.to_display());
        if (it->second.formula != w->formula) finding(where + " has formula '" + it->second.formula + "', want '" + w->formula + "'");
    }
    for (const auto& [key, c] : *before) {
        if (want.count(key)) continue;
        const std::string where = sheet + "!" + kib::xlsx::cell_ref(key.second, key.first);
        auto it = after.find(key);
        // A formula that reads an edited cell loses its cached result (LibreOffice then computes it).
        if (it != after.end() && !c.formula.empty() && it->second.formula == c.formula && it->second.value.empty()) continue;
        if (it == after.end()) finding(where + " was not edited but is gone");
        if (!same_value(it->second.value, c.value))
            finding(where + " was not edited but reads " + it->second.value.to_display() + ", was " + c.value.to_display());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        run(data, size);
    } catch (const kib::error&) {
    } catch (const std::exception& e) {
        finding(std::string("exception that is not a kib::error: ") + e.what());
    }
    return 0;
}
