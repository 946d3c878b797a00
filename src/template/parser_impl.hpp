// The recursive-descent parser's state and its small token helpers, shared by the files that
// parse statements (parser_statements.cpp) and expressions (parser_expressions.cpp). Private to
// src/template: the public entry point is parse_into (parser.hpp).
#pragma once

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "template/ast.hpp"
#include "template/lexer.hpp"

namespace vanban::tpl {

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
        if (!skip_op(op)) unexpected_op(op);
    }
    // Out of line (parser.cpp): inlined into every caller, GCC 12 warns about the string concat.
    [[noreturn]] void unexpected_op(std::string_view op) const;
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

    // ---- statements (parser_statements.cpp) ----
    Body parse_body(std::initializer_list<std::string_view> ends, std::string& end);
    StmtP parse_statement();
    StmtP parse_if();
    Target parse_target(bool allow_attr);
    Target parse_target_atom(bool allow_attr);
    StmtP parse_for();
    StmtP parse_set();
    StmtP parse_block();
    StmtP parse_include();
    StmtP parse_macro();

    // ---- expressions (parser_expressions.cpp) ----
    ExprP parse_tuple_expr(bool with_condexpr = true, bool stop_at_if = false);
    ExprP parse_expr(bool with_condexpr = true);
    ExprP binary(Op op, ExprP l, ExprP r, const Token& at);
    ExprP parse_or();
    ExprP parse_and();
    ExprP parse_not();
    ExprP parse_compare();
    ExprP parse_math1();
    ExprP parse_concat();
    ExprP parse_math2();
    ExprP parse_pow();
    ExprP parse_unary(bool with_filter = true);
    ExprP parse_primary();
    ExprP constant_fold(std::unique_ptr<ListExpr> l);
    ExprP parse_postfix(ExprP node);
    ExprP parse_subscript(ExprP node);
    void parse_args(ArgExprs& out);
    ExprP parse_call(ExprP fn);
    std::string dotted_name();
    ExprP parse_filter_expr(ExprP node);
    // The `format` filter of `"%.Nf"|format(x)|replace("a", "b")` when f is that `replace`.
    static const FilterExpr* fixed_format_before(const FilterExpr& f);

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

}  // namespace vanban::tpl
