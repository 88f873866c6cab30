#include "readers/i18n.hpp"

#include <libintl.h>

#include <atomic>
#include <clocale>
#include <cstdlib>
#include <filesystem>
#include <vector>

namespace kib {

namespace {

constexpr const char* domain = "kib";
std::atomic<int> g_default{static_cast<int>(language::en)};
std::atomic<bool> g_bound{false};
thread_local int t_override = -1;

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

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
    namespace fs = std::filesystem;
    std::vector<fs::path> candidates;
    if (!binary_dir.empty()) {
        candidates.push_back(fs::path(binary_dir) / "locale");
        candidates.push_back(fs::path(binary_dir).parent_path() / "share" / "locale");
    }
#ifdef KIB_LOCALEDIR
    candidates.emplace_back(KIB_LOCALEDIR);
#endif
    for (const auto& dir : candidates) {
        std::error_code ec;
        if (!fs::exists(dir / "nl" / "LC_MESSAGES" / "kib.mo", ec)) continue;
        // gettext follows LANGUAGE only when LC_MESSAGES is not "C"; C.UTF-8 exists everywhere
        // on Debian 12 and changes nothing else (LC_NUMERIC, LC_CTYPE stay "C").
        if (!std::setlocale(LC_MESSAGES, "C.UTF-8") && !std::setlocale(LC_MESSAGES, "C.utf8")) return false;
        ::setenv("LANGUAGE", "nl", 1);
        ::bindtextdomain(domain, dir.c_str());
        ::bind_textdomain_codeset(domain, "UTF-8");
        g_bound.store(true);
        return true;
    }
    return false;
}

std::string tr(const char* msgid) {
    if (current_language() != language::nl || !g_bound.load()) return msgid;
    return ::dgettext(domain, msgid);
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

}  // namespace kib
