// Why the drop folder's router took no job for a file: the real problem, in the thread's language
// (readers/i18n.hpp), the same way the commands say it (readers/file_sniff.hpp for what a file
// really is), and for a readable workbook or CSV which sheets or headers were expected.
#pragma once

#include <filesystem>
#include <string>

namespace kib {

// Throws the kib::error (bad_input, naming `name`, the user's name of the file) for a file that no
// job takes. `file` is the claimed file; sniffed is sniff_content()'s answer for it.
[[noreturn]] void refuse_unrouted(const std::filesystem::path& file, const std::string& name, const std::string& sniffed);

}  // namespace kib
