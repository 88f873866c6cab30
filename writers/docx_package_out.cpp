#include "writers/docx_package_out.hpp"

#include <zip.h>
#include <zlib.h>

#include <cstring>
#include <limits>
#include <memory>

#include "readers/error.hpp"

namespace kib {
namespace {

error zip_failure(const std::string& file, const std::string& entry, const std::string& what) {
    return error(error_category::bad_input, location{file, entry, {}, 0, 0}, what,
                 "re-save the template in Word or LibreOffice and try again");
}

void put16(std::string& out, std::uint32_t v) {
    out.push_back(static_cast<char>(v & 0xff));
    out.push_back(static_cast<char>((v >> 8) & 0xff));
}
void put32(std::string& out, std::uint32_t v) {
    put16(out, v & 0xffff);
    put16(out, v >> 16);
}

constexpr std::uint32_t dos_date_1980 = (0u << 9) | (1u << 5) | 1u;  // 1980-01-01
constexpr std::uint32_t dos_time_0 = 0;

std::uint32_t narrow32(std::uint64_t v, std::string_view what) {
    if (v > std::numeric_limits<std::uint32_t>::max())
        throw error(error_category::limit, location{{}, std::string(what), {}, 0, 0},
                    "the package would exceed 4 GiB, which kib does not write (no ZIP64)",
                    "split the document");
    return static_cast<std::uint32_t>(v);
}

}  // namespace

std::vector<raw_entry> read_raw_entries(std::string_view archive, const std::string& display_name) {
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t* src = zip_source_buffer_create(archive.data(), archive.size(), 0, &err);
    if (!src) {
        zip_error_fini(&err);
        throw error(error_category::internal, location{display_name, {}, {}, 0, 0}, "cannot create a ZIP source");
    }
    zip_t* za = zip_open_from_source(src, ZIP_RDONLY, &err);
    if (!za) {
        std::string msg = std::string("the ZIP archive cannot be opened (") + zip_error_strerror(&err) + ")";
        zip_error_fini(&err);
        zip_source_free(src);
        throw zip_failure(display_name, {}, msg);
    }
    zip_error_fini(&err);
    std::unique_ptr<zip_t, decltype(&zip_discard)> guard(za, &zip_discard);

    std::vector<raw_entry> out;
    const zip_int64_t n = zip_get_num_entries(za, 0);
    out.reserve(static_cast<std::size_t>(n));
    for (zip_int64_t i = 0; i < n; ++i) {
        const auto idx = static_cast<zip_uint64_t>(i);
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat_index(za, idx, 0, &st) != 0) throw zip_failure(display_name, {}, "cannot read ZIP entry " + std::to_string(i));
        raw_entry e;
        e.name = st.name ? st.name : "";
        if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
            throw zip_failure(display_name, e.name, "the entry is encrypted");
        if (st.comp_method != ZIP_CM_STORE && st.comp_method != ZIP_CM_DEFLATE)
            throw zip_failure(display_name, e.name, "the entry uses a compression method other than deflate");
        e.method = static_cast<std::uint16_t>(st.comp_method);
        e.crc = st.crc;
        e.size = st.size;
        e.data.resize(static_cast<std::size_t>(st.comp_size));
        zip_file_t* f = zip_fopen_index(za, idx, ZIP_FL_COMPRESSED);
        if (!f) throw zip_failure(display_name, e.name, std::string("cannot open the entry (") + zip_strerror(za) + ")");
        zip_int64_t got = e.data.empty() ? 0 : zip_fread(f, e.data.data(), e.data.size());
        zip_fclose(f);
        if (got < 0 || static_cast<std::uint64_t>(got) != st.comp_size)
            throw zip_failure(display_name, e.name, "the entry is truncated");
        out.push_back(std::move(e));
    }
    return out;
}

namespace {

// One deflate state per thread and level, reset between parts: allocating zlib's ~256 KiB state for
// every part costs more (page faults) than compressing a filled document.xml.
struct deflater {
    z_stream zs{};
    int level = -1;
    bool ready = false;
    ~deflater() {
        if (ready) deflateEnd(&zs);
    }
    z_stream& get(int lvl, const std::string& part) {
        if (ready && level == lvl) {
            deflateReset(&zs);
            return zs;
        }
        if (ready) deflateEnd(&zs);
        std::memset(&zs, 0, sizeof zs);
        ready = deflateInit2(&zs, lvl, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK;
        if (!ready) throw error(error_category::internal, location{{}, part, {}, 0, 0}, "zlib deflateInit2 failed");
        level = lvl;
        return zs;
    }
};

}  // namespace

raw_entry deflate_entry(std::string name, std::string_view data, int level) {
    raw_entry e;
    e.name = std::move(name);
    e.method = 8;
    e.size = data.size();
    e.crc = static_cast<std::uint32_t>(crc32_z(0, reinterpret_cast<const Bytef*>(data.data()), data.size()));
    thread_local deflater d;
    z_stream& zs = d.get(level, e.name);
    e.data.resize(deflateBound(&zs, static_cast<uLong>(data.size())));
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(e.data.data());
    zs.avail_out = static_cast<uInt>(e.data.size());
    const int rc = deflate(&zs, Z_FINISH);
    if (rc != Z_STREAM_END)
        throw error(error_category::internal, location{{}, e.name, {}, 0, 0}, "zlib deflate did not finish");
    e.data.resize(zs.total_out);
    return e;
}

std::string write_zip(const std::vector<zip_item>& items, int level) {
    std::string out;
    std::string central;
    std::vector<raw_entry> fresh;  // deflated new parts, kept alive until written
    fresh.reserve(items.size());
    std::size_t estimate = 0;
    for (const auto& it : items) estimate += (it.raw ? it.raw->data.size() : it.data.size() / 4) + 100;
    out.reserve(estimate);

    for (const auto& it : items) {
        const raw_entry* e = it.raw;
        if (!e) {
            fresh.push_back(deflate_entry(std::string(it.name), it.data, level));
            e = &fresh.back();
        }
        const auto offset = narrow32(out.size(), it.name);
        const auto csize = narrow32(e->data.size(), it.name);
        const auto usize = narrow32(e->size, it.name);
        const auto name_len = static_cast<std::uint32_t>(it.name.size());
        constexpr std::uint32_t utf8_flag = 1u << 11;
        // local file header
        put32(out, 0x04034b50);
        put16(out, 20);
        put16(out, utf8_flag);
        put16(out, e->method);
        put16(out, dos_time_0);
        put16(out, dos_date_1980);
        put32(out, e->crc);
        put32(out, csize);
        put32(out, usize);
        put16(out, name_len);
        put16(out, 0);
        out.append(it.name);
        out.append(e->data);
        // central directory header
        put32(central, 0x02014b50);
        put16(central, 20);
        put16(central, 20);
        put16(central, utf8_flag);
        put16(central, e->method);
        put16(central, dos_time_0);
        put16(central, dos_date_1980);
        put32(central, e->crc);
        put32(central, csize);
        put32(central, usize);
        put16(central, name_len);
        put16(central, 0);  // extra
        put16(central, 0);  // comment
        put16(central, 0);  // disk
        put16(central, 0);  // internal attributes
        put32(central, 0);  // external attributes
        put32(central, offset);
        central.append(it.name);
    }
    if (items.size() > 0xffff)
        throw error(error_category::limit, location{}, "too many parts for a ZIP without ZIP64", "split the document");
    const auto cd_offset = narrow32(out.size(), "central directory");
    out.append(central);
    // end of central directory
    put32(out, 0x06054b50);
    put16(out, 0);
    put16(out, 0);
    put16(out, static_cast<std::uint32_t>(items.size()));
    put16(out, static_cast<std::uint32_t>(items.size()));
    put32(out, narrow32(central.size(), "central directory"));
    put32(out, cd_offset);
    put16(out, 0);
    return out;
}

}  // namespace kib
