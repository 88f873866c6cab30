// What a file really is, from its bytes — the one place that says why a file cannot be read,
// shared by every reader path: the package layer (.xlsx/.docx: `kib inspect`, `kib set`, the
// programme commands), the CSV reader (`kib score` and `--previous` on a file that is no ZIP,
// measurement files) and the drop folder's router.
//
// Contract:
// - sniff_file() never throws; it reads the first bytes, the last 64 KiB (ZIP end record) and,
//   for an OLE2 compound file, at most 64 MiB to find its directory.
// - An OLE2 compound file (D0 CF 11 E0) is a password-protected OOXML file when its directory
//   names an "EncryptionInfo" stream (Office wraps encrypted .xlsx/.docx that way), else a legacy
//   .xls/.doc/.ppt (told apart by the "Workbook"/"Book" or "WordDocument" stream when present).
// - An ODF file is a ZIP whose first entry is "mimetype", stored (the ODF rule), read in place.
// - A ZIP without its end-of-central-directory record is truncated (an incomplete copy).
// - The reasons' texts are English message ids: error.cpp shows them in the user's language.
// Trap: the extension is never trusted; a PDF named .xlsx is a PDF.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kib {

enum class sniffed_kind : std::uint8_t {
    empty,          // 0 bytes
    pdf,            // %PDF
    image,          // PNG, JPEG, GIF (detail says which)
    encrypted,      // password-protected Office file (OLE2 with EncryptionInfo)
    legacy_office,  // .xls/.doc/.ppt (OLE2); detail "xls", "doc" or ""
    odf,            // OpenDocument; detail "ods", "odt" or ""
    zip,            // a ZIP archive with its end record (OOXML or not: the package layer decides)
    truncated_zip,  // starts like a ZIP, the end record is missing
    text,           // no NUL bytes in the head, or a UTF-16 BOM: CSV candidates
    binary,         // anything else
};

struct sniffed {
    sniffed_kind kind = sniffed_kind::binary;
    std::string detail;
};

// From bytes already read: `head` the first bytes (at least 64 KiB when the file is that long),
// `tail` the last 64 KiB, `size` the whole size. For OLE2 files `head` should hold the directory.
sniffed sniff_bytes(std::string_view head, std::string_view tail, std::uint64_t size);
// From a file (see the contract); an unreadable file is `binary`.
sniffed sniff_file(const std::string& path);

// Why a file cannot be used, as a message and a hint (English message ids).
struct refusal {
    std::string message;
    std::string hint;
};

// What the caller can read: an Office Open XML package (wants_package) or a text file (CSV).
// nullopt when the file may be what the caller reads (a ZIP for a package, text for CSV);
// the package layer and the CSV parser then look further.
std::optional<refusal> refuse(const sniffed& s, bool wants_package);

}  // namespace kib
