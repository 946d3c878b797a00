// Jinja2's `is` tests (tests.py): defined, number, sequence, odd, divisibleby, eq/lt/…, in, sameas.
#include <string>

#include "template/filter_families.hpp"
#include "template/filter_support.hpp"
#include "vn/text.hpp"

namespace vanban::tpl::filters {

namespace {

void no_args(Ctx& ctx, CallArgs& a, const Node& at, std::string_view name) {
    if (!a.empty()) fail(ctx, at, "phép thử '" + std::string(name) + "' không nhận đối số");
}

const Value& one_arg(Ctx& ctx, CallArgs& a, const Node& at, std::string_view name) {
    if (a.pos.size() != 1 || !a.kw.empty())
        fail(ctx, at, "phép thử '" + std::string(name) + "' cần đúng một đối số");
    return a.pos[0];
}

}  // namespace

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

namespace {

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

}  // namespace

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

}  // namespace vanban::tpl::filters
