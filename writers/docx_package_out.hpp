// kib::package_out — the writing side of the package layer: the only writer code that touches
// ZIP archives (libzip to read a template's entries raw, zlib to deflate new parts).
//
// Contract:
// - raw_package keeps every entry of a template archive in its compressed form, so a filled
//   copy can carry untouched parts over byte for byte without inflating or re-deflating them.
// - write_zip writes entries in the given order with fixed timestamps (1980-01-01 00:00), so the
//   same input always gives the same bytes. New parts are deflated (level chosen by the caller).
// - Archives over 4 GiB (ZIP64) are refused with a kib::error(limit).
// - Encrypted entries in a template are refused with a kib::error(bad_input) naming the entry.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kib {

// One entry of an archive in stored (compressed) form.
struct raw_entry {
    std::string name;
    std::uint16_t method = 0;  // 0 stored, 8 deflate
    std::uint32_t crc = 0;
    std::uint64_t size = 0;    // uncompressed bytes
    std::string data;          // the compressed bytes exactly as in the archive
};

// Reads every entry of an in-memory ZIP archive without decompressing. Throws kib::error.
std::vector<raw_entry> read_raw_entries(std::string_view archive, const std::string& display_name);

// An entry to write: either a raw entry copied as is, or plain bytes to deflate.
struct zip_item {
    std::string_view name;
    const raw_entry* raw = nullptr;  // when set, copied without re-compression
    std::string_view data;           // otherwise these bytes are deflated
};

// Writes a ZIP archive holding the items in order. level: zlib level 1..9 for new parts
// (kib fill uses 1 for speed; documents are small and the difference in size is a few percent).
std::string write_zip(const std::vector<zip_item>& items, int level = 6);

// Deflates data into a raw_entry named name (used to prepare parts once and copy them many times).
raw_entry deflate_entry(std::string name, std::string_view data, int level = 6);

}  // namespace kib
