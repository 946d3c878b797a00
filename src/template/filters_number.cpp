// The filters that read and round numbers (abs, int, float, round, as Python does) and
// vanban's Vietnamese formatting of numbers and dates (vn_date, vn_number, vn_percent, roman,
// diem).
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>

#include "template/filter_families.hpp"
#include "template/filter_support.hpp"
#include "vn/format.hpp"
#include "vn/text.hpp"

namespace vanban::tpl::filters {

Value f_abs(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "abs", {});
    if (v.kind() == Kind::Int || v.kind() == Kind::Bool) {
        std::int64_t i = v.to_int();
        if (i == std::numeric_limits<std::int64_t>::min())
            fail(ctx, at, "số nguyên quá lớn (vượt quá giới hạn 64 bit)");
        return Value::integer(i < 0 ? -i : i);
    }
    if (v.kind() == Kind::Float) return Value::floating(std::fabs(v.as_float_raw()));
    bad_type(ctx, at, "abs", v, "một số");
}

namespace {

// Python float(str): optional sign, digits with single underscores, ".", exponent, inf/nan.
bool parse_py_float(std::string_view s, double& out) {
    while (!s.empty() && vn::is_space(char32_t(static_cast<unsigned char>(s.front()))))
        s.remove_prefix(1);
    while (!s.empty() && vn::is_space(char32_t(static_cast<unsigned char>(s.back()))))
        s.remove_suffix(1);
    std::string clean;
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) clean += s[i++];
    std::string rest;
    for (std::size_t j = i; j < s.size(); ++j)
        rest += char(std::tolower(static_cast<unsigned char>(s[j])));
    if (rest == "inf" || rest == "infinity" || rest == "nan") {
        out = rest == "nan" ? std::numeric_limits<double>::quiet_NaN()
                            : std::numeric_limits<double>::infinity();
        if (clean == "-") out = -out;
        return true;
    }
    auto digits = [&](bool& any) {
        any = false;
        while (i < s.size()) {
            if (s[i] >= '0' && s[i] <= '9') {
                clean += s[i++];
                any = true;
            } else if (s[i] == '_' && any && i + 1 < s.size() && s[i + 1] >= '0' &&
                       s[i + 1] <= '9') {
                ++i;
            } else {
                break;
            }
        }
    };
    bool int_part, frac_part = false;
    digits(int_part);
    if (i < s.size() && s[i] == '.') {
        clean += s[i++];
        digits(frac_part);
    }
    if (!int_part && !frac_part) return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        clean += s[i++];
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) clean += s[i++];
        bool exp_digits;
        digits(exp_digits);
        if (!exp_digits) return false;
    }
    if (i != s.size()) return false;
    out = std::strtod(clean.c_str(), nullptr);
    return true;
}

// Python int(str, base).
bool parse_py_int(std::string_view s, int base, std::int64_t& out, bool& overflow) {
    overflow = false;
    while (!s.empty() && vn::is_space(char32_t(static_cast<unsigned char>(s.front()))))
        s.remove_prefix(1);
    while (!s.empty() && vn::is_space(char32_t(static_cast<unsigned char>(s.back()))))
        s.remove_suffix(1);
    bool neg = false;
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
        neg = s[0] == '-';
        s.remove_prefix(1);
    }
    if (s.size() > 2 && s[0] == '0') {
        char p = char(std::tolower(static_cast<unsigned char>(s[1])));
        if ((p == 'x' && base == 16) || (p == 'o' && base == 8) || (p == 'b' && base == 2)) {
            s.remove_prefix(2);
            if (!s.empty() && s[0] == '_') s.remove_prefix(1);
        }
    }
    if (s.empty()) return false;
    unsigned __int128 acc = 0;
    bool prev_digit = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '_') {
            if (!prev_digit || i + 1 >= s.size()) return false;
            prev_digit = false;
            continue;
        }
        int d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'z')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'Z')
            d = c - 'A' + 10;
        else
            return false;
        if (d >= base) return false;
        acc = acc * unsigned(base) + unsigned(d);
        if (acc > (unsigned __int128)(1) << 64) overflow = true;
        prev_digit = true;
    }
    if (overflow ||
        acc > (unsigned __int128)(std::numeric_limits<std::int64_t>::max()) + (neg ? 1 : 0)) {
        overflow = true;
        return true;
    }
    out = neg ? std::int64_t(-(__int128)acc) : std::int64_t(acc);
    return true;
}

Value float_to_int(Ctx& ctx, double d, const Node& at) {
    if (std::isnan(d)) return Value::none();
    if (std::isinf(d) || std::fabs(d) >= 9.2233720368547758e18)
        fail(ctx, at, "không thể đổi số này sang số nguyên (quá lớn)");
    return Value::integer(std::int64_t(d));
}

}  // namespace

Value f_int(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "int", {"default", "base"});
    Value def = p.get(0) ? *p.get(0) : Value::integer(0);
    std::int64_t base = p.integer(1, 10);
    switch (v.kind()) {
        case Kind::Int:
        case Kind::Bool:
            return Value::integer(v.to_int());
        case Kind::Float:
            return float_to_int(ctx, v.as_float_raw(), at);
        case Kind::Str: {
            std::int64_t i;
            bool over;
            if (base >= 2 && base <= 36 && parse_py_int(v.sv(), int(base), i, over)) {
                if (over) fail(ctx, at, "số nguyên quá lớn (vượt quá giới hạn 64 bit)");
                return Value::integer(i);
            }
            double d;
            if (parse_py_float(v.sv(), d)) {
                Value r = float_to_int(ctx, d, at);
                return r.is_none() ? def : r;
            }
            return def;
        }
        default:
            return def;
    }
}

Value f_float(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "float", {"default"});
    Value def = p.get(0) ? *p.get(0) : Value::floating(0.0);
    if (v.is_number()) return Value::floating(v.to_double());
    double d;
    if (v.is_str() && parse_py_float(v.sv(), d)) return Value::floating(d);
    return def;
}

namespace {

// Python's round(x, n) for floats: correctly rounded on the exact binary value, ties to even.
double py_round(double x, std::int64_t n) {
    if (!std::isfinite(x) || n > 300) return x;
    if (n >= 0) {
        // Exact decimal rounding of the binary value, ties to even (as printf and Python).
        char buf[512];
        auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed, int(n));
        double out = x;
        std::from_chars(buf, r.ptr, out);
        return out;
    }
    double pow10 = std::pow(10.0, double(-n));
    double y = x / pow10;
    double r = std::nearbyint(y);
    return r * pow10;
}

}  // namespace

Value f_round(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "round", {"precision", "method"});
    std::int64_t prec = p.integer(0, 0);
    std::string method = p.str(1, "common");
    if (method != "common" && method != "ceil" && method != "floor")
        fail(ctx, at, "phương thức làm tròn phải là 'common', 'ceil' hoặc 'floor'");
    if (!v.is_number()) bad_type(ctx, at, "round", v, "một số");
    if (method == "common") {
        if (v.kind() != Kind::Float) {
            if (prec >= 0) return Value::integer(v.to_int());
            double r = py_round(double(v.to_int()), prec);
            return Value::integer(std::int64_t(r));
        }
        return Value::floating(py_round(v.as_float_raw(), prec));
    }
    if (prec < 0) fail(ctx, at, "độ chính xác âm không được hỗ trợ với 'ceil'/'floor'");
    double scale = std::pow(10.0, double(prec));
    double x = v.to_double() * scale;
    double r = method == "ceil" ? std::ceil(x) : std::floor(x);
    return Value::floating(r / scale);
}

namespace {

template <typename F>
Value vn_call(Ctx& ctx, const Node& at, std::string_view name, F&& f) {
    try {
        return Value::str(f());
    } catch (const vn::FormatError& e) {
        fail(ctx, at, "bộ lọc '" + std::string(name) + "': " + e.what());
    }
}

}  // namespace

Value f_vn_date(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "vn_date", {});
    if (!v.is_str()) bad_type(ctx, at, "vn_date", v, "một ngày dạng chuỗi ISO (YYYY-MM-DD)");
    return vn_call(ctx, at, "vn_date", [&] { return vn::date_long(vn::parse_iso_date(v.sv())); });
}

Value f_vn_date_short(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "vn_date_short", {});
    if (!v.is_str()) bad_type(ctx, at, "vn_date_short", v, "một ngày dạng chuỗi ISO (YYYY-MM-DD)");
    return vn_call(ctx, at, "vn_date_short",
                   [&] { return vn::date_short(vn::parse_iso_date(v.sv())); });
}

Value f_vn_number(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "vn_number", {"decimals"});
    int dec = int(std::clamp<std::int64_t>(p.integer(0, 0), 0, 20));
    if (v.kind() == Kind::Int || v.kind() == Kind::Bool)
        return vn_call(ctx, at, "vn_number",
                       [&] { return vn::number((long long)v.to_int(), dec); });
    if (v.kind() == Kind::Float)
        return vn_call(ctx, at, "vn_number", [&] { return vn::number(v.as_float_raw(), dec); });
    bad_type(ctx, at, "vn_number", v, "một số");
}

Value f_vn_percent(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "vn_percent", {"decimals"});
    int dec = int(std::clamp<std::int64_t>(p.integer(0, 1), 0, 20));
    if (!v.is_number()) bad_type(ctx, at, "vn_percent", v, "một số (tỉ lệ phần trăm)");
    return vn_call(ctx, at, "vn_percent", [&] { return vn::percent(v.to_double(), dec); });
}

Value f_roman(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "roman", {});
    if (v.kind() != Kind::Int) bad_type(ctx, at, "roman", v, "một số nguyên");
    return vn_call(ctx, at, "roman", [&] { return vn::roman(v.as_int_raw()); });
}

Value f_diem(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "diem", {});
    if (v.kind() != Kind::Int) bad_type(ctx, at, "diem", v, "một số nguyên từ 1 đến 23");
    return vn_call(ctx, at, "diem", [&] { return vn::diem(v.as_int_raw()); });
}

}  // namespace vanban::tpl::filters
