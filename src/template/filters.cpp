// Jinja2's filters and tests (filters.py, tests.py) and vanban's Vietnamese filters.
#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "template/ast.hpp"
#include "vn/collate.hpp"
#include "vn/format.hpp"
#include "vn/nobreak.hpp"
#include "vn/text.hpp"

namespace vanban::tpl {

namespace {

// ---- argument helpers ----
struct Params {
    Ctx& ctx;
    CallArgs& a;
    const Node& at;
    std::string_view fname;
    // Copied: an initializer_list's array dies with the constructor's full-expression.
    std::array<std::string_view, 6> names{};
    std::size_t count = 0;

    Params(Ctx& c, CallArgs& args, const Node& n, std::string_view f,
           std::initializer_list<std::string_view> ns)
        : ctx(c), a(args), at(n), fname(f) {
        for (auto x : ns) names[count++] = x;
        if (a.pos.size() > count)
            fail(ctx, at,
                 "bộ lọc '" + std::string(fname) + "' nhận tối đa " + std::to_string(count) +
                     " đối số, nhưng được truyền " + std::to_string(a.pos.size()));
        for (const auto& [k, v] : a.kw) {
            std::size_t i = 0;
            bool ok = false;
            for (std::size_t j = 0; j < count; ++j) {
                auto n2 = names[j];
                if (n2 == k) {
                    ok = true;
                    if (i < a.pos.size())
                        fail(ctx, at,
                             "bộ lọc '" + std::string(fname) + "' nhận tham số '" + std::string(k) +
                                 "' hai lần");
                }
                ++i;
            }
            if (!ok)
                fail(ctx, at,
                     "bộ lọc '" + std::string(fname) + "' không có tham số '" + std::string(k) +
                         "'");
        }
    }
    const Value* get(std::size_t i) const { return a.get(i, names[i]); }
    bool has(std::size_t i) const {
        const Value* v = get(i);
        return v && !v->is_none();
    }
    std::int64_t integer(std::size_t i, std::int64_t def) const {
        const Value* v = get(i);
        if (!v) return def;
        if (v->kind() == Kind::Int || v->kind() == Kind::Bool) return v->to_int();
        fail(ctx, at,
             "tham số '" + std::string(names[i]) + "' của bộ lọc '" + std::string(fname) +
                 "' phải là số nguyên, không phải '" + type_name(*v) + "'");
    }
    bool boolean(std::size_t i, bool def) const {
        const Value* v = get(i);
        return v ? truthy(*v) : def;
    }
    std::string str(std::size_t i, std::string def) const {
        const Value* v = get(i);
        return v ? to_str(*v) : def;
    }
};

[[noreturn]] void bad_type(Ctx& ctx, const Node& at, std::string_view f, const Value& v,
                           std::string_view expected) {
    fail(ctx, at,
         "bộ lọc '" + std::string(f) + "' cần " + std::string(expected) +
             ", nhưng nhận giá trị kiểu '" + type_name(v) + "'");
}

std::int64_t py_len(Ctx& ctx, const Value& v, const Node& at, std::string_view f) {
    switch (v.kind()) {
        case Kind::Str:
            return std::int64_t(vn::codepoint_count(v.sv()));
        case Kind::List:
            return std::int64_t(v.items().size());
        case Kind::Dict:
            return std::int64_t(v.dict_ref().items.size());
        default:
            bad_type(ctx, at, f, v, "chuỗi, danh sách hoặc từ điển");
    }
}

// soft_str: keeps Markup, converts the rest with str().
Value soft_str(const Value& v) {
    if (v.is_str()) return v;
    return Value::str(to_str(v));
}

std::string lower_fn(std::string_view s) {
    return vn::lower(s);
}
std::string upper_fn(std::string_view s) {
    return vn::upper(s);
}

Value lower_key(const Value& v) {
    if (v.is_str()) {
        const StrObj& l = v.str_obj_ref().lowered(lower_fn);
        if (l.s == v.sv()) return v;  // already lower case: share the string
        // Aliasing pointer: the lowered string lives as long as the string that owns it.
        return Value::str_obj(std::shared_ptr<const StrObj>(v.str_ptr(), &l));
    }
    return v;
}

// make_attrgetter(attribute, postprocess=ignore_case if not case_sensitive, default)
struct Getter {
    Ctx& ctx;
    const Node& at;
    const Value* attr;  // null: the item itself
    bool ignore_case;
    const Value* def = nullptr;
    bool multi = false;  // sort's make_multi_attrgetter: "a,b"
    Value operator()(const Value& item) const {
        if (multi && attr && attr->is_str() && attr->sv().find(',') != std::string_view::npos) {
            std::vector<Value> keys;
            std::string_view s = attr->sv();
            while (true) {
                auto c = s.find(',');
                keys.push_back(one(item, Value::str(std::string(s.substr(0, c)))));
                if (c == std::string_view::npos) break;
                s.remove_prefix(c + 1);
            }
            return Value::list(std::move(keys));
        }
        return attr ? one(item, *attr) : post(item);
    }
    // Whether `attr` is one plain dict key (no dot, not all digits), worked out on the first
    // item rather than for every one; and the slot where the last row had it (rows of JSON data
    // share their key order).
    mutable signed char attr_plain = -1;
    mutable std::atomic<std::uint32_t> hint{0};
    static bool plain_key(std::string_view p) {
        return p.find('.') == std::string_view::npos &&
               !std::all_of(p.begin(), p.end(), [](char c) { return c >= '0' && c <= '9'; });
    }
    Value one(const Value& item, const Value& path) const {
        // Fast path: one plain key of a dict.
        if (path.is_str() && item.is_dict()) {
            bool plain;
            if (&path == attr) {
                if (attr_plain < 0) attr_plain = plain_key(path.sv()) ? 1 : 0;
                plain = attr_plain == 1;
            } else {
                plain = plain_key(path.sv());
            }
            if (plain)
                if (const Value* v = item.dict_ref().find_hinted(path.sv(), hint)) return post(*v);
        }
        Value cur = item;
        if (path.is_str()) {
            std::string_view p = path.sv();
            while (true) {
                std::size_t dot = p.find('.');
                std::string_view part = p.substr(0, dot);
                bool digits = !part.empty() && std::all_of(part.begin(), part.end(), [](char c) {
                    return c >= '0' && c <= '9';
                });
                cur = get_item(ctx, cur,
                               digits ? Value::integer(std::stoll(std::string(part)))
                                      : Value::str(std::string(part)),
                               at);
                if (def && !def->is_none() && cur.is_undefined()) cur = *def;
                if (dot == std::string_view::npos) break;
                p.remove_prefix(dot + 1);
            }
        } else {
            cur = get_item(ctx, cur, path, at);
            if (def && !def->is_none() && cur.is_undefined()) cur = *def;
        }
        return post(cur);
    }
    Value post(const Value& v) const { return ignore_case ? lower_key(v) : v; }
};

bool less(Ctx& ctx, const Value& a, const Value& b, const Node& at) {
    check_defined(ctx, a, at);
    check_defined(ctx, b, at);
    bool ok;
    int c = compare(a, b, ok);
    if (!ok)
        fail(ctx, at,
             std::string("không thể so sánh '<' giữa kiểu '") + type_name(a) + "' và kiểu '" +
                 type_name(b) + "'");
    return c < 0;
}

// sorted(items, key=keys, reverse=...) — stable, as Python's.
std::vector<std::size_t> sorted_order(Ctx& ctx, const std::vector<Value>& keys, bool reverse,
                                      const Node& at) {
    std::vector<std::size_t> idx(keys.size());
    for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    // All strings (sorting by a name): Python orders str by code point, which is the byte
    // order of UTF-8, so compare the bytes without the general type dispatch.
    if (std::all_of(keys.begin(), keys.end(), [](const Value& k) { return k.is_str(); })) {
        std::stable_sort(idx.begin(), idx.end(), [&](std::size_t x, std::size_t y) {
            return reverse ? keys[y].sv() < keys[x].sv() : keys[x].sv() < keys[y].sv();
        });
        return idx;
    }
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t x, std::size_t y) {
        return reverse ? less(ctx, keys[y], keys[x], at) : less(ctx, keys[x], keys[y], at);
    });
    return idx;
}

// ---- filters ----
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

Value f_batch(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "batch", {"linecount", "fill_with"});
    if (!p.get(0)) fail(ctx, at, "bộ lọc 'batch' cần tham số 'linecount'");
    std::int64_t n = p.integer(0, 1);
    if (n <= 0) fail(ctx, at, "tham số 'linecount' của bộ lọc 'batch' phải lớn hơn 0");
    Value items = iter_list(ctx, v, at);
    std::vector<Value> out, cur;
    for (const auto& it : items.items()) {
        if (std::int64_t(cur.size()) == n) {
            out.push_back(Value::list(std::move(cur)));
            cur.clear();
        }
        cur.push_back(it);
    }
    if (!cur.empty()) {
        if (p.has(1))
            while (std::int64_t(cur.size()) < n) cur.push_back(*p.get(1));
        out.push_back(Value::list(std::move(cur)));
    }
    return Value::list(std::move(out));
}

Value f_capitalize(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "capitalize", {});
    Value s = soft_str(v);
    return Value::str(vn::capitalize(s.sv()), s.safe());
}

Value f_center(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "center", {"width"});
    Value s = soft_str(v);
    std::int64_t width = p.integer(0, 80);
    std::int64_t len = std::int64_t(vn::codepoint_count(s.sv()));
    if (len >= width) return s;
    std::int64_t marg = width - len;
    std::int64_t left = marg / 2 + (marg & width & 1);
    std::string out(std::size_t(left), ' ');
    out += s.sv();
    out.append(std::size_t(marg - left), ' ');
    return Value::str(std::move(out), s.safe());
}

Value f_length(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "length", {});
    return Value::integer(py_len(ctx, v, at, "length"));
}

Value f_default(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "default", {"default_value", "boolean"});
    bool boolean = false;
    if (const Value* b = p.get(1)) {
        check_defined(ctx, *b, at);
        boolean = truthy(*b);
    }
    if (v.is_undefined() || (boolean && !truthy(v))) {
        const Value* d = p.get(0);
        return d ? *d : Value::str("");
    }
    return v;
}

Value f_dictsort(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "dictsort", {"case_sensitive", "by", "reverse"});
    if (!v.is_dict()) bad_type(ctx, at, "dictsort", v, "một từ điển");
    bool cs = p.boolean(0, false);
    std::string by = p.str(1, "key");
    if (by != "key" && by != "value")
        fail(ctx, at, "bộ lọc 'dictsort' chỉ sắp xếp theo \"key\" hoặc \"value\"");
    std::size_t pos = by == "key" ? 0 : 1;
    std::vector<Value> items, keys;
    for (const auto& [k, val] : v.dict_ref().items) {
        items.push_back(Value::list({k, val}, Seq::Tuple));
        const Value& key = pos == 0 ? k : val;
        keys.push_back(cs ? key : lower_key(key));
    }
    auto order = sorted_order(ctx, keys, p.boolean(2, false), at);
    std::vector<Value> out;
    for (auto i : order) out.push_back(items[i]);
    return Value::list(std::move(out));
}

Value escape_value(const Value& v) {
    if (v.is_str() && v.safe()) return v;
    // Nothing to escape: the same string, now Markup, without a copy.
    if (v.is_str() && v.str_obj_ref().escape_free()) return v.as_safe();
    std::string s;
    if (v.is_str())
        append_escaped(s, v.sv());
    else
        append_escaped(s, to_str(v));
    return Value::str(std::move(s), true);
}

Value f_escape(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "escape", {});
    return escape_value(v);
}

// {{ v|e }}: what printing escape_value(v) appends, without building it.
void f_escape_into(Ctx& ctx, const Value& v, CallArgs& a, const Node& at, std::string& out) {
    Params p(ctx, a, at, "escape", {});
    if (v.is_str()) {
        if (v.safe() || v.str_obj_ref().escape_free())
            out += v.sv();
        else
            append_escaped(out, v.sv());
        return;
    }
    append_escaped(out, to_str(v));
}

Value f_first(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "first", {});
    Value l = iter_list(ctx, v, at);
    if (l.items().empty())
        return Value::undefined("bộ lọc 'first': dãy rỗng, không có phần tử đầu", &ctx.tpl->name,
                                at.line, at.column);
    return l.items().front();
}

Value f_last(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "last", {});
    Value l = iter_list(ctx, v, at);
    if (l.items().empty())
        return Value::undefined("bộ lọc 'last': dãy rỗng, không có phần tử cuối", &ctx.tpl->name,
                                at.line, at.column);
    return l.items().back();
}

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

Value f_format(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    if (!a.pos.empty() && !a.kw.empty())
        fail(ctx, at, "bộ lọc 'format' không nhận cùng lúc đối số vị trí và đối số từ khóa");
    if (!a.kw.empty()) {
        auto d = std::make_shared<DictObj>();
        for (const auto& [k, val] : a.kw) d->set(Value::str(std::string(k)), val);
        return percent_format(ctx, soft_str(v), Value::dict(std::move(d)), at);
    }
    // The positional arguments are formatted in place: no tuple object per call.
    if (v.is_str()) return percent_format_tuple(ctx, v, a.pos.begin(), a.pos.size(), at);
    return percent_format_tuple(ctx, soft_str(v), a.pos.begin(), a.pos.size(), at);
}

Value f_groupby(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "groupby", {"attribute", "default", "case_sensitive"});
    const Value* attr = p.get(0);
    if (!attr) fail(ctx, at, "bộ lọc 'groupby' cần tham số 'attribute'");
    bool cs = p.boolean(2, false);
    Getter key{ctx, at, attr, !cs, p.get(1)};
    Getter out_key{ctx, at, attr, false, p.get(1)};
    Value items = iter_list(ctx, v, at);
    std::vector<Value> keys;
    for (const auto& it : items.items()) keys.push_back(key(it));
    auto order = sorted_order(ctx, keys, false, at);
    std::vector<Value> groups;
    std::size_t i = 0;
    while (i < order.size()) {
        std::vector<Value> members;
        const Value& k = keys[order[i]];
        std::size_t j = i;
        while (j < order.size() && equals(keys[order[j]], k))
            members.push_back(items.items()[order[j++]]);
        Value grouper = cs ? k : out_key(members.front());
        groups.push_back(Value::list({grouper, Value::list(std::move(members))}, Seq::Group));
        i = j;
    }
    return Value::list(std::move(groups));
}

Value f_indent(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "indent", {"width", "first", "blank"});
    std::string ind;
    if (const Value* w = p.get(0); w && w->is_str())
        ind = w->str_ref();
    else
        ind = std::string(std::size_t(std::max<std::int64_t>(0, p.integer(0, 4))), ' ');
    Value s = soft_str(v);
    bool markup = s.safe();
    // s += "\n"; then splitlines(): Python splits on \n \r \r\n \v \f \x1c-\x1e \x85 \u2028 \u2029.
    std::string text(s.sv());
    text += '\n';
    std::vector<std::string_view> lines;
    std::string_view t = text;
    std::size_t start = 0;
    for (std::size_t i = 0; i < t.size();) {
        std::size_t st = i;
        char32_t c = vn::decode_utf8(t, i);
        bool brk = c == '\n' || c == '\r' || c == '\v' || c == '\f' || (c >= 0x1c && c <= 0x1e) ||
                   c == 0x85 || c == 0x2028 || c == 0x2029;
        if (!brk) continue;
        lines.push_back(t.substr(start, st - start));
        if (c == '\r' && i < t.size() && t[i] == '\n') ++i;
        start = i;
    }
    if (start < t.size()) lines.push_back(t.substr(start));
    std::string rv;
    if (p.boolean(2, false)) {
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (i) rv += "\n" + ind;
            rv += lines[i];
        }
    } else if (!lines.empty()) {
        rv = lines[0];
        if (lines.size() > 1) {
            rv += '\n';
            for (std::size_t i = 1; i < lines.size(); ++i) {
                if (i > 1) rv += '\n';
                if (!lines[i].empty()) rv += ind;
                rv += lines[i];
            }
        }
    }
    if (p.boolean(1, false)) rv = ind + rv;
    return Value::str(std::move(rv), markup);
}

Value f_join(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "join", {"d", "attribute"});
    Value d = p.get(0) ? *p.get(0) : Value::str("");
    Value items = iter_list(ctx, v, at);
    std::vector<Value> vals;
    if (p.has(1)) {
        Getter g{ctx, at, p.get(1), false};
        for (const auto& it : items.items()) vals.push_back(g(it));
    } else {
        vals = items.items();
    }
    for (const auto& x : vals) check_defined(ctx, x, at);
    bool markup = false;
    if (ctx.tpl->autoescape) {
        markup = d.is_str() && d.safe();
        for (const auto& x : vals) markup = markup || (x.is_str() && x.safe());
    }
    std::string out;
    std::string sep = to_str(d);
    if (markup && !(d.is_str() && d.safe())) {
        std::string e;
        append_escaped(e, sep);
        sep = e;
    }
    bool first = true;
    for (const auto& x : vals) {
        if (!first) out += sep;
        first = false;
        if (markup && !(x.is_str() && x.safe()))
            append_escaped(out, to_str(x));
        else
            append_str(out, x);
    }
    return Value::str(std::move(out), markup);
}

Value f_list(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "list", {});
    Value l = iter_list(ctx, v, at);
    if (l.seq() == Seq::List) return l;
    return Value::list(l.items());
}

Value f_lower(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "lower", {});
    Value s = soft_str(v);
    return Value::str(vn::lower(s.sv()), s.safe());
}

Value f_upper(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "upper", {});
    if (v.is_str()) {
        // Cached on the string: the same names are uppercased in every letter.
        const StrObj& u = v.str_obj_ref().uppered(upper_fn);
        return Value::str_obj(std::shared_ptr<const StrObj>(v.str_ptr(), &u), v.safe());
    }
    Value s = soft_str(v);
    return Value::str(vn::upper(s.sv()), s.safe());
}

Value f_map(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Value items = iter_list(ctx, v, at);
    std::vector<Value> out;
    if (a.pos.empty() && a.get(99, "attribute")) {
        const Value* attr = a.get(99, "attribute");
        const Value* def = a.get(99, "default");
        for (const auto& [k, val] : a.kw)
            if (k != "attribute" && k != "default")
                fail(ctx, at, "bộ lọc 'map' không có tham số '" + std::string(k) + "'");
        Getter g{ctx, at, attr, false, def};
        for (const auto& it : items.items()) out.push_back(g(it));
        return Value::list(std::move(out));
    }
    if (a.pos.empty()) fail(ctx, at, "bộ lọc 'map' cần tên một bộ lọc hoặc tham số 'attribute'");
    if (!a.pos[0].is_str())
        fail(ctx, at, "tham số đầu của bộ lọc 'map' phải là tên bộ lọc (chuỗi)");
    FilterFn fn = find_filter(a.pos[0].sv());
    if (!fn) fail(ctx, at, "không có bộ lọc nào tên là '" + a.pos[0].str_ref() + "'");
    CallArgs rest;
    rest.pos.assign(a.pos.begin() + 1, a.pos.end());
    rest.kw = a.kw;
    for (const auto& it : items.items()) {
        CallArgs c = rest;
        check_defined(ctx, it, at);
        out.push_back(fn(ctx, it, c, at));
    }
    return Value::list(std::move(out));
}

Value min_max(Ctx& ctx, const Value& v, CallArgs& a, const Node& at, bool want_max) {
    Params p(ctx, a, at, want_max ? "max" : "min", {"case_sensitive", "attribute"});
    Value items = iter_list(ctx, v, at);
    if (items.items().empty())
        return Value::undefined("bộ lọc '" + std::string(want_max ? "max" : "min") + "': dãy rỗng",
                                &ctx.tpl->name, at.line, at.column);
    Getter g{ctx, at, p.has(1) ? p.get(1) : nullptr, !p.boolean(0, false)};
    std::size_t best = 0;
    Value best_key = g(items.items()[0]);
    for (std::size_t i = 1; i < items.items().size(); ++i) {
        Value k = g(items.items()[i]);
        if (want_max ? less(ctx, best_key, k, at) : less(ctx, k, best_key, at)) {
            best = i;
            best_key = k;
        }
    }
    return items.items()[best];
}
Value f_max(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    return min_max(ctx, v, a, at, true);
}
Value f_min(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    return min_max(ctx, v, a, at, false);
}

Value select_reject(Ctx& ctx, const Value& v, CallArgs& a, const Node& at, bool select, bool attr,
                    std::string_view name) {
    Value items = iter_list(ctx, v, at);
    std::size_t off = 0;
    const Value* attribute = nullptr;
    if (attr) {
        if (a.pos.empty()) fail(ctx, at, "bộ lọc '" + std::string(name) + "' cần tên thuộc tính");
        attribute = &a.pos[0];
        off = 1;
    }
    TestFn test = nullptr;
    CallArgs rest;
    if (a.pos.size() > off) {
        if (!a.pos[off].is_str())
            fail(ctx, at, "tên phép thử của bộ lọc '" + std::string(name) + "' phải là chuỗi");
        test = find_test(a.pos[off].sv());
        if (!test) fail(ctx, at, "không có phép thử nào tên là '" + a.pos[off].str_ref() + "'");
        rest.pos.assign(a.pos.begin() + std::ptrdiff_t(off) + 1, a.pos.end());
        rest.kw = a.kw;
    }
    Getter g{ctx, at, attribute, false};
    std::vector<Value> out;
    for (const auto& it : items.items()) {
        Value x = g(it);
        bool r;
        if (test) {
            CallArgs c = rest;
            r = test(ctx, x, c, at);
        } else {
            r = test_truth(ctx, x, at);
        }
        if (r == select) out.push_back(it);
    }
    return Value::list(std::move(out));
}
Value f_select(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    return select_reject(c, v, a, at, true, false, "select");
}
Value f_reject(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    return select_reject(c, v, a, at, false, false, "reject");
}
Value f_selectattr(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    return select_reject(c, v, a, at, true, true, "selectattr");
}
Value f_rejectattr(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    return select_reject(c, v, a, at, false, true, "rejectattr");
}

// Python's s.replace(old, rep, count), appended to out.
void replace_all_into(std::string& out, std::string_view s, std::string_view old,
                      std::string_view rep, std::int64_t count) {
    if (old.empty()) {
        // Python inserts `rep` between every character and at both ends.
        std::int64_t n = 0;
        std::size_t i = 0;
        while (true) {
            if (count >= 0 && n >= count) {
                out.append(s.substr(i));
                break;
            }
            out += rep;
            ++n;
            if (i >= s.size()) break;
            std::size_t st = i;
            vn::decode_utf8(s, i);
            out.append(s.substr(st, i - st));
        }
        return;
    }
    if (old.size() == 1 && count < 0) {
        // One character replaced everywhere ("." -> ","): a plain scan.
        const char c = old[0];
        std::size_t run = 0;
        for (std::size_t i = 0; i < s.size(); ++i)
            if (s[i] == c) {
                out.append(s.data() + run, i - run);
                out += rep;
                run = i + 1;
            }
        out.append(s.data() + run, s.size() - run);
        return;
    }
    std::size_t pos = 0;
    std::int64_t n = 0;
    while (true) {
        std::size_t f = s.find(old, pos);
        if (f == std::string_view::npos || (count >= 0 && n >= count)) break;
        out.append(s.substr(pos, f - pos));
        out += rep;
        pos = f + old.size();
        ++n;
    }
    out.append(s.substr(pos));
}

// The replace filter's result text appended to out; returns whether it is Markup.
bool replace_text(Ctx& ctx, const Value& v, CallArgs& a, const Node& at, std::string& out) {
    const Value* oldp;
    const Value* newp;
    std::int64_t count = -1;
    if (a.kw.empty() && a.pos.size() == 2) {
        // replace(old, new), the usual call: nothing to check by name.
        oldp = &a.pos[0];
        newp = &a.pos[1];
    } else {
        Params p(ctx, a, at, "replace", {"old", "new", "count"});
        if (!p.get(0) || !p.get(1))
            fail(ctx, at, "bộ lọc 'replace' cần hai tham số 'old' và 'new'");
        count = p.has(2) ? p.integer(2, -1) : -1;
        oldp = p.get(0);
        newp = p.get(1);
    }
    const Value& oldv = *oldp;
    const Value& newv = *newp;
    // Plain strings (the usual case) are used in place rather than copied by to_str.
    const bool plain = oldv.is_str() && newv.is_str();
    if (!ctx.tpl->autoescape) {
        if (plain && v.is_str())
            replace_all_into(out, v.sv(), oldv.sv(), newv.sv(), count);
        else
            replace_all_into(out, to_str(v), to_str(oldv), to_str(newv), count);
        return false;
    }
    // `s` is v itself when no conversion is needed (no reference count traffic).
    Value converted;
    const Value* sp = &v;
    bool old_html = oldv.is_str() && oldv.safe(), new_html = newv.is_str() && newv.safe();
    if ((old_html || new_html) && !(v.is_str() && v.safe()))
        sp = &(converted = escape_value(v));
    else if (!v.is_str())
        sp = &(converted = soft_str(v));
    const Value& s = *sp;
    if (s.safe()) {
        // Markup.replace escapes its str arguments.
        std::string o = escape_value(oldv).str_ref(), n = escape_value(newv).str_ref();
        replace_all_into(out, s.sv(), o, n, count);
        return true;
    }
    if (plain)
        replace_all_into(out, s.sv(), oldv.sv(), newv.sv(), count);
    else
        replace_all_into(out, s.sv(), to_str(oldv), to_str(newv), count);
    return false;
}

Value f_replace(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    std::string out;
    bool safe = replace_text(ctx, v, a, at, out);
    return Value::str(std::move(out), safe);
}

// {{ s|replace(...) }}: straight into the output, through a reused buffer only when the result
// has to be escaped.
void f_replace_into(Ctx& ctx, const Value& v, CallArgs& a, const Node& at, std::string& out) {
    if (!ctx.tpl->autoescape) {
        replace_text(ctx, v, a, at, out);
        return;
    }
    // Plain text with nothing to escape in it or in the replacement ("96.5"|replace(".", ",")):
    // the result has nothing to escape either, so it goes straight to the output.
    if (a.kw.empty() && a.pos.size() == 2 && v.is_str() && !v.safe() && a.pos[0].is_str() &&
        !a.pos[0].safe() && a.pos[1].is_str() && !a.pos[1].safe() &&
        v.str_obj_ref().escape_free() && a.pos[1].str_obj_ref().escape_free()) {
        replace_all_into(out, v.sv(), a.pos[0].sv(), a.pos[1].sv(), -1);
        return;
    }
    thread_local std::string scratch;
    scratch.clear();
    if (replace_text(ctx, v, a, at, scratch))
        out += scratch;
    else
        append_escaped(out, scratch);
}

Value f_reverse(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "reverse", {});
    if (v.is_str()) {
        std::u32string u = vn::to_u32(v.sv());
        std::reverse(u.begin(), u.end());
        return Value::str(vn::to_utf8(u), v.safe());
    }
    Value l = iter_list(ctx, v, at);
    std::vector<Value> out(l.items().rbegin(), l.items().rend());
    return Value::list(std::move(out));
}

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

Value f_safe(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "safe", {});
    if (v.is_str()) return v.as_safe();
    return Value::str(to_str(v), true);
}

Value f_sort(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "sort", {"reverse", "case_sensitive", "attribute"});
    Value items = iter_list(ctx, v, at);
    Getter g{ctx, at, p.has(2) ? p.get(2) : nullptr, !p.boolean(1, false)};
    g.multi = true;
    std::vector<Value> keys;
    keys.reserve(items.items().size());
    for (const auto& it : items.items()) keys.push_back(g(it));
    auto order = sorted_order(ctx, keys, p.boolean(0, false), at);
    std::vector<Value> out;
    out.reserve(order.size());
    for (auto i : order) out.push_back(items.items()[i]);
    return Value::list(std::move(out));
}

Value f_string(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "string", {});
    return soft_str(v);
}

Value f_sum(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "sum", {"attribute", "start"});
    Value items = iter_list(ctx, v, at);
    Value acc = p.get(1) ? *p.get(1) : Value::integer(0);
    Getter g{ctx, at, p.has(0) ? p.get(0) : nullptr, false};
    const auto& xs = items.items();
    std::size_t k = 0;
    // Fast path: integers under one plain key of each dict (the totals row of every report
    // table), added without building values. Anything else, or an overflow, stops it and the
    // general loop below takes over from that item (and reports the error, if any).
    if (acc.kind() == Kind::Int && !acc.is_big() && g.attr && g.attr->is_str() &&
        Getter::plain_key(g.attr->sv())) {
        std::int64_t total = acc.as_int_raw();
        for (; k < xs.size(); ++k) {
            if (!xs[k].is_dict()) break;
            const Value* x = xs[k].dict_ref().find_hinted(g.attr->sv(), g.hint);
            std::int64_t r;
            if (!x || x->kind() != Kind::Int || x->is_big() ||
                __builtin_add_overflow(total, x->as_int_raw(), &r))
                break;
            total = r;
        }
        acc = Value::integer(total);
    }
    for (; k < xs.size(); ++k) {
        Value x = g(xs[k]);
        if (x.is_str() || acc.is_str()) fail(ctx, at, "bộ lọc 'sum' không cộng được chuỗi");
        acc = binary_op(ctx, Op::Add, acc, x, at);
    }
    return acc;
}

Value f_title(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "title", {});
    // Jinja splits on runs of [-\s({\[<] and capitalises each piece: first char upper, rest lower.
    std::string s = to_str(v);
    std::string out;
    std::string_view sv = s;
    std::size_t i = 0;
    auto is_sep = [](char32_t c) {
        return c == '-' || c == '(' || c == '{' || c == '[' || c == '<' || vn::is_space(c);
    };
    while (i < sv.size()) {
        std::size_t st = i;
        std::size_t j = i;
        char32_t c = vn::decode_utf8(sv, j);
        bool sep = is_sep(c);
        std::size_t end = i;
        while (end < sv.size()) {
            std::size_t k = end;
            char32_t d = vn::decode_utf8(sv, k);
            if (is_sep(d) != sep) break;
            end = k;
        }
        std::string_view piece = sv.substr(st, end - st);
        if (sep)
            out += piece;
        else {
            std::size_t k = 0;
            vn::decode_utf8(piece, k);
            out += vn::upper(piece.substr(0, k));
            out += vn::lower(piece.substr(k));
        }
        i = end;
    }
    return Value::str(std::move(out));
}

Value f_trim(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "trim", {"chars"});
    Value s = soft_str(v);
    std::string_view sv = s.sv();
    bool ws = !p.has(0);
    std::u32string chars = ws ? std::u32string() : vn::to_u32(to_str(*p.get(0)));
    auto strip = [&](char32_t c) {
        return ws ? vn::is_space(c) : chars.find(c) != std::u32string::npos;
    };
    std::size_t b = 0, e = sv.size();
    while (b < e) {
        std::size_t next = b;
        if (!strip(vn::decode_utf8(sv, next))) break;
        b = next;
    }
    while (e > b) {
        std::size_t start = e - 1;
        while (start > b && (static_cast<unsigned char>(sv[start]) & 0xC0) == 0x80) --start;
        std::size_t next = start;
        if (!strip(vn::decode_utf8(sv, next))) break;
        e = start;
    }
    if (b == 0 && e == sv.size()) return s;
    return Value::str(std::string(sv.substr(b, e - b)), s.safe());
}

Value f_truncate(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "truncate", {"length", "killwords", "end", "leeway"});
    Value s = soft_str(v);
    std::int64_t length = p.integer(0, 255);
    bool killwords = p.boolean(1, false);
    std::string end = p.str(2, "...");
    std::int64_t leeway = p.has(3) ? p.integer(3, 5) : 5;
    std::u32string u = vn::to_u32(s.sv());
    std::int64_t end_len = std::int64_t(vn::codepoint_count(end));
    if (length < end_len)
        fail(ctx, at,
             "bộ lọc 'truncate': 'length' phải lớn hơn hoặc bằng " + std::to_string(end_len));
    if (leeway < 0) fail(ctx, at, "bộ lọc 'truncate': 'leeway' không được âm");
    if (std::int64_t(u.size()) <= length + leeway) return s;
    std::u32string head = u.substr(0, std::size_t(std::max<std::int64_t>(0, length - end_len)));
    if (!killwords) {
        auto sp = head.rfind(U' ');
        if (sp != std::u32string::npos) head = head.substr(0, sp);
    }
    std::string out = vn::to_utf8(head);
    if (s.safe())
        append_escaped(out, end);  // Markup + str escapes the str
    else
        out += end;
    return Value::str(std::move(out), s.safe());
}

Value f_unique(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "unique", {"case_sensitive", "attribute"});
    Value items = iter_list(ctx, v, at);
    Getter g{ctx, at, p.has(1) ? p.get(1) : nullptr, !p.boolean(0, false)};
    std::vector<Value> seen, out;
    for (const auto& it : items.items()) {
        Value k = g(it);
        check_defined(ctx, k, at);
        bool dup = false;
        for (const auto& s : seen)
            if (equals(s, k)) {
                dup = true;
                break;
            }
        if (!dup) {
            seen.push_back(k);
            out.push_back(it);
        }
    }
    return Value::list(std::move(out));
}

Value f_wordcount(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "wordcount", {});
    std::string s = to_str(v);
    std::int64_t n = 0;
    bool in = false;
    for (std::size_t i = 0; i < s.size();) {
        char32_t c = vn::decode_utf8(s, i);
        bool w = vn::is_word_char(c);
        if (w && !in) ++n;
        in = w;
    }
    return Value::integer(n);
}

// ---- Vietnamese filters (vanban's own) ----
template <typename F>
Value vn_call(Ctx& ctx, const Node& at, std::string_view name, F&& f) {
    try {
        return Value::str(f());
    } catch (const vn::FormatError& e) {
        fail(ctx, at, "bộ lọc '" + std::string(name) + "': " + e.what());
    }
}

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
Value f_vn_sort(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "vn_sort", {"attribute", "reverse"});
    Value items = iter_list(ctx, v, at);
    Getter g{ctx, at, p.has(0) ? p.get(0) : nullptr, false};
    std::vector<std::string> keys;
    for (const auto& it : items.items()) {
        Value k = g(it);
        check_defined(ctx, k, at);
        if (!k.is_str()) bad_type(ctx, at, "vn_sort", k, "các khóa là chuỗi");
        keys.push_back(vn::sort_key_vi(k.sv()));
    }
    bool rev = p.boolean(1, false);
    std::vector<std::size_t> idx(keys.size());
    for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t x, std::size_t y) {
        return rev ? keys[y] < keys[x] : keys[x] < keys[y];
    });
    std::vector<Value> out;
    for (auto i : idx) out.push_back(items.items()[i]);
    return Value::list(std::move(out));
}

// Text in which document numbers, dates and quarters (vn/nobreak.hpp) never break across lines:
// each such range is wrapped in a nowrap span; the rest is escaped as printing would. Markup
// passes through unchanged (a range could cut a tag).
Value f_vn_nobreak(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "vn_nobreak", {});
    check_defined(ctx, v, at);
    if (v.is_str() && v.safe()) return v;
    const std::string text = v.is_str() ? v.str_ref() : to_str(v);
    std::string out;
    std::size_t done = 0;
    for (const auto& [b, e] : vn::nobreak_ranges(text)) {
        append_escaped(out, std::string_view(text).substr(done, b - done));
        out += "<span style=\"white-space:nowrap\">";
        append_escaped(out, std::string_view(text).substr(b, e - b));
        out += "</span>";
        done = e;
    }
    append_escaped(out, std::string_view(text).substr(done));
    return Value::str(std::move(out), true);
}

struct FilterEntry {
    std::string_view name;
    FilterFn fn;
};
constexpr FilterEntry kFilters[] = {
    {"abs", f_abs},
    {"batch", f_batch},
    {"capitalize", f_capitalize},
    {"center", f_center},
    {"count", f_length},
    {"d", f_default},
    {"default", f_default},
    {"dictsort", f_dictsort},
    {"e", f_escape},
    {"escape", f_escape},
    {"first", f_first},
    {"float", f_float},
    {"format", f_format},
    {"groupby", f_groupby},
    {"indent", f_indent},
    {"int", f_int},
    {"join", f_join},
    {"last", f_last},
    {"length", f_length},
    {"list", f_list},
    {"lower", f_lower},
    {"map", f_map},
    {"max", f_max},
    {"min", f_min},
    {"reject", f_reject},
    {"rejectattr", f_rejectattr},
    {"replace", f_replace},
    {"reverse", f_reverse},
    {"round", f_round},
    {"safe", f_safe},
    {"select", f_select},
    {"selectattr", f_selectattr},
    {"sort", f_sort},
    {"string", f_string},
    {"sum", f_sum},
    {"title", f_title},
    {"trim", f_trim},
    {"truncate", f_truncate},
    {"unique", f_unique},
    {"upper", f_upper},
    {"wordcount", f_wordcount},
    {"vn_date", f_vn_date},
    {"vn_date_short", f_vn_date_short},
    {"vn_number", f_vn_number},
    {"vn_percent", f_vn_percent},
    {"roman", f_roman},
    {"diem", f_diem},
    {"vn_sort", f_vn_sort},
    {"vn_nobreak", f_vn_nobreak},
};

// ---- tests ----
void no_args(Ctx& ctx, CallArgs& a, const Node& at, std::string_view name) {
    if (!a.empty()) fail(ctx, at, "phép thử '" + std::string(name) + "' không nhận đối số");
}
const Value& one_arg(Ctx& ctx, CallArgs& a, const Node& at, std::string_view name) {
    if (a.pos.size() != 1 || !a.kw.empty())
        fail(ctx, at, "phép thử '" + std::string(name) + "' cần đúng một đối số");
    return a.pos[0];
}

bool t_defined(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    no_args(c, a, at, "defined");
    return !v.is_undefined();
}
bool t_undefined(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    no_args(c, a, at, "undefined");
    return v.is_undefined();
}
bool t_none(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    no_args(c, a, at, "none");
    return v.is_none();
}
bool t_number(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    no_args(c, a, at, "number");
    return v.is_number();
}
bool t_string(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    no_args(c, a, at, "string");
    return v.is_str();
}
bool t_mapping(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    no_args(c, a, at, "mapping");
    return v.is_dict();
}
bool t_sequence(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    no_args(c, a, at, "sequence");
    return v.is_str() || v.is_list() || v.is_dict();
}
bool t_iterable(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    no_args(c, a, at, "iterable");
    check_defined(c, v, at);
    return v.is_str() || v.is_list() || v.is_dict() || v.kind() == Kind::Namespace;
}
bool t_boolean(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    no_args(c, a, at, "boolean");
    return v.kind() == Kind::Bool;
}
bool t_true(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    no_args(c, a, at, "true");
    return v.kind() == Kind::Bool && v.as_bool_raw();
}
bool t_false(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    no_args(c, a, at, "false");
    return v.kind() == Kind::Bool && !v.as_bool_raw();
}
bool t_integer(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    no_args(c, a, at, "integer");
    return v.kind() == Kind::Int;
}
bool t_float(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    no_args(c, a, at, "float");
    return v.kind() == Kind::Float;
}
bool t_lower(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    no_args(c, a, at, "lower");
    std::string s = to_str(v);
    return vn::lower(s) == s && vn::upper(s) != s;
}
bool t_upper(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    no_args(c, a, at, "upper");
    std::string s = to_str(v);
    return vn::upper(s) == s && vn::lower(s) != s;
}
bool t_callable(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    no_args(c, a, at, "callable");
    return v.kind() == Kind::Callable;
}
bool t_escaped(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    no_args(c, a, at, "escaped");
    return v.is_str() && v.safe();
}
bool t_odd(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    no_args(c, a, at, "odd");
    Value r = binary_op(c, Op::Mod, v, Value::integer(2), at);
    return equals(r, Value::integer(1));
}
bool t_even(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    no_args(c, a, at, "even");
    Value r = binary_op(c, Op::Mod, v, Value::integer(2), at);
    return equals(r, Value::integer(0));
}
bool t_divisibleby(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    const Value& n = one_arg(c, a, at, "divisibleby");
    return equals(binary_op(c, Op::Mod, v, n, at), Value::integer(0));
}
bool cmp_test(Ctx& c, const Value& v, CallArgs& a, const Node& at, Op op) {
    const Value& o = one_arg(c, a, at, "so sánh");
    check_defined(c, v, at);
    if (op == Op::Eq) return equals(v, o);
    if (op == Op::Ne) return !equals(v, o);
    bool ok;
    int r = compare(v, o, ok);
    if (!ok)
        fail(c, at,
             std::string("không thể so sánh giữa kiểu '") + type_name(v) + "' và kiểu '" +
                 type_name(o) + "'");
    return op == Op::Lt ? r < 0 : op == Op::Le ? r <= 0 : op == Op::Gt ? r > 0 : r >= 0;
}
bool t_eq(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    return cmp_test(c, v, a, at, Op::Eq);
}
bool t_ne(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    return cmp_test(c, v, a, at, Op::Ne);
}
bool t_lt(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    return cmp_test(c, v, a, at, Op::Lt);
}
bool t_le(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    return cmp_test(c, v, a, at, Op::Le);
}
bool t_gt(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    return cmp_test(c, v, a, at, Op::Gt);
}
bool t_ge(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    return cmp_test(c, v, a, at, Op::Ge);
}
bool t_in(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    return contains(c, one_arg(c, a, at, "in"), v, at);
}
bool t_sameas(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    const Value& o = one_arg(c, a, at, "sameas");
    if (v.kind() != o.kind()) return false;
    if (v.is_none()) return true;
    if (v.kind() == Kind::Bool) return v.as_bool_raw() == o.as_bool_raw();
    return v.obj() && v.obj() == o.obj();
}

struct TestEntry {
    std::string_view name;
    TestFn fn;
};
constexpr TestEntry kTests[] = {
    {"defined", t_defined},
    {"undefined", t_undefined},
    {"none", t_none},
    {"number", t_number},
    {"string", t_string},
    {"mapping", t_mapping},
    {"sequence", t_sequence},
    {"iterable", t_iterable},
    {"odd", t_odd},
    {"even", t_even},
    {"divisibleby", t_divisibleby},
    {"boolean", t_boolean},
    {"true", t_true},
    {"false", t_false},
    {"integer", t_integer},
    {"float", t_float},
    {"lower", t_lower},
    {"upper", t_upper},
    {"callable", t_callable},
    {"escaped", t_escaped},
    {"sameas", t_sameas},
    {"in", t_in},
    {"eq", t_eq},
    {"==", t_eq},
    {"equalto", t_eq},
    {"ne", t_ne},
    {"!=", t_ne},
    {"lt", t_lt},
    {"<", t_lt},
    {"lessthan", t_lt},
    {"le", t_le},
    {"<=", t_le},
    {"gt", t_gt},
    {">", t_gt},
    {"greaterthan", t_gt},
    {"ge", t_ge},
    {">=", t_ge},
};

}  // namespace

FilterIntoFn find_filter_into(std::string_view name) {
    if (name == "replace") return f_replace_into;
    if (name == "escape" || name == "e") return f_escape_into;
    return nullptr;
}

FilterFn find_filter(std::string_view name) {
    for (const auto& f : kFilters)
        if (f.name == name) return f.fn;
    return nullptr;
}

TestFn find_test(std::string_view name) {
    for (const auto& t : kTests)
        if (t.name == name) return t.fn;
    return nullptr;
}

}  // namespace vanban::tpl
