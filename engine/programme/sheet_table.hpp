// kib::detail::sheet_table — a worksheet read as a table: a header row found by column names
// (case-, space- and punctuation-insensitive, with aliases) and typed accessors whose errors name
// the cell ("Roadmap!E7") and say how to fix it. Used by the programme workbook reader.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "readers/error.hpp"
#include "readers/xlsx.hpp"

namespace kib::detail {

// Lower-case ASCII without spaces and punctuation (' ’ . - _ ( ) / :), so "Duur (mnd)" and
// "duur mnd" and "DUUR_MND" all become "duurmnd".
std::string fold_name(std::string_view s);

struct column_spec {
    std::string key;                   // the layout's name, e.g. "Duur (mnd)"
    std::vector<std::string> aliases;  // other accepted names (English, abbreviations)
    bool required = true;
};

struct sheet_spec {
    std::string name;                  // "KPI's"
    std::vector<std::string> aliases;  // "KPIs", "KPI", …
    std::vector<column_spec> columns;
};

class sheet_table {
public:
    // Finds the sheet and its header row (among the first 10 rows: the first that has every
    // required column). Throws kib::error naming the missing sheet or column.
    static sheet_table open(const workbook& wb, const std::string& file, const sheet_spec& spec);
    // open() for a sheet that may be long: the header is found as open() finds it, then the rows
    // below it go to fn as they are read and are not kept (rows() stays empty): held as rows (some
    // 450 bytes each), a Metingen sheet of 200,000 measurements was most of kib kpi's memory.
    static sheet_table stream(const workbook& wb, const std::string& file, const sheet_spec& spec,
                              const std::function<void(const sheet_table&, const row&)>& fn);
    // The worksheet named spec.name or one of its aliases; nullptr when there is none (optional sheets).
    static const sheet_info* find(const workbook& wb, const sheet_spec& spec);
    // The same over rows that did not come from a workbook (CSV): `where_prefix` is the file name.
    static sheet_table from_rows(std::vector<row> rows, const std::string& file, const std::string& sheet_label,
                                 const sheet_spec& spec);

    const std::string& sheet() const noexcept { return sheet_; }
    std::uint32_t header_row() const noexcept { return header_row_; }
    const std::vector<row>& rows() const noexcept { return rows_; }  // rows below the header
    bool has(std::string_view key) const;
    std::uint32_t column(std::string_view key) const;  // 0 when absent
    // Extra header columns that match a predicate on the folded header text (KPI's "M3", "M6").
    std::vector<std::pair<std::uint32_t, std::string>> headers() const { return header_texts_; }

    const cell_value* get(const row& r, std::string_view key) const;
    static const cell_value* get(const row& r, std::uint32_t col);

    std::string ref(std::uint32_t col, std::uint32_t row) const;  // "Roadmap!E7" (or "file:7" for CSV)
    std::string ref(const row& r, std::string_view key) const;
    [[noreturn]] void fail(const row& r, std::string_view key, const std::string& message, const std::string& hint) const;
    [[noreturn]] void fail_at(std::uint32_t col, std::uint32_t row, const std::string& message, const std::string& hint) const;

    // Typed reads. An empty cell gives "" / nullopt; a required one that is empty is an error.
    std::string text(const row& r, std::string_view key) const;
    std::optional<double> number(const row& r, std::string_view key, bool required) const;
    std::optional<double> date(const row& r, std::string_view key, bool required) const;
    std::optional<bool> yes_no(const row& r, std::string_view key) const;
    bool row_empty(const row& r) const;  // no value in any recognised column

private:
    std::string file_, part_, sheet_;
    bool csv_ = false;
    std::uint32_t header_row_ = 0;
    std::map<std::string, std::uint32_t, std::less<>> cols_;
    std::vector<std::pair<std::uint32_t, std::string>> header_texts_;
    std::vector<row> rows_;

    static const sheet_info& find_or_fail(const workbook& wb, const std::string& file, const sheet_spec& spec);
    void locate_header(std::vector<row> all, const sheet_spec& spec);  // keeps the rows below the header
};

// "2026-11-23", "23-11-2026", "23/11/2026" or "23 november 2026" (also English month names).
std::optional<double> parse_date_text(std::string_view s);
// The first day of a month written as "2026-01", "01-2026", "1/2026", "januari 2026", "jan 2026"
// (also English names) or as any date parse_date_text() accepts; nullopt otherwise.
std::optional<double> parse_month_text(std::string_view s);
// "6,5" or "6.5" → 6.5; nullopt when not a plain number.
std::optional<double> parse_number_text(std::string_view s);

}  // namespace kib::detail
