// Workbook part writer: xl/workbook.xml of a new workbook (sheet list, defined names, calc).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "writers/xml_emit.hpp"

namespace kib::writers::workbook {

struct sheet_entry {
    std::string name;
    std::uint32_t sheet_id = 1;
    std::string rel_id;  // "rId1", into xl/_rels/workbook.xml.rels
};

struct defined_name_out {
    std::string name;        // "_xlnm._FilterDatabase"
    std::string value;       // "Pijlers!$A$1:$D$6"
    int local_sheet = -1;    // index into the sheet list; -1 = workbook scope
    bool hidden = false;
};

struct workbook_data {
    std::vector<sheet_entry> sheets;
    std::vector<defined_name_out> names;
    std::uint32_t active_tab = 0;
    bool full_calc_on_load = false;  // true when formulas lack cached values
};

// The whole part.
std::string write_part(const workbook_data& d);
// <bookViews><workbookView …/></bookViews>
void write_book_views(detail::xml_emit& w, std::uint32_t active_tab);
// <sheet name=… sheetId=… r:id=…/>
void write_sheet(detail::xml_emit& w, const sheet_entry& s);
// <definedNames><definedName …>…</definedName>…</definedNames>
void write_defined_names(detail::xml_emit& w, const std::vector<defined_name_out>& names);
// <calcPr calcId=… [fullCalcOnLoad="1"]/>
void write_calc_pr(detail::xml_emit& w, bool full_calc_on_load);

}  // namespace kib::writers::workbook
