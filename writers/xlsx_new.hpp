// kib::new_workbook — writes NEW .xlsx workbooks for kib's reports (several sheets, styles,
// column widths, frozen header, autofilter, merged cells, hyperlinks, native charts).
//
//     kib::new_workbook wb;
//     wb.set_title("Voortgang pijlers november 2026");
//     auto& s = wb.add_sheet("Pijlers");
//     s.set_text(1, 1, "Pijler", kib::cell_style{.bold = true});
//     s.set_number(2, 2, 3.2, {.number_format = "0.0"});
//     s.set_date(2, 3, "2026-11-23");               // shown as "23 november 2026"
//     s.freeze_panes(1);  s.set_autofilter("A1:C6");  s.set_column_width(1, 1, 28);
//     chart_spec c{.kind = chart_kind::column, .title = "Score per pijler"};
//     c.series.push_back(s.column_series(1, 2, 6, 1, 2));  // name B1, labels A2:A6, values B2:B6
//     s.add_chart(c, "E2:L20");
//     wb.save("rapport.xlsx");
//
// Contract:
// - Rows and columns are 1-based (as kib::cell and Excel's A1 references), never 0-based.
// - Every setter validates at once and throws kib::error (bad_input) naming "Sheet!B7" and how
//   to fix it: reference out of range, text over 32,767 characters or not UTF-8, a non-finite
//   number, a date before 1900, an unknown error literal, an overlapping merge, a bad colour.
//   Invalid or duplicate sheet names are refused when the sheet is added.
// - A date cell whose style has no number format gets kib::dutch_date_format (or, with a time
//   of day, kib::dutch_date_time_format), so it reads back as a date (kib::workbook) and shows
//   as "23 november 2026" (or "23 november 2026 14:30").
// - Texts go to the shared-string table, styles are deduplicated into styles.xml.
// - save() is atomic (temporary file + rename, see zip_writer.hpp); the workbook stays usable.
// - Formulas may carry a cached value; when any formula has none, the workbook asks Excel and
//   LibreOffice to recalculate on open (fullCalcOnLoad).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "readers/cell.hpp"
#include "writers/chart.hpp"
#include "writers/styles_part.hpp"
#include "writers/zip_writer.hpp"

namespace kib {

class new_workbook;

// Throws kib::error (bad_input) unless name is a valid sheet name: 1 to 31 characters, none of
// []:*?/\, not starting or ending with an apostrophe, not "History" (reserved by Excel).
void check_sheet_name(std::string_view name);

class new_sheet {
public:
    const std::string& name() const noexcept { return name_; }

    // Sets a cell's value and style (replacing both). An empty value leaves a styled blank cell.
    void set(std::uint32_t row, std::uint32_t col, const cell_value& v, const cell_style& style = {});
    // The same with an A1 reference ("B7").
    void set(std::string_view ref, const cell_value& v, const cell_style& style = {});
    void set_text(std::uint32_t row, std::uint32_t col, std::string_view text, const cell_style& style = {});
    void set_number(std::uint32_t row, std::uint32_t col, double v, const cell_style& style = {});
    void set_bool(std::uint32_t row, std::uint32_t col, bool v, const cell_style& style = {});
    // serial: days since 1899-12-30 (kib's serial, see cell.hpp).
    void set_date(std::uint32_t row, std::uint32_t col, double serial, const cell_style& style = {});
    // iso: "2026-11-23" or "2026-11-23T14:05"; throws when it is not a date.
    void set_date(std::uint32_t row, std::uint32_t col, std::string_view iso, const cell_style& style = {});
    // formula without '=' ("SUM(B2:B6)"); cached is what viewers show before recalculating.
    void set_formula(std::uint32_t row, std::uint32_t col, std::string_view formula, const cell_value& cached = {},
                     const cell_style& style = {});

    // Width in characters (as Excel shows it) of columns first..last; a later call wins where
    // ranges overlap.
    void set_column_width(std::uint32_t first_col, std::uint32_t last_col, double width);
    // Sizes columns first..last to their content (headers included): the widest cell text at its
    // font (numbers and dates as shown, roughly), plus a margin, within min_width..max_width
    // characters. A longer text in a wrapped cell wraps at max_width; in another cell it is cut.
    void fit_columns(std::uint32_t first_col, std::uint32_t last_col, double min_width = 8, double max_width = 60);
    // Height of a row in points (15 is one line of the default font); kept by Excel and LibreOffice.
    void set_row_height(std::uint32_t row, double points);
    // Gives each row holding a wrapped cell whose text needs more than one line at its column's
    // width the height of that many lines, so LibreOffice and Excel show it whole. Call after the
    // column widths are set; rows given a height by set_row_height keep it.
    void fit_row_heights();
    // Print setup: landscape or portrait, all columns on one page wide (as many pages down as
    // needed), and the top `title_rows` rows repeated on every printed page (_xlnm.Print_Titles).
    void set_print_setup(bool landscape, bool fit_to_width, std::uint32_t title_rows = 0);
    // Freezes the top `rows` rows and left `cols` columns; freeze_panes(1) freezes a header row.
    void freeze_panes(std::uint32_t rows, std::uint32_t cols = 0);
    // Autofilter buttons on the header row of a range (one per sheet).
    void set_autofilter(std::uint32_t first_row, std::uint32_t first_col, std::uint32_t last_row, std::uint32_t last_col);
    void set_autofilter(std::string_view range);  // "A1:D6"
    // Merges a range; the value and style of its top-left cell are kept. Overlaps are refused.
    void merge(std::uint32_t first_row, std::uint32_t first_col, std::uint32_t last_row, std::uint32_t last_col);
    void merge(std::string_view range);  // "A1:D1"
    // A cell that links to a URL (https:, mailto:, file:), showing text; the default style is
    // blue and underlined.
    void set_hyperlink(std::uint32_t row, std::uint32_t col, std::string_view url, std::string_view text,
                       const cell_style& style = link_style(), std::string_view tooltip = {});
    // A cell that links to a place in the workbook, e.g. "'KPI''s'!A1".
    void set_internal_link(std::uint32_t row, std::uint32_t col, std::string_view location, std::string_view text,
                           const cell_style& style = link_style());
    static cell_style link_style();

    // Places a chart over a range of cells ("E2:L20": the chart covers those cells).
    void add_chart(const chart_spec& chart, std::string_view range);

    // An absolute reference to a range of this sheet for chart series: "Pijlers!$B$2:$B$6".
    std::string range_ref(std::uint32_t first_row, std::uint32_t first_col, std::uint32_t last_row,
                          std::uint32_t last_col) const;
    // A series from a column of this sheet: name from (name_row, value_col), labels from
    // category_col and values from value_col in rows first_row..last_row; refs and cached
    // values are filled from the cells set so far (non-numbers become gaps).
    chart_series column_series(std::uint32_t name_row, std::uint32_t first_row, std::uint32_t last_row,
                               std::uint32_t category_col, std::uint32_t value_col) const;

    // The value stored in a cell (empty when none).
    cell_value value(std::uint32_t row, std::uint32_t col) const;

    new_sheet(const new_sheet&) = delete;
    new_sheet& operator=(const new_sheet&) = delete;
    ~new_sheet();

private:
    friend class new_workbook;
    struct data;
    new_sheet(new_workbook& owner, std::string name);
    std::string where(std::uint32_t row, std::uint32_t col) const;

    new_workbook* owner_;
    std::string name_;
    std::unique_ptr<data> d_;
};

class new_workbook {
public:
    new_workbook();
    ~new_workbook();
    new_workbook(const new_workbook&) = delete;
    new_workbook& operator=(const new_workbook&) = delete;

    // Adds a sheet at the end. Throws kib::error for an invalid name or one already used
    // (compared case-insensitively, as Excel does).
    new_sheet& add_sheet(std::string_view name);
    // A sheet by name (case-insensitive); throws kib::error listing the sheets when absent.
    new_sheet& sheet(std::string_view name);
    std::size_t sheet_count() const noexcept;

    // Widens every column of every sheet whose texts are longer than its width, to at most
    // `max_width` characters (never narrows one), so that headers and names are not cut off. Call
    // it after the cells are set; a longer text needs a wrapping style of its own.
    void fit_column_widths(double max_width = 60);
    void set_title(std::string title);      // Dutch, e.g. "Voortgangsrapportage november 2026"
    void set_subject(std::string subject);
    void set_company(std::string company);
    void set_created(std::string w3cdtf);   // "2026-11-23T05:40:00Z"; default: the time of saving
    void set_active_sheet(std::string_view name);

    // Every part of the package, [Content_Types].xml first (for tests and embedding).
    std::vector<zip_part> parts() const;
    // The .xlsx as bytes (e.g. the embedded workbook of a DOCX chart).
    std::string save_buffer() const;
    // Writes the .xlsx (atomic). Throws kib::error (io) when it cannot be written.
    void save(const std::string& path) const;

private:
    friend class new_sheet;
    struct impl;
    std::unique_ptr<impl> impl_;
};

// The data of a DOCX/PPTX chart as a small workbook to embed next to its chart part (what
// Word opens for "Edit data"): categories in column A from row 2, one series per column from
// B, series names in row 1. Returns the .xlsx bytes and the spec with every ref pointing into
// that sheet (cached values kept, so the chart renders without the workbook). The caller adds
// the package relationship and sets spec.external_data_rel_id. Throws kib::error (bad_input)
// for an invalid spec or series whose category labels differ.
struct embedded_chart {
    chart_spec spec;
    std::string xlsx;
};
embedded_chart embed_chart_data(const chart_spec& spec, std::string_view sheet_name = "Blad1");

}  // namespace kib
