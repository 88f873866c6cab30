#include "readers/sheet_scan.hpp"

#include <cstring>

namespace kib::xlsx {

namespace {

// Letters and digits: the only bytes taken in r, s and t values (no entities, no quotes).
inline bool is_alnum(char c) noexcept {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// Bytes that make <v> text need the parser: markup, entities, CR handling, UTF-8 checking.
inline bool plain_text_byte(char c) noexcept {
    return c != '<' && c != '&' && c != '\r' && static_cast<unsigned char>(c) < 0x80;
}

}  // namespace

bool scan_plain_cell(std::string_view in, plain_cell& out) noexcept {
    // Works in locals and writes `out` once at the end: stores into `out` at the start, read back
    // by the attribute checks, were a third of this function's time.
    const char* d = in.data();
    const std::size_t n = in.size();
    // "<c" followed by a space, '>' or "/>" (not "<col" or "<c:..." or "<c\t").
    if (n < 4 || d[0] != '<' || d[1] != 'c') return false;
    const char* attr[3] = {nullptr, nullptr, nullptr};  // r, s, t: start of the value
    std::size_t attr_size[3] = {0, 0, 0};
    std::size_t i = 2;
    bool self_closing = false;
    for (;;) {
        if (i >= n) return false;
        if (d[i] == '>') {
            ++i;
            break;
        }
        if (d[i] == '/') {
            if (i + 1 >= n || d[i + 1] != '>') return false;
            self_closing = true;
            i += 2;
            break;
        }
        if (d[i] != ' ') return false;
        while (i < n && d[i] == ' ') ++i;
        if (i >= n) return false;
        if (d[i] == '>' || d[i] == '/') continue;
        // One of r="..", s="..", t=".." (one-letter names; each at most once).
        if (i + 3 >= n || d[i + 1] != '=' || d[i + 2] != '"') return false;
        int slot;
        switch (d[i]) {
            case 'r': slot = 0; break;
            case 's': slot = 1; break;
            case 't': slot = 2; break;
            default: return false;
        }
        if (attr[slot] != nullptr) return false;  // given twice: the parser decides which counts
        const std::size_t vs = i + 3;
        std::size_t j = vs;
        while (j < n && is_alnum(d[j])) ++j;
        if (j >= n || d[j] != '"') return false;
        attr[slot] = d + vs;
        attr_size[slot] = j - vs;
        i = j + 1;
    }
    const std::size_t start_tag = i;
    std::string_view v;
    bool has_v = false;
    if (!self_closing) {
        // Either "</c>" at once, or "<v>text</v></c>".
        if (i + 4 <= n && std::memcmp(d + i, "</c>", 4) == 0) {
            i += 4;
        } else {
            if (i + 3 > n || std::memcmp(d + i, "<v>", 3) != 0) return false;
            i += 3;
            const std::size_t vs = i;
            while (i < n && plain_text_byte(d[i])) ++i;
            if (i + 8 > n || std::memcmp(d + i, "</v></c>", 8) != 0) return false;
            v = std::string_view(d + vs, i - vs);
            has_v = true;
            i += 8;
        }
    }
    out.start_tag_size = start_tag;
    out.size = i;
    out.r = attr[0] ? std::string_view(attr[0], attr_size[0]) : std::string_view();
    out.s = attr[1] ? std::string_view(attr[1], attr_size[1]) : std::string_view();
    out.t = attr[2] ? std::string_view(attr[2], attr_size[2]) : std::string_view();
    out.v = v;
    out.has_v = has_v;
    return true;
}

}  // namespace kib::xlsx
