// kib::cell_value — the one small value type every part of kib passes cells around in.
//
// Contract: a date is stored as days since 1899-12-30 (fractional part = time of day), already
// corrected for the workbook's date system (1904) and Excel's fictitious 1900-02-29, so one
// serial means one instant whatever file it came from. Text owns its bytes (UTF-8); reusing a
// cell_value for the next row reuses its string buffer, which is how the streaming reader stays
// allocation-free in steady state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kib {

enum class cell_type : std::uint8_t { empty, number, text, boolean, error, date };

const char* to_string(cell_type t) noexcept;  // "empty", "number", "text", "bool", "error", "date"

struct cell_value {
    cell_type type = cell_type::empty;
    double number = 0.0;  // number, boolean (0/1), date (days since 1899-12-30)
    std::string text;     // text, or the error literal such as "#N/A"

    static cell_value make_number(double v) { return {cell_type::number, v, {}}; }
    static cell_value make_text(std::string v) { return {cell_type::text, 0.0, std::move(v)}; }
    static cell_value make_bool(bool v) { return {cell_type::boolean, v ? 1.0 : 0.0, {}}; }
    static cell_value make_error(std::string v) { return {cell_type::error, 0.0, std::move(v)}; }
    static cell_value make_date(double serial) { return {cell_type::date, serial, {}}; }

    bool empty() const noexcept { return type == cell_type::empty; }
    void clear() noexcept {
        type = cell_type::empty;
        number = 0.0;
        text.clear();
    }
    // A readable form: numbers shortest round-trip ("12.5"), dates ISO 8601, bools TRUE/FALSE.
    std::string to_display() const;

    friend bool operator==(const cell_value&, const cell_value&) = default;
};

// Date conversions. A "serial" here is always kib's normalised serial (see above).
struct civil_time {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millisecond = 0;
};
civil_time serial_to_civil(double serial) noexcept;
double civil_to_serial(const civil_time& t) noexcept;

// Converts a serial as stored in a workbook to kib's normalised serial.
// 1900 system: serials below 60 are one day later than the proleptic count (Excel treats 1900
// as a leap year); serial 60 (the fictitious 1900-02-29) maps to 1900-03-01 00:00 minus nothing:
// it is returned as 1900-02-28 + 1 day, i.e. 1900-03-01, because the day does not exist.
// A 1900-system value below 1 is a time of day alone and is returned unchanged (12:00 -> 0.5).
// 1904 system: serial 0 is 1904-01-01.
double workbook_serial_to_serial(double stored, bool date1904) noexcept;

// True when a serial stored in a workbook is a date Excel can show in that date system: from 0
// to 9999-12-31 23:59:59.999 (2958465.99999 in the 1900 system, 2957003.99999 in 1904). Excel
// shows anything else under a date format as ##### (negative, past 9999, not finite): kib reads
// such a cell as the number it holds, never as an absurd date.
bool workbook_serial_is_date(double stored, bool date1904) noexcept;

// "2026-11-23" when the time is midnight, else "2026-11-23T14:05:00" (milliseconds when non-zero).
// A time alone (serial 0 <= s < 1, the day 1899-12-30) always shows its time, midnight too:
// "1899-12-30T00:00:00", so a time of 0 reads like every other time and not like a date.
std::string serial_to_iso(double serial);
// Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.fff]]" (trailing "Z" allowed). nullopt when invalid.
std::optional<double> iso_to_serial(std::string_view iso) noexcept;
// Parses a time alone, "HH:MM[:SS[.fff]]" (trailing "Z" allowed), as the fraction of a day kib
// stores for a time without a date (10:10:10 -> 0.4237…). nullopt when invalid.
std::optional<double> iso_time_to_serial(std::string_view iso) noexcept;

// The current time in UTC, whole seconds, as ISO 8601 / W3CDTF: "2026-11-23T08:45:00Z" (the form
// of docProps/core.xml dates and of kib's job results).
std::string utc_now_iso();

// Shortest text that reads back as the same double ("0.1", "12.5", "1e+20").
std::string format_number(double v);

}  // namespace kib
