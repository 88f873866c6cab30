#include "readers/cell.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace kib {
namespace {

TEST(Cell, WorkbookSerialsIn1900SystemIncludingTheFictitiousLeapDay) {
    EXPECT_EQ(serial_to_iso(workbook_serial_to_serial(1, false)), "1900-01-01");
    EXPECT_EQ(serial_to_iso(workbook_serial_to_serial(59, false)), "1900-02-28");
    // Serial 60 is Excel's 1900-02-29, a day that does not exist: kib reads it as 1900-03-01.
    EXPECT_EQ(serial_to_iso(workbook_serial_to_serial(60, false)), "1900-03-01");
    EXPECT_EQ(serial_to_iso(workbook_serial_to_serial(61, false)), "1900-03-01");
    EXPECT_EQ(serial_to_iso(workbook_serial_to_serial(46349, false)), "2026-11-23");
}

TEST(Cell, WorkbookSerialsIn1904System) {
    EXPECT_EQ(serial_to_iso(workbook_serial_to_serial(0, true)), "1904-01-01");
    EXPECT_EQ(serial_to_iso(workbook_serial_to_serial(44887, true)), "2026-11-23");
}

TEST(Cell, TimesAndMilliseconds) {
    EXPECT_EQ(serial_to_iso(46349.5), "2026-11-23T12:00:00");
    EXPECT_EQ(serial_to_iso(46349.0 + (14 * 3600 + 5 * 60 + 7) / 86400.0), "2026-11-23T14:05:07");
    EXPECT_EQ(serial_to_iso(46349.0 + 0.25 / 86400.0), "2026-11-23T00:00:00.250");
    // Just below midnight rounds to the millisecond, not to 23:59:59.999999.
    EXPECT_EQ(serial_to_iso(46349.99999999999), "2026-11-24");
}

TEST(Cell, IsoParsing) {
    EXPECT_EQ(iso_to_serial("2026-11-23"), 46349.0);
    EXPECT_EQ(iso_to_serial("2026-11-23T12:00:00Z"), 46349.5);
    EXPECT_EQ(iso_to_serial("2026-11-23T12:00"), 46349.5);
    ASSERT_TRUE(iso_to_serial("2024-02-29").has_value());
    EXPECT_FALSE(iso_to_serial("2026-02-29").has_value());
    EXPECT_FALSE(iso_to_serial("2026-13-01").has_value());
    EXPECT_FALSE(iso_to_serial("23-11-2026").has_value());
    EXPECT_FALSE(iso_to_serial("2026-11-23T25:00").has_value());
    EXPECT_FALSE(iso_to_serial("2026-11-23x").has_value());
    // 1899-12-30 is kib's day of a time alone (Excel's "1900-01-00"): its time always shows.
    EXPECT_EQ(serial_to_iso(*iso_to_serial("1899-12-30")), "1899-12-30T00:00:00");
    EXPECT_EQ(serial_to_iso(0.5), "1899-12-30T12:00:00");
    EXPECT_EQ(serial_to_iso(1.0), "1899-12-31");
}

TEST(Cell, TimeAloneParsing) {
    EXPECT_EQ(iso_time_to_serial("12:00"), 0.5);
    EXPECT_EQ(iso_time_to_serial("00:00:00"), 0.0);
    EXPECT_EQ(serial_to_iso(*iso_time_to_serial("10:10:10")), "1899-12-30T10:10:10");
    EXPECT_EQ(serial_to_iso(*iso_time_to_serial("08:05:01.250")), "1899-12-30T08:05:01.250");
    EXPECT_FALSE(iso_time_to_serial("24:00").has_value());
    EXPECT_FALSE(iso_time_to_serial("10:10:10x").has_value());
    EXPECT_FALSE(iso_time_to_serial("2026-11-23").has_value());
    EXPECT_FALSE(iso_time_to_serial("").has_value());
}

TEST(Cell, SerialsOutsideTheDateSystemAreNoDates) {
    EXPECT_TRUE(workbook_serial_is_date(0.0, false));
    EXPECT_TRUE(workbook_serial_is_date(2958465.999, false));  // 9999-12-31 23:58:33
    EXPECT_FALSE(workbook_serial_is_date(2958466.0, false));   // 10000-01-01
    EXPECT_FALSE(workbook_serial_is_date(-1.0, false));
    EXPECT_FALSE(workbook_serial_is_date(-1e17, false));
    EXPECT_TRUE(workbook_serial_is_date(2957003.5, true));     // 9999-12-31 12:00 in 1904
    EXPECT_FALSE(workbook_serial_is_date(2957004.0, true));
    EXPECT_FALSE(workbook_serial_is_date(std::nan(""), false));
    EXPECT_FALSE(workbook_serial_is_date(std::numeric_limits<double>::infinity(), true));
}

TEST(Cell, NumbersPrintShortestRoundTrip) {
    EXPECT_EQ(format_number(0.1), "0.1");
    EXPECT_EQ(format_number(12.5), "12.5");
    EXPECT_EQ(format_number(-0.0), "0");
    EXPECT_EQ(format_number(3.0), "3");
    EXPECT_EQ(format_number(1e20), "1e+20");
    EXPECT_EQ(format_number(0.30000000000000004), "0.30000000000000004");
}

TEST(Cell, DisplayForms) {
    EXPECT_EQ(cell_value::make_bool(true).to_display(), "TRUE");
    EXPECT_EQ(cell_value::make_error("#N/A").to_display(), "#N/A");
    EXPECT_EQ(cell_value::make_date(46349).to_display(), "2026-11-23");
    EXPECT_EQ(cell_value{}.to_display(), "");
    EXPECT_EQ(to_string(cell_type::boolean), std::string("bool"));
}

}  // namespace
}  // namespace kib
