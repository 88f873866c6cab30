#include "readers/package.hpp"

#include <zip.h>

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <fstream>
#include <map>
#include <mutex>
#include <sys/stat.h>
#include <thread>

#include "readers/file_sniff.hpp"
#include "readers/i18n.hpp"
#include "readers/zip_codec.hpp"

namespace kib {

namespace {

const char* kind_advice(file_kind k) {
    switch (k) {
        case file_kind::encrypted_ole:
            return N_("the file is password-protected (encrypted); open it in Excel or Word and save it without a password");
        case file_kind::legacy_ole:
            return N_("this is a legacy binary Office file (.xls/.doc); open it and save it as .xlsx or .docx");
        case file_kind::odf:
            return N_("this is an OpenDocument file (.ods/.odt); save it as .xlsx or .docx");
        case file_kind::other_zip:
            return N_("this ZIP archive has no [Content_Types].xml, so it is not an Office Open XML file");
        default:
            return N_("this is not an Office Open XML file (.xlsx, .xlsm, .docx)");
    }
}

bool has_encryption_info(std::string_view bytes) {
    // OLE directory entries store names as UTF-16LE.
    static const char name[] = "E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o\0";
    return bytes.find(std::string_view(name, sizeof name - 1)) != std::string_view::npos;
}

file_kind sniff_bytes(std::string_view head) {
    static const unsigned char ole[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    if (head.size() >= 8 && std::memcmp(head.data(), ole, 8) == 0)
        return has_encryption_info(head) ? file_kind::encrypted_ole : file_kind::legacy_ole;
    if (head.size() >= 4 && head[0] == 'P' && head[1] == 'K' &&
        ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6) || (head[2] == 7 && head[3] == 8)))
        return file_kind::ooxml;  // a ZIP; refined once the entries are known
    return file_kind::unknown;
}

bool bad_entry_name(std::string_view n) {
    if (n.empty() || n.front() == '/' || n.front() == '\\') return true;
    if (n.size() >= 2 && n[1] == ':') return true;  // C:...
    if (n.find('\0') != std::string_view::npos) return true;
    std::size_t start = 0;
    while (start <= n.size()) {
        std::size_t end = n.find_first_of("/\\", start);
        if (end == std::string_view::npos) end = n.size();
        if (n.substr(start, end - start) == "..") return true;
        start = end + 1;
    }
    return false;
}

// ---- the central directory, read as Excel and Python's zipfile read it ------------------------

std::uint16_t u16(std::string_view b, std::size_t at) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) | static_cast<unsigned char>(b[at + 1]) << 8);
}
std::uint32_t u32(std::string_view b, std::size_t at) {
    return static_cast<std::uint32_t>(u16(b, at)) | static_cast<std::uint32_t>(u16(b, at + 2)) << 16;
}

constexpr std::size_t eocd_size = 22;        // end of central directory record without comment
constexpr std::size_t cd_header_size = 46;   // central directory file header without name/extra/comment
constexpr std::uint64_t no_offset = ~std::uint64_t{0};

// What kib's own look at the end record and the central directory found. libzip refuses an
// archive whose end record miscounts the entries and one with bytes before it (it takes the
// directory offset as a file offset); both are repaired in memory before libzip sees them.
struct directory_survey {
    bool found = false;              // an end record whose central directory was found
    std::uint64_t prefix = 0;        // bytes before the archive (a self-extractor stub, a mail header)
    std::uint64_t eocd_at = 0;       // file offset of the end record
    std::uint64_t entries = 0;       // central headers actually there
    bool miscounted = false;         // the end record says another number
    bool too_many = false;           // the directory holds more than max_entries entries
    std::uint64_t claimed = 0;       // the end record's count
    std::vector<std::uint64_t> local_offsets;  // per entry, relative to the archive; no_offset: Zip64
    bool needs_repair() const { return found && (prefix > 0 || miscounted); }
};

// read_at(offset, length) returns up to length bytes. Never throws for damage: what it cannot
// make sense of it leaves to libzip, which then names the problem. Stops counting past max_entries.
template <class ReadAt>
directory_survey survey_directory(std::uint64_t file_size, std::uint64_t max_entries, ReadAt&& read_at) {
    directory_survey s;
    if (file_size < eocd_size) return s;
    const std::uint64_t tail_len = std::min<std::uint64_t>(file_size, eocd_size + 0xFFFF + 1024);
    const std::string tail = read_at(file_size - tail_len, tail_len);
    if (tail.size() != tail_len) return s;
    // The last end record in the file, as Python's zipfile takes it; bytes after it are ignored.
    std::size_t at = tail.size() - eocd_size + 1;
    do {
        --at;
        if (tail.compare(at, 4, "PK\x05\x06") == 0) break;
    } while (at > 0);
    if (tail.compare(at, 4, "PK\x05\x06") != 0) return s;
    const std::uint64_t eocd_at = file_size - tail_len + at;
    // Zip64 and multi-disk archives are libzip's alone.
    if (eocd_at >= 20 && read_at(eocd_at - 20, 4) == "PK\x06\x07") return s;
    const std::uint16_t this_disk = u16(tail, at + 8), total = u16(tail, at + 10);
    s.claimed = total;
    const std::uint32_t cd_size = u32(tail, at + 12), cd_offset = u32(tail, at + 16);
    if (u16(tail, at + 4) != 0 || cd_size == 0xFFFFFFFF || cd_offset == 0xFFFFFFFF) return s;
    if (std::uint64_t{cd_size} + cd_offset > eocd_at) return s;
    if (cd_size > (64u << 20)) return s;  // no OOXML package has such a directory; libzip's to judge
    // Offsets count from the start of the archive; bytes before it shift the whole archive.
    std::uint64_t prefix = 0;
    if (read_at(cd_offset, 4) != "PK\x01\x02" && cd_size > 0) {
        prefix = eocd_at - cd_size - cd_offset;
        if (prefix == 0 || read_at(prefix + cd_offset, 4) != "PK\x01\x02") return s;
    }
    const std::string cd = read_at(prefix + cd_offset, cd_size);
    if (cd.size() != cd_size) return s;
    std::size_t pos = 0;
    while (pos + cd_header_size <= cd.size() && cd.compare(pos, 4, "PK\x01\x02") == 0) {
        const std::uint32_t local = u32(cd, pos + 42);
        s.local_offsets.push_back(local == 0xFFFFFFFF ? no_offset : local);
        pos += cd_header_size + u16(cd, pos + 28) + u16(cd, pos + 30) + u16(cd, pos + 32);
        if (s.local_offsets.size() > max_entries) {
            s.too_many = true;  // refused before any repair or libzip's own reading of the count
            return s;
        }
    }
    if (pos != cd.size()) return s;  // damaged: libzip says how
    s.found = true;
    s.prefix = prefix;
    s.eocd_at = eocd_at;
    s.entries = s.local_offsets.size();
    s.miscounted = (s.entries != total || s.entries != this_disk) && s.entries <= 0xFFFF;
    return s;
}

std::string zip_error_text(int code) {
    zip_error_t e;
    zip_error_init_with_code(&e, code);
    std::string s = zip_error_strerror(&e);
    zip_error_fini(&e);
    return s;
}

// One open part. For a part kib inflates itself, file gives the compressed bytes.
struct part_reader {
    static constexpr std::size_t in_chunk = 256 << 10;  // compressed bytes read from libzip at a time
    zip_file_t* file = nullptr;
    std::unique_ptr<zip_codec::inflater> inflate;  // null: libzip hands out the part's bytes as they are
    std::string in;
    std::size_t in_pos = 0, in_end = 0;
    bool in_eof = false;  // libzip has no more compressed bytes
    bool ended = false;   // the deflate stream is complete (and checked)
    std::uint32_t crc = 0;
    part_reader() = default;
    part_reader(const part_reader&) = delete;
    part_reader& operator=(const part_reader&) = delete;
    ~part_reader() {
        if (file) zip_fclose(file);
    }
};

}  // namespace

struct package::impl {
    std::string name;
    std::string path;    // the file, when opened from one and not read into buffer
    std::string buffer;  // backing store for open_buffer, or a repaired copy of the file
    std::vector<std::uint64_t> local_offsets;  // per entry, from kib's own directory survey
    zip_t* zip = nullptr;
    package_limits limits;
    std::vector<entry> entries;
    std::map<std::string, std::size_t> by_name;  // lower-cased name -> entries index
    content_types types;

    ~impl() {
        if (zip) zip_discard(zip);
    }

    [[noreturn]] void fail(error_category cat, std::string part, std::string msg, std::string hint = {}) const {
        location loc;
        loc.file = name;
        loc.part = std::move(part);
        throw error(cat, std::move(loc), std::move(msg), std::move(hint));
    }

    // The XML limits for a part handed out whole: its content type says XML (…+xml, …/xml), or,
    // for parts without one, its name ends in .xml or .rels.
    void check_xml(const entry& e, std::string_view data) const {
        const std::string ct = types.of(e.name);
        auto ends_with = [](std::string_view s, std::string_view suffix) {
            if (s.size() < suffix.size()) return false;
            for (std::size_t i = 0; i < suffix.size(); ++i) {
                char c = s[s.size() - suffix.size() + i];
                if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
                if (c != suffix[i]) return false;
            }
            return true;
        };
        const bool is_xml = ends_with(ct, "xml") || ends_with(e.name, ".xml") || ends_with(e.name, ".rels");
        if (!is_xml) return;
        try {
            xml::check_limits(data, limits.xml);
        } catch (const error& err) {
            location loc;
            loc.file = name;
            loc.part = e.name;
            throw err.with_context(loc);
        }
    }

    // Bytes of the archive as kib reads it: the file, or the buffer once read or repaired.
    std::string read_at(std::uint64_t offset, std::uint64_t length) const {
        if (path.empty()) {
            if (offset >= buffer.size()) return {};
            return buffer.substr(static_cast<std::size_t>(offset), static_cast<std::size_t>(length));
        }
        std::ifstream in(path, std::ios::binary);
        std::string out(static_cast<std::size_t>(length), '\0');
        in.seekg(static_cast<std::streamoff>(offset));
        in.read(out.data(), static_cast<std::streamsize>(length));
        out.resize(in ? out.size() : static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
        return out;
    }

    // head: the first bytes, file_size: the whole length. Surveys the central directory, repairs
    // in memory what libzip would refuse (see directory_survey), then opens with libzip — without
    // ZIP_CHECKCONS, which refuses local headers that disagree with the central directory.
    void load(std::string_view head, std::uint64_t file_size) {
        const file_kind k = sniff_bytes(head);
        const directory_survey d = survey_directory(file_size, limits.max_entries,
                                                    [this](std::uint64_t o, std::uint64_t n) { return read_at(o, n); });
        if (d.too_many)
            fail(error_category::limit, {},
                 d.claimed > limits.max_entries
                     ? trf("the archive has {} entries, more than the limit of {}",
                           {std::to_string(d.claimed), std::to_string(limits.max_entries)})
                     : trf("the archive has more entries than its end record says, more than the limit of {}",
                           {std::to_string(limits.max_entries)}),
                 limit_hint("entries"));
        // A ZIP with bytes before it does not start with "PK"; its central directory says it is one.
        if (k != file_kind::ooxml && !(k == file_kind::unknown && d.found && d.prefix > 0))
            fail(error_category::bad_input, {}, kind_advice(k));
        if (d.needs_repair()) {
            if (file_size > limits.max_total_size)
                fail(error_category::limit, {},
                     trf("the archive needs repair in memory (bytes before it or a wrong entry count) and is {} bytes, "
                         "over the total-size limit",
                         {std::to_string(file_size)}),
                     limit_hint("total_mb"));
            if (!path.empty()) {
                buffer = read_at(0, file_size);
                path.clear();
                if (buffer.size() != file_size) fail(error_category::io, {}, tr("cannot read the file in full"));
            }
            buffer.erase(0, static_cast<std::size_t>(d.prefix));
            if (d.miscounted) {
                // Entries on this disk and in total (EOCD offsets 8 and 10), little-endian.
                const std::size_t at = static_cast<std::size_t>(d.eocd_at - d.prefix);
                for (std::size_t field : {at + 8, at + 10}) {
                    buffer[field] = static_cast<char>(d.entries & 0xFF);
                    buffer[field + 1] = static_cast<char>(d.entries >> 8 & 0xFF);
                }
            }
        }
        if (d.found) local_offsets = d.local_offsets;
        zip_error_t err;
        zip_error_init(&err);
        zip_source_t* src = path.empty() ? zip_source_buffer_create(buffer.data(), buffer.size(), 0, &err)
                                         : zip_source_file_create(path.c_str(), 0, -1, &err);
        if (!src) {
            zip_error_fini(&err);
            fail(error_category::io, {}, tr("cannot open the file"));
        }
        zip = zip_open_from_source(src, ZIP_RDONLY, &err);
        if (!zip) {
            const int code = zip_error_code_zip(&err);
            zip_error_fini(&err);
            zip_source_free(src);
            // libzip refuses an archive that names one entry twice; say so rather than "damaged".
            if (code == ZIP_ER_EXISTS)
                fail(error_category::bad_input, {}, tr("the archive holds two entries with the same name"),
                     tr("this archive was not written by an office program; re-save the file from Excel/Word"));
            std::string msg = trf("the ZIP archive is damaged or truncated ({})", {zip_error_text(code)});
            fail(error_category::bad_input, {}, msg, tr("re-save the file from Excel/Word, or copy it again in full"));
        }
        zip_error_fini(&err);
        index_entries();
        const entry* ct = find_entry("[Content_Types].xml");
        if (!ct) {
            if (const entry* mt = find_entry("mimetype")) {
                const std::string m = read_all(*mt);
                if (m.rfind("application/vnd.oasis.opendocument", 0) == 0)
                    fail(error_category::bad_input, {}, kind_advice(file_kind::odf));
            }
            fail(error_category::bad_input, {}, kind_advice(file_kind::other_zip));
        }
        try {
            types = parse_content_types(read_all(*ct));
        } catch (const error& e) {
            throw e.with_context({name, "[Content_Types].xml", {}, 0, 0});
        }
    }

    void index_entries() {
        const zip_int64_t n = zip_get_num_entries(zip, 0);
        if (n < 0) fail(error_category::bad_input, {}, tr("cannot read the ZIP directory"));
        if (static_cast<std::uint64_t>(n) > limits.max_entries)
            fail(error_category::limit, {},
                 trf("the archive has {} entries, more than the limit of {}", {std::to_string(n), std::to_string(limits.max_entries)}),
                 limit_hint("entries"));
        std::uint64_t total = 0;
        entries.reserve(static_cast<std::size_t>(n));
        for (zip_int64_t i = 0; i < n; ++i) {
            zip_stat_t st;
            zip_stat_init(&st);
            if (zip_stat_index(zip, static_cast<zip_uint64_t>(i), 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME))
                fail(error_category::bad_input, {}, trf("cannot read ZIP entry {}", {std::to_string(i)}));
            entry e;
            e.name = st.name;
            e.index = static_cast<std::uint64_t>(i);
            e.size = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
            e.compressed_size = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
            e.method = (st.valid & ZIP_STAT_COMP_METHOD) ? static_cast<std::uint16_t>(st.comp_method) : 0;
            e.crc = (st.valid & ZIP_STAT_CRC) ? st.crc : 0;
            e.encrypted = (st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE;
            if (bad_entry_name(e.name))
                fail(error_category::bad_input, e.name, tr("unsafe entry name (absolute path or '..')"),
                     tr("this archive was not written by an office program; do not use it"));
            zip_uint8_t opsys = 0;
            zip_uint32_t attributes = 0;
            if (zip_file_get_external_attributes(zip, static_cast<zip_uint64_t>(i), 0, &opsys, &attributes) == 0 &&
                opsys == ZIP_OPSYS_UNIX && ((attributes >> 16) & S_IFMT) == S_IFLNK)
                fail(error_category::bad_input, e.name, tr("the entry is a symbolic link"),
                     tr("this archive was not written by an office program; do not use it"));
            if (e.size > limits.max_part_size)
                fail(error_category::limit, e.name,
                     trf("part is {} bytes uncompressed, over the limit of {}",
                         {std::to_string(e.size), std::to_string(limits.max_part_size)}),
                     limit_hint("part_mb"));
            if (e.size > limits.ratio_floor &&
                static_cast<double>(e.size) > limits.max_ratio * static_cast<double>(e.compressed_size ? e.compressed_size : 1))
                fail(error_category::limit, e.name,
                     trf("compression ratio over {}:1 (a ZIP bomb?)", {std::to_string(static_cast<long long>(limits.max_ratio))}),
                     limit_hint("compression_ratio"));
            total += e.size;
            if (total > limits.max_total_size)
                fail(error_category::limit, {},
                     trf("the parts add up to more than {} bytes uncompressed", {std::to_string(limits.max_total_size)}),
                     limit_hint("total_mb"));
            std::string key = ascii_lower(e.name);
            if (!by_name.emplace(std::move(key), entries.size()).second)
                fail(error_category::bad_input, e.name, tr("the archive holds this entry twice"), tr("re-save the file from Excel/Word"));
            entries.push_back(std::move(e));
        }
    }

    const entry* find_entry(std::string_view part) const {
        if (!part.empty() && part.front() == '/') part.remove_prefix(1);
        auto it = by_name.find(ascii_lower(part));
        return it == by_name.end() ? nullptr : &entries[it->second];
    }

    // Opens a part for reading. A deflated, unencrypted part is opened raw (libzip hands out the
    // compressed bytes) and inflated by kib's codec (readers/zip_codec: ISA-L or zlib), which also
    // checks its CRC-32 here; stored and encrypted parts are read through libzip as they are.
    void open_entry(const entry& e, part_reader& r) const {
        // libzip (1.7) finds the data through the local header without checking its signature and
        // then inflates whatever is there; say what is wrong instead of "Invalid argument".
        if (local_offsets.size() == entries.size() && local_offsets[e.index] != no_offset &&
            read_at(local_offsets[e.index], 4) != "PK\x03\x04")
            fail(error_category::bad_input, e.name,
                 trf("the archive's directory points this part at offset {}, where no part begins",
                     {std::to_string(local_offsets[e.index])}),
                 tr("the archive is damaged; re-save the file from Excel/Word, or copy it again in full"));
        const bool raw = e.method == ZIP_CM_DEFLATE && !e.encrypted;
        r.file = zip_fopen_index(zip, e.index, raw ? ZIP_FL_COMPRESSED : 0);
        if (!r.file) {
            const std::string why = zip_strerror(zip);
            fail(error_category::bad_input, e.name, trf("cannot open the part ({})", {why}),
                 tr("the archive is damaged; re-save the file"));
        }
        if (raw) {
            r.inflate = std::make_unique<zip_codec::inflater>();
            r.in.resize(part_reader::in_chunk);
        }
    }

    [[noreturn]] void damaged(const entry& e, const std::string& why) const {
        fail(error_category::bad_input, e.name, trf("the part is damaged ({})", {why}),
             tr("re-save the file from Excel/Word, or copy it again in full"));
    }

    // Up to cap inflated bytes of a raw-opened part; 0 once its deflate stream has ended. At the
    // end the part must have its declared size and CRC-32, as libzip checks for the parts it inflates.
    std::size_t inflate_some(part_reader& r, const entry& e, std::uint64_t so_far, char* buf, std::size_t cap) const {
        if (r.ended) return 0;
        for (;;) {
            if (r.in_pos == r.in_end && !r.in_eof) {
                const zip_int64_t got = zip_fread(r.file, r.in.data(), r.in.size());
                if (got < 0) damaged(e, zip_file_strerror(r.file));
                r.in_pos = 0;
                r.in_end = static_cast<std::size_t>(got);
                r.in_eof = got == 0;
            }
            const zip_codec::inflater::step s = r.inflate->inflate(r.in.data() + r.in_pos, r.in_end - r.in_pos, buf, cap);
            r.in_pos += s.used;
            r.crc = zip_codec::crc32(r.crc, buf, s.made);
            if (s.st == zip_codec::inflater::status::bad_data) damaged(e, "invalid deflate data");
            if (s.st == zip_codec::inflater::status::end) {
                r.ended = true;
                // Over the declared size is read_some's to refuse (a limit, not damage).
                if (so_far + s.made < e.size)
                    fail(error_category::bad_input, e.name, tr("the part is shorter than the archive declares"),
                         tr("the file is truncated; copy it again in full"));
                if (so_far + s.made == e.size && r.crc != e.crc) damaged(e, "CRC error");
                return s.made;
            }
            if (s.made > 0 || cap == 0) return s.made;
            // No progress with input left, or none left: the deflate stream is cut short.
            if (s.used == 0 && (r.in_eof || r.in_pos < r.in_end)) damaged(e, "the compressed data ends before the part does");
        }
    }

    // Reads up to cap bytes; tracks the total against the declared size.
    std::size_t read_some(part_reader& r, const entry& e, std::uint64_t& so_far, char* buf, std::size_t cap) const {
        std::uint64_t got = 0;
        if (r.inflate) {
            got = inflate_some(r, e, so_far, buf, cap);
        } else {
            const zip_int64_t n = zip_fread(r.file, buf, cap);
            if (n < 0) damaged(e, zip_file_strerror(r.file));
            got = static_cast<std::uint64_t>(n);
        }
        so_far += got;
        if (so_far > e.size || so_far > limits.max_part_size)
            fail(error_category::limit, e.name, tr("the part inflates to more bytes than the archive declares"));
        return static_cast<std::size_t>(got);
    }

    std::string read_all(const entry& e) const {
        part_reader r;
        open_entry(e, r);
        std::string out;
        out.resize(static_cast<std::size_t>(e.size));
        std::uint64_t so_far = 0;
        std::size_t at = 0;
        while (at < out.size()) {
            const std::size_t got = read_some(r, e, so_far, out.data() + at, out.size() - at);
            if (got == 0) break;
            at += got;
        }
        if (at != out.size())
            fail(error_category::bad_input, e.name, tr("the part is shorter than the archive declares"),
                 tr("the file is truncated; copy it again in full"));
        char extra;
        if (read_some(r, e, so_far, &extra, 1) != 0)
            fail(error_category::limit, e.name, tr("the part inflates to more bytes than the archive declares"));
        return out;
    }
};

// ---- part_stream -------------------------------------------------------------------------

struct package::part_stream::impl {
    const package::impl* pkg;
    const entry* e = nullptr;
    part_reader reader;  // its file stays null when opening the part fails
    std::uint64_t so_far = 0;

    // Readahead: a producer thread fills chunks; read() drains them in order.
    bool readahead = false;
    std::thread worker;
    std::mutex mu;
    std::condition_variable cv;
    std::deque<std::string> ready;
    std::vector<std::string> spare;
    std::string current;
    std::size_t current_pos = 0;
    bool done = false;
    bool stop = false;
    std::exception_ptr failure;

    static constexpr std::size_t chunk = 256 << 10;
    static constexpr std::size_t max_queued = 8;

    void produce() {
        try {
            for (;;) {
                std::string buf;
                {
                    std::unique_lock lk(mu);
                    cv.wait(lk, [&] { return stop || ready.size() < max_queued; });
                    if (stop) return;
                    if (!spare.empty()) {
                        buf = std::move(spare.back());
                        spare.pop_back();
                    }
                }
                buf.resize(chunk);
                std::size_t at = 0;
                while (at < chunk) {
                    const std::size_t got = pkg->read_some(reader, *e, so_far, buf.data() + at, chunk - at);
                    if (got == 0) break;
                    at += got;
                }
                buf.resize(at);
                std::unique_lock lk(mu);
                if (at == 0) {
                    done = true;
                    cv.notify_all();
                    return;
                }
                ready.push_back(std::move(buf));
                cv.notify_all();
            }
        } catch (...) {
            std::unique_lock lk(mu);
            failure = std::current_exception();
            done = true;
            cv.notify_all();
        }
    }

    std::size_t read(char* out, std::size_t cap) {
        if (!readahead) {
            std::size_t at = 0;
            while (at < cap) {
                const std::size_t got = pkg->read_some(reader, *e, so_far, out + at, cap - at);
                if (got == 0) break;
                at += got;
            }
            return at;
        }
        std::size_t at = 0;
        while (at < cap) {
            if (current_pos == current.size()) {
                std::unique_lock lk(mu);
                if (!current.empty()) spare.push_back(std::move(current));
                current.clear();
                current_pos = 0;
                cv.wait(lk, [&] { return !ready.empty() || done; });
                if (ready.empty()) {
                    if (failure) std::rethrow_exception(failure);
                    break;
                }
                current = std::move(ready.front());
                ready.pop_front();
                cv.notify_all();
            }
            const std::size_t n = std::min(cap - at, current.size() - current_pos);
            std::memcpy(out + at, current.data() + current_pos, n);
            current_pos += n;
            at += n;
        }
        return at;
    }

    ~impl() {
        if (worker.joinable()) {
            {
                std::unique_lock lk(mu);
                stop = true;
                cv.notify_all();
            }
            worker.join();
        }
    }
};

package::part_stream::part_stream(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
package::part_stream::part_stream(part_stream&&) noexcept = default;
package::part_stream::~part_stream() = default;
std::size_t package::part_stream::read(char* buf, std::size_t cap) { return impl_->read(buf, cap); }

// ---- package -----------------------------------------------------------------------------

package::package(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
package::package(package&&) noexcept = default;
package& package::operator=(package&&) noexcept = default;
package::~package() = default;

file_kind package::sniff(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return file_kind::unknown;
    std::string head(8, '\0');
    in.read(head.data(), 8);
    head.resize(static_cast<std::size_t>(in.gcount()));
    file_kind k = sniff_bytes(head);
    if (k == file_kind::legacy_ole) {
        // The directory may sit anywhere; OLE files of interest are small, read at most 64 MiB.
        std::string rest(64u << 20, '\0');
        in.read(rest.data(), static_cast<std::streamsize>(rest.size()));
        rest.resize(static_cast<std::size_t>(in.gcount()));
        if (has_encryption_info(rest)) k = file_kind::encrypted_ole;
    }
    return k;
}

package package::open(const std::string& path, const package_limits& limits) {
    auto p = std::make_unique<impl>();
    p->name = path;
    p->limits = limits;
    struct stat st;
    if (::stat(path.c_str(), &st) != 0)
        p->fail(error_category::io, {}, trf("cannot open the file: {}", {system_message(errno)}));
    if (S_ISDIR(st.st_mode)) p->fail(error_category::io, {}, tr("this is a folder, not a file"));
    // What the file really is (PDF, image, password, .xls, ODF, empty): readers/file_sniff.hpp.
    if (const auto why = refuse(sniff_file(path), true)) p->fail(error_category::bad_input, {}, why->message, why->hint);
    const file_kind k = sniff(path);
    if (k != file_kind::ooxml && k != file_kind::unknown) p->fail(error_category::bad_input, {}, kind_advice(k));
    p->path = path;
    p->load(k == file_kind::ooxml ? "PK\x03\x04" : "", static_cast<std::uint64_t>(st.st_size));
    return package(std::move(p));
}

package package::open_buffer(std::string data, const std::string& display_name, const package_limits& limits) {
    auto p = std::make_unique<impl>();
    p->name = display_name;
    p->limits = limits;
    p->buffer = std::move(data);
    {
        const std::string_view b = p->buffer;
        const std::size_t tail = std::min<std::size_t>(b.size(), 64 * 1024 + 22);
        if (const auto why = refuse(kib::sniff_bytes(b, b.substr(b.size() - tail), b.size()), true))
            p->fail(error_category::bad_input, {}, why->message, why->hint);
    }
    // The whole buffer is the head: an encrypted file's EncryptionInfo may sit anywhere in it.
    p->load(p->buffer, p->buffer.size());
    return package(std::move(p));
}

const std::string& package::display_name() const noexcept { return impl_->name; }
const std::vector<package::entry>& package::entries() const noexcept { return impl_->entries; }
const package::entry* package::find(std::string_view part_name) const noexcept {
    try {
        return impl_->find_entry(part_name);
    } catch (...) {
        return nullptr;
    }
}
const content_types& package::types() const noexcept { return impl_->types; }

const package_limits& package::limits() const noexcept { return impl_->limits; }

std::string package::read(std::string_view part_name) const {
    const entry* e = impl_->find_entry(part_name);
    if (!e) impl_->fail(error_category::bad_input, std::string(part_name), tr("the part is missing from the package"));
    std::string data = impl_->read_all(*e);
    impl_->check_xml(*e, data);
    return data;
}

package::part_stream package::stream(std::string_view part_name, bool readahead) const {
    const entry* e = impl_->find_entry(part_name);
    if (!e) impl_->fail(error_category::bad_input, std::string(part_name), tr("the part is missing from the package"));
    auto s = std::make_unique<part_stream::impl>();
    s->pkg = impl_.get();
    s->e = e;
    impl_->open_entry(*e, s->reader);
    if (readahead && e->size > part_stream::impl::chunk) {
        s->readahead = true;
        s->worker = std::thread([raw = s.get()] { raw->produce(); });
    }
    return part_stream(std::move(s));
}

std::vector<relationship> package::relationships(std::string_view source_part) const {
    const std::string rels = relationships_part_name(source_part);
    const entry* e = impl_->find_entry(rels);
    if (!e) return {};
    try {
        const std::string data = impl_->read_all(*e);
        impl_->check_xml(*e, data);
        return parse_relationships(data, source_part);
    } catch (const error& err) {
        throw err.with_context(where(rels));
    }
}

std::string package::main_part() const {
    for (const auto& r : relationships("")) {
        if (r.has_type("officeDocument") && !r.external) {
            if (!find(r.target))
                impl_->fail(error_category::bad_input, "_rels/.rels",
                            trf("the main document '{}' named by the package relationships is missing", {r.target}));
            return r.target;
        }
    }
    impl_->fail(error_category::bad_input, "_rels/.rels", tr("the package names no main document (officeDocument relationship)"),
                tr("re-save the file from Excel/Word"));
}

location package::where(std::string_view part_name, std::string where_) const {
    location loc;
    loc.file = impl_->name;
    loc.part = std::string(part_name);
    loc.where = std::move(where_);
    return loc;
}

}  // namespace kib
