#include "readers/zip_codec.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <new>
#include <vector>

#include "readers/error.hpp"

#if KIB_HAVE_ISAL
#include <isa-l.h>
#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>
#else
#include <zlib.h>
#endif

namespace kib::zip_codec {

namespace {

[[noreturn]] void too_large(const std::string& part) {
    throw error(error_category::limit, location{{}, part, {}, 0, 0}, "the part is larger than 4 GiB");
}

}  // namespace

#if KIB_HAVE_ISAL

// ---- ISA-L ---------------------------------------------------------------------------------

namespace {
constexpr std::size_t max_u32 = std::numeric_limits<std::uint32_t>::max();  // ISA-L counts in uint32_t
}  // namespace

std::string name() {
    return "ISA-L " + std::to_string(ISAL_MAJOR_VERSION) + "." + std::to_string(ISAL_MINOR_VERSION);
}

std::uint32_t crc32(std::uint32_t crc, const char* data, std::size_t n) noexcept {
    // crc32_gzip_refl is the reflected IEEE CRC of gzip and ZIP (not crc32_ieee, the unreflected one).
    return crc32_gzip_refl(crc, reinterpret_cast<const unsigned char*>(data), n);
}

struct inflater::impl {
    inflate_state st;  // ~40 KiB (window and tables): on the heap with the inflater
};

inflater::inflater() : impl_(std::make_unique<impl>()) {
    isal_inflate_init(&impl_->st);
    impl_->st.crc_flag = ISAL_DEFLATE;  // raw deflate; the package checks the CRC itself
}

inflater::~inflater() = default;

inflater::step inflater::inflate(const char* in, std::size_t in_len, char* out, std::size_t cap) {
    inflate_state& st = impl_->st;
    const auto in_now = static_cast<std::uint32_t>(std::min(in_len, max_u32));
    const auto cap_now = static_cast<std::uint32_t>(std::min(cap, max_u32));
    st.next_in = reinterpret_cast<std::uint8_t*>(const_cast<char*>(in));
    st.avail_in = in_now;
    st.next_out = reinterpret_cast<std::uint8_t*>(out);
    st.avail_out = cap_now;
    const int rc = isal_inflate(&st);
    step s;
    s.used = in_now - st.avail_in;
    s.made = cap_now - st.avail_out;
    if (rc < 0) s.st = status::bad_data;  // ISAL_INVALID_BLOCK, _SYMBOL, _LOOKBACK
    else if (st.block_state == ISAL_BLOCK_FINISH) s.st = status::end;
    return s;
}

// zlib levels onto ISA-L's (0..3). Measured against gzip -6 (bench/README.md): ISA-L level 3
// writes 2% (numbers sheet) to 9% (survey sheet with text) more bytes at 5x zlib's speed; level 1
// 7% to 13% more at 20x. Level 1 would also stay within the ~15% issue 20 allows, but barely, and
// the deflate is no longer what an edit waits for; so zlib 2..9 are ISA-L 3, and zlib 1 (filled
// templates: speed first) is ISA-L 1.
std::string deflate(std::string_view data, int level, const std::string& part) {
    if (data.size() >= max_u32) too_large(part);
    const bool fast = level <= 1;
    // One level buffer per thread, kept between parts (it is 0.5-1 MiB: allocating and faulting it
    // in for every small part would cost more than deflating the part).
    thread_local std::vector<std::uint8_t> level_buf;
    const std::size_t need = fast ? ISAL_DEF_LVL1_DEFAULT : ISAL_DEF_LVL3_DEFAULT;
    if (level_buf.size() < need) level_buf.resize(need);
    isal_zstream zs;
    isal_deflate_init(&zs);
    zs.level = fast ? 1 : 3;
    zs.level_buf = level_buf.data();
    zs.level_buf_size = static_cast<std::uint32_t>(level_buf.size());
    zs.end_of_stream = 1;
    zs.flush = NO_FLUSH;
    zs.next_in = reinterpret_cast<std::uint8_t*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<std::uint32_t>(data.size());
    // XML deflates to a fifth or less; start at a quarter and grow when that does not do (random
    // bytes end up in stored blocks, slightly larger than the input).
    std::string out(data.size() / 4 + 1024, '\0');
    for (;;) {
        zs.next_out = reinterpret_cast<std::uint8_t*>(out.data()) + zs.total_out;
        zs.avail_out = static_cast<std::uint32_t>(std::min(out.size() - zs.total_out, max_u32));
        const std::uint32_t in_before = zs.total_in, out_before = zs.total_out;
        if (isal_deflate(&zs) != COMP_OK)
            throw error(error_category::internal, location{{}, part, {}, 0, 0}, "ISA-L isal_deflate failed");
        if (zs.internal_state.state == ZSTATE_END) break;
        if (zs.avail_out == 0) {
            if (out.size() >= max_u32) too_large(part);
            out.resize(std::min(out.size() * 2, max_u32));
        } else if (zs.total_in == in_before && zs.total_out == out_before) {
            throw error(error_category::internal, location{{}, part, {}, 0, 0}, "ISA-L isal_deflate made no progress");
        }
    }
    out.resize(zs.total_out);
    return out;
}

struct deflate_stream::impl {
    std::string part;
    std::vector<std::uint8_t> level_buf;
    isal_zstream zs;
    std::string out;
    std::uint64_t total_in = 0;

    // Deflates what zs holds; end: this is the last input.
    void run(bool end) {
        zs.end_of_stream = end ? 1 : 0;
        for (;;) {
            if (out.size() - zs.total_out < (64u << 10)) out.resize(out.size() + std::max<std::size_t>(out.size() / 2, 1u << 20));
            zs.next_out = reinterpret_cast<std::uint8_t*>(out.data()) + zs.total_out;
            zs.avail_out = static_cast<std::uint32_t>(std::min(out.size() - zs.total_out, max_u32));
            if (isal_deflate(&zs) != COMP_OK)
                throw error(error_category::internal, location{{}, part, {}, 0, 0}, "ISA-L isal_deflate failed");
            if (end ? zs.internal_state.state == ZSTATE_END : (zs.avail_in == 0 && zs.avail_out != 0)) break;
        }
    }
};

deflate_stream::deflate_stream(int level, std::string part) : impl_(std::make_unique<impl>()) {
    impl& d = *impl_;
    d.part = std::move(part);
    const bool fast = level <= 1;
    d.level_buf.resize(fast ? ISAL_DEF_LVL1_DEFAULT : ISAL_DEF_LVL3_DEFAULT);
    isal_deflate_init(&d.zs);
    d.zs.level = fast ? 1 : 3;
    d.zs.level_buf = d.level_buf.data();
    d.zs.level_buf_size = static_cast<std::uint32_t>(d.level_buf.size());
    d.zs.flush = NO_FLUSH;
}

deflate_stream::~deflate_stream() = default;

void deflate_stream::add(std::string_view data) {
    impl& d = *impl_;
    if (data.empty()) return;
    d.total_in += data.size();
    if (d.total_in >= max_u32) too_large(d.part);
    d.zs.next_in = reinterpret_cast<std::uint8_t*>(const_cast<char*>(data.data()));
    d.zs.avail_in = static_cast<std::uint32_t>(data.size());
    d.run(false);
}

std::string deflate_stream::finish() {
    impl& d = *impl_;
    d.zs.next_in = nullptr;
    d.zs.avail_in = 0;
    d.run(true);
    d.out.resize(d.zs.total_out);
    return std::move(d.out);
}


#else

// ---- zlib ----------------------------------------------------------------------------------

std::string name() { return std::string("zlib ") + zlibVersion(); }

std::uint32_t crc32(std::uint32_t crc, const char* data, std::size_t n) noexcept {
    return static_cast<std::uint32_t>(crc32_z(crc, reinterpret_cast<const Bytef*>(data), n));
}

struct inflater::impl {
    z_stream zs{};
    ~impl() { inflateEnd(&zs); }
};

inflater::inflater() : impl_(std::make_unique<impl>()) {
    if (inflateInit2(&impl_->zs, -15) != Z_OK) throw std::bad_alloc();  // -15: raw deflate, 32 KiB window
}

inflater::~inflater() = default;

inflater::step inflater::inflate(const char* in, std::size_t in_len, char* out, std::size_t cap) {
    z_stream& zs = impl_->zs;
    const auto in_now = static_cast<uInt>(std::min<std::size_t>(in_len, std::numeric_limits<uInt>::max()));
    const auto cap_now = static_cast<uInt>(std::min<std::size_t>(cap, std::numeric_limits<uInt>::max()));
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in));
    zs.avail_in = in_now;
    zs.next_out = reinterpret_cast<Bytef*>(out);
    zs.avail_out = cap_now;
    const int rc = ::inflate(&zs, Z_NO_FLUSH);
    step s;
    s.used = in_now - zs.avail_in;
    s.made = cap_now - zs.avail_out;
    if (rc == Z_STREAM_END) s.st = status::end;
    else if (rc == Z_MEM_ERROR) throw std::bad_alloc();
    else if (rc != Z_OK && rc != Z_BUF_ERROR) s.st = status::bad_data;  // Z_DATA_ERROR, Z_NEED_DICT
    return s;
}

namespace {

// One deflate state per thread and level, reset between parts: allocating zlib's ~256 KiB state for
// every part costs more (page faults) than compressing a small part.
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

std::string deflate(std::string_view data, int level, const std::string& part) {
    if (data.size() > std::numeric_limits<uInt>::max()) too_large(part);
    thread_local deflater d;
    z_stream& zs = d.get(level, part);
    std::string out(deflateBound(&zs, static_cast<uLong>(data.size())), '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    if (::deflate(&zs, Z_FINISH) != Z_STREAM_END)
        throw error(error_category::internal, location{{}, part, {}, 0, 0}, "zlib deflate did not finish");
    out.resize(zs.total_out);
    return out;
}

struct deflate_stream::impl {
    std::string part;
    z_stream zs{};
    bool ready = false;
    std::string out;
    std::uint64_t total_in = 0;
    ~impl() {
        if (ready) deflateEnd(&zs);
    }
    void run(int flush) {
        for (;;) {
            if (out.size() - zs.total_out < (64u << 10)) out.resize(out.size() + std::max<std::size_t>(out.size() / 2, 1u << 20));
            zs.next_out = reinterpret_cast<Bytef*>(out.data()) + zs.total_out;
            zs.avail_out = static_cast<uInt>(std::min<std::size_t>(out.size() - zs.total_out, std::numeric_limits<uInt>::max()));
            const int rc = ::deflate(&zs, flush);
            if (rc == Z_STREAM_END) return;
            if (rc != Z_OK && rc != Z_BUF_ERROR)
                throw error(error_category::internal, location{{}, part, {}, 0, 0}, "zlib deflate failed");
            if (flush == Z_NO_FLUSH && zs.avail_in == 0 && zs.avail_out != 0) return;
        }
    }
};

deflate_stream::deflate_stream(int level, std::string part) : impl_(std::make_unique<impl>()) {
    impl& d = *impl_;
    d.part = std::move(part);
    d.ready = deflateInit2(&d.zs, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK;
    if (!d.ready) throw error(error_category::internal, location{{}, d.part, {}, 0, 0}, "zlib deflateInit2 failed");
}

deflate_stream::~deflate_stream() = default;

void deflate_stream::add(std::string_view data) {
    impl& d = *impl_;
    if (data.empty()) return;
    d.total_in += data.size();
    if (d.total_in > std::numeric_limits<std::uint32_t>::max()) too_large(d.part);
    d.zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    d.zs.avail_in = static_cast<uInt>(data.size());
    d.run(Z_NO_FLUSH);
}

std::string deflate_stream::finish() {
    impl& d = *impl_;
    d.zs.next_in = nullptr;
    d.zs.avail_in = 0;
    d.run(Z_FINISH);
    d.out.resize(d.zs.total_out);
    return std::move(d.out);
}

#endif

}  // namespace kib::zip_codec
