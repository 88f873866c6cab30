// The package layer: what it opens, and every kind of file and archive it must refuse, each
// with the expected category, location and message, and never a crash.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "readers/package.hpp"
#include "readers/xlsx.hpp"
#include "test_util.hpp"

namespace kib {
namespace {

using test::zip_entry;

const char* types_xml =
    R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
    R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
    R"(<Default Extension="xml" ContentType="application/xml"/>)"
    R"(<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>)";
const char* package_rels =
    R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>)";

// A tiny valid package plus the given extra entries.
std::vector<zip_entry> package_with(std::vector<zip_entry> extra) {
    std::vector<zip_entry> out = {{"[Content_Types].xml", types_xml}, {"_rels/.rels", package_rels},
                                  {"xl/workbook.xml", "<workbook/>"}};
    out.insert(out.end(), extra.begin(), extra.end());
    return out;
}

package open_entries(const std::vector<zip_entry>& entries, const package_limits& limits = {}) {
    return package::open_buffer(test::make_zip(entries), "test.xlsx", limits);
}

// Everything the workbook reader sees of a file, as one string: for comparing reads.
std::string read_everything(const std::string& bytes, const std::string& name) {
    const workbook wb = workbook::open(package::open_buffer(bytes, name));
    std::string out;
    for (const sheet_info& s : wb.sheets()) {
        out += s.name + "|" + s.state + "|" + s.part + "\n";
        wb.for_each_row(s, [&out](const row& r) {
            for (const cell& c : r.cells) out += std::to_string(c.row) + "," + std::to_string(c.col) + "=" + c.value.to_display() + "~" + c.formula + "\n";
        });
    }
    for (const auto& d : wb.defined_names()) out += d.name + "=" + d.value + "@" + d.scope + "\n";
    return out;
}

// An OLE compound file header followed by a directory sector naming the given streams.
std::string ole_file(const std::vector<std::string>& stream_names) {
    std::string bytes = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    bytes.resize(512, '\0');
    std::string dir;
    for (const std::string& n : stream_names) {
        std::string entry(128, '\0');
        for (std::size_t i = 0; i < n.size() && i < 31; ++i) entry[2 * i] = n[i];  // UTF-16LE
        dir += entry;
    }
    dir.resize(512, '\0');
    return bytes + dir + std::string(1024, '\x01');
}

// Rewrites the uncompressed size an archive declares for one entry, in both headers.
std::string patch_declared_size(std::string zip, const std::string& name, std::uint32_t size) {
    auto put32 = [&zip](std::size_t at, std::uint32_t v) {
        for (int i = 0; i < 4; ++i) zip[at + static_cast<std::size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xFF);
    };
    int patched = 0;
    for (std::size_t at = zip.find("PK\x03\x04"); at != std::string::npos; at = zip.find("PK\x03\x04", at + 1)) {
        if (zip.compare(at + 30, name.size(), name) == 0) {
            put32(at + 22, size);
            ++patched;
        }
    }
    for (std::size_t at = zip.find("PK\x01\x02"); at != std::string::npos; at = zip.find("PK\x01\x02", at + 1)) {
        if (zip.compare(at + 46, name.size(), name) == 0) {
            put32(at + 24, size);
            ++patched;
        }
    }
    EXPECT_EQ(patched, 2);
    return zip;
}

// ---- what opens ------------------------------------------------------------------------------

TEST(Package, OpensTheLibreOfficeFixture) {
    const std::string path = test::fixture("xlsx/kpi.xlsx");
    const package pkg = package::open(path);
    EXPECT_EQ(pkg.display_name(), path);
    EXPECT_EQ(pkg.entries().size(), 11u);
    EXPECT_EQ(pkg.main_part(), "xl/workbook.xml");
    EXPECT_EQ(pkg.content_type("xl/workbook.xml"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml");
    EXPECT_EQ(pkg.content_type("/xl/worksheets/sheet2.xml"), "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml");
    EXPECT_EQ(pkg.content_type("xl/_rels/workbook.xml.rels"), "application/vnd.openxmlformats-package.relationships+xml");
    ASSERT_NE(pkg.find("XL/Workbook.XML"), nullptr);  // part names are case-insensitive
    EXPECT_EQ(pkg.find("XL/Workbook.XML")->name, "xl/workbook.xml");
    EXPECT_EQ(pkg.find("xl/missing.xml"), nullptr);

    const std::vector<relationship> rels = pkg.relationships("xl/workbook.xml");
    std::vector<std::string> sheets;
    for (const auto& r : rels) {
        if (r.has_type("worksheet")) sheets.push_back(r.target);
    }
    EXPECT_EQ(sheets, (std::vector<std::string>{"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml"}));
    EXPECT_TRUE(pkg.relationships("xl/worksheets/sheet1.xml").empty());

    const std::string sst = pkg.read("xl/sharedStrings.xml");
    EXPECT_EQ(sst.size(), pkg.find("xl/sharedStrings.xml")->size);
    EXPECT_NE(sst.find("<t xml:space=\"preserve\">Domein</t>"), std::string::npos);

    const location loc = pkg.where("xl/worksheets/sheet1.xml", "'KPI''s'!D7");
    EXPECT_EQ(loc.file, path);
    EXPECT_EQ(loc.part, "xl/worksheets/sheet1.xml");
    EXPECT_EQ(loc.where, "'KPI''s'!D7");
}

TEST(Package, StreamsEqualWholeReadsStoredAndDeflated) {
    std::string big;
    for (int i = 0; big.size() < (3u << 20); ++i) big += "<r>" + std::to_string(i * 7919 % 100003) + "</r>\n";
    for (bool deflate : {true, false}) {
        SCOPED_TRACE(deflate ? "deflate" : "stored");
        const package pkg = open_entries(package_with({{"xl/big.xml", big, deflate}, {"xl/small.xml", "klein", deflate}}));
        EXPECT_EQ(pkg.find("xl/big.xml")->method, deflate ? 8 : 0);
        EXPECT_EQ(pkg.read("xl/big.xml"), big);
        EXPECT_EQ(pkg.read("xl/small.xml"), "klein");
        for (bool readahead : {false, true}) {
            auto s = pkg.stream("xl/big.xml", readahead);
            std::string got;
            char buf[65536];
            for (std::size_t n; (n = s.read(buf, sizeof buf)) != 0;) got.append(buf, n);
            EXPECT_EQ(got.size(), big.size());
            EXPECT_TRUE(got == big);
        }
    }
}

TEST(Package, FolderEntriesOfAHandMadeZipAreHarmless) {
    // `zip -r` of an unpacked .xlsx adds entries for the folders ("xl/", "_rels/").
    const package pkg = open_entries(package_with({{"xl/", ""}, {"_rels/", ""}, {"docProps/", ""}}));
    EXPECT_EQ(pkg.entries().size(), 6u);
    EXPECT_EQ(pkg.main_part(), "xl/workbook.xml");
    EXPECT_EQ(pkg.read("xl/workbook.xml"), "<workbook/>");
}

TEST(Package, SniffsFileKinds) {
    test::temp_dir dir;
    EXPECT_EQ(package::sniff(test::fixture("xlsx/kpi.xlsx")), file_kind::ooxml);
    EXPECT_EQ(package::sniff(dir.write("enc.xlsx", ole_file({"Root Entry", "EncryptionInfo", "EncryptedPackage"}))), file_kind::encrypted_ole);
    EXPECT_EQ(package::sniff(dir.write("old.xls", ole_file({"Root Entry", "Workbook"}))), file_kind::legacy_ole);
    EXPECT_EQ(package::sniff(dir.write("leeg.xlsx", "")), file_kind::unknown);
    EXPECT_EQ(package::sniff(dir.path() + "/bestaat-niet.xlsx"), file_kind::unknown);
}

// ---- files that are not OOXML packages -------------------------------------------------------

struct refusal {
    std::string label;
    std::string bytes;
    std::string message;
};

std::vector<refusal> refusals() {
    std::mt19937 rng(20261123);
    std::string random_bytes(4096, '\0');
    for (char& c : random_bytes) c = static_cast<char>(rng() & 0xFF);
    random_bytes[0] = 'X';
    std::string random_zip = "PK\x03\x04" + random_bytes;
    return {
        {"encrypted", ole_file({"Root Entry", "EncryptionInfo", "EncryptedPackage"}),
         "the file is password-protected (encrypted); open it in Excel or Word and save it without a password"},
        {"legacy xls", ole_file({"Root Entry", "Workbook", "\x05SummaryInformation"}),
         "this is a legacy binary Office file (.xls/.doc); open it and save it as .xlsx or .docx"},
        {"ods", test::read_file(test::fixture("xlsx/kpi.ods")),
         "this is an OpenDocument file (.ods/.odt); save it as .xlsx or .docx"},
        {"random", random_bytes, "this is not an Office Open XML file (.xlsx, .xlsm, .docx)"},
        {"empty", "", "the file is empty (0 bytes)"},
        {"text", "Domein;KPI;Start\nZorg;Wachttijd;2026-01-15\n", "this is not an Office Open XML file (.xlsx, .xlsm, .docx)"},
        {"random zip", random_zip, "the ZIP archive is damaged or truncated"},
        {"plain zip", test::make_zip({{"notes.txt", "geen office"}}),
         "this ZIP archive has no [Content_Types].xml, so it is not an Office Open XML file"},
    };
}

TEST(PackageRefuses, NonOoxmlFilesFromDisk) {
    test::temp_dir dir;
    for (const refusal& r : refusals()) {
        SCOPED_TRACE(r.label);
        const std::string path = dir.write("bestand.xlsx", r.bytes);
        const error e = test::catch_error([&] { (void)workbook::open(path); });
        EXPECT_EQ(e.category(), error_category::bad_input);
        EXPECT_EQ(e.where().file, path);
        EXPECT_EQ(e.where().part, "");
        EXPECT_EQ(e.message().rfind(r.message, 0), 0u) << e.message();
        EXPECT_EQ(e.exit_code(), 2);
    }
}

TEST(PackageRefuses, NonOoxmlBuffers) {
    for (const refusal& r : refusals()) {
        SCOPED_TRACE(r.label);
        const error e = test::catch_error([&] { (void)package::open_buffer(r.bytes, "upload.xlsx"); });
        EXPECT_EQ(e.category(), error_category::bad_input);
        EXPECT_EQ(e.where().file, "upload.xlsx");
        EXPECT_EQ(e.message().rfind(r.message, 0), 0u) << e.message();
    }
}

TEST(PackageRefuses, FolderAndMissingFileAreIo) {
    test::temp_dir dir;
    error e = test::catch_error([&] { (void)package::open(dir.path()); });
    EXPECT_EQ(e.category(), error_category::io);
    EXPECT_EQ(e.where().file, dir.path());
    EXPECT_EQ(e.message(), "this is a folder, not a file");

    const std::string missing = dir.path() + "/weg.xlsx";
    e = test::catch_error([&] { (void)workbook::open(missing); });
    EXPECT_EQ(e.category(), error_category::io);
    EXPECT_EQ(e.where().file, missing);
    EXPECT_EQ(e.message(), "cannot open the file: No such file or directory");
    EXPECT_EQ(e.exit_code(), 2);
}

// ---- damaged archives ------------------------------------------------------------------------

TEST(PackageRefuses, TruncatedAtManyOffsetsNeverCrashes) {
    const std::string whole = test::read_file(test::fixture("xlsx/kpi.xlsx"));
    const std::string expected = read_everything(whole, "kpi.xlsx");
    ASSERT_NE(expected.find("1,1=KPI-overzicht programma 2026~"), std::string::npos);
    std::vector<std::size_t> offsets;
    for (std::size_t n = 0; n < whole.size(); n += 61) offsets.push_back(n);
    for (std::size_t n = whole.size() - 120; n < whole.size(); ++n) offsets.push_back(n);
    int refused = 0;
    for (std::size_t n : offsets) {
        SCOPED_TRACE("truncated at " + std::to_string(n));
        try {
            EXPECT_EQ(read_everything(whole.substr(0, n), "kort.xlsx"), expected);
        } catch (const error& e) {
            ++refused;
            EXPECT_EQ(e.category(), error_category::bad_input) << e.what();
            EXPECT_EQ(e.where().file, "kort.xlsx");
            EXPECT_FALSE(e.message().empty());
        }
    }
    // Without its central directory at the end, no prefix of an archive is readable.
    EXPECT_EQ(refused, static_cast<int>(offsets.size()));

    // The same through a file on disk (libzip's file source), at a few offsets.
    test::temp_dir dir;
    for (std::size_t n : {std::size_t{10}, whole.size() / 2, whole.size() - 22, whole.size() - 1}) {
        const std::string path = dir.write("kort.xlsx", whole.substr(0, n));
        const error e = test::catch_error([&] { (void)workbook::open(path); });
        EXPECT_EQ(e.category(), error_category::bad_input) << n;
        EXPECT_EQ(e.where().file, path);
        EXPECT_NE(e.message().find("damaged or truncated"), std::string::npos) << e.message();
    }
}

TEST(PackageRefuses, CorruptBytesGiveAnErrorOrTheSameValues) {
    const std::string whole = test::read_file(test::fixture("xlsx/kpi.xlsx"));
    const std::string expected = read_everything(whole, "kpi.xlsx");
    int refused = 0, same = 0;
    for (std::size_t at = 0; at < whole.size(); at += 23) {
        SCOPED_TRACE("byte " + std::to_string(at) + " flipped");
        std::string bad = whole;
        bad[at] = static_cast<char>(bad[at] ^ 0x55);
        try {
            EXPECT_EQ(read_everything(bad, "kapot.xlsx"), expected);
            ++same;
        } catch (const error& e) {
            ++refused;
            EXPECT_NE(e.category(), error_category::internal) << e.what();
            EXPECT_EQ(e.where().file, "kapot.xlsx");
        }
    }
    EXPECT_GT(refused, 200);  // most bytes are compressed data, guarded by CRC-32
    EXPECT_GT(same, 0);       // some are in parts kib does not read (docProps)
}

TEST(PackageRefuses, DeclaredSizeLies) {
    const std::string data(100000, 'a');
    const std::string zip = test::make_zip(package_with({{"xl/data.xml", data}}));

    const package small = package::open_buffer(patch_declared_size(zip, "xl/data.xml", 1000), "liegt.xlsx");
    EXPECT_EQ(small.find("xl/data.xml")->size, 1000u);
    error e = test::catch_error([&] { (void)small.read("xl/data.xml"); });
    EXPECT_EQ(e.category(), error_category::limit) << e.what();
    EXPECT_EQ(e.message(), "the part inflates to more bytes than the archive declares");
    EXPECT_EQ(e.where().file, "liegt.xlsx");
    EXPECT_EQ(e.where().part, "xl/data.xml");

    const package large = package::open_buffer(patch_declared_size(zip, "xl/data.xml", 200000), "liegt.xlsx");
    e = test::catch_error([&] { (void)large.read("xl/data.xml"); });
    EXPECT_EQ(e.category(), error_category::bad_input);
    EXPECT_EQ(e.message(), "the part is shorter than the archive declares");
    EXPECT_EQ(e.where().part, "xl/data.xml");
}

// ---- limits ----------------------------------------------------------------------------------

TEST(PackageLimits, ZipBombRatio) {
    const std::string zeros(24u << 20, '\0');
    const std::string zip = test::make_zip(package_with({{"xl/worksheets/sheet1.xml", zeros}}));
    EXPECT_LT(zip.size(), 64u << 10);

    // The default ratio limit (1000:1) catches it.
    error e = test::catch_error([&] { (void)package::open_buffer(zip, "bom.xlsx"); });
    EXPECT_EQ(e.category(), error_category::limit);
    EXPECT_EQ(e.where().file, "bom.xlsx");
    EXPECT_EQ(e.where().part, "xl/worksheets/sheet1.xml");
    EXPECT_EQ(e.message(), "compression ratio over 1000:1 (a ZIP bomb?)");

    package_limits strict;
    strict.max_ratio = 50;
    e = test::catch_error([&] { (void)package::open_buffer(zip, "bom.xlsx", strict); });
    EXPECT_EQ(e.category(), error_category::limit);
    EXPECT_EQ(e.message(), "compression ratio over 50:1 (a ZIP bomb?)");

    // Below the floor a high ratio is normal (small XML parts compress very well).
    const package ok = open_entries(package_with({{"xl/zeros.xml", std::string(512u << 10, '\0')}}), strict);
    EXPECT_EQ(ok.read("xl/zeros.xml").size(), 512u << 10);
}

TEST(PackageLimits, PartAndTotalSize) {
    package_limits limits;
    limits.max_part_size = 1000;
    const std::vector<zip_entry> entries = package_with({{"xl/a.xml", std::string(600, 'a')}, {"xl/b.xml", std::string(1001, 'b')}});
    error e = test::catch_error([&] { (void)open_entries(entries, limits); });
    EXPECT_EQ(e.category(), error_category::limit);
    EXPECT_EQ(e.where().part, "xl/b.xml");
    EXPECT_EQ(e.message(), "part is 1001 bytes uncompressed, over the limit of 1000");

    limits = {};
    limits.max_total_size = 1500;
    e = test::catch_error([&] { (void)open_entries(entries, limits); });
    EXPECT_EQ(e.category(), error_category::limit);
    EXPECT_EQ(e.where().file, "test.xlsx");
    EXPECT_EQ(e.message(), "the parts add up to more than 1500 bytes uncompressed");

    limits.max_total_size = 4000;
    EXPECT_EQ(open_entries(entries, limits).entries().size(), 5u);
}

TEST(PackageLimits, TooManyEntries) {
    std::vector<zip_entry> extra;
    for (int i = 0; i < 10; ++i) extra.push_back({"xl/media/image" + std::to_string(i) + ".png", "x"});
    package_limits limits;
    limits.max_entries = 12;
    const error e = test::catch_error([&] { (void)open_entries(package_with(extra), limits); });
    EXPECT_EQ(e.category(), error_category::limit);
    EXPECT_EQ(e.where().file, "test.xlsx");
    EXPECT_EQ(e.message(), "the archive has 13 entries, more than the limit of 12");
    limits.max_entries = 13;
    EXPECT_EQ(open_entries(package_with(extra), limits).entries().size(), 13u);
}

// ---- hostile entries -------------------------------------------------------------------------

TEST(PackageRefuses, UnsafeEntryNames) {
    for (const std::string name : {"/xl/evil.xml", "../evil.xml", "xl/../../evil.xml", "xl\\..\\evil.xml", "C:/evil.xml", "\\evil.xml"}) {
        SCOPED_TRACE(name);
        const error e = test::catch_error([&] { (void)open_entries(package_with({{name, "<x/>"}})); });
        EXPECT_EQ(e.category(), error_category::bad_input);
        EXPECT_EQ(e.where().file, "test.xlsx");
        EXPECT_EQ(e.where().part, name);
        EXPECT_EQ(e.message(), "unsafe entry name (absolute path or '..')");
    }
    // ".." inside a name is not a path step.
    EXPECT_NE(open_entries(package_with({{"xl/a..b.xml", "<x/>"}})).find("xl/a..b.xml"), nullptr);
}

TEST(PackageRefuses, DuplicateEntryNames) {
    for (const std::string second : {"xl/workbook.xml", "XL/Workbook.xml"}) {
        SCOPED_TRACE(second);
        const error e = test::catch_error([&] { (void)open_entries(package_with({{second, "<tweede/>"}})); });
        EXPECT_EQ(e.category(), error_category::bad_input);
        EXPECT_EQ(e.where().file, "test.xlsx");
        EXPECT_NE(e.what(), std::string());
        // Refused by kib's own index (names compared case-insensitively), naming the second entry;
        // libzip refuses the exact same name twice only under ZIP_CHECKCONS, which kib no longer uses.
        EXPECT_EQ(e.where().part, second);
        EXPECT_EQ(e.message(), "the archive holds this entry twice");
    }
}

TEST(PackageRefuses, SymlinkEntry) {
    zip_entry link{"xl/link.xml", "/etc/passwd"};
    link.symlink = true;
    const error e = test::catch_error([&] { (void)open_entries(package_with({link})); });
    EXPECT_EQ(e.category(), error_category::bad_input);
    EXPECT_EQ(e.where().part, "xl/link.xml");
    EXPECT_EQ(e.message(), "the entry is a symbolic link");
}

// ---- broken package structure ----------------------------------------------------------------

TEST(PackageRefuses, MissingContentTypes) {
    const error e = test::catch_error(
        [&] { (void)open_entries({{"_rels/.rels", package_rels}, {"xl/workbook.xml", "<workbook/>"}}); });
    EXPECT_EQ(e.category(), error_category::bad_input);
    EXPECT_EQ(e.message(), "this ZIP archive has no [Content_Types].xml, so it is not an Office Open XML file");
}

TEST(PackageRefuses, MissingMainPartOrRelationship) {
    // The relationship names a part that is not there.
    package pkg = open_entries({{"[Content_Types].xml", types_xml}, {"_rels/.rels", package_rels}});
    error e = test::catch_error([&] { (void)pkg.main_part(); });
    EXPECT_EQ(e.category(), error_category::bad_input);
    EXPECT_EQ(e.where().part, "_rels/.rels");
    EXPECT_EQ(e.message(), "the main document 'xl/workbook.xml' named by the package relationships is missing");

    // No officeDocument relationship.
    const std::string other_rel =
        R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
        R"(<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>)";
    pkg = open_entries({{"[Content_Types].xml", types_xml}, {"_rels/.rels", other_rel}, {"xl/workbook.xml", "<workbook/>"}});
    e = test::catch_error([&] { (void)pkg.main_part(); });
    EXPECT_EQ(e.where().part, "_rels/.rels");
    EXPECT_EQ(e.message(), "the package names no main document (officeDocument relationship)");

    // No _rels/.rels at all: the workbook reader reports the same.
    e = test::catch_error([&] { (void)workbook::open(package::open_buffer(test::make_zip({{"[Content_Types].xml", types_xml}, {"xl/workbook.xml", "<workbook/>"}}), "x.xlsx")); });
    EXPECT_EQ(e.category(), error_category::bad_input);
    EXPECT_EQ(e.where().file, "x.xlsx");
    EXPECT_EQ(e.where().part, "_rels/.rels");
    EXPECT_EQ(e.message(), "the package names no main document (officeDocument relationship)");

    // A relationship that climbs out of the package resolves to nothing.
    const std::string escaping =
        R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
        R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="../../etc/passwd"/></Relationships>)";
    pkg = open_entries({{"[Content_Types].xml", types_xml}, {"_rels/.rels", escaping}});
    e = test::catch_error([&] { (void)pkg.main_part(); });
    EXPECT_EQ(e.category(), error_category::bad_input);
    EXPECT_EQ(e.where().part, "_rels/.rels");
}

TEST(PackageRefuses, MalformedContentTypesAndRelationships) {
    const std::string bad_types = "<?xml version=\"1.0\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\n"
                                  "  <Default Extension=\"xml\" ContentType=\"application/xml\">\n</Types>";
    error e = test::catch_error([&] { (void)open_entries({{"[Content_Types].xml", bad_types}, {"_rels/.rels", package_rels}}); });
    EXPECT_EQ(e.category(), error_category::bad_input);
    EXPECT_EQ(e.where().file, "test.xlsx");
    EXPECT_EQ(e.where().part, "[Content_Types].xml");
    EXPECT_EQ(e.where().line, 4u);
    EXPECT_EQ(e.where().column, 1u);
    EXPECT_EQ(e.message(), "</Types> closes <Default>");

    const std::string bad_rels = "<?xml version=\"1.0\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\n"
                                 "<Relationship Id=\"rId1\" Target=\"a&b.xml\"/></Relationships>";
    const package pkg = open_entries({{"[Content_Types].xml", types_xml}, {"_rels/.rels", bad_rels}});
    e = test::catch_error([&] { (void)pkg.main_part(); });
    EXPECT_EQ(e.category(), error_category::bad_input);
    EXPECT_EQ(e.where().part, "_rels/.rels");
    EXPECT_EQ(e.where().line, 3u);
    EXPECT_EQ(e.message(), "invalid entity in attribute 'Target'");
}

}  // namespace
}  // namespace kib
