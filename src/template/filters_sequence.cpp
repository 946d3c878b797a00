// The filters over lists: batch, first/last, length, join, list, map, min/max, select/reject,
// reverse, sort, sum, unique, and vanban's vn_sort (Vietnamese collation).
#include <algorithm>
#include <string>
#include <vector>

#include "template/filter_families.hpp"
#include "template/filter_support.hpp"
#include "vn/collate.hpp"
#include "vn/text.hpp"

namespace vanban::tpl::filters {

Value f_batch(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "batch", {"linecount", "fill_with"});
    if (!p.get(0)) fail(ctx, at, "bộ lọc 'batch' cần tham số 'linecount'");
    std::int64_t n = p.integer(0, 1);
    if (n <= 0) fail(ctx, at, "tham số 'linecount' của bộ lọc 'batch' phải lớn hơn 0");
    Value items = iter_list(ctx, v, at);
    std::vector<Value> out, cur;
    for (const auto& it : items.items()) {
        if (std::int64_t(cur.size()) == n) {
            out.push_back(Value::list(std::move(cur)));
            cur.clear();
        }
        cur.push_back(it);
    }
    if (!cur.empty()) {
        if (p.has(1))
            while (std::int64_t(cur.size()) < n) cur.push_back(*p.get(1));
        out.push_back(Value::list(std::move(cur)));
    }
    return Value::list(std::move(out));
}

Value f_length(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "length", {});
    return Value::integer(py_len(ctx, v, at, "length"));
}

Value f_first(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "first", {});
    Value l = iter_list(ctx, v, at);
    if (l.items().empty())
        return Value::undefined("bộ lọc 'first': dãy rỗng, không có phần tử đầu", &ctx.tpl->name,
                                at.line, at.column);
    return l.items().front();
}

Value f_last(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "last", {});
    Value l = iter_list(ctx, v, at);
    if (l.items().empty())
        return Value::undefined("bộ lọc 'last': dãy rỗng, không có phần tử cuối", &ctx.tpl->name,
                                at.line, at.column);
    return l.items().back();
}

Value f_join(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "join", {"d", "attribute"});
    Value d = p.get(0) ? *p.get(0) : Value::str("");
    Value items = iter_list(ctx, v, at);
    std::vector<Value> vals;
    if (p.has(1)) {
        Getter g{ctx, at, p.get(1), false};
        for (const auto& it : items.items()) vals.push_back(g(it));
    } else {
        vals = items.items();
    }
    for (const auto& x : vals) check_defined(ctx, x, at);
    bool markup = false;
    if (ctx.tpl->autoescape) {
        markup = d.is_str() && d.safe();
        for (const auto& x : vals) markup = markup || (x.is_str() && x.safe());
    }
    std::string out;
    std::string sep = to_str(d);
    if (markup && !(d.is_str() && d.safe())) {
        std::string e;
        append_escaped(e, sep);
        sep = e;
    }
    bool first = true;
    for (const auto& x : vals) {
        if (!first) out += sep;
        first = false;
        if (markup && !(x.is_str() && x.safe()))
            append_escaped(out, to_str(x));
        else
            append_str(out, x);
    }
    return Value::str(std::move(out), markup);
}

Value f_list(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "list", {});
    Value l = iter_list(ctx, v, at);
    if (l.seq() == Seq::List) return l;
    return Value::list(l.items());
}

Value f_map(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Value items = iter_list(ctx, v, at);
    std::vector<Value> out;
    if (a.pos.empty() && a.get(99, "attribute")) {
        const Value* attr = a.get(99, "attribute");
        const Value* def = a.get(99, "default");
        for (const auto& [k, val] : a.kw)
            if (k != "attribute" && k != "default")
                fail(ctx, at, "bộ lọc 'map' không có tham số '" + std::string(k) + "'");
        Getter g{ctx, at, attr, false, def};
        for (const auto& it : items.items()) out.push_back(g(it));
        return Value::list(std::move(out));
    }
    if (a.pos.empty()) fail(ctx, at, "bộ lọc 'map' cần tên một bộ lọc hoặc tham số 'attribute'");
    if (!a.pos[0].is_str())
        fail(ctx, at, "tham số đầu của bộ lọc 'map' phải là tên bộ lọc (chuỗi)");
    FilterFn fn = find_filter(a.pos[0].sv());
    if (!fn) fail(ctx, at, "không có bộ lọc nào tên là '" + a.pos[0].str_ref() + "'");
    CallArgs rest;
    rest.pos.assign(a.pos.begin() + 1, a.pos.end());
    rest.kw = a.kw;
    for (const auto& it : items.items()) {
        CallArgs c = rest;
        check_defined(ctx, it, at);
        out.push_back(fn(ctx, it, c, at));
    }
    return Value::list(std::move(out));
}

namespace {

Value min_max(Ctx& ctx, const Value& v, CallArgs& a, const Node& at, bool want_max) {
    Params p(ctx, a, at, want_max ? "max" : "min", {"case_sensitive", "attribute"});
    Value items = iter_list(ctx, v, at);
    if (items.items().empty())
        return Value::undefined("bộ lọc '" + std::string(want_max ? "max" : "min") + "': dãy rỗng",
                                &ctx.tpl->name, at.line, at.column);
    Getter g{ctx, at, p.has(1) ? p.get(1) : nullptr, !p.boolean(0, false)};
    std::size_t best = 0;
    Value best_key = g(items.items()[0]);
    for (std::size_t i = 1; i < items.items().size(); ++i) {
        Value k = g(items.items()[i]);
        if (want_max ? less(ctx, best_key, k, at) : less(ctx, k, best_key, at)) {
            best = i;
            best_key = k;
        }
    }
    return items.items()[best];
}

}  // namespace

Value f_max(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    return min_max(ctx, v, a, at, true);
}

Value f_min(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    return min_max(ctx, v, a, at, false);
}

namespace {

Value select_reject(Ctx& ctx, const Value& v, CallArgs& a, const Node& at, bool select, bool attr,
                    std::string_view name) {
    Value items = iter_list(ctx, v, at);
    std::size_t off = 0;
    const Value* attribute = nullptr;
    if (attr) {
        if (a.pos.empty()) fail(ctx, at, "bộ lọc '" + std::string(name) + "' cần tên thuộc tính");
        attribute = &a.pos[0];
        off = 1;
    }
    TestFn test = nullptr;
    CallArgs rest;
    if (a.pos.size() > off) {
        if (!a.pos[off].is_str())
            fail(ctx, at, "tên phép thử của bộ lọc '" + std::string(name) + "' phải là chuỗi");
        test = find_test(a.pos[off].sv());
        if (!test) fail(ctx, at, "không có phép thử nào tên là '" + a.pos[off].str_ref() + "'");
        rest.pos.assign(a.pos.begin() + std::ptrdiff_t(off) + 1, a.pos.end());
        rest.kw = a.kw;
    }
    Getter g{ctx, at, attribute, false};
    std::vector<Value> out;
    for (const auto& it : items.items()) {
        Value x = g(it);
        bool r;
        if (test) {
            CallArgs c = rest;
            r = test(ctx, x, c, at);
        } else {
            r = test_truth(ctx, x, at);
        }
        if (r == select) out.push_back(it);
    }
    return Value::list(std::move(out));
}

}  // namespace

Value f_select(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    return select_reject(c, v, a, at, true, false, "select");
}

Value f_reject(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    return select_reject(c, v, a, at, false, false, "reject");
}

Value f_selectattr(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    return select_reject(c, v, a, at, true, true, "selectattr");
}

Value f_rejectattr(Ctx& c, const Value& v, CallArgs& a, const Node& at) {
    return select_reject(c, v, a, at, false, true, "rejectattr");
}

Value f_reverse(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "reverse", {});
    if (v.is_str()) {
        std::u32string u = vn::to_u32(v.sv());
        std::reverse(u.begin(), u.end());
        return Value::str(vn::to_utf8(u), v.safe());
    }
    Value l = iter_list(ctx, v, at);
    std::vector<Value> out(l.items().rbegin(), l.items().rend());
    return Value::list(std::move(out));
}

Value f_sort(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "sort", {"reverse", "case_sensitive", "attribute"});
    Value items = iter_list(ctx, v, at);
    Getter g{ctx, at, p.has(2) ? p.get(2) : nullptr, !p.boolean(1, false)};
    g.multi = true;
    std::vector<Value> keys;
    keys.reserve(items.items().size());
    for (const auto& it : items.items()) keys.push_back(g(it));
    auto order = sorted_order(ctx, keys, p.boolean(0, false), at);
    std::vector<Value> out;
    out.reserve(order.size());
    for (auto i : order) out.push_back(items.items()[i]);
    return Value::list(std::move(out));
}

Value f_sum(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "sum", {"attribute", "start"});
    Value items = iter_list(ctx, v, at);
    Value acc = p.get(1) ? *p.get(1) : Value::integer(0);
    Getter g{ctx, at, p.has(0) ? p.get(0) : nullptr, false};
    const auto& xs = items.items();
    std::size_t k = 0;
    // Fast path: integers under one plain key of each dict (the totals row of every report
    // table), added without building values. Anything else, or an overflow, stops it and the
    // general loop below takes over from that item (and reports the error, if any).
    if (acc.kind() == Kind::Int && !acc.is_big() && g.attr && g.attr->is_str() &&
        Getter::plain_key(g.attr->sv())) {
        std::int64_t total = acc.as_int_raw();
        for (; k < xs.size(); ++k) {
            if (!xs[k].is_dict()) break;
            const Value* x = xs[k].dict_ref().find_hinted(g.attr->sv(), g.hint);
            std::int64_t r;
            if (!x || x->kind() != Kind::Int || x->is_big() ||
                __builtin_add_overflow(total, x->as_int_raw(), &r))
                break;
            total = r;
        }
        acc = Value::integer(total);
    }
    for (; k < xs.size(); ++k) {
        Value x = g(xs[k]);
        if (x.is_str() || acc.is_str()) fail(ctx, at, "bộ lọc 'sum' không cộng được chuỗi");
        acc = binary_op(ctx, Op::Add, acc, x, at);
    }
    return acc;
}

Value f_unique(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "unique", {"case_sensitive", "attribute"});
    Value items = iter_list(ctx, v, at);
    Getter g{ctx, at, p.has(1) ? p.get(1) : nullptr, !p.boolean(0, false)};
    std::vector<Value> seen, out;
    for (const auto& it : items.items()) {
        Value k = g(it);
        check_defined(ctx, k, at);
        bool dup = false;
        for (const auto& s : seen)
            if (equals(s, k)) {
                dup = true;
                break;
            }
        if (!dup) {
            seen.push_back(k);
            out.push_back(it);
        }
    }
    return Value::list(std::move(out));
}

Value f_vn_sort(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "vn_sort", {"attribute", "reverse"});
    Value items = iter_list(ctx, v, at);
    Getter g{ctx, at, p.has(0) ? p.get(0) : nullptr, false};
    std::vector<std::string> keys;
    for (const auto& it : items.items()) {
        Value k = g(it);
        check_defined(ctx, k, at);
        if (!k.is_str()) bad_type(ctx, at, "vn_sort", k, "các khóa là chuỗi");
        keys.push_back(vn::sort_key_vi(k.sv()));
    }
    bool rev = p.boolean(1, false);
    std::vector<std::size_t> idx(keys.size());
    for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t x, std::size_t y) {
        return rev ? keys[y] < keys[x] : keys[x] < keys[y];
    });
    std::vector<Value> out;
    for (auto i : idx) out.push_back(items.items()[i]);
    return Value::list(std::move(out));
}

}  // namespace vanban::tpl::filters
