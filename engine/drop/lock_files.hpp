// Lock files of office programs in the drop folder's inbox: a file that is open in Excel, Word or
// LibreOffice has one next to it, and such a file is not taken until the lock is gone.
//
// Contract: the names are only compared, never opened, moved or deleted; a lock file belongs to
// the program that holds the file open (kib leaves it alone, is_ignored_name() skips it).
// Traps: Word shortens its owner file for long names ("~$cument.docx" for "document.docx": the
// first one or two characters give way to "~$"), Excel and LibreOffice do not; a stale lock left by
// a crashed program keeps the file waiting until someone removes it, which is what we want (kib
// cannot tell a stale lock from a live one on a network share).
#pragma once

#include <set>
#include <string>

namespace kib {

// The name of the lock file in `names` (the inbox's file names) that says `name` is open, or ""
// when there is none. Recognises "~$NAME" (Excel, Word), Word's shortened "~$" + NAME without its
// first one or two characters, and LibreOffice's ".~lock.NAME#".
std::string open_lock_for(const std::string& name, const std::set<std::string>& names);

}  // namespace kib
