// kib::package — the only code in kib that reads ZIP archives (libzip for the directory and the
// entries' bytes; deflated parts are inflated by readers/zip_codec, ISA-L or zlib, CRC-32 checked).
//
// Contract:
// - Opening checks the whole archive before any part is read: entry count, names (no absolute
//   paths, no "..", no duplicates, no symlinks), per-part and total uncompressed size, and the
//   compression ratio of large parts. Each violation is a kib::error naming the entry.
// - Files that are not OOXML packages are recognised and refused with advice: password-protected
//   (OLE with EncryptionInfo), legacy .xls/.doc (OLE), ODF (.ods/.odt), anything else.
// - Parts are found through [Content_Types].xml and relationships, never by fixed path; part
//   names are compared case-insensitively.
// - Reading a part never yields more than its declared size, nor more than the limits allow,
//   whatever the archive claims.
// - The central directory is the truth, as Excel, LibreOffice and Python's zipfile take it: local
//   headers that disagree with it (sizes, flags, data descriptors, name case), bytes before the
//   archive (offsets relative to the archive, not the file), bytes after the end record and an
//   end record that miscounts the entries are read. An archive with bytes before it or a
//   miscount is read into memory and repaired there first (bounded by the total-size limit). A part whose directory
//   entry points where no local header is, is refused naming the part and the offset.
// - Every XML part handed out whole (read(), relationships()) is first checked against
//   limits.xml (nesting depth, size of one text or attribute value); streamed parts are checked
//   by the pull parser as it reads (pass limits().xml to it).
// - A package is not thread-safe; one part_stream at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "readers/error.hpp"
#include "readers/opc.hpp"
#include "readers/xml_pull.hpp"

namespace kib {

struct package_limits {
    // Defaults: the process-wide input limits (readers/limits.hpp).
    std::uint64_t max_part_size = default_input_limits().part_bytes;    // uncompressed bytes of one part
    std::uint64_t max_total_size = default_input_limits().total_bytes;  // uncompressed bytes of all parts
    std::uint64_t max_entries = default_input_limits().entries;         // ZIP entries
    double max_ratio = default_input_limits().compression_ratio;        // uncompressed / compressed, for large parts
    std::uint64_t ratio_floor = 1ull << 20;     // parts smaller than this skip the ratio check
    xml::limits xml;                            // nesting depth and value size of every XML part
};

// What a file is, from its first bytes (and, for ZIPs, its entries).
enum class file_kind : std::uint8_t {
    ooxml,          // a ZIP with [Content_Types].xml
    encrypted_ole,  // password-protected Office file
    legacy_ole,     // .xls / .doc / .ppt (binary formats)
    odf,            // OpenDocument (.ods / .odt)
    other_zip,      // a ZIP that is not an Office package
    unknown,        // not a ZIP at all
};

class package {
public:
    struct entry {
        std::string name;  // as stored in the ZIP
        std::uint64_t size = 0;
        std::uint64_t compressed_size = 0;
        std::uint64_t index = 0;
        std::uint16_t method = 0;  // ZIP compression method (0 stored, 8 deflate)
        std::uint32_t crc = 0;
        bool encrypted = false;    // ZIP encryption: read through libzip, which refuses it
    };

    // Streams one part's bytes. read() returns 0 at the end. With readahead, a helper thread
    // inflates the next chunks while the caller parses (kib's sheets are inflate-bound).
    class part_stream {
    public:
        ~part_stream();
        part_stream(part_stream&&) noexcept;
        part_stream& operator=(part_stream&&) = delete;
        std::size_t read(char* buf, std::size_t cap);

    private:
        friend class package;
        struct impl;
        explicit part_stream(std::unique_ptr<impl> p);
        std::unique_ptr<impl> impl_;
    };

    // Opens a file. Throws kib::error (io when it cannot be read, bad_input/limit otherwise).
    static package open(const std::string& path, const package_limits& limits = {});
    // Opens an in-memory archive; display_name is used in error messages.
    static package open_buffer(std::string data, const std::string& display_name,
                               const package_limits& limits = {});
    // Looks at a file's first bytes only; never throws for unreadable files (returns unknown).
    static file_kind sniff(const std::string& path);

    package(package&&) noexcept;
    package& operator=(package&&) noexcept;
    ~package();

    const std::string& display_name() const noexcept;
    const package_limits& limits() const noexcept;
    const std::vector<entry>& entries() const noexcept;
    const entry* find(std::string_view part_name) const noexcept;  // case-insensitive; nullptr if absent
    const content_types& types() const noexcept;
    std::string content_type(std::string_view part_name) const { return types().of(part_name); }

    // Whole part as bytes. Throws when absent (naming it) or over the limits.
    std::string read(std::string_view part_name) const;
    part_stream stream(std::string_view part_name, bool readahead = false) const;

    // Relationships of a part ("" for the package). Empty when the part has no .rels part.
    std::vector<relationship> relationships(std::string_view source_part) const;
    // The target of the package's officeDocument relationship (e.g. "xl/workbook.xml").
    std::string main_part() const;

    // A location naming this file and the part, for errors raised by part code.
    location where(std::string_view part_name, std::string where = {}) const;

private:
    struct impl;
    explicit package(std::unique_ptr<impl> p);
    std::unique_ptr<impl> impl_;
};

}  // namespace kib
