// kib::package_writer — the only writer code in kib that touches ZIP archives (libzip).
//
// Contract:
// - Writes a new package from a source package: every entry that was not replaced or removed
//   is copied RAW (its compressed bytes, method, CRC and time as they are; nothing is
//   inflated or deflated), so untouched parts are byte-identical in the output.
// - Replaced parts keep their position in the archive; added parts follow the copied ones.
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

namespace kib {

struct save_options {
    bool overwrite_source = false;  // allow target == source (then a backup is kept)
    bool keep_backup = true;        // with overwrite_source: copy the source to backup_path() first
};

struct save_result {
    std::string target;
    std::string backup;                 // "" when no backup was made
    std::uint64_t copied_entries = 0;   // entries copied raw
    std::uint64_t written_entries = 0;  // entries written fresh (replaced or added)
    std::uint64_t removed_entries = 0;
};

class package_writer {
public:
    // Opens the source archive for raw copying. Throws kib::error(io/bad_input).
    explicit package_writer(const std::string& source_path);
    package_writer(package_writer&&) noexcept;
    package_writer& operator=(package_writer&&) noexcept;
    ~package_writer();

    const std::string& source_path() const noexcept;
    // Entry names of the source archive, in archive order.
    std::vector<std::string> source_entries() const;

    // New bytes for a part (an existing entry, matched case-insensitively, or a new one).
    void put(std::string_view part_name, std::string bytes);
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
