// kib_bench_score [RESPONDENTS] [--keep FILE]: reads and scores a large CX maturity scan export
// (no reports) and compares the time with the inflate-only floor measured in the same run:
// `unzip -p` of the answer sheet and the shared strings to /dev/null. Prints figures; asserts
// nothing. Each timing is the best of three runs.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <unistd.h>

#include "engine/scan/maturity.hpp"
#include "readers/xlsx.hpp"
#include "samples/survey_sample.hpp"

namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point t0) {
    return std::chrono::duration<double>(clock_type::now() - t0).count();
}

template <class F>
double best_of_three(F&& f) {
    double best = 1e300;
    for (int i = 0; i < 3; ++i) {
        const auto t0 = clock_type::now();
        f();
        best = std::min(best, seconds_since(t0));
    }
    return best;
}

}  // namespace

int main(int argc, char** argv) {
    int respondents = 100000;
    std::string keep;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--keep" && i + 1 < argc) {
            keep = argv[++i];
        } else {
            respondents = std::atoi(a.c_str());
        }
    }
    if (respondents <= 0) {
        std::cerr << "usage: kib_bench_score [RESPONDENTS] [--keep FILE]\n";
        return 2;
    }
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("kib_bench_score_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string path = keep.empty() ? (dir / "scan.xlsx").string() : keep;
    try {
        auto t0 = clock_type::now();
        const kib::sample::survey_table table = kib::sample::generate(kib::sample::bench_spec(respondents));
        kib::sample::write_xlsx(table, path, true);
        const double make = seconds_since(t0);

        const std::string unzip = "unzip -p '" + path + "' xl/worksheets/sheet1.xml xl/sharedStrings.xml > /dev/null";
        int unzip_status = 0;
        const double floor = best_of_three([&] { unzip_status = std::system(unzip.c_str()); });
        if (unzip_status != 0) {
            std::cerr << "kib_bench_score: unzip failed\n";
            return 1;
        }
        // The reader alone (rows streamed, nothing scored) splits reading from scoring.
        std::uint64_t cells = 0;
        const double read_only = best_of_three([&] {
            cells = 0;
            const kib::workbook wb = kib::workbook::open(path);
            wb.for_each_row(wb.sheet("Antwoorden"), [&](const kib::row& row) { cells += row.cells.size(); });
        });
        kib::maturity::scan_result r;
        const double kib_s = best_of_three([&] { r = kib::maturity::score_file(path); });

        std::cout << "respondents            " << r.respondents << "\n"
                  << "file size              " << fs::file_size(path) << " bytes\n"
                  << "generate + zip         " << make << " s (not measured below)\n"
                  << "inflate floor (unzip)  " << floor << " s\n"
                  << "kib read only          " << read_only << " s (" << cells << " cells)\n"
                  << "kib read + score       " << kib_s << " s\n"
                  << "respondents/s          " << static_cast<double>(r.respondents) / kib_s << "\n"
                  << "ratio to floor         " << kib_s / floor << "\n"
                  << "Strategie score        " << static_cast<double>(r.pillars[0].score.value()) << "\n";
    } catch (const std::exception& e) {
        std::cerr << "kib_bench_score: " << e.what() << '\n';
        fs::remove_all(dir);
        return 1;
    }
    fs::remove_all(dir);
    return 0;
}
