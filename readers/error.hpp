// kib::error — the one exception type kib throws for anything a user can act on.
//
// Contract: every error carries a category (what kind of failure, which decides the exit code)
// and a location (file, part, and the most precise place known: an element, `Sheet!B7`, a
// line/offset in the part's XML). what() renders all of it in one line, plus a hint that
// says how to fix the input when there is one.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace kib {

enum class error_category : std::uint8_t {
    bad_input,  // the user's file is not what kib needs (corrupt, wrong kind, bad value): exit 2
    limit,      // the file exceeds a configured resource limit (size, ratio, count): exit 2
    io,         // the operating system refused (cannot open, cannot write): exit 2
    internal,   // a bug in kib: exit 1
};

const char* to_string(error_category c) noexcept;

struct location {
    std::string file;     // path of the file as the user named it
    std::string part;     // ZIP entry, e.g. "xl/worksheets/sheet1.xml"
    std::string where;    // element, cell ("KPI's!D7"), field or column
    std::uint64_t line = 0;    // 1-based line in the part, 0 when unknown
    std::uint64_t column = 0;  // 1-based column in that line, 0 when unknown
};

class error : public std::runtime_error {
public:
    error(error_category cat, location loc, std::string message, std::string hint = {});

    error_category category() const noexcept { return category_; }
    const location& where() const noexcept { return location_; }
    const std::string& message() const noexcept { return message_; }
    const std::string& hint() const noexcept { return hint_; }

    // Returns a copy with missing location fields filled from `outer` (fields already set win).
    // Used when an error thrown by part code (which knows only the line) passes the package layer.
    error with_context(const location& outer) const;

    // The process exit code for this error: 2 for bad input, limits and I/O, 1 for internal.
    int exit_code() const noexcept { return category_ == error_category::internal ? 1 : 2; }

private:
    static std::string render(const location& loc, const std::string& message, const std::string& hint);

    error_category category_;
    location location_;
    std::string message_;
    std::string hint_;
};

}  // namespace kib
