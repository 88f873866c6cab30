// libFuzzer target: the DOCX template engine (kib fill). The input is a template and JSON data
// joined by a separator line (see kSeparator; without it the whole input is the template and the
// data is {}). Compiling and filling must end in a result or a kib::error; a filled result must be
// a package the package layer opens, whose parts are well-formed XML.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "readers/error.hpp"
#include "readers/package.hpp"
#include "readers/xml_pull.hpp"
#include "writers/docx_template.hpp"

namespace {

constexpr std::string_view kSeparator = "\n--kib-fuzz-data--\n";

// Every XML part of a filled document must parse to its end: a fill that writes broken XML
// is a finding, whatever the template and data were.
void check_output(const std::string& docx) {
    kib::package_limits limits;
    limits.max_part_size = 64u << 20;
    limits.max_total_size = 256u << 20;
    try {
        const kib::package pkg = kib::package::open_buffer(docx, "filled.docx", limits);
        (void)pkg.main_part();
        for (const auto& e : pkg.entries()) {
            const std::string ct = pkg.content_type(e.name);
            if (ct.find("xml") == std::string::npos) continue;
            const std::string xml = pkg.read(e.name);
            kib::xml::pull_parser p(xml);
            while (p.next() != kib::xml::pull_parser::event::eof) {
            }
        }
    } catch (const kib::error& e) {
        std::fprintf(stderr, "the filled document does not read back: %s\n", e.what());
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t sep = input.find(kSeparator);
    const std::string_view template_bytes = input.substr(0, sep);
    const std::string_view json_text = sep == std::string_view::npos ? std::string_view("{}") : input.substr(sep + kSeparator.size());
    nlohmann::json values = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
    if (values.is_discarded()) values = nlohmann::json::object();
    kib::fill_options options;
    // The last byte picks the options, so both paths (missing fields as errors, as warnings) run.
    options.allow_missing = size > 0 && (data[size - 1] & 1);
    options.max_paragraphs = 20000;  // keeps each run fast; the limit itself is part of what is fuzzed
    try {
        const kib::docx_template t = kib::docx_template::from_buffer(std::string(template_bytes), "fuzz.docx");
        const nlohmann::json* item = nullptr;
        if (values.is_object() && values.contains("deelnemers") && values["deelnemers"].is_array() && !values["deelnemers"].empty())
            item = &values["deelnemers"][0];
        const kib::fill_result r = t.fill(values, options, item);
        check_output(r.docx);
    } catch (const kib::error&) {
    }
    return 0;
}
