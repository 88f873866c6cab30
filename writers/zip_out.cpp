#include "writers/zip_out.hpp"

#include <zip.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <random>
#include <set>
#include <unistd.h>

#include "readers/error.hpp"

namespace kib {
namespace {

[[noreturn]] void fail_io(const std::string& file, const std::string& part, std::string msg, std::string hint = {}) {
    location loc;
    loc.file = file;
    loc.part = part;
    throw error(error_category::io, std::move(loc), std::move(msg), std::move(hint));
}

void check_names(const std::string& file, const std::vector<zip_part>& parts) {
    std::set<std::string> seen;
    for (const auto& p : parts) {
        std::string lower;
        for (char c : p.name) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        const bool bad = p.name.empty() || p.name.front() == '/' || p.name.find("..") != std::string::npos ||
                         p.name.find('\\') != std::string::npos;
        if (bad)
            throw error(error_category::internal, {file, p.name, {}, 0, 0}, "invalid part name '" + p.name + "'",
                        "part names are relative ZIP entry names without '..' or backslashes");
        if (!seen.insert(lower).second)
            throw error(error_category::internal, {file, p.name, {}, 0, 0}, "part '" + p.name + "' is written twice");
    }
}

// 1980-01-01 00:00 local time: the first time a ZIP (DOS) timestamp can hold.
std::time_t dos_epoch() {
    std::tm tm{};
    tm.tm_year = 80;
    tm.tm_mday = 1;
    tm.tm_isdst = -1;
    return std::mktime(&tm);
}

// Adds every part to an open archive; the buffers must outlive zip_close.
void add_parts(zip_t* z, const std::string& file, const std::vector<zip_part>& parts) {
    for (const auto& p : parts) {
        zip_source_t* src = zip_source_buffer(z, p.data.data(), p.data.size(), 0);
        if (!src) fail_io(file, p.name, std::string("cannot add the part: ") + zip_strerror(z));
        const zip_int64_t idx = zip_file_add(z, p.name.c_str(), src, ZIP_FL_ENC_UTF_8);
        if (idx < 0) {
            zip_source_free(src);
            fail_io(file, p.name, std::string("cannot add the part: ") + zip_strerror(z));
        }
        if (zip_set_file_compression(z, static_cast<zip_uint64_t>(idx), ZIP_CM_DEFLATE, 6) != 0)
            fail_io(file, p.name, std::string("cannot set compression: ") + zip_strerror(z));
        // A fixed entry time (1980-01-01, as Excel writes) makes equal workbooks equal bytes.
        if (zip_file_set_mtime(z, static_cast<zip_uint64_t>(idx), dos_epoch(), 0) != 0)
            fail_io(file, p.name, std::string("cannot set the entry time: ") + zip_strerror(z));
    }
}

std::string temp_name_for(const std::filesystem::path& target) {
    static std::atomic<unsigned> counter{0};
    std::random_device rd;
    const std::string stem = ".~kib-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
                             std::to_string(rd() % 1000000) + ".tmp";
    return (target.parent_path() / stem).string();
}

}  // namespace

void zip_out_save(const std::string& path, const std::vector<zip_part>& parts) {
    check_names(path, parts);
    const std::filesystem::path target = std::filesystem::absolute(path);
    std::error_code ec;
    if (!std::filesystem::is_directory(target.parent_path(), ec))
        fail_io(path, {}, "the folder '" + target.parent_path().string() + "' does not exist",
                "create the folder first or choose another output path");
    if (std::filesystem::is_directory(target, ec))
        fail_io(path, {}, "the output path is a folder", "give a file name ending in .xlsx");

    const std::string tmp = temp_name_for(target);
    int zerr = 0;
    // ZIP_EXCL: never reuse somebody else's file; libzip itself writes through its own temp file.
    zip_t* z = zip_open(tmp.c_str(), ZIP_CREATE | ZIP_EXCL, &zerr);
    if (!z) {
        zip_error_t e;
        zip_error_init_with_code(&e, zerr);
        std::string why = zip_error_strerror(&e);
        zip_error_fini(&e);
        fail_io(path, {}, "cannot create a temporary file next to the output (" + why + ")",
                "check that the folder is writable");
    }
    try {
        add_parts(z, path, parts);
    } catch (...) {
        zip_discard(z);
        std::remove(tmp.c_str());
        throw;
    }
    if (zip_close(z) != 0) {
        std::string why = zip_strerror(z);
        zip_discard(z);
        std::remove(tmp.c_str());
        fail_io(path, {}, "cannot write the archive (" + why + ")", "check free disk space and permissions");
    }
    if (std::rename(tmp.c_str(), target.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        std::remove(tmp.c_str());
        fail_io(path, {}, "cannot move the finished file into place (" + why + ")",
                "close the file if another program has it open, and check permissions");
    }
}

std::string zip_out_buffer(const std::vector<zip_part>& parts) {
    check_names("(memory)", parts);
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t* mem = zip_source_buffer_create(nullptr, 0, 0, &err);
    if (!mem) {
        zip_error_fini(&err);
        throw error(error_category::internal, {}, "cannot create an in-memory ZIP");
    }
    zip_source_keep(mem);  // we read the result back after zip_close
    zip_t* z = zip_open_from_source(mem, ZIP_TRUNCATE, &err);
    zip_error_fini(&err);
    if (!z) {
        zip_source_free(mem);
        throw error(error_category::internal, {}, "cannot open an in-memory ZIP");
    }
    try {
        add_parts(z, "(memory)", parts);
    } catch (...) {
        zip_discard(z);
        zip_source_free(mem);
        throw;
    }
    if (zip_close(z) != 0) {
        std::string why = zip_strerror(z);
        zip_discard(z);
        zip_source_free(mem);
        throw error(error_category::internal, {}, "cannot finish the in-memory ZIP (" + why + ")");
    }
    std::string out;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_source_stat(mem, &st) == 0 && zip_source_open(mem) == 0) {
        out.resize(static_cast<std::size_t>(st.size));
        const zip_int64_t got = zip_source_read(mem, out.data(), st.size);
        zip_source_close(mem);
        if (got < 0 || static_cast<zip_uint64_t>(got) != st.size) out.clear();
    }
    zip_source_free(mem);
    if (out.empty()) throw error(error_category::internal, {}, "cannot read back the in-memory ZIP");
    return out;
}

}  // namespace kib
