// The operations behind expressions, with Python's semantics: arithmetic, membership, printing,
// iteration, and attribute and item lookup in Jinja's order (StrictUndefined, markupsafe's rules
// for concatenation). The filters call them too; the expression nodes are in eval_expr.cpp.
#include <cmath>
#include <limits>

#include "template/ast.hpp"
#include "template/builtins.hpp"
#include "vn/text.hpp"

namespace vanban::tpl {

TemplateError::TemplateError(std::string f, int l, int c, std::string m)
    : std::runtime_error(f + ":" + std::to_string(l) + ":" + std::to_string(c) + ": lỗi: " + m),
      file(std::move(f)),
      line(l),
      column(c),
      message(std::move(m)) {}

void fail(const Ctx& ctx, const Node& at, std::string message) {
    throw TemplateError(ctx.tpl ? ctx.tpl->name : std::string("<mẫu>"), at.line, at.column,
                        std::move(message));
}

void fail_overflow(const Ctx& ctx, const Node& at) {
    fail(ctx, at, "số nguyên quá lớn (vượt quá giới hạn 64 bit)");
}

void fail_undefined(const Ctx& ctx, const Value& u, const Node& at) {
    const UndefObj& o = u.undef();
    if (o.file) throw TemplateError(*o.file, o.line, o.column, o.hint);
    fail(ctx, at, o.hint);
}

namespace {

[[noreturn]] void type_error(const Ctx& ctx, const Node& at, const char* op, const Value& a,
                             const Value& b) {
    fail(ctx, at,
         std::string("không thể thực hiện phép '") + op + "' giữa kiểu '" + type_name(a) +
             "' và kiểu '" + type_name(b) + "'");
}

std::int64_t py_floordiv(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}
std::int64_t py_mod(std::int64_t a, std::int64_t b) {
    std::int64_t m = a % b;
    if (m != 0 && ((m < 0) != (b < 0))) m += b;
    return m;
}
void float_divmod(double vx, double wx, double& floordiv, double& mod) {
    mod = std::fmod(vx, wx);
    double div = (vx - mod) / wx;
    if (mod != 0.0) {
        if ((wx < 0) != (mod < 0)) {
            mod += wx;
            div -= 1.0;
        }
    } else {
        mod = std::copysign(0.0, wx);
    }
    if (div != 0.0) {
        floordiv = std::floor(div);
        if (div - floordiv > 0.5) floordiv += 1.0;
    } else {
        floordiv = std::copysign(0.0, vx / wx);
    }
}

Value repeat(const Ctx& ctx, const Value& seq, std::int64_t n, const Node& at) {
    if (n < 0) n = 0;
    if (seq.is_str()) {
        if (n > 0 && seq.sv().size() * std::size_t(n) > (std::size_t(1) << 30))
            fail(ctx, at, "chuỗi kết quả quá lớn");
        std::string s;
        s.reserve(seq.sv().size() * std::size_t(n));
        for (std::int64_t i = 0; i < n; ++i) s += seq.sv();
        return Value::str(std::move(s), seq.safe());
    }
    if (n > 0 && seq.items().size() * std::size_t(n) > (std::size_t(1) << 24))
        fail(ctx, at, "danh sách kết quả quá lớn");
    std::vector<Value> out;
    for (std::int64_t i = 0; i < n; ++i)
        out.insert(out.end(), seq.items().begin(), seq.items().end());
    return Value::list(std::move(out), seq.seq() == Seq::List ? Seq::List : Seq::Tuple);
}

// Markup + str escapes the str; the result is Markup.
Value concat_pair(const Value& a, const Value& b) {
    std::string s;
    bool safe = a.safe() || b.safe();
    s.reserve(a.sv().size() + b.sv().size());
    if (safe && !a.safe())
        append_escaped(s, a.sv());
    else
        s += a.sv();
    if (safe && !b.safe())
        append_escaped(s, b.sv());
    else
        s += b.sv();
    return Value::str(std::move(s), safe);
}

}  // namespace

bool test_truth(const Ctx& ctx, const Value& v, const Node& at) {
    if (v.is_lenient_undefined()) return false;
    check_defined(ctx, v, at);
    return truthy(v);
}

Value binary_op(Ctx& ctx, Op op, const Value& a, const Value& b, const Node& at) {
    check_defined(ctx, a, at);
    check_defined(ctx, b, at);
    if (a.is_big() || b.is_big()) fail_overflow(ctx, at);
    const bool ints = (a.kind() == Kind::Int || a.kind() == Kind::Bool) &&
                      (b.kind() == Kind::Int || b.kind() == Kind::Bool);
    const bool nums = a.is_number() && b.is_number();
    std::int64_t r;
    switch (op) {
        case Op::Add:
            if (ints) {
                if (__builtin_add_overflow(a.to_int(), b.to_int(), &r)) fail_overflow(ctx, at);
                return Value::integer(r);
            }
            if (nums) return Value::floating(a.to_double() + b.to_double());
            if (a.is_str() && b.is_str()) return concat_pair(a, b);
            if (a.is_list() && b.is_list() && a.seq() == b.seq() && a.seq() != Seq::Group) {
                std::vector<Value> out(a.items());
                out.insert(out.end(), b.items().begin(), b.items().end());
                return Value::list(std::move(out), a.seq());
            }
            type_error(ctx, at, "+", a, b);
        case Op::Sub:
            if (ints) {
                if (__builtin_sub_overflow(a.to_int(), b.to_int(), &r)) fail_overflow(ctx, at);
                return Value::integer(r);
            }
            if (nums) return Value::floating(a.to_double() - b.to_double());
            type_error(ctx, at, "-", a, b);
        case Op::Mul:
            if (ints) {
                if (__builtin_mul_overflow(a.to_int(), b.to_int(), &r)) fail_overflow(ctx, at);
                return Value::integer(r);
            }
            if (nums) return Value::floating(a.to_double() * b.to_double());
            if ((a.is_str() || a.is_list()) && (b.kind() == Kind::Int || b.kind() == Kind::Bool))
                return repeat(ctx, a, b.to_int(), at);
            if ((b.is_str() || b.is_list()) && (a.kind() == Kind::Int || a.kind() == Kind::Bool))
                return repeat(ctx, b, a.to_int(), at);
            type_error(ctx, at, "*", a, b);
        case Op::Div:
            if (nums) {
                if (b.to_double() == 0.0) fail(ctx, at, "phép chia cho 0");
                if (ints) return Value::floating(double(a.to_int()) / double(b.to_int()));
                return Value::floating(a.to_double() / b.to_double());
            }
            type_error(ctx, at, "/", a, b);
        case Op::FloorDiv:
        case Op::Mod:
            if (op == Op::Mod && a.is_str()) return percent_format(ctx, a, b, at);
            if (ints) {
                if (b.to_int() == 0) fail(ctx, at, "phép chia cho 0");
                if (a.to_int() == std::numeric_limits<std::int64_t>::min() && b.to_int() == -1) {
                    if (op == Op::Mod) return Value::integer(0);
                    fail_overflow(ctx, at);
                }
                return Value::integer(op == Op::Mod ? py_mod(a.to_int(), b.to_int())
                                                    : py_floordiv(a.to_int(), b.to_int()));
            }
            if (nums) {
                if (b.to_double() == 0.0) fail(ctx, at, "phép chia cho 0");
                double fd, m;
                float_divmod(a.to_double(), b.to_double(), fd, m);
                return Value::floating(op == Op::Mod ? m : fd);
            }
            type_error(ctx, at, op == Op::Mod ? "%" : "//", a, b);
        case Op::Pow:
            if (ints) {
                std::int64_t base = a.to_int(), e = b.to_int();
                if (e < 0) {
                    if (base == 0) fail(ctx, at, "không thể lấy lũy thừa âm của 0");
                    return Value::floating(std::pow(double(base), double(e)));
                }
                std::int64_t acc = 1;
                while (e > 0) {
                    if (e & 1)
                        if (__builtin_mul_overflow(acc, base, &acc)) fail_overflow(ctx, at);
                    e >>= 1;
                    if (e > 0 && __builtin_mul_overflow(base, base, &base)) fail_overflow(ctx, at);
                }
                return Value::integer(acc);
            }
            if (nums) {
                double x = a.to_double(), y = b.to_double();
                if (x == 0.0 && y < 0) fail(ctx, at, "không thể lấy lũy thừa âm của 0");
                if (x < 0 && y != std::floor(y))
                    fail(ctx, at, "lũy thừa của số âm với số mũ không nguyên không phải số thực");
                double res = std::pow(x, y);
                if (std::isinf(res) && !std::isinf(x)) fail(ctx, at, "kết quả lũy thừa quá lớn");
                return Value::floating(res);
            }
            type_error(ctx, at, "**", a, b);
        default:
            break;
    }
    fail(ctx, at, "phép toán không hợp lệ");
}

bool contains(Ctx& ctx, const Value& container, const Value& item, const Node& at) {
    check_defined(ctx, container, at);
    check_defined(ctx, item, at);
    switch (container.kind()) {
        case Kind::Str:
            if (!item.is_str())
                fail(ctx, at,
                     std::string("vế trái của 'in' với chuỗi phải là chuỗi, không phải '") +
                         type_name(item) + "'");
            return container.sv().find(item.sv()) != std::string_view::npos;
        case Kind::List:
            for (const auto& v : container.items())
                if (!v.is_undefined() && equals(v, item)) return true;
            return false;
        case Kind::Dict:
            return container.dict_ref().find(item) != nullptr;
        case Kind::Namespace:
            return container.ns_ref().attrs.find(item) != nullptr;
        default:
            fail(ctx, at,
                 std::string("không thể dùng 'in' với kiểu '") + type_name(container) + "'");
    }
}

void emit(Ctx& ctx, const Value& v, std::string& out, const Node& at) {
    switch (v.kind()) {
        case Kind::Undefined:
            if (v.is_lenient_undefined()) return;
            fail_undefined(ctx, v, at);
        case Kind::Str:
            if (ctx.tpl->autoescape && !v.safe() && !v.str_obj_ref().escape_free())
                append_escaped(out, v.sv());
            else
                out += v.sv();
            return;
        case Kind::None:
        case Kind::Bool:
        case Kind::Int:
        case Kind::Float:
            append_str(out, v);
            return;
        default:
            if (ctx.tpl->autoescape) {
                std::string tmp;
                append_str(tmp, v);
                append_escaped(out, tmp);
            } else {
                append_str(out, v);
            }
    }
}

Value iter_list(Ctx& ctx, const Value& v, const Node& at) {
    switch (v.kind()) {
        case Kind::Undefined:
            if (v.is_lenient_undefined()) return Value::list({});
            fail_undefined(ctx, v, at);
        case Kind::List:
            return v;
        case Kind::Dict: {
            std::vector<Value> keys;
            keys.reserve(v.dict_ref().items.size());
            for (const auto& kv : v.dict_ref().items) keys.push_back(kv.first);
            return Value::list(std::move(keys));
        }
        case Kind::Namespace: {
            std::vector<Value> keys;
            for (const auto& kv : v.ns_ref().attrs.items) keys.push_back(kv.first);
            return Value::list(std::move(keys));
        }
        case Kind::Str: {
            std::vector<Value> chars;
            std::string_view s = v.sv();
            for (std::size_t i = 0; i < s.size();) {
                std::size_t st = i;
                vn::decode_utf8(s, i);
                chars.push_back(Value::str(std::string(s.substr(st, i - st)), v.safe()));
            }
            return Value::list(std::move(chars));
        }
        default:
            fail(ctx, at,
                 std::string("giá trị kiểu '") + type_name(v) +
                     "' không lặp được (mong đợi danh sách, từ điển hoặc chuỗi)");
    }
}

Value get_attr(Ctx& ctx, const Value& obj, std::string_view name, const Node& at) {
    switch (obj.kind()) {
        case Kind::Undefined:
            fail_undefined(ctx, obj, at);
        case Kind::Dict: {
            if (Value m = bound_method(obj, name); !m.is_none()) return m;
            if (const Value* v = obj.dict_ref().find(name)) return *v;
            break;
        }
        case Kind::Namespace:
            if (const Value* v = obj.ns_ref().attrs.find(name)) return *v;
            break;
        case Kind::List:
            if (obj.seq() == Seq::Group) {
                if (name == "grouper") return obj.items()[0];
                if (name == "list") return obj.items()[1];
            }
            [[fallthrough]];
        case Kind::Str:
            if (Value m = bound_method(obj, name); !m.is_none()) return m;
            break;
        case Kind::Callable: {
            Value v;
            if (callable_attr(obj, name, v)) return v;
            break;
        }
        default:
            break;
    }
    return undefined_at(ctx, at,
                        std::string("đối tượng kiểu '") + type_name(obj) +
                            "' không có thuộc tính '" + std::string(name) + "'");
}

namespace {

// Python index normalisation; false when out of range.
bool norm_index(std::int64_t& i, std::size_t size) {
    if (i < 0) i += std::int64_t(size);
    return i >= 0 && std::size_t(i) < size;
}

}  // namespace

Value get_item(Ctx& ctx, const Value& obj, const Value& key, const Node& at) {
    check_defined(ctx, obj, at);
    check_defined(ctx, key, at);
    switch (obj.kind()) {
        case Kind::Dict:
            if (const Value* v = obj.dict_ref().find(key)) return *v;
            break;
        case Kind::List:
            if (key.kind() == Kind::Int || key.kind() == Kind::Bool) {
                std::int64_t i = key.to_int();
                if (norm_index(i, obj.items().size())) return obj.items()[std::size_t(i)];
                return undefined_at(ctx, at,
                                    "chỉ số " + std::to_string(key.to_int()) +
                                        " nằm ngoài danh sách (có " +
                                        std::to_string(obj.items().size()) + " phần tử)");
            }
            break;
        case Kind::Str:
            if (key.kind() == Kind::Int || key.kind() == Kind::Bool) {
                std::u32string u = vn::to_u32(obj.sv());
                std::int64_t i = key.to_int();
                if (norm_index(i, u.size())) {
                    std::string s;
                    vn::append_utf8(s, u[std::size_t(i)]);
                    return Value::str(std::move(s), obj.safe());
                }
                return undefined_at(ctx, at,
                                    "chỉ số " + std::to_string(key.to_int()) + " nằm ngoài chuỗi");
            }
            break;
        default:
            break;
    }
    if (key.is_str()) return get_attr(ctx, obj, key.sv(), at);
    std::string k;
    append_repr(k, key);
    return undefined_at(
        ctx, at, std::string("đối tượng kiểu '") + type_name(obj) + "' không có phần tử " + k);
}

Value get_path(Ctx& ctx, const Value& obj, const Value& path, const Node& at) {
    if (!path.is_str()) return get_item(ctx, obj, path, at);
    Value cur = obj;
    std::string_view p = path.sv();
    while (true) {
        std::size_t dot = p.find('.');
        std::string_view part = p.substr(0, dot);
        bool digits = !part.empty();
        for (char c : part) digits = digits && c >= '0' && c <= '9';
        if (digits)
            cur = get_item(ctx, cur, Value::integer(std::stoll(std::string(part))), at);
        else
            cur = get_item(ctx, cur, Value::str(std::string(part)), at);
        if (dot == std::string_view::npos) return cur;
        p.remove_prefix(dot + 1);
    }
}

}  // namespace vanban::tpl
