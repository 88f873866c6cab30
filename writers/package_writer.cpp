#include "writers/package_writer.hpp"

#include <algorithm>
#include <map>

#include "readers/opc.hpp"

namespace kib {

namespace {

std::string strip_slash(std::string_view part) {
    if (!part.empty() && part.front() == '/') part.remove_prefix(1);
    return std::string(part);
}

}  // namespace

struct package_writer::impl {
    std::string source;
    zip_source src;
    std::vector<std::string> names;                    // source entries in central-directory order
    std::map<std::string, std::size_t> lower_to_index; // lower-cased name -> source entry
    std::map<std::string, std::string> puts;           // lower-cased part -> bytes
    std::map<std::string, raw_entry> raw_puts;         // lower-cased part -> compressed entry
    std::vector<std::string> added;                    // new parts (as named by the caller), in order
    std::map<std::string, bool> removed;               // lower-cased part

    impl(std::string s, zip_source z) : source(std::move(s)), src(std::move(z)) {}
};

package_writer::package_writer(const std::string& source_path)
    : impl_(std::make_unique<impl>(source_path, zip_source::open_file(source_path))) {
    const auto& entries = impl_->src.entries();
    for (std::size_t i = 0; i < entries.size(); ++i) {
        impl_->names.push_back(entries[i].name);
        impl_->lower_to_index.emplace(ascii_lower(entries[i].name), i);
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
    if (!impl_->lower_to_index.count(key) && !impl_->puts.count(key)) impl_->added.push_back(name);
    impl_->raw_puts.erase(key);
    impl_->puts[key] = std::move(bytes);
}

void package_writer::put_raw(raw_entry entry) {
    const std::string name = strip_slash(entry.name);
    const std::string key = ascii_lower(name);
    impl_->removed.erase(key);
    if (!impl_->lower_to_index.count(key) && !impl_->puts.count(key) && !impl_->raw_puts.count(key))
        impl_->added.push_back(name);
    impl_->puts.erase(key);
    impl_->raw_puts[key] = std::move(entry);
}

void package_writer::remove(std::string_view part_name) {
    const std::string key = ascii_lower(strip_slash(part_name));
    impl_->puts.erase(key);
    impl_->raw_puts.erase(key);
    std::erase_if(impl_->added, [&](const std::string& a) { return ascii_lower(a) == key; });
    impl_->removed[key] = true;
}

bool package_writer::is_touched(std::string_view part_name) const {
    const std::string key = ascii_lower(strip_slash(part_name));
    return impl_->puts.count(key) || impl_->raw_puts.count(key) || impl_->removed.count(key);
}

std::string package_writer::backup_path(const std::string& path) { return kib::backup_path(path); }

save_result package_writer::save(const std::string& target, const save_options& options) const {
    save_result result;
    result.target = target;
    const auto& entries = impl_->src.entries();
    // The source's file order, so that untouched neighbours are copied as one run.
    std::vector<std::size_t> order(entries.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return entries[a].offset < entries[b].offset; });

    auto write = [&](int fd) {
        zip_writer out(fd, target);
        std::vector<std::size_t> run;
        auto flush_run = [&] {
            out.copy(impl_->src, run);
            result.copied_entries += run.size();
            run.clear();
        };
        for (std::size_t i : order) {
            const std::string key = ascii_lower(entries[i].name);
            if (impl_->removed.count(key)) {
                flush_run();
                ++result.removed_entries;
                continue;
            }
            if (auto it = impl_->puts.find(key); it != impl_->puts.end()) {
                flush_run();
                // Level 6 (zlib's default, close to what Excel writes): 9 costs several times the
                // time on large sheets for a few percent of size.
                out.add(entries[i].name, it->second, 6);
                ++result.written_entries;
                continue;
            }
            if (auto it = impl_->raw_puts.find(key); it != impl_->raw_puts.end()) {
                flush_run();
                out.add(entries[i].name, it->second);
                ++result.written_entries;
                continue;
            }
            run.push_back(i);
        }
        flush_run();
        for (const std::string& name : impl_->added) {
            if (auto it = impl_->raw_puts.find(ascii_lower(name)); it != impl_->raw_puts.end()) out.add(name, it->second);
            else out.add(name, impl_->puts.at(ascii_lower(name)), 6);
            ++result.written_entries;
        }
        out.finish();
    };
    result.backup = atomic_save(target, write, impl_->source, options);
    return result;
}

}  // namespace kib
