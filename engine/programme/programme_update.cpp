#include "engine/programme/programme_update.hpp"

#include "readers/error.hpp"
#include "readers/xlsx_parts.hpp"
#include "writers/xlsx_edit.hpp"

namespace kib {

namespace {

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

void put(workbook_editor& ed, const std::string& sheet, std::uint32_t col, std::uint32_t row, const cell_write& w) {
    const std::string ref = xlsx::cell_ref(col, row);
    ed.set(sheet, ref, w.value);
    if (w.percent) ed.set_number_style(sheet, ref, number_style::percentage);
}

}  // namespace

update_summary write_kpi_updates(const programme& p, const kpi_report& report, const std::string& input,
                                 const std::string& output) {
    const programme_columns& c = p.columns;
    for (auto [col, name] : {std::pair{c.actual, "Actueel"}, std::pair{c.measured_on, "Datum meting"},
                             std::pair{c.status, "Status"}, std::pair{c.trend, "Trend"}}) {
        if (col == 0)
            throw error(error_category::bad_input, location{input, {}, c.kpi_sheet + "!1", 0, 0},
                        "the KPI's sheet has no column \"" + std::string(name) + "\" for kib to write into",
                        "add a column headed \"" + std::string(name) + "\" to the header row");
    }
    workbook_editor ed = workbook_editor::open(input);
    update_summary sum;
    for (const kpi_status& s : report.kpis) {
        const std::uint32_t row = s.kpi->row;
        if (s.latest) {
            put(ed, c.kpi_sheet, c.actual, row, to_cell(s.latest->value));
            const std::string ref = xlsx::cell_ref(c.measured_on, row);
            ed.set(c.kpi_sheet, ref, cell_value::make_date(s.latest->date));
            ed.set_number_style(c.kpi_sheet, ref, number_style::date);
        }
        const std::string status_ref = xlsx::cell_ref(c.status, row);
        ed.set(c.kpi_sheet, status_ref, cell_value::make_text(s.status));
        if (s.status == "groen") ed.set_fill(c.kpi_sheet, status_ref, status_fill::groen);
        else if (s.status == "oranje") ed.set_fill(c.kpi_sheet, status_ref, status_fill::oranje);
        else if (s.status == "rood") ed.set_fill(c.kpi_sheet, status_ref, status_fill::rood);
        ed.set(c.kpi_sheet, xlsx::cell_ref(c.trend, row), s.trend.empty() ? cell_value{} : cell_value::make_text(s.trend));
        // Milestone columns: fill only where no target is planned.
        for (const auto& m : s.milestones) {
            const kpi_value* target = nullptr;
            for (const auto& t : s.kpi->targets)
                if (t.month == m.month) target = &t.value;
            if (!target || (target->kind != kpi_kind::empty && target->kind != kpi_kind::not_measured)) continue;
            for (const auto& [month, col] : c.milestones)
                if (month == m.month) put(ed, c.kpi_sheet, col, row, to_cell(m.value));
        }
    }
    for (const measurement& m : p.measurements) {
        const cell_write v = to_cell(m.value);
        if (m.row != 0) {
            // Rewrite only what differs, so untouched rows stay as the user left them.
            const std::string ref = xlsx::cell_ref(c.m_value, m.row);
            const std::string now = ed.display(c.measurement_sheet, ref);
            const std::string want = v.value.type == cell_type::text ? v.value.text : v.value.to_display();
            if (now != want) put(ed, c.measurement_sheet, c.m_value, m.row, v);
            if (c.m_source != 0 && !m.source.empty() && ed.display(c.measurement_sheet, xlsx::cell_ref(c.m_source, m.row)) != m.source)
                ed.set(c.measurement_sheet, xlsx::cell_ref(c.m_source, m.row), cell_value::make_text(m.source));
            continue;
        }
        std::vector<cell_value> values(std::max({c.m_date, c.m_kpi, c.m_value, c.m_source}));
        values[c.m_date - 1] = cell_value::make_date(m.date);
        values[c.m_kpi - 1] = cell_value::make_text(m.kpi);
        values[c.m_value - 1] = v.value;
        if (c.m_source != 0) values[c.m_source - 1] = cell_value::make_text(m.source);
        const std::uint32_t row = ed.append_row(c.measurement_sheet, values, 1);
        ed.set_number_style(c.measurement_sheet, xlsx::cell_ref(c.m_date, row), number_style::date);
        if (v.percent) ed.set_number_style(c.measurement_sheet, xlsx::cell_ref(c.m_value, row), number_style::percentage);
        ++sum.measurements_appended;
    }
    sum.cells_changed = static_cast<int>(ed.changes().size());
    ed.save(output);
    return sum;
}

}  // namespace kib
