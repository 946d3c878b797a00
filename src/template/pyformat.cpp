// Python's printf-style formatting (str % args), used by the `format` filter and the `%`
// operator on strings. A Markup format string escapes its arguments (markupsafe).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "template/ast.hpp"
#include "vn/text.hpp"

namespace vanban::tpl {

namespace {

struct Spec {
    bool left = false, plus = false, space = false, alt = false, zero = false;
    int width = -1;
    int prec = -1;
    char type = 's';
};

void pad(std::string& out, std::string body, const Spec& sp, bool numeric) {
    std::size_t len = vn::codepoint_count(body);
    if (sp.width < 0 || len >= std::size_t(sp.width)) {
        out += body;
        return;
    }
    std::size_t fill = std::size_t(sp.width) - len;
    if (sp.left) {
        out += body;
        out.append(fill, ' ');
    } else if (sp.zero && numeric) {
        std::size_t sign =
            (!body.empty() && (body[0] == '-' || body[0] == '+' || body[0] == ' ')) ? 1 : 0;
        if (body.size() > sign + 1 && body[sign] == '0' &&
            (body[sign + 1] == 'x' || body[sign + 1] == 'X' || body[sign + 1] == 'o'))
            sign += 2;
        out.append(body, 0, sign);
        out.append(fill, '0');
        out.append(body, sign);
    } else {
        out.append(fill, ' ');
        out += body;
    }
}

// printf("%.{prec}f", d) into buf for the everyday case (a rate or an amount: |d| * 10^prec
// below 10^12, prec <= 6), by scaling to an integer. The scaled product carries a relative error
// of at most 2^-53 (under 10^-4 in absolute terms here), so when its fraction is not within
// 10^-3 of one half the nearest integer is the exactly rounded result; anything closer to a tie
// returns false and goes through to_chars, which rounds the exact binary value like printf.
// Returns the length written (0: not handled).
std::size_t fixed_fast(double d, int prec, char* buf) {
    static constexpr double kPow10[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
    if (prec > 6 || !std::isfinite(d)) return 0;
    const bool neg = std::signbit(d);
    const double x = std::fabs(d) * kPow10[prec];
    if (!(x < 1e12)) return 0;
    // x is in [0, 1e12): truncation is floor, and needs no call into libm.
    const auto whole = static_cast<std::uint64_t>(x);
    const double frac = x - double(whole);
    if (std::fabs(frac - 0.5) < 1e-3) return 0;
    auto digits = whole + (frac > 0.5 ? 1 : 0);
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = char('0' + digits % 10);
        digits /= 10;
    } while (digits > 0 || n <= prec);  // at least one digit before the point
    char* p = buf;
    if (neg) *p++ = '-';
    for (int k = n - 1; k >= 0; --k) {
        *p++ = tmp[k];
        if (k == prec && prec > 0) *p++ = '.';
    }
    *p = '\0';
    return std::size_t(p - buf);
}

// Python accepts any width, but a width or precision of millions only builds a huge string;
// capping it also keeps the digit loop far from int overflow.
constexpr int kMaxWidth = 10000;

[[noreturn]] void too_wide(Ctx& ctx, const Node& at) {
    fail(ctx, at,
         "định dạng '%': độ rộng hoặc độ chính xác quá lớn (tối đa " + std::to_string(kMaxWidth) +
             ")");
}

}  // namespace

namespace {

// The formatting proper. `list` holds the n arguments (a tuple's items, or the single non-tuple
// argument); `args` is the original right operand, needed for %(name)s and the Python rule that
// a lone non-tuple argument must be used. Taking a plain array lets the format filter pass its
// call arguments without first building a tuple object.
Value format_items(Ctx& ctx, const Value& fmt, const Value* list, std::size_t n, bool is_tuple,
                   const Value& args, const Node& at) {
    const bool markup = fmt.safe();
    const bool is_map = !is_tuple && args.is_dict();
    std::size_t next = 0;
    bool used_map = false;
    std::string out;
    std::string_view f = fmt.sv();
    auto take = [&]() -> const Value& {
        if (next >= n) fail(ctx, at, "định dạng '%': không đủ đối số cho chuỗi định dạng");
        return list[next++];
    };
    for (std::size_t i = 0; i < f.size(); ++i) {
        if (f[i] != '%') {
            out += f[i];
            continue;
        }
        if (++i >= f.size()) fail(ctx, at, "định dạng '%': chuỗi định dạng kết thúc giữa chừng");
        const Value* arg = nullptr;
        Value mapped;
        if (f[i] == '(') {
            std::size_t close = f.find(')', i);
            if (close == std::string_view::npos) fail(ctx, at, "định dạng '%': thiếu ')' sau '%('");
            if (!is_map) fail(ctx, at, "định dạng '%(tên)': cần một từ điển làm đối số");
            const Value* v = args.dict_ref().find(f.substr(i + 1, close - i - 1));
            if (!v)
                fail(ctx, at,
                     "định dạng '%': không có khóa '" +
                         std::string(f.substr(i + 1, close - i - 1)) + "'");
            mapped = *v;
            arg = &mapped;
            used_map = true;
            i = close + 1;
        }
        Spec sp;
        for (; i < f.size(); ++i) {
            char c = f[i];
            if (c == '-')
                sp.left = true;
            else if (c == '+')
                sp.plus = true;
            else if (c == ' ')
                sp.space = true;
            else if (c == '#')
                sp.alt = true;
            else if (c == '0')
                sp.zero = true;
            else
                break;
        }
        if (i < f.size() && f[i] == '*') {
            const Value& w = take();
            if (w.kind() != Kind::Int) fail(ctx, at, "định dạng '%': '*' cần một số nguyên");
            if (w.as_int_raw() > kMaxWidth || w.as_int_raw() < -kMaxWidth) too_wide(ctx, at);
            sp.width = int(w.as_int_raw());
            if (sp.width < 0) {
                sp.left = true;
                sp.width = -sp.width;
            }
            ++i;
        } else {
            while (i < f.size() && f[i] >= '0' && f[i] <= '9') {
                sp.width = std::max(sp.width, 0) * 10 + (f[i++] - '0');
                if (sp.width > kMaxWidth) too_wide(ctx, at);  // checked per digit: no overflow
            }
        }
        if (i < f.size() && f[i] == '.') {
            ++i;
            sp.prec = 0;
            if (i < f.size() && f[i] == '*') {
                const Value& p = take();
                if (p.kind() != Kind::Int) fail(ctx, at, "định dạng '%': '*' cần một số nguyên");
                if (p.as_int_raw() > kMaxWidth || p.as_int_raw() < -kMaxWidth) too_wide(ctx, at);
                sp.prec = int(p.as_int_raw());
                ++i;
            } else {
                while (i < f.size() && f[i] >= '0' && f[i] <= '9') {
                    sp.prec = sp.prec * 10 + (f[i++] - '0');
                    if (sp.prec > kMaxWidth) too_wide(ctx, at);
                }
            }
        }
        while (i < f.size() && (f[i] == 'l' || f[i] == 'h' || f[i] == 'L')) ++i;
        if (i >= f.size()) fail(ctx, at, "định dạng '%': chuỗi định dạng kết thúc giữa chừng");
        sp.type = f[i];
        if (sp.type == '%') {
            out += '%';
            continue;
        }
        if (!arg) arg = &take();
        const Value& v = *arg;
        check_defined(ctx, v, at);
        switch (sp.type) {
            case 's':
            case 'r':
            case 'a': {
                std::string s;
                if (sp.type == 's')
                    append_str(s, v);
                else
                    append_repr(s, v);
                if (sp.prec >= 0) {
                    std::u32string u = vn::to_u32(s);
                    if (u.size() > std::size_t(sp.prec))
                        s = vn::to_utf8(u.substr(0, std::size_t(sp.prec)));
                }
                if (markup && !(v.is_str() && v.safe())) {
                    std::string e;
                    append_escaped(e, s);
                    s = e;
                }
                pad(out, s, sp, false);
                break;
            }
            case 'd':
            case 'i':
            case 'u':
            case 'x':
            case 'X':
            case 'o': {
                std::int64_t n;
                if (v.kind() == Kind::Int || v.kind() == Kind::Bool) {
                    n = v.to_int();
                } else if (v.kind() == Kind::Float &&
                           (sp.type == 'd' || sp.type == 'i' || sp.type == 'u')) {
                    double d = v.as_float_raw();
                    if (!std::isfinite(d) || std::fabs(d) >= 9.2e18)
                        fail(ctx, at, "định dạng '%d': số không hợp lệ");
                    n = std::int64_t(d);
                } else {
                    fail(ctx, at,
                         std::string("định dạng '%") + sp.type + "' cần một số, không phải '" +
                             type_name(v) + "'");
                }
                bool neg = n < 0;
                unsigned long long mag = neg ? 0ULL - (unsigned long long)n : (unsigned long long)n;
                char buf[80];
                const char* cfmt = sp.type == 'x'   ? "%llx"
                                   : sp.type == 'X' ? "%llX"
                                   : sp.type == 'o' ? "%llo"
                                                    : "%llu";
                std::snprintf(buf, sizeof buf, cfmt, mag);
                std::string digits = buf;
                if (sp.prec >= 0 && digits.size() < std::size_t(sp.prec))
                    digits.insert(0, std::size_t(sp.prec) - digits.size(), '0');
                std::string body = neg ? "-" : sp.plus ? "+" : sp.space ? " " : "";
                if (sp.alt && sp.type != 'd' && sp.type != 'i' && sp.type != 'u')
                    body += sp.type == 'o' ? "0o" : sp.type == 'x' ? "0x" : "0X";
                body += digits;
                pad(out, body, sp, true);
                break;
            }
            case 'e':
            case 'E':
            case 'f':
            case 'F':
            case 'g':
            case 'G': {
                if (!v.is_number())
                    fail(ctx, at,
                         std::string("định dạng '%") + sp.type + "' cần một số, không phải '" +
                             type_name(v) + "'");
                double d = v.to_double();
                char buf[512];
                int prec = sp.prec < 0 ? 6 : std::min(sp.prec, 300);
                if (!sp.plus && !sp.space && !sp.alt && sp.type == 'f' &&
                    fixed_fast(d, prec, buf) > 0) {
                    // done: the common "%.1f" of a rate, without to_chars
                } else if (!sp.plus && !sp.space && !sp.alt &&
                           (sp.type == 'f' || sp.type == 'e' || sp.type == 'g')) {
                    // std::to_chars with a precision rounds exactly as printf does, much faster.
                    auto fmt = sp.type == 'f'   ? std::chars_format::fixed
                               : sp.type == 'e' ? std::chars_format::scientific
                                                : std::chars_format::general;
                    auto r = std::to_chars(buf, buf + sizeof buf - 1, d, fmt, prec);
                    *r.ptr = '\0';
                } else {
                    std::string cf = "%";
                    if (sp.plus) cf += '+';
                    if (sp.space) cf += ' ';
                    if (sp.alt) cf += '#';
                    cf += '.';
                    cf += std::to_string(prec);
                    cf += sp.type;
                    std::snprintf(buf, sizeof buf, cf.c_str(), d);
                }
                pad(out, buf, sp, std::isfinite(d));
                break;
            }
            case 'c': {
                std::string s;
                if (v.kind() == Kind::Int) {
                    if (v.as_int_raw() < 0 || v.as_int_raw() > 0x10FFFF)
                        fail(ctx, at, "định dạng '%c': mã ký tự ngoài phạm vi");
                    vn::append_utf8(s, char32_t(v.as_int_raw()));
                } else if (v.is_str() && vn::codepoint_count(v.sv()) == 1) {
                    s = v.str_ref();
                } else {
                    fail(ctx, at, "định dạng '%c' cần một số nguyên hoặc một ký tự");
                }
                pad(out, s, sp, false);
                break;
            }
            default:
                fail(ctx, at,
                     std::string("định dạng '%': ký tự định dạng không được hỗ trợ '") + sp.type +
                         "'");
        }
    }
    if (is_tuple && next < n) fail(ctx, at, "định dạng '%': thừa đối số so với chuỗi định dạng");
    if (!is_tuple && !is_map && next == 0 && !used_map)
        fail(ctx, at, "định dạng '%': thừa đối số so với chuỗi định dạng");
    return Value::str(std::move(out), markup);
}

}  // namespace

Value percent_format(Ctx& ctx, const Value& fmt, const Value& args, const Node& at) {
    check_defined(ctx, args, at);
    if (args.is_list() && args.seq() != Seq::List)
        return format_items(ctx, fmt, args.items().data(), args.items().size(), true, args, at);
    return format_items(ctx, fmt, &args, 1, false, args, at);
}

std::size_t percent_fixed_digits(std::string_view f, const Value& x, char* buf) {
    if (f.size() == 4 && f[0] == '%' && f[1] == '.' && f[2] >= '0' && f[2] <= '6' && f[3] == 'f' &&
        x.is_number() && !x.is_big())
        return fixed_fast(x.to_double(), f[2] - '0', buf);
    return 0;
}

Value percent_format_tuple(Ctx& ctx, const Value& fmt, const Value* items, std::size_t n,
                           const Node& at) {
    // "%.1f"|format(rate), the commonest format in reports: no spec parsing.
    if (n == 1) {
        char buf[48];
        if (std::size_t len = percent_fixed_digits(fmt.sv(), items[0], buf))
            return Value::str(std::string(buf, len), fmt.safe());
    }
    return format_items(ctx, fmt, items, n, true, Value(), at);
}

}  // namespace vanban::tpl
