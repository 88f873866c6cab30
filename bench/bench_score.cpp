// kib_bench_score [RESPONDENTS] [--keep FILE]: reads and scores a large CX maturity scan export
// (no reports) and compares the time with the inflate-only floor measured in the same run:
// `unzip -p` of the answer sheet and the shared strings to /dev/null. Prints figures; asserts
// nothing. The floor, the read alone and the read with scoring are timed in turn, KIB_BENCH_RUNS
// times (default 5), so that a machine drifting between fast and slow spells hits all three
// alike; each figure is the median, the ratio the median of the runs' ratios.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "engine/scan/maturity.hpp"
#include "readers/xlsx.hpp"
#include "readers/zip_codec.hpp"
#include "samples/survey_sample.hpp"

namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point t0) {
    return std::chrono::duration<double>(clock_type::now() - t0).count();
}

template <class F>
double timed(F&& f) {
    const auto t0 = clock_type::now();
    f();
    return seconds_since(t0);
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

// Peak resident set of this process so far, from /proc/self/status (VmHWM), in MB.
double peak_mb() {
    std::FILE* f = std::fopen("/proc/self/status", "r");
    if (!f) return 0;
    char line[256];
    double kb = 0;
    while (std::fgets(line, sizeof line, f)) {
        if (std::sscanf(line, "VmHWM: %lf kB", &kb) == 1) break;
    }
    std::fclose(f);
    return kb / 1024;
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
        // Generated in a child process, so that this process's peak memory is the reading's.
        auto t0 = clock_type::now();
        const pid_t child = ::fork();
        if (child == 0) {
            try {
                const kib::sample::survey_table table = kib::sample::generate(kib::sample::bench_spec(respondents));
                kib::sample::write_xlsx(table, path, true);
            } catch (const std::exception& e) {
                std::cerr << "kib_bench_score: generating failed: " << e.what() << '\n';
                ::_exit(1);
            }
            ::_exit(0);
        }
        int status = 0;
        if (child < 0 || ::waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            std::cerr << "kib_bench_score: generating the survey failed\n";
            fs::remove_all(dir);
            return 1;
        }
        const double make = seconds_since(t0);

        const std::string unzip = "unzip -p '" + path + "' xl/worksheets/sheet1.xml xl/sharedStrings.xml > /dev/null";
        const char* runs_env = std::getenv("KIB_BENCH_RUNS");
        const int reps = runs_env && std::atoi(runs_env) > 0 ? std::atoi(runs_env) : 5;
        std::vector<double> floors, reads, scores, ratios;
        std::uint64_t cells = 0;
        kib::maturity::scan_result r;
        for (int i = 0; i <= reps; ++i) {  // run 0 warms the page cache and is not counted
            int unzip_status = 0;
            const double f = timed([&] { unzip_status = std::system(unzip.c_str()); });
            if (unzip_status != 0) {
                std::cerr << "kib_bench_score: unzip failed\n";
                return 1;
            }
            // The reader alone (rows streamed, nothing scored) splits reading from scoring.
            const double ro = timed([&] {
                cells = 0;
                const kib::workbook wb = kib::workbook::open(path);
                wb.for_each_row(wb.sheet("Antwoorden"), [&](const kib::row& row) { cells += row.cells.size(); });
            });
            const double k = timed([&] { r = kib::maturity::score_file(path); });
            if (i == 0) continue;
            floors.push_back(f);
            reads.push_back(ro);
            scores.push_back(k);
            ratios.push_back(k / f);
            std::cerr << "  run " << i << ": floor " << f << " s, read " << ro << " s, read + score " << k << " s\n";
        }
        const double floor = median(floors), read_only = median(reads), kib_s = median(scores);

        std::cout << "kib_bench_score: " << reps << " runs, medians; kib inflates with " << kib::zip_codec::name()
                  << "; target (issue 20): ratio <= 0.5, peak <= 64 MB\n"
                  << "respondents            " << r.respondents << "\n"
                  << "file size              " << fs::file_size(path) << " bytes\n"
                  << "generate + zip         " << make << " s (not measured below)\n"
                  << "inflate floor (unzip)  " << floor << " s\n"
                  << "kib read only          " << read_only << " s (" << cells << " cells)\n"
                  << "kib read + score       " << kib_s << " s\n"
                  << "respondents/s          " << static_cast<double>(r.respondents) / kib_s << "\n"
                  << "ratio to floor         " << median(ratios) << " (best run " << *std::min_element(ratios.begin(), ratios.end()) << ")\n"
                  << "peak memory            " << peak_mb() << " MB (resident, this process over all runs)\n"
                  << "Strategie score        " << static_cast<double>(r.pillars[0].score.value()) << "\n";
    } catch (const std::exception& e) {
        std::cerr << "kib_bench_score: " << e.what() << '\n';
        fs::remove_all(dir);
        return 1;
    }
    fs::remove_all(dir);
    return 0;
}
