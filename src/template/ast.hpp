// The compiled form of a template: expression and statement nodes that evaluate themselves, and
// the per-render state they run in. Nodes are immutable after parsing, so one AST serves many
// concurrent renders; everything mutable lives in Ctx/Scope, which belong to one render call.
#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "template/callable.hpp"
#include "template/engine.hpp"
#include "template/value.hpp"

namespace vanban::tpl {

struct Node {
    int line = 0;
    int column = 0;
    virtual ~Node() = default;
};

struct Expr : Node {
    virtual Value eval(Ctx& ctx) const = 0;
    // Fast path: the value itself when it already exists (a variable, a dict entry), so the hot
    // path copies nothing; nullptr when it must be computed (or is undefined) — then use eval().
    virtual const Value* ref(Ctx&) const { return nullptr; }
};
using ExprP = std::unique_ptr<Expr>;

struct Stmt : Node {
    virtual void render(Ctx& ctx, std::string& out) const = 0;
    // Text, output and block statements: skipped at the top level of a template after
    // {% extends %}, as Jinja does (only assignments and macros still run there).
    virtual bool output_only() const { return false; }
};
using StmtP = std::unique_ptr<Stmt>;
using Body = std::vector<StmtP>;

// ---- expressions ----
struct ConstExpr final : Expr {
    Value value;
    Value eval(Ctx&) const override { return value; }
    const Value* ref(Ctx&) const override { return &value; }
};
// The variables a for-loop body, a macro or a block binds itself, known when the template is
// compiled: each gets a slot in that scope, so reading a local is an index, not a search.
struct FrameInfo {
    std::vector<int> ids;    // name id of each slot
    std::uint64_t mask = 0;  // Scope::bit of every id, for the generic walk
    int slot_of(int id) const {
        for (std::size_t i = 0; i < ids.size(); ++i)
            if (ids[i] == id) return int(i);
        return -1;
    }
    int bind(int id);  // the slot of `id`, added if new
};

struct NameExpr final : Expr {
    int id = 0;
    std::string name;
    // Resolved after parsing: `hops` scopes out from the innermost one is the nearest frame that
    // may bind the name, at `slot` (-1: no enclosing frame does). Past the `frames` frames around
    // the expression the scopes are dynamic (template level, the includer's scopes).
    int hops = -1;
    int slot = 0;
    int frames = 0;
    mutable std::atomic<std::uint32_t> hint{0};  // slot of `name` in the data's root dict
    Value eval(Ctx& ctx) const override;
    const Value* ref(Ctx& ctx) const override;
};
struct ListExpr final : Expr {
    std::vector<ExprP> items;
    bool tuple = false;
    Value eval(Ctx& ctx) const override;
};
struct DictExpr final : Expr {
    std::vector<std::pair<ExprP, ExprP>> items;
    Value eval(Ctx& ctx) const override;
};
struct GetAttrExpr final : Expr {  // obj.name
    ExprP obj;
    // obj, when it is a variable: looked up without a virtual call.
    const NameExpr* name_obj = nullptr;
    std::string name;
    bool dict_method = false;                    // items/keys/values/get: a method, not a key
    mutable std::atomic<std::uint32_t> hint{0};  // slot of `name` in the last dict seen
    Value eval(Ctx& ctx) const override;
    const Value* ref(Ctx& ctx) const override;
};
struct GetItemExpr final : Expr {  // obj[key]
    ExprP obj;
    ExprP key;
    Value eval(Ctx& ctx) const override;
};
struct SliceExpr final : Expr {  // obj[start:stop:step]
    ExprP obj, start, stop, step;
    Value eval(Ctx& ctx) const override;
};
enum class Op {
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Mod,
    Pow,
    And,
    Or,
    Not,
    Neg,
    Pos,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    NotIn,
};
struct UnaryExpr final : Expr {
    Op op;
    ExprP operand;
    Value eval(Ctx& ctx) const override;
};
struct BinaryExpr final : Expr {
    Op op;
    ExprP left, right;
    Value eval(Ctx& ctx) const override;
};
struct CompareExpr final : Expr {  // a < b <= c (chained, as Python)
    ExprP first;
    std::vector<std::pair<Op, ExprP>> rest;
    Value eval(Ctx& ctx) const override;

  private:
    Value compare_chain(Ctx& ctx, Value l, const Value& second) const;
};
struct ConcatExpr final : Expr {  // a ~ b ~ c
    std::vector<ExprP> parts;
    Value eval(Ctx& ctx) const override;
};
struct CondExpr final : Expr {  // a if c else b
    ExprP cond, then, otherwise;
    Value eval(Ctx& ctx) const override;
};
struct ArgExprs {
    std::vector<ExprP> pos;
    std::vector<std::pair<std::string, ExprP>> kw;
    void eval(Ctx& ctx, CallArgs& out) const;
};
struct CallExpr final : Expr {
    ExprP fn;
    const GetAttrExpr* method = nullptr;  // fn, when the call is obj.name(...)
    ArgExprs args;
    Value eval(Ctx& ctx) const override;
    // obj.name(...) on an engine object with a direct method (loop.cycle): true and the result
    // in r; false when the general path must run (nothing has been evaluated then).
    bool call_direct(Ctx& ctx, Value& r) const;
    // {{ m(...) }}: a macro renders straight into the output.
    void eval_into(Ctx& ctx, std::string& out) const;
};
using FilterFn = Value (*)(Ctx& ctx, const Value& v, CallArgs& args, const Node& at);
// A filter's printing form: appends exactly what `{{ v|filter(args) }}` would print (escaping
// included), without building the result value first. Only some filters have one.
using FilterIntoFn = void (*)(Ctx& ctx, const Value& v, CallArgs& args, const Node& at,
                              std::string& out);
using TestFn = bool (*)(Ctx& ctx, const Value& v, CallArgs& args, const Node& at);
struct FilterExpr final : Expr {
    ExprP operand;
    std::string name;
    FilterFn fn = nullptr;
    FilterIntoFn into = nullptr;     // set when the filter has a printing form
    bool accepts_undefined = false;  // default/d
    ArgExprs args;
    // Set by the parser on `replace` in `"%.Nf"|format(x)|replace("a", "b")` (constant strings):
    // the `format` filter before it. A rate printed the Vietnamese way is the commonest output of
    // a report; its digits go to the output without a string object in between.
    const FilterExpr* fixed_format = nullptr;
    Value eval(Ctx& ctx) const override;
    // Prints the result (the output statement's fast path); needs `into`.
    void eval_into(Ctx& ctx, std::string& out) const;

  private:
    void fixed_format_into(Ctx& ctx, std::string& out) const;
    // The operand and the checked arguments, shared by eval and eval_into.
    const Value& operand_and_args(Ctx& ctx, Value& tmp, CallArgs& a) const;
};
struct TestExpr final : Expr {
    ExprP operand;
    std::string name;
    TestFn fn = nullptr;
    ArgExprs args;
    bool negate = false;
    Value eval(Ctx& ctx) const override;
};

// ---- statements ----
struct TextStmt final : Stmt {
    std::string text;
    void render(Ctx&, std::string& out) const override { out += text; }
    bool output_only() const override { return true; }
};
struct OutputStmt final : Stmt {
    ExprP expr;
    const CallExpr* call = nullptr;      // expr, when it is a call
    const FilterExpr* filter = nullptr;  // expr, when it is a filter with a printing form
    void render(Ctx& ctx, std::string& out) const override;
    bool output_only() const override { return true; }
};
struct IfStmt final : Stmt {
    std::vector<std::pair<ExprP, Body>> branches;
    Body otherwise;
    void render(Ctx& ctx, std::string& out) const override;
};
// Assignment target: a name, ns.attr, or a (nested) tuple of targets.
struct Target {
    int id = 0;
    int slot = -1;  // in the enclosing frame; -1 at template level (bound by id)
    std::string name;
    std::string attr;  // non-empty for `set ns.attr = ...`
    bool tuple = false;
    std::vector<Target> sub;  // the elements of a tuple target
};
struct ForStmt final : Stmt {
    const FrameInfo* frame = nullptr;
    int loop_slot = 0;
    Target target;
    ExprP iter;
    ExprP filter;  // for x in xs if cond
    Body body;
    Body otherwise;
    void render(Ctx& ctx, std::string& out) const override;
};
struct SetStmt final : Stmt {
    Target target;
    ExprP expr;
    void render(Ctx& ctx, std::string& out) const override;
};
// One `|filter(args)` of a block set: {% set x | upper %}...{% endset %}
struct FilterCall : Node {
    std::string name;
    FilterFn fn = nullptr;
    ArgExprs args;
};
struct SetBlockStmt final : Stmt {
    Target target;
    std::vector<FilterCall> filters;
    Body body;
    void render(Ctx& ctx, std::string& out) const override;
};
struct BlockStmt final : Stmt {
    const FrameInfo* frame = nullptr;
    std::string name;
    Body body;
    void render(Ctx& ctx, std::string& out) const override;
    bool output_only() const override { return true; }
};
struct ExtendsStmt final : Stmt {
    ExprP name;
    void render(Ctx& ctx, std::string& out) const override;
};
struct IncludeStmt final : Stmt {
    ExprP name;
    bool ignore_missing = false;
    bool with_context = true;
    void render(Ctx& ctx, std::string& out) const override;
};
struct MacroParam {
    int id;
    int slot;  // in the macro's frame
    std::string name;
    ExprP def;  // may be null
};
struct MacroStmt final : Stmt {
    const FrameInfo* frame = nullptr;
    int slot = -1;  // of the macro's name in the enclosing frame; -1 at template level
    int id = 0;
    std::string name;
    std::vector<MacroParam> params;
    Body body;
    void render(Ctx& ctx, std::string& out) const override;
};

struct TemplateImpl {
    std::string name;
    bool autoescape = false;
    Body body;
    std::vector<const BlockStmt*> blocks;  // every block, nested ones too
    std::vector<std::unique_ptr<FrameInfo>> frames;
    EnvImpl* env = nullptr;
    // Size of the last output: a fresh string is reserved at that size (plus a little), so a
    // render does not regrow and copy its buffer a dozen times. Only a guess, hence relaxed.
    mutable std::atomic<std::size_t> last_size{0};
};

// ---- per-render state ----
// Variables of one scope. A frame scope (for-loop body, macro call, block) has one slot per
// name its FrameInfo lists, the first few inline so entering a loop or a macro call does not
// allocate; a slot not assigned yet holds Value::unbound(). A dynamic scope (template level)
// binds names by id.
struct Scope {
    static constexpr std::size_t kInline = 6;
    Scope* parent = nullptr;
    const FrameInfo* frame = nullptr;
    Value* slots = nullptr;
    std::size_t n_slots = 0;
    // One bit per id modulo 64 for every name that may be bound here: most lookups walk past
    // scopes that cannot hold the name with one test instead of a scan.
    std::uint64_t mask = 0;
    std::vector<std::pair<int, Value>> vars;  // dynamic scopes
    // Created when a macro is defined here: the macro keeps it and refuses to run once this
    // scope is gone (a macro smuggled out of a loop or an include through a namespace).
    std::shared_ptr<bool> alive;

    Scope() = default;
    explicit Scope(const FrameInfo* f) : frame(f), n_slots(f ? f->ids.size() : 0) {
        if (!f) return;
        mask = f->mask;
        if (n_slots <= kInline) {
            slots = std::launder(reinterpret_cast<Value*>(buf_));
        } else {
            heap_.reset(new Value[n_slots]);
            slots = heap_.get();
            for (std::size_t i = 0; i < n_slots; ++i) slots[i] = Value::unbound();
            return;
        }
        for (std::size_t i = 0; i < n_slots; ++i)
            ::new (static_cast<void*>(slots + i)) Value(Value::unbound());
    }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
    ~Scope() {
        if (alive) *alive = false;
        if (!heap_)
            for (std::size_t i = 0; i < n_slots; ++i) slots[i].~Value();
    }

    static std::uint64_t bit(int id) { return std::uint64_t(1) << (unsigned(id) & 63u); }

    const Value* find_here(int id) const {
        if (!(mask & bit(id))) return nullptr;
        for (std::size_t i = 0; i < n_slots; ++i)
            if (frame->ids[i] == id && !slots[i].is_unbound()) return &slots[i];
        for (std::size_t i = vars.size(); i-- > 0;)
            if (vars[i].first == id) return &vars[i].second;
        return nullptr;
    }
    const Value* find(int id) const {
        for (const Scope* s = this; s; s = s->parent)
            if (const Value* v = s->find_here(id)) return v;
        return nullptr;
    }
    // Binds by id (template level; a frame's own names go to their slots).
    void set(int id, Value v) {
        if (frame)
            if (int i = frame->slot_of(id); i >= 0) {
                slots[i] = std::move(v);
                return;
            }
        if (const Value* existing = find_here(id)) {
            const_cast<Value&>(*existing) = std::move(v);
            return;
        }
        mask |= bit(id);
        vars.emplace_back(id, std::move(v));
    }
    // A loop's next iteration starts with nothing bound.
    void clear_slots() {
        for (std::size_t i = 0; i < n_slots; ++i) slots[i] = Value::unbound();
    }

  private:
    alignas(Value) unsigned char buf_[kInline * sizeof(Value)];
    std::unique_ptr<Value[]> heap_;
};

struct BlockRef {
    const BlockStmt* block;
    const TemplateImpl* tpl;
};
struct BlockChain {
    std::string_view name;
    std::vector<BlockRef> refs;  // most derived first
};

struct RenderState {
    const DictObj* root = nullptr;
    int depth = 0;  // nested macro calls and includes
    std::vector<std::shared_ptr<const Template>> keep_alive;
};

struct Ctx {
    RenderState* st = nullptr;
    const TemplateImpl* tpl = nullptr;
    Scope* scope = nullptr;  // innermost
    Scope* top = nullptr;    // template level (Jinja's context)
    std::vector<BlockChain>* blocks = nullptr;
    const BlockChain* chain = nullptr;  // block being rendered, for super()
    std::size_t level = 0;
    std::shared_ptr<const Template> parent;  // set by {% extends %}
};

// Maximum nesting of macro calls and includes: a template recursing without end stops with an
// error long before the C++ stack is at risk.
constexpr int kMaxDepth = 100;
// Maximum nesting of expressions and statements while parsing.
constexpr int kMaxParseDepth = 200;

[[noreturn]] void fail(const Ctx& ctx, const Node& at, std::string message);
[[noreturn]] void fail_undefined(const Ctx& ctx, const Value& u, const Node& at);
inline void check_defined(const Ctx& ctx, const Value& v, const Node& at) {
    if (v.is_undefined()) fail_undefined(ctx, v, at);
}
// An undefined value that reports the node's place in the template when it is used.
inline Value undefined_at(const Ctx& ctx, const Node& at, std::string hint) {
    return Value::undefined(std::move(hint), ctx.tpl ? &ctx.tpl->name : nullptr, at.line,
                            at.column);
}
// An integer result beyond 64 bits: Jinja would go on with Python's big ints, vanban stops.
[[noreturn]] void fail_overflow(const Ctx& ctx, const Node& at);

// Lookups shared by the evaluator and the filters (Jinja's environment.getattr / getitem).
Value get_attr(Ctx& ctx, const Value& obj, std::string_view name, const Node& at);
Value get_item(Ctx& ctx, const Value& obj, const Value& key, const Node& at);
// Jinja's make_attrgetter: "a.b.0" walks items then attributes.
Value get_path(Ctx& ctx, const Value& obj, const Value& path, const Node& at);
// Python iteration as a list value: list items, dict keys, string characters.
Value iter_list(Ctx& ctx, const Value& v, const Node& at);
bool test_truth(const Ctx& ctx, const Value& v, const Node& at);
Value binary_op(Ctx& ctx, Op op, const Value& a, const Value& b, const Node& at);
bool contains(Ctx& ctx, const Value& container, const Value& item, const Node& at);
// Markup-aware printing: what {{ v }} appends.
void emit(Ctx& ctx, const Value& v, std::string& out, const Node& at);
// Python % formatting (str % args).
Value percent_format(Ctx& ctx, const Value& fmt, const Value& args, const Node& at);
// fmt % (items[0], ..., items[n-1]) without building the tuple (the format filter).
Value percent_format_tuple(Ctx& ctx, const Value& fmt, const Value* items, std::size_t n,
                           const Node& at);
// The digits of fmt % x when fmt is "%.Nf" (N <= 6) and x a number within 64 bits, written to
// buf (48 bytes); 0 when that shortcut does not apply (percent_format_tuple then does it all).
std::size_t percent_fixed_digits(std::string_view fmt, const Value& x, char* buf);
// Python's s.replace(old, rep), appended to out (filters_string.cpp).
void replace_plain_into(std::string& out, std::string_view s, std::string_view old,
                        std::string_view rep);
// Python's str.format: fmt.format(*args.pos, **args.kw) (strformat.cpp).
Value str_format(Ctx& ctx, const Value& fmt, const CallArgs& args, const Node& at);
// Renders a body in the current context.
void render_body(Ctx& ctx, const Body& body, std::string& out);
// Renders a whole template (following extends) into out with the given top scope.
void render_template(RenderState& st, const TemplateImpl& t, Scope& top, std::string& out);

FilterFn find_filter(std::string_view name);
FilterIntoFn find_filter_into(std::string_view name);
TestFn find_test(std::string_view name);

// Interned variable names: a name's id is stable for the process.
int intern_name(std::string_view name);
const std::string& interned_name(int id);

// Environment internals used while rendering (include/extends).
std::shared_ptr<const Template> env_load(EnvImpl* env, const std::string& name);

}  // namespace vanban::tpl
