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
// - init_catalogues() binds the domain once, before threads start: the "locale" folder next to
//   the binary (the build tree), else <prefix>/share/locale (installed), else KIB_LOCALEDIR.
//   Without it (library hosts) everything stays English.
// Trap: gettext picks its language from the environment and LC_MESSAGES, process-wide. To choose
// per call, init_catalogues() fixes gettext on Dutch (LANGUAGE=nl, LC_MESSAGES=C.UTF-8, output
// UTF-8) and tr() asks gettext only when the thread's language is Dutch. A third language needs
// its own domain binding, not only a .po file.
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

// Binds the catalogues; binary_dir is the folder of the running binary ("" when unknown).
// Returns true when the Dutch catalogue was found. Call it only when Dutch is wanted, once, before
// threads start: it sets LANGUAGE=nl in the environment, so libc's own messages (strerror) and
// child processes follow; an English run leaves gettext, LANGUAGE and LC_MESSAGES alone.
bool init_catalogues(const std::string& binary_dir);

std::string tr(const char* msgid);
std::string trf(const char* msgid, std::initializer_list<std::string> args);

}  // namespace kib
