// The public workbook_editor: open, the checks a request needs before impl carries it out (see
// xlsx_edit_impl.hpp), and the calls that hand each request to the units that do the work.

#include "writers/xlsx_edit_impl.hpp"

#include <cstdlib>
#include <memory>
#include <set>

#include "readers/xlsx_parts.hpp"
#include "writers/status_colours.hpp"
#include "readers/i18n.hpp"

namespace kib {

namespace {

const char* builtin_format_id(number_style s) {
    switch (s) {
        case number_style::date: return "14";
        case number_style::datetime: return "22";
        case number_style::percentage: return "10";
        case number_style::decimal: return "4";
        case number_style::integer: return "3";
    }
    return "0";
}

}  // namespace

// The pastel colours of writers/status_colours.hpp with full alpha (kept as literals: callers keep
// the pointer; tests/kpi_patch_test compares them).
const char* status_fill_argb(status_fill f) noexcept {
    switch (f) {
        case status_fill::groen: return "FFC6EFCE";
        case status_fill::oranje: return "FFFFEB9C";
        case status_fill::rood: return "FFFFC7CE";
    }
    return "FFFFFFFF";
}

std::string cell_change::where() const { return xlsx::quote_sheet_name(sheet) + "!" + ref; }

// ---------------------------------------------------------------------------------------------

workbook_editor::workbook_editor(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
workbook_editor::workbook_editor(workbook_editor&&) noexcept = default;
workbook_editor& workbook_editor::operator=(workbook_editor&&) noexcept = default;
workbook_editor::~workbook_editor() = default;

editor_options editor_options::from_environment() {
    editor_options o;
    if (const char* v = std::getenv("KIB_STREAM_SHEETS_FROM"); v && *v) {
        char* end = nullptr;
        const unsigned long long n = std::strtoull(v, &end, 10);
        if (end && *end == '\0') o.stream_sheets_from = n;
    }
    return o;
}

workbook_editor workbook_editor::open(const std::string& path) { return open(path, editor_options::from_environment()); }

workbook_editor workbook_editor::open(const std::string& path, const editor_options& options) {
    auto p = std::make_unique<impl>(path, package::open(path));
    p->stream_from = options.stream_sheets_from;
    p->init();
    return workbook_editor(std::move(p));
}

void workbook_editor::prefetch(std::string_view sheet, const std::vector<std::string>& refs) {
    auto& s = impl_->find_sheet(sheet);
    std::set<std::uint32_t> rows;
    for (const std::string& ref : refs) {
        std::uint32_t col = 0, row = 0;
        if (xlsx::parse_cell_ref(ref, col, row)) rows.insert(row);
    }
    if (!s.loaded) s.prefetch.insert(rows.begin(), rows.end());
    else if (s.streamed) impl_->resolve_rows(s, rows);
}

const std::string& workbook_editor::path() const noexcept { return impl_->path; }

std::vector<std::string> workbook_editor::sheet_names() const {
    std::vector<std::string> out;
    for (auto& s : impl_->sheets) out.push_back(s.name);
    return out;
}

std::string workbook_editor::display(std::string_view sheet, std::string_view ref) {
    auto& s = impl_->sheet(sheet);
    return impl_->display_of(impl_->find_cell(s, impl_->parse_ref(s, ref)));
}

void workbook_editor::set(std::string_view sheet, std::string_view ref, const cell_value& value) {
    impl_->set_cell(sheet, ref, &value, {}, std::nullopt);
}

void workbook_editor::set_formula(std::string_view sheet, std::string_view ref, std::string_view formula,
                                  const std::optional<cell_value>& cached) {
    if (formula.empty() || formula == "=") {
        auto& s = impl_->sheet(sheet);
        impl_->fail(s.part, impl_->where(s, impl_->parse_ref(s, ref)), tr("the formula is empty"), tr("write e.g. =SUM(A1:A3)"));
    }
    impl_->set_cell(sheet, ref, nullptr, formula, cached);
}

void workbook_editor::clear(std::string_view sheet, std::string_view ref) {
    const cell_value empty;
    impl_->set_cell(sheet, ref, &empty, {}, std::nullopt);
}

void workbook_editor::set_number_style(std::string_view sheet, std::string_view ref, number_style style) {
    auto& s = impl_->sheet(sheet);
    const auto p = impl_->parse_ref(s, ref);
    pugi::xml_node c = impl_->get_cell(s, p);
    impl::set_style(c, impl_->derived_xf(impl::style_of(c), "numFmtId", builtin_format_id(style), "applyNumberFormat"));
    impl_->note_edit(s, p);
}

bool workbook_editor::copy_number_format(std::string_view sheet, std::string_view ref, std::string_view from_sheet,
                                         std::string_view from_ref) {
    auto& fs = impl_->sheet(from_sheet);
    const pugi::xml_node from = impl_->find_cell(fs, impl_->parse_ref(fs, from_ref));
    if (!from) return false;
    const std::uint32_t from_xf = impl::style_of(from);
    const std::string id = impl_->number_format_id(from_xf);
    if (id.empty() || id == "0") return false;
    const bool is_date = impl_->style_is_date(from_xf);
    auto& s = impl_->sheet(sheet);
    const auto p = impl_->parse_ref(s, ref);
    pugi::xml_node c = impl_->get_cell(s, p);
    const std::uint32_t xf = impl_->derived_xf(impl::style_of(c), "numFmtId", id, "applyNumberFormat");
    // derived_xf knows only the built-in date ids; a copied custom date format is a date too.
    if (xf < impl_->xf_is_date.size()) impl_->xf_is_date[xf] = is_date;
    impl::set_style(c, xf);
    impl_->note_edit(s, p);
    return true;
}

std::string workbook_editor::number_format(std::string_view sheet, std::string_view ref) {
    auto& s = impl_->sheet(sheet);
    const pugi::xml_node c = impl_->find_cell(s, impl_->parse_ref(s, ref));
    if (!c) return {};
    return impl_->number_format_code(impl_->number_format_id(impl::style_of(c)));
}

void workbook_editor::set_fill(std::string_view sheet, std::string_view ref, status_fill fill) {
    auto& s = impl_->sheet(sheet);
    const auto p = impl_->parse_ref(s, ref);
    const std::uint32_t fill_id = impl_->solid_fill(status_fill_argb(fill));
    pugi::xml_node c = impl_->get_cell(s, p);
    impl::set_style(c, impl_->derived_xf(impl::style_of(c), "fillId", std::to_string(fill_id), "applyFill"));
    impl_->note_edit(s, p);
}

std::uint32_t workbook_editor::append_row(std::string_view sheet, const std::vector<cell_value>& values,
                                          std::uint32_t first_col) {
    return impl_->append_row(sheet, values, first_col);
}

void workbook_editor::replace_region(std::string_view sheet, std::string_view top_left,
                                     const std::vector<std::vector<cell_value>>& rows) {
    auto& s = impl_->sheet(sheet);
    const auto p = impl_->parse_ref(s, top_left);
    // Check the whole block first, so a bad value leaves nothing half-written.
    for (std::size_t r = 0; r < rows.size(); ++r)
        for (std::size_t c = 0; c < rows[r].size(); ++c) {
            const std::uint64_t row = p.row + r, col = p.col + c;
            if (row > xlsx::max_rows || col > xlsx::max_cols)
                impl_->fail(s.part, impl_->where(s, p), tr("the block reaches beyond XFD1048576"));
            impl_->check_value(s, {static_cast<std::uint32_t>(col), static_cast<std::uint32_t>(row)}, rows[r][c]);
        }
    for (std::size_t r = 0; r < rows.size(); ++r)
        for (std::size_t c = 0; c < rows[r].size(); ++c)
            impl_->set_cell(s.name,
                            xlsx::cell_ref(p.col + static_cast<std::uint32_t>(c), p.row + static_cast<std::uint32_t>(r)),
                            &rows[r][c], {}, std::nullopt);
}

void workbook_editor::add_sheet(std::string_view name) { impl_->add_sheet(name); }

const std::vector<cell_change>& workbook_editor::changes() const noexcept { return impl_->changes; }

save_result workbook_editor::save(const std::string& target, const save_options& options) {
    return impl_->save(target, options);
}

}  // namespace kib
