// kib::zip_out — writes a NEW OOXML package (a ZIP) from finished parts; the only code of the
// new-workbook writer that touches libzip.
//
// Contract:
// - save() writes every part, deflated, in the order given ([Content_Types].xml first, as
//   Office does), to a temporary file in the target's folder and renames it onto the target
//   only when the archive is complete: a reader never sees a half-written file, and a failure
//   leaves the target as it was (the temporary file is removed).
// - Each libzip and file-system failure is a kib::error (category io) naming the target.
// - Entries carry a fixed time (1980-01-01, as Excel writes), so equal parts give equal bytes.
// - Part names are ZIP entry names ("xl/workbook.xml"): no leading '/', no "..", unique.
// Note for the lead: the in-place editor has its own package writer; both could share this
// once unified (this one only creates archives, it never copies entries from an input).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace kib {

struct zip_part {
    std::string name;  // ZIP entry name, e.g. "xl/worksheets/sheet1.xml"
    std::string data;  // the part's bytes
};

// Writes parts into a new archive at path (atomic: temp file in the same folder + rename).
// Throws kib::error when a part name is invalid or the file cannot be written.
void zip_out_save(const std::string& path, const std::vector<zip_part>& parts);

// The archive as bytes (for embedding, e.g. a chart's workbook inside a .docx).
std::string zip_out_buffer(const std::vector<zip_part>& parts);

}  // namespace kib
