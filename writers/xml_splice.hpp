// kib::xml_splice — writes an edited XML part so that everything the edit did not change keeps
// its original bytes.
//
// Why: re-serialising a whole part through pugixml gives the same XML but not the same bytes
// (LibreOffice's `&quot;` in a conditional-format formula becomes `"`, quoting and spacing
// change), and it costs time proportional to the part for a 50-cell edit of a 30 MB sheet.
//
// Contract:
// - capture(original, doc) is called right after doc was parsed from exactly these bytes
//   (pugixml load_buffer, encoding_utf8) and before any edit. It records the byte spans of the
//   root element and of every element at depth 1 and 2 (for a worksheet: sheetData and its
//   rows), with a 64-bit fingerprint of each element's content (names, attributes, children,
//   text, in order). When the spans cannot be matched with the DOM (a DOCTYPE, an encoding
//   pugixml converted, malformed nesting) the capture is empty and write() falls back to
//   pugixml's serialisation of the whole document.
// - write(original, doc) emits: the original bytes before the root element; the root's start tag
//   as it was unless its attributes changed; for each child of the root, the original bytes of
//   an element whose fingerprint is unchanged, or — for a changed element — its start tag, its
//   children by the same rule one level down (one edited row re-serialises that row only) and
//   its end tag; new and changed nodes through pugixml; then the original end tag and trailer.
// - The result is always the same XML as pugixml's serialisation of doc (canonically equal).
//   Nodes are identified by their position in the original buffer (pugixml offset_debug), so
//   original must be the very buffer doc was parsed from, unchanged.
// - Trap: a fingerprint collision (64 bits) would keep an element's old bytes; the chance is
//   about 2^-64 per changed element.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

namespace kib {

class xml_splice {
public:
    // Records spans and fingerprints; an empty capture (valid() false) when they cannot be matched.
    static xml_splice capture(std::string_view original, const pugi::xml_document& doc);

    bool valid() const noexcept { return !spans_.empty(); }

    // The edited document as bytes (see the contract).
    std::string write(std::string_view original, const pugi::xml_document& doc) const;

    // pugixml's own serialisation of the whole document (no added declaration, raw format).
    static std::string serialize(const pugi::xml_document& doc);

private:
    struct span {
        std::size_t begin = 0;      // '<' of the start tag
        std::size_t start_end = 0;  // one past the start tag's '>'
        std::size_t end_begin = 0;  // '<' of the end tag (== start_end - ... when self-closing: == end)
        std::size_t end = 0;        // one past the element's last '>'
        std::uint64_t hash = 0;     // content fingerprint (depth 1 and 2)
        std::uint64_t tag_hash = 0; // name + attributes (root and depth 1)
        std::uint8_t depth = 0;
        bool self_closing = false;
    };

    const span* find(const pugi::xml_node& n, std::uint8_t depth) const;
    void write_children(std::string& out, std::string_view original, const pugi::xml_node& parent,
                        std::uint8_t depth, const std::vector<std::uint64_t>* hashes) const;

    std::vector<span> spans_;  // document order; spans_[0] is the root
};

}  // namespace kib
