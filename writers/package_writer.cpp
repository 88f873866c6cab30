#include "writers/package_writer.hpp"

#include <zip.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

#include "readers/opc.hpp"

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

std::string strip_slash(std::string_view part) {
    if (!part.empty() && part.front() == '/') part.remove_prefix(1);
    return std::string(part);
}

// Flushes a file or a folder to disk. False when the OS refuses.
bool fsync_path(const std::string& path, bool directory) {
    const int fd = ::open(path.c_str(), directory ? (O_RDONLY | O_DIRECTORY) : O_RDONLY);
    if (fd < 0) return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

// Removes a temporary file on scope exit unless released.
struct temp_guard {
    std::string path;
    ~temp_guard() {
        if (!path.empty()) ::unlink(path.c_str());
    }
};

// Closes a libzip archive on scope exit without writing anything.
struct zip_guard {
    zip_t* z = nullptr;
    ~zip_guard() {
        if (z) zip_discard(z);
    }
};

}  // namespace

struct package_writer::impl {
    std::string source;
    zip_t* src = nullptr;
    std::vector<std::string> names;                    // source entries in order
    std::map<std::string, std::string> lower_to_name;  // lower-cased -> as stored in the source
    std::map<std::string, std::string> puts;           // lower-cased part -> bytes
    std::vector<std::string> added;                    // new parts (as named by the caller), in order
    std::map<std::string, bool> removed;               // lower-cased part

    ~impl() {
        if (src) zip_discard(src);
    }
};

package_writer::package_writer(const std::string& source_path) : impl_(std::make_unique<impl>()) {
    impl_->source = source_path;
    int code = 0;
    impl_->src = zip_open(source_path.c_str(), ZIP_RDONLY, &code);
    if (!impl_->src) {
        zip_error_t e;
        zip_error_init_with_code(&e, code);
        std::string why = zip_error_strerror(&e);
        zip_error_fini(&e);
        fail(code == ZIP_ER_OPEN || code == ZIP_ER_NOENT ? error_category::io : error_category::bad_input,
             source_path, {}, "cannot open the archive for copying (" + why + ")");
    }
    const zip_int64_t n = zip_get_num_entries(impl_->src, 0);
    for (zip_int64_t i = 0; i < n; ++i) {
        const char* name = zip_get_name(impl_->src, static_cast<zip_uint64_t>(i), 0);
        if (!name) fail(error_category::bad_input, source_path, {}, "cannot read ZIP entry " + std::to_string(i));
        impl_->names.emplace_back(name);
        impl_->lower_to_name.emplace(ascii_lower(name), name);
    }
}

package_writer::package_writer(package_writer&&) noexcept = default;
package_writer& package_writer::operator=(package_writer&&) noexcept = default;
package_writer::~package_writer() = default;

const std::string& package_writer::source_path() const noexcept { return impl_->source; }

std::vector<std::string> package_writer::source_entries() const { return impl_->names; }

void package_writer::put(std::string_view part_name, std::string bytes) {
    const std::string name = strip_slash(part_name);
    const std::string key = ascii_lower(name);
    impl_->removed.erase(key);
    if (!impl_->lower_to_name.count(key) && !impl_->puts.count(key)) impl_->added.push_back(name);
    impl_->puts[key] = std::move(bytes);
}

void package_writer::remove(std::string_view part_name) {
    const std::string key = ascii_lower(strip_slash(part_name));
    impl_->puts.erase(key);
    std::erase_if(impl_->added, [&](const std::string& a) { return ascii_lower(a) == key; });
    impl_->removed[key] = true;
}

bool package_writer::is_touched(std::string_view part_name) const {
    const std::string key = ascii_lower(strip_slash(part_name));
    return impl_->puts.count(key) || impl_->removed.count(key);
}

std::string package_writer::backup_path(const std::string& path) {
    const fs::path p(path);
    return (p.parent_path() / (p.stem().string() + ".bak" + p.extension().string())).string();
}

save_result package_writer::save(const std::string& target, const save_options& options) const {
    save_result result;
    result.target = target;
    const fs::path target_path = fs::absolute(fs::path(target));
    std::error_code ec;
    const bool target_exists = fs::exists(target_path, ec);
    const bool same_as_source = target_exists && fs::equivalent(target_path, fs::path(impl_->source), ec);
    if (same_as_source && !options.overwrite_source)
        fail(error_category::bad_input, target, {}, "refusing to overwrite the input file",
             "write to another file with -o, or pass --in-place to replace it (a backup copy is kept)");

    const fs::path folder = target_path.parent_path();
    if (!fs::is_directory(folder, ec))
        fail(error_category::io, target, {}, "the folder " + folder.string() + " does not exist");

    // The temporary file lives in the target's folder so the final rename stays on one file system.
    std::string tmp_name = ".";
    tmp_name += target_path.filename().string();
    tmp_name += ".kib-XXXXXX";
    const std::string tmpl = (folder / tmp_name).string();
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    const int fd = ::mkstemp(buf.data());
    if (fd < 0)
        fail(error_category::io, target, {}, std::string("cannot create a temporary file in the target folder (") +
                                                 std::strerror(errno) + ")");
    ::close(fd);
    temp_guard guard{buf.data()};
    const std::string tmp = guard.path;

    zip_guard out;
    int code = 0;
    out.z = zip_open(tmp.c_str(), ZIP_TRUNCATE, &code);
    if (!out.z) fail(error_category::io, target, {}, "cannot start writing the archive");

    auto zip_fail = [&](const std::string& part, const std::string& what) {
        const std::string why = zip_strerror(out.z);
        fail(error_category::io, target, part, what + " (" + why + ")");
    };

    auto add_bytes = [&](const std::string& name, const std::string& bytes) {
        zip_source_t* s = zip_source_buffer(out.z, bytes.data(), bytes.size(), 0);
        if (!s) zip_fail(name, "cannot add the part");
        const zip_int64_t idx = zip_file_add(out.z, name.c_str(), s, ZIP_FL_ENC_UTF_8);
        if (idx < 0) {
            zip_source_free(s);
            zip_fail(name, "cannot add the part");
        }
        // Level 6 (zlib's default, close to what Excel writes): libzip's own default is 9, which
        // costs several times the time on large sheets for a few percent of size.
        if (zip_set_file_compression(out.z, static_cast<zip_uint64_t>(idx), ZIP_CM_DEFLATE, 6) != 0)
            zip_fail(name, "cannot set the compression of the part");
        ++result.written_entries;
    };

    for (std::size_t i = 0; i < impl_->names.size(); ++i) {
        const std::string& name = impl_->names[i];
        const std::string key = ascii_lower(name);
        if (impl_->removed.count(key)) {
            ++result.removed_entries;
            continue;
        }
        if (auto it = impl_->puts.find(key); it != impl_->puts.end()) {
            add_bytes(name, it->second);
            continue;
        }
        // Raw copy: the source supplies the compressed bytes; keeping the entry's own method
        // tells libzip not to recompress (it would deflate stored entries otherwise).
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat_index(impl_->src, i, 0, &st) != 0)
            fail(error_category::bad_input, impl_->source, name, "cannot read the entry");
        zip_source_t* s = zip_source_zip(out.z, impl_->src, i, ZIP_FL_COMPRESSED, 0, -1);
        if (!s) zip_fail(name, "cannot copy the part");
        const zip_int64_t idx = zip_file_add(out.z, name.c_str(), s, 0);
        if (idx < 0) {
            zip_source_free(s);
            zip_fail(name, "cannot copy the part");
        }
        if (zip_set_file_compression(out.z, static_cast<zip_uint64_t>(idx), st.comp_method, 0) != 0)
            zip_fail(name, "cannot keep the compression method of the part");
        if ((st.valid & ZIP_STAT_MTIME) && zip_file_set_mtime(out.z, static_cast<zip_uint64_t>(idx), st.mtime, 0) != 0)
            zip_fail(name, "cannot keep the time stamp of the part");
        ++result.copied_entries;
    }
    for (const std::string& name : impl_->added) add_bytes(name, impl_->puts.at(ascii_lower(name)));

    if (zip_close(out.z) != 0) zip_fail({}, "writing the archive failed");
    out.z = nullptr;

    // Keep the permissions the user's file had.
    struct stat mode_src {};
    if (::stat(target_exists ? target_path.c_str() : impl_->source.c_str(), &mode_src) == 0)
        ::chmod(tmp.c_str(), mode_src.st_mode & 07777);
    if (!fsync_path(tmp, false))
        fail(error_category::io, target, {}, "cannot flush the new file to disk");

    if (same_as_source && options.keep_backup) {
        result.backup = backup_path(impl_->source);
        fs::copy_file(impl_->source, result.backup, fs::copy_options::overwrite_existing, ec);
        if (ec || !fsync_path(result.backup, false))
            fail(error_category::io, target, {}, "cannot make the backup copy " + result.backup + " (" + ec.message() + ")",
                 "free some disk space or write to another file with -o");
    }
    if (::rename(tmp.c_str(), target_path.c_str()) != 0)
        fail(error_category::io, target, {}, std::string("cannot replace the target (") + std::strerror(errno) + ")");
    guard.path.clear();
    fsync_path(folder.string(), true);
    return result;
}

}  // namespace kib
