// Shared by the template engine's units (writers/docx_template*.cpp), not part of kib's API:
// the tag and compiled-op model, docx_template::impl, the part compiler and the fill state.
// Marker ids: tags count from 0; checkbox controls use 1'000'000'000+ (checked) and 2'000'000'000+ (display).
#pragma once

#include <pugixml.hpp>

#include <cstring>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "readers/error.hpp"
#include "writers/docx_template.hpp"
#include "writers/zip_writer.hpp"

namespace kib {
namespace docx_template_detail {

// Markers stand in for tags in the serialized XML: U+E000 'k' id U+E001 (private use characters).
inline constexpr std::string_view marker_open = "\xEE\x80\x80k";
inline constexpr std::string_view marker_close = "\xEE\x80\x81";

std::string marker(std::size_t id);

// ---- tags -------------------------------------------------------------------------------

enum class tag_kind { field, open, inverted, close, checkbox };

struct tag {
    tag_kind kind = tag_kind::field;
    std::string name;   // field or section name
    std::string value;  // checkbox: the value that checks it (empty: truthiness)
    std::string text;   // the tag as written, "{{#deelnemers}}"
    std::string where;  // "word/document.xml, paragraph 4 (table 1, row 2, cell 1)"
    pugi::xml_node run; // the marker run standing for the tag
    bool sole_rows = false;  // a row section holding every row of its table: never render zero rows
    std::size_t marker_id = 0;
};

bool valid_name(std::string_view n);
std::string_view trim(std::string_view s);
error template_error(const std::string& file, const std::string& part, const std::string& where,
                     std::string message, std::string hint);

// ---- compiled form ----------------------------------------------------------------------

enum class op_kind { literal, field, checkbox, sdt_checked, sdt_display, section };

struct sdt_binding {
    std::string field;
    std::string value;  // empty: checked when the field is truthy
    bool has_value = false;
    std::string checked_char = "\xE2\x98\x92";    // ☒
    std::string unchecked_char = "\xE2\x98\x90";  // ☐
    std::string original_checked;                 // kept when the field is missing
    std::string original_display;
    std::string where;
};

struct op {
    op_kind kind = op_kind::literal;
    std::string text;          // literal XML
    std::size_t ref = 0;       // index into tags or bindings
    std::vector<op> children;  // section body
    std::size_t paragraphs = 0;  // section: paragraphs one rendering of the body writes itself
};

// Counts the paragraphs of each section body (docx_template_sections.cpp).
void count_paragraphs(std::vector<op>& ops, const std::string& w);

struct compiled_part {
    std::string name;
    std::string w;  // prefix bound to the WordprocessingML namespace, with ':' ("w:" or "")
    std::vector<op> ops;
    std::size_t size_hint = 0;
};

}  // namespace docx_template_detail

struct docx_template::impl {
    std::string display_name;
    std::vector<raw_entry> entries;
    std::vector<docx_template_detail::compiled_part> parts;
    std::vector<docx_template_detail::tag> tags;
    std::vector<docx_template_detail::sdt_binding> bindings;
    std::map<std::string, std::size_t> part_index;  // entry name -> index in parts
};

namespace docx_template_detail {

// ---- compiler ---------------------------------------------------------------------------

class part_compiler {
public:
    part_compiler(docx_template::impl& t, std::string part_name) : t_(t), part_(std::move(part_name)) {}

    compiled_part compile(const std::string& xml);

private:
    docx_template::impl& t_;
    std::string part_;
    std::string w_;    // "w:" or ""
    std::string w14_;  // "w14:" or "" when undeclared (then no checkboxes)
    bool has_w14_ = false;
    std::map<pugi::xml_node_struct*, std::size_t> table_no_;
    std::size_t para_no_ = 0;

    std::string q(const char* local) const { return w_ + local; }
    bool is(pugi::xml_node n, const char* local) const {
        const char* nm = n.name();
        const auto wl = w_.size();
        return n.type() == pugi::node_element && std::strncmp(nm, w_.data(), wl) == 0 && std::strcmp(nm + wl, local) == 0;
    }
    bool is14(pugi::xml_node n, const char* local) const {
        if (!has_w14_) return false;
        const char* nm = n.name();
        const auto wl = w14_.size();
        return n.type() == pugi::node_element && std::strncmp(nm, w14_.data(), wl) == 0 && std::strcmp(nm + wl, local) == 0;
    }
    std::string wattr(pugi::xml_node n, const char* local) const { return n.attribute(q(local).c_str()).value(); }

    void resolve_prefixes(pugi::xml_node root);
    std::string where_of(pugi::xml_node p, std::size_t para_no) const;
    void collect_pieces(pugi::xml_node n, std::vector<std::pair<pugi::xml_node, int>>& pieces) const;
    void normalize_paragraph(pugi::xml_node p, std::vector<std::size_t>& found);
    tag parse_tag(std::string_view text, const std::string& where) const;
    pugi::xml_node make_marker_run(pugi::xml_node run, pugi::xml_node before_or_after, std::size_t id);
    void place_sections(const std::vector<std::size_t>& tag_ids);
    bool is_empty_paragraph(pugi::xml_node p) const;
    void bind_checkboxes(pugi::xml_node root);
    std::vector<op> build_ops(const std::string& xml);
};

// ---- filling ----------------------------------------------------------------------------

struct run_markup {
    std::string t_open, t_close, br, tab;
    explicit run_markup(const std::string& w)
        : t_open("<" + w + "t xml:space=\"preserve\">"), t_close("</" + w + "t>"), br("<" + w + "br/>"), tab("<" + w + "tab/>") {}
};

struct fill_state {
    const docx_template::impl& t;
    const fill_options& opt;
    std::vector<const nlohmann::json*> ctx;
    std::vector<std::pair<std::string, std::string>> missing;  // (name, where)
    std::set<std::pair<std::string, std::string>> missing_seen;
    std::vector<std::string> warnings;
    std::vector<std::string> errors;
    run_markup markup{""};  // w:t, w:br, w:tab with the current part's prefix
    int blank = 0;          // > 0: rendering an empty row (no lookups, boxes unchecked)
    const compiled_part* part = nullptr;  // the part being rendered (for errors)
    std::size_t expanded = 0;             // paragraphs written by section bodies so far
};

// Data values: truthy and scalar_text live in docx_template_render.cpp, checks in
// docx_template_checkboxes.cpp.
bool truthy(const nlohmann::json& v);
bool scalar_text(const nlohmann::json& v, std::string& out);
bool checks(const nlohmann::json& v, const std::string& value, bool has_value);

void render(fill_state& st, const std::vector<op>& ops, std::string& out);

}  // namespace docx_template_detail
}  // namespace kib
