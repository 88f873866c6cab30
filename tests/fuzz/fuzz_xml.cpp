// libFuzzer target: the streaming XML pull parser, whole-buffer and in tiny chunks.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "readers/error.hpp"
#include "readers/xml_pull.hpp"

namespace {

void drain(kib::xml::pull_parser& p) {
    using ev = kib::xml::pull_parser::event;
    for (ev e = p.next(); e != ev::eof; e = p.next()) {
        if (e == ev::start) {
            (void)p.attr(kib::xml::ns::none, "r");
            (void)p.attr(kib::xml::ns::rel, "id");
            if (p.local_name() == "v") (void)p.element_text();
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string doc(reinterpret_cast<const char*>(data), size);
    try {
        kib::xml::pull_parser p(doc);
        drain(p);
    } catch (const kib::error&) {
    }
    try {
        std::size_t at = 0;
        kib::xml::pull_parser p(
            [&](char* buf, std::size_t cap) {
                const std::size_t n = std::min({cap, std::size_t{5}, doc.size() - at});
                doc.copy(buf, n, at);
                at += n;
                return n;
            },
            5);
        drain(p);
    } catch (const kib::error&) {
    }
    return 0;
}
