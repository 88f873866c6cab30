// Benchmark: fill the built-in benefit-owner session template 1,000 times from one data set
// (4 participants) in one process and print documents per second. Figures only, no pass/fail.
// Usage: kib_bench_fill [DATA.json] [COUNT]
#include <chrono>
#include <ctime>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "readers/error.hpp"
#include "writers/docx_template.hpp"

int main(int argc, char** argv) {
    try {
        const std::string data_path = argc > 1 ? argv[1] : KIB_SAMPLE_DATA;
        const int count = argc > 2 ? std::atoi(argv[2]) : 1000;
        std::ifstream in(data_path);
        if (!in) {
            std::fprintf(stderr, "cannot open %s\n", data_path.c_str());
            return 2;
        }
        std::stringstream ss;
        ss << in.rdbuf();
        const nlohmann::json data = nlohmann::json::parse(ss.str());

        const auto t0 = std::chrono::steady_clock::now();
        const kib::docx_template tpl = kib::docx_template::builtin("baateigenaar");
        const auto t1 = std::chrono::steady_clock::now();
        std::size_t bytes = 0;
        const std::clock_t c1 = std::clock();
        for (int i = 0; i < count; ++i) bytes += tpl.fill(data).docx.size();
        const std::clock_t c2 = std::clock();
        const auto t2 = std::chrono::steady_clock::now();
        const double cpu_s = static_cast<double>(c2 - c1) / CLOCKS_PER_SEC;
        const double parse_ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
        const double fill_s = std::chrono::duration<double>(t2 - t1).count();
        std::printf("template parse (zip + compile): %.2f ms\n", parse_ms);
        std::printf("filled %d documents in %.3f s: %.0f documents/s (%.3f ms each, %.1f KB each)\n", count, fill_s,
                    count / fill_s, 1000.0 * fill_s / count, static_cast<double>(bytes) / count / 1024.0);
        // CPU time is the steadier figure on a shared machine (wall time includes waiting for a core)
        std::printf("CPU time %.3f s: %.0f documents/s per core\n", cpu_s, cpu_s > 0 ? count / cpu_s : 0.0);
        return 0;
    } catch (const kib::error& e) {
        std::fprintf(stderr, "kib_bench_fill: %s\n", e.what());
        return e.exit_code();
    }
}
