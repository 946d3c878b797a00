#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>

#include "vn/format.hpp"

using namespace vanban::vn;

namespace {

std::string long_of(const char* iso) {
    return date_long(parse_iso_date(iso));
}
std::string short_of(const char* iso) {
    return date_short(parse_iso_date(iso));
}

// The message of the FormatError thrown by f, or "" when nothing is thrown.
template <class F>
std::string error_of(F f) {
    try {
        f();
    } catch (const FormatError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("parse_iso_date reads the date part of ISO 8601") {
    Date d = parse_iso_date("2024-02-05");
    CHECK(d.year == 2024);
    CHECK(d.month == 2);
    CHECK(d.day == 5);
    Date t = parse_iso_date("2024-12-31T23:59:59+07:00");
    CHECK(t.year == 2024);
    CHECK(t.month == 12);
    CHECK(t.day == 31);
}

TEST_CASE("parse_iso_date accepts 29 February only in leap years") {
    CHECK(parse_iso_date("2024-02-29").day == 29);
    CHECK(parse_iso_date("2000-02-29").day == 29);  // divisible by 400
    CHECK_THROWS_AS(parse_iso_date("2023-02-29"), FormatError);
    CHECK_THROWS_AS(parse_iso_date("1900-02-29"), FormatError);  // divisible by 100, not 400
    CHECK_THROWS_AS(parse_iso_date("2024-02-30"), FormatError);
    CHECK_THROWS_AS(parse_iso_date("2024-04-31"), FormatError);
    CHECK(parse_iso_date("2024-01-31").day == 31);
}

TEST_CASE("parse_iso_date rejects malformed text with a Vietnamese message") {
    for (const char* bad : {"", "2024", "2024-2-05", "2024-02-5", "05/02/2024", "2024-13-01",
                            "2024-00-10", "2024-01-00", "0000-01-01", "2024-01-0a", "2024-01-01x",
                            "2024-01-01 10:00", " 2024-01-01", "+024-01-01"}) {
        INFO(bad);
        CHECK_THROWS_AS(parse_iso_date(bad), FormatError);
    }
    CHECK(error_of([] { parse_iso_date("2024/02/05"); }) ==
          "ngày không hợp lệ: '2024/02/05' (cần dạng YYYY-MM-DD)");
    CHECK(error_of([] { parse_iso_date("2023-02-29"); }) ==
          "ngày không hợp lệ: '2023-02-29' (tháng 2/2023 chỉ có 28 ngày)");
}

TEST_CASE("date_long pads days below 10 and months 1 and 2 (Nghị định 30/2020)") {
    CHECK(long_of("2024-02-05") == "ngày 05 tháng 02 năm 2024");
    CHECK(long_of("2024-01-09") == "ngày 09 tháng 01 năm 2024");
    CHECK(long_of("2024-03-15") == "ngày 15 tháng 3 năm 2024");
    CHECK(long_of("2024-03-10") == "ngày 10 tháng 3 năm 2024");
    CHECK(long_of("2024-12-31") == "ngày 31 tháng 12 năm 2024");
    CHECK(long_of("2024-10-01") == "ngày 01 tháng 10 năm 2024");
    CHECK(long_of("2024-02-29") == "ngày 29 tháng 02 năm 2024");
}

TEST_CASE("date_short uses the same padding") {
    CHECK(short_of("2024-02-05") == "05/02/2024");
    CHECK(short_of("2024-01-10") == "10/01/2024");
    CHECK(short_of("2024-03-15") == "15/3/2024");
    CHECK(short_of("2024-03-09") == "09/3/2024");
    CHECK(short_of("2024-12-31") == "31/12/2024");
}

TEST_CASE("date formatters reject dates that do not exist") {
    CHECK_THROWS_AS(date_long(Date{2023, 2, 29}), FormatError);
    CHECK_THROWS_AS(date_short(Date{2024, 13, 1}), FormatError);
    CHECK_THROWS_AS(date_short(Date{2024, 6, 0}), FormatError);
    CHECK(date_short(Date{2024, 2, 29}) == "29/02/2024");
}

TEST_CASE("number groups thousands with a dot") {
    CHECK(number(0LL) == "0");
    CHECK(number(7LL) == "7");
    CHECK(number(999LL) == "999");
    CHECK(number(1000LL) == "1.000");
    CHECK(number(1234LL) == "1.234");
    CHECK(number(-1234LL) == "-1.234");
    CHECK(number(123456LL) == "123.456");
    CHECK(number(1234567LL) == "1.234.567");
    CHECK(number(1234567890LL) == "1.234.567.890");
    CHECK(number(-1000000000LL) == "-1.000.000.000");
    CHECK(number(std::numeric_limits<long long>::max()) == "9.223.372.036.854.775.807");
    CHECK(number(std::numeric_limits<long long>::min()) == "-9.223.372.036.854.775.808");
}

TEST_CASE("number of an integer with decimals pads zeros after the comma") {
    CHECK(number(5LL, 2) == "5,00");
    CHECK(number(-1234LL, 1) == "-1.234,0");
    CHECK(number(0LL, 3) == "0,000");
    CHECK(number(1234.0, 2) == "1.234,00");
}

TEST_CASE("number of a double uses a decimal comma") {
    CHECK(number(1234567.5, 1) == "1.234.567,5");
    CHECK(number(1234.0) == "1.234");
    CHECK(number(-1234.4) == "-1.234");
    CHECK(number(0.0) == "0");
    CHECK(number(3.14159, 0) == "3");
    CHECK(number(3.14159, 1) == "3,1");
    CHECK(number(3.14159, 2) == "3,14");
    CHECK(number(3.14159, 3) == "3,142");
    CHECK(number(0.5, 3) == "0,500");
    CHECK(number(2500000000.0) == "2.500.000.000");
    CHECK(number(1e15) == "1.000.000.000.000.000");
    CHECK(number(1e-7, 3) == "0,000");
}

TEST_CASE("number rounds half away from zero on the decimal value as written") {
    // The doubles nearest 2.675, 1.005 and 96.45 are slightly below them: binary rounding
    // (printf) would give 2,67, 1,00 and 96,4.
    CHECK(number(2.675, 2) == "2,68");
    CHECK(number(1.005, 2) == "1,01");
    CHECK(number(0.125, 2) == "0,13");
    CHECK(number(-2.675, 2) == "-2,68");
    CHECK(number(0.5) == "1");
    CHECK(number(1.5) == "2");
    CHECK(number(2.5) == "3");
    CHECK(number(-0.5) == "-1");
    CHECK(number(999.5) == "1.000");
    CHECK(number(999999.95, 1) == "1.000.000,0");
    CHECK(number(1.0049, 2) == "1,00");
    CHECK(number(0.045, 1) == "0,0");  // only the first dropped digit decides
}

TEST_CASE("number never prints minus zero") {
    CHECK(number(-0.0) == "0");
    CHECK(number(-0.4) == "0");
    CHECK(number(-0.004, 2) == "0,00");
    CHECK(number(-0.005, 2) == "-0,01");
    CHECK(percent(-0.01) == "0,0%");
}

TEST_CASE("number rejects NaN, infinities and bad decimals") {
    CHECK_THROWS_AS(number(std::nan(""), 1), FormatError);
    CHECK_THROWS_AS(number(std::numeric_limits<double>::infinity()), FormatError);
    CHECK_THROWS_AS(number(-std::numeric_limits<double>::infinity()), FormatError);
    CHECK_THROWS_AS(percent(std::nan("")), FormatError);
    CHECK_THROWS_AS(number(1.0, -1), FormatError);
    CHECK_THROWS_AS(number(1LL, 18), FormatError);
}

TEST_CASE("number prints large doubles with the digits they were written with") {
    // Shortest digits, not the exact binary integer (...772160).
    CHECK(number(8.834137423897722e17) == "883.413.742.389.772.200");
    CHECK(number(1e21) == "1.000.000.000.000.000.000.000");
    std::string max = number(std::numeric_limits<double>::max());
    CHECK(max.size() == 309 + 102);  // 309 digits and a dot between each group of three
    CHECK(max.rfind("179.769.313.486.231.570.000.", 0) == 0);
    CHECK(max.find_first_not_of("0.", 24) == std::string::npos);
    CHECK(number(5e-324, 3) == "0,000");
}

TEST_CASE("percent takes a percentage and rounds like number") {
    CHECK(percent(96.45) == "96,5%");
    CHECK(percent(99.95) == "100,0%");
    CHECK(percent(100.0) == "100,0%");
    CHECK(percent(0.0) == "0,0%");
    CHECK(percent(70.0, 0) == "70%");
    CHECK(percent(33.333333, 2) == "33,33%");
    CHECK(percent(-5.25, 1) == "-5,3%");
    CHECK(percent(12345.6) == "12.345,6%");
}

TEST_CASE("roman numerals from 1 to 3999") {
    CHECK(roman(1) == "I");
    CHECK(roman(2) == "II");
    CHECK(roman(3) == "III");
    CHECK(roman(4) == "IV");
    CHECK(roman(5) == "V");
    CHECK(roman(9) == "IX");
    CHECK(roman(14) == "XIV");
    CHECK(roman(40) == "XL");
    CHECK(roman(49) == "XLIX");
    CHECK(roman(90) == "XC");
    CHECK(roman(400) == "CD");
    CHECK(roman(444) == "CDXLIV");
    CHECK(roman(900) == "CM");
    CHECK(roman(1994) == "MCMXCIV");
    CHECK(roman(2024) == "MMXXIV");
    CHECK(roman(3888) == "MMMDCCCLXXXVIII");
    CHECK(roman(3999) == "MMMCMXCIX");
}

TEST_CASE("roman numerals round-trip for every value") {
    // An independent decoder: subtractive pairs read right to left.
    auto value = [](const std::string& r) {
        auto digit = [](char c) {
            switch (c) {
                case 'I':
                    return 1;
                case 'V':
                    return 5;
                case 'X':
                    return 10;
                case 'L':
                    return 50;
                case 'C':
                    return 100;
                case 'D':
                    return 500;
                case 'M':
                    return 1000;
            }
            return -100000;
        };
        int total = 0, prev = 0;
        for (auto it = r.rbegin(); it != r.rend(); ++it) {
            int d = digit(*it);
            total += d < prev ? -d : d;
            prev = std::max(prev, d);
        }
        return total;
    };
    int mismatches = 0;
    for (long long n = 1; n <= 3999; ++n) {
        const std::string r = roman(n);
        // No symbol repeats four times in canonical form.
        const bool four =
            r.find("IIII") != std::string::npos || r.find("XXXX") != std::string::npos ||
            r.find("CCCC") != std::string::npos || r.find("MMMM") != std::string::npos;
        if (value(r) != n || four) ++mismatches;
    }
    CHECK(mismatches == 0);
}

TEST_CASE("roman rejects values outside 1..3999") {
    for (long long n : {0LL, -1LL, 4000LL, 1000000LL}) {
        INFO(n);
        CHECK_THROWS_AS(roman(n), FormatError);
    }
    CHECK(error_of([] { roman(4000); }) == "số La Mã chỉ nhận số từ 1 đến 3999, nhận được 4000");
}

TEST_CASE("diem letters follow the Vietnamese alphabet") {
    const char* expected[] = {"a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m",
                              "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y"};
    for (int n = 1; n <= 23; ++n) {
        INFO(n);
        CHECK(diem(n) == expected[n - 1]);
    }
}

TEST_CASE("diem rejects 0 and 24") {
    CHECK_THROWS_AS(diem(0), FormatError);
    CHECK_THROWS_AS(diem(-3), FormatError);
    CHECK_THROWS_AS(diem(24), FormatError);
    CHECK(error_of([] { diem(24); }) == "diem chỉ nhận số từ 1 đến 23, nhận được 24");
}
