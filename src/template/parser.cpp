// Recursive-descent parser mirroring Jinja2's parser.py: same precedence, same statements.
// Filters and tests are resolved here, once, so rendering never looks a name up by string.
#include "template/parser.hpp"

#include <mutex>
#include <unordered_map>

#include "template/lexer.hpp"
#include "vn/text.hpp"

namespace vanban::tpl {

namespace {

class Parser {
  public:
    Parser(std::vector<Token> toks, TemplateImpl& t) : toks_(std::move(toks)), t_(t) {}

    Body parse_template() {
        std::string end;
        Body body = parse_body({}, end);
        resolve_names();
        return body;
    }

  private:
    // ---- token helpers ----
    const Token& cur() const { return toks_[pos_]; }
    const Token& peek(std::size_t k = 1) const {
        return toks_[std::min(pos_ + k, toks_.size() - 1)];
    }
    const Token& next() { return toks_[pos_ < toks_.size() - 1 ? pos_++ : pos_]; }
    bool is_op(std::string_view op) const { return cur().type == Tok::Op && cur().text == op; }
    bool is_name(std::string_view n) const { return cur().type == Tok::Name && cur().text == n; }
    bool skip_op(std::string_view op) {
        if (!is_op(op)) return false;
        next();
        return true;
    }
    bool skip_name(std::string_view n) {
        if (!is_name(n)) return false;
        next();
        return true;
    }

    static std::string describe(const Token& t) {
        switch (t.type) {
            case Tok::Data:
                return "văn bản";
            case Tok::VarBegin:
                return "'{{'";
            case Tok::VarEnd:
                return "'}}'";
            case Tok::BlockBegin:
                return "'{%'";
            case Tok::BlockEnd:
                return "'%}'";
            case Tok::Name:
                return "'" + t.text + "'";
            case Tok::String:
                return "chuỗi";
            case Tok::Int:
            case Tok::Float:
                return "số " + t.text;
            case Tok::Op:
                return "'" + t.text + "'";
            case Tok::Eof:
                return "cuối mẫu";
        }
        return "?";
    }

    [[noreturn]] void fail_at(const Token& t, std::string msg) const {
        throw TemplateError(t_.name, t.line, t.column, std::move(msg));
    }
    [[noreturn]] void unexpected(std::string_view expected) const {
        fail_at(cur(), "mong đợi " + std::string(expected) + " nhưng gặp " + describe(cur()));
    }
    void expect_op(std::string_view op) {
        if (!skip_op(op)) unexpected("'" + std::string(op) + "'");
    }
    std::string expect_name() {
        if (cur().type != Tok::Name) unexpected("một tên");
        return next().text;
    }
    void expect_block_end() {
        if (cur().type != Tok::BlockEnd) unexpected("'%}'");
        next();
    }

    template <typename N>
    std::unique_ptr<N> make(const Token& at) {
        auto n = std::make_unique<N>();
        n->line = at.line;
        n->column = at.column;
        return n;
    }

    struct DepthGuard {
        int& d;
        DepthGuard(Parser& p) : d(p.depth_) {
            if (++d > kMaxParseDepth)
                p.fail_at(p.cur(), "mẫu lồng nhau quá sâu (tối đa " +
                                       std::to_string(kMaxParseDepth) + " tầng)");
        }
        ~DepthGuard() { --d; }
    };

    // ---- statements ----
    // Parses until one of `ends` is the next block tag name (left unconsumed in `end`, the tag
    // itself consumed up to the name) or until EOF when ends is empty.
    Body parse_body(std::initializer_list<std::string_view> ends, std::string& end) {
        DepthGuard g(*this);
        Body body;
        while (true) {
            const Token& t = cur();
            if (t.type == Tok::Eof) {
                if (ends.size() == 0) return body;
                std::string list;
                for (auto e : ends)
                    list += (list.empty() ? "" : " hoặc ") + std::string("'{% ") + std::string(e) +
                            " %}'";
                fail_at(t, "mẫu kết thúc khi còn thiếu " + list);
            }
            if (t.type == Tok::Data) {
                auto s = make<TextStmt>(t);
                s->text = next().text;
                body.push_back(std::move(s));
            } else if (t.type == Tok::VarBegin) {
                next();
                auto s = make<OutputStmt>(cur());
                s->expr = parse_tuple_expr();
                s->call = dynamic_cast<const CallExpr*>(s->expr.get());
                if (auto* f = dynamic_cast<const FilterExpr*>(s->expr.get()); f && f->into)
                    s->filter = f;
                if (cur().type != Tok::VarEnd) unexpected("'}}'");
                next();
                body.push_back(std::move(s));
            } else if (t.type == Tok::BlockBegin) {
                next();
                if (cur().type != Tok::Name) unexpected("tên một thẻ lệnh");
                for (auto e : ends)
                    if (cur().text == e) {
                        end = next().text;
                        return body;
                    }
                body.push_back(parse_statement());
            } else {
                unexpected("văn bản hoặc thẻ");
            }
        }
    }

    StmtP parse_statement() {
        const Token& t = cur();
        const std::string& kw = t.text;
        if (kw == "if") return parse_if();
        if (kw == "for") return parse_for();
        if (kw == "set") return parse_set();
        if (kw == "block") return parse_block();
        if (kw == "extends") {
            auto s = make<ExtendsStmt>(t);
            next();
            s->name = parse_expr();
            expect_block_end();
            return s;
        }
        if (kw == "include") return parse_include();
        if (kw == "macro") return parse_macro();
        static const std::string_view enders[] = {"endif",    "endfor",   "else",   "elif",
                                                  "endblock", "endmacro", "endset", "endraw"};
        for (auto e : enders)
            if (kw == e) fail_at(t, "thẻ '" + kw + "' không khớp với thẻ mở nào");
        fail_at(t, "thẻ lệnh không xác định '" + kw + "'");
    }

    StmtP parse_if() {
        auto s = make<IfStmt>(cur());
        next();
        while (true) {
            ExprP cond = parse_tuple_expr();
            expect_block_end();
            std::string end;
            Body b = parse_body({"elif", "else", "endif"}, end);
            s->branches.emplace_back(std::move(cond), std::move(b));
            if (end == "elif") continue;
            if (end == "else") {
                expect_block_end();
                s->otherwise = parse_body({"endif"}, end);
            }
            expect_block_end();
            return s;
        }
    }

    Target parse_target(bool allow_attr) {
        Target first = parse_target_atom(allow_attr);
        if (!first.attr.empty() || !is_op(",")) return first;
        Target t;
        t.tuple = true;
        t.sub.push_back(std::move(first));
        while (skip_op(",")) {
            if (cur().type != Tok::Name && !is_op("(")) break;
            t.sub.push_back(parse_target_atom(false));
        }
        return t;
    }

    Target parse_target_atom(bool allow_attr) {
        DepthGuard g(*this);
        if (skip_op("(")) {
            Target t = parse_target(false);
            expect_op(")");
            return t;
        }
        Target t;
        t.name = expect_name();
        t.id = intern_name(t.name);
        if (allow_attr && is_op(".")) {
            next();
            t.attr = expect_name();
        }
        return t;
    }

    StmtP parse_for() {
        auto s = make<ForStmt>(cur());
        next();
        s->target = parse_target(false);
        if (!skip_name("in")) unexpected("'in'");
        s->iter = parse_tuple_expr(false, true);
        // The filter and the body run in the loop's scope; the else body outside it.
        const PFrame* outer = frame_;
        FrameInfo* f = push_frame(false);
        s->frame = f;
        s->loop_slot = f->bind(intern_name("loop"));
        bind_target(s->target);
        if (skip_name("if")) s->filter = parse_expr(false);
        if (is_name("recursive")) fail_at(cur(), "vòng lặp 'recursive' không được hỗ trợ");
        expect_block_end();
        std::string end;
        s->body = parse_body({"endfor", "else"}, end);
        pop_frame(outer);
        if (end == "else") {
            expect_block_end();
            s->otherwise = parse_body({"endfor"}, end);
        }
        expect_block_end();
        return s;
    }

    StmtP parse_set() {
        const Token& t = cur();
        next();
        Target tg = parse_target(true);
        bind_target(tg);
        if (skip_op("=")) {
            auto s = make<SetStmt>(t);
            s->target = std::move(tg);
            s->expr = parse_tuple_expr();
            expect_block_end();
            return s;
        }
        if (tg.tuple || !tg.attr.empty()) unexpected("'='");
        auto s = make<SetBlockStmt>(t);
        s->target = std::move(tg);
        while (skip_op("|")) {
            FilterCall f;
            f.line = cur().line;
            f.column = cur().column;
            const Token& ft = cur();
            f.name = dotted_name();
            f.fn = find_filter(f.name);
            if (!f.fn) fail_at(ft, "không có bộ lọc nào tên là '" + f.name + "'");
            if (is_op("(")) parse_args(f.args);
            s->filters.push_back(std::move(f));
        }
        expect_block_end();
        std::string end;
        s->body = parse_body({"endset"}, end);
        expect_block_end();
        return s;
    }

    StmtP parse_block() {
        auto s = make<BlockStmt>(cur());
        next();
        s->name = expect_name();
        for (const BlockStmt* b : t_.blocks)
            if (b->name == s->name)
                fail_at(cur(), "khối '" + s->name + "' được định nghĩa hai lần");
        if (is_name("scoped") || is_name("required"))
            fail_at(cur(), "khối '" + cur().text + "' không được hỗ trợ");
        expect_block_end();
        t_.blocks.push_back(s.get());
        std::string end;
        const PFrame* outer = frame_;
        s->frame = push_frame(true);
        s->body = parse_body({"endblock"}, end);
        pop_frame(outer);
        if (cur().type == Tok::Name) {
            if (cur().text != s->name)
                fail_at(cur(), "mong đợi '{% endblock %}' hoặc '{% endblock " + s->name +
                                   " %}' nhưng gặp '" + cur().text + "'");
            next();
        }
        expect_block_end();
        return s;
    }

    StmtP parse_include() {
        auto s = make<IncludeStmt>(cur());
        next();
        s->name = parse_expr();
        if (is_name("ignore") && peek().type == Tok::Name && peek().text == "missing") {
            next();
            next();
            s->ignore_missing = true;
        }
        if ((is_name("with") || is_name("without")) && peek().type == Tok::Name &&
            peek().text == "context") {
            s->with_context = next().text == "with";
            next();
        }
        expect_block_end();
        return s;
    }

    StmtP parse_macro() {
        auto s = make<MacroStmt>(cur());
        next();
        s->name = expect_name();
        s->id = intern_name(s->name);
        if (frame_) s->slot = frame_->info->bind(s->id);
        expect_op("(");
        // Parameters and their defaults live in the macro's own scope.
        const PFrame* outer = frame_;
        FrameInfo* f = push_frame(false);
        s->frame = f;
        bool seen_default = false;
        while (!is_op(")")) {
            if (!s->params.empty()) expect_op(",");
            if (is_op(")")) break;
            MacroParam p;
            p.name = expect_name();
            p.id = intern_name(p.name);
            p.slot = f->bind(p.id);
            if (skip_op("=")) {
                p.def = parse_expr();
                seen_default = true;
            } else if (seen_default) {
                fail_at(cur(),
                        "tham số không có giá trị mặc định đứng sau tham số có giá trị mặc định");
            }
            s->params.push_back(std::move(p));
        }
        next();
        expect_block_end();
        std::string end;
        s->body = parse_body({"endmacro"}, end);
        pop_frame(outer);
        if (cur().type == Tok::Name && cur().text == s->name) next();
        expect_block_end();
        return s;
    }

    // ---- expressions ----
    // A comma-separated list becomes a tuple (as in `{{ 1, 2 }}` or `for x in a, b`).
    ExprP parse_tuple_expr(bool with_condexpr = true, bool stop_at_if = false) {
        const Token& t = cur();
        ExprP first = parse_expr(with_condexpr && !stop_at_if);
        if (!is_op(",")) return first;
        auto l = make<ListExpr>(t);
        l->tuple = true;
        l->items.push_back(std::move(first));
        while (skip_op(",")) {
            if (cur().type == Tok::VarEnd || cur().type == Tok::BlockEnd || is_op(")") ||
                is_name("if"))
                break;
            l->items.push_back(parse_expr(with_condexpr && !stop_at_if));
        }
        return l;
    }

    ExprP parse_expr(bool with_condexpr = true) {
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

    ExprP binary(Op op, ExprP l, ExprP r, const Token& at) {
        auto b = make<BinaryExpr>(at);
        b->op = op;
        b->left = std::move(l);
        b->right = std::move(r);
        return b;
    }

    ExprP parse_or() {
        ExprP l = parse_and();
        while (is_name("or")) {
            const Token& t = next();
            l = binary(Op::Or, std::move(l), parse_and(), t);
        }
        return l;
    }
    ExprP parse_and() {
        ExprP l = parse_not();
        while (is_name("and")) {
            const Token& t = next();
            l = binary(Op::And, std::move(l), parse_not(), t);
        }
        return l;
    }
    ExprP parse_not() {
        if (is_name("not")) {
            DepthGuard g(*this);
            auto u = make<UnaryExpr>(next());
            u->op = Op::Not;
            u->operand = parse_not();
            return u;
        }
        return parse_compare();
    }
    ExprP parse_compare() {
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
    ExprP parse_math1() {
        ExprP l = parse_concat();
        while (is_op("+") || is_op("-")) {
            const Token& t = next();
            l = binary(t.text == "+" ? Op::Add : Op::Sub, std::move(l), parse_concat(), t);
        }
        return l;
    }
    ExprP parse_concat() {
        const Token& t = cur();
        ExprP first = parse_math2();
        if (!is_op("~")) return first;
        auto c = make<ConcatExpr>(t);
        c->parts.push_back(std::move(first));
        while (skip_op("~")) c->parts.push_back(parse_math2());
        return c;
    }
    ExprP parse_math2() {
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
    ExprP parse_pow() {
        ExprP l = parse_unary();
        while (is_op("**")) {
            const Token& t = next();
            l = binary(Op::Pow, std::move(l), parse_unary(), t);
        }
        return l;
    }
    ExprP parse_unary(bool with_filter = true) {
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

    ExprP parse_primary() {
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
    ExprP constant_fold(std::unique_ptr<ListExpr> l) {
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

    ExprP parse_postfix(ExprP node) {
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

    ExprP parse_subscript(ExprP node) {
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
                if (!args.empty() || !is_op("]"))
                    fail_at(cur(), "chỉ hỗ trợ một lát cắt [a:b:c] đơn");
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

    void parse_args(ArgExprs& out) {
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

    ExprP parse_call(ExprP fn) {
        auto c = make<CallExpr>(cur());
        c->fn = std::move(fn);
        c->method = dynamic_cast<const GetAttrExpr*>(c->fn.get());
        parse_args(c->args);
        return c;
    }

    std::string dotted_name() {
        std::string n = expect_name();
        while (is_op(".") && peek().type == Tok::Name) {
            next();
            n += "." + next().text;
        }
        return n;
    }

    ExprP parse_filter_expr(ExprP node) {
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
                    if (is_name("is"))
                        fail_at(cur(), "không thể nối nhiều phép thử 'is' liền nhau");
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

    // ---- name resolution ----
    // A frame as the parser sees it: its parent is the frame around it, or null where the
    // scopes become dynamic (template level; a block, whose scope hangs off the template's).
    struct PFrame {
        FrameInfo* info;
        const PFrame* parent;
    };
    FrameInfo* push_frame(bool boundary) {
        t_.frames.push_back(std::make_unique<FrameInfo>());
        pframes_.push_back(
            std::make_unique<PFrame>(PFrame{t_.frames.back().get(), boundary ? nullptr : frame_}));
        frame_ = pframes_.back().get();
        return frame_->info;
    }
    void pop_frame(const PFrame* saved) { frame_ = saved; }
    // Binds a set/for target's names in the current frame (nothing at template level).
    void bind_target(Target& t) {
        if (t.tuple) {
            for (auto& sub : t.sub) bind_target(sub);
            return;
        }
        if (t.attr.empty() && frame_) t.slot = frame_->info->bind(t.id);
    }
    // Once every frame knows all its names: where each name is looked up first.
    void resolve_names() {
        for (auto& [n, f] : names_) {
            int hops = 0;
            for (const PFrame* p = f; p; p = p->parent, ++hops) {
                if (n->hops >= 0) continue;
                if (int slot = p->info->slot_of(n->id); slot >= 0) {
                    n->hops = hops;
                    n->slot = slot;
                }
            }
            n->frames = hops;
        }
        names_.clear();
    }

    std::vector<Token> toks_;
    std::size_t pos_ = 0;
    TemplateImpl& t_;
    int depth_ = 0;
    const PFrame* frame_ = nullptr;
    std::vector<std::unique_ptr<PFrame>> pframes_;
    std::vector<std::pair<NameExpr*, const PFrame*>> names_;
};

}  // namespace

void parse_into(TemplateImpl& t, std::string_view source) {
    if (auto bad = vn::find_invalid_utf8(source); bad != std::string_view::npos) {
        int line = 1;
        for (std::size_t i = 0; i < bad; ++i)
            if (source[i] == '\n') ++line;
        throw TemplateError(t.name, line, 1,
                            "mẫu không phải UTF-8 hợp lệ (byte thứ " + std::to_string(bad) + ")");
    }
    std::string normalized = vn::is_nfc(source) ? std::string() : vn::nfc(source);
    std::string_view src = normalized.empty() ? source : std::string_view(normalized);
    Parser p(tokenize(src, t.name), t);
    t.body = p.parse_template();
}

namespace {
struct Interner {
    std::mutex mu;
    std::unordered_map<std::string, int> ids;
    std::vector<const std::string*> names;
};
Interner& interner() {
    static Interner in;
    return in;
}
}  // namespace

int FrameInfo::bind(int id) {
    if (int i = slot_of(id); i >= 0) return i;
    ids.push_back(id);
    mask |= Scope::bit(id);
    return int(ids.size() - 1);
}

int intern_name(std::string_view name) {
    auto& in = interner();
    std::lock_guard lock(in.mu);
    auto [it, inserted] = in.ids.try_emplace(std::string(name), int(in.names.size()));
    if (inserted) in.names.push_back(&it->first);
    return it->second;
}

const std::string& interned_name(int id) {
    auto& in = interner();
    std::lock_guard lock(in.mu);
    return *in.names[std::size_t(id)];
}

}  // namespace vanban::tpl
