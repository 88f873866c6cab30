// kib::workbook_editor — changes cells in an existing .xlsx/.xlsm and keeps everything else.
//
// Contract:
// - Only the parts an edit needs are parsed (the touched worksheets, and when needed
//   sharedStrings.xml, styles.xml, workbook.xml, tables, [Content_Types].xml and .rels parts);
//   every other ZIP entry is copied raw and stays byte-identical (see package_writer).
// - In a touched part every element and attribute kib does not own survives as it was
//   (extLst, x14, mc:AlternateContent, conditional formats, data validations, hyperlinks, drawing
//   references, unknown namespaces). Namespaces are matched by URI, so prefixed and strict
//   files work.
// - A cell keeps its style when its value changes. Styles kib needs (date, percentage, decimal,
//   status fills) are derived from the cell's own style and appended to cellXfs only when no
//   identical one exists; existing style indexes never move.
// - Text goes through the shared-string table (existing plain entries are reused, rich-text
//   entries are never changed); a workbook without one gets one.
// - After cells change, calcChain.xml is removed (with its content type and relationship) and
//   calcPr/@fullCalcOnLoad is set, so Excel and LibreOffice recalculate on open. Editing the
//   master of a shared formula first gives every dependent cell its own formula.
// - Every request is checked when it is made; a bad one throws kib::error (bad_input) naming
//   the file, part and cell, and nothing is written. Only save() writes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "readers/cell.hpp"
#include "writers/package_writer.hpp"

namespace kib {

// Number formats kib can give a cell (built-in ids, shown in the reader's locale: Dutch Excel
// shows 23-11-2026, 12,50%, 1.234,50).
enum class number_style : std::uint8_t {
    date,        // id 14, short date
    datetime,    // id 22, short date and time
    percentage,  // id 10, 0.00%
    decimal,     // id 4, #,##0.00
    integer,     // id 3, #,##0
};

// Status colours of the programme office's RAG reporting.
enum class status_fill : std::uint8_t { groen, oranje, rood };
// The colour set_fill() gives, as AARRGGBB ("FF00B050" for groen).
const char* status_fill_argb(status_fill f) noexcept;

// One changed cell, for reporting ("KPI's!C3: 45 -> 2026-11-23").
struct cell_change {
    std::string sheet;
    std::string ref;        // "C3"
    std::string old_value;  // display form: number, text, ISO date, TRUE/FALSE, "=formula"; "" when empty
    std::string new_value;
    std::string where() const;  // "'KPI''s'!C3"
};

struct editor_options {
    // A worksheet part at least this large (uncompressed bytes) is streamed rather than held as a
    // DOM when the edit reaches it: only the rows the edit touches are read into memory, and at
    // save the part is streamed again with those rows replaced (writers/worksheet_stream.hpp).
    // Sheets with formulas, or that the stream scanner cannot vouch for, are always held whole.
    // Default 8 MiB; the environment variable KIB_STREAM_SHEETS_FROM (bytes) overrides it.
    std::uint64_t stream_sheets_from = 8u << 20;
    static editor_options from_environment();
};

class workbook_editor {
public:
    // Opens .xlsx or .xlsm. Throws kib::error for files that are not workbooks.
    static workbook_editor open(const std::string& path);
    static workbook_editor open(const std::string& path, const editor_options& options);

    // Says which cells the calls that follow will reach, so that a streamed sheet is read once
    // for all of them (otherwise each row is looked up when first reached: one pass each).
    // Only an optimisation; references that are not valid are left for the call that uses them.
    void prefetch(std::string_view sheet, const std::vector<std::string>& refs);

    workbook_editor(workbook_editor&&) noexcept;
    workbook_editor& operator=(workbook_editor&&) noexcept;
    ~workbook_editor();

    const std::string& path() const noexcept;
    std::vector<std::string> sheet_names() const;

    // The cell's current value in display form (see cell_change), "" when empty.
    std::string display(std::string_view sheet, std::string_view ref);

    // Sets a number, text, boolean, date (kib serial) or error value; an empty value clears.
    void set(std::string_view sheet, std::string_view ref, const cell_value& value);
    // Sets a formula ("=SUM(A1:A3)" or "SUM(A1:A3)") with an optional cached result.
    void set_formula(std::string_view sheet, std::string_view ref, std::string_view formula,
                     const std::optional<cell_value>& cached = std::nullopt);
    // Removes the value and formula; the cell's style stays.
    void clear(std::string_view sheet, std::string_view ref);
    // Gives the cell a number format, derived from its current style.
    void set_number_style(std::string_view sheet, std::string_view ref, number_style style);
    // Gives the cell the number format of another cell of this workbook (a custom format such as
    // "0%" or "d-m-jjjj" included), derived from the cell's current style. Returns false and
    // changes nothing when the other cell has no number format (General, or no such cell).
    bool copy_number_format(std::string_view sheet, std::string_view ref, std::string_view from_sheet,
                            std::string_view from_ref);
    // The cell's number format as Excel's object model names it (invariant format code: "0%",
    // "d-m-yyyy", "m/d/yyyy" for the built-in short date); "" for General or a cell without one.
    std::string number_format(std::string_view sheet, std::string_view ref);
    // Gives the cell a solid status fill, derived from its current style.
    void set_fill(std::string_view sheet, std::string_view ref, status_fill fill);

    // Writes values in the first row below the sheet's last used row, from first_col (1-based; 0
    // means column A, or the first column of a table that ends on the last used row). A table
    // that ends directly above grows by one row (ref and autoFilter); a table with a totals row
    // gets the new row above its totals row. Returns the row number written.
    std::uint32_t append_row(std::string_view sheet, const std::vector<cell_value>& values,
                             std::uint32_t first_col = 0);
    // Writes a block of values whose top-left cell is top_left; empty values clear cells.
    void replace_region(std::string_view sheet, std::string_view top_left,
                        const std::vector<std::vector<cell_value>>& rows);
    // Adds an empty worksheet at the end of the workbook.
    void add_sheet(std::string_view name);

    const std::vector<cell_change>& changes() const noexcept;

    // Writes the edited workbook (atomically; see package_writer). The editor stays usable.
    save_result save(const std::string& target, const save_options& options = {});

private:
    struct impl;
    explicit workbook_editor(std::unique_ptr<impl> p);
    std::unique_ptr<impl> impl_;
};

// Checks a new sheet name against Excel's rules and the existing names (case-insensitive).
// Returns "" when valid, else the reason.
std::string sheet_name_problem(std::string_view name, const std::vector<std::string>& existing);

}  // namespace kib
