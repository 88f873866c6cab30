// Part readers of SpreadsheetML, one per part, each working on XML bytes (no ZIP here):
// workbook.xml, styles.xml, sharedStrings.xml, table*.xml. The worksheet reader streams and
// lives in xlsx.cpp because it needs the others' results.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "readers/xml_pull.hpp"

namespace kib::xlsx {

// ---- xl/workbook.xml ----
struct workbook_sheet {
    std::string name;
    std::string state = "visible";  // visible | hidden | veryHidden
    std::string rel_id;             // r:id, resolved through the workbook's relationships
    std::uint32_t sheet_id = 0;
};
struct defined_name {
    std::string name;
    std::string value;       // formula text, e.g. "'KPI''s'!$A$1:$O$30"
    int local_sheet = -1;    // index into the sheet list, -1 for workbook scope
    bool hidden = false;
};
struct workbook_part {
    std::vector<workbook_sheet> sheets;
    std::vector<defined_name> names;
    bool date1904 = false;
};
workbook_part parse_workbook(std::string_view xml);

// ---- xl/styles.xml ----
// Only what reading values needs: which cell formats (cellXfs indexes) show dates.
struct styles_part {
    std::vector<std::uint32_t> xf_num_fmt;  // cellXfs index -> numFmtId
    std::vector<bool> xf_is_date;           // cellXfs index -> date/time format
    bool is_date(std::uint32_t xf) const noexcept { return xf < xf_is_date.size() && xf_is_date[xf]; }
};
styles_part parse_styles(std::string_view xml);

// True for built-in date and time ids (14-22, 45 mm:ss, 47 mm:ss.0 and the locale date ids 27-36,
// 50-58) unless a custom code overrides them. 46 ([h]:mm:ss) is a duration, like [h]:mm: false.
bool is_builtin_date_format(std::uint32_t id) noexcept;
// True when a format code has date or time tokens (y m d h s, AM/PM) outside quoted text,
// escapes and [brackets]. Elapsed-time codes ([h]:mm, [mm]:ss) are durations, not dates: false.
bool is_date_format_code(std::string_view code) noexcept;

// ---- xl/sharedStrings.xml ----
// All strings in one arena: about 8 bytes of overhead per string instead of a std::string each.
class shared_strings {
public:
    std::size_t size() const noexcept { return offsets_.empty() ? 0 : offsets_.size() - 1; }
    std::string_view at(std::size_t i) const noexcept {
        return std::string_view(arena_).substr(offsets_[i], offsets_[i + 1] - offsets_[i]);
    }
    // Reads <sst>: plain <si><t>, rich text runs joined, phonetic runs (<rPh>) skipped,
    // _xHHHH_ escapes decoded. max_count guards against hostile files. part_size, the part's
    // uncompressed bytes when known, bounds the text (decoding only shortens it): the arena is
    // reserved once instead of growing by copies (which showed in profiles of big surveys).
    void parse(xml::pull_parser& p, std::size_t max_count, std::size_t part_size = 0);

private:
    std::string arena_;
    std::vector<std::size_t> offsets_{0};
};

// Decodes Excel's _xHHHH_ escapes (e.g. "_x000D_" is a carriage return) in place.
void decode_x_escapes(std::string& s);

// ---- xl/tables/table*.xml ----
struct table_part {
    std::string name;
    std::string display_name;
    std::string ref;  // "A1:D20"
    std::uint32_t header_rows = 1;
    std::uint32_t totals_rows = 0;
    std::vector<std::string> columns;
};
table_part parse_table(std::string_view xml);

// ---- cell references ----
// "B7" -> col 2, row 7 (1-based). Accepts "$B$7". False when malformed or beyond XFD1048576.
bool parse_cell_ref(std::string_view ref, std::uint32_t& col, std::uint32_t& row) noexcept;
std::string column_name(std::uint32_t col);               // 1 -> "A", 16384 -> "XFD"
std::string cell_ref(std::uint32_t col, std::uint32_t row);  // (2, 7) -> "B7"
// A sheet name as it must be written in a reference: KPI's -> 'KPI''s'
std::string quote_sheet_name(std::string_view name);

// Moves the relative references of a shared formula's master text by (drow, dcol) so it reads
// as the formula of a dependent cell. Absolute parts ($A$1) stay; strings and quoted sheet
// names are left alone.
std::string shift_formula(std::string_view formula, int drow, int dcol);

constexpr std::uint32_t max_rows = 1048576;
constexpr std::uint32_t max_cols = 16384;

}  // namespace kib::xlsx
