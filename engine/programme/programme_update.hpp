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
#pragma once

#include <string>
#include <vector>

#include "engine/programme/programme.hpp"

namespace kib {

struct update_summary {
    int cells_changed = 0;
    int measurements_appended = 0;
};

// Throws kib::error when a kib-maintained column (Actueel, Datum meting, Status, Trend) is missing
// from KPI's; nothing is written then.
update_summary write_kpi_updates(const programme& p, const kpi_report& report, const std::string& input,
                                 const std::string& output);

}  // namespace kib
