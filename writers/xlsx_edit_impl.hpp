// Internal to the workbook editor (writers/xlsx_edit*.cpp): workbook_editor::impl, its state and
// the helpers its units share. Only the editor's own .cpp files include this; the public contract
// is writers/xlsx_edit.hpp.
#pragma once

#include <pugixml.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "readers/package.hpp"
#include "writers/formula_refs.hpp"
#include "writers/xlsx_edit.hpp"
#include "writers/worksheet_stream.hpp"
#include "writers/xml_splice.hpp"

namespace kib::xlsx_edit_detail {

inline constexpr const char* ns_main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
inline constexpr const char* ns_main_strict = "http://purl.oclc.org/ooxml/spreadsheetml/main";
inline constexpr const char* ns_rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
inline constexpr const char* ns_rel_strict = "http://purl.oclc.org/ooxml/officeDocument/relationships";

// How every part is parsed: declarations, comments, PIs and whitespace-only text kept.
inline constexpr unsigned parse_flags = pugi::parse_default | pugi::parse_declaration | pugi::parse_comments |
                                        pugi::parse_pi | pugi::parse_doctype | pugi::parse_ws_pcdata;

// ---- namespaces by URI (xlsx_edit_xml.cpp) ----
std::string_view prefix_of(std::string_view qname);
std::string_view local_of(std::string_view qname);
std::string_view uri_of_prefix(pugi::xml_node n, std::string_view prefix);
std::string_view uri_of(pugi::xml_node n);
bool is_main_uri(std::string_view u);
bool is_rel_uri(std::string_view u);
bool is_main(pugi::xml_node n, std::string_view local);
pugi::xml_node main_child(pugi::xml_node parent, std::string_view local);
pugi::xml_attribute rel_attr(pugi::xml_node n, std::string_view local);
std::string qualified_prefix(pugi::xml_node n);

// ---- text and areas (xlsx_edit_xml.cpp) ----
std::size_t utf8_length(std::string_view s);

struct area {
    std::uint32_t c1 = 0, r1 = 0, c2 = 0, r2 = 0;
};

bool parse_area(std::string_view ref, area& a);
std::string area_ref(const area& a);
std::string lower(std::string_view s);
bool has_formula_element(std::string_view xml);

}  // namespace kib::xlsx_edit_detail

namespace kib {

struct workbook_editor::impl {
    using area = xlsx_edit_detail::area;

    // One XML part held as a DOM while it is edited.
    // original keeps the bytes the DOM was parsed from: at save, splice writes the elements the
    // edit did not change as those bytes (see writers/xml_splice.hpp).
    struct xml_part {
        std::string name;
        pugi::xml_document doc;
        std::string original;
        xml_splice splice;
        bool dirty = false;
        bool streamed = false;  // a streamed sheet: original holds only head, reached rows and tail
    };

    struct sheet_state {
        std::string name;
        std::string part;
        std::string rel_id;
        std::uint32_t sheet_id = 0;  // workbook.xml sheetId
        bool loaded = false;
        bool is_new = false;
        xml_part* xml = nullptr;
        pugi::xml_node root, sheet_data;
        std::string p;  // "x:" or "" — how the main namespace is written in this part
        std::map<std::uint32_t, pugi::xml_node> rows;
        bool rows_numbered = false;   // every row has an explicit r
        bool arrays_scanned = false;
        std::vector<std::pair<area, pugi::xml_node>> arrays;  // array-formula ranges and their masters
        std::uint32_t min_row = 0, max_row = 0, min_col = 0, max_col = 0;  // edited area, 0 = none
        // Streamed sheets (xlsx_edit_streamed.cpp): the DOM holds the rows reached so far; spans
        // says for every row looked up where it is in the source part (or where it would go).
        bool streamed = false;
        std::map<std::uint32_t, worksheet_stream::row_span> spans;
        std::uint64_t data_begin = 0, data_end = 0;
        std::uint32_t source_last_used = 0;   // the source's last row with a value
        std::set<std::uint32_t> prefetch;     // rows to read when the sheet is first reached
    };

    struct cell_pos {
        std::uint32_t col = 0, row = 0;
    };

    struct table_ref {
        std::string part;
        area ref;
        std::uint32_t totals = 0;
    };

    std::string path;
    package pkg;
    std::uint64_t stream_from = 8u << 20;  // editor_options::stream_sheets_from
    std::string wb_part;
    std::string wb_dir;  // "xl/"
    bool strict = false;
    bool date1904 = false;
    std::vector<relationship> wb_rels;
    std::vector<sheet_state> sheets;
    std::map<std::string, std::unique_ptr<xml_part>> parts;  // lower-cased name -> DOM
    std::vector<std::string> removed_parts;
    std::vector<cell_change> changes;
    bool cells_changed = false;
    // Cells whose value changed, per lower-cased sheet name, as (row, col); formulas whose cached
    // result kib dropped join them (see drop_stale_results).
    std::map<std::string, std::set<std::pair<std::uint32_t, std::uint32_t>>> changed_cells;
    std::set<std::pair<std::string, std::pair<std::uint32_t, std::uint32_t>>> given_results;  // set_formula with a result

    // shared strings
    std::string sst_part;  // "" when the workbook has none yet
    bool sst_index_built = false;
    std::unordered_map<std::string, std::uint32_t> sst_index;  // plain text -> index
    std::vector<pugi::xml_node> sst_items;
    std::int64_t sst_count_delta = 0;

    // styles
    std::string styles_part;
    bool styles_parsed = false;
    std::vector<bool> xf_is_date;

    // Defined names by lower-cased name: (local sheet position or -1, formula text).
    std::vector<std::tuple<std::string, int, std::string>> defined_names_cache;
    bool defined_names_read = false;

    // Tables of every worksheet by lower-cased name: (sheet, area).
    std::map<std::string, std::pair<std::string, area>> tables_by_name;
    bool tables_read = false;

    impl(std::string p, package k) : path(std::move(p)), pkg(std::move(k)) {}

    // ---- errors, parts, relationships, the workbook's sheets (xlsx_edit_package.cpp) ----
    [[noreturn]] void fail(std::string part, std::string where, std::string msg, std::string hint = {}) const;
    xml_part& load(const std::string& name);
    xml_part& create(const std::string& name, std::string_view xml);
    bool part_exists(const std::string& name) const;
    std::string rel_type(std::string_view kind) const;
    xml_part& rels_of(const std::string& source);
    std::string relative_target(const std::string& source, const std::string& part) const;
    std::string add_relationship(const std::string& source, const std::string& type, const std::string& part);
    void remove_relationship(const std::string& source, const std::string& id);
    void set_content_type_override(const std::string& part, const char* type);
    void remove_part(const std::string& part);
    void init();
    sheet_state& find_sheet(std::string_view name);
    sheet_state& sheet(std::string_view name);

    // ---- streamed big sheets (xlsx_edit_streamed.cpp) ----
    void index_rows(sheet_state& s);
    bool load_streamed(sheet_state& s);
    void resolve_rows(sheet_state& s, const std::set<std::uint32_t>& rows);
    void resolve_row(sheet_state& s, std::uint32_t row) {
        if (s.streamed && !s.spans.count(row)) resolve_rows(s, {row});
    }
    void rebuild_streamed(sheet_state& s, std::string xml);
    worksheet_stream::scan_result streamed_now(sheet_state& s);
    void write_streamed(sheet_state& s, const worksheet_stream::sink& out);
    void densify(sheet_state& s);
    bool streamed_last_used_row(sheet_state& s, std::uint32_t& last);
    bool part_has_formula(const std::string& part);

    // ---- cells, shared strings, display, formulas, values (xlsx_edit_cells.cpp) ----
    cell_pos parse_ref(const sheet_state& s, std::string_view ref) const;
    std::string where(const sheet_state& s, cell_pos p) const;
    void materialise_row_numbers(sheet_state& s);
    static std::uint32_t cell_col(pugi::xml_node c, std::uint32_t prev);
    pugi::xml_node find_cell(sheet_state& s, cell_pos p);
    pugi::xml_node get_row(sheet_state& s, std::uint32_t row);
    pugi::xml_node get_cell(sheet_state& s, cell_pos p);
    void note_edit(sheet_state& s, cell_pos p);
    pugi::xml_node sst_root();
    void build_sst_index();
    std::string sst_text(std::uint32_t idx);
    std::uint32_t sst_add(const std::string& text);
    std::string display_of(pugi::xml_node c);
    static std::string display_value(const cell_value& v);
    void record(const sheet_state& s, cell_pos p, std::string old_value, std::string new_value);
    void release_formula(sheet_state& s, cell_pos p, pugi::xml_node c);
    void check_not_in_array(sheet_state& s, cell_pos p);
    void strip_cell(pugi::xml_node c);
    pugi::xml_node add_child_ordered(sheet_state& s, pugi::xml_node c, const char* local);
    void write_value(sheet_state& s, cell_pos p, pugi::xml_node c, const cell_value& v);
    void check_value(const sheet_state& s, cell_pos p, const cell_value& v) const;
    void set_cell(std::string_view sheet_name, std::string_view ref, const cell_value* value, std::string_view formula,
                  const std::optional<cell_value>& cached);

    // ---- styles (xlsx_edit_styles.cpp) ----
    void parse_styles();
    bool style_is_date(std::uint32_t xf);
    pugi::xml_node styles_child(std::string_view local);
    std::uint32_t solid_fill(const char* rgb);
    std::uint32_t derived_xf(std::uint32_t base, const char* attr, const std::string& value, const char* apply);
    std::string number_format_id(std::uint32_t xf);  // numFmtId of a cellXfs entry, "" when none
    std::string number_format_code(const std::string& id);  // formatCode of a numFmtId ("" = General)
    static std::uint32_t style_of(pugi::xml_node c);
    static void set_style(pugi::xml_node c, std::uint32_t xf);

    // ---- tables and append_row (xlsx_edit_rows.cpp) ----
    std::vector<table_ref> tables_of(const sheet_state& s);
    std::uint32_t last_used_row(sheet_state& s);
    void move_row_down(sheet_state& s, std::uint32_t row);
    void extend_print_area(const sheet_state& s, std::uint32_t old_last, std::uint32_t new_last);
    std::uint32_t append_row(std::string_view sheet_name, const std::vector<cell_value>& values, std::uint32_t first_col);

    // ---- references to moved rows (xlsx_edit_moved_refs.cpp) ----
    void shift_references(sheet_state& moved, const row_insertion& ins, const std::string& grown_table);
    void shift_sheet_parts(sheet_state& s, const row_insertion& ins, const std::string& grown_table);
    void shift_pivot_sources(const sheet_state& s, const row_insertion& ins);
    bool shift_cell_formulas(pugi::xml_node root, const std::string& host, const row_insertion& ins, bool is_moved);
    void shift_sheet_ranges(sheet_state& s, const row_insertion& ins);
    void shift_defined_names(const row_insertion& ins);
    void shift_chart_ranges(const row_insertion& ins);

    // ---- adding sheets, docProps/app.xml (xlsx_edit_sheets.cpp) ----
    void add_sheet(std::string_view name);
    void list_sheet_in_app_properties(const std::string& name, const std::vector<std::string>& worksheets);

    // ---- stale cached results (xlsx_edit_stale.cpp) ----
    std::optional<std::set<std::uint32_t>> sheets_in_calc_chain();
    bool reads_changed_area(const std::string& sheet, const formula_area& a) const;
    const std::string* defined_name(std::string_view name, const std::string& host);
    const std::pair<std::string, area>* table_named(std::string_view name);
    bool reads_changed(const formula_inputs& in, const std::string& host, int depth = 0);
    template <class Fn>
    void for_each_formula(sheet_state& s, Fn&& fn);  // used only in xlsx_edit_stale.cpp
    void drop_stale_results();

    // ---- save (xlsx_edit_save.cpp) ----
    void prepare_recalculation();
    void update_dimension(sheet_state& s);
    void update_sst_counts();
    save_result save(const std::string& target, const save_options& options);
};

}  // namespace kib
