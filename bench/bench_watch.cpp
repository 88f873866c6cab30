// kib_bench_watch: files per second through the whole drop-folder pipeline (claim, route by
// content, job, publish, log) for small programme workbooks and survey exports, with --jobs 1
// and --jobs 2. Prints figures, gives no verdict. The floor, measured in the same run, is
// copying the same files (what any drop folder must at least do with them).
//
// usage: kib_bench_watch SAMPLES_DIR [FILES_PER_KIND]   (default 40)
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <unistd.h>

#include "engine/drop/drop_config.hpp"
#include "engine/drop/jobs.hpp"
#include "engine/drop/watch.hpp"

namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;

namespace {

void fill_inbox(const fs::path& samples, const fs::path& inbox, int per_kind) {
    fs::create_directories(inbox);
    for (int i = 0; i < per_kind; ++i) {
        fs::copy_file(samples / "programma.xlsx", inbox / ("programma " + std::to_string(i) + ".xlsx"));
        fs::copy_file(samples / "cx_scan_2026.csv", inbox / ("scan " + std::to_string(i) + ".csv"));
    }
}

double seconds_since(clock_type::time_point t) {
    return std::chrono::duration<double>(clock_type::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: kib_bench_watch SAMPLES_DIR [FILES_PER_KIND]\n");
        return 64;
    }
    const fs::path samples = argv[1];
    const int per_kind = argc > 2 ? std::stoi(argv[2]) : 40;
    const fs::path root = fs::temp_directory_path() / ("kib-bench-watch-" + std::to_string(::getpid()));
    fs::remove_all(root);
    kib::drop_config cfg;
    cfg.reference_date = "2026-11-23";

    std::printf("kib_bench_watch: %d programme workbooks + %d survey exports (240 respondents) per run\n", per_kind, per_kind);
    std::printf("%-8s %8s %10s %10s %12s\n", "jobs", "files", "seconds", "files/s", "copy floor s");
    for (int jobs : {1, 2}) {
        for (int run = 0; run < 2; ++run) {
            const fs::path dir = root / ("j" + std::to_string(jobs) + "-" + std::to_string(run));
            // Floor: copying the inputs once more.
            const auto c0 = clock_type::now();
            fill_inbox(samples, dir / "copy-floor", per_kind);
            const double floor = seconds_since(c0);
            fill_inbox(samples, dir / "inbox", per_kind);
            kib::watch_options o;
            o.dir = dir;
            o.once = true;
            o.jobs = jobs;
            o.polling = true;
            o.stable_for = std::chrono::milliseconds(0);
            o.poll_interval = std::chrono::milliseconds(5);
            std::ostringstream log;
            const auto t0 = clock_type::now();
            const kib::watch_stats st = kib::watch(o, kib::drop_jobs(cfg, dir), log);
            const double s = seconds_since(t0);
            const int files = st.processed + st.failed;
            if (st.failed != 0) std::fprintf(stderr, "%d files failed:\n%s", st.failed, log.str().c_str());
            if (run == 1)  // the first run warms the page cache
                std::printf("%-8d %8d %10.3f %10.1f %12.3f\n", jobs, files, s, files / s, floor);
        }
    }
    fs::remove_all(root);
    return 0;
}
