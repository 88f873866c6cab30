// kib::package_writer — writes a changed copy of an existing package (the in-place editor's save).
//
// Contract:
// - Every entry that was not replaced or removed is copied VERBATIM — local header, compressed
//   bytes, data descriptor and central-directory record (see zip_writer: in runs, in the kernel),
//   so untouched parts are byte-identical in the output, down to their ZIP records.
// - Entries keep the order they have in the source file; replaced parts keep their position;
//   added parts follow the copied ones.
// - save() is atomic: it writes a temporary file in the target's folder, flushes it to disk
//   (fsync), then renames it over the target. On any failure the target is untouched and the
//   temporary file is removed.
// - It refuses to overwrite the source unless asked; when asked, the source is first copied to a
//   backup (NAME.bak.xlsx next to it).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "readers/error.hpp"
#include "writers/zip_writer.hpp"

namespace kib {

struct save_result {
    std::string target;
    std::string backup;                 // "" when no backup was made
    std::uint64_t copied_entries = 0;   // entries copied raw
    std::uint64_t written_entries = 0;  // entries written fresh (replaced or added)
    std::uint64_t removed_entries = 0;
    std::vector<std::string> streamed_parts;  // big sheets the editor streamed from the source (no whole DOM)
};

class package_writer {
public:
    // Opens the source archive for copying (reads its central directory). Throws kib::error(io/bad_input).
    explicit package_writer(const std::string& source_path);
    package_writer(package_writer&&) noexcept;
    package_writer& operator=(package_writer&&) noexcept;
    ~package_writer();

    const std::string& source_path() const noexcept;
    // Entry names of the source archive, in archive order.
    std::vector<std::string> source_entries() const;

    // New bytes for a part (an existing entry, matched case-insensitively, or a new one).
    void put(std::string_view part_name, std::string bytes);
    // A part already deflated (entry.name names it): written with a new local header, as is.
    void put_raw(raw_entry entry);
    // Drops a part from the output (no-op when the source has no such entry and none was put).
    void remove(std::string_view part_name);
    bool is_touched(std::string_view part_name) const;

    // Writes the package to target (see the contract). Throws kib::error; on failure nothing
    // at target changed and no temporary file is left.
    save_result save(const std::string& target, const save_options& options = {}) const;

    // "dir/KPI.xlsx" -> "dir/KPI.bak.xlsx"
    static std::string backup_path(const std::string& path);

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace kib
