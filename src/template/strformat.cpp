// Python's str.format ("{} {}".format(a, b)), as Jinja2 calls it on a string: replacement fields
// {name!conv:spec} with automatic, numbered or named arguments, [index] lookups, the !r !s !a
// conversions and the format-spec mini-language (fill, align, sign, #, 0, width, grouping,
// precision, type). A Markup format string escapes each formatted argument that is not itself
// Markup (markupsafe's EscapeFormatter). Attribute lookups (`{0.name}`) are not supported: on
// the values templates see (JSON data) Python would look up a method, not a member.
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "template/ast.hpp"
#include "vn/text.hpp"

namespace vanban::tpl {

namespace {

constexpr int kMaxWidth = 10000;  // as for % formatting: a huge width only builds a huge string

[[noreturn]] void bad(Ctx& ctx, const Node& at, const std::string& what) {
    fail(ctx, at, "str.format: " + what);
}

struct FormatSpec {
    char32_t fill = U' ';
    char align = 0;  // '<' '>' '^' '=' or 0 (the type's default)
    char sign = 0;   // '+' '-' ' ' or 0
    bool alt = false, zero = false;
    int width = -1, prec = -1;
    char grouping = 0;  // ',' '_' or 0
    char type = 0;
};

int spec_number(Ctx& ctx, const Node& at, std::u32string_view s, std::size_t& i) {
    int n = 0;
    while (i < s.size() && s[i] >= U'0' && s[i] <= U'9') {
        n = n * 10 + int(s[i++] - U'0');
        if (n > kMaxWidth)
            bad(ctx, at,
                std::string("độ rộng hoặc độ chính xác quá lớn (tối đa ") +
                    std::to_string(kMaxWidth) + ")");
    }
    return n;
}

FormatSpec parse_spec(Ctx& ctx, const Node& at, std::string_view text) {
    const std::u32string s = vn::to_u32(text);
    FormatSpec sp;
    std::size_t i = 0;
    auto is_align = [](char32_t c) { return c == U'<' || c == U'>' || c == U'^' || c == U'='; };
    if (s.size() >= 2 && is_align(s[1])) {
        sp.fill = s[0];
        sp.align = char(s[1]);
        i = 2;
    } else if (!s.empty() && is_align(s[0])) {
        sp.align = char(s[0]);
        i = 1;
    }
    if (i < s.size() && (s[i] == U'+' || s[i] == U'-' || s[i] == U' ')) sp.sign = char(s[i++]);
    if (i < s.size() && s[i] == U'#') {
        sp.alt = true;
        ++i;
    }
    if (i < s.size() && s[i] == U'0') {
        sp.zero = true;
        ++i;
    }
    if (i < s.size() && s[i] >= U'0' && s[i] <= U'9') sp.width = spec_number(ctx, at, s, i);
    if (i < s.size() && (s[i] == U',' || s[i] == U'_')) sp.grouping = char(s[i++]);
    if (i < s.size() && s[i] == U'.') {
        ++i;
        if (i >= s.size() || s[i] < U'0' || s[i] > U'9') bad(ctx, at, "thiếu độ chính xác sau '.'");
        sp.prec = spec_number(ctx, at, s, i);
    }
    if (i < s.size()) sp.type = s[i] < 0x80 ? char(s[i]) : '?';
    if (i + 1 < s.size() || sp.type == '?')
        bad(ctx, at, std::string("đặc tả định dạng không hợp lệ '") + std::string(text) + "'");
    if (sp.zero && sp.align == 0) {
        sp.fill = U'0';
        sp.align = '=';
    }
    return sp;
}

// Pads `body` (sign and prefix first: `lead` code units of it) to the spec's width.
std::string pad(std::string body, std::size_t lead, const FormatSpec& sp, char def_align) {
    const std::size_t len = vn::codepoint_count(body);
    if (sp.width < 0 || len >= std::size_t(sp.width)) return body;
    const std::size_t n = std::size_t(sp.width) - len;
    std::string fill;
    vn::append_utf8(fill, sp.fill);
    auto fills = [&](std::size_t k) {
        std::string f;
        for (std::size_t j = 0; j < k; ++j) f += fill;
        return f;
    };
    switch (sp.align ? sp.align : def_align) {
        case '<':
            return body + fills(n);
        case '^':
            return fills(n / 2) + body + fills(n - n / 2);
        case '=':
            return body.substr(0, lead) + fills(n) + body.substr(lead);
        default:
            return fills(n) + body;
    }
}

// Inserts the grouping character every three digits of the integer part of `digits`.
std::string group(const std::string& digits, char sep) {
    if (!sep) return digits;
    std::size_t end = digits.find_first_not_of("0123456789");
    if (end == std::string::npos) end = digits.size();
    std::string out;
    for (std::size_t i = 0; i < end; ++i) {
        if (i > 0 && (end - i) % 3 == 0) out += sep;
        out += digits[i];
    }
    return out + digits.substr(end);
}

std::string sign_of(bool neg, const FormatSpec& sp) {
    if (neg) return "-";
    if (sp.sign == '+') return "+";
    if (sp.sign == ' ') return " ";
    return "";
}

std::string format_str(Ctx& ctx, const Node& at, const std::string& s, const FormatSpec& sp) {
    if (sp.type != 0 && sp.type != 's')
        bad(ctx, at, std::string("mã định dạng '") + sp.type + "' không dùng được cho chuỗi");
    if (sp.sign) bad(ctx, at, "không được dùng dấu (+, -, khoảng trắng) khi định dạng chuỗi");
    if (sp.align == '=') bad(ctx, at, "căn lề '=' không dùng được cho chuỗi");
    if (sp.grouping) bad(ctx, at, "không được dùng dấu phân nhóm khi định dạng chuỗi");
    std::string body = s;
    if (sp.prec >= 0) {
        std::u32string u = vn::to_u32(s);
        if (u.size() > std::size_t(sp.prec)) body = vn::to_utf8(u.substr(0, std::size_t(sp.prec)));
    }
    return pad(body, 0, sp, '<');
}

std::string format_int(Ctx& ctx, const Node& at, const Value& v, const FormatSpec& sp) {
    const char t = sp.type ? sp.type : 'd';
    if (t == 'c') {
        if (sp.sign || sp.alt || sp.grouping)
            bad(ctx, at, "mã 'c' không nhận dấu, '#' hay phân nhóm");
        const std::int64_t c = v.to_int();
        if (c < 0 || c > 0x10FFFF) bad(ctx, at, "mã ký tự ngoài phạm vi");
        std::string s;
        vn::append_utf8(s, char32_t(c));
        return pad(s, 0, sp, '>');
    }
    if (sp.prec >= 0) bad(ctx, at, "số nguyên không nhận độ chính xác");
    const bool neg = !v.is_big() && v.to_int() < 0;
    unsigned long long mag = v.is_big() ? v.as_big_raw()
                             : neg      ? 0ULL - (unsigned long long)v.to_int()
                                        : (unsigned long long)v.to_int();
    std::string digits, prefix;
    if (t == 'd' || t == 'n') {
        digits = std::to_string(mag);
    } else if (t == 'x' || t == 'X' || t == 'o' || t == 'b') {
        const int base = t == 'o' ? 8 : t == 'b' ? 2 : 16;
        do {
            digits.insert(digits.begin(), "0123456789abcdef"[mag % base]);
            mag /= base;
        } while (mag);
        if (t == 'X')
            for (auto& c : digits) c = char(std::toupper(static_cast<unsigned char>(c)));
        if (sp.alt) prefix = t == 'o' ? "0o" : t == 'b' ? "0b" : t == 'x' ? "0x" : "0X";
        if (sp.grouping == ',')
            bad(ctx, at, std::string("không dùng ',' với mã '") + std::string(1, t) + "'");
        if (sp.grouping == '_') {
            // Python groups binary, octal and hex digits by four
            std::string g;
            for (std::size_t i = 0; i < digits.size(); ++i) {
                if (i > 0 && (digits.size() - i) % 4 == 0) g += '_';
                g += digits[i];
            }
            digits = g;
        }
    } else {
        bad(ctx, at, std::string("mã định dạng '") + t + "' không dùng được cho số nguyên");
    }
    if (t == 'd' || t == 'n') digits = group(digits, sp.grouping);
    std::string head = sign_of(neg, sp) + prefix;
    return pad(head + digits, head.size(), sp, '>');
}

std::string format_float(Ctx& ctx, const Node& at, double d, const FormatSpec& sp) {
    char t = sp.type;
    if (t == 'n') t = 'g';
    const bool neg = std::signbit(d);
    const double a = std::fabs(d);
    std::string digits;
    if (!std::isfinite(a)) {
        digits = std::isnan(a) ? "nan" : "inf";
        if (t == 'F' || t == 'E' || t == 'G')
            for (auto& c : digits) c = char(std::toupper(static_cast<unsigned char>(c)));
        if (t == '%') digits += '%';
    } else if (t == 0 && sp.prec < 0) {
        append_float(digits, a);  // repr, as str(x)
    } else {
        std::string cf = "%";
        if (sp.alt) cf += '#';
        char pt = t;
        double x = a;
        int prec = sp.prec < 0 ? 6 : std::min(sp.prec, 300);
        if (t == '%') {
            pt = 'f';
            x = a * 100;
        } else if (t == 0) {
            pt = 'g';  // with a precision: like g, but at least one digit after the point
        } else if (t != 'e' && t != 'E' && t != 'f' && t != 'F' && t != 'g' && t != 'G') {
            bad(ctx, at, std::string("mã định dạng '") + t + "' không dùng được cho số thực");
        }
        if (pt == 'g' || pt == 'G') prec = std::max(prec, 1);
        cf += '.';
        cf += std::to_string(prec);
        cf += pt;
        char buf[512];
        std::snprintf(buf, sizeof buf, cf.c_str(), x);
        digits = buf;
        if (t == 0 && digits.find_first_of(".e") == std::string::npos) digits += ".0";
        if (t == '%') digits += '%';
    }
    if (std::isfinite(a)) digits = group(digits, sp.grouping);
    const std::string head = sign_of(neg, sp);
    return pad(head + digits, head.size(), sp, '>');
}

// format(value, spec) for one field, as Python's built-in format() does on these types.
std::string format_value(Ctx& ctx, const Node& at, const Value& v, std::string_view spec_text) {
    const FormatSpec sp = parse_spec(ctx, at, spec_text);
    switch (v.kind()) {
        case Kind::Str:
            return format_str(ctx, at, v.str_ref(), sp);
        case Kind::Int:
            if (sp.type && std::string_view("eEfFgG%").find(sp.type) != std::string_view::npos)
                return format_float(ctx, at, v.to_double(), sp);
            return format_int(ctx, at, v, sp);
        case Kind::Bool:
            if (spec_text.empty()) return v.to_int() ? "True" : "False";
            if (sp.type && std::string_view("eEfFgG%").find(sp.type) != std::string_view::npos)
                return format_float(ctx, at, v.to_double(), sp);
            return format_int(ctx, at, v, sp);
        case Kind::Float:
            return format_float(ctx, at, v.as_float_raw(), sp);
        default:
            if (!spec_text.empty())
                bad(ctx, at,
                    std::string("không định dạng được giá trị kiểu '") + type_name(v) + "' với '" +
                        std::string(spec_text) + "'");
            return to_str(v);
    }
}

struct Formatter {
    Ctx& ctx;
    const Node& at;
    const CallArgs& args;
    bool markup;
    std::size_t auto_next = 0;
    int numbering = 0;  // 0 unknown, 1 automatic, 2 manual

    Value lookup(std::string_view field) {
        std::size_t end = field.find_first_of(".[");
        std::string_view first = field.substr(0, end);
        Value v;
        if (first.empty()) {
            if (numbering == 2)
                bad(ctx, at, "không thể chuyển từ đánh số thủ công sang đánh số tự động");
            numbering = 1;
            if (auto_next >= args.pos.size())
                bad(ctx, at,
                    std::string("thiếu đối số thứ ") + std::to_string(auto_next) + " (đếm từ 0)");
            v = args.pos[auto_next++];
        } else if (first.find_first_not_of("0123456789") == std::string_view::npos) {
            if (numbering == 1)
                bad(ctx, at, "không thể chuyển từ đánh số tự động sang đánh số thủ công");
            numbering = 2;
            std::size_t k = 0;
            std::from_chars(first.data(), first.data() + first.size(), k);
            if (first.size() > 6 || k >= args.pos.size())
                bad(ctx, at, std::string("thiếu đối số thứ ") + std::string(first) + " (đếm từ 0)");
            v = args.pos[k];
        } else {
            const Value* found = nullptr;
            for (const auto& [name, val] : args.kw)
                if (name == first) found = &val;
            if (!found)
                bad(ctx, at, std::string("thiếu đối số có tên '") + std::string(first) + "'");
            v = *found;
        }
        while (end != std::string_view::npos && end < field.size()) {
            if (field[end] == '.')
                bad(ctx, at,
                    std::string("không hỗ trợ truy cập thuộc tính '") + std::string(field) + "'");
            std::size_t close = field.find(']', end);
            if (close == std::string_view::npos)
                bad(ctx, at, std::string("thiếu ']' trong '") + std::string(field) + "'");
            std::string_view key = field.substr(end + 1, close - end - 1);
            if (key.empty())
                bad(ctx, at, std::string("chỉ mục rỗng trong '") + std::string(field) + "'");
            check_defined(ctx, v, at);
            Value k;
            if (key.find_first_not_of("0123456789") == std::string_view::npos && key.size() < 10)
                k = Value::integer(std::stoll(std::string(key)));
            else
                k = Value::str(std::string(key));
            if (v.is_dict()) {
                const Value* item = v.dict_ref().find(k);
                if (!item) bad(ctx, at, std::string("không có khóa '") + std::string(key) + "'");
                v = *item;
            } else if (v.is_list() && k.kind() == Kind::Int) {
                if (std::size_t(k.as_int_raw()) >= v.items().size())
                    bad(ctx, at, std::string("chỉ mục ") + std::string(key) + " ngoài danh sách");
                v = v.items()[std::size_t(k.as_int_raw())];
            } else if (v.is_str() && k.kind() == Kind::Int) {
                std::u32string u = vn::to_u32(v.sv());
                if (std::size_t(k.as_int_raw()) >= u.size())
                    bad(ctx, at, std::string("chỉ mục ") + std::string(key) + " ngoài chuỗi");
                v = Value::str(vn::to_utf8(u.substr(std::size_t(k.as_int_raw()), 1)));
            } else {
                bad(ctx, at,
                    std::string("không lấy được '[") + std::string(key) + "]' của giá trị kiểu '" +
                        type_name(v) + "'");
            }
            end = close + 1;
        }
        return v;
    }

    // One replacement field's text between the braces.
    std::string field(std::string_view inner, int depth) {
        // the field name ends at '!' or ':' outside brackets
        std::size_t i = 0;
        for (bool in_bracket = false; i < inner.size(); ++i) {
            if (inner[i] == '[') in_bracket = true;
            if (inner[i] == ']') in_bracket = false;
            if (!in_bracket && (inner[i] == '!' || inner[i] == ':')) break;
        }
        const std::string_view name = inner.substr(0, i);
        char conv = 0;
        if (i < inner.size() && inner[i] == '!') {
            if (i + 1 >= inner.size() || (inner.size() > i + 2 && inner[i + 2] != ':'))
                bad(ctx, at, "sau '!' phải là r, s hoặc a rồi ':' hoặc '}'");
            conv = inner[i + 1];
            if (conv != 'r' && conv != 's' && conv != 'a')
                bad(ctx, at, std::string("chuyển đổi '!") + conv + "' không có (chỉ !r, !s, !a)");
            i += 2;
        }
        std::string spec;
        if (i < inner.size()) {  // ':' and the spec, which may hold nested fields
            if (depth > 1) bad(ctx, at, "đặc tả định dạng lồng quá sâu");
            spec = expand(inner.substr(i + 1), depth + 1);
        }
        Value v = lookup(name);
        check_defined(ctx, v, at);
        std::string out;
        bool escape = markup;
        if (conv == 's' || conv == 'r' || conv == 'a') {
            std::string s;
            if (conv == 's')
                append_str(s, v);
            else
                append_repr(s, v);
            out = format_value(ctx, at, Value::str(std::move(s)), spec);
        } else if (v.is_str() && v.safe() && markup) {
            if (!spec.empty()) bad(ctx, at, "giá trị Markup không nhận đặc tả định dạng");
            out = v.str_ref();
            escape = false;
        } else {
            out = format_value(ctx, at, v, spec);
        }
        if (!escape) return out;
        std::string e;
        append_escaped(e, out);
        return e;
    }

    // The format string with its fields replaced; depth 1 is the string itself, 2 a spec.
    std::string expand(std::string_view f, int depth) {
        std::string out;
        for (std::size_t i = 0; i < f.size(); ++i) {
            const char c = f[i];
            if (c == '}') {
                if (i + 1 < f.size() && f[i + 1] == '}') {
                    out += '}';
                    ++i;
                    continue;
                }
                bad(ctx, at, "dấu '}' đơn lẻ trong chuỗi định dạng");
            }
            if (c != '{') {
                out += c;
                continue;
            }
            if (i + 1 < f.size() && f[i + 1] == '{') {
                out += '{';
                ++i;
                continue;
            }
            // the matching '}', counting nested braces (fields in the spec)
            int level = 1;
            std::size_t j = i + 1;
            for (; j < f.size(); ++j) {
                if (f[j] == '{') ++level;
                if (f[j] == '}' && --level == 0) break;
            }
            if (j >= f.size()) bad(ctx, at, "thiếu '}' đóng trường thay thế");
            out += field(f.substr(i + 1, j - i - 1), depth);
            i = j;
        }
        return out;
    }
};

}  // namespace

Value str_format(Ctx& ctx, const Value& fmt, const CallArgs& args, const Node& at) {
    for (const auto& v : args.pos) check_defined(ctx, v, at);
    for (const auto& kv : args.kw) check_defined(ctx, kv.second, at);
    Formatter f{ctx, at, args, fmt.safe()};
    return Value::str(f.expand(fmt.sv(), 1), fmt.safe());
}

}  // namespace vanban::tpl
