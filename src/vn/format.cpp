#include "vn/format.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <string>

namespace vanban::vn {

namespace {

bool is_leap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
    static constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[static_cast<std::size_t>(m - 1)];
}

std::string date_text(const Date& d) {
    return std::to_string(d.year) + "-" + std::to_string(d.month) + "-" + std::to_string(d.day);
}

// Throws unless d is a real calendar date; the formatters accept only what parse_iso_date would.
void check_date(const Date& d) {
    if (d.year < 1 || d.year > 9999 || d.month < 1 || d.month > 12)
        throw FormatError("ngày không hợp lệ: năm " + std::to_string(d.year) + ", tháng " +
                          std::to_string(d.month) + " (cần năm 1–9999, tháng 1–12)");
    const int last = days_in_month(d.year, d.month);
    if (d.day < 1 || d.day > last)
        throw FormatError("ngày không hợp lệ: " + date_text(d) + " (tháng " +
                          std::to_string(d.month) + "/" + std::to_string(d.year) + " chỉ có " +
                          std::to_string(last) + " ngày)");
}

// Nghị định 30/2020: days below 10 and months 1 and 2 get a leading zero (so that "01", "02"
// cannot be altered into "11", "12" by hand).
// Built by append rather than `"0" + std::to_string(n)`: GCC 12 at -O3 reports a false
// -Wrestrict on operator+(const char*, string&&) (GCC bug 105651).
std::string padded(int n, bool pad) {
    std::string s;
    if (pad) s += '0';
    s += std::to_string(n);
    return s;
}
std::string pad_day(int day) {
    return padded(day, day < 10);
}
std::string pad_month(int month) {
    return padded(month, month < 3);
}

int digits(std::string_view s) {
    int v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

void check_decimals(int decimals) {
    // 17 significant digits are all a double holds; more decimals would only print zeros.
    if (decimals < 0 || decimals > 17)
        throw FormatError("số chữ số thập phân phải từ 0 đến 17, nhận được " +
                          std::to_string(decimals));
}

// Formats a non-negative decimal given as integer digits and fraction digits (no sign), rounding
// half away from zero to `decimals`, grouping thousands with '.' and separating with ','.
std::string format_decimal(bool negative, std::string int_digits, std::string frac_digits,
                           int decimals) {
    const auto keep = static_cast<std::size_t>(decimals);
    bool round_up = frac_digits.size() > keep && frac_digits[keep] >= '5';
    frac_digits.resize(keep, '0');
    if (round_up) {
        // Propagate the carry through fraction then integer digits.
        std::string all = int_digits + frac_digits;
        std::size_t i = all.size();
        while (i > 0) {
            --i;
            if (all[i] == '9') {
                all[i] = '0';
            } else {
                ++all[i];
                round_up = false;
                break;
            }
        }
        if (round_up) all.insert(all.begin(), '1');
        int_digits = all.substr(0, all.size() - keep);
        frac_digits = all.substr(all.size() - keep);
    }
    std::size_t lead = int_digits.find_first_not_of('0');
    int_digits = lead == std::string::npos ? "0" : int_digits.substr(lead);

    // No "-0": a value that rounds to zero has no sign.
    const bool zero = int_digits == "0" && frac_digits.find_first_not_of('0') == std::string::npos;
    std::string out;
    if (negative && !zero) out.push_back('-');
    const std::size_t n = int_digits.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0 && (n - i) % 3 == 0) out.push_back('.');
        out.push_back(int_digits[i]);
    }
    if (keep > 0) {
        out.push_back(',');
        out += frac_digits;
    }
    return out;
}

}  // namespace

Date parse_iso_date(std::string_view s) {
    const auto bad = [&] {
        return FormatError("ngày không hợp lệ: '" + std::string(s) + "' (cần dạng YYYY-MM-DD)");
    };
    // The date part is exactly 10 characters; anything after it must be a time part "T...".
    if (s.size() < 10 || s[4] != '-' || s[7] != '-' || (s.size() > 10 && s[10] != 'T')) throw bad();
    Date d{digits(s.substr(0, 4)), digits(s.substr(5, 2)), digits(s.substr(8, 2))};
    if (d.year < 0 || d.month < 0 || d.day < 0) throw bad();
    if (d.year < 1 || d.month < 1 || d.month > 12 || d.day < 1) throw bad();
    const int last = days_in_month(d.year, d.month);
    if (d.day > last)
        throw FormatError("ngày không hợp lệ: '" + std::string(s) + "' (tháng " +
                          std::to_string(d.month) + "/" + std::to_string(d.year) + " chỉ có " +
                          std::to_string(last) + " ngày)");
    return d;
}

std::string date_long(const Date& d) {
    check_date(d);
    return "ngày " + pad_day(d.day) + " tháng " + pad_month(d.month) + " năm " +
           std::to_string(d.year);
}

std::string date_short(const Date& d) {
    check_date(d);
    return pad_day(d.day) + "/" + pad_month(d.month) + "/" + std::to_string(d.year);
}

std::string number(double value, int decimals) {
    check_decimals(decimals);
    if (!std::isfinite(value))
        throw FormatError("không định dạng được số: giá trị không hữu hạn (NaN hoặc vô cực)");
    // Shortest round-trip decimal digits: 2.675 gives "2675" although the binary double is
    // slightly below 2.675; rounding these digits is what a reader of the data expects. Fixed
    // notation would not do for large values: it spells out the exact binary integer
    // (8.834137423897722e17 as ...772160 instead of ...772200, as the data was written).
    std::array<char, 64> buf{};
    auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), std::fabs(value),
                                   std::chars_format::scientific);
    if (ec != std::errc{}) throw FormatError("không định dạng được số");
    // "d[.ddd]e±XX": significant digits and the power of ten of the first one.
    std::string_view text(buf.data(), static_cast<std::size_t>(end - buf.data()));
    const std::size_t e = text.find('e');
    std::string sig;
    for (char c : text.substr(0, e))
        if (c != '.') sig.push_back(c);
    int exponent = 0;
    std::from_chars(text.data() + e + 1 + (text[e + 1] == '+'), text.data() + text.size(),
                    exponent);
    // Place the decimal point: the first digit has weight 10^exponent.
    std::string int_digits, frac_digits;
    const int n_sig = static_cast<int>(sig.size());
    if (exponent < 0) {
        int_digits = "0";
        frac_digits = std::string(static_cast<std::size_t>(-exponent - 1), '0') + sig;
    } else if (exponent + 1 >= n_sig) {
        int_digits = sig + std::string(static_cast<std::size_t>(exponent + 1 - n_sig), '0');
    } else {
        int_digits = sig.substr(0, static_cast<std::size_t>(exponent + 1));
        frac_digits = sig.substr(static_cast<std::size_t>(exponent + 1));
    }
    return format_decimal(std::signbit(value), std::move(int_digits), std::move(frac_digits),
                          decimals);
}

std::string number(long long value, int decimals) {
    check_decimals(decimals);
    // Via unsigned so that LLONG_MIN has a magnitude.
    unsigned long long magnitude = value < 0 ? 0ULL - static_cast<unsigned long long>(value)
                                             : static_cast<unsigned long long>(value);
    return format_decimal(value < 0, std::to_string(magnitude), "", decimals);
}

std::string percent(double value, int decimals) {
    return number(value, decimals) + "%";
}

std::string roman(long long n) {
    if (n < 1 || n > 3999)
        throw FormatError("số La Mã chỉ nhận số từ 1 đến 3999, nhận được " + std::to_string(n));
    static constexpr std::array<std::pair<int, const char*>, 13> table{{{1000, "M"},
                                                                        {900, "CM"},
                                                                        {500, "D"},
                                                                        {400, "CD"},
                                                                        {100, "C"},
                                                                        {90, "XC"},
                                                                        {50, "L"},
                                                                        {40, "XL"},
                                                                        {10, "X"},
                                                                        {9, "IX"},
                                                                        {5, "V"},
                                                                        {4, "IV"},
                                                                        {1, "I"}}};
    std::string out;
    for (const auto& [v, s] : table)
        while (n >= v) {
            out += s;
            n -= v;
        }
    return out;
}

std::string diem(long long n) {
    // The Vietnamese alphabet without the letters with marks except đ (f, j, w, z are not used).
    static constexpr std::array<const char*, 23> letters{"a", "b", "c", "d", "đ", "e", "g", "h",
                                                         "i", "k", "l", "m", "n", "o", "p", "q",
                                                         "r", "s", "t", "u", "v", "x", "y"};
    if (n < 1 || n > 23)
        throw FormatError("diem chỉ nhận số từ 1 đến 23, nhận được " + std::to_string(n));
    return letters[static_cast<std::size_t>(n - 1)];
}

}  // namespace vanban::vn
