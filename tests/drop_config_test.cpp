#include "engine/drop/drop_config.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "readers/error.hpp"

namespace kib {
namespace {

std::filesystem::path write_config(const std::string& name, const std::string& text) {
    const auto p = std::filesystem::temp_directory_path() / ("kib-config-" + std::to_string(::getpid()) + "-" + name + ".toml");
    std::ofstream(p) << text;
    return p;
}

TEST(DropConfig, ReadsEverySetting) {
    const auto p = write_config("full", R"(
[watch]
stable_seconds = 0.5
poll = true
poll_seconds = 3
jobs = 2

[programme]
start = "2026-01"
reference_date = "next-steering"
steering_dates = ["2026-12-15", 2027-03-16]
workbook = "programma.xlsx"
update_in_place = true
handouts = false
handouts_per_owner = true

[score]
skip_invalid = true
)");
    const drop_config c = load_drop_config(p);
    EXPECT_DOUBLE_EQ(c.stable_seconds, 0.5);
    EXPECT_TRUE(c.poll);
    EXPECT_DOUBLE_EQ(c.poll_seconds, 3.0);
    EXPECT_EQ(c.jobs, 2);
    EXPECT_EQ(c.steering_dates, (std::vector<std::string>{"2026-12-15", "2027-03-16"}));
    EXPECT_EQ(c.programme_workbook, "programma.xlsx");
    EXPECT_TRUE(c.update_in_place);
    EXPECT_FALSE(c.handouts);
    EXPECT_TRUE(c.handouts_per_owner);
    EXPECT_TRUE(c.skip_invalid);
    EXPECT_EQ(c.resolve_reference_date("2026-11-23"), "2026-12-15");
    EXPECT_EQ(c.resolve_reference_date("2026-12-16"), "2027-03-16");
    EXPECT_EQ(c.resolve_reference_date("2027-06-01"), "2027-03-16");
    std::filesystem::remove(p);
}

TEST(DropConfig, DefaultsAndFixedDates) {
    drop_config c;
    EXPECT_EQ(c.resolve_reference_date("2026-11-23"), "2026-11-23");
    c.reference_date = "2026-09-30";
    EXPECT_EQ(c.resolve_reference_date("2026-11-23"), "2026-09-30");
}

struct bad_config {
    const char* text;
    const char* message;
    std::uint64_t line;
};

TEST(DropConfig, MistakesNameTheLine) {
    const bad_config cases[] = {
        {"[watch]\njobs = \"two\"\n", "'jobs' must be a whole number", 2},
        {"[watch]\nstable_secs = 2\n", "unknown setting 'stable_secs' in [watch]", 2},
        {"[programme]\nstart = \"januari\"\n", "'start' must be a month YYYY-MM", 2},
        {"[programme]\n\nreference_date = \"23-11-2026\"\n", "'reference_date' must be", 3},
        {"[watch\n", "", 1},
    };
    int i = 0;
    for (const auto& c : cases) {
        const auto p = write_config("bad" + std::to_string(i++), c.text);
        try {
            load_drop_config(p);
            ADD_FAILURE() << c.text;
        } catch (const error& e) {
            EXPECT_EQ(e.category(), error_category::bad_input);
            EXPECT_NE(e.message().find(c.message), std::string::npos) << e.what();
            EXPECT_EQ(e.where().line, c.line) << e.what();
            EXPECT_EQ(e.where().file, p.string());
        }
        std::filesystem::remove(p);
    }
}

}  // namespace
}  // namespace kib
