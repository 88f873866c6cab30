// kib::worksheet_stream — a worksheet part (xl/worksheets/sheetN.xml) as a stream of rows, for the
// editor's big sheets: find the rows an edit touches without a DOM of the whole part, and write the
// part back with only those rows replaced.
//
// Why: a DOM of a 150 MB sheet costs over a gigabyte and seconds; a 50-cell edit touches 50 rows.
//
// Contract:
// - scan() reads the part once, front to back, at tag level: it finds every element's extent (the
//   quotes of attribute values, comments, CDATA and processing instructions are respected) and
//   checks that end tags match start tags, but decodes no text. Offsets are bytes from the start of
//   the part.
// - A part scan() cannot vouch for is refused, not guessed at: `refusal` says why (a DOCTYPE, tags
//   that do not nest, an empty or missing sheetData, a row without r, rows out of order or
//   repeated, a token over the size limit, nesting over the depth limit). The editor then falls
//   back to its DOM, whose own errors name the problem; scan() itself throws only what the source
//   throws.
// - Rows are the `row` children of the root's `sheetData` child (local names: any prefix); every
//   row must carry r, strictly increasing. For each wanted row number the result holds its span
//   (present) or, for a row the part lacks, the offset where it would go (begin == end: the start
//   of the next row, or the sheetData end tag).
// - splice() streams the part again and writes: `head` instead of [0, data_begin), the source
//   between, with each replacement's [begin, end) replaced by its bytes (replacements ordered by
//   begin; several may share an insertion point), and `tail` instead of [data_end, end).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace kib::worksheet_stream {

// Fills buf with up to cap bytes; 0 at the end.
using source = std::function<std::size_t(char* buf, std::size_t cap)>;
using sink = std::function<void(std::string_view)>;

struct row_span {
    std::uint64_t begin = 0, end = 0;  // '<' of the row's start tag, one past its end; equal when absent
    bool present = false;
};

struct scan_options {
    std::set<std::uint32_t> wanted;  // rows whose span (and bytes) to return
    bool whole = true;               // false: stop after the last wanted row (no tail, no formula answer)
    bool stop_at_formula = false;    // true: stop at the first formula (only has_formula is wanted)
    std::size_t max_token = 64u << 20;  // bytes of one tag, comment or CDATA section
    std::size_t max_depth = 256;
};

struct scan_result {
    std::string refusal;  // non-empty: the part cannot be edited as a stream, and why
    bool has_formula = false;
    std::string head;  // [0, data_begin): everything up to and including the sheetData start tag
    std::string tail;  // [data_end, end): from the sheetData end tag on (whole scans only)
    std::uint64_t data_begin = 0, data_end = 0;
    std::map<std::uint32_t, row_span> spans;    // every wanted row
    std::map<std::uint32_t, std::string> rows;  // the bytes of the wanted rows that are present
    std::uint32_t last_row = 0;       // the highest row number (whole scans)
    std::uint32_t last_used_row = 0;  // the highest row with a cell holding v, f or is (whole scans)
};

scan_result scan(const source& src, const scan_options& options);

// A whole part in memory as a source.
source from_memory(std::string_view bytes);

struct replacement {
    std::uint64_t begin = 0, end = 0;
    std::string_view bytes;
};

// See the contract. Throws std::logic_error when the replacements are out of order or past data_end.
void splice(const source& src, std::string_view head, std::uint64_t data_begin, const std::vector<replacement>& repl,
            std::uint64_t data_end, std::string_view tail, const sink& out);

}  // namespace kib::worksheet_stream
