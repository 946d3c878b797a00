// Statements, as Jinja2's parser.py parses them: the template body, if/for/set, and the tags that
// tie templates together (block, include, macro, call). Each statement opens the frames its
// names are bound in, so names resolve to slots after parsing.
#include <string>

#include "template/parser_impl.hpp"

namespace vanban::tpl {

// Parses until one of `ends` is the next block tag name (left unconsumed in `end`, the tag
// itself consumed up to the name) or until EOF when ends is empty.
Body Parser::parse_body(std::initializer_list<std::string_view> ends, std::string& end) {
    DepthGuard g(*this);
    Body body;
    while (true) {
        const Token& t = cur();
        if (t.type == Tok::Eof) {
            if (ends.size() == 0) return body;
            std::string list;
            for (auto e : ends)
                list +=
                    (list.empty() ? "" : " hoặc ") + std::string("'{% ") + std::string(e) + " %}'";
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

StmtP Parser::parse_statement() {
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

StmtP Parser::parse_if() {
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

Target Parser::parse_target(bool allow_attr) {
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

Target Parser::parse_target_atom(bool allow_attr) {
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

StmtP Parser::parse_for() {
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

StmtP Parser::parse_set() {
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

StmtP Parser::parse_block() {
    auto s = make<BlockStmt>(cur());
    next();
    s->name = expect_name();
    for (const BlockStmt* b : t_.blocks)
        if (b->name == s->name) fail_at(cur(), "khối '" + s->name + "' được định nghĩa hai lần");
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

StmtP Parser::parse_include() {
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

StmtP Parser::parse_macro() {
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

}  // namespace vanban::tpl
