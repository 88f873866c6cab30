// Writing kib's KPI results back into the user's programme workbook (`kib kpi … -o UPDATED.xlsx`)
// through the in-place editor: only the cells below change, every other part stays as it was.
//
// Written cells:
// - KPI's: Actueel (the latest measurement), Datum meting, Status (text plus a groen/oranje/rood
//   fill; "geen meting"/"geen norm" keep the cell's fill), Trend; a milestone column (M3, M6, …)
//   gets the measurement taken in that milestone's month only where the cell holds no target
//   (empty or "n.m."), so planned figures are never overwritten.
// - Metingen: a measurement merged from a file of new measurements (measurement::merged) is
//   rewritten in its row when it replaced one there, appended otherwise; rows no new measurement
//   touched stay exactly as the user wrote them (a text "5,8" stays text).
// - Formats are the workbook's own: a value takes the number format of a cell of its KPI's row
//   holding the same kind of figure (48% beside a target 50% is "0%", not "0.00%"), dates the
//   format of the Metingen sheet's date cells; kib's built-in formats only when there is none.
// Toelichting is the user's and is not touched.
//
// The same edits also travel as a cell patch (`kib kpi --patch`, and the programme job's result
// in kib serve): the Office add-in applies them to the open workbook with Excel.run instead of
// replacing the file. apply_kpi_updates() is the one place that decides what is written; the
// saved workbook and the patch are two readings of its result.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/programme/programme.hpp"
#include "readers/cell.hpp"

namespace kib {

class workbook_editor;

struct update_summary {
    int cells_changed = 0;
    int measurements_appended = 0;
};

// One cell as apply_kpi_updates() left it.
struct kpi_cell_update {
    std::string sheet, ref;  // "KPI's", "G3"
    cell_value value;        // empty: the cell was emptied
    std::string number_format;  // figures and dates: the format code the cell has now ("" = General)
    std::string fill;           // AARRGGBB of a status fill set here, "" = fill untouched
    std::string kpi, status;    // on a KPI's status cell: its name and new status
};

// One measurement appended to the Metingen sheet, from column A.
struct kpi_row_update {
    std::string sheet;
    std::uint32_t row = 0;  // where it went in the edited workbook
    std::vector<cell_value> values;
    std::vector<std::string> number_formats;  // per value, "" = none
};

struct kpi_updates {
    std::vector<kpi_cell_update> cells;  // in the order written
    std::vector<kpi_row_update> rows;
    update_summary summary;
};

// Makes every edit described above in `ed` (the workbook at `input`, not saved) and returns them
// as they landed. Throws kib::error when a kib-maintained column (Actueel, Datum meting, Status,
// Trend) is missing from KPI's; nothing is changed then.
kpi_updates apply_kpi_updates(workbook_editor& ed, const programme& p, const kpi_report& report, const std::string& input);

// `kib kpi -o`: apply_kpi_updates() on `input`, saved as `output`.
update_summary write_kpi_updates(const programme& p, const kpi_report& report, const std::string& input,
                                 const std::string& output);

// apply_kpi_updates() on `input` without saving anything: what the patch carries.
kpi_updates kpi_patch(const programme& p, const kpi_report& report, const std::string& input);

// The patch as JSON in the shape of addin/README.md: {"cells":[{"sheet","ref","value",
// "numberFormat"?,"fill"?,"kpi"?,"status"?}],"rows":[{"sheet","values","numberFormats"}]};
// dates as serial numbers with their numberFormat, an emptied cell as null.
std::string kpi_patch_json(const kpi_updates& u);

}  // namespace kib
