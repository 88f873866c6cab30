// kib::docx_template — fills an ordinary .docx with data (kib fill). Syntax: README "Templates".
//
// Contract:
// - open()/from_buffer() parse the template once: every tag is found in the merged text of each
//   paragraph (tags split over runs, proofErr, bookmarks, rsids and revision marks are fine) and the
//   parts are compiled into literal XML pieces and fill operations. fill() can then run any number
//   of times (and from several threads) without touching the template again.
// - Parts are found through relationships: the main document and its headers, footers, footnotes
//   and endnotes; text boxes and tables inside them are covered. All other parts are copied into
//   the output exactly as stored (no re-compression).
// - Loop expansion is bounded by fill_options::max_paragraphs (kib::error(limit)).
// - Errors are kib::error(bad_input) naming the part and paragraph (and table cell): unknown tags,
//   unbalanced sections, unclosed "{{". Missing fields are collected and reported all at once,
//   unless fill_options::allow_missing, which leaves them empty with one warning each.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "readers/limits.hpp"

namespace kib {

struct fill_options {
    bool allow_missing = false;  // missing fields become empty text plus a warning
    int compression_level = 1;   // zlib level for the filled parts
    // Paragraphs the template's sections (loops) may write in one fill, over all parts; more is
    // kib::error(limit) naming the section. Nested loops multiply: 1,000 × 1,000 items is over.
    // Default: template_paragraphs of the process-wide input limits (readers/limits.hpp).
    std::size_t max_paragraphs = default_input_limits().template_paragraphs;
};

struct fill_result {
    std::string docx;                   // the filled package
    std::vector<std::string> warnings;  // missing fields (with allow_missing), unbound checkboxes
};

class docx_template {
public:
    // Reads and compiles a template file. Throws kib::error.
    static docx_template open(const std::string& path);
    // Compiles a template held in memory; display_name is used in errors.
    static docx_template from_buffer(std::string data, const std::string& display_name);
    // A template shipped with kib ("baateigenaar"); throws kib::error for unknown names.
    static docx_template builtin(std::string_view name);
    static std::vector<std::string> builtin_names();

    // Fills the template with data. item, when given, is looked up first (kib fill --each).
    // Throws kib::error listing every missing field (unless allow_missing).
    fill_result fill(const nlohmann::json& data, const fill_options& options = {},
                     const nlohmann::json* item = nullptr) const;

    // The parts that hold tags or bound checkboxes (for tests and diagnostics).
    std::vector<std::string> filled_parts() const;
    const std::string& display_name() const;

    struct impl;

private:
    explicit docx_template(std::shared_ptr<const impl> p) : impl_(std::move(p)) {}
    std::shared_ptr<const impl> impl_;
};

// The unpacked files of a built-in template, embedded at build time: {entry name, bytes}.
std::vector<std::pair<std::string, std::string_view>> builtin_template_files(std::string_view name);

}  // namespace kib
