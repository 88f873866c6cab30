// kib::zip_writer — the one ZIP writer of kib, and the atomic file save every output goes through.
//
// Contract:
// - zip_writer writes entries in the order they are given and then the central directory:
//   new parts deflated by readers/zip_codec (ISA-L or zlib, chosen at build time), raw entries (compressed bytes + CRC as they were) written with a
//   fresh local header, and entries of a source archive copied VERBATIM — local header, data and
//   data descriptor byte for byte, in runs, through copy_file_range when both sides are files,
//   so the kernel moves the bytes of a large untouched sheet without them passing through kib.
//   Copied entries keep their central-directory record (extra fields, attributes, comment); only
//   the offset is new.
// - New entries carry a fixed time (1980-01-01 00:00, as Excel writes): equal parts give equal
//   bytes. Names are written as UTF-8 (general purpose bit 11).
// - kib writes no ZIP64: an archive over 4 GiB or over 65,535 entries is a kib::error(limit).
// - zip_source reads an existing archive's central directory (from a file or a buffer) with
//   bounds checks on every field; damage is a kib::error(bad_input) naming the file and entry.
//   It refuses encrypted entries and multi-disk archives. ZIP64 records are understood.
// - atomic_save writes through a temporary file in the target's folder, flushes it (fsync),
//   renames it onto the target and flushes the folder: a reader never sees a half-written file,
//   and on failure the target is as it was and no temporary file is left.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kib {

// One entry in stored (compressed) form.
struct raw_entry {
    std::string name;
    std::uint16_t method = 0;  // 0 stored, 8 deflate
    std::uint32_t crc = 0;
    std::uint64_t size = 0;    // uncompressed bytes
    std::string data;          // the compressed bytes exactly as in the archive
};

// Deflates data into a raw_entry (to prepare a part once and write it many times).
raw_entry deflate_entry(std::string name, std::string_view data, int level = 6);

// Deflates a part fed in pieces (a big sheet streamed by the editor) into a raw_entry, counting
// its CRC and size on the way; only the compressed bytes are held.
class entry_deflater {
public:
    explicit entry_deflater(std::string name, int level = 6);
    entry_deflater(const entry_deflater&) = delete;
    entry_deflater& operator=(const entry_deflater&) = delete;
    ~entry_deflater();
    void add(std::string_view data);
    raw_entry finish();  // nothing may be added afterwards

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

// The entries of an existing archive, for copying.
class zip_source {
public:
    struct entry {
        std::string name;
        std::uint16_t flags = 0;
        std::uint16_t method = 0;
        std::uint32_t crc = 0;
        std::uint64_t compressed = 0, size = 0;
        std::uint64_t offset = 0;      // local header
        std::uint64_t data_offset = 0; // compressed data
        std::uint64_t end = 0;         // one past the data (and data descriptor)
        std::uint16_t time = 0, date = 0;
        std::string central;           // the central-directory record as it was
        std::size_t offset_field = 0;  // where in central the offset is stored
        bool offset_is_64 = false;     // ... as 8 bytes in the ZIP64 extra field
    };

    // Parses the archive at path (kept open for copying). Throws kib::error.
    static zip_source open_file(const std::string& path);
    // Parses an archive in memory; the buffer must outlive the source. display names it in errors.
    static zip_source open_buffer(std::string_view archive, std::string display);

    zip_source(zip_source&&) noexcept;
    zip_source& operator=(zip_source&&) noexcept;
    ~zip_source();

    const std::vector<entry>& entries() const noexcept;  // in central-directory order
    const std::string& display() const noexcept;
    // The compressed bytes of an entry.
    std::string compressed(const entry& e) const;
    raw_entry raw(const entry& e) const;

private:
    friend class zip_writer;
    struct impl;
    explicit zip_source(std::unique_ptr<impl> p);
    std::unique_ptr<impl> impl_;
};

// Reads every entry of an in-memory archive without decompressing. Throws kib::error.
std::vector<raw_entry> read_raw_entries(std::string_view archive, const std::string& display_name);

class zip_writer {
public:
    // Appends the archive to out.
    explicit zip_writer(std::string& out);
    // Writes the archive to an open, empty file; display names it in errors.
    zip_writer(int fd, std::string display);
    zip_writer(const zip_writer&) = delete;
    zip_writer& operator=(const zip_writer&) = delete;
    ~zip_writer();

    // A new part, deflated at level (zlib 1..9).
    void add(std::string_view name, std::string_view data, int level = 6);
    // An entry in compressed form, with a new local header.
    void add(std::string_view name, const raw_entry& e);
    // Entries of src copied verbatim (indexes into src.entries()); consecutive entries are copied
    // as one run.
    void copy(const zip_source& src, const std::vector<std::size_t>& indexes);
    // Writes the central directory. Nothing may be added afterwards.
    void finish();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

// An entry to write: a raw entry copied without re-compression, or plain bytes to deflate.
struct zip_item {
    std::string_view name;
    const raw_entry* raw = nullptr;
    std::string_view data;
};
// Builds an archive in memory holding the items in order; level: zlib 1..9 for new parts.
std::string write_zip(const std::vector<zip_item>& items, int level = 6);

// Builds an archive in memory from named parts (new workbooks): names are checked (relative,
// no "..", unique ignoring case; a bad one is kib::error(internal)).
struct zip_part {
    std::string name;  // ZIP entry name, e.g. "xl/worksheets/sheet1.xml"
    std::string data;
};
std::string zip_buffer(const std::vector<zip_part>& parts, int level = 6);

struct save_options {
    bool overwrite_source = false;  // allow target == source (then a backup is kept)
    bool keep_backup = true;        // with overwrite_source: copy the source to the first free numbered_backup_path() first
};

// Writes a file atomically (see the contract). write gets the temporary file's descriptor.
// source: the input the output was made from ("" if none): the target may only be that file with
// options.overwrite_source, and then a backup is made first. Returns the backup path or "".
// Throws kib::error naming target.
std::string atomic_save(const std::string& target, const std::function<void(int fd)>& write,
                        const std::string& source = {}, const save_options& options = {});
// The same for bytes already in memory.
std::string atomic_save_bytes(const std::string& target, std::string_view bytes, const std::string& source = {},
                              const save_options& options = {});

// "dir/KPI.xlsx" -> "dir/KPI.bak.xlsx"
std::string backup_path(const std::string& path);
// The n-th backup name: 1 -> "dir/KPI.bak.xlsx", 2 -> "dir/KPI.bak-2.xlsx", … A save that keeps a
// backup takes the first of these that does not exist, so no earlier backup is ever overwritten.
std::string numbered_backup_path(const std::string& path, int n);

}  // namespace kib
