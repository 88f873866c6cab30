#include "engine/drop/route_reason.hpp"

#include "readers/error.hpp"
#include "readers/file_sniff.hpp"
#include "readers/i18n.hpp"
#include "readers/package.hpp"
#include "readers/xlsx.hpp"

namespace kib {

namespace {

std::string expected_text() {
    return tr("the drop folder takes a CX scan export (a header row with the 48 questions STR1 … CUL8), a programme "
              "workbook (a sheet KPI's and one of Metingen, Roadmap, Mijlpalen, Baten), a measurements file (columns "
              "Datum, KPI, Waarde) and Word drafts with comments (.docx)");
}

}  // namespace

void refuse_unrouted(const std::filesystem::path& file, const std::string& name, const std::string& sniffed) {
    const location where{name, {}, {}, 0, 0};
    const kib::sniffed s = sniff_file(file.string());
    const bool text = s.kind == sniffed_kind::text;
    if (const auto why = refuse(s, !text)) throw error(error_category::bad_input, where, why->message, why->hint);
    if (sniffed == "workbook" || (!text && sniffed.empty())) {
        // Opening and reading the first rows again raises what made the router give up (a damaged
        // archive, a limit); a workbook that reads fine is simply none of the kinds taken.
        const package pkg = package::open(file.string());
        const std::string type = pkg.content_type(pkg.main_part());
        if (type.find("spreadsheetml") == std::string::npos && type.find("ms-excel") == std::string::npos)
            throw error(error_category::bad_input, where,
                        trf("this Office file is neither a workbook nor a Word document ({})", {type}), expected_text());
        workbook wb = workbook::open(file.string());
        std::string sheets;
        for (const auto& sh : wb.sheets()) {
            sheets += (sheets.empty() ? "" : ", ") + sh.name;
            if (sh.kind == "worksheet") (void)wb.read_first_rows(sh, 10);
        }
        throw error(error_category::bad_input, where,
                    trf("this workbook is no CX scan export, no programme workbook and no measurements file (its sheets: {})",
                        {sheets}),
                    expected_text());
    }
    if (sniffed == "csv")
        throw error(error_category::bad_input, where,
                    tr("this CSV file is no CX scan export and no measurements file: its first rows name neither the 48 "
                       "questions nor Datum, KPI and Waarde"),
                    expected_text());
    throw error(error_category::bad_input, where, tr("kib does not know what to do with this file"), expected_text());
}

}  // namespace kib
