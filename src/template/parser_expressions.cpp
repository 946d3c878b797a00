// Expressions with Jinja2's precedence (parser.py): conditional, or/and/not, comparisons, the
// arithmetic levels, unary operators, primaries, subscripts, calls, filters and tests. Filters
// and tests are resolved here, once, so rendering never looks a name up by string.
#include <string>

#include "template/parser_impl.hpp"

namespace vanban::tpl {

// A comma-separated list becomes a tuple (as in `{{ 1, 2 }}` or `for x in a, b`).
ExprP Parser::parse_tuple_expr(bool with_condexpr, bool stop_at_if) {
    const Token& t = cur();
    ExprP first = parse_expr(with_condexpr && !stop_at_if);
    if (!is_op(",")) return first;
    auto l = make<ListExpr>(t);
    l->tuple = true;
    l->items.push_back(std::move(first));
    while (skip_op(",")) {
        if (cur().type == Tok::VarEnd || cur().type == Tok::BlockEnd || is_op(")") || is_name("if"))
            break;
        l->items.push_back(parse_expr(with_condexpr && !stop_at_if));
    }
    return l;
}

ExprP Parser::parse_expr(bool with_condexpr) {
    DepthGuard g(*this);
    if (!with_condexpr) return parse_or();
    const Token& t = cur();
    ExprP e = parse_or();
    while (is_name("if")) {
        next();
        auto c = make<CondExpr>(t);
        c->then = std::move(e);
        c->cond = parse_or();
        if (skip_name("else")) c->otherwise = parse_expr();
        e = std::move(c);
    }
    return e;
}

ExprP Parser::binary(Op op, ExprP l, ExprP r, const Token& at) {
    auto b = make<BinaryExpr>(at);
    b->op = op;
    b->left = std::move(l);
    b->right = std::move(r);
    return b;
}

ExprP Parser::parse_or() {
    ExprP l = parse_and();
    while (is_name("or")) {
        const Token& t = next();
        l = binary(Op::Or, std::move(l), parse_and(), t);
    }
    return l;
}

ExprP Parser::parse_and() {
    ExprP l = parse_not();
    while (is_name("and")) {
        const Token& t = next();
        l = binary(Op::And, std::move(l), parse_not(), t);
    }
    return l;
}

ExprP Parser::parse_not() {
    if (is_name("not")) {
        DepthGuard g(*this);
        auto u = make<UnaryExpr>(next());
        u->op = Op::Not;
        u->operand = parse_not();
        return u;
    }
    return parse_compare();
}

ExprP Parser::parse_compare() {
    const Token& t = cur();
    ExprP first = parse_math1();
    std::unique_ptr<CompareExpr> c;
    while (true) {
        Op op;
        if (is_op("=="))
            op = Op::Eq;
        else if (is_op("!="))
            op = Op::Ne;
        else if (is_op("<"))
            op = Op::Lt;
        else if (is_op("<="))
            op = Op::Le;
        else if (is_op(">"))
            op = Op::Gt;
        else if (is_op(">="))
            op = Op::Ge;
        else if (is_name("in"))
            op = Op::In;
        else if (is_name("not") && peek().type == Tok::Name && peek().text == "in") {
            next();
            op = Op::NotIn;
        } else
            break;
        next();
        if (!c) {
            c = make<CompareExpr>(t);
            c->first = std::move(first);
        }
        c->rest.emplace_back(op, parse_math1());
    }
    if (c) return c;
    return first;
}

ExprP Parser::parse_math1() {
    ExprP l = parse_concat();
    while (is_op("+") || is_op("-")) {
        const Token& t = next();
        l = binary(t.text == "+" ? Op::Add : Op::Sub, std::move(l), parse_concat(), t);
    }
    return l;
}

ExprP Parser::parse_concat() {
    const Token& t = cur();
    ExprP first = parse_math2();
    if (!is_op("~")) return first;
    auto c = make<ConcatExpr>(t);
    c->parts.push_back(std::move(first));
    while (skip_op("~")) c->parts.push_back(parse_math2());
    return c;
}

ExprP Parser::parse_math2() {
    ExprP l = parse_pow();
    while (is_op("*") || is_op("/") || is_op("//") || is_op("%")) {
        const Token& t = next();
        Op op = t.text == "*"    ? Op::Mul
                : t.text == "/"  ? Op::Div
                : t.text == "//" ? Op::FloorDiv
                                 : Op::Mod;
        l = binary(op, std::move(l), parse_pow(), t);
    }
    return l;
}

ExprP Parser::parse_pow() {
    ExprP l = parse_unary();
    while (is_op("**")) {
        const Token& t = next();
        l = binary(Op::Pow, std::move(l), parse_unary(), t);
    }
    return l;
}

ExprP Parser::parse_unary(bool with_filter) {
    DepthGuard g(*this);
    ExprP node;
    if (is_op("-") || is_op("+")) {
        auto u = make<UnaryExpr>(cur());
        u->op = next().text == "-" ? Op::Neg : Op::Pos;
        u->operand = parse_unary(false);
        node = std::move(u);
    } else {
        node = parse_primary();
    }
    node = parse_postfix(std::move(node));
    if (with_filter) node = parse_filter_expr(std::move(node));
    return node;
}

ExprP Parser::parse_primary() {
    const Token& t = cur();
    if (t.type == Tok::Name) {
        next();
        if (t.text == "true" || t.text == "True" || t.text == "false" || t.text == "False") {
            auto c = make<ConstExpr>(t);
            c->value = Value::boolean(t.text == "true" || t.text == "True");
            return c;
        }
        if (t.text == "none" || t.text == "None") return make<ConstExpr>(t);
        auto n = make<NameExpr>(t);
        n->name = t.text;
        n->id = intern_name(t.text);
        names_.emplace_back(n.get(), frame_);
        return n;
    }
    if (t.type == Tok::String) {
        std::string s;
        while (cur().type == Tok::String) s += next().text;
        auto c = make<ConstExpr>(t);
        c->value = Value::str(std::move(s));
        return c;
    }
    if (t.type == Tok::Int || t.type == Tok::Float) {
        next();
        auto c = make<ConstExpr>(t);
        c->value = t.type == Tok::Int ? Value::integer(t.ival) : Value::floating(t.fval);
        return c;
    }
    if (is_op("(")) {
        next();
        if (skip_op(")")) {
            auto l = make<ListExpr>(t);
            l->tuple = true;
            return l;
        }
        ExprP e = parse_expr();
        if (is_op(",")) {
            auto l = make<ListExpr>(t);
            l->tuple = true;
            l->items.push_back(std::move(e));
            while (skip_op(",")) {
                if (is_op(")")) break;
                l->items.push_back(parse_expr());
            }
            e = std::move(l);
        }
        expect_op(")");
        return e;
    }
    if (is_op("[")) {
        next();
        auto l = make<ListExpr>(t);
        while (!is_op("]")) {
            if (!l->items.empty()) expect_op(",");
            if (is_op("]")) break;
            l->items.push_back(parse_expr());
        }
        next();
        return constant_fold(std::move(l));
    }
    if (is_op("{")) {
        next();
        auto d = make<DictExpr>(t);
        while (!is_op("}")) {
            if (!d->items.empty()) expect_op(",");
            if (is_op("}")) break;
            ExprP k = parse_expr();
            expect_op(":");
            d->items.emplace_back(std::move(k), parse_expr());
        }
        next();
        return d;
    }
    unexpected("một biểu thức");
}

// A list literal of constants is built once at parse time.
ExprP Parser::constant_fold(std::unique_ptr<ListExpr> l) {
    std::vector<Value> vals;
    for (auto& e : l->items) {
        auto* c = dynamic_cast<ConstExpr*>(e.get());
        if (!c) return l;
        vals.push_back(c->value);
    }
    auto c = std::make_unique<ConstExpr>();
    c->line = l->line;
    c->column = l->column;
    c->value = Value::list(std::move(vals), l->tuple ? Seq::Tuple : Seq::List);
    return c;
}

ExprP Parser::parse_postfix(ExprP node) {
    while (true) {
        if (is_op(".") || is_op("[")) {
            node = parse_subscript(std::move(node));
        } else if (is_op("(")) {
            node = parse_call(std::move(node));
        } else {
            return node;
        }
    }
}

ExprP Parser::parse_subscript(ExprP node) {
    const Token& t = next();
    if (t.text == ".") {
        const Token& a = cur();
        if (a.type == Tok::Name) {
            next();
            auto g = make<GetAttrExpr>(t);
            g->obj = std::move(node);
            g->name_obj = dynamic_cast<const NameExpr*>(g->obj.get());
            g->name = a.text;
            g->dict_method =
                a.text == "items" || a.text == "keys" || a.text == "values" || a.text == "get";
            return g;
        }
        if (a.type != Tok::Int) unexpected("tên hoặc số sau '.'");
        next();
        auto g = make<GetItemExpr>(t);
        g->obj = std::move(node);
        auto c = make<ConstExpr>(a);
        c->value = Value::integer(a.ival);
        g->key = std::move(c);
        return g;
    }
    // '[': a key, a slice, or a tuple of keys
    std::vector<ExprP> args;
    bool slice = false;
    ExprP s[3];
    while (!is_op("]")) {
        if (!args.empty() || slice) expect_op(",");
        if (is_op(":") || true) {
            ExprP first;
            if (!is_op(":")) first = parse_expr();
            if (!is_op(":")) {
                args.push_back(std::move(first));
                continue;
            }
            slice = true;
            next();
            s[0] = std::move(first);
            if (!is_op("]") && !is_op(",") && !is_op(":")) s[1] = parse_expr();
            if (skip_op(":"))
                if (!is_op("]") && !is_op(",")) s[2] = parse_expr();
            if (!args.empty() || !is_op("]")) fail_at(cur(), "chỉ hỗ trợ một lát cắt [a:b:c] đơn");
        }
    }
    next();
    if (slice) {
        auto sl = make<SliceExpr>(t);
        sl->obj = std::move(node);
        sl->start = std::move(s[0]);
        sl->stop = std::move(s[1]);
        sl->step = std::move(s[2]);
        return sl;
    }
    if (args.empty()) fail_at(t, "mong đợi một chỉ số bên trong '[]'");
    auto g = make<GetItemExpr>(t);
    g->obj = std::move(node);
    if (args.size() == 1) {
        g->key = std::move(args[0]);
    } else {
        auto l = make<ListExpr>(t);
        l->tuple = true;
        l->items = std::move(args);
        g->key = std::move(l);
    }
    return g;
}

void Parser::parse_args(ArgExprs& out) {
    expect_op("(");
    while (!is_op(")")) {
        if (!out.pos.empty() || !out.kw.empty()) expect_op(",");
        if (is_op(")")) break;
        if (is_op("*") || is_op("**")) fail_at(cur(), "đối số '*' và '**' không được hỗ trợ");
        if (cur().type == Tok::Name && peek().type == Tok::Op && peek().text == "=") {
            std::string k = next().text;
            next();
            out.kw.emplace_back(std::move(k), parse_expr());
        } else {
            if (!out.kw.empty()) fail_at(cur(), "đối số vị trí đứng sau đối số từ khóa");
            out.pos.push_back(parse_expr());
        }
    }
    next();
}

ExprP Parser::parse_call(ExprP fn) {
    auto c = make<CallExpr>(cur());
    c->fn = std::move(fn);
    c->method = dynamic_cast<const GetAttrExpr*>(c->fn.get());
    parse_args(c->args);
    return c;
}

std::string Parser::dotted_name() {
    std::string n = expect_name();
    while (is_op(".") && peek().type == Tok::Name) {
        next();
        n += "." + next().text;
    }
    return n;
}

namespace {
bool const_str(const ExprP& e) {
    auto* c = dynamic_cast<const ConstExpr*>(e.get());
    return c && c->value.is_str();
}
}  // namespace

const FilterExpr* Parser::fixed_format_before(const FilterExpr& f) {
    if (f.name != "replace" || !f.args.kw.empty() || f.args.pos.size() != 2 ||
        !const_str(f.args.pos[0]) || !const_str(f.args.pos[1]))
        return nullptr;
    auto* inner = dynamic_cast<const FilterExpr*>(f.operand.get());
    if (!inner || inner->name != "format" || !inner->args.kw.empty() ||
        inner->args.pos.size() != 1 || !const_str(inner->operand))
        return nullptr;
    std::string_view fmt = static_cast<const ConstExpr&>(*inner->operand).value.sv();
    bool fixed = fmt.size() == 4 && fmt.substr(0, 2) == "%." && fmt[2] >= '0' && fmt[2] <= '6' &&
                 fmt[3] == 'f';
    return fixed ? inner : nullptr;
}

ExprP Parser::parse_filter_expr(ExprP node) {
    while (true) {
        if (is_op("|")) {
            next();
            const Token& t = cur();
            auto f = make<FilterExpr>(t);
            f->name = dotted_name();
            f->fn = find_filter(f->name);
            f->into = find_filter_into(f->name);
            f->accepts_undefined = f->name == "default" || f->name == "d";
            if (!f->fn) fail_at(t, "không có bộ lọc nào tên là '" + f->name + "'");
            f->operand = std::move(node);
            if (is_op("(")) parse_args(f->args);
            f->fixed_format = fixed_format_before(*f);
            node = std::move(f);
        } else if (is_name("is")) {
            next();
            auto te = make<TestExpr>(cur());
            te->negate = skip_name("not");
            const Token& t = cur();
            te->name = dotted_name();
            te->fn = find_test(te->name);
            if (!te->fn) fail_at(t, "không có phép thử nào tên là '" + te->name + "'");
            te->operand = std::move(node);
            if (is_op("(")) {
                parse_args(te->args);
            } else if ((cur().type == Tok::Name || cur().type == Tok::String ||
                        cur().type == Tok::Int || cur().type == Tok::Float || is_op("(") ||
                        is_op("[") || is_op("{")) &&
                       !is_name("else") && !is_name("or") && !is_name("and")) {
                if (is_name("is")) fail_at(cur(), "không thể nối nhiều phép thử 'is' liền nhau");
                ExprP arg = parse_postfix(parse_primary());
                te->args.pos.push_back(std::move(arg));
            }
            node = std::move(te);
        } else if (is_op("(")) {
            node = parse_call(std::move(node));
        } else {
            return node;
        }
    }
}

}  // namespace vanban::tpl
