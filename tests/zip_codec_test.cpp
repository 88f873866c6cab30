// readers/zip_codec (ISA-L or zlib, whichever this build uses) against zlib as the reference: the
// CRC-32, raw deflate both ways, and the package reading deflated parts through it (size and CRC
// checks, damage named). CI runs these in both builds (KIB_ISAL=AUTO and OFF).
#include <gtest/gtest.h>
#include <zip.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "readers/package.hpp"
#include "readers/zip_codec.hpp"
#include "test_util.hpp"
#include "writers/zip_writer.hpp"

namespace kib {
namespace {

// Sheet-like XML (numbers and shared-string indexes in rows), as kib's big parts look.
std::string sheet_xml(std::size_t rows) {
    std::mt19937 rng(7);
    std::string s = "<worksheet><sheetData>";
    for (std::size_t r = 1; r <= rows; ++r) {
        s += "<row r=\"" + std::to_string(r) + "\">";
        for (char c = 'A'; c <= 'H'; ++c)
            s += std::string("<c r=\"") + c + std::to_string(r) + "\"" + (c == 'B' ? " t=\"s\"" : "") + "><v>" +
                 std::to_string(rng() % (c == 'B' ? 25 : 1000000)) + "</v></c>";
        s += "</row>";
    }
    return s + "</sheetData></worksheet>";
}

std::string random_bytes(std::size_t n) {
    std::mt19937 rng(11);
    std::string s(n, '\0');
    for (char& c : s) c = static_cast<char>(rng() & 0xFF);
    return s;
}

// zlib's raw inflate, the reference reader (what libzip and unzip use).
std::string zlib_inflate(const std::string& raw, std::size_t size) {
    z_stream zs{};
    EXPECT_EQ(inflateInit2(&zs, -15), Z_OK);
    std::string out(size + 1, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
    zs.avail_in = static_cast<uInt>(raw.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(inflate(&zs, Z_FINISH), Z_STREAM_END);
    out.resize(zs.total_out);
    inflateEnd(&zs);
    return out;
}

std::string zlib_deflate(const std::string& data, int level) {
    z_stream zs{};
    EXPECT_EQ(deflateInit2(&zs, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
    std::string out(deflateBound(&zs, static_cast<uLong>(data.size())), '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
}

// zip_codec's inflater fed in pieces of in_piece bytes into an output room of out_piece bytes.
// Returns the bytes and whether the stream ended; stops at bad data (status bad_data -> *bad).
std::string codec_inflate(const std::string& raw, std::size_t in_piece, std::size_t out_piece, bool* ended, bool* bad) {
    zip_codec::inflater inf;
    std::string out;
    std::string room(out_piece, '\0');
    std::size_t at = 0;
    *ended = *bad = false;
    for (int stuck = 0; stuck < 3;) {
        const std::size_t n = std::min(in_piece, raw.size() - at);
        const auto s = inf.inflate(raw.data() + at, n, room.data(), room.size());
        at += s.used;
        out.append(room.data(), s.made);
        if (s.st == zip_codec::inflater::status::end) {
            *ended = true;
            break;
        }
        if (s.st == zip_codec::inflater::status::bad_data) {
            *bad = true;
            break;
        }
        // The package takes a step without progress while input is left as damage: it must not happen.
        if (s.used == 0 && s.made == 0 && at < raw.size()) ADD_FAILURE() << "no progress at input byte " << at;
        stuck = (s.used == 0 && s.made == 0) ? stuck + 1 : 0;
    }
    return out;
}

TEST(ZipCodec, NamesTheCodecOfThisBuild) {
    const std::string n = zip_codec::name();
    EXPECT_TRUE(n.rfind("ISA-L ", 0) == 0 || n.rfind("zlib ", 0) == 0) << n;
}

TEST(ZipCodec, Crc32IsZipsCrcAndChains) {
    const std::string data = random_bytes(300000) + sheet_xml(200);
    const auto reference = static_cast<std::uint32_t>(crc32_z(0, reinterpret_cast<const Bytef*>(data.data()), data.size()));
    EXPECT_EQ(zip_codec::crc32(0, data.data(), data.size()), reference);
    std::uint32_t crc = 0;
    for (std::size_t at = 0; at < data.size(); at += 7777) crc = zip_codec::crc32(crc, data.data() + at, std::min<std::size_t>(7777, data.size() - at));
    EXPECT_EQ(crc, reference);
    EXPECT_EQ(zip_codec::crc32(0, "", 0), 0u);
    EXPECT_EQ(zip_codec::crc32(0, "123456789", 9), 0xCBF43926u);  // the CRC-32 check value
}

TEST(ZipCodec, DeflatedBytesInflateWithZlibToTheSameBytes) {
    for (const std::string& data : {std::string(), std::string("a"), sheet_xml(3000), random_bytes(200000),
                                    std::string(3u << 20, 'x')}) {
        for (int level : {1, 6, 9}) {
            SCOPED_TRACE(std::to_string(data.size()) + " bytes, level " + std::to_string(level));
            const std::string raw = zip_codec::deflate(data, level, "xl/x.xml");
            EXPECT_EQ(zlib_inflate(raw, data.size()), data);
            EXPECT_EQ(zip_codec::deflate(data, level, "xl/x.xml"), raw);  // equal parts give equal bytes
        }
    }
}

TEST(ZipCodec, InflatesZlibsStreamsInAnyPieces) {
    const std::string data = sheet_xml(5000) + random_bytes(70000) + sheet_xml(100);
    for (int level : {1, 6, 9}) {
        const std::string raw = zlib_deflate(data, level);
        for (auto [in_piece, out_piece] : {std::pair<std::size_t, std::size_t>{raw.size(), data.size() + 10},
                                           {1, 1 << 20}, {4096, 1}, {333, 777}, {256 << 10, 1 << 20}}) {
            SCOPED_TRACE("level " + std::to_string(level) + ", pieces " + std::to_string(in_piece) + "/" + std::to_string(out_piece));
            bool ended = false, bad = false;
            EXPECT_EQ(codec_inflate(raw, in_piece, out_piece, &ended, &bad), data);
            EXPECT_TRUE(ended);
            EXPECT_FALSE(bad);
        }
    }
}

TEST(ZipCodec, CutOrDamagedStreamsNeverEndCleanly) {
    const std::string data = sheet_xml(2000);
    const std::string raw = zlib_deflate(data, 6);
    bool ended = false, bad = false;
    const std::string half = codec_inflate(raw.substr(0, raw.size() / 2), 4096, 65536, &ended, &bad);
    EXPECT_FALSE(ended);
    EXPECT_LT(half.size(), data.size());
    EXPECT_EQ(data.compare(0, half.size(), half), 0);  // what came out is the start of the data

    // A block type of 3 does not exist: the first byte 0x07 is "last block, type 3".
    (void)codec_inflate(std::string("\x07\x00\x00\x00", 4), 4, 100, &ended, &bad);
    EXPECT_TRUE(bad);
    EXPECT_FALSE(ended);
}

TEST(ZipCodec, DefaultLevelStaysWithin15PercentOfZlib6) {
    const std::string data = sheet_xml(20000);
    const double ours = static_cast<double>(zip_codec::deflate(data, 6, "xl/x.xml").size());
    const double zlib6 = static_cast<double>(zlib_deflate(data, 6).size());
    EXPECT_LT(ours, zlib6 * 1.15) << zip_codec::name() << ": " << ours << " bytes against zlib's " << zlib6;
}

// ---- the package reading deflated parts through the codec ------------------------------------

std::string one_part_package(const std::string& data) {
    return test::make_zip({{"[Content_Types].xml",
                            "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                            "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"},
                           {"xl/data.xml", data}});
}

// Overwrites the CRC-32 of name in its local header and its central-directory record.
std::string patch_crc(std::string zip, const std::string& name, std::uint32_t crc) {
    auto put32 = [&zip](std::size_t at, std::uint32_t v) {
        for (int i = 0; i < 4; ++i) zip[at + static_cast<std::size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xFF);
    };
    int patched = 0;
    for (std::size_t at = zip.find("PK\x03\x04"); at != std::string::npos; at = zip.find("PK\x03\x04", at + 1))
        if (zip.compare(at + 30, name.size(), name) == 0) put32(at + 14, crc), ++patched;
    for (std::size_t at = zip.find("PK\x01\x02"); at != std::string::npos; at = zip.find("PK\x01\x02", at + 1))
        if (zip.compare(at + 46, name.size(), name) == 0) put32(at + 16, crc), ++patched;
    EXPECT_EQ(patched, 2);
    return zip;
}

std::string read_stream(const package& pkg, const std::string& part, bool readahead, std::size_t piece) {
    package::part_stream s = pkg.stream(part, readahead);
    std::string out, buf(piece, '\0');
    for (std::size_t got; (got = s.read(buf.data(), buf.size())) > 0;) out.append(buf.data(), got);
    return out;
}

TEST(PackageInflate, StreamsAndWholeReadsGiveTheStoredBytes) {
    const std::string data = sheet_xml(40000);  // several 1 MiB readahead chunks
    ASSERT_GT(data.size(), 3u << 20);
    const package pkg = package::open_buffer(one_part_package(data), "groot.xlsx");
    EXPECT_EQ(pkg.find("xl/data.xml")->method, 8);
    EXPECT_EQ(pkg.read("xl/data.xml"), data);
    EXPECT_EQ(read_stream(pkg, "xl/data.xml", true, 65536), data);
    EXPECT_EQ(read_stream(pkg, "xl/data.xml", false, 1000), data);
}

TEST(PackageInflate, AWrongCrcIsNamed) {
    const std::string data = sheet_xml(3000);
    const std::uint32_t good = zip_codec::crc32(0, data.data(), data.size());
    const package pkg = package::open_buffer(patch_crc(one_part_package(data), "xl/data.xml", good ^ 1), "kapot.xlsx");
    for (int how = 0; how < 3; ++how) {
        SCOPED_TRACE(how);
        const error e = test::catch_error([&] {
            if (how == 0) (void)pkg.read("xl/data.xml");
            else (void)read_stream(pkg, "xl/data.xml", how == 1, 4096);
        });
        EXPECT_EQ(e.category(), error_category::bad_input);
        EXPECT_EQ(e.message(), "the part is damaged (CRC error)");
        EXPECT_EQ(e.where().file, "kapot.xlsx");
        EXPECT_EQ(e.where().part, "xl/data.xml");
    }
}

TEST(PackageInflate, DamagedDeflateDataIsNamed) {
    const std::string data = sheet_xml(3000);
    std::string zip = one_part_package(data);
    const package good = package::open_buffer(zip, "kapot.xlsx");
    const package::entry* e = good.find("xl/data.xml");
    ASSERT_NE(e, nullptr);
    // Every byte of the compressed data overwritten from the middle on: the stream breaks or the CRC does.
    std::size_t data_at = std::string::npos;
    for (std::size_t at = zip.find("PK\x03\x04"); at != std::string::npos; at = zip.find("PK\x03\x04", at + 1)) {
        auto u16 = [&zip](std::size_t i) {
            return static_cast<std::size_t>(static_cast<unsigned char>(zip[i]) | static_cast<unsigned char>(zip[i + 1]) << 8);
        };
        if (zip.compare(at + 30, 11, "xl/data.xml") == 0) data_at = at + 30 + u16(at + 26) + u16(at + 28);
    }
    ASSERT_NE(data_at, std::string::npos);
    for (std::size_t i = e->compressed_size / 2; i < e->compressed_size; ++i) zip[data_at + i] = '\xff';
    const package bad = package::open_buffer(zip, "kapot.xlsx");
    const error err = test::catch_error([&] { (void)bad.read("xl/data.xml"); });
    EXPECT_EQ(err.category(), error_category::bad_input);
    EXPECT_EQ(err.message().rfind("the part is damaged (", 0), 0u) << err.message();
    EXPECT_EQ(err.where().part, "xl/data.xml");
}

TEST(PackageInflate, EveryFixturePartIsWhatLibzipInflates) {
    // Same bytes whichever inflater this build has: kib's codec against libzip's own (zlib) read
    // with its CRC check, for every entry of every Office fixture kib opens.
    int files = 0, parts = 0;
    for (const auto& f : std::filesystem::recursive_directory_iterator(KIB_FIXTURES)) {
        const std::string ext = f.path().extension().string();
        if (ext != ".xlsx" && ext != ".docx" && ext != ".xlsm") continue;
        const std::string path = f.path().string();
        std::optional<package> pkg;
        try {
            pkg.emplace(package::open(path));
        } catch (const error&) {
            continue;  // fixtures of refused files
        }
        ++files;
        int err = 0;
        zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &err);
        if (!z) continue;
        for (const package::entry& e : pkg->entries()) {
            SCOPED_TRACE(path + ": " + e.name);
            // The lenient/ fixtures hold archives libzip cannot read as they are (kib repairs them in
            // memory first): no reference for those entries.
            zip_file_t* zf = zip_fopen_index(z, e.index, 0);
            if (!zf) continue;
            std::string want(e.size + 1, '\0');
            const zip_int64_t n = zip_fread(zf, want.data(), want.size());
            zip_fclose(zf);
            if (n != static_cast<zip_int64_t>(e.size)) continue;
            want.resize(e.size);
            EXPECT_EQ(read_stream(*pkg, e.name, false, 8192), want);
            ++parts;
        }
        zip_discard(z);
    }
    EXPECT_GT(files, 20);
    EXPECT_GT(parts, 200);
}

// ---- what kib writes, read back by libzip (zlib, CRC checked) and unzip ----------------------

TEST(ZipCodec, ArchivesKibWritesPassLibzipAndUnzip) {
    const std::string sheet = sheet_xml(20000), noise = random_bytes(100000);
    const std::string archive = zip_buffer({{"xl/worksheets/sheet1.xml", sheet}, {"xl/media/noise.bin", noise}, {"leeg.xml", ""}});
    test::temp_dir dir;
    const std::string path = dir.write("geschreven.xlsx", archive);

    int err = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &err);
    ASSERT_NE(z, nullptr) << err;
    for (const auto& [name, want] : {std::pair<std::string, const std::string*>{"xl/worksheets/sheet1.xml", &sheet},
                                     {"xl/media/noise.bin", &noise}}) {
        zip_file_t* f = zip_fopen(z, name.c_str(), 0);
        ASSERT_NE(f, nullptr) << name;
        std::string got(want->size() + 1, '\0');
        const zip_int64_t n = zip_fread(f, got.data(), got.size());  // libzip checks the CRC at the end
        EXPECT_EQ(n, static_cast<zip_int64_t>(want->size())) << name << ": " << zip_file_strerror(f);
        got.resize(static_cast<std::size_t>(std::max<zip_int64_t>(n, 0)));
        EXPECT_EQ(got, *want) << name;
        zip_fclose(f);
    }
    zip_discard(z);

    // Info-ZIP's unzip has its own inflate and CRC code.
    std::string out;
    FILE* p = ::popen(("unzip -t '" + path + "' 2>&1").c_str(), "r");
    ASSERT_NE(p, nullptr);
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    EXPECT_EQ(::pclose(p), 0) << out;
    EXPECT_NE(out.find("No errors detected"), std::string::npos) << out;
}

}  // namespace
}  // namespace kib
