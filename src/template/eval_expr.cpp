// Evaluation of the expression nodes: names, literals, lookups, slices, operators, comparison
// chains, calls and filters. Fast paths for the common shapes (numbers, variables, constants)
// sit in front of the general rules of eval_ops.cpp.
#include <cmath>
#include <limits>

#include "template/ast.hpp"
#include "template/builtins.hpp"
#include "vn/text.hpp"

namespace vanban::tpl {

namespace {

// How an expression is written, for messages: "don_vi.ten", else its type.
std::string describe_expr(const Expr* e) {
    if (auto* n = dynamic_cast<const NameExpr*>(e)) return n->name;
    if (auto* g = dynamic_cast<const GetAttrExpr*>(e))
        return describe_expr(g->obj.get()) + "." + g->name;
    if (auto* g = dynamic_cast<const GetItemExpr*>(e)) {
        if (auto* c = dynamic_cast<const ConstExpr*>(g->key.get())) {
            std::string s = describe_expr(g->obj.get()) + "[";
            append_repr(s, c->value);
            return s + "]";
        }
        return describe_expr(g->obj.get()) + "[…]";
    }
    return {};
}

}  // namespace

// ---- expression nodes ----

const Value* NameExpr::ref(Ctx& ctx) const {
    const Scope* s = ctx.scope;
    if (hops >= 0) {
        for (int i = hops; i > 0; --i) s = s->parent;
        const Value& v = s->slots[slot];
        if (!v.is_unbound()) return &v;
        // Not assigned (yet) in this frame: an outer one may still hold it.
        s = s->parent;
    } else {
        // No frame around the expression binds the name: straight to the dynamic scopes.
        for (int i = frames; i > 0; --i) s = s->parent;
    }
    if (s)
        if (const Value* v = s->find(id)) return v;
    return ctx.st->root->find_hinted(name, hint);
}

const Value* GetAttrExpr::ref(Ctx& ctx) const {
    const Value* o = name_obj ? name_obj->NameExpr::ref(ctx) : obj->ref(ctx);
    if (!o) return nullptr;
    if (o->is_dict() && !dict_method) return o->dict_ref().find_hinted(name, hint);
    if (o->kind() == Kind::Namespace) return o->ns_ref().attrs.find(name);
    return nullptr;
}

Value NameExpr::eval(Ctx& ctx) const {
    if (const Value* v = ref(ctx)) return *v;
    if (Value g = global_function(name); !g.is_none()) return g;
    return undefined_at(ctx, *this, "biến '" + name + "' chưa được định nghĩa");
}

Value ListExpr::eval(Ctx& ctx) const {
    std::vector<Value> out;
    out.reserve(items.size());
    for (const auto& e : items) out.push_back(e->eval(ctx));
    return Value::list(std::move(out), tuple ? Seq::Tuple : Seq::List);
}

Value DictExpr::eval(Ctx& ctx) const {
    auto d = std::make_shared<DictObj>();
    for (const auto& [k, v] : items) {
        Value key = k->eval(ctx);
        check_defined(ctx, key, *k);
        if (key.is_list() && key.seq() == Seq::List)
            fail(ctx, *k, "khóa của từ điển không thể là danh sách");
        if (key.is_dict()) fail(ctx, *k, "khóa của từ điển không thể là từ điển");
        d->set(std::move(key), v->eval(ctx));
    }
    return Value::dict(std::move(d));
}

Value GetAttrExpr::eval(Ctx& ctx) const {
    if (const Value* r = ref(ctx)) return *r;
    Value tmp;
    const Value* op = obj->ref(ctx);
    if (!op) {
        tmp = obj->eval(ctx);
        op = &tmp;
    }
    const Value& o = *op;
    Value r = get_attr(ctx, o, name, *this);
    if (r.is_undefined() && r.undef().line == line && r.undef().column == column) {
        std::string d = describe_expr(obj.get());
        if (!d.empty())
            return undefined_at(ctx, *this, "'" + d + "' không có thuộc tính '" + name + "'");
    }
    return r;
}

Value GetItemExpr::eval(Ctx& ctx) const {
    Value o = obj->eval(ctx);
    Value k = key->eval(ctx);
    Value r = get_item(ctx, o, k, *this);
    if (r.is_undefined() && r.undef().line == line && r.undef().column == column && o.is_dict()) {
        std::string d = describe_expr(obj.get());
        std::string ks;
        append_repr(ks, k);
        if (!d.empty()) return undefined_at(ctx, *this, "'" + d + "' không có khóa " + ks);
    }
    return r;
}

Value SliceExpr::eval(Ctx& ctx) const {
    Value o = obj->eval(ctx);
    check_defined(ctx, o, *this);
    auto bound = [&](const ExprP& e, bool& present) -> std::int64_t {
        present = false;
        if (!e) return 0;
        Value v = e->eval(ctx);
        check_defined(ctx, v, *e);
        if (v.is_none()) return 0;
        if (v.kind() != Kind::Int && v.kind() != Kind::Bool)
            fail(ctx, *e, "chỉ số lát cắt phải là số nguyên hoặc None");
        present = true;
        return v.to_int();
    };
    bool has_start, has_stop, has_step;
    std::int64_t st = bound(start, has_start), sp = bound(stop, has_stop),
                 inc = bound(this->step, has_step);
    if (!has_step) inc = 1;
    if (inc == 0) fail(ctx, *this, "bước của lát cắt không được bằng 0");
    std::u32string u;
    std::size_t len;
    if (o.is_str()) {
        u = vn::to_u32(o.sv());
        len = u.size();
    } else if (o.is_list()) {
        len = o.items().size();
    } else {
        fail(ctx, *this, std::string("không thể cắt lát giá trị kiểu '") + type_name(o) + "'");
    }
    // Python's PySlice_AdjustIndices.
    std::int64_t n = std::int64_t(len);
    auto adjust = [&](std::int64_t v, bool present, bool is_start) {
        if (!present) return inc < 0 ? (is_start ? n - 1 : -1) : (is_start ? 0 : n);
        if (v < 0) {
            v += n;
            if (v < 0) v = inc < 0 ? -1 : 0;
        } else if (v >= n) {
            v = inc < 0 ? n - 1 : n;
        }
        return v;
    };
    std::int64_t a = adjust(st, has_start, true), b = adjust(sp, has_stop, false);
    std::vector<std::int64_t> idx;
    if (inc > 0)
        for (std::int64_t i = a; i < b; i += inc) idx.push_back(i);
    else
        for (std::int64_t i = a; i > b; i += inc) idx.push_back(i);
    if (o.is_str()) {
        std::u32string r;
        for (auto i : idx) r += u[std::size_t(i)];
        return Value::str(vn::to_utf8(r), o.safe());
    }
    std::vector<Value> r;
    for (auto i : idx) r.push_back(o.items()[std::size_t(i)]);
    return Value::list(std::move(r), o.seq() == Seq::List ? Seq::List : Seq::Tuple);
}

Value UnaryExpr::eval(Ctx& ctx) const {
    Value v = operand->eval(ctx);
    if (op == Op::Not) return Value::boolean(!test_truth(ctx, v, *operand));
    check_defined(ctx, v, *operand);
    if (v.kind() == Kind::Int || v.kind() == Kind::Bool) {
        std::int64_t i = v.to_int();
        if (op == Op::Pos) return Value::integer(i);
        if (i == std::numeric_limits<std::int64_t>::min()) fail_overflow(ctx, *this);
        return Value::integer(-i);
    }
    if (v.kind() == Kind::Float)
        return Value::floating(op == Op::Neg ? -v.as_float_raw() : v.as_float_raw());
    fail(ctx, *this, std::string("không thể đổi dấu giá trị kiểu '") + type_name(v) + "'");
}

namespace {

// Both operands of a binary operator or comparison, evaluated left to right. An operand that
// is a variable or a constant is used where it is; the left one is only copied when the right
// one is computed (computing it could run a macro that rebinds what the left one points at).
struct Operands {
    Value lt, rt;
    const Value* l;
    const Value* r;
    Operands(Ctx& ctx, const Expr& left, const Expr& right) {
        l = left.ref(ctx);
        if (!l) {
            lt = left.eval(ctx);
            l = &lt;
        }
        r = right.ref(ctx);
        if (!r) {
            if (l != &lt) {
                lt = *l;
                l = &lt;
            }
            rt = right.eval(ctx);
            r = &rt;
        }
    }
};

bool plain_number(const Value& v) {
    return (v.kind() == Kind::Int && !v.is_big()) || v.kind() == Kind::Float;
}

// Arithmetic on two ints or floats (not bool, not beyond 64 bits) without the general rules;
// false when they do not apply or the result needs them (overflow, division by zero).
bool fast_arith(Op op, const Value& a, const Value& b, Value& out) {
    if (!plain_number(a) || !plain_number(b)) return false;
    if (a.kind() == Kind::Int && b.kind() == Kind::Int) {
        std::int64_t x = a.as_int_raw(), y = b.as_int_raw(), r;
        switch (op) {
            case Op::Add:
                if (__builtin_add_overflow(x, y, &r)) return false;
                out = Value::integer(r);
                return true;
            case Op::Sub:
                if (__builtin_sub_overflow(x, y, &r)) return false;
                out = Value::integer(r);
                return true;
            case Op::Mul:
                if (__builtin_mul_overflow(x, y, &r)) return false;
                out = Value::integer(r);
                return true;
            case Op::Div:
                if (y == 0) return false;
                out = Value::floating(double(x) / double(y));
                return true;
            default:
                return false;
        }
    }
    const double x = a.to_double(), y = b.to_double();
    switch (op) {
        case Op::Add:
            out = Value::floating(x + y);
            return true;
        case Op::Sub:
            out = Value::floating(x - y);
            return true;
        case Op::Mul:
            out = Value::floating(x * y);
            return true;
        case Op::Div:
            if (y == 0.0) return false;
            out = Value::floating(x / y);
            return true;
        default:
            return false;
    }
}

}  // namespace

Value BinaryExpr::eval(Ctx& ctx) const {
    if (op == Op::And || op == Op::Or) {
        Value l = left->eval(ctx);
        bool t = test_truth(ctx, l, *left);
        if (op == Op::And ? !t : t) return l;
        return right->eval(ctx);
    }
    Operands o(ctx, *left, *right);
    if (Value r; fast_arith(op, *o.l, *o.r, r)) return r;
    return binary_op(ctx, op, *o.l, *o.r, *this);
}

Value CompareExpr::eval(Ctx& ctx) const {
    if (rest.size() == 1) {
        // One comparison (the usual case): the operands where they are; two numbers compared
        // directly.
        const auto& [op, e] = rest[0];
        Operands o(ctx, *first, *e);
        const Value &a = *o.l, &b = *o.r;
        if (plain_number(a) && plain_number(b)) {
            bool res;
            if (a.kind() == Kind::Int && b.kind() == Kind::Int) {
                const std::int64_t x = a.as_int_raw(), y = b.as_int_raw();
                switch (op) {
                    case Op::Lt:
                        res = x < y;
                        break;
                    case Op::Le:
                        res = x <= y;
                        break;
                    case Op::Gt:
                        res = x > y;
                        break;
                    case Op::Ge:
                        res = x >= y;
                        break;
                    case Op::Eq:
                        res = x == y;
                        break;
                    case Op::Ne:
                        res = x != y;
                        break;
                    default:
                        return compare_chain(ctx, a, b);
                }
            } else {
                const double x = a.to_double(), y = b.to_double();
                switch (op) {
                    case Op::Lt:
                        res = x < y;
                        break;
                    case Op::Le:
                        res = x <= y;
                        break;
                    case Op::Gt:
                        res = x > y;
                        break;
                    case Op::Ge:
                        res = x >= y;
                        break;
                    default:
                        return compare_chain(ctx, a, b);
                }
            }
            return Value::boolean(res);
        }
        return compare_chain(ctx, a, b);
    }
    return compare_chain(ctx, first->eval(ctx), Value::unbound());
}

// The general rules; `second` is the value of rest[0] when the caller already has it (else
// unbound and it is evaluated here).
Value CompareExpr::compare_chain(Ctx& ctx, Value l, const Value& second) const {
    for (std::size_t i = 0; i < rest.size(); ++i) {
        const auto& [op, e] = rest[i];
        Value r = i == 0 && !second.is_unbound() ? second : e->eval(ctx);
        bool res;
        if (op == Op::In || op == Op::NotIn) {
            res = contains(ctx, r, l, *this) == (op == Op::In);
        } else {
            check_defined(ctx, l, *first);
            check_defined(ctx, r, *e);
            if (op == Op::Eq || op == Op::Ne) {
                res = equals(l, r) == (op == Op::Eq);
            } else {
                bool ok;
                int c = compare(l, r, ok);
                if (!ok) {
                    const char* sym = op == Op::Lt   ? "<"
                                      : op == Op::Le ? "<="
                                      : op == Op::Gt ? ">"
                                                     : ">=";
                    fail(ctx, *this,
                         std::string("không thể so sánh '") + sym + "' giữa kiểu '" + type_name(l) +
                             "' và kiểu '" + type_name(r) + "'");
                }
                res = op == Op::Lt ? c < 0 : op == Op::Le ? c <= 0 : op == Op::Gt ? c > 0 : c >= 0;
            }
        }
        if (!res) return Value::boolean(false);
        l = std::move(r);
    }
    return Value::boolean(true);
}

Value ConcatExpr::eval(Ctx& ctx) const {
    std::string s;
    bool any_safe = false;
    std::vector<Value> vals;
    vals.reserve(parts.size());
    for (const auto& p : parts) {
        vals.push_back(p->eval(ctx));
        if (vals.back().is_lenient_undefined()) vals.back() = Value::str("");
        check_defined(ctx, vals.back(), *p);
        any_safe = any_safe || (vals.back().is_str() && vals.back().safe());
    }
    // markup_join in autoescaped templates, str_join otherwise.
    bool markup = any_safe && ctx.tpl->autoescape;
    for (const auto& v : vals) {
        if (markup && !(v.is_str() && v.safe())) {
            std::string tmp;
            append_str(tmp, v);
            append_escaped(s, tmp);
        } else {
            append_str(s, v);
        }
    }
    return Value::str(std::move(s), markup);
}

Value CondExpr::eval(Ctx& ctx) const {
    Value c = cond->eval(ctx);
    if (test_truth(ctx, c, *cond)) return then->eval(ctx);
    if (otherwise) return otherwise->eval(ctx);
    // Jinja yields its plain (non-strict) Undefined here.
    Value u = undefined_at(ctx, *this, "biểu thức 'if' không có nhánh 'else' và điều kiện sai");
    const_cast<UndefObj&>(u.undef()).lenient = true;
    return u;
}

void ArgExprs::eval(Ctx& ctx, CallArgs& out) const {
    for (const auto& e : pos) out.pos.push_back(e->eval(ctx));
    for (const auto& [k, e] : kw) out.kw.emplace_back(k, e->eval(ctx));
}

bool CallExpr::call_direct(Ctx& ctx, Value& r) const {
    // Only an object reachable by reference (a variable): looking it up has no side effects,
    // so declining here and running the general path evaluates nothing twice.
    const Value* o = method->obj->ref(ctx);
    if (!o || o->kind() != Kind::Callable) return false;
    DirectMethodFn m = static_cast<const CallableObj*>(o->obj().get())->method(method->name);
    if (!m) return false;
    const Value self = *o;  // held: evaluating the arguments must not leave it dangling
    CallArgs a;
    args.eval(ctx, a);
    r = m(ctx, self, a, *this);
    return true;
}
Value CallExpr::eval(Ctx& ctx) const {
    if (Value r; method && call_direct(ctx, r)) return r;
    Value f = fn->eval(ctx);
    check_defined(ctx, f, *fn);
    if (f.kind() != Kind::Callable)
        fail(ctx, *this, std::string("giá trị kiểu '") + type_name(f) + "' không gọi được");
    CallArgs a;
    args.eval(ctx, a);
    return static_cast<const CallableObj*>(f.obj().get())->call(ctx, a, *this);
}

void CallExpr::eval_into(Ctx& ctx, std::string& out) const {
    if (Value r; method && call_direct(ctx, r)) return emit(ctx, r, out, *this);
    // Held by value: the call may rebind the name (a namespace attribute) that held it.
    Value f = fn->eval(ctx);
    check_defined(ctx, f, *fn);
    if (f.kind() != Kind::Callable)
        fail(ctx, *this, std::string("giá trị kiểu '") + type_name(f) + "' không gọi được");
    CallArgs a;
    args.eval(ctx, a);
    auto* c = static_cast<const CallableObj*>(f.obj().get());
    if (!c->call_into(ctx, a, *this, out)) emit(ctx, c->call(ctx, a, *this), out, *this);
}

const Value& FilterExpr::operand_and_args(Ctx& ctx, Value& tmp, CallArgs& a) const {
    const Value* vp = operand->ref(ctx);
    if (!vp) {
        tmp = operand->eval(ctx);
        if (tmp.is_lenient_undefined() && !accepts_undefined)
            tmp = Value::str("");  // str(Undefined) == ""
        vp = &tmp;
    }
    const Value& v = *vp;
    if (!accepts_undefined) check_defined(ctx, v, *operand);
    if (!args.pos.empty() || !args.kw.empty()) {
        args.eval(ctx, a);
        if (!accepts_undefined) {
            for (std::size_t i = 0; i < a.pos.size(); ++i)
                check_defined(ctx, a.pos[i], *args.pos[i]);
            for (std::size_t i = 0; i < a.kw.size(); ++i)
                check_defined(ctx, a.kw[i].second, *args.kw[i].second);
        }
    }
    return v;
}
Value FilterExpr::eval(Ctx& ctx) const {
    Value tmp;
    CallArgs a;
    const Value& v = operand_and_args(ctx, tmp, a);
    return fn(ctx, v, a, *this);
}
void FilterExpr::eval_into(Ctx& ctx, std::string& out) const {
    if (fixed_format) return fixed_format_into(ctx, out);
    Value tmp;
    CallArgs a;
    const Value& v = operand_and_args(ctx, tmp, a);
    into(ctx, v, a, *this, out);
}

// `"%.Nf"|format(x)|replace(old, rep)`: x is evaluated once; when the digits and `rep` need no
// escaping (they never do for a number and a "," or "."), the replaced digits are appended
// directly. Otherwise both filters run as usual on the value already computed.
void FilterExpr::fixed_format_into(Ctx& ctx, std::string& out) const {
    const FilterExpr& fmt_filter = *fixed_format;
    const Expr& arg = *fmt_filter.args.pos[0];
    Value tmp;
    const Value* xp = arg.ref(ctx);
    if (!xp) {
        tmp = arg.eval(ctx);
        xp = &tmp;
    }
    const Value& fmt = static_cast<const ConstExpr&>(*fmt_filter.operand).value;
    const Value& old = static_cast<const ConstExpr&>(*args.pos[0]).value;
    const Value& rep = static_cast<const ConstExpr&>(*args.pos[1]).value;
    if (ctx.tpl->autoescape && !fmt.safe() && !old.safe() && !rep.safe() &&
        rep.str_obj_ref().escape_free()) {
        char buf[48];
        if (std::size_t n = percent_fixed_digits(fmt.sv(), *xp, buf)) {
            replace_plain_into(out, std::string_view(buf, n), old.sv(), rep.sv());
            return;
        }
    }
    check_defined(ctx, *xp, arg);
    CallArgs fa;
    fa.pos.push_back(*xp);
    Value s = fmt_filter.fn(ctx, fmt, fa, fmt_filter);
    CallArgs ra;
    ra.pos.push_back(old);
    ra.pos.push_back(rep);
    into(ctx, s, ra, *this, out);
}

Value TestExpr::eval(Ctx& ctx) const {
    Value v = operand->eval(ctx);
    CallArgs a;
    if (!args.pos.empty() || !args.kw.empty()) {
        args.eval(ctx, a);
        for (std::size_t i = 0; i < a.pos.size(); ++i) check_defined(ctx, a.pos[i], *args.pos[i]);
    }
    return Value::boolean(fn(ctx, v, a, *this) != negate);
}

}  // namespace vanban::tpl
