#include "writers/shared_strings_part.hpp"

#include <cstdio>

namespace kib::writers::shared_strings {

namespace {

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// True when s[i..] starts with _xHHHH_ (which a reader would decode).
bool looks_like_escape(std::string_view s, std::size_t i) {
    return i + 7 <= s.size() && s[i] == '_' && s[i + 1] == 'x' && is_hex(s[i + 2]) && is_hex(s[i + 3]) &&
           is_hex(s[i + 4]) && is_hex(s[i + 5]) && s[i + 6] == '_';
}

}  // namespace

std::uint32_t string_table::add(std::string_view text) {
    ++uses_;
    auto [it, inserted] = index_.try_emplace(std::string(text), static_cast<std::uint32_t>(strings_.size()));
    if (inserted) strings_.emplace_back(text);
    return it->second;
}

std::string escape_x(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 && c != '\t' && c != '\n') {
            char buf[8];
            std::snprintf(buf, sizeof buf, "_x%04X_", c);
            out += buf;
        } else if (looks_like_escape(text, i)) {
            out += "_x005F_";  // the underscore itself, so the rest stays literal text
        } else {
            out += text[i];
        }
    }
    return out;
}

void write_si(detail::xml_emit& w, std::string_view text) {
    const std::string t = escape_x(text);
    const bool preserve = !t.empty() && (t.front() == ' ' || t.back() == ' ' || t.front() == '\t' ||
                                         t.back() == '\t' || t.find('\n') != std::string::npos);
    w.start("si");
    if (preserve)
        w.data("t", t, {{"xml:space", "preserve"}});
    else
        w.data("t", t);
    w.end("si");
}

std::string write_part(const string_table& t) {
    std::string out;
    detail::xml_emit w(out);
    w.declaration();
    w.start("sst", {{"xmlns", "http://schemas.openxmlformats.org/spreadsheetml/2006/main"},
                    {"count", std::to_string(t.uses())},
                    {"uniqueCount", std::to_string(t.strings().size())}});
    for (const auto& s : t.strings()) write_si(w, s);
    w.end("sst");
    return out;
}

}  // namespace kib::writers::shared_strings
