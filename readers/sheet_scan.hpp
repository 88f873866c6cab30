// kib::xlsx::scan_plain_cell — the sheet reader's fast path for the cell shape nearly every
// writer emits: <c r="B7" s="3" t="s"><v>12</v></c>, <c r="B7" s="3"/> or <c ...></c>.
//
// Why: a survey sheet holds millions of cells; reading each through the general pull parser
// (tag, attribute list, namespace lookup, three events) was most of the read's time.
//
// Contract:
// - The scanner only recognises; it never throws and never judges values. It returns false for
//   anything it does not take on (other attributes, single quotes, attributes given twice,
//   prefixed names, white space other than single spaces between attributes, <f>, <is>, text
//   with '&', '\r' or bytes >= 0x80, a cell not wholly in `in`), and the caller then reads the
//   cell through the general parser, so results and error messages stay those of the parser.
// - On true the cell is well-formed XML exactly as the pull parser reads it: elements c and v
//   in the default namespace, no namespace declarations, attribute values of ASCII letters and
//   digits only (so their raw bytes are their values).
#pragma once

#include <cstddef>
#include <string_view>

namespace kib::xlsx {

struct plain_cell {
    std::size_t start_tag_size = 0;  // bytes of "<c ...>" (of "<c .../>" when self-closing)
    std::size_t size = 0;            // bytes of the whole element
    std::string_view r, s, t;        // raw attribute values; empty when absent
    std::string_view v;              // raw text of <v>; empty when absent
    bool has_v = false;
};

// Recognises one cell at the start of `in`; see the contract above.
bool scan_plain_cell(std::string_view in, plain_cell& out) noexcept;

}  // namespace kib::xlsx
