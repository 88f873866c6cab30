#include "test_util.hpp"

#include <gtest/gtest.h>
#include <zip.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "readers/i18n.hpp"

namespace kib::test {

namespace {

// Tests that run the drop folder's jobs in this process read Dutch as kib does: the catalogue of
// the build tree (next to the kib binary) is bound before any test, in every test process.
class catalogue_environment : public ::testing::Environment {
public:
    void SetUp() override { init_catalogues(std::filesystem::path(KIB_BINARY).parent_path().string()); }
};
[[maybe_unused]] ::testing::Environment* const catalogue_env = ::testing::AddGlobalTestEnvironment(new catalogue_environment);

}  // namespace

namespace {

// libzip refuses a second entry of the same name (and some versions refuse odd names), so such
// entries are written under a placeholder of the same length and renamed in the finished bytes
// (the name is stored in the local header and in the central directory; no checksum covers it).
std::string placeholder(std::size_t index, std::size_t length) {
    std::string p = "@@" + std::to_string(index) + "@";
    if (p.size() > length) throw std::invalid_argument("make_zip: name too short to be patched in");
    p.resize(length, '@');
    return p;
}

bool needs_patch(const std::string& name) {
    return name.empty() || name.front() == '/' || name.find("..") != std::string::npos;
}

void replace_all(std::string& bytes, const std::string& from, const std::string& to) {
    std::size_t found = 0;
    for (std::size_t at = bytes.find(from); at != std::string::npos; at = bytes.find(from, at + to.size())) {
        bytes.replace(at, from.size(), to);
        ++found;
    }
    if (found != 2) throw std::runtime_error("make_zip: placeholder found " + std::to_string(found) + " times, expected 2");
}

}  // namespace

std::string make_zip(const std::vector<zip_entry>& entries) {
    temp_dir dir;
    const std::string path = dir.path() + "/archive.zip";
    int err = 0;
    zip_t* za = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
    if (!za) throw std::runtime_error("make_zip: zip_open failed with " + std::to_string(err));
    std::set<std::string> seen;
    std::vector<std::pair<std::string, std::string>> patches;  // placeholder -> real name
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const zip_entry& e = entries[i];
        std::string name = e.name;
        if (needs_patch(name) || !seen.insert(name).second) {
            name = placeholder(i, e.name.size());
            patches.emplace_back(name, e.name);
        }
        // The buffer source does not copy: the entries outlive zip_close below.
        zip_source_t* src = zip_source_buffer(za, e.data.data(), e.data.size(), 0);
        if (!src) throw std::runtime_error("make_zip: zip_source_buffer failed");
        const zip_int64_t idx = zip_file_add(za, name.c_str(), src, ZIP_FL_ENC_UTF_8);
        if (idx < 0) {
            zip_source_free(src);
            const std::string why = zip_strerror(za);
            zip_discard(za);
            throw std::runtime_error("make_zip: cannot add '" + e.name + "': " + why);
        }
        const auto uidx = static_cast<zip_uint64_t>(idx);
        zip_set_file_compression(za, uidx, e.deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0);
        if (e.symlink)
            zip_file_set_external_attributes(za, uidx, 0, ZIP_OPSYS_UNIX, (static_cast<zip_uint32_t>(S_IFLNK) | 0777u) << 16);
    }
    if (zip_close(za) != 0) {
        const std::string why = zip_strerror(za);
        zip_discard(za);
        throw std::runtime_error("make_zip: zip_close failed: " + why);
    }
    std::string bytes = read_file(path);
    for (const auto& [from, to] : patches) replace_all(bytes, from, to);
    return bytes;
}

std::string worksheet_xml(const std::string& sheet_data, const std::string& after_sheet_data) {
    return std::string(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)") + "\n<worksheet xmlns=\"" + sml_ns +
           "\" xmlns:r=\"" + rel_ns + "\"><sheetData>" + sheet_data + "</sheetData>" + after_sheet_data + "</worksheet>";
}

std::vector<zip_entry> workbook_entries(const workbook_spec& spec) {
    std::string types =
        R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
        R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
        R"(<Default Extension="xml" ContentType="application/xml"/>)"
        R"(<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>)";
    std::string wb_rels =
        R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)";
    std::string sheets;
    std::vector<zip_entry> out;
    for (std::size_t i = 0; i < spec.sheets.size(); ++i) {
        const std::string n = std::to_string(i + 1);
        types += "<Override PartName=\"/xl/worksheets/sheet" + n +
                 ".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>";
        wb_rels += "<Relationship Id=\"rId" + n +
                   "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet" +
                   n + ".xml\"/>";
        sheets += "<sheet name=\"" + spec.sheets[i].name + "\" sheetId=\"" + n + "\"";
        if (!spec.sheets[i].state.empty()) sheets += " state=\"" + spec.sheets[i].state + "\"";
        sheets += " r:id=\"rId" + n + "\"/>";
        out.push_back({"xl/worksheets/sheet" + n + ".xml", spec.sheets[i].xml});
    }
    if (!spec.shared_strings.empty()) {
        types += R"(<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>)";
        wb_rels += R"(<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>)";
        out.push_back({"xl/sharedStrings.xml", spec.shared_strings});
    }
    if (!spec.styles.empty()) {
        types += R"(<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>)";
        wb_rels += R"(<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>)";
        out.push_back({"xl/styles.xml", spec.styles});
    }
    types += "</Types>";
    wb_rels += "</Relationships>";
    std::string workbook = std::string(R"(<?xml version="1.0" encoding="UTF-8"?><workbook xmlns=")") + sml_ns +
                           "\" xmlns:r=\"" + rel_ns + "\">" + spec.workbook_pr + "<sheets>" + sheets + "</sheets>";
    if (!spec.defined_names.empty()) workbook += "<definedNames>" + spec.defined_names + "</definedNames>";
    workbook += "</workbook>";
    out.insert(out.begin(),
               {{"[Content_Types].xml", types},
                {"_rels/.rels",
                 R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
                 R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>)"},
                {"xl/workbook.xml", workbook},
                {"xl/_rels/workbook.xml.rels", wb_rels}});
    return out;
}

std::string styles_xml(const std::vector<std::uint32_t>& xf_num_fmt_ids,
                       const std::vector<std::pair<std::uint32_t, std::string>>& custom_formats) {
    std::string s = std::string(R"(<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns=")") + sml_ns + "\">";
    if (!custom_formats.empty()) {
        s += "<numFmts count=\"" + std::to_string(custom_formats.size()) + "\">";
        for (const auto& [id, code] : custom_formats)
            s += "<numFmt numFmtId=\"" + std::to_string(id) + "\" formatCode=\"" + code + "\"/>";
        s += "</numFmts>";
    }
    s += "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\"/></cellStyleXfs><cellXfs count=\"" +
         std::to_string(xf_num_fmt_ids.size()) + "\">";
    for (std::uint32_t id : xf_num_fmt_ids) s += "<xf numFmtId=\"" + std::to_string(id) + "\" xfId=\"0\"/>";
    s += "</cellXfs></styleSheet>";
    return s;
}

std::string shared_strings_xml(const std::vector<std::string>& strings) {
    std::string s = std::string(R"(<?xml version="1.0" encoding="UTF-8"?><sst xmlns=")") + sml_ns + "\" count=\"" +
                    std::to_string(strings.size()) + "\" uniqueCount=\"" + std::to_string(strings.size()) + "\">";
    for (const auto& t : strings) s += "<si><t>" + t + "</t></si>";
    s += "</sst>";
    return s;
}

temp_dir::temp_dir() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : "/tmp") + "/kib_test_XXXXXX";
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed: " + std::string(std::strerror(errno)));
    path_ = tmpl;
}

temp_dir::~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

std::string temp_dir::write(const std::string& name, const std::string& bytes) const {
    const std::string full = path_ + "/" + name;
    std::ofstream out(full, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("cannot write " + full);
    return full;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string fixture(const std::string& relative) { return std::string(KIB_FIXTURES) + "/" + relative; }

run_result run_kib(const std::vector<std::string>& args) {
    temp_dir dir;
    const std::string out_path = dir.path() + "/stdout", err_path = dir.path() + "/stderr";
    std::vector<std::string> argv_store;
    argv_store.emplace_back(KIB_BINARY);
    argv_store.insert(argv_store.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_store) argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        const int o = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int e = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (o < 0 || e < 0 || ::dup2(o, 1) < 0 || ::dup2(e, 2) < 0) ::_exit(127);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) throw std::runtime_error("waitpid failed");
    }
    run_result r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_file(out_path);
    r.err = read_file(err_path);
    return r;
}

kib::error catch_error(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const kib::error& e) {
        return e;
    } catch (const std::exception& e) {
        ADD_FAILURE() << "expected a kib::error, got another exception: " << e.what();
        return kib::error(kib::error_category::internal, {}, std::string("other exception: ") + e.what());
    }
    ADD_FAILURE() << "expected a kib::error, but nothing was thrown";
    return kib::error(kib::error_category::internal, {}, "nothing was thrown");
}

}  // namespace kib::test
