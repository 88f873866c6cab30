// `kib handout`: the benefit-owner session handout (built-in template "baateigenaar") filled
// from the programme workbook (issue 6, "Session handouts").
//
// Contract:
// - Data (see samples/sessie_baateigenaren.json for the shape the template takes):
//   programma = the programme's name (Programma!Naam, else the workbook's file name without
//   extension); datum = the session date in Dutch ("3 december 2026"); locatie and facilitator
//   from session_facts, "" when not given (the template then shows a line to write on);
//   naam/rol/sector = who the handout is for: the owner (rol and sector from Rollen, else
//   Baateigenaar and "") or "" for a handout for everyone; deelnemers = the Rollen rows whose
//   person owns a benefit or whose role is Baateigenaar, Programmamanager or Programma-eigenaar,
//   skipping "n.t.b."/empty names, presence unticked; doel, kernvragen and agenda = the fixed
//   session set-up of seed 002 (answers empty); baten = the Baten sheet with PO/VO/ZAK
//   priorities ticked, owner and ownership check (an empty check cell ticks neither ja nor nee);
//   afschuiven = the benefits without an owner; afspraken = the agreements whose status is not
//   closed (gereed, afgerond, gesloten, gedaan, done, closed), each with verlopen = its deadline
//   lies before the session date; vervolgstappen = every agreement, ticked when closed;
//   reflectie empty. What is written during the session is never pre-filled.
// - For an owner, their own benefits come first and their own agreements (Verantwoordelijke)
//   first, the others after in sheet order.
// - One handout "handout.docx", or with per_owner one "handout-<owner>.docx" per distinct benefit
//   owner (in Baten order).
// - Only the Programma, Baten, Rollen and Afspraken sheets are read (handout_parts), so a bad
//   cell elsewhere does not stop the handouts; errors in these pass through with sheet and cell.
// - date must be ISO ("2026-12-03"); otherwise kib::error(bad_input). outdir is created when missing.
// - Returns the written files in order. Files are written atomically (temporary + rename).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/programme/programme.hpp"

namespace kib {

// Facts of the session that the workbook does not hold (`kib handout --location/--facilitator`,
// kib.toml session_location/session_facilitator); "" = not given.
struct session_facts {
    std::string location, facilitator;
};

// The template data for one handout; owner, when not empty, addresses it to that owner and puts
// their benefits and agreements first.
nlohmann::json handout_data(const programme& p, const std::string& programme_name, double date_serial,
                            const std::string& owner = {}, const session_facts& facts = {});

// start: month of M1 (YYYY-MM) or "" for the workbook's Programma!Start, else 2026-01; it decides
// which months the workbook may hold, as for `kib kpi`.
std::vector<std::filesystem::path> write_handouts(const std::string& programme_xlsx, const std::string& date, bool per_owner,
                                                  const std::filesystem::path& outdir, const std::string& start = {},
                                                  const session_facts& facts = {});

}  // namespace kib
