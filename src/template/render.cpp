// Statements: output, if, for (with loop), set, macros, blocks with extends/super, include.
// Scoping follows Jinja: for-loop bodies, macros and blocks get their own scope; if does not;
// blocks see the template-level (context) variables but not the locals around them.
#include "template/builtins.hpp"

namespace vanban::tpl {

namespace {

struct DepthGuard {
    RenderState& st;
    DepthGuard(Ctx& ctx, const Node& at) : st(*ctx.st) {
        if (++st.depth > kMaxDepth) {
            --st.depth;
            fail(ctx, at,
                 "đệ quy quá sâu: quá " + std::to_string(kMaxDepth) +
                     " tầng macro hoặc include lồng nhau");
        }
    }
    ~DepthGuard() { --st.depth; }
};

struct MacroObj final : CallableObj {
    const MacroStmt* m;
    const TemplateImpl* tpl;
    Scope* closure;
    std::shared_ptr<bool> closure_alive;
    Value call(Ctx& ctx, CallArgs& args, const Node& at) const override {
        std::string out;
        run(ctx, args, at, out);
        return Value::str(std::move(out), tpl->autoescape);
    }
    bool call_into(Ctx& ctx, CallArgs& args, const Node& at, std::string& out) const override {
        run(ctx, args, at, out);
        return true;
    }
    void run(Ctx& ctx, CallArgs& args, const Node& at, std::string& out) const {
        if (!*closure_alive)
            fail(ctx, at,
                 "macro '" + m->name + "' được gọi bên ngoài phạm vi nơi nó được định nghĩa");
        DepthGuard g(ctx, at);
        if (args.pos.size() > m->params.size())
            fail(ctx, at,
                 "macro '" + m->name + "' nhận tối đa " + std::to_string(m->params.size()) +
                     " đối số, nhưng được truyền " + std::to_string(args.pos.size()));
        for (const auto& [k, v] : args.kw) {
            bool known = false;
            for (std::size_t i = 0; i < m->params.size(); ++i)
                if (m->params[i].name == k) {
                    known = true;
                    if (i < args.pos.size())
                        fail(ctx, at,
                             "macro '" + m->name + "' nhận tham số '" + std::string(k) +
                                 "' hai lần");
                }
            if (!known)
                fail(ctx, at, "macro '" + m->name + "' không có tham số '" + std::string(k) + "'");
        }
        Scope s(m->frame);
        s.parent = closure;
        Ctx c = ctx;
        c.tpl = tpl;
        c.scope = &s;
        c.chain = nullptr;
        // Every argument passed is bound before any default is computed, as Jinja does: a
        // default may use a later parameter that the call passed.
        bool defaults = false;
        for (std::size_t i = 0; i < m->params.size(); ++i) {
            const MacroParam& p = m->params[i];
            if (const Value* v = args.get(i, p.name))  // this call's own: moved, not copied
                s.slots[p.slot] = std::move(*const_cast<Value*>(v));
            else
                defaults = true;
        }
        for (std::size_t i = 0; defaults && i < m->params.size(); ++i) {
            const MacroParam& p = m->params[i];
            if (!s.slots[p.slot].is_unbound()) continue;
            if (p.def)
                s.slots[p.slot] = p.def->eval(c);
            else
                s.slots[p.slot] = Value::undefined(
                    "tham số '" + p.name + "' của macro '" + m->name + "' chưa được truyền",
                    &ctx.tpl->name, at.line, at.column);
        }
        render_body(c, m->body, out);
    }
    std::string describe() const override { return "<Macro '" + m->name + "'>"; }
};

void assign(Ctx& ctx, const Target& t, const Value& v, const Node& at) {
    if (!t.attr.empty()) {
        const Value* ns = ctx.scope->find(t.id);
        if (!ns) ns = ctx.st->root->find(t.name);
        if (!ns || ns->kind() != Kind::Namespace)
            fail(ctx, at,
                 "không thể gán thuộc tính '" + t.attr + "' cho '" + t.name +
                     "': chỉ gán được thuộc tính của một namespace()");
        ns->ns_ref().attrs.set(Value::str(t.attr), v);
        return;
    }
    if (!t.tuple) {
        if (t.slot >= 0)
            ctx.scope->slots[t.slot] = v;
        else
            ctx.scope->set(t.id, v);
        return;
    }
    check_defined(ctx, v, at);
    Value items = iter_list(ctx, v, at);
    if (items.items().size() != t.sub.size())
        fail(ctx, at,
             "không thể tách " + std::to_string(items.items().size()) + " giá trị thành " +
                 std::to_string(t.sub.size()) + " biến");
    for (std::size_t i = 0; i < t.sub.size(); ++i) assign(ctx, t.sub[i], items.items()[i], at);
}

const BlockChain* find_chain(const Ctx& ctx, std::string_view name) {
    if (!ctx.blocks) return nullptr;
    for (const auto& c : *ctx.blocks)
        if (c.name == name) return &c;
    return nullptr;
}

void add_blocks(std::vector<BlockChain>& chains, const TemplateImpl& t) {
    for (const BlockStmt* b : t.blocks) {
        bool found = false;
        for (auto& c : chains)
            if (c.name == b->name) {
                c.refs.push_back({b, &t});
                found = true;
            }
        if (!found) chains.push_back({b->name, {{b, &t}}});
    }
}

std::shared_ptr<const Template> load_for(Ctx& ctx, const Value& name, const Node& at,
                                         bool& missing) {
    missing = false;
    check_defined(ctx, name, at);
    std::vector<Value> names;
    if (name.is_list())
        names = name.items();
    else
        names.push_back(name);
    for (const Value& n : names) {
        if (!n.is_str())
            fail(ctx, at, std::string("tên mẫu phải là chuỗi, không phải '") + type_name(n) + "'");
        try {
            auto t = env_load(ctx.tpl->env, n.str_ref());
            if (t) {
                ctx.st->keep_alive.push_back(t);
                return t;
            }
        } catch (const TemplateError& e) {
            // A template that exists but fails to parse reports its own position.
            if (!e.file.empty()) throw;
            fail(ctx, at, e.message);
        }
    }
    missing = true;
    return nullptr;
}

}  // namespace

void render_body(Ctx& ctx, const Body& body, std::string& out) {
    for (const auto& s : body) s->render(ctx, out);
}

void OutputStmt::render(Ctx& ctx, std::string& out) const {
    // Variables and dict entries are printed without copying the value.
    if (call) return call->eval_into(ctx, out);
    if (filter) return filter->eval_into(ctx, out);
    if (const Value* v = expr->ref(ctx)) return emit(ctx, *v, out, *expr);
    emit(ctx, expr->eval(ctx), out, *expr);
}

void IfStmt::render(Ctx& ctx, std::string& out) const {
    for (const auto& [cond, body] : branches) {
        // A variable or a constant is tested where it is, without a copy.
        const Value* v = cond->ref(ctx);
        if (v ? test_truth(ctx, *v, *cond) : test_truth(ctx, cond->eval(ctx), *cond))
            return render_body(ctx, body, out);
    }
    render_body(ctx, otherwise, out);
}

void ForStmt::render(Ctx& ctx, std::string& out) const {
    const Value* direct = iter->ref(ctx);
    Value seq = direct && direct->is_list() ? *direct : iter_list(ctx, iter->eval(ctx), *iter);
    Scope scope(frame);
    scope.parent = ctx.scope;
    Scope* saved = ctx.scope;
    ctx.scope = &scope;
    try {
        if (filter) {
            std::vector<Value> kept;
            for (const Value& item : seq.items()) {
                scope.clear_slots();
                assign(ctx, target, item, *this);
                if (test_truth(ctx, filter->eval(ctx), *filter)) kept.push_back(item);
            }
            seq = Value::list(std::move(kept));
        }
        const auto& items = seq.items();
        if (!items.empty()) {
            auto loop = std::make_shared<LoopObj>();
            loop->items = seq;
            Value loop_v = Value::callable(loop);
            for (std::size_t i = 0; i < items.size(); ++i) {
                loop->index0 = i;
                scope.clear_slots();
                scope.slots[loop_slot] = loop_v;
                assign(ctx, target, items[i], *this);
                render_body(ctx, body, out);
            }
        }
    } catch (...) {
        ctx.scope = saved;
        throw;
    }
    ctx.scope = saved;
    if (seq.items().empty()) render_body(ctx, otherwise, out);
}

void SetStmt::render(Ctx& ctx, std::string&) const {
    assign(ctx, target, expr->eval(ctx), *this);
}

void SetBlockStmt::render(Ctx& ctx, std::string&) const {
    std::string s;
    render_body(ctx, body, s);
    Value v = Value::str(std::move(s), ctx.tpl->autoescape);
    for (const auto& f : filters) {
        CallArgs a;
        f.args.eval(ctx, a);
        v = f.fn(ctx, v, a, f);
    }
    assign(ctx, target, v, *this);
}

void BlockStmt::render(Ctx& ctx, std::string& out) const {
    const BlockChain* chain = find_chain(ctx, name);
    BlockRef ref{this, ctx.tpl};
    std::size_t level = 0;
    if (chain) ref = chain->refs[0];
    Ctx c = ctx;
    c.tpl = ref.tpl;
    Scope s(ref.block->frame);
    s.parent = ctx.top;
    c.scope = &s;
    c.chain = chain;
    c.level = level;
    render_body(c, ref.block->body, out);
}

void ExtendsStmt::render(Ctx& ctx, std::string&) const {
    if (ctx.parent) fail(ctx, *this, "mẫu chỉ được kế thừa ({% extends %}) một lần");
    bool missing;
    ctx.parent = load_for(ctx, name->eval(ctx), *name, missing);
    if (missing) {
        Value n = name->eval(ctx);
        fail(ctx, *name, "không tìm thấy mẫu cha '" + to_str(n) + "'");
    }
}

void IncludeStmt::render(Ctx& ctx, std::string& out) const {
    bool missing;
    Value n = name->eval(ctx);
    auto t = load_for(ctx, n, *name, missing);
    if (missing) {
        if (ignore_missing) return;
        fail(ctx, *name, "không tìm thấy mẫu '" + (n.is_list() ? [&] { std::string s; append_repr(s, n); return s; }() : to_str(n)) + "' để include");
    }
    DepthGuard g(ctx, *this);
    Scope top;
    top.parent = with_context ? ctx.scope : nullptr;
    if (with_context) return render_template(*ctx.st, t->impl(), top, out);
    // "without context": the included template sees neither the data nor the caller's variables.
    static const DictObj empty;
    struct RootSwap {
        RenderState& st;
        const DictObj* saved;
        ~RootSwap() { st.root = saved; }
    } swap{*ctx.st, ctx.st->root};
    ctx.st->root = &empty;
    render_template(*ctx.st, t->impl(), top, out);
}

void MacroStmt::render(Ctx& ctx, std::string&) const {
    auto m = std::make_shared<MacroObj>();
    m->m = this;
    m->tpl = ctx.tpl;
    m->closure = ctx.scope;
    if (!ctx.scope->alive) ctx.scope->alive = std::make_shared<bool>(true);
    m->closure_alive = ctx.scope->alive;
    if (slot >= 0)
        ctx.scope->slots[slot] = Value::callable(std::move(m));
    else
        ctx.scope->set(id, Value::callable(std::move(m)));
}

void render_template(RenderState& st, const TemplateImpl& t, Scope& top, std::string& out) {
    std::vector<BlockChain> chains;
    add_blocks(chains, t);
    Ctx ctx;
    ctx.st = &st;
    ctx.tpl = &t;
    ctx.scope = &top;
    ctx.top = &top;
    ctx.blocks = &chains;
    const TemplateImpl* cur = &t;
    std::string discard;
    while (true) {
        for (const auto& s : cur->body) {
            if (!ctx.parent) {
                s->render(ctx, out);
            } else if (!s->output_only()) {
                discard.clear();
                s->render(ctx, discard);
            }
        }
        if (!ctx.parent) return;
        // Everything after {% extends %} only defined blocks and variables: render the parent.
        auto parent = std::move(ctx.parent);
        ctx.parent.reset();
        cur = &parent->impl();
        add_blocks(chains, *cur);
        ctx.tpl = cur;
    }
}

}  // namespace vanban::tpl
