// libFuzzer target: Word review marks. The input is read both as a package (read_review_marks)
// and, directly, as the XML of every part reader. Any input must end in a value or a
// kib::error — never a crash, a hang, or unbounded memory.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "readers/docx_comments.hpp"
#include "readers/error.hpp"
#include "readers/package.hpp"

namespace {

template <class F>
void guarded(F&& f) {
    try {
        f();
    } catch (const kib::error&) {
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    kib::package_limits limits;
    limits.max_part_size = 8u << 20;
    limits.max_total_size = 32u << 20;
    guarded([&] {
        const kib::package pkg = kib::package::open_buffer(bytes, "fuzz.docx", limits);
        (void)kib::docx::read_review_marks(pkg);
    });
    const std::string_view xml = bytes;
    guarded([&] { (void)kib::docx::parse_comments(xml); });
    guarded([&] { (void)kib::docx::parse_comments_extended(xml); });
    guarded([&] { (void)kib::docx::parse_heading_styles(xml); });
    guarded([&] { (void)kib::docx::parse_style_numbering(xml); });
    guarded([&] { (void)kib::docx::parse_numbering(xml); });
    guarded([&] { (void)kib::docx::scan_story(xml, kib::docx::story_kind::body, kib::docx::heading_styles{{"K", 0}}, {}, true); });
    return 0;
}
