// kib::input_limits — every resource limit on untrusted input, in one place, by name.
//
// Contract:
// - The limit structs of the readers and writers (package_limits, xml::limits, workbook_limits,
//   csv_options, fill_options) take their defaults from default_input_limits() when they are
//   constructed. A caller that builds one and changes a field overrides the process default for
//   that call only.
// - scoped_input_limits overrides them for one thread (it wins over the process default).
// - set_default_input_limits() changes the process default. It is not synchronised: call it
//   before other threads open files (the CLI does so right after parsing its arguments; the drop
//   folder before it starts its workers).
// - Every limit has a configuration name, the same on the command line (`--limit rows=1000`) and
//   under [limits] in kib.toml (`rows = 1000`); sizes are named in MiB (`part_mb`). set_limit()
//   checks the value and throws kib::error(bad_input) naming `where` when it is not acceptable.
// - Errors for an exceeded limit are kib::error(limit) (exit code 2); their hint names the limit
//   (limit_hint()), so a user with a genuine large file knows what to raise.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "readers/error.hpp"

namespace kib {

struct input_limits {
    // The package (ZIP) layer
    std::uint64_t part_bytes = 2ull << 30;   // part_mb: uncompressed bytes of one part
    std::uint64_t total_bytes = 4ull << 30;  // total_mb: uncompressed bytes of all parts
    std::uint64_t entries = 20'000;          // entries: ZIP entries
    double compression_ratio = 1000.0;       // compression_ratio: uncompressed / compressed (parts over 1 MiB)
    // Every XML part
    std::uint64_t xml_depth = 256;           // xml_depth: nested elements
    std::uint64_t string_bytes = 32u << 20;  // string_mb: one text node or attribute value
    // Workbooks
    std::uint64_t sheets = 10'000;            // sheets: sheets in a workbook
    std::uint64_t rows = 1'048'576;           // rows: highest row number (Excel's own maximum)
    std::uint64_t columns = 16'384;           // columns: highest column number (XFD, Excel's maximum)
    std::uint64_t cells = 200'000'000;        // cells: cells with content in one sheet
    std::uint64_t shared_strings = 10'000'000;  // shared_strings: entries of the shared-string table
    // Other inputs and outputs
    std::uint64_t csv_bytes = 1ull << 30;       // csv_mb: a CSV file
    std::uint64_t template_paragraphs = 100'000;  // template_paragraphs: what a template's loops may write
    std::uint64_t seconds_per_file = 120;       // seconds_per_file: drop folder, per file (0: no limit)
};

// The process-wide defaults (see the contract above).
const input_limits& default_input_limits() noexcept;
void set_default_input_limits(const input_limits& limits) noexcept;

// Limits for the calling thread only, while the object lives (nests; the drop folder's jobs run
// with their folder's [limits] without changing a library host's process defaults).
class scoped_input_limits {
public:
    explicit scoped_input_limits(const input_limits& limits) noexcept;
    ~scoped_input_limits();
    scoped_input_limits(const scoped_input_limits&) = delete;
    scoped_input_limits& operator=(const scoped_input_limits&) = delete;

private:
    input_limits limits_;
    const input_limits* previous_;
};

// Sets the limit called `name` from its text (as typed: "1000", "2,5" is refused). Throws
// kib::error(bad_input) at `where` for an unknown name (listing the known ones) or a value out of
// range (saying the range).
void set_limit(input_limits& limits, std::string_view name, std::string_view value, const location& where = {});

// Sets limits from "NAME=VALUE" texts (the CLI's repeated --limit option).
void set_limits(input_limits& limits, const std::vector<std::string>& assignments);

struct limit_description {
    std::string name;     // e.g. "part_mb"
    std::string meaning;  // one line, English
    std::string value;    // the current value in the name's unit, e.g. "2048"
};
// Every limit with its current value in `limits`, in a fixed order (for --help and docs).
std::vector<limit_description> describe_limits(const input_limits& limits);

// The hint for an exceeded limit: how to raise it, by name.
std::string limit_hint(std::string_view name);

}  // namespace kib
