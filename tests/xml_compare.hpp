// Test helpers: canonical XML (namespaces by URI, attributes sorted, whitespace between elements
// ignored) and ZIP entry inspection through libzip, for round-trip checks.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace kib::test {

// The canonical text of a whole document. Prefixes become {uri}, xmlns declarations vanish,
// attributes are sorted, whitespace-only text between elements is dropped (kept under
// xml:space="preserve").
std::string canonical_xml(const std::string& xml);

// Canonical texts of the element children of the element at `path` ("worksheet/sheetData"),
// matched by local name. Empty when the path does not exist.
std::vector<std::string> canonical_children(const std::string& xml, const std::string& path);

// The canonical text of the first element found at path, "" when absent.
std::string canonical_at(const std::string& xml, const std::string& path);

struct zip_entry {
    std::uint16_t method = 0;
    std::uint32_t crc = 0;
    std::uint64_t size = 0;
    std::string compressed;  // the stored (compressed) bytes, as they are in the archive
};
// Every entry of an archive, keyed by name.
std::map<std::string, zip_entry> zip_entries(const std::string& path);
// One part, uncompressed ("" when absent).
std::string zip_read(const std::string& path, const std::string& part);

}  // namespace kib::test
