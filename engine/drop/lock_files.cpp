#include "engine/drop/lock_files.hpp"

namespace kib {

std::string open_lock_for(const std::string& name, const std::set<std::string>& names) {
    if (name.empty() || name.rfind("~$", 0) == 0 || name.rfind(".~lock.", 0) == 0) return {};
    const std::string candidates[] = {
        ".~lock." + name + "#",  // LibreOffice
        "~$" + name,             // Excel; Word for short names
        // Word for longer names. Only when something of the name is left after the "~$".
        name.size() > 1 ? "~$" + name.substr(1) : std::string(),
        name.size() > 2 ? "~$" + name.substr(2) : std::string(),
    };
    for (const auto& c : candidates) {
        if (!c.empty() && names.count(c) != 0) return c;
    }
    return {};
}

}  // namespace kib
