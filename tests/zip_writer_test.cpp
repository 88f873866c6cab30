// The ZIP writer and the package writer's verbatim copy: archives written the ways other software
// writes them (data descriptors, ZIP64 records, archive order differing from directory order)
// are copied byte for byte; damaged ones give errors naming the file.
#include "writers/zip_writer.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sys/stat.h>

#include "readers/error.hpp"
#include "readers/package.hpp"
#include "writers/package_writer.hpp"

namespace fs = std::filesystem;

namespace {

void put16(std::string& o, std::uint32_t v) {
    o.push_back(static_cast<char>(v & 0xff));
    o.push_back(static_cast<char>((v >> 8) & 0xff));
}
void put32(std::string& o, std::uint32_t v) {
    put16(o, v & 0xffff);
    put16(o, v >> 16);
}
void put64(std::string& o, std::uint64_t v) {
    put32(o, static_cast<std::uint32_t>(v));
    put32(o, static_cast<std::uint32_t>(v >> 32));
}

// Writes stored entries the way streaming writers (Java, .NET, Info-ZIP from a pipe) do:
// optionally with a data descriptor (sizes 0 in the local header) and a ZIP64 offset.
struct handmade_zip {
    struct spec {
        std::string name, data;
        bool descriptor = false;
        bool zip64_offset = false;
    };
    std::vector<spec> specs;
    std::string comment;
    bool reverse_directory = false;

    std::string build() const {
        std::string out, central;
        std::vector<std::string> records;
        for (const spec& s : specs) {
            const auto crc = static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(s.data.data()),
                                                              static_cast<uInt>(s.data.size())));
            const auto offset = static_cast<std::uint32_t>(out.size());
            put32(out, 0x04034b50);
            put16(out, s.zip64_offset ? 45 : 20);
            put16(out, s.descriptor ? 8 : 0);
            put16(out, 0);
            put16(out, 0x6000);
            put16(out, 0x5a77);
            put32(out, s.descriptor ? 0 : crc);
            put32(out, s.descriptor ? 0 : static_cast<std::uint32_t>(s.data.size()));
            put32(out, s.descriptor ? 0 : static_cast<std::uint32_t>(s.data.size()));
            put16(out, static_cast<std::uint32_t>(s.name.size()));
            put16(out, 0);
            out += s.name;
            out += s.data;
            if (s.descriptor) {
                put32(out, 0x08074b50);
                put32(out, crc);
                put32(out, static_cast<std::uint32_t>(s.data.size()));
                put32(out, static_cast<std::uint32_t>(s.data.size()));
            }
            std::string r;
            put32(r, 0x02014b50);
            put16(r, 0x031e);
            put16(r, s.zip64_offset ? 45 : 20);
            put16(r, s.descriptor ? 8 : 0);
            put16(r, 0);
            put16(r, 0x6000);
            put16(r, 0x5a77);
            put32(r, crc);
            put32(r, static_cast<std::uint32_t>(s.data.size()));
            put32(r, static_cast<std::uint32_t>(s.data.size()));
            put16(r, static_cast<std::uint32_t>(s.name.size()));
            put16(r, s.zip64_offset ? 12 : 0);
            put16(r, 7);  // a comment on the entry
            put16(r, 0);
            put16(r, 1);
            put32(r, 0x81a40000);
            put32(r, s.zip64_offset ? 0xffffffffu : offset);
            r += s.name;
            if (s.zip64_offset) {
                put16(r, 0x0001);
                put16(r, 8);
                put64(r, offset);
            }
            r += "entry c";
            records.push_back(r);
        }
        if (reverse_directory) std::reverse(records.begin(), records.end());
        for (const auto& r : records) central += r;
        const auto cd_off = static_cast<std::uint32_t>(out.size());
        out += central;
        put32(out, 0x06054b50);
        put16(out, 0);
        put16(out, 0);
        put16(out, static_cast<std::uint32_t>(specs.size()));
        put16(out, static_cast<std::uint32_t>(specs.size()));
        put32(out, static_cast<std::uint32_t>(central.size()));
        put32(out, cd_off);
        put16(out, static_cast<std::uint32_t>(comment.size()));
        out += comment;
        return out;
    }
};

const char* content_types =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>";

struct temp {
    fs::path dir;
    temp() {
        dir = fs::path(::testing::TempDir()) / ("zipw-" + std::to_string(::getpid()) + "-" +
                                                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    ~temp() { fs::remove_all(dir); }
    std::string write(const std::string& name, const std::string& bytes) const {
        const fs::path p = dir / name;
        std::ofstream(p, std::ios::binary) << bytes;
        return p.string();
    }
};

std::string slurp(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

handmade_zip streaming_zip() {
    handmade_zip z;
    z.specs = {{"[Content_Types].xml", content_types, true, false},
               {"a.xml", "<a>first</a>", true, false},
               {"b.xml", "<b>second</b>", false, true},
               {"c.xml", "<c>third</c>", true, true}};
    return z;
}

TEST(ZipWriter, UnchangedCopyOfAStreamingArchiveIsTheSameBytes) {
    temp t;
    const std::string in = t.write("in.zip", streaming_zip().build());
    kib::package_writer w(in);
    const auto r = w.save((t.dir / "out.zip").string());
    EXPECT_EQ(r.copied_entries, 4u);
    EXPECT_EQ(slurp((t.dir / "out.zip").string()), slurp(in));
}

TEST(ZipWriter, ReplacingOneEntryKeepsTheOthersRecordsAndPatchesOffsets) {
    temp t;
    const std::string in = t.write("in.zip", streaming_zip().build());
    kib::package_writer w(in);
    w.put("a.xml", "<a>a much longer replacement that moves every later entry</a>");
    w.put("d.xml", "<d/>");
    const std::string out = (t.dir / "out.zip").string();
    w.save(out);
    // libzip (the package layer) reads it, every entry with its content.
    const kib::package p = kib::package::open(out);
    EXPECT_EQ(p.read("a.xml"), "<a>a much longer replacement that moves every later entry</a>");
    EXPECT_EQ(p.read("b.xml"), "<b>second</b>");
    EXPECT_EQ(p.read("c.xml"), "<c>third</c>");
    EXPECT_EQ(p.read("d.xml"), "<d/>");
    // The copied entries' local records (with their data descriptors) are the input's bytes.
    const std::string src = slurp(in), dst = slurp(out);
    for (const char* piece : {"b.xml<b>second</b>", "c.xml<c>third</c>PK\x07\x08"})
        EXPECT_NE(dst.find(piece), std::string::npos) << piece;
    const auto src_entries = kib::zip_source::open_file(in).entries();
    const auto dst_entries = kib::zip_source::open_file(out).entries();
    ASSERT_EQ(dst_entries.size(), 5u);
    for (std::size_t i : {std::size_t{2}, std::size_t{3}}) {
        EXPECT_EQ(dst_entries[i].name, src_entries[i].name);
        EXPECT_EQ(dst.substr(dst_entries[i].offset, dst_entries[i].end - dst_entries[i].offset),
                  src.substr(src_entries[i].offset, src_entries[i].end - src_entries[i].offset));
        EXPECT_NE(dst_entries[i].offset, src_entries[i].offset);  // moved, and the record says so
    }
    EXPECT_TRUE(dst_entries[3].offset_is_64);
    EXPECT_EQ(dst_entries[3].central.substr(46 + 5 + 12), "entry c");  // entry comment kept
}

TEST(ZipWriter, DirectoryOrderDifferentFromFileOrderAndAnArchiveComment) {
    temp t;
    handmade_zip z = streaming_zip();
    z.reverse_directory = true;
    z.comment = "made by hand";
    const std::string in = t.write("in.zip", z.build());
    kib::package_writer w(in);
    w.put("b.xml", "<b>new</b>");
    const std::string out = (t.dir / "out.zip").string();
    w.save(out);
    const kib::package p = kib::package::open(out);
    EXPECT_EQ(p.read("a.xml"), "<a>first</a>");
    EXPECT_EQ(p.read("b.xml"), "<b>new</b>");
    EXPECT_EQ(p.read("c.xml"), "<c>third</c>");
    // File order is kept: [Content_Types].xml still comes first.
    EXPECT_EQ(kib::zip_source::open_file(out).entries().front().name, "[Content_Types].xml");
}

TEST(ZipWriter, DamagedArchivesAreNamedErrors) {
    temp t;
    const std::string good = streaming_zip().build();
    auto expect_bad = [&](const std::string& bytes, const std::string& what) {
        const std::string path = t.write("bad.zip", bytes);
        try {
            kib::zip_source::open_file(path);
            ADD_FAILURE() << "no error for " << what;
        } catch (const kib::error& e) {
            EXPECT_EQ(e.category(), kib::error_category::bad_input) << what;
            EXPECT_EQ(e.where().file, path) << what;
        }
    };
    expect_bad(good.substr(0, good.size() - 30), "truncated directory");
    expect_bad(good.substr(0, 10), "ten bytes");
    std::string overlap = good;
    overlap[overlap.find("\x50\x4b\x01\x02") + 21] = '\x01';  // first entry's compressed size + 256
    expect_bad(overlap, "overlapping entries");
    std::string encrypted = good;
    const auto cd = encrypted.find("\x50\x4b\x01\x02");
    encrypted[cd + 8] = static_cast<char>(encrypted[cd + 8] | 1);
    expect_bad(encrypted, "encrypted entry");
    std::string renamed = good;
    renamed[renamed.find("a.xml")] = 'x';  // local name differs from the directory's
    expect_bad(renamed, "names differ");
    // In memory the same checks hold, and read_raw_entries gives the stored bytes.
    const auto raw = kib::read_raw_entries(good, "mem");
    ASSERT_EQ(raw.size(), 4u);
    EXPECT_EQ(raw[1].data, "<a>first</a>");
    EXPECT_THROW(kib::read_raw_entries(good.substr(5), "mem"), kib::error);
}

TEST(ZipWriter, AtomicSaveLeavesNothingWhenWritingFailsAndKeepsPermissions) {
    temp t;
    const std::string target = t.write("keep.docx", "old bytes");
    ::chmod(target.c_str(), 0640);
    EXPECT_THROW(kib::atomic_save(target, [](int) { throw kib::error(kib::error_category::io, {}, "disk full"); }),
                 kib::error);
    EXPECT_EQ(slurp(target), "old bytes");
    EXPECT_EQ(std::distance(fs::directory_iterator(t.dir), fs::directory_iterator{}), 1);
    kib::atomic_save_bytes(target, "new bytes");
    EXPECT_EQ(slurp(target), "new bytes");
    struct stat st {};
    ASSERT_EQ(::stat(target.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0640u);
    EXPECT_EQ(std::distance(fs::directory_iterator(t.dir), fs::directory_iterator{}), 1);
    // Overwriting the source needs the option, and then keeps a backup.
    try {
        kib::atomic_save_bytes(target, "x");
        kib::atomic_save(target, [](int) {}, target);
        ADD_FAILURE() << "overwrote its source";
    } catch (const kib::error& e) {
        EXPECT_NE(std::string(e.what()).find("refusing to overwrite the input file"), std::string::npos);
    }
    kib::save_options o;
    o.overwrite_source = true;
    const std::string backup = kib::atomic_save(target, [](int fd) { ASSERT_EQ(::write(fd, "y", 1), 1); }, target, o);
    EXPECT_EQ(backup, (t.dir / "keep.bak.docx").string());
    EXPECT_EQ(slurp(backup), "x");
    EXPECT_EQ(slurp(target), "y");
}

}  // namespace
