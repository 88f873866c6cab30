#include "writers/zip_writer.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

#include "readers/error.hpp"
#include "readers/i18n.hpp"
#include "readers/zip_codec.hpp"

namespace kib {

namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(error_category cat, const std::string& file, std::string part, std::string msg,
                       std::string hint = {}) {
    location loc;
    loc.file = file;
    loc.part = std::move(part);
    throw error(cat, std::move(loc), std::move(msg), std::move(hint));
}

constexpr std::uint32_t sig_local = 0x04034b50;
constexpr std::uint32_t sig_central = 0x02014b50;
constexpr std::uint32_t sig_eocd = 0x06054b50;
constexpr std::uint32_t sig_zip64_eocd = 0x06064b50;
constexpr std::uint32_t sig_zip64_locator = 0x07064b50;
constexpr std::uint32_t sig_descriptor = 0x08074b50;
constexpr std::uint16_t dos_date_1980 = (1u << 5) | 1u;  // 1980-01-01
constexpr std::uint16_t dos_time_0 = 0;
constexpr std::uint16_t flag_encrypted = 1u << 0;
constexpr std::uint16_t flag_descriptor = 1u << 3;
constexpr std::uint16_t flag_utf8 = 1u << 11;
constexpr std::uint32_t max32 = 0xffffffffu;

std::uint16_t get16(const char* p) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(p[0]) | (static_cast<unsigned char>(p[1]) << 8));
}
std::uint32_t get32(const char* p) {
    return static_cast<std::uint32_t>(get16(p)) | (static_cast<std::uint32_t>(get16(p + 2)) << 16);
}
std::uint64_t get64(const char* p) {
    return static_cast<std::uint64_t>(get32(p)) | (static_cast<std::uint64_t>(get32(p + 4)) << 32);
}
void put16(std::string& out, std::uint32_t v) {
    out.push_back(static_cast<char>(v & 0xff));
    out.push_back(static_cast<char>((v >> 8) & 0xff));
}
void put32(std::string& out, std::uint32_t v) {
    put16(out, v & 0xffff);
    put16(out, v >> 16);
}
void set32(char* p, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) p[i] = static_cast<char>((v >> (8 * i)) & 0xff);
}
void set64(char* p, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) p[i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

std::uint32_t narrow32(std::uint64_t v, const std::string& file, const std::string& what) {
    if (v >= max32)
        fail(error_category::limit, file, what, tr("the package would exceed 4 GiB, which kib does not write (no ZIP64)"),
             tr("split the document"));
    return static_cast<std::uint32_t>(v);
}

void write_all(int fd, const char* data, std::size_t n, const std::string& display) {
    while (n > 0) {
        const ssize_t w = ::write(fd, data, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            fail(error_category::io, display, {}, trf("cannot write the file ({})", {system_message(errno)}),
                 tr("check free disk space and permissions"));
        }
        data += w;
        n -= static_cast<std::size_t>(w);
    }
}

}  // namespace

raw_entry deflate_entry(std::string name, std::string_view data, int level) {
    raw_entry e;
    e.name = std::move(name);
    e.method = 8;
    e.size = data.size();
    e.crc = zip_codec::crc32(0, data.data(), data.size());
    e.data = zip_codec::deflate(data, level, e.name);
    return e;
}

struct entry_deflater::impl {
    raw_entry e;
    zip_codec::deflate_stream z;
    impl(std::string name, int level) : z(level, name) {
        e.name = std::move(name);
        e.method = 8;
    }
};

entry_deflater::entry_deflater(std::string name, int level) : impl_(std::make_unique<impl>(std::move(name), level)) {}
entry_deflater::~entry_deflater() = default;

void entry_deflater::add(std::string_view data) {
    impl_->e.crc = zip_codec::crc32(impl_->e.crc, data.data(), data.size());
    impl_->e.size += data.size();
    impl_->z.add(data);
}

raw_entry entry_deflater::finish() {
    impl_->e.data = impl_->z.finish();
    return std::move(impl_->e);
}

// ---------------------------------------------------------------------------------------------
// zip_source

struct zip_source::impl {
    std::string display;
    int fd = -1;              // a file source, or
    std::string_view buffer;  // a buffer source
    std::uint64_t size = 0;
    std::vector<entry> entries;

    ~impl() {
        if (fd >= 0) ::close(fd);
    }

    [[noreturn]] void damaged(const std::string& part, const std::string& what) const {
        fail(error_category::bad_input, display, part, what, tr("re-save the file in Excel, Word or LibreOffice"));
    }

    void read_at(std::uint64_t off, std::size_t len, char* dst, const std::string& part) const {
        if (off > size || len > size - off) damaged(part, tr("the archive is truncated"));
        if (fd < 0) {
            if (len) std::memcpy(dst, buffer.data() + off, len);
            return;
        }
        while (len > 0) {
            const ssize_t r = ::pread(fd, dst, len, static_cast<off_t>(off));
            if (r < 0 && errno == EINTR) continue;
            if (r <= 0) fail(error_category::io, display, part, tr("cannot read the file (it changed while kib read it?)"));
            dst += r;
            off += static_cast<std::uint64_t>(r);
            len -= static_cast<std::size_t>(r);
        }
    }

    std::string read_string(std::uint64_t off, std::uint64_t len, const std::string& part) const {
        if (off > size || len > size - off) damaged(part, tr("the archive is truncated"));
        std::string s(static_cast<std::size_t>(len), '\0');
        read_at(off, s.size(), s.data(), part);
        return s;
    }

    void parse();
};

void zip_source::impl::parse() {
    if (size < 22) damaged({}, tr("this is not a ZIP archive (too short)"));
    const std::uint64_t tail_len = std::min<std::uint64_t>(size, 22 + 0xffff);
    const std::uint64_t tail_off = size - tail_len;
    const std::string tail = read_string(tail_off, tail_len, {});
    std::ptrdiff_t found = -1;
    for (std::ptrdiff_t i = static_cast<std::ptrdiff_t>(tail_len) - 22; i >= 0; --i) {
        const char* p = tail.data() + i;
        if (get32(p) == sig_eocd && static_cast<std::uint64_t>(i) + 22 + get16(p + 20) <= tail_len) {
            found = i;
            break;
        }
    }
    if (found < 0) damaged({}, tr("the archive has no end-of-central-directory record (not a ZIP, or truncated)"));
    const char* eocd = tail.data() + found;
    const std::uint64_t eocd_pos = tail_off + static_cast<std::uint64_t>(found);
    std::uint64_t count = get16(eocd + 10);
    std::uint64_t cd_size = get32(eocd + 12);
    std::uint64_t cd_off = get32(eocd + 16);
    const std::uint16_t disk = get16(eocd + 4), cd_disk = get16(eocd + 6);
    if (count == 0xffff || cd_size == max32 || cd_off == max32) {
        if (eocd_pos >= 20) {
            const std::string loc = read_string(eocd_pos - 20, 20, {});
            if (get32(loc.data()) == sig_zip64_locator) {
                const std::string rec = read_string(get64(loc.data() + 8), 56, {});
                if (get32(rec.data()) != sig_zip64_eocd) damaged({}, tr("the ZIP64 end record is damaged"));
                count = get64(rec.data() + 32);
                cd_size = get64(rec.data() + 40);
                cd_off = get64(rec.data() + 48);
            }
        }
    } else if (disk != 0 || cd_disk != 0) {
        damaged({}, tr("the archive is split over several disks"));
    }
    if (cd_off > size || cd_size > size - cd_off) damaged({}, tr("the central directory lies outside the file"));
    if (count > cd_size / 46) damaged({}, tr("the central directory is shorter than its entry count"));
    const std::string cd = read_string(cd_off, cd_size, {});

    entries.reserve(static_cast<std::size_t>(count));
    std::size_t pos = 0;
    for (std::uint64_t k = 0; k < count; ++k) {
        if (cd.size() - pos < 46 || get32(cd.data() + pos) != sig_central)
            damaged({}, trf("central directory record {} is damaged", {std::to_string(k + 1)}));
        const char* p = cd.data() + pos;
        entry e;
        e.flags = get16(p + 8);
        e.method = get16(p + 10);
        e.time = get16(p + 12);
        e.date = get16(p + 14);
        e.crc = get32(p + 16);
        e.compressed = get32(p + 20);
        e.size = get32(p + 24);
        const std::size_t nlen = get16(p + 28), xlen = get16(p + 30), clen = get16(p + 32);
        e.offset = get32(p + 42);
        e.offset_field = 42;
        const std::size_t rec_len = 46 + nlen + xlen + clen;
        if (cd.size() - pos < rec_len) damaged({}, trf("central directory record {} is truncated", {std::to_string(k + 1)}));
        e.name.assign(p + 46, nlen);
        // ZIP64 extra field: the 64-bit values, in this order, of the fields that hold 0xFFFFFFFF.
        for (std::size_t x = 46 + nlen; x + 4 <= 46 + nlen + xlen;) {
            const std::uint16_t id = get16(p + x), len = get16(p + x + 2);
            if (x + 4 + len > 46 + nlen + xlen) damaged(e.name, tr("an extra field of the entry is truncated"));
            if (id == 0x0001) {
                std::size_t q = x + 4;
                const std::size_t q_end = q + len;
                auto take64 = [&](std::uint64_t& v) {
                    if (q + 8 > q_end) damaged(e.name, tr("the ZIP64 extra field is too short"));
                    v = get64(p + q);
                    q += 8;
                };
                if (e.size == max32) take64(e.size);
                if (e.compressed == max32) take64(e.compressed);
                if (e.offset == max32) {
                    e.offset_field = q;
                    e.offset_is_64 = true;
                    take64(e.offset);
                }
            }
            x += 4 + len;
        }
        if (e.flags & flag_encrypted)
            fail(error_category::bad_input, display, e.name, tr("the entry is encrypted"),
                 tr("remove the password in Excel or Word (File > Info > Protect) and save again"));
        e.central.assign(p, rec_len);
        pos += rec_len;
        entries.push_back(std::move(e));
    }

    // Local headers: where each entry's data starts and where its record ends.
    std::vector<std::size_t> by_offset(entries.size());
    for (std::size_t i = 0; i < by_offset.size(); ++i) by_offset[i] = i;
    std::sort(by_offset.begin(), by_offset.end(),
              [&](std::size_t a, std::size_t b) { return entries[a].offset < entries[b].offset; });
    for (std::size_t k = 0; k < by_offset.size(); ++k) {
        entry& e = entries[by_offset[k]];
        char lh[30];
        read_at(e.offset, sizeof lh, lh, e.name);
        if (get32(lh) != sig_local) damaged(e.name, tr("the entry's local header is missing"));
        const std::size_t nlen = get16(lh + 26), xlen = get16(lh + 28);
        const std::string name_extra = read_string(e.offset + 30, nlen + xlen, e.name);
        if (name_extra.compare(0, nlen, e.name) != 0) damaged(e.name, tr("the entry's local and central names differ"));
        bool zip64 = e.size >= max32 || e.compressed >= max32;
        for (std::size_t x = nlen; x + 4 <= nlen + xlen;) {
            if (get16(name_extra.data() + x) == 0x0001) zip64 = true;
            x += 4 + get16(name_extra.data() + x + 2);
        }
        e.data_offset = e.offset + 30 + nlen + xlen;
        if (e.compressed > size || e.data_offset > size - e.compressed) damaged(e.name, tr("the entry's data is truncated"));
        e.end = e.data_offset + e.compressed;
        if (e.flags & flag_descriptor) {
            char sig[4];
            std::uint64_t len = zip64 ? 16 : 8;
            len += 4;  // crc
            if (e.end + 4 <= size) {
                read_at(e.end, 4, sig, e.name);
                if (get32(sig) == sig_descriptor) len += 4;
            }
            if (len > size - e.end) damaged(e.name, tr("the entry's data descriptor is truncated"));
            e.end += len;
        }
        const std::uint64_t limit = k + 1 < by_offset.size() ? entries[by_offset[k + 1]].offset : cd_off;
        if (e.end > limit) damaged(e.name, tr("the entry overlaps the next one"));
    }
}

zip_source::zip_source(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
zip_source::zip_source(zip_source&&) noexcept = default;
zip_source& zip_source::operator=(zip_source&&) noexcept = default;
zip_source::~zip_source() = default;

zip_source zip_source::open_file(const std::string& path) {
    auto p = std::make_unique<impl>();
    p->display = path;
    p->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (p->fd < 0)
        fail(error_category::io, path, {}, trf("cannot open the file ({})", {system_message(errno)}));
    struct stat st {};
    if (::fstat(p->fd, &st) != 0 || !S_ISREG(st.st_mode)) fail(error_category::io, path, {}, tr("this is not a regular file"));
    p->size = static_cast<std::uint64_t>(st.st_size);
    p->parse();
    return zip_source(std::move(p));
}

zip_source zip_source::open_buffer(std::string_view archive, std::string display) {
    auto p = std::make_unique<impl>();
    p->display = std::move(display);
    p->buffer = archive;
    p->size = archive.size();
    p->parse();
    return zip_source(std::move(p));
}

const std::vector<zip_source::entry>& zip_source::entries() const noexcept { return impl_->entries; }
const std::string& zip_source::display() const noexcept { return impl_->display; }

std::string zip_source::compressed(const entry& e) const { return impl_->read_string(e.data_offset, e.compressed, e.name); }

raw_entry zip_source::raw(const entry& e) const {
    raw_entry r;
    r.name = e.name;
    r.method = e.method;
    r.crc = e.crc;
    r.size = e.size;
    r.data = compressed(e);
    return r;
}

std::vector<raw_entry> read_raw_entries(std::string_view archive, const std::string& display_name) {
    const zip_source src = zip_source::open_buffer(archive, display_name);
    std::vector<raw_entry> out;
    out.reserve(src.entries().size());
    for (const auto& e : src.entries()) {
        if (e.method != 0 && e.method != 8)
            fail(error_category::bad_input, display_name, e.name, tr("the entry uses a compression method other than deflate"),
                 tr("re-save the file in Word or LibreOffice and try again"));
        out.push_back(src.raw(e));
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// zip_writer

struct zip_writer::impl {
    std::string* mem = nullptr;
    int fd = -1;
    std::string display;
    std::string pending;  // bytes not yet written to fd
    std::uint64_t pos = 0;
    std::string central;
    std::uint64_t count = 0;
    bool finished = false;

    void emit(std::string_view b) {
        if (mem) {
            mem->append(b);
        } else {
            pending.append(b);
            if (pending.size() >= (1u << 20)) flush();
        }
        pos += b.size();
    }

    void flush() {
        if (fd < 0 || pending.empty()) return;
        write_all(fd, pending.data(), pending.size(), display);
        pending.clear();
    }

    // Appends len bytes of the source from off.
    void copy_range(const zip_source::impl& src, std::uint64_t off, std::uint64_t len) {
        if (src.fd < 0) {
            emit(src.buffer.substr(static_cast<std::size_t>(off), static_cast<std::size_t>(len)));
            return;
        }
        if (mem) {
            emit(src.read_string(off, len, {}));
            return;
        }
        flush();
        loff_t in = static_cast<loff_t>(off);
        std::uint64_t left = len;
        bool kernel = true;
        while (left > 0 && kernel) {
            const ssize_t n = ::copy_file_range(src.fd, &in, fd, nullptr, static_cast<std::size_t>(left), 0);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP || errno == EBADF)) {
                kernel = false;  // another file system or an old kernel: copy through a buffer
                break;
            }
            if (n < 0) fail(error_category::io, display, {}, trf("cannot copy into the file ({})", {system_message(errno)}),
                            tr("check free disk space and permissions"));
            if (n == 0) fail(error_category::io, src.display, {}, tr("the file became shorter while kib copied it"));
            left -= static_cast<std::uint64_t>(n);
        }
        std::string chunk;
        while (left > 0) {
            chunk.resize(static_cast<std::size_t>(std::min<std::uint64_t>(left, 1u << 20)));
            src.read_at(static_cast<std::uint64_t>(in), chunk.size(), chunk.data(), {});
            write_all(fd, chunk.data(), chunk.size(), display);
            in += static_cast<loff_t>(chunk.size());
            left -= chunk.size();
        }
        pos += len;
    }

    void add_raw(std::string_view name, std::uint16_t method, std::uint32_t crc, std::uint64_t usize,
                 std::string_view data) {
        if (finished) throw error(error_category::internal, location{display, std::string(name), {}, 0, 0}, "the archive is finished");
        const std::string part(name);
        const std::uint32_t offset = narrow32(pos, display, part);
        const std::uint32_t csize = narrow32(data.size(), display, part);
        const std::uint32_t size = narrow32(usize, display, part);
        const auto nlen = static_cast<std::uint32_t>(name.size());
        if (name.size() > 0xffff) fail(error_category::internal, display, part, "the part name is too long for ZIP");
        std::string h;
        put32(h, sig_local);
        put16(h, 20);
        put16(h, flag_utf8);
        put16(h, method);
        put16(h, dos_time_0);
        put16(h, dos_date_1980);
        put32(h, crc);
        put32(h, csize);
        put32(h, size);
        put16(h, nlen);
        put16(h, 0);
        h.append(name);
        emit(h);
        emit(data);
        put32(central, sig_central);
        put16(central, 20);
        put16(central, 20);
        put16(central, flag_utf8);
        put16(central, method);
        put16(central, dos_time_0);
        put16(central, dos_date_1980);
        put32(central, crc);
        put32(central, csize);
        put32(central, size);
        put16(central, nlen);
        put16(central, 0);  // extra
        put16(central, 0);  // comment
        put16(central, 0);  // disk
        put16(central, 0);  // internal attributes
        put32(central, 0);  // external attributes
        put32(central, offset);
        central.append(name);
        ++count;
    }
};

zip_writer::zip_writer(std::string& out) : impl_(std::make_unique<impl>()) {
    impl_->mem = &out;
    impl_->display = "(memory)";
    impl_->pos = out.size();
}

zip_writer::zip_writer(int fd, std::string display) : impl_(std::make_unique<impl>()) {
    impl_->fd = fd;
    impl_->display = std::move(display);
}

zip_writer::~zip_writer() = default;

void zip_writer::add(std::string_view name, std::string_view data, int level) {
    const raw_entry e = deflate_entry(std::string(name), data, level);
    impl_->add_raw(name, e.method, e.crc, e.size, e.data);
}

void zip_writer::add(std::string_view name, const raw_entry& e) { impl_->add_raw(name, e.method, e.crc, e.size, e.data); }

void zip_writer::copy(const zip_source& src, const std::vector<std::size_t>& indexes) {
    const auto& all = src.entries();
    std::size_t i = 0;
    while (i < indexes.size()) {
        // A run: entries that follow each other in the source file.
        std::size_t j = i + 1;
        while (j < indexes.size() && all[indexes[j]].offset == all[indexes[j - 1]].end) ++j;
        const zip_source::entry& first = all[indexes[i]];
        const std::uint64_t start = impl_->pos;
        impl_->copy_range(*src.impl_, first.offset, all[indexes[j - 1]].end - first.offset);
        for (std::size_t k = i; k < j; ++k) {
            const zip_source::entry& e = all[indexes[k]];
            std::string rec = e.central;
            const std::uint64_t off = start + (e.offset - first.offset);
            if (e.offset_is_64)
                set64(rec.data() + e.offset_field, off);
            else
                set32(rec.data() + e.offset_field, narrow32(off, impl_->display, e.name));
            impl_->central.append(rec);
            ++impl_->count;
        }
        i = j;
    }
}

void zip_writer::finish() {
    if (impl_->finished) return;
    if (impl_->count > 0xfffe)
        fail(error_category::limit, impl_->display, {}, tr("too many parts for a ZIP without ZIP64"), tr("split the document"));
    const std::uint32_t cd_off = narrow32(impl_->pos, impl_->display, "central directory");
    const std::uint32_t cd_size = narrow32(impl_->central.size(), impl_->display, "central directory");
    std::string tail = std::move(impl_->central);
    put32(tail, sig_eocd);
    put16(tail, 0);
    put16(tail, 0);
    put16(tail, static_cast<std::uint32_t>(impl_->count));
    put16(tail, static_cast<std::uint32_t>(impl_->count));
    put32(tail, cd_size);
    put32(tail, cd_off);
    put16(tail, 0);
    impl_->emit(tail);
    impl_->flush();
    impl_->finished = true;
}

std::string zip_buffer(const std::vector<zip_part>& parts, int level) {
    std::set<std::string> seen;
    for (const auto& p : parts) {
        std::string lower;
        for (char c : p.name) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        const bool bad = p.name.empty() || p.name.front() == '/' || p.name.find("..") != std::string::npos ||
                         p.name.find('\\') != std::string::npos;
        if (bad)
            throw error(error_category::internal, {{}, p.name, {}, 0, 0}, "invalid part name '" + p.name + "'",
                        "part names are relative ZIP entry names without '..' or backslashes");
        if (!seen.insert(lower).second)
            throw error(error_category::internal, {{}, p.name, {}, 0, 0}, "part '" + p.name + "' is written twice");
    }
    std::vector<zip_item> items;
    items.reserve(parts.size());
    for (const auto& p : parts) items.push_back({p.name, nullptr, p.data});
    return write_zip(items, level);
}

std::string write_zip(const std::vector<zip_item>& items, int level) {
    std::string out;
    std::size_t estimate = 0;
    for (const auto& it : items) estimate += (it.raw ? it.raw->data.size() : it.data.size() / 4) + 100;
    out.reserve(estimate);
    zip_writer w(out);
    for (const auto& it : items) {
        if (it.raw)
            w.add(it.name, *it.raw);
        else
            w.add(it.name, it.data, level);
    }
    w.finish();
    return out;
}

// ---------------------------------------------------------------------------------------------
// atomic save

namespace {

bool fsync_path(const std::string& path, bool directory) {
    const int fd = ::open(path.c_str(), directory ? (O_RDONLY | O_DIRECTORY) : O_RDONLY);
    if (fd < 0) return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

// The process umask without changing it (umask() would race with other threads).
mode_t current_umask() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("Umask:", 0) == 0) return static_cast<mode_t>(std::strtoul(line.c_str() + 6, nullptr, 8));
    return 022;
}

}  // namespace

std::string backup_path(const std::string& path) { return numbered_backup_path(path, 1); }

std::string numbered_backup_path(const std::string& path, int n) {
    const fs::path p(path);
    const std::string suffix = n <= 1 ? ".bak" : ".bak-" + std::to_string(n);
    return (p.parent_path() / (p.stem().string() + suffix + p.extension().string())).string();
}

std::string atomic_save(const std::string& target, const std::function<void(int fd)>& write, const std::string& source,
                        const save_options& options) {
    const fs::path target_path = fs::absolute(fs::path(target));
    std::error_code ec;
    const bool target_exists = fs::exists(target_path, ec);
    if (target_exists && fs::is_directory(target_path, ec))
        fail(error_category::io, target, {}, tr("the output path is a folder"), tr("give a file name"));
    const bool same_as_source = target_exists && !source.empty() && fs::equivalent(target_path, fs::path(source), ec);
    if (same_as_source && !options.overwrite_source)
        fail(error_category::bad_input, target, {}, tr("refusing to overwrite the input file"),
             tr("write to another file with -o, or pass --in-place to replace it (a backup copy is kept)"));
    const fs::path folder = target_path.parent_path();
    if (!fs::is_directory(folder, ec))
        fail(error_category::io, target, {}, trf("the folder {} does not exist", {folder.string()}),
             tr("create the folder first or choose another output path"));

    // The temporary file lives in the target's folder so the final rename stays on one file system.
    std::string tmpl = (folder / ("." + target_path.filename().string() + ".kib-XXXXXX")).string();
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0)
        fail(error_category::io, target, {}, trf("cannot create a temporary file in the target folder ({})", {system_message(errno)}),
             tr("check that the folder is writable"));
    const std::string tmp = tmpl;
    bool closed = false;
    try {
        write(fd);
        // Keep the permissions the user's file had; a new file gets the usual ones (mkstemp: 0600).
        struct stat mode_src {};
        const std::string& like = target_exists ? target_path.string() : source;
        if (!like.empty() && ::stat(like.c_str(), &mode_src) == 0)
            ::fchmod(fd, mode_src.st_mode & 07777);
        else
            ::fchmod(fd, 0666 & ~current_umask());
        if (::fsync(fd) != 0) fail(error_category::io, target, {}, tr("cannot flush the new file to disk"));
        closed = true;
        if (::close(fd) != 0) fail(error_category::io, target, {}, tr("cannot close the new file"));
    } catch (...) {
        if (!closed) ::close(fd);
        ::unlink(tmp.c_str());
        throw;
    }
    std::string backup;
    try {
        if (same_as_source && options.keep_backup) {
            // Every older backup is kept: NAME.bak.xlsx, then NAME.bak-2.xlsx, NAME.bak-3.xlsx, …
            // copy_file without overwrite refuses a name that exists (also one made meanwhile).
            for (int n = 1;; ++n) {
                backup = numbered_backup_path(source, n);
                ec.clear();
                if (fs::copy_file(source, backup, fs::copy_options::none, ec)) break;
                if (ec != std::errc::file_exists || n >= 100000) break;
            }
            if (ec || !fsync_path(backup, false))
                fail(error_category::io, target, {}, trf("cannot make the backup copy {} ({})", {backup, system_message(ec.value())}),
                     tr("free some disk space or write to another file with -o"));
        }
        if (::rename(tmp.c_str(), target_path.c_str()) != 0)
            fail(error_category::io, target, {}, trf("cannot move the finished file into place ({})", {system_message(errno)}),
                 tr("close the file if another program has it open, and check permissions"));
    } catch (...) {
        ::unlink(tmp.c_str());
        throw;
    }
    fsync_path(folder.string(), true);
    return backup;
}

std::string atomic_save_bytes(const std::string& target, std::string_view bytes, const std::string& source,
                              const save_options& options) {
    return atomic_save(target, [&](int fd) { write_all(fd, bytes.data(), bytes.size(), target); }, source, options);
}

}  // namespace kib
