// `kib comments`: every review mark of a Word draft — comments with replies and resolved state,
// highlighted text, tracked changes — as a summary per author and section, or as JSON.
#pragma once

#include <iosfwd>
#include <string>

#include "readers/docx_comments.hpp"

namespace kib {

struct comments_options {
    bool json = false;
    std::string output;  // -o: also write the comment register workbook here (see comments_register.hpp)
};

// {"comments":[…],"highlights":[…],"revisions":[…],"people":[…]} with one object per item.
// Dates are kept as written; date_utc and parent are null when unknown / not a reply.
std::string review_marks_json(const docx::review_marks& marks);

// The text summary: counts per author and per section, then the open comments.
void print_review_summary(const docx::review_marks& marks, const std::string& file, std::ostream& out);

// Reads path and writes the summary or JSON to out, and the register when options.output is set. Throws kib::error for unreadable input.
void comments(const std::string& path, const comments_options& options, std::ostream& out);

}  // namespace kib
