#include "writers/xml_splice.hpp"

#include <algorithm>
#include <cstring>
#include <functional>

namespace kib {

namespace {

struct string_writer : pugi::xml_writer {
    std::string* out;
    explicit string_writer(std::string& o) : out(&o) {}
    void write(const void* data, std::size_t size) override { out->append(static_cast<const char*>(data), size); }
};

constexpr std::uint64_t k_close = 0x51ed270b27a4c3f1ULL;

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
    h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    h *= 0xff51afd7ed558ccdULL;
    return h ^ (h >> 33);
}

std::uint64_t str_hash(const char* s) { return std::hash<std::string_view>{}(std::string_view(s)); }

// Name and attributes of an element (its start tag, whatever quoting or spacing it had).
std::uint64_t tag_hash(const pugi::xml_node& n) {
    std::uint64_t h = mix(0x2545f4914f6cdd1dULL, str_hash(n.name()));
    for (const pugi::xml_attribute& a : n.attributes()) h = mix(mix(h, str_hash(a.name())), str_hash(a.value()));
    return h;
}

// What one node contributes when it is opened in a pre-order walk.
std::uint64_t open_hash(const pugi::xml_node& n) {
    std::uint64_t h = mix(static_cast<std::uint64_t>(n.type()), str_hash(n.name()));
    h = mix(h, str_hash(n.value()));
    for (const pugi::xml_attribute& a : n.attributes()) h = mix(mix(h, str_hash(a.name())), str_hash(a.value()));
    return h;
}

// Fingerprint of a whole subtree. Iterative: hostile files may nest very deeply.
std::uint64_t deep_hash(const pugi::xml_node& top) {
    std::uint64_t h = 0x9e3779b97f4a7c15ULL;
    pugi::xml_node cur = top;
    for (;;) {
        h = mix(h, open_hash(cur));
        if (pugi::xml_node first = cur.first_child()) {
            cur = first;
            continue;
        }
        for (;;) {
            h = mix(h, k_close);
            if (cur == top) return h;
            if (pugi::xml_node next = cur.next_sibling()) {
                cur = next;
                break;
            }
            cur = cur.parent();
        }
    }
}

// A depth-1 element's fingerprint from its start tag and its children's fingerprints.
std::uint64_t combined_hash(std::uint64_t tag, const std::vector<std::uint64_t>& children) {
    std::uint64_t h = mix(0xc2b2ae3d27d4eb4fULL, tag);
    for (std::uint64_t c : children) h = mix(h, c);
    return mix(h, k_close);
}

std::vector<std::uint64_t> child_hashes(const pugi::xml_node& n) {
    std::vector<std::uint64_t> hs;
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) hs.push_back(deep_hash(c));
    return hs;
}

// Escapes an attribute value the way pugixml does (quotes, markup, control characters).
void append_attr_value(std::string& out, const char* v) {
    for (const char* p = v; *p; ++p) {
        const unsigned char c = static_cast<unsigned char>(*p);
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default:
                if (c < 0x20) {
                    out += "&#";
                    out += std::to_string(c);
                    out += ';';
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
}

void append_start_tag(std::string& out, const pugi::xml_node& n) {
    out += '<';
    out += n.name();
    for (const pugi::xml_attribute& a : n.attributes()) {
        out += ' ';
        out += a.name();
        out += "=\"";
        append_attr_value(out, a.value());
        out += '"';
    }
    out += '>';
}

void append_node(std::string& out, const pugi::xml_node& n) {
    string_writer w(out);
    n.print(w, "", pugi::format_raw, pugi::encoding_utf8);
}

void append_range(std::string& out, std::string_view s, std::size_t from, std::size_t to) {
    out.append(s.data() + from, to - from);
}

struct scanned {
    std::size_t begin, start_end, end_begin, end;
    std::uint8_t depth;
    bool self_closing;
};

// Byte spans of the elements at depth 0..2 in document order. False for anything it does not
// handle exactly (DOCTYPE, unbalanced tags, several roots, truncation).
bool scan(std::string_view s, std::vector<scanned>& out) {
    std::vector<std::ptrdiff_t> open;  // index into out for depth <= 2, else -1
    const std::size_t n = s.size();
    std::size_t i = 0;
    for (;;) {
        const void* hit = i < n ? std::memchr(s.data() + i, '<', n - i) : nullptr;
        if (!hit) break;
        const std::size_t lt = static_cast<std::size_t>(static_cast<const char*>(hit) - s.data());
        if (lt + 1 >= n) return false;
        const char c = s[lt + 1];
        if (c == '?') {
            const std::size_t e = s.find("?>", lt + 2);
            if (e == std::string_view::npos) return false;
            i = e + 2;
            continue;
        }
        if (c == '!') {
            if (s.compare(lt, 4, "<!--") == 0) {
                const std::size_t e = s.find("-->", lt + 4);
                if (e == std::string_view::npos) return false;
                i = e + 3;
                continue;
            }
            if (s.compare(lt, 9, "<![CDATA[") == 0) {
                const std::size_t e = s.find("]]>", lt + 9);
                if (e == std::string_view::npos) return false;
                i = e + 3;
                continue;
            }
            return false;  // DOCTYPE and other declarations: no splicing
        }
        if (c == '/') {
            const std::size_t e = s.find('>', lt + 2);
            if (e == std::string_view::npos || open.empty()) return false;
            if (open.back() >= 0) {
                out[static_cast<std::size_t>(open.back())].end_begin = lt;
                out[static_cast<std::size_t>(open.back())].end = e + 1;
            }
            open.pop_back();
            i = e + 1;
            continue;
        }
        std::size_t j = lt + 1;
        char quote = 0;
        for (; j < n; ++j) {
            const char ch = s[j];
            if (quote) {
                if (ch == quote) quote = 0;
            } else if (ch == '"' || ch == '\'') {
                quote = ch;
            } else if (ch == '>') {
                break;
            }
        }
        if (j >= n) return false;
        const bool self = s[j - 1] == '/';
        const std::size_t depth = open.size();
        if (depth == 0 && !out.empty()) return false;  // a second root
        std::ptrdiff_t idx = -1;
        if (depth <= 2) {
            out.push_back({lt, j + 1, self ? j + 1 : 0, self ? j + 1 : 0, static_cast<std::uint8_t>(depth), self});
            idx = static_cast<std::ptrdiff_t>(out.size() - 1);
        }
        if (!self) open.push_back(idx);
        i = j + 1;
    }
    return open.empty() && !out.empty();
}

}  // namespace

std::string xml_splice::serialize(const pugi::xml_document& doc) {
    std::string out;
    string_writer w(out);
    doc.save(w, "", pugi::format_raw | pugi::format_no_declaration, pugi::encoding_utf8);
    return out;
}

xml_splice xml_splice::capture(std::string_view original, const pugi::xml_document& doc) {
    xml_splice result;
    std::vector<scanned> found;
    if (!scan(original, found)) return result;
    const pugi::xml_node root = doc.document_element();
    if (!root) return result;

    std::vector<span> spans;
    spans.reserve(found.size());
    std::size_t next = 0;
    // Pairs the next scanned span with element n at depth d; false when they do not agree.
    auto take = [&](const pugi::xml_node& n, std::uint8_t d) -> span* {
        if (next >= found.size()) return nullptr;
        const scanned& f = found[next];
        if (f.depth != d || n.offset_debug() != static_cast<std::ptrdiff_t>(f.begin + 1)) return nullptr;
        ++next;
        spans.push_back({f.begin, f.start_end, f.end_begin, f.end, 0, 0, d, f.self_closing});
        return &spans.back();
    };

    span* r = take(root, 0);
    if (!r) return result;
    r->tag_hash = tag_hash(root);
    for (pugi::xml_node c1 = root.first_child(); c1; c1 = c1.next_sibling()) {
        if (c1.type() != pugi::node_element) continue;
        const std::size_t i1 = spans.size();
        if (!take(c1, 1)) return result;
        std::vector<std::uint64_t> hs;
        for (pugi::xml_node c2 = c1.first_child(); c2; c2 = c2.next_sibling()) {
            const std::uint64_t h = deep_hash(c2);
            hs.push_back(h);
            if (c2.type() != pugi::node_element) continue;
            span* s2 = take(c2, 2);
            if (!s2) return result;
            s2->hash = h;
        }
        spans[i1].tag_hash = tag_hash(c1);
        spans[i1].hash = combined_hash(spans[i1].tag_hash, hs);
    }
    if (next != found.size()) return result;
    result.spans_ = std::move(spans);
    return result;
}

const xml_splice::span* xml_splice::find(const pugi::xml_node& n, std::uint8_t depth) const {
    const std::ptrdiff_t off = n.offset_debug();
    if (off <= 0) return nullptr;
    const std::size_t begin = static_cast<std::size_t>(off - 1);
    auto it = std::lower_bound(spans_.begin(), spans_.end(), begin,
                               [](const span& s, std::size_t b) { return s.begin < b; });
    if (it == spans_.end() || it->begin != begin || it->depth != depth) return nullptr;
    return &*it;
}

void xml_splice::write_children(std::string& out, std::string_view original, const pugi::xml_node& parent,
                                std::uint8_t depth, const std::vector<std::uint64_t>* hashes) const {
    std::size_t i = 0;
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling(), ++i) {
        const span* sp = c.type() == pugi::node_element ? find(c, depth) : nullptr;
        if (!sp) {
            append_node(out, c);
            continue;
        }
        if (depth == 2) {
            const std::uint64_t h = hashes ? (*hashes)[i] : deep_hash(c);
            if (h == sp->hash)
                append_range(out, original, sp->begin, sp->end);
            else
                append_node(out, c);
            continue;
        }
        // depth 1: unchanged as a whole, or rebuilt around its unchanged children.
        const std::vector<std::uint64_t> hs = child_hashes(c);
        const std::uint64_t tag = tag_hash(c);
        if (combined_hash(tag, hs) == sp->hash) {
            append_range(out, original, sp->begin, sp->end);
            continue;
        }
        if (!c.first_child()) {  // nothing inside to keep: pugixml writes <name .../>
            append_node(out, c);
            continue;
        }
        if (tag == sp->tag_hash && !sp->self_closing)
            append_range(out, original, sp->begin, sp->start_end);
        else
            append_start_tag(out, c);
        write_children(out, original, c, 2, &hs);
        if (sp->self_closing) {
            out += "</";
            out += c.name();
            out += '>';
        } else {
            append_range(out, original, sp->end_begin, sp->end);
        }
    }
}

std::string xml_splice::write(std::string_view original, const pugi::xml_document& doc) const {
    const pugi::xml_node root = doc.document_element();
    if (!valid() || !root) return serialize(doc);
    const span& r = spans_[0];
    if (root.offset_debug() != static_cast<std::ptrdiff_t>(r.begin + 1)) return serialize(doc);
    std::string out;
    out.reserve(original.size() + original.size() / 16 + 256);
    append_range(out, original, 0, r.begin);
    if (tag_hash(root) == r.tag_hash && !r.self_closing)
        append_range(out, original, r.begin, r.start_end);
    else
        append_start_tag(out, root);
    write_children(out, original, root, 1, nullptr);
    if (r.self_closing) {
        out += "</";
        out += root.name();
        out += '>';
    } else {
        append_range(out, original, r.end_begin, r.end);
    }
    append_range(out, original, r.end, original.size());
    return out;
}

}  // namespace kib
