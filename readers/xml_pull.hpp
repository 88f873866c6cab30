// kib::xml::pull_parser — a small streaming XML reader for the parts kib reads.
//
// Why not a DOM: a survey sheet is 175 MB of XML and its shared strings 14 MB; a DOM of either
// would blow the 64 MB memory budget. This parser holds one chunk of input plus the current tag.
//
// Contract:
// - Namespaces are resolved by URI, never by prefix: element_ns()/attr() speak of kib::xml::ns,
//   and transitional and strict OOXML URIs map to the same ns value.
// - String views returned by an accessor are valid until the next call to next().
// - Malformed XML (mismatched or unclosed tags, bad entities, text outside the root, invalid
//   UTF-8) throws kib::error(bad_input) carrying the 1-based line and column.
// - DTDs are refused outright (no entity expansion of any kind); only the five predefined
//   entities and character references are decoded.
// - A self-closing element <a/> yields a start event followed by an end event.
// - Limits (kib::xml::limits): a streaming parser refuses elements nested deeper than max_depth
//   and any single token (text, tag, comment) longer than max_value_size with
//   kib::error(limit), so a hostile part cannot make its window grow without bound. A parser over
//   a whole document in memory enforces only the limits it is given (default: none), because
//   parts read whole were already checked by check_limits() in package::read().
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "readers/limits.hpp"

namespace kib::xml {

// Namespaces kib knows. Transitional and strict URIs of one vocabulary map to one value.
enum class ns : std::uint8_t {
    none,           // no namespace (unprefixed attributes, documents without xmlns)
    other,          // a namespace kib does not know; compare local names only with care
    sml,            // SpreadsheetML main
    rel,            // officeDocument relationships (r:id attributes)
    pkg_rel,        // package relationships (.rels parts)
    content_types,  // [Content_Types].xml
    wml,            // WordprocessingML main
    w14,            // Word 2010
    w15,            // Word 2012 (and its 2010/11 pre-release URI)
    w16cid,         // Word comment durable ids
    w16cex,         // Word comment extensible (dateUtc)
    w16du,          // Word 2023 date UTC (w16du:dateUtc on revisions)
    mc,             // markup compatibility
    xml,            // the xml: prefix (xml:space)
    core_props,     // docProps/core.xml cp:
    dc,             // Dublin Core elements
};

ns classify_uri(std::string_view uri) noexcept;

// Resource limits for untrusted XML. Defaults: what no office program comes near (Word and Excel
// nest a few dozen levels; Excel's own cell limit is 32,767 characters) but far below what would
// exhaust memory or a recursive consumer's stack.
struct limits {
    std::size_t max_depth = default_input_limits().xml_depth;            // nested elements
    std::size_t max_value_size = default_input_limits().string_bytes;    // bytes of one text node or attribute value (raw)

    static limits none() noexcept { return {SIZE_MAX, SIZE_MAX}; }
};

// A cheap scan of a whole part for the limits above (no parsing beyond tags, quotes, comments,
// CDATA and processing instructions). Throws kib::error(limit) with the 1-based line and column
// of the offending element or value; callers add the file and part (error::with_context).
void check_limits(std::string_view document, const limits& lim);

class pull_parser {
public:
    // Fills buf with up to cap bytes and returns how many; 0 means end of input.
    using source = std::function<std::size_t(char* buf, std::size_t cap)>;

    enum class event : std::uint8_t { start, end, text, eof };

    explicit pull_parser(std::string_view whole_document, const limits& lim = limits::none());
    explicit pull_parser(source src, std::size_t chunk_size = 1 << 18, const limits& lim = {});

    const limits& resource_limits() const noexcept { return limits_; }

    event next();

    // Current element (after start or end events).
    ns element_ns() const noexcept { return element_ns_; }
    std::string_view local_name() const noexcept { return local_; }
    bool is(ns n, std::string_view local) const noexcept { return element_ns_ == n && local_ == local; }
    int depth() const noexcept { return static_cast<int>(depth_); }

    // Attributes of the current start element. attr() returns the raw (undecoded) value or
    // nullptr-like empty optional; attr_decoded() decodes entities into a scratch buffer.
    bool has_attr(ns n, std::string_view local) const noexcept;
    std::string_view attr_raw(ns n, std::string_view local) const noexcept;  // "" when absent
    std::string attr(ns n, std::string_view local) const;                     // decoded, "" when absent

    // Text of a text event (decoded; CDATA verbatim).
    std::string_view text() const noexcept { return text_; }

    // Reads everything up to the end of the current element (just after a start event) and
    // returns its concatenated text content; child elements' text is included.
    std::string_view element_text();
    // Skips the rest of the current element (just after a start event).
    void skip_element();

    // Raw access for a caller's scanner of one hot, fixed shape (readers/sheet_scan.hpp).
    // unread(): the input in the window from the parse position on; empty while the end event
    // of a self-closing element is pending. skip(n): consumes n bytes of it. Contract: skip only
    // whole elements the caller has checked are well-formed as this parser reads them, within
    // the limits, in default_ns(), declaring no namespaces, and wholly in unread(): depth, open
    // elements and bindings stay as they were, and the next event is what follows them.
    std::string_view unread() const noexcept { return pending_end_ ? std::string_view{} : buf_.substr(pos_); }
    void skip(std::size_t n) noexcept { pos_ += n; }
    ns default_ns() const { return resolve({}); }  // of unprefixed elements at this point

    // Throws kib::error(bad_input) with the current line and column.
    [[noreturn]] void fail(const std::string& message) const;
    // Throws kib::error(limit) with the current line and column, and a hint naming the limit.
    [[noreturn]] void fail_limit(const std::string& message, const std::string& hint) const;

    // Decodes entities and character references of raw XML text into out (appending).
    // Returns false on an unknown entity or invalid character reference.
    static bool decode(std::string_view raw, std::string& out, bool attribute);

private:
    struct attribute {
        std::string_view local;
        std::string_view prefix;
        std::string_view raw;
        ns nspace = ns::none;
    };
    struct binding {
        std::size_t depth;
        std::string prefix;
        ns nspace;
    };

    bool fill();  // reads more input; false at end of input
    std::size_t find_tag_end(std::size_t from);
    void parse_start_tag(std::size_t tag_end);
    // Fast paths for the well-formed case wholly inside the window. They never throw: when in
    // doubt they return npos/false and the general code above decides (and words the error).
    std::size_t fast_start_tag();
    bool fast_end_tag();
    bool fast_element_text(std::string_view& out);
    void finish_start_tag(std::string_view qname);
    ns resolve(std::string_view prefix) const;
    void pop_bindings() noexcept;
    void set_text(std::string_view raw);
    std::size_t line_column(std::size_t offset, std::size_t& column) const;

    void check_value_size(std::size_t size) const;

    limits limits_;
    source source_;
    std::string owned_;            // chunk buffer when streaming
    std::string_view buf_;         // current window of input
    std::size_t pos_ = 0;          // parse position in buf_
    std::size_t consumed_ = 0;     // bytes dropped from the front of the window so far
    std::size_t lines_before_ = 0; // newlines in the dropped bytes
    std::size_t last_line_start_ = 0;  // absolute offset just after the last dropped newline
    std::size_t chunk_size_;
    bool eof_ = false;

    struct open_element {
        std::string qname;  // reused across elements of the same depth: no allocation per tag
        ns nspace = ns::none;
        std::size_t local_offset = 0;
    };
    std::vector<open_element> stack_;  // [0, depth_) are open; entries beyond keep their buffers
    std::size_t depth_ = 0;
    std::vector<binding> bindings_;
    // The default namespace (empty prefix) in scope, cached: nearly every SpreadsheetML element
    // is unprefixed, and walking the bindings for each one showed in profiles.
    mutable bool default_cached_ = false;
    mutable ns default_ns_ = ns::none;
    std::vector<attribute> attrs_;
    bool pending_end_ = false;
    bool seen_root_ = false;
    ns element_ns_ = ns::none;
    std::string_view local_;
    std::string_view text_;
    std::string scratch_;
    std::string element_text_;
    std::string end_name_;
};

}  // namespace kib::xml
