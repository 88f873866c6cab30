// kib_make_samples OUTDIR: writes the CX maturity scan samples (deterministic; see survey_sample.hpp).
//   cx_scan_2026.xlsx   240 respondents, 12 departments, sheets Antwoorden + Uitnodigingen
//   cx_scan_2026.csv    the same answers as Dutch Excel CSV (';', BOM, CRLF)
//   cx_uitnodigingen.csv  invitations per department (300 invited, 80% response)
//   cx_scan_2024.xlsx   the earlier scan, for `kib score --previous`
#include <exception>
#include <iostream>
#include <string>

#include "samples/survey_sample.hpp"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: kib_make_samples OUTDIR\n";
        return 2;
    }
    const std::string dir = argv[1];
    try {
        namespace s = kib::sample;
        const s::survey_table now = s::generate(s::sample_spec());
        s::write_xlsx(now, dir + "/cx_scan_2026.xlsx", true);
        s::write_csv(now.rows, dir + "/cx_scan_2026.csv");
        std::vector<std::vector<std::string>> inv{{"Afdeling", "Uitgenodigd"}};
        for (const auto& [name, n] : now.invitations) inv.push_back({name, std::to_string(n)});
        s::write_csv(inv, dir + "/cx_uitnodigingen.csv");
        s::write_xlsx(s::generate(s::previous_spec()), dir + "/cx_scan_2024.xlsx", true);
    } catch (const std::exception& e) {
        std::cerr << "kib_make_samples: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
