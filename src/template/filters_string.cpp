// The filters that make and change text: case, padding, escaping, format, indent, replace,
// title, trim, truncate, wordcount, safe/string, and vanban's vn_nobreak.
#include <algorithm>
#include <cstring>
#include <string>

#include "template/filter_families.hpp"
#include "template/filter_support.hpp"
#include "vn/nobreak.hpp"
#include "vn/text.hpp"

namespace vanban::tpl::filters {

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

namespace {

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

}  // namespace

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

namespace {

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

}  // namespace

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

Value f_safe(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "safe", {});
    if (v.is_str()) return v.as_safe();
    return Value::str(to_str(v), true);
}

Value f_string(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "string", {});
    return soft_str(v);
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

}  // namespace vanban::tpl::filters

namespace vanban::tpl {

void replace_plain_into(std::string& out, std::string_view s, std::string_view old,
                        std::string_view rep) {
    filters::replace_all_into(out, s, old, rep, -1);
}

}  // namespace vanban::tpl
