// `kib fill`: fills a Word template (a .docx or builtin:NAME) with JSON data.
#pragma once

#include <iosfwd>
#include <string>

namespace kib {

struct fill_cli_options {
    std::string template_path;  // a .docx path or "builtin:baateigenaar"
    std::string data_path;      // JSON file ("-" for standard input)
    std::string output;         // the .docx to write, or with each_key a folder
    std::string each_key;       // when set: one document per element of data[each_key]
    bool allow_missing = false; // missing fields become empty with a warning
};

// Runs the command; warnings go to err, one line each. Throws kib::error.
void fill(const fill_cli_options& options, std::ostream& out, std::ostream& err);

}  // namespace kib
