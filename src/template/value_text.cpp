// Python's str() and repr() of a runtime value, and HTML escaping: how values become text.
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "template/callable.hpp"
#include "template/value.hpp"
#include "vn/text.hpp"

namespace vanban::tpl {

void append_float(std::string& out, double d) {
    if (std::isnan(d)) {
        out += "nan";
        return;
    }
    if (std::isinf(d)) {
        out += d < 0 ? "-inf" : "inf";
        return;
    }
    char buf[64];
    // Shortest round-trip digits, as Python's repr uses; then Python's layout rule.
    auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    std::string_view sci(buf, std::size_t(r.ptr - buf));
    auto epos = sci.find('e');
    int exp10 = 0;
    std::from_chars(sci.data() + epos + 1 + (sci[epos + 1] == '+'), sci.data() + sci.size(), exp10);
    if (exp10 < -4 || exp10 >= 16) {
        out += sci;  // "1e+16", "1.5e-05": same as Python
        return;
    }
    std::string digits;
    bool neg = false;
    for (char c : sci.substr(0, epos)) {
        if (c == '-')
            neg = true;
        else if (c != '.')
            digits += c;
    }
    if (neg) out += '-';
    int point = exp10 + 1;  // digits before the decimal point
    if (point <= 0) {
        out += "0.";
        out.append(std::size_t(-point), '0');
        out += digits;
    } else if (std::size_t(point) >= digits.size()) {
        out += digits;
        out.append(std::size_t(point) - digits.size(), '0');
        out += ".0";
    } else {
        out.append(digits, 0, std::size_t(point));
        out += '.';
        out.append(digits, std::size_t(point));
    }
}

namespace {
constexpr auto kSpecial = [] {
    std::array<bool, 256> t{};
    t['&'] = t['<'] = t['>'] = t['"'] = t['\''] = true;
    return t;
}();
}  // namespace

std::size_t find_escapable(std::string_view s, std::size_t from) {
    std::size_t i = from;
    const std::size_t n = s.size();
#if defined(__SSE2__)
    // 16 bytes at a time while none is special: most text has no & < > " '.
    const __m128i amp = _mm_set1_epi8('&'), lt = _mm_set1_epi8('<'), gt = _mm_set1_epi8('>'),
                  dq = _mm_set1_epi8('"'), sq = _mm_set1_epi8('\'');
    while (i + 16 <= n) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
        const __m128i hit =
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, amp), _mm_cmpeq_epi8(x, lt)),
                         _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, gt), _mm_cmpeq_epi8(x, dq)),
                                      _mm_cmpeq_epi8(x, sq)));
        if (const int m = _mm_movemask_epi8(hit); m != 0)
            return i + std::size_t(__builtin_ctz(unsigned(m)));
        i += 16;
    }
#endif
    // The tail (or everything, without SSE2): one table lookup per byte.
    while (i < n && !kSpecial[static_cast<unsigned char>(s[i])]) ++i;
    return i < n ? i : std::string_view::npos;
}

bool StrObj::escape_free() const {
    std::uint8_t st = escape_state.load(std::memory_order_relaxed);
    if (st == 0) {
        st = find_escapable(s) == std::string_view::npos ? 1 : 2;
        escape_state.store(st, std::memory_order_relaxed);
    }
    return st == 1;
}

void append_escaped(std::string& out, std::string_view s) {
    // Runs without special characters are appended in one piece.
    std::size_t run = 0;
    while (true) {
        const std::size_t i = find_escapable(s, run);
        if (i == std::string_view::npos) break;
        out.append(s.data() + run, i - run);
        switch (s[i]) {
            case '&':
                out.append("&amp;", 5);
                break;
            case '<':
                out.append("&lt;", 4);
                break;
            case '>':
                out.append("&gt;", 4);
                break;
            case '"':
                out.append("&#34;", 5);
                break;
            default:
                out.append("&#39;", 5);
                break;
        }
        run = i + 1;
    }
    out.append(s.data() + run, s.size() - run);
}

namespace {

void append_int(std::string& out, std::int64_t i) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, i);
    out.append(buf, r.ptr);
}

bool printable(char32_t c) {
    if (c < 0x20 || c == 0x7f) return false;
    if (c >= 0x80 && c <= 0xa0) return false;
    if (c == 0xad) return false;
    if ((c >= 0x2000 && c <= 0x200f) || (c >= 0x2028 && c <= 0x202f) ||
        (c >= 0x205f && c <= 0x206f) || c == 0x3000 || c == 0xfeff)
        return false;
    return true;
}

void append_str_repr(std::string& out, std::string_view s) {
    bool has_single = s.find('\'') != std::string_view::npos;
    bool has_double = s.find('"') != std::string_view::npos;
    char q = (has_single && !has_double) ? '"' : '\'';
    out += q;
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t start = i;
        char32_t c = vn::decode_utf8(s, i);
        if (c == char32_t(q) || c == '\\') {
            out += '\\';
            out += char(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (!printable(c)) {
            char buf[16];
            if (c <= 0xff)
                std::snprintf(buf, sizeof buf, "\\x%02x", unsigned(c));
            else
                std::snprintf(buf, sizeof buf, "\\u%04x", unsigned(c));
            out += buf;
        } else {
            out.append(s.data() + start, i - start);
        }
    }
    out += q;
}

}  // namespace

void append_repr(std::string& out, const Value& v) {
    switch (v.kind()) {
        case Kind::Str:
            if (v.safe()) {
                out += "Markup(";
                append_str_repr(out, v.sv());
                out += ')';
            } else {
                append_str_repr(out, v.sv());
            }
            return;
        case Kind::List: {
            const auto& items = v.items();
            bool tuple = v.seq() != Seq::List;  // groupby's _GroupTuple prints as a tuple
            out += tuple ? '(' : '[';
            for (std::size_t i = 0; i < items.size(); ++i) {
                if (i) out += ", ";
                append_repr(out, items[i]);
            }
            if (tuple && items.size() == 1) out += ',';
            out += tuple ? ')' : ']';
            return;
        }
        case Kind::Dict: {
            out += '{';
            bool first = true;
            for (const auto& [k, val] : v.dict_ref().items) {
                if (!first) out += ", ";
                first = false;
                append_repr(out, k);
                out += ": ";
                append_repr(out, val);
            }
            out += '}';
            return;
        }
        default:
            append_str(out, v);
    }
}

void append_str(std::string& out, const Value& v) {
    switch (v.kind()) {
        case Kind::Undefined:
            return;
        case Kind::None:
            out += "None";
            return;
        case Kind::Bool:
            out += v.as_bool_raw() ? "True" : "False";
            return;
        case Kind::Int:
            if (v.is_big()) {
                out += std::to_string(v.as_big_raw());
                return;
            }
            append_int(out, v.as_int_raw());
            return;
        case Kind::Float:
            append_float(out, v.as_float_raw());
            return;
        case Kind::Str:
            out += v.sv();
            return;
        case Kind::List:
        case Kind::Dict:
            append_repr(out, v);
            return;
        case Kind::Callable:
            out += static_cast<const CallableObj*>(v.obj().get())->describe();
            return;
        case Kind::Namespace: {
            out += "<Namespace ";
            append_repr(out,
                        Value::dict(std::shared_ptr<const DictObj>(v.obj(), &v.ns_ref().attrs)));
            out += '>';
            return;
        }
    }
}

std::string to_str(const Value& v) {
    if (v.is_str()) return v.str_ref();
    std::string s;
    append_str(s, v);
    return s;
}

}  // namespace vanban::tpl
