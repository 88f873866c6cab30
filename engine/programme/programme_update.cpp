#include "engine/programme/programme_update.hpp"

#include <nlohmann/json.hpp>

#include "readers/error.hpp"
#include "readers/xlsx_parts.hpp"
#include "writers/xlsx_edit.hpp"
#include "readers/i18n.hpp"

namespace kib {

namespace {

using json = nlohmann::ordered_json;

// A KPI value as a cell: percentages as fractions with a % format, figures as numbers, the rest as text.
struct cell_write {
    cell_value value;
    bool percent = false;
};

cell_write to_cell(const kpi_value& v) {
    switch (v.kind) {
        case kpi_kind::percent: return {cell_value::make_number(v.value), true};
        case kpi_kind::number: return {cell_value::make_number(v.value), false};
        case kpi_kind::empty: return {cell_value{}, false};
        default: return {cell_value::make_text(v.text.empty() ? v.display() : v.text), false};
    }
}

// Cells of the KPI's own row (targets, Doel, Start) holding a figure of this kind: their number
// format is the KPI's format for such a figure.
std::vector<std::string> format_sources(const programme_columns& c, const kpi_def& k, kpi_kind kind) {
    std::vector<std::string> refs;
    for (const auto& t : k.targets)
        for (const auto& [month, col] : c.milestones)
            if (month == t.month && t.value.kind == kind) refs.push_back(xlsx::cell_ref(col, k.row));
    if (c.goal != 0 && k.goal.kind == kind) refs.push_back(xlsx::cell_ref(c.goal, k.row));
    if (c.start != 0 && k.start.kind == kind) refs.push_back(xlsx::cell_ref(c.start, k.row));
    return refs;
}

struct writer {
    workbook_editor& ed;
    const programme_columns& c;
    kpi_updates& out;
    std::string date_source;  // a Metingen date cell: the workbook's own date format ("" = none)

    // Records a cell as it now is in the editor: the value written, and for figures and dates
    // the number format it ended up with.
    kpi_cell_update& note(const std::string& sheet, const std::string& ref, const cell_value& v) {
        kpi_cell_update u{sheet, ref, v, {}, {}, {}, {}};
        if (v.type == cell_type::number || v.type == cell_type::date) u.number_format = ed.number_format(sheet, ref);
        out.cells.push_back(std::move(u));
        return out.cells.back();
    }

    // The number format the KPI's row uses for this kind of figure, else kib's percentage.
    void format(const std::string& sheet, const std::string& ref, const kpi_def& k, const kpi_value& v) {
        const cell_write w = to_cell(v);
        if (w.value.type != cell_type::number) return;
        for (const std::string& from : format_sources(c, k, v.kind))
            if (ed.copy_number_format(sheet, ref, c.kpi_sheet, from)) return;
        if (w.percent) ed.set_number_style(sheet, ref, number_style::percentage);
    }
    void put(const std::string& sheet, std::uint32_t col, std::uint32_t row, const kpi_def& k, const kpi_value& v) {
        const std::string ref = xlsx::cell_ref(col, row);
        const cell_value value = to_cell(v).value;
        ed.set(sheet, ref, value);
        format(sheet, ref, k, v);
        note(sheet, ref, value);
    }
    // The workbook's own date format (of a Metingen date cell), else kib's short date.
    void format_date(const std::string& sheet, const std::string& ref) {
        if (date_source.empty() || !ed.copy_number_format(sheet, ref, c.measurement_sheet, date_source))
            ed.set_number_style(sheet, ref, number_style::date);
    }
    void put_date(const std::string& sheet, std::uint32_t col, std::uint32_t row, double date) {
        const std::string ref = xlsx::cell_ref(col, row);
        ed.set(sheet, ref, cell_value::make_date(date));
        format_date(sheet, ref);
        note(sheet, ref, cell_value::make_date(date));
    }
    void put_text(const std::string& sheet, const std::string& ref, const cell_value& v) {
        ed.set(sheet, ref, v);
        note(sheet, ref, v);
    }
};

}  // namespace

kpi_updates apply_kpi_updates(workbook_editor& ed, const programme& p, const kpi_report& report, const std::string& input) {
    const programme_columns& c = p.columns;
    for (auto [col, name] : {std::pair{c.actual, "Actueel"}, std::pair{c.measured_on, "Datum meting"},
                             std::pair{c.status, "Status"}, std::pair{c.trend, "Trend"}}) {
        if (col == 0)
            throw error(error_category::bad_input, location{input, {}, c.kpi_sheet + "!1", 0, 0},
                        trf("the KPI's sheet has no column \"{}\" for kib to write into", {std::string(name)}),
                        trf("add a column headed \"{}\" to the header row", {std::string(name)}));
    }
    kpi_updates out;
    writer w{ed, c, out, {}};
    for (const measurement& m : p.measurements)
        if (m.row != 0 && !m.merged) {
            w.date_source = xlsx::cell_ref(c.m_date, m.row);
            break;
        }
    for (const kpi_status& s : report.kpis) {
        const std::uint32_t row = s.kpi->row;
        if (s.latest) {
            w.put(c.kpi_sheet, c.actual, row, *s.kpi, s.latest->value);
            w.put_date(c.kpi_sheet, c.measured_on, row, s.latest->date);
        }
        const std::string status_ref = xlsx::cell_ref(c.status, row);
        ed.set(c.kpi_sheet, status_ref, cell_value::make_text(s.status));
        std::optional<status_fill> fill;
        if (s.status == "groen") fill = status_fill::groen;
        else if (s.status == "oranje") fill = status_fill::oranje;
        else if (s.status == "rood") fill = status_fill::rood;
        if (fill) ed.set_fill(c.kpi_sheet, status_ref, *fill);
        kpi_cell_update& st = w.note(c.kpi_sheet, status_ref, cell_value::make_text(s.status));
        st.fill = fill ? status_fill_argb(*fill) : "";
        st.kpi = s.kpi->name;
        st.status = s.status;
        w.put_text(c.kpi_sheet, xlsx::cell_ref(c.trend, row), s.trend.empty() ? cell_value{} : cell_value::make_text(s.trend));
        // Milestone columns: fill only where no target is planned.
        for (const auto& m : s.milestones) {
            const kpi_value* target = nullptr;
            for (const auto& t : s.kpi->targets)
                if (t.month == m.month) target = &t.value;
            if (!target || (target->kind != kpi_kind::empty && target->kind != kpi_kind::not_measured)) continue;
            for (const auto& [month, col] : c.milestones)
                if (month == m.month) w.put(c.kpi_sheet, col, row, *s.kpi, m.value);
        }
    }
    for (const measurement& m : p.measurements) {
        if (!m.merged) continue;  // the user's own rows stay as they are
        const kpi_def* k = p.find_kpi(m.kpi);
        if (m.row != 0) {
            w.put(c.measurement_sheet, c.m_value, m.row, *k, m.value);
            if (c.m_source != 0 && !m.source.empty() && ed.display(c.measurement_sheet, xlsx::cell_ref(c.m_source, m.row)) != m.source)
                w.put_text(c.measurement_sheet, xlsx::cell_ref(c.m_source, m.row), cell_value::make_text(m.source));
            continue;
        }
        std::vector<cell_value> values(std::max({c.m_date, c.m_kpi, c.m_value, c.m_source}));
        values[c.m_date - 1] = cell_value::make_date(m.date);
        values[c.m_kpi - 1] = cell_value::make_text(m.kpi);
        values[c.m_value - 1] = to_cell(m.value).value;
        if (c.m_source != 0) values[c.m_source - 1] = cell_value::make_text(m.source);
        const std::uint32_t row = ed.append_row(c.measurement_sheet, values, 1);
        w.format_date(c.measurement_sheet, xlsx::cell_ref(c.m_date, row));
        w.format(c.measurement_sheet, xlsx::cell_ref(c.m_value, row), *k, m.value);
        kpi_row_update r{c.measurement_sheet, row, values, std::vector<std::string>(values.size())};
        for (std::size_t i = 0; i < values.size(); ++i)
            if (values[i].type == cell_type::number || values[i].type == cell_type::date)
                r.number_formats[i] = ed.number_format(c.measurement_sheet, xlsx::cell_ref(static_cast<std::uint32_t>(i + 1), row));
        out.rows.push_back(std::move(r));
    }
    out.summary.cells_changed = static_cast<int>(ed.changes().size());
    out.summary.measurements_appended = static_cast<int>(out.rows.size());
    return out;
}

update_summary write_kpi_updates(const programme& p, const kpi_report& report, const std::string& input,
                                 const std::string& output) {
    workbook_editor ed = workbook_editor::open(input);
    const kpi_updates u = apply_kpi_updates(ed, p, report, input);
    ed.save(output);
    return u.summary;
}

kpi_updates kpi_patch(const programme& p, const kpi_report& report, const std::string& input) {
    workbook_editor ed = workbook_editor::open(input);
    return apply_kpi_updates(ed, p, report, input);
}

namespace {

json patch_value(const cell_value& v) {
    switch (v.type) {
        case cell_type::number:
        case cell_type::date: return v.number;
        case cell_type::boolean: return v.number != 0.0;
        case cell_type::empty: return nullptr;
        default: return v.text;
    }
}

}  // namespace

std::string kpi_patch_json(const kpi_updates& u) {
    json cells = json::array();
    for (const kpi_cell_update& c : u.cells) {
        json j;
        j["sheet"] = c.sheet;
        j["ref"] = c.ref;
        j["value"] = patch_value(c.value);
        if (!c.number_format.empty()) j["numberFormat"] = c.number_format;
        if (!c.fill.empty()) j["fill"] = c.fill;
        if (!c.kpi.empty()) {
            j["kpi"] = c.kpi;
            j["status"] = c.status;
        }
        cells.push_back(std::move(j));
    }
    json rows = json::array();
    for (const kpi_row_update& r : u.rows) {
        json values = json::array(), formats = json::array();
        for (std::size_t i = 0; i < r.values.size(); ++i) {
            values.push_back(patch_value(r.values[i]));
            formats.push_back(r.number_formats[i].empty() ? json(nullptr) : json(r.number_formats[i]));
        }
        rows.push_back({{"sheet", r.sheet}, {"values", values}, {"numberFormats", formats}});
    }
    return json{{"cells", cells}, {"rows", rows}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace kib
