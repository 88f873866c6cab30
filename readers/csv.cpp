#include "readers/csv.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "readers/error.hpp"
#include "readers/file_sniff.hpp"
#include "readers/i18n.hpp"
#include "readers/utf8.hpp"

namespace kib {

namespace {

bool valid_utf8(std::string_view s) { return first_invalid_utf8(s) == std::string_view::npos; }

// Windows-1252 bytes 0x80-0x9F; the rest of the upper half is Latin-1.
constexpr std::uint16_t cp1252_high[32] = {0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                           0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
                                           0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                           0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

std::string from_cp1252(std::string_view s) {
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    for (unsigned char c : s) {
        if (c < 0x80) out += static_cast<char>(c);
        else if (c < 0xA0) append_utf8(out, cp1252_high[c - 0x80]);
        else append_utf8(out, c);
    }
    return out;
}

std::string from_utf16(std::string_view s, bool little, const std::string& name) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i + 1 < s.size(); i += 2) {
        auto unit = [&](std::size_t at) -> std::uint32_t {
            const auto a = static_cast<unsigned char>(s[at]), b = static_cast<unsigned char>(s[at + 1]);
            return little ? (a | (b << 8)) : ((a << 8) | b);
        };
        std::uint32_t cp = unit(i);
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (i + 3 >= s.size()) throw error(error_category::bad_input, {name, {}, {}, 0, 0}, tr("UTF-16 text ends inside a character"));
            const std::uint32_t lo = unit(i + 2);
            if (lo < 0xDC00 || lo > 0xDFFF) throw error(error_category::bad_input, {name, {}, {}, 0, 0}, tr("invalid UTF-16 surrogate pair"));
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i += 2;
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            throw error(error_category::bad_input, {name, {}, {}, 0, 0}, tr("invalid UTF-16 surrogate"));
        }
        append_utf8(out, cp);
    }
    return out;
}

char detect_delimiter(std::string_view text) {
    std::size_t semi = 0, comma = 0, tab = 0;
    bool quoted = false;
    for (char c : text) {
        if (c == '"') quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r')) break;
        else if (!quoted && c == ';') ++semi;
        else if (!quoted && c == ',') ++comma;
        else if (!quoted && c == '\t') ++tab;
    }
    if (tab > semi && tab > comma) return '\t';
    if (comma > semi) return ',';
    return ';';
}

}  // namespace

csv_table parse_csv(std::string_view bytes, const std::string& name, const csv_options& options) {
    csv_table t;
    std::string converted;
    std::string_view text = bytes;
    if (text.size() >= 3 && std::memcmp(text.data(), "\xEF\xBB\xBF", 3) == 0) {
        text.remove_prefix(3);
        t.encoding = "utf-8-bom";
    } else if (text.size() >= 2 && static_cast<unsigned char>(text[0]) == 0xFF && static_cast<unsigned char>(text[1]) == 0xFE) {
        converted = from_utf16(text.substr(2), true, name);
        text = converted;
        t.encoding = "utf-16le";
    } else if (text.size() >= 2 && static_cast<unsigned char>(text[0]) == 0xFE && static_cast<unsigned char>(text[1]) == 0xFF) {
        converted = from_utf16(text.substr(2), false, name);
        text = converted;
        t.encoding = "utf-16be";
    } else if (valid_utf8(text)) {
        t.encoding = "utf-8";
    } else {
        converted = from_cp1252(text);
        text = converted;
        t.encoding = "windows-1252";
    }
    if (t.encoding == "utf-8-bom" && !valid_utf8(text)) {
        throw error(error_category::bad_input, {name, {}, {}, 0, 0}, tr("the file starts with a UTF-8 mark but is not valid UTF-8"),
                    tr("save it again as 'CSV UTF-8'"));
    }
    t.delimiter = options.delimiter ? options.delimiter : detect_delimiter(text);

    std::uint64_t line = 1;
    std::vector<std::string> record;
    std::string field;
    std::uint64_t record_line = 1;
    bool any = false;  // the current record has content (so a trailing newline adds no empty row)
    std::size_t i = 0;
    const std::size_t n = text.size();
    auto end_record = [&] {
        record.push_back(std::move(field));
        field.clear();
        t.rows.push_back(std::move(record));
        t.lines.push_back(record_line);
        record.clear();
        any = false;
    };
    while (i < n) {
        const char c = text[i];
        if (c == '"' && field.empty()) {
            // Quoted field.
            const std::uint64_t start_line = line;
            ++i;
            for (;;) {
                if (i >= n)
                    throw error(error_category::bad_input, {name, {}, {}, start_line, 0},
                                tr("a quoted field that starts here is never closed"),
                                tr("check for a stray '\"' in this line"));
                const char q = text[i];
                if (q == '"') {
                    if (i + 1 < n && text[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                if (q == '\r') {
                    field += '\n';
                    ++line;
                    i += (i + 1 < n && text[i + 1] == '\n') ? 2 : 1;
                    continue;
                }
                if (q == '\n') ++line;
                field += q;
                ++i;
            }
            any = true;
            // Text after the closing quote up to the delimiter is kept, as Excel does.
            continue;
        }
        if (c == t.delimiter) {
            record.push_back(std::move(field));
            field.clear();
            any = true;
            ++i;
            continue;
        }
        if (c == '\n' || c == '\r') {
            i += (c == '\r' && i + 1 < n && text[i + 1] == '\n') ? 2 : 1;
            if (any || !field.empty()) end_record();
            else record.clear();
            ++line;
            record_line = line;
            continue;
        }
        field += c;
        any = true;
        ++i;
    }
    if (any || !field.empty()) end_record();
    return t;
}

csv_table read_csv(const std::string& path, const csv_options& options) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw error(error_category::io, {path, {}, {}, 0, 0}, trf("cannot open the file: {}", {system_message(errno)}));
    std::string bytes;
    in.seekg(0, std::ios::end);
    const auto size = in.tellg();
    if (size < 0) throw error(error_category::io, {path, {}, {}, 0, 0}, tr("cannot read the file"));
    if (static_cast<std::uint64_t>(size) > options.max_bytes)
        throw error(error_category::limit, {path, {}, {}, 0, 0},
                    trf("the file is larger than the limit of {} bytes", {std::to_string(options.max_bytes)}),
                    limit_hint("csv_mb"));
    bytes.resize(static_cast<std::size_t>(size));
    in.seekg(0);
    in.read(bytes.data(), size);
    // A workbook, PDF, image, password-protected or legacy file given where a CSV (or an .xlsx
    // that is no ZIP) was expected: say what it really is (readers/file_sniff.hpp).
    const std::string_view b = bytes;
    const std::size_t tail = std::min<std::size_t>(b.size(), 64 * 1024 + 22);
    if (const auto why = refuse(sniff_bytes(b, b.substr(b.size() - tail), b.size()), false))
        throw error(error_category::bad_input, {path, {}, {}, 0, 0}, why->message, why->hint);
    return parse_csv(bytes, path, options);
}

}  // namespace kib
