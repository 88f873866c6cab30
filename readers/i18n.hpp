// The language of what people read: GNU gettext (domain "kib", catalogues po/*.po compiled to
// .mo at build time), English message ids in the code, Dutch from po/nl.po.
//
// Contract:
// - The language is chosen per thread: a scoped_language in force on this thread, else the
//   process default (set_default_language; English until set). The CLI sets the default from
//   --lang, else the locale (language_from_environment), else English; the drop folder uses its
//   kib.toml `language` (Dutch by default) for what it writes.
// - tr(msgid) is the msgid itself for English, when the catalogue is not found, or when the
//   catalogue has no translation; it never throws. trf() fills "{}" placeholders in order after
//   translating, so a translation may move words around the placeholders but keeps their order.
// - init_catalogues() says where the compiled catalogues lie: the "locale" folder next to the
//   binary (the build tree), else <prefix>/share/locale (installed), else KIB_LOCALEDIR.
//   Without it (library hosts) everything stays English.
// Why not libintl's gettext(): it picks its language from the environment and LC_MESSAGES,
// process-wide, so two threads (kib serve's requests, a host's threads) could not speak two
// languages, and setting LANGUAGE would change the host's own programs. kib reads its .mo file
// itself (once, on first use, then read-only: safe from any thread). A third language needs its
// own catalogue pointer here, not only a .po file.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace kib {

enum class language : unsigned char { en, nl };

// "nl", "nl_NL.UTF-8", "nl-BE", "dutch", "nederlands" -> nl; "en…", "c", "posix", "english" -> en.
std::optional<language> parse_language(std::string_view text);
// LANGUAGE (its first entry), LC_ALL, LC_MESSAGES, LANG in that order, the first one set and
// not empty; nl when it starts with "nl", else en.
language language_from_environment();
const char* language_code(language l) noexcept;  // "en", "nl"

void set_default_language(language l);
language current_language() noexcept;

class scoped_language {
public:
    explicit scoped_language(language l);
    ~scoped_language();
    scoped_language(const scoped_language&) = delete;
    scoped_language& operator=(const scoped_language&) = delete;

private:
    int previous_;
};

// Finds the catalogues; binary_dir is the folder of the running binary ("" when unknown).
// Returns true when the Dutch catalogue was found (now or by an earlier call; the first folder
// found stays). Changes no environment variable and no locale; safe from any thread.
bool init_catalogues(const std::string& binary_dir);

std::string tr(const char* msgid);
// Marks a message id for the catalogue (xgettext keyword) where it is stored, not yet translated
// (a table of texts); tr() translates it where it is shown.
constexpr const char* N_(const char* msgid) noexcept { return msgid; }
std::string trf(const char* msgid, std::initializer_list<std::string> args);
// strerror(errnum) in the thread's language: Dutch from kib's catalogue, else from glibc's own
// Dutch catalogue (/usr/share/locale/nl/LC_MESSAGES/libc.mo, Debian package locales), else English.
std::string system_message(int errnum);

}  // namespace kib
