#include "readers/i18n.hpp"

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace kib {

namespace {

namespace fs = std::filesystem;

std::atomic<int> g_default{static_cast<int>(language::en)};
thread_local int t_override = -1;

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// One compiled catalogue (.mo): msgid -> msgstr, read once and never changed afterwards, so
// any number of threads may look up in it without a lock.
using catalogue = std::unordered_map<std::string, std::string>;

std::uint32_t word_at(const std::string& data, std::size_t at, bool swap) {
    if (at + 4 > data.size()) return 0;
    std::uint32_t w;
    std::memcpy(&w, data.data() + at, 4);
    return swap ? __builtin_bswap32(w) : w;
}

// GNU .mo layout: magic, revision, N, offset of the msgid table, offset of the msgstr table;
// each table holds N (length, offset) pairs. Plural and context entries keep only their first
// form (kib has none). A damaged file yields what could be read, never a crash.
catalogue read_mo(const fs::path& path) {
    catalogue out;
    std::ifstream in(path, std::ios::binary);
    if (!in) return out;
    const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (data.size() < 20) return out;
    const std::uint32_t magic = word_at(data, 0, false);
    bool swap = false;
    if (magic == 0xde120495u) swap = true;
    else if (magic != 0x950412deu) return out;
    const std::uint32_t n = word_at(data, 8, swap);
    const std::uint32_t ids = word_at(data, 12, swap);
    const std::uint32_t strs = word_at(data, 16, swap);
    auto string_at = [&](std::uint32_t table, std::uint32_t i, std::string& s) {
        const std::size_t entry = static_cast<std::size_t>(table) + 8u * i;
        const std::uint32_t len = word_at(data, entry, swap), off = word_at(data, entry + 4, swap);
        if (entry + 8 > data.size() || off > data.size() || len > data.size() - off) return false;
        s.assign(data, off, len);
        if (const auto nul = s.find('\0'); nul != std::string::npos) s.resize(nul);
        return true;
    };
    for (std::uint32_t i = 0; i < n && i < data.size() / 8; ++i) {
        std::string id, str;
        if (!string_at(ids, i, id) || !string_at(strs, i, str) || id.empty() || str.empty()) continue;
        out.emplace(std::move(id), std::move(str));
    }
    return out;
}

// Where the catalogues lie (init_catalogues), and the Dutch ones, read on first use.
std::mutex g_mutex;
fs::path g_dir;  // guarded by g_mutex until the catalogues are read
std::once_flag g_kib_once, g_libc_once;
std::unique_ptr<const catalogue> g_kib_nl, g_libc_nl;
std::atomic<bool> g_bound{false};

const catalogue* kib_dutch() {
    if (!g_bound.load()) return nullptr;
    std::call_once(g_kib_once, [] {
        std::lock_guard<std::mutex> lock(g_mutex);
        g_kib_nl = std::make_unique<const catalogue>(read_mo(g_dir / "nl" / "LC_MESSAGES" / "kib.mo"));
    });
    return g_kib_nl.get();
}

// glibc's own Dutch catalogue (Debian: package locales), for the texts of strerror().
const catalogue* libc_dutch() {
    std::call_once(g_libc_once, [] {
        g_libc_nl = std::make_unique<const catalogue>(read_mo("/usr/share/locale/nl/LC_MESSAGES/libc.mo"));
    });
    return g_libc_nl.get();
}

const char* lookup(const catalogue* c, const char* msgid) {
    if (c == nullptr) return nullptr;
    const auto it = c->find(msgid);
    return it == c->end() ? nullptr : it->second.c_str();
}

// The strerror() texts kib users meet most, with their Dutch in po/nl.po, so Dutch messages do
// not depend on glibc's own catalogue being installed (libc_dutch() covers the rest).
[[maybe_unused]] constexpr const char* common_system_errors[] = {
    N_("No such file or directory"), N_("Permission denied"), N_("No space left on device"), N_("Is a directory"),
    N_("Not a directory"), N_("File exists"), N_("Read-only file system"), N_("Disk quota exceeded"),
    N_("Too many open files"), N_("Input/output error"), N_("Operation not permitted"), N_("Directory not empty"),
    N_("Cannot allocate memory"), N_("Text file busy"), N_("File name too long"), N_("Invalid cross-device link"),
};

}  // namespace

std::optional<language> parse_language(std::string_view text) {
    const std::string t = lower(text);
    if (t.rfind("nl", 0) == 0 || t == "dutch" || t == "nederlands") return language::nl;
    if (t.rfind("en", 0) == 0 || t == "c" || t.rfind("c.", 0) == 0 || t == "posix" || t == "english") return language::en;
    return std::nullopt;
}

language language_from_environment() {
    for (const char* name : {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}) {
        const char* v = std::getenv(name);
        if (!v || !*v) continue;
        std::string_view s(v);
        if (std::string_view(name) == "LANGUAGE") s = s.substr(0, s.find(':'));  // "nl:en": the first one
        return lower(s).rfind("nl", 0) == 0 ? language::nl : language::en;
    }
    return language::en;
}

const char* language_code(language l) noexcept { return l == language::nl ? "nl" : "en"; }

void set_default_language(language l) { g_default.store(static_cast<int>(l)); }

language current_language() noexcept {
    return static_cast<language>(t_override >= 0 ? t_override : g_default.load());
}

scoped_language::scoped_language(language l) : previous_(t_override) { t_override = static_cast<int>(l); }
scoped_language::~scoped_language() { t_override = previous_; }

bool init_catalogues(const std::string& binary_dir) {
    std::vector<fs::path> candidates;
    if (!binary_dir.empty()) {
        candidates.push_back(fs::path(binary_dir) / "locale");
        candidates.push_back(fs::path(binary_dir).parent_path() / "share" / "locale");
    }
#ifdef KIB_LOCALEDIR
    candidates.emplace_back(KIB_LOCALEDIR);
#endif
    std::lock_guard<std::mutex> lock(g_mutex);
    if (g_bound.load()) return true;
    for (const auto& dir : candidates) {
        std::error_code ec;
        if (!fs::exists(dir / "nl" / "LC_MESSAGES" / "kib.mo", ec)) continue;
        g_dir = dir;
        g_bound.store(true);
        return true;
    }
    return false;
}

std::string tr(const char* msgid) {
    if (current_language() != language::nl) return msgid;
    const char* found = lookup(kib_dutch(), msgid);
    return found ? found : msgid;
}

std::string trf(const char* msgid, std::initializer_list<std::string> args) {
    const std::string pattern = tr(msgid);
    std::string out;
    auto arg = args.begin();
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '{' && i + 1 < pattern.size() && pattern[i + 1] == '}' && arg != args.end()) {
            out += *arg++;
            ++i;
        } else {
            out += pattern[i];
        }
    }
    return out;
}

std::string system_message(int errnum) {
    // The English text whatever the process locale: kib never calls setlocale(LC_MESSAGES).
    char buf[256];
    const char* english = ::strerror_r(errnum, buf, sizeof buf);
    if (current_language() != language::nl) return english;
    if (const char* found = lookup(kib_dutch(), english)) return found;
    if (const char* found = lookup(libc_dutch(), english)) return found;
    return english;
}

}  // namespace kib
