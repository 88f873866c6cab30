#include "readers/error.hpp"

#include <utility>

#include "readers/i18n.hpp"

namespace kib {

const char* to_string(error_category c) noexcept {
    switch (c) {
        case error_category::bad_input: return "bad input";
        case error_category::limit: return "limit exceeded";
        case error_category::io: return "i/o error";
        case error_category::internal: return "internal error";
    }
    return "error";
}

error::error(error_category cat, location loc, std::string message, std::string hint)
    : std::runtime_error(render(loc, message, hint)),
      category_(cat),
      location_(std::move(loc)),
      message_(std::move(message)),
      hint_(std::move(hint)) {}

error error::with_context(const location& outer) const {
    location merged = location_;
    if (merged.file.empty()) merged.file = outer.file;
    if (merged.part.empty()) merged.part = outer.part;
    if (merged.where.empty()) merged.where = outer.where;
    if (merged.line == 0) {
        merged.line = outer.line;
        merged.column = outer.column;
    }
    return error(category_, std::move(merged), message_, hint_);
}

// "book.xlsx: xl/worksheets/sheet1.xml: line 3, column 17: KPI's!D7: "6,0x" is not a number (hint)"
std::string error::render(const location& loc, const std::string& message, const std::string& hint) {
    std::string out;
    auto add = [&out](const std::string& piece) {
        if (piece.empty()) return;
        out += piece;
        out += ": ";
    };
    add(loc.file);
    add(loc.part);
    if (loc.line != 0) {
        add(loc.column != 0 ? trf("line {}, column {}", {std::to_string(loc.line), std::to_string(loc.column)})
                            : trf("line {}", {std::to_string(loc.line)}));
    }
    add(loc.where);
    // In the thread's language (readers/i18n.hpp): a message or hint that is a message id as a
    // whole is translated here; texts built with trf() arrive translated already.
    out += tr(message.c_str());
    if (!hint.empty()) {
        out += " (";
        out += tr(hint.c_str());
        out += ")";
    }
    return out;
}

}  // namespace kib
