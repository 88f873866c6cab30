#include "readers/xml_pull.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "readers/error.hpp"
#include "readers/i18n.hpp"
#include "readers/utf8.hpp"

namespace kib::xml {

ns classify_uri(std::string_view u) noexcept {
    // Transitional and strict (purl.oclc.org) URIs of the same vocabulary are one namespace.
    if (u == "http://schemas.openxmlformats.org/spreadsheetml/2006/main" ||
        u == "http://purl.oclc.org/ooxml/spreadsheetml/main")
        return ns::sml;
    if (u == "http://schemas.openxmlformats.org/officeDocument/2006/relationships" ||
        u == "http://purl.oclc.org/ooxml/officeDocument/relationships")
        return ns::rel;
    if (u == "http://schemas.openxmlformats.org/package/2006/relationships") return ns::pkg_rel;
    if (u == "http://schemas.openxmlformats.org/package/2006/content-types") return ns::content_types;
    if (u == "http://schemas.openxmlformats.org/wordprocessingml/2006/main" ||
        u == "http://purl.oclc.org/ooxml/wordprocessingml/main")
        return ns::wml;
    if (u == "http://schemas.microsoft.com/office/word/2010/wordml") return ns::w14;
    if (u == "http://schemas.microsoft.com/office/word/2012/wordml" ||
        u == "http://schemas.microsoft.com/office/word/2010/11/wordml")
        return ns::w15;
    if (u == "http://schemas.microsoft.com/office/word/2016/wordml/cid") return ns::w16cid;
    if (u == "http://schemas.microsoft.com/office/word/2018/wordml/cex") return ns::w16cex;
    if (u == "http://schemas.microsoft.com/office/word/2023/wordml/word16du") return ns::w16du;
    if (u == "http://schemas.openxmlformats.org/markup-compatibility/2006") return ns::mc;
    if (u == "http://www.w3.org/XML/1998/namespace") return ns::xml;
    if (u == "http://schemas.openxmlformats.org/package/2006/metadata/core-properties") return ns::core_props;
    if (u == "http://purl.org/dc/elements/1.1/") return ns::dc;
    return ns::other;
}

namespace {

// Byte classes: one table lookup per byte instead of a chain of comparisons (the scanner's
// inner loops run once per byte of a 175 MB sheet).
enum : std::uint8_t {
    cls_space = 1,    // XML white space
    cls_name = 2,     // may be part of a tag or attribute name (as this parser reads names)
    cls_decode = 4,   // text that needs decoding: '&' and '\r'
    cls_high = 8,     // a byte of a multi-byte UTF-8 sequence: text needs the UTF-8 check
};

constexpr std::array<std::uint8_t, 256> make_classes() {
    std::array<std::uint8_t, 256> t{};
    for (int i = 0; i < 256; ++i) {
        const char c = static_cast<char>(i);
        std::uint8_t v = 0;
        const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (space) v |= cls_space;
        if (!space && c != '>' && c != '/' && c != '=' && c != '<' && c != '"' && c != '\'') v |= cls_name;
        if (c == '&' || c == '\r') v |= cls_decode;
        if (i >= 0x80) v |= cls_high;
        t[static_cast<std::size_t>(i)] = v;
    }
    return t;
}
constexpr std::array<std::uint8_t, 256> classes = make_classes();

inline std::uint8_t class_of(char c) noexcept { return classes[static_cast<unsigned char>(c)]; }
inline bool is_space(char c) noexcept { return class_of(c) & cls_space; }
inline bool is_name_char(char c) noexcept { return class_of(c) & cls_name; }

// Equality of short strings without a call to memcmp (names here are a few bytes long).
inline bool same(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] != b[i]) return false;
    }
    return true;
}

// A name's prefix separator; an inline loop, since names are short and memchr is a call.
inline std::size_t find_colon(std::string_view name) noexcept {
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (name[i] == ':') return i;
    }
    return std::string_view::npos;
}

inline bool is_xmlns(std::string_view aname) noexcept {
    return aname.size() >= 5 && aname[0] == 'x' && aname[1] == 'm' && aname[2] == 'l' && aname[3] == 'n' &&
           aname[4] == 's' && (aname.size() == 5 || aname[5] == ':');
}

}  // namespace

namespace {

const char* const depth_hint =
    N_("no office program nests XML this deep; the file is damaged or made to break readers "
       "(the limit is xml_depth: --limit xml_depth=N, or xml_depth under [limits] in kib.toml)");
const char* const value_hint =
    N_("no cell or paragraph holds this much text; split the text over several cells or paragraphs "
       "(the limit is string_mb: --limit string_mb=N, or string_mb under [limits] in kib.toml)");

std::string depth_message(std::size_t max_depth) {
    return trf("elements nested deeper than {} levels (limit)", {std::to_string(max_depth)});
}

std::string value_message(std::size_t max_size) {
    return trf("a text or attribute value of more than {} bytes (limit)", {std::to_string(max_size)});
}

[[noreturn]] void fail_limit_at(std::string_view doc, std::size_t offset, const std::string& message, const char* hint) {
    location loc;
    loc.line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < offset && i < doc.size(); ++i) {
        if (doc[i] == '\n') {
            ++loc.line;
            line_start = i + 1;
        }
    }
    loc.column = offset - line_start + 1;
    throw error(error_category::limit, std::move(loc), message, hint);
}

}  // namespace

void check_limits(std::string_view doc, const limits& lim) {
    // Walks from '<' to '<' with memchr: text runs are measured between tags, attribute values
    // between their quotes; comments, CDATA, PIs and declarations are skipped (CDATA measured).
    const std::size_t n = doc.size();
    const char* d = doc.data();
    std::size_t depth = 0;
    std::size_t i = 0;
    auto find = [&](std::string_view what, std::size_t from) {
        const std::size_t at = doc.find(what, from);
        return at == std::string_view::npos ? n : at;
    };
    while (i < n) {
        const char* lt = static_cast<const char*>(std::memchr(d + i, '<', n - i));
        const std::size_t at = lt ? static_cast<std::size_t>(lt - d) : n;
        if (at - i > lim.max_value_size) fail_limit_at(doc, i, value_message(lim.max_value_size), value_hint);
        if (at >= n) break;
        const std::string_view ahead = doc.substr(at, 9);
        if (ahead.substr(0, 4) == "<!--") {
            i = find("-->", at + 4) + 3;
        } else if (ahead == "<![CDATA[") {
            const std::size_t end = find("]]>", at + 9);
            if (end - (at + 9) > lim.max_value_size) fail_limit_at(doc, at, value_message(lim.max_value_size), value_hint);
            i = end + 3;
        } else if (ahead.substr(0, 2) == "<?") {
            i = find("?>", at + 2) + 2;
        } else if (ahead.substr(0, 2) == "<!") {
            i = find(">", at + 2) + 1;
        } else if (ahead.substr(0, 2) == "</") {
            if (depth > 0) --depth;
            i = find(">", at + 2) + 1;
        } else {
            std::size_t j = at + 1;
            bool self_closing = false;
            while (j < n && d[j] != '>') {
                if (d[j] == '"' || d[j] == '\'') {
                    const char q = d[j];
                    const char* close = static_cast<const char*>(std::memchr(d + j + 1, q, n - j - 1));
                    const std::size_t end = close ? static_cast<std::size_t>(close - d) : n;
                    if (end - (j + 1) > lim.max_value_size) fail_limit_at(doc, j, value_message(lim.max_value_size), value_hint);
                    j = end + 1;
                    continue;
                }
                self_closing = d[j] == '/';
                ++j;
            }
            if (!self_closing && ++depth > lim.max_depth) fail_limit_at(doc, at, depth_message(lim.max_depth), depth_hint);
            i = j + 1;
        }
    }
}

pull_parser::pull_parser(std::string_view whole_document, const limits& lim)
    : limits_(lim), buf_(whole_document), chunk_size_(0), eof_(true) {
    if (buf_.size() >= 3 && std::memcmp(buf_.data(), "\xEF\xBB\xBF", 3) == 0) pos_ = 3;
}

pull_parser::pull_parser(source src, std::size_t chunk_size, const limits& lim)
    : limits_(lim), source_(std::move(src)), chunk_size_(chunk_size) {
    fill();
    if (buf_.size() >= 3 && std::memcmp(buf_.data(), "\xEF\xBB\xBF", 3) == 0) pos_ = 3;
}

bool pull_parser::fill() {
    if (eof_) return false;
    // The window holds the current token from pos_ on: a token this long is refused before the
    // window grows further (a hostile part could otherwise make it grow to the part's size).
    check_value_size(buf_.size() - pos_);
    // Keep everything from the current token on (pos_ marks its start); drop what is before.
    const std::size_t keep_from = pos_;
    const char* data = owned_.data();
    // Sheets are often one long line: memchr skips through it instead of testing every byte.
    for (const char* nl = data; keep_from > 0;) {
        nl = static_cast<const char*>(std::memchr(nl, '\n', static_cast<std::size_t>(data + keep_from - nl)));
        if (!nl) break;
        ++lines_before_;
        last_line_start_ = consumed_ + static_cast<std::size_t>(nl - data) + 1;
        ++nl;
    }
    const std::size_t kept = buf_.size() - keep_from;
    if (keep_from > 0 && kept > 0) std::memmove(owned_.data(), owned_.data() + keep_from, kept);
    consumed_ += keep_from;
    pos_ = 0;
    if (owned_.size() < kept + chunk_size_) owned_.resize(std::max(kept + chunk_size_, owned_.size() * 2));
    const std::size_t got = source_(owned_.data() + kept, owned_.size() - kept);
    if (got == 0) eof_ = true;
    buf_ = std::string_view(owned_.data(), kept + got);
    return got != 0;
}

std::size_t pull_parser::line_column(std::size_t offset, std::size_t& column) const {
    std::size_t line = lines_before_ + 1;
    std::size_t line_start = last_line_start_;
    for (std::size_t i = 0; i < offset && i < buf_.size(); ++i) {
        if (buf_[i] == '\n') {
            ++line;
            line_start = consumed_ + i + 1;
        }
    }
    column = consumed_ + offset - line_start + 1;
    return line;
}

void pull_parser::fail(const std::string& message) const {
    location loc;
    loc.line = line_column(pos_, loc.column);
    throw error(error_category::bad_input, std::move(loc), message, tr("the XML of this part is damaged"));
}

void pull_parser::fail_limit(const std::string& message, const std::string& hint) const {
    location loc;
    loc.line = line_column(pos_, loc.column);
    throw error(error_category::limit, std::move(loc), message, hint);
}

void pull_parser::check_value_size(std::size_t size) const {
    if (size > limits_.max_value_size) fail_limit(value_message(limits_.max_value_size), value_hint);
}

bool pull_parser::decode(std::string_view raw, std::string& out, bool attribute) {
    std::size_t i = 0;
    while (i < raw.size()) {
        const char c = raw[i];
        if (c == '&') {
            const std::size_t semi = raw.find(';', i + 1);
            if (semi == std::string_view::npos || semi - i > 12) return false;
            const std::string_view ent = raw.substr(i + 1, semi - i - 1);
            if (ent == "amp") out += '&';
            else if (ent == "lt") out += '<';
            else if (ent == "gt") out += '>';
            else if (ent == "quot") out += '"';
            else if (ent == "apos") out += '\'';
            else if (ent.size() >= 2 && ent[0] == '#') {
                std::uint32_t cp = 0;
                const bool hex = ent[1] == 'x';
                const std::string_view digits = ent.substr(hex ? 2 : 1);
                if (digits.empty()) return false;
                for (char d : digits) {
                    std::uint32_t v;
                    if (d >= '0' && d <= '9') v = static_cast<std::uint32_t>(d - '0');
                    else if (hex && d >= 'a' && d <= 'f') v = static_cast<std::uint32_t>(d - 'a' + 10);
                    else if (hex && d >= 'A' && d <= 'F') v = static_cast<std::uint32_t>(d - 'A' + 10);
                    else return false;
                    cp = cp * (hex ? 16 : 10) + v;
                    if (cp > 0x10FFFF) return false;
                }
                if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
                append_utf8(out, cp);
            } else {
                return false;
            }
            i = semi + 1;
        } else if (c == '\r') {
            // XML end-of-line handling: CRLF and lone CR become LF.
            out += attribute ? ' ' : '\n';
            i += (i + 1 < raw.size() && raw[i + 1] == '\n') ? 2 : 1;
        } else if (attribute && (c == '\n' || c == '\t')) {
            out += ' ';
            ++i;
        } else {
            out += c;
            ++i;
        }
    }
    return true;
}

void pull_parser::set_text(std::string_view raw) {
    std::uint8_t seen = 0;
    for (char c : raw) seen |= class_of(c);
    if (!(seen & cls_decode)) {
        text_ = raw;
    } else {
        scratch_.clear();
        if (!decode(raw, scratch_, false)) fail(tr("invalid entity or character reference in text"));
        text_ = scratch_;
        seen = 0;
        for (char c : text_) seen |= class_of(c);
    }
    if ((seen & cls_high) && first_invalid_utf8(text_) != std::string_view::npos) fail(tr("text is not valid UTF-8"));
}

ns pull_parser::resolve(std::string_view prefix) const {
    if (prefix.empty() && default_cached_) return default_ns_;
    ns found = ns::none;
    bool bound = false;
    for (auto it = bindings_.rbegin(); it != bindings_.rend(); ++it) {
        if (same(it->prefix, prefix)) {
            found = it->nspace;
            bound = true;
            break;
        }
    }
    if (!bound && same(prefix, "xml")) found = ns::xml;
    if (prefix.empty()) {
        default_cached_ = true;
        default_ns_ = found;
    }
    return found;
}

void pull_parser::pop_bindings() noexcept {
    while (!bindings_.empty() && bindings_.back().depth == depth_) {
        bindings_.pop_back();
        default_cached_ = false;
    }
}

std::size_t pull_parser::find_tag_end(std::size_t from) {
    // Finds the '>' that ends the tag starting at pos_, honouring quoted attribute values.
    std::size_t i = from;
    char quote = 0;
    for (;;) {
        while (i < buf_.size()) {
            const char c = buf_[i];
            if (quote) {
                if (c == quote) quote = 0;
            } else if (c == '>') {
                return i;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '<') {
                fail(tr("'<' inside a tag"));
            }
            ++i;
        }
        const std::size_t before = pos_;
        if (!fill()) fail(tr("the part ends inside a tag"));
        i -= before;  // fill() moved the window
    }
}

void pull_parser::parse_start_tag(std::size_t tag_end) {
    // buf_[pos_] == '<', buf_[tag_end] == '>'
    std::size_t i = pos_ + 1;
    const std::size_t name_start = i;
    while (i < tag_end && is_name_char(buf_[i])) ++i;
    if (i == name_start) fail(tr("a tag without a name"));
    const std::string_view qname = buf_.substr(name_start, i - name_start);
    std::size_t body_end = tag_end;
    pending_end_ = false;
    if (buf_[tag_end - 1] == '/' && tag_end - 1 >= i) {
        pending_end_ = true;
        body_end = tag_end - 1;
    }
    attrs_.clear();
    const std::size_t depth_after = depth_ + 1;
    bool declared = false;
    while (i < body_end) {
        if (is_space(buf_[i])) {
            ++i;
            continue;
        }
        const std::size_t an = i;
        while (i < body_end && is_name_char(buf_[i])) ++i;
        const std::string_view aname = buf_.substr(an, i - an);
        while (i < body_end && is_space(buf_[i])) ++i;
        if (aname.empty() || i >= body_end || buf_[i] != '=') fail(trf("malformed attribute in <{}>", {std::string(qname)}));
        ++i;
        while (i < body_end && is_space(buf_[i])) ++i;
        if (i >= body_end || (buf_[i] != '"' && buf_[i] != '\'')) fail(tr("attribute value without quotes"));
        const char q = buf_[i++];
        const std::size_t vs = i;
        while (i < body_end && buf_[i] != q) ++i;
        if (i >= body_end) fail(tr("unterminated attribute value"));
        const std::string_view raw = buf_.substr(vs, i - vs);
        ++i;
        if (is_xmlns(aname)) {
            const std::string_view prefix = aname.size() == 5 ? std::string_view{} : aname.substr(6);
            scratch_.clear();
            if (!decode(raw, scratch_, true)) fail(tr("invalid namespace URI"));
            bindings_.push_back({depth_after, std::string(prefix), scratch_.empty() ? ns::none : classify_uri(scratch_)});
            default_cached_ = false;
            declared = true;
            continue;
        }
        attribute a;
        a.raw = raw;
        const std::size_t colon = find_colon(aname);
        if (colon == std::string_view::npos) {
            a.local = aname;
        } else {
            a.prefix = aname.substr(0, colon);
            a.local = aname.substr(colon + 1);
        }
        attrs_.push_back(a);
    }
    (void)declared;
    finish_start_tag(qname);
}

std::size_t pull_parser::fast_start_tag() {
    // buf_[pos_] == '<' and not "</", "<?", "<!". Same reading as find_tag_end() followed by
    // parse_start_tag(), for tags that are well-formed and wholly in the window.
    const char* d = buf_.data();
    const std::size_t n = buf_.size();
    std::size_t i = pos_ + 1;
    const std::size_t name_start = i;
    while (i < n && is_name_char(d[i])) ++i;
    if (i == name_start || i >= n) return std::string_view::npos;
    const std::string_view qname(d + name_start, i - name_start);
    const std::size_t bindings_before = bindings_.size();
    const std::size_t depth_after = depth_ + 1;
    attrs_.clear();
    bool self_closing = false;
    for (;;) {
        while (i < n && is_space(d[i])) ++i;
        if (i >= n) break;
        const char c = d[i];
        if (c == '>') break;
        if (c == '/') {
            if (i + 1 < n && d[i + 1] == '>') {
                self_closing = true;
                ++i;
            } else {
                i = n;
            }
            break;
        }
        const std::size_t an = i;
        while (i < n && is_name_char(d[i])) ++i;
        if (i == an) {
            i = n;
            break;
        }
        const std::string_view aname(d + an, i - an);
        while (i < n && is_space(d[i])) ++i;
        if (i >= n || d[i] != '=') {
            i = n;
            break;
        }
        ++i;
        while (i < n && is_space(d[i])) ++i;
        if (i >= n || (d[i] != '"' && d[i] != '\'')) {
            i = n;
            break;
        }
        const char q = d[i++];
        // Values are mostly a few bytes ("B7", "s"): look at those inline, memchr beyond.
        std::size_t close = i;
        const std::size_t inline_end = std::min(n, i + 16);
        while (close < inline_end && d[close] != q) ++close;
        if (close == inline_end) {
            const char* found = close < n ? static_cast<const char*>(std::memchr(d + close, q, n - close)) : nullptr;
            if (!found) {
                i = n;
                break;
            }
            close = static_cast<std::size_t>(found - d);
        }
        const std::string_view raw(d + i, close - i);
        i = close + 1;
        if (is_xmlns(aname)) {
            const std::string_view prefix = aname.size() == 5 ? std::string_view{} : aname.substr(6);
            scratch_.clear();
            if (!decode(raw, scratch_, true)) {
                i = n;  // the general path reports it, or an earlier fault of this tag
                break;
            }
            bindings_.push_back({depth_after, std::string(prefix), scratch_.empty() ? ns::none : classify_uri(scratch_)});
            default_cached_ = false;
            continue;
        }
        attribute a;
        a.raw = raw;
        const std::size_t colon = find_colon(aname);
        if (colon == std::string_view::npos) {
            a.local = aname;
        } else {
            a.prefix = aname.substr(0, colon);
            a.local = aname.substr(colon + 1);
        }
        attrs_.push_back(a);
    }
    if (i >= n) {
        if (bindings_.size() != bindings_before) {
            bindings_.erase(bindings_.begin() + static_cast<std::ptrdiff_t>(bindings_before), bindings_.end());
            default_cached_ = false;
        }
        return std::string_view::npos;
    }
    pending_end_ = self_closing;
    finish_start_tag(qname);
    return i;
}

bool pull_parser::fast_end_tag() {
    // buf_[pos_] == '<', buf_[pos_ + 1] == '/'. Only the exact "</qname>" of the open element.
    if (depth_ == 0) return false;
    open_element& e = stack_[depth_ - 1];
    const std::size_t at = pos_ + 2;
    const std::size_t len = e.qname.size();
    if (at + len >= buf_.size() || buf_[at + len] != '>' || !same(buf_.substr(at, len), e.qname)) return false;
    element_ns_ = e.nspace;
    local_ = std::string_view(e.qname.data() + e.local_offset, e.qname.size() - e.local_offset);
    pop_bindings();
    --depth_;
    pos_ = at + len + 1;
    return true;
}

bool pull_parser::fast_element_text(std::string_view& out) {
    // Just after a start event: plain text up to the element's own end tag, both in the window.
    if (pending_end_) return false;
    const char* d = buf_.data();
    const std::size_t n = buf_.size();
    if (pos_ >= n) return false;
    // Cell values are a few bytes ("3", "45931"): look at those inline, memchr beyond.
    std::size_t lt_pos = pos_;
    const std::size_t inline_end = std::min(n, pos_ + 24);
    while (lt_pos < inline_end && d[lt_pos] != '<') ++lt_pos;
    if (lt_pos == inline_end) {
        const char* lt = lt_pos < n ? static_cast<const char*>(std::memchr(d + lt_pos, '<', n - lt_pos)) : nullptr;
        if (!lt) return false;
        lt_pos = static_cast<std::size_t>(lt - d);
    }
    if (lt_pos + 1 >= n || d[lt_pos + 1] != '/') return false;
    const std::string_view raw(d + pos_, lt_pos - pos_);
    std::uint8_t seen = 0;
    for (char c : raw) seen |= class_of(c);
    if (seen & cls_decode) return false;
    if ((seen & cls_high) && first_invalid_utf8(raw) != std::string_view::npos) return false;
    const std::size_t start = pos_;
    pos_ = lt_pos;
    if (!fast_end_tag()) {
        pos_ = start;
        return false;
    }
    out = raw;
    return true;
}

void pull_parser::finish_start_tag(std::string_view qname) {
    for (auto& a : attrs_) {
        if (!a.prefix.empty()) {
            a.nspace = resolve(a.prefix);
            if (a.nspace == ns::none) fail(trf("undeclared namespace prefix '{}'", {std::string(a.prefix)}));
        }
    }
    std::string_view prefix, local = qname;
    const std::size_t colon = find_colon(qname);
    if (colon != std::string_view::npos) {
        prefix = qname.substr(0, colon);
        local = qname.substr(colon + 1);
    }
    element_ns_ = resolve(prefix);
    if (!prefix.empty() && element_ns_ == ns::none) fail(trf("undeclared namespace prefix '{}'", {std::string(prefix)}));
    if (depth_ >= limits_.max_depth) fail_limit(depth_message(limits_.max_depth), depth_hint);
    if (depth_ == stack_.size()) stack_.emplace_back();
    open_element& e = stack_[depth_];
    if (!same(e.qname, qname)) e.qname.assign(qname);  // the slot usually holds this name already
    e.nspace = element_ns_;
    e.local_offset = colon == std::string_view::npos ? 0 : colon + 1;
    ++depth_;
    local_ = std::string_view(e.qname.data() + e.local_offset, e.qname.size() - e.local_offset);
}

pull_parser::event pull_parser::next() {
    if (pending_end_) {
        pending_end_ = false;
        open_element& e = stack_[depth_ - 1];
        element_ns_ = e.nspace;
        local_ = std::string_view(e.qname.data() + e.local_offset, e.qname.size() - e.local_offset);
        pop_bindings();
        --depth_;
        return event::end;
    }
    for (;;) {
        if (pos_ >= buf_.size() && !fill()) {
            if (depth_ != 0) fail(trf("the part ends before </{}>", {stack_[depth_ - 1].qname}));
            if (!seen_root_) fail(tr("the part has no root element"));
            return event::eof;
        }
        if (buf_[pos_] != '<') {
            // Text up to the next '<'.
            std::size_t lt = buf_.find('<', pos_);
            while (lt == std::string_view::npos) {
                const std::size_t scanned = buf_.size() - pos_;
                if (!fill()) {
                    lt = buf_.size();
                    break;
                }
                lt = buf_.find('<', pos_ + scanned);
            }
            const std::string_view raw = buf_.substr(pos_, lt - pos_);
            check_value_size(raw.size());
            if (depth_ == 0) {
                for (char c : raw) {
                    if (!is_space(c)) fail(tr("text outside the root element"));
                }
                pos_ = lt;
                continue;
            }
            set_text(raw);
            pos_ = lt;
            return event::text;
        }
        // A markup construct: make sure we can look a few bytes ahead.
        while (buf_.size() - pos_ < 9 && fill()) {
        }
        const std::string_view ahead = buf_.substr(pos_);
        if (ahead.size() < 2) fail(tr("the part ends inside a tag"));
        if (ahead[1] == '/') {
            if (fast_end_tag()) return event::end;
            const std::size_t end = find_tag_end(pos_ + 2);
            std::string_view name = buf_.substr(pos_ + 2, end - pos_ - 2);
            while (!name.empty() && is_space(name.back())) name.remove_suffix(1);
            if (depth_ == 0) fail(trf("closing tag </{}> without an opening tag", {std::string(name)}));
            open_element& e = stack_[depth_ - 1];
            if (name != e.qname) fail(trf("</{}> closes <{}>", {std::string(name), e.qname}));
            element_ns_ = e.nspace;
            local_ = std::string_view(e.qname.data() + e.local_offset, e.qname.size() - e.local_offset);
            pop_bindings();
            --depth_;
            pos_ = end + 1;
            return event::end;
        }
        if (ahead[1] == '?') {
            std::size_t end = buf_.find("?>", pos_ + 2);
            while (end == std::string_view::npos) {
                if (!fill()) fail(tr("unterminated processing instruction"));
                end = buf_.find("?>", pos_ + 2);
            }
            pos_ = end + 2;
            continue;
        }
        if (ahead[1] == '!') {
            if (ahead.substr(0, 4) == "<!--") {
                std::size_t end = buf_.find("-->", pos_ + 4);
                while (end == std::string_view::npos) {
                    if (!fill()) fail(tr("unterminated comment"));
                    end = buf_.find("-->", pos_ + 4);
                }
                pos_ = end + 3;
                continue;
            }
            if (ahead.substr(0, 9) == "<![CDATA[") {
                if (depth_ == 0) fail(tr("CDATA outside the root element"));
                std::size_t end = buf_.find("]]>", pos_ + 9);
                while (end == std::string_view::npos) {
                    if (!fill()) fail(tr("unterminated CDATA section"));
                    end = buf_.find("]]>", pos_ + 9);
                }
                text_ = buf_.substr(pos_ + 9, end - pos_ - 9);
                check_value_size(text_.size());
                if (first_invalid_utf8(text_) != std::string_view::npos) fail(tr("text is not valid UTF-8"));
                pos_ = end + 3;
                return event::text;
            }
            if (ahead.substr(0, 9) == "<!DOCTYPE")
                fail(tr("a DTD (<!DOCTYPE>) is not allowed in Office Open XML; kib does not expand entities"));
            fail(tr("unknown markup '<!'"));
        }
        if (depth_ != 0) {
            const std::size_t fast_end = fast_start_tag();
            if (fast_end != std::string_view::npos) {
                pos_ = fast_end + 1;
                return event::start;
            }
        }
        const std::size_t end = find_tag_end(pos_ + 1);
        if (depth_ == 0) {
            if (seen_root_) fail(tr("a second root element"));
            seen_root_ = true;
        }
        parse_start_tag(end);
        pos_ = end + 1;
        return event::start;
    }
}

bool pull_parser::has_attr(ns n, std::string_view local) const noexcept {
    for (const auto& a : attrs_) {
        if (a.nspace == n && same(a.local, local)) return true;
    }
    return false;
}

std::string_view pull_parser::attr_raw(ns n, std::string_view local) const noexcept {
    for (const auto& a : attrs_) {
        if (a.nspace == n && same(a.local, local)) return a.raw;
    }
    return {};
}

std::string pull_parser::attr(ns n, std::string_view local) const {
    const std::string_view raw = attr_raw(n, local);
    std::string out;
    if (raw.find_first_of("&\r\n\t") == std::string_view::npos) {
        out.assign(raw);
    } else if (!decode(raw, out, true)) {
        fail(trf("invalid entity in attribute '{}'", {std::string(local)}));
    }
    if (first_invalid_utf8(out) != std::string_view::npos) fail(trf("attribute '{}' is not valid UTF-8", {std::string(local)}));
    return out;
}

std::string_view pull_parser::element_text() {
    // text_ points into the input window, which the next fill() may move: copy as we go.
    std::string_view fast;
    if (fast_element_text(fast)) {
        check_value_size(fast.size());
        return fast;  // a view into the window: valid until next()
    }
    const std::size_t target = depth_ - 1;
    element_text_.clear();
    for (;;) {
        const event e = next();
        if (e == event::text) {
            element_text_ += text_;
            check_value_size(element_text_.size());
        } else if (e == event::end && depth_ == target) {
            return element_text_;
        } else if (e == event::eof) {
            fail(tr("unexpected end of part"));
        }
    }
}

void pull_parser::skip_element() {
    const std::size_t target = depth_ - 1;
    for (;;) {
        const event e = next();
        if (e == event::end && depth_ == target) return;
        if (e == event::eof) fail(tr("unexpected end of part"));
    }
}

}  // namespace kib::xml
