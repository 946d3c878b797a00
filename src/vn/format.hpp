// Vietnamese formatting of dates, numbers, Roman numerals and điểm letters, as Nghị định 30/2020
// and the province's letters write them. Every error message is Vietnamese (users see it).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace vanban::vn {

// Thrown for values that cannot be formatted; what() is a Vietnamese message naming the value.
struct FormatError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Date {
    int year;
    int month;
    int day;
};

// Parses "YYYY-MM-DD" (a trailing "T..." time part is ignored) and validates the calendar
// (29/02 only in leap years). Throws FormatError.
Date parse_iso_date(std::string_view s);

// "ngày 05 tháng 02 năm 2024", "ngày 15 tháng 3 năm 2024": days below 10 and months 1–2 are
// zero-padded (Nghị định 30/2020, Phụ lục I).
std::string date_long(const Date& d);
// "05/02/2024", "15/3/2024" (same padding rule).
std::string date_short(const Date& d);

// Thousands dot, decimal comma: "1.234", "1.234.567,5", "-1.234". Rounds half away from zero on
// the shortest decimal representation of the value (2.675 -> "2,68" with 2 decimals).
// NaN and infinities throw FormatError.
std::string number(double value, int decimals = 0);
std::string number(long long value, int decimals = 0);
// Takes a percentage (96.45 -> "96,5%"), same rounding as number().
std::string percent(double value, int decimals = 1);

// 1..3999 -> "I".."MMMCMXCIX"; anything else throws FormatError.
std::string roman(long long n);
// 1..23 -> the Vietnamese item letters a b c d đ e g h i k l m n o p q r s t u v x y;
// anything else throws FormatError.
std::string diem(long long n);

}  // namespace vanban::vn
