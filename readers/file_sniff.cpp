#include "readers/file_sniff.hpp"

#include <cstring>
#include <fstream>

#include "readers/i18n.hpp"

namespace kib {

namespace {

bool starts(std::string_view s, std::string_view prefix) { return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix; }

// OLE directory entries store their names as UTF-16LE.
bool has_ole_name(std::string_view bytes, std::string_view ascii) {
    std::string utf16;
    for (char c : ascii) {
        utf16 += c;
        utf16 += '\0';
    }
    return bytes.find(utf16) != std::string_view::npos;
}

const unsigned char ole_magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

}  // namespace

sniffed sniff_bytes(std::string_view head, std::string_view tail, std::uint64_t size) {
    if (size == 0) return {sniffed_kind::empty, {}};
    if (starts(head, "%PDF")) return {sniffed_kind::pdf, {}};
    if (starts(head, "\x89PNG\r\n\x1a\n")) return {sniffed_kind::image, "PNG"};
    if (starts(head, "\xFF\xD8\xFF")) return {sniffed_kind::image, "JPEG"};
    if (starts(head, "GIF87a") || starts(head, "GIF89a")) return {sniffed_kind::image, "GIF"};
    if (head.size() >= 8 && std::memcmp(head.data(), ole_magic, 8) == 0) {
        if (has_ole_name(head, "EncryptionInfo")) return {sniffed_kind::encrypted, {}};
        if (has_ole_name(head, "Workbook") || has_ole_name(head, "Book")) return {sniffed_kind::legacy_office, "xls"};
        if (has_ole_name(head, "WordDocument")) return {sniffed_kind::legacy_office, "doc"};
        return {sniffed_kind::legacy_office, {}};
    }
    if (starts(head, "PK\x03\x04") || starts(head, "PK\x05\x06")) {
        // ODF: the first entry is "mimetype", stored, its content right after the local header.
        if (head.size() > 38 && head.substr(30, 8) == "mimetype") {
            const std::string_view type = head.substr(38, std::min<std::size_t>(80, head.size() - 38));
            if (starts(type, "application/vnd.oasis.opendocument.spreadsheet")) return {sniffed_kind::odf, "ods"};
            if (starts(type, "application/vnd.oasis.opendocument.text")) return {sniffed_kind::odf, "odt"};
            if (starts(type, "application/vnd.oasis.opendocument")) return {sniffed_kind::odf, {}};
        }
        if (tail.find("PK\x05\x06") == std::string_view::npos) return {sniffed_kind::truncated_zip, {}};
        return {sniffed_kind::zip, {}};
    }
    // A ZIP with bytes before it (a self-extractor stub, a prefix some tools write): Excel, LibreOffice
    // and Python's zipfile read it from its end record, and so does the package layer.
    if (tail.find("PK\x05\x06") != std::string_view::npos && head.find("PK\x03\x04") != std::string_view::npos)
        return {sniffed_kind::zip, "prefixed"};
    const bool utf16_bom = starts(head, "\xFF\xFE") || starts(head, "\xFE\xFF");
    if (utf16_bom || head.find('\0') == std::string_view::npos) return {sniffed_kind::text, {}};
    return {sniffed_kind::binary, {}};
}

sniffed sniff_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {sniffed_kind::binary, {}};
    in.seekg(0, std::ios::end);
    const auto end = in.tellg();
    if (end < 0) return {sniffed_kind::binary, {}};
    const auto size = static_cast<std::uint64_t>(end);
    in.seekg(0);
    std::string head(64 * 1024, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    if (head.size() >= 8 && std::memcmp(head.data(), ole_magic, 8) == 0 && size > head.size()) {
        // The OLE directory may sit anywhere; Office files of interest are small: at most 64 MiB.
        std::string rest(static_cast<std::size_t>(std::min<std::uint64_t>(size, 64u << 20)) - head.size(), '\0');
        in.read(rest.data(), static_cast<std::streamsize>(rest.size()));
        rest.resize(static_cast<std::size_t>(in.gcount()));
        head += rest;
    }
    std::string tail;
    const std::uint64_t tail_size = std::min<std::uint64_t>(size, 64 * 1024 + 22);
    in.clear();
    in.seekg(static_cast<std::streamoff>(size - tail_size));
    tail.resize(static_cast<std::size_t>(tail_size));
    in.read(tail.data(), static_cast<std::streamsize>(tail.size()));
    tail.resize(static_cast<std::size_t>(in.gcount()));
    return sniff_bytes(head, tail, size);
}

std::optional<refusal> refuse(const sniffed& s, bool wants_package) {
    switch (s.kind) {
        case sniffed_kind::empty:
            return refusal{tr("the file is empty (0 bytes)"),
                           tr("saving or copying it did not finish; save or copy the file again")};
        case sniffed_kind::pdf:
            return refusal{tr("this is a PDF document, not an Excel or Word file (only its name says otherwise)"),
                           tr("use the .xlsx or .docx itself; a PDF cannot be read back into a workbook or document")};
        case sniffed_kind::image:
            return refusal{trf("this is an image ({}), not an Excel or Word file (only its name says otherwise)", {s.detail}),
                           tr("use the workbook or document itself, not a picture or screenshot of it")};
        case sniffed_kind::encrypted:
            return refusal{tr("the file is password-protected (encrypted); open it in Excel or Word and save it without a password"),
                           tr("in Excel or Word: File > Info > Protect > Encrypt with Password, clear the password, save")};
        case sniffed_kind::legacy_office:
            return refusal{tr("this is a legacy binary Office file (.xls/.doc); open it and save it as .xlsx or .docx"),
                           s.detail == "xls"   ? tr("in Excel: File > Save As > Excel Workbook (*.xlsx)")
                           : s.detail == "doc" ? tr("in Word: File > Save As > Word Document (*.docx)")
                                               : std::string()};
        case sniffed_kind::odf:
            return refusal{tr("this is an OpenDocument file (.ods/.odt); save it as .xlsx or .docx"),
                           s.detail == "odt" ? tr("in LibreOffice Writer: File > Save As > Word 2007-365 (.docx)")
                                             : tr("in LibreOffice Calc: File > Save As > Excel 2007-365 (.xlsx)")};
        case sniffed_kind::truncated_zip:
            if (wants_package) return std::nullopt;  // the package layer says what is damaged
            return refusal{tr("the file is incomplete: it starts like an Office file but its end is missing (a truncated copy)"),
                           tr("copy or save the file again in full")};
        case sniffed_kind::zip:
            if (wants_package) return std::nullopt;
            return refusal{tr("this is an Office file or another ZIP archive, not a CSV text file"),
                           tr("give it the name it should have (.xlsx, .docx), or export the sheet as CSV")};
        case sniffed_kind::text:
            if (!wants_package) return std::nullopt;
            return refusal{tr("this is not an Office Open XML file (.xlsx, .xlsm, .docx)"),
                           tr("it holds text: if it is a CSV export, give it a .csv name or save it as .xlsx")};
        case sniffed_kind::binary:
            if (wants_package) return refusal{tr("this is not an Office Open XML file (.xlsx, .xlsm, .docx)"), {}};
            return refusal{tr("this is neither a CSV text file nor an Office file kib reads"),
                           tr("kib reads .xlsx, .xlsm, .docx and CSV text files")};
    }
    return std::nullopt;
}

}  // namespace kib
