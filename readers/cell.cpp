#include "readers/cell.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace kib {

const char* to_string(cell_type t) noexcept {
    switch (t) {
        case cell_type::empty: return "empty";
        case cell_type::number: return "number";
        case cell_type::text: return "text";
        case cell_type::boolean: return "bool";
        case cell_type::error: return "error";
        case cell_type::date: return "date";
    }
    return "empty";
}

namespace {

// Days from 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
long long days_from_civil(long long y, unsigned m, unsigned d) noexcept {
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long long>(doe) - 719468;
}

void civil_from_days(long long z, int& y, int& m, int& d) noexcept {
    z += 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long long yy = static_cast<long long>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    y = static_cast<int>(yy + (m <= 2));
}

constexpr long long epoch_1899_12_30 = -25569;  // days_from_civil(1899, 12, 30)

}  // namespace

civil_time serial_to_civil(double serial) noexcept {
    civil_time t;
    if (!std::isfinite(serial)) return t;
    // Round to the millisecond first so 0.9999999 of a day does not print as 23:59:59.999.
    const long long total_ms = std::llround(serial * 86400000.0);
    long long days = total_ms / 86400000;
    long long ms = total_ms % 86400000;
    if (ms < 0) {
        ms += 86400000;
        --days;
    }
    civil_from_days(days + epoch_1899_12_30, t.year, t.month, t.day);
    t.hour = static_cast<int>(ms / 3600000);
    t.minute = static_cast<int>(ms / 60000 % 60);
    t.second = static_cast<int>(ms / 1000 % 60);
    t.millisecond = static_cast<int>(ms % 1000);
    return t;
}

double civil_to_serial(const civil_time& t) noexcept {
    const long long days = days_from_civil(t.year, static_cast<unsigned>(t.month), static_cast<unsigned>(t.day)) -
                           epoch_1899_12_30;
    return static_cast<double>(days) +
           (t.hour * 3600000.0 + t.minute * 60000.0 + t.second * 1000.0 + t.millisecond) / 86400000.0;
}

double workbook_serial_to_serial(double stored, bool date1904) noexcept {
    if (date1904) return stored + 1462.0;  // 1904-01-01 is day 1462 after 1899-12-30
    // In the 1900 system serial 1 = 1900-01-01, which is day 2 after 1899-12-30; the fictitious
    // 1900-02-29 (serial 60) and everything before it is shifted by one day.
    // A value below 1 is a time of day without a date (Excel shows "1900-01-00"): keep it the
    // bare fraction, as LibreOffice and openpyxl do, so 13:45 stays 0.5729… and not a day later.
    if (stored >= 1.0 && stored < 61.0) return stored + 1.0;
    return stored;
}

bool workbook_serial_is_date(double stored, bool date1904) noexcept {
    // 10000-01-01 as a stored serial: 2958466 (1900 system), 2958466 - 1462 (1904 system).
    const double end = date1904 ? 2958466.0 - 1462.0 : 2958466.0;
    return std::isfinite(stored) && stored >= 0.0 && stored < end;
}

std::string serial_to_iso(double serial) {
    const civil_time t = serial_to_civil(serial);
    char buf[40];
    const bool time_alone = t.year == 1899 && t.month == 12 && t.day == 30;
    if (!time_alone && t.hour == 0 && t.minute == 0 && t.second == 0 && t.millisecond == 0) {
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", t.year, t.month, t.day);
    } else if (t.millisecond == 0) {
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", t.year, t.month, t.day, t.hour, t.minute,
                      t.second);
    } else {
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03d", t.year, t.month, t.day, t.hour,
                      t.minute, t.second, t.millisecond);
    }
    return buf;
}

std::optional<double> iso_to_serial(std::string_view s) noexcept {
    auto num = [&s](std::size_t pos, std::size_t len, int& out) {
        if (pos + len > s.size()) return false;
        const char* b = s.data() + pos;
        auto [p, ec] = std::from_chars(b, b + len, out);
        return ec == std::errc{} && p == b + len;
    };
    civil_time t;
    if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    if (!num(0, 4, t.year) || !num(5, 2, t.month) || !num(8, 2, t.day)) return std::nullopt;
    if (t.month < 1 || t.month > 12 || t.day < 1) return std::nullopt;
    static constexpr int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (t.year % 4 == 0 && t.year % 100 != 0) || t.year % 400 == 0;
    if (t.day > mdays[t.month - 1] + (t.month == 2 && leap ? 1 : 0)) return std::nullopt;
    std::size_t pos = 10;
    if (pos < s.size() && (s[pos] == 'T' || s[pos] == ' ')) {
        if (!num(pos + 1, 2, t.hour) || pos + 3 >= s.size() || s[pos + 3] != ':' || !num(pos + 4, 2, t.minute))
            return std::nullopt;
        pos += 6;
        if (pos < s.size() && s[pos] == ':') {
            if (!num(pos + 1, 2, t.second)) return std::nullopt;
            pos += 3;
            if (pos < s.size() && s[pos] == '.') {
                std::size_t end = pos + 1;
                int ms = 0, digits = 0;
                while (end < s.size() && s[end] >= '0' && s[end] <= '9') {
                    if (digits < 3) {
                        ms = ms * 10 + (s[end] - '0');
                        ++digits;
                    }
                    ++end;
                }
                if (end == pos + 1) return std::nullopt;
                while (digits < 3) {
                    ms *= 10;
                    ++digits;
                }
                t.millisecond = ms;
                pos = end;
            }
        }
        if (t.hour > 23 || t.minute > 59 || t.second > 59) return std::nullopt;
    }
    if (pos < s.size() && s[pos] == 'Z') ++pos;
    if (pos != s.size()) return std::nullopt;
    return civil_to_serial(t);
}

std::optional<double> iso_time_to_serial(std::string_view s) noexcept {
    // The same grammar as the time part of a full ISO date: reuse it on kib's time-alone day.
    if (s.size() < 5 || s.size() > 40 || s[2] != ':') return std::nullopt;
    char buf[64] = "1899-12-30T";
    s.copy(buf + 11, s.size());
    return iso_to_serial(std::string_view(buf, 11 + s.size()));
}

std::string utc_now_iso() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string format_number(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
    if (v == 0.0) return "0";  // also for -0.0
    char buf[32];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
    (void)ec;
    return std::string(buf, p);
}

std::string cell_value::to_display() const {
    switch (type) {
        case cell_type::empty: return {};
        case cell_type::number: return format_number(number);
        case cell_type::boolean: return number != 0.0 ? "TRUE" : "FALSE";
        case cell_type::date: return serial_to_iso(number);
        case cell_type::text:
        case cell_type::error: return text;
    }
    return {};
}

}  // namespace kib
