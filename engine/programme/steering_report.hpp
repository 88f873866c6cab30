// `kib report`: the Dutch stuurgroeprapportage (steering report) of a programme workbook at a
// reference date, as a .docx built with kib::docx_report.
//
// Contract:
// - The figures are those of `kib kpi` and `kib roadmap` (evaluate_kpis/evaluate_roadmap) at the
//   date. M1: `start` (YYYY-MM) when given, else the workbook's Programma!Start, else 2026-01.
// - Sections: title with the programme name (Programma!Naam, else the file name) and the date in
//   Dutch ("10 augustus 2026"); Opdrachtgever and Programma-eigenaar of the Programma sheet when given; the
//   current roadmap phase (milestones named "… klaar" close a phase, as in the roadmap seed: "Implementatie
//   (M4–M9)"; without them the stretch up to the next milestone); on landscape pages, a legend of
//   the status colours and a KPI table per domain as the roadmap seed's: Start, each milestone
//   target M3…M18 with the value measured in that month in parentheses, Doel, Actueel, Gemeten op,
//   Plan, Status (pastel fill, writers/status_colours.hpp, as `kib kpi -o`), Trend (↑ beter,
//   ↓ slechter, → gelijk); then portrait: a bar chart of domain progress in percent; milestones and
//   the next go/no-go criteria; efforts "achter" or "te laat"; top 5 open risks by kans × impact;
//   overdue agreements; ownership warnings; open review comments when a comments file is given.
// - comments_file: "" (none), a .docx draft (unresolved comments, replies left out) or an .xlsx
//   register (first sheet; header row with Auteur and Opmerking/Commentaar, optional Status,
//   Sectie, Soort and Reactie op; rows whose status is opgelost/gesloten/afgehandeld/gereed/
//   resolved/done are closed; rows of another Soort than opmerking — reactie, markering,
//   invoeging, verwijdering — and replies never count), so a draft and the register
//   `kib comments DRAFT -o REGISTER.xlsx` made of it give the same open comments.
//   Anything else, or a register without those columns, is a kib::error(bad_input).
// - Numbers and dates in the document are Dutch (61,7%; 23 november 2026). Every page has
//   "Pagina N van M" in its footer.
#pragma once

#include <filesystem>
#include <string>

namespace kib {

// date: YYYY-MM-DD; start: YYYY-MM or "" (see above). Throws kib::error for bad input; writes
// `out` only when everything was read.
void write_steering_report(const std::string& programme_xlsx, const std::string& date, const std::string& comments_file,
                           const std::filesystem::path& out, const std::string& start = {});

}  // namespace kib
