// Python methods and Jinja globals available to templates.
#include "template/builtins.hpp"

#include "vn/text.hpp"

namespace vanban::tpl {

namespace {

using MethodFn = Value (*)(Ctx& ctx, const Value& self, CallArgs& a, const Node& at);

struct MethodObj final : CallableObj {
    Value self;
    std::string_view name;
    MethodFn fn;
    MethodObj(Value s, std::string_view n, MethodFn f) : self(std::move(s)), name(n), fn(f) {}
    Value call(Ctx& ctx, CallArgs& args, const Node& at) const override {
        return fn(ctx, self, args, at);
    }
    std::string describe() const override {
        if (self.is_none()) return "<built-in function " + std::string(name) + ">";
        return "<built-in method " + std::string(name) + " of " + type_name(self) + " object>";
    }
};

void arity(Ctx& ctx, const CallArgs& a, std::size_t lo, std::size_t hi, std::string_view name,
           const Node& at) {
    if (!a.kw.empty())
        fail(ctx, at,
             "'" + std::string(name) + "' không nhận đối số từ khóa '" +
                 std::string(a.kw[0].first) + "'");
    if (a.pos.size() < lo || a.pos.size() > hi)
        fail(ctx, at,
             "'" + std::string(name) + "' nhận từ " + std::to_string(lo) + " đến " +
                 std::to_string(hi) + " đối số, nhưng được truyền " + std::to_string(a.pos.size()));
}

const std::string& want_str(Ctx& ctx, const Value& v, std::string_view what, const Node& at) {
    check_defined(ctx, v, at);
    if (!v.is_str())
        fail(ctx, at, std::string(what) + " phải là chuỗi, không phải '" + type_name(v) + "'");
    return v.str_ref();
}

std::int64_t want_int(Ctx& ctx, const Value& v, std::string_view what, const Node& at) {
    check_defined(ctx, v, at);
    if (v.kind() != Kind::Int && v.kind() != Kind::Bool)
        fail(ctx, at, std::string(what) + " phải là số nguyên, không phải '" + type_name(v) + "'");
    return v.to_int();
}

// ---- dict ----
Value dict_items(Ctx& ctx, const Value& self, CallArgs& a, const Node& at) {
    arity(ctx, a, 0, 0, "items", at);
    std::vector<Value> out;
    out.reserve(self.dict_ref().items.size());
    for (const auto& [k, v] : self.dict_ref().items) out.push_back(Value::list({k, v}, Seq::Tuple));
    return Value::list(std::move(out));
}
Value dict_keys(Ctx& ctx, const Value& self, CallArgs& a, const Node& at) {
    arity(ctx, a, 0, 0, "keys", at);
    std::vector<Value> out;
    for (const auto& kv : self.dict_ref().items) out.push_back(kv.first);
    return Value::list(std::move(out));
}
Value dict_values(Ctx& ctx, const Value& self, CallArgs& a, const Node& at) {
    arity(ctx, a, 0, 0, "values", at);
    std::vector<Value> out;
    for (const auto& kv : self.dict_ref().items) out.push_back(kv.second);
    return Value::list(std::move(out));
}
Value dict_get(Ctx& ctx, const Value& self, CallArgs& a, const Node& at) {
    arity(ctx, a, 1, 2, "get", at);
    check_defined(ctx, a.pos[0], at);
    if (const Value* v = self.dict_ref().find(a.pos[0])) return *v;
    return a.pos.size() > 1 ? a.pos[1] : Value::none();
}

// ---- str ----
Value str_upper(Ctx& ctx, const Value& s, CallArgs& a, const Node& at) {
    arity(ctx, a, 0, 0, "upper", at);
    return Value::str(vn::upper(s.sv()), s.safe());
}
Value str_lower(Ctx& ctx, const Value& s, CallArgs& a, const Node& at) {
    arity(ctx, a, 0, 0, "lower", at);
    return Value::str(vn::lower(s.sv()), s.safe());
}
Value str_strip_impl(Ctx& ctx, const Value& s, CallArgs& a, const Node& at, bool left, bool right) {
    arity(ctx, a, 0, 1, "strip", at);
    std::u32string u = vn::to_u32(s.sv());
    std::u32string chars;
    bool ws = a.pos.empty() || a.pos[0].is_none();
    if (!ws) chars = vn::to_u32(want_str(ctx, a.pos[0], "đối số của strip", at));
    auto strip = [&](char32_t c) {
        return ws ? vn::is_space(c) : chars.find(c) != std::u32string::npos;
    };
    std::size_t b = 0, e = u.size();
    if (left)
        while (b < e && strip(u[b])) ++b;
    if (right)
        while (e > b && strip(u[e - 1])) --e;
    return Value::str(vn::to_utf8(u.substr(b, e - b)), s.safe());
}
Value str_strip(Ctx& c, const Value& s, CallArgs& a, const Node& at) {
    return str_strip_impl(c, s, a, at, true, true);
}
Value str_lstrip(Ctx& c, const Value& s, CallArgs& a, const Node& at) {
    return str_strip_impl(c, s, a, at, true, false);
}
Value str_rstrip(Ctx& c, const Value& s, CallArgs& a, const Node& at) {
    return str_strip_impl(c, s, a, at, false, true);
}
Value str_startswith(Ctx& ctx, const Value& s, CallArgs& a, const Node& at) {
    arity(ctx, a, 1, 1, "startswith", at);
    return Value::boolean(s.sv().starts_with(want_str(ctx, a.pos[0], "đối số của startswith", at)));
}
Value str_endswith(Ctx& ctx, const Value& s, CallArgs& a, const Node& at) {
    arity(ctx, a, 1, 1, "endswith", at);
    return Value::boolean(s.sv().ends_with(want_str(ctx, a.pos[0], "đối số của endswith", at)));
}
Value str_split(Ctx& ctx, const Value& s, CallArgs& a, const Node& at) {
    arity(ctx, a, 0, 2, "split", at);
    std::int64_t maxsplit = a.pos.size() > 1 ? want_int(ctx, a.pos[1], "maxsplit", at) : -1;
    std::vector<Value> out;
    std::string_view v = s.sv();
    if (a.pos.empty() || a.pos[0].is_none()) {
        std::u32string u = vn::to_u32(v);
        std::size_t i = 0;
        while (true) {
            while (i < u.size() && vn::is_space(u[i])) ++i;
            if (i >= u.size()) break;
            if (maxsplit >= 0 && std::int64_t(out.size()) == maxsplit) {
                std::size_t e = u.size();
                while (e > i && vn::is_space(u[e - 1])) --e;
                out.push_back(Value::str(vn::to_utf8(u.substr(i, e - i))));
                break;
            }
            std::size_t j = i;
            while (j < u.size() && !vn::is_space(u[j])) ++j;
            out.push_back(Value::str(vn::to_utf8(u.substr(i, j - i))));
            i = j;
        }
        return Value::list(std::move(out));
    }
    const std::string& sep = want_str(ctx, a.pos[0], "dấu phân cách", at);
    if (sep.empty()) fail(ctx, at, "dấu phân cách của split không được rỗng");
    std::size_t pos = 0;
    while (true) {
        std::size_t f = v.find(sep, pos);
        if (f == std::string_view::npos ||
            (maxsplit >= 0 && std::int64_t(out.size()) == maxsplit)) {
            out.push_back(Value::str(std::string(v.substr(pos))));
            break;
        }
        out.push_back(Value::str(std::string(v.substr(pos, f - pos))));
        pos = f + sep.size();
    }
    return Value::list(std::move(out));
}
Value str_replace(Ctx& ctx, const Value& s, CallArgs& a, const Node& at) {
    arity(ctx, a, 2, 3, "replace", at);
    CallArgs fa;
    fa.pos = a.pos;
    return find_filter("replace")(ctx, s, fa, at);
}
Value str_title(Ctx& ctx, const Value& s, CallArgs& a, const Node& at) {
    arity(ctx, a, 0, 0, "title", at);
    // Python's str.title: a letter after a cased letter is lowered, else uppered.
    std::u32string u = vn::to_u32(s.sv());
    std::string out;
    bool prev_cased = false;
    for (char32_t c : u) {
        std::string one;
        vn::append_utf8(one, c);
        std::string up = vn::upper(one), low = vn::lower(one);
        out += prev_cased ? low : up;
        prev_cased = up != low;
    }
    return Value::str(std::move(out), s.safe());
}
Value str_capitalize(Ctx& ctx, const Value& s, CallArgs& a, const Node& at) {
    arity(ctx, a, 0, 0, "capitalize", at);
    return Value::str(vn::capitalize(s.sv()), s.safe());
}
Value str_join(Ctx& ctx, const Value& s, CallArgs& a, const Node& at) {
    arity(ctx, a, 1, 1, "join", at);
    Value items = iter_list(ctx, a.pos[0], at);
    std::string out;
    bool first = true;
    for (const auto& v : items.items()) {
        if (!first) out += s.sv();
        first = false;
        out += want_str(ctx, v, "phần tử của join", at);
    }
    return Value::str(std::move(out));
}
Value str_count(Ctx& ctx, const Value& s, CallArgs& a, const Node& at) {
    arity(ctx, a, 1, 1, "count", at);
    if (s.is_list()) {
        std::int64_t n = 0;
        for (const auto& v : s.items()) n += equals(v, a.pos[0]);
        return Value::integer(n);
    }
    const std::string& sub = want_str(ctx, a.pos[0], "đối số của count", at);
    if (sub.empty()) return Value::integer(std::int64_t(vn::codepoint_count(s.sv())) + 1);
    std::int64_t n = 0;
    for (std::size_t p = s.sv().find(sub); p != std::string_view::npos;
         p = s.sv().find(sub, p + sub.size()))
        ++n;
    return Value::integer(n);
}
Value str_find(Ctx& ctx, const Value& s, CallArgs& a, const Node& at) {
    arity(ctx, a, 1, 1, "find", at);
    std::size_t p = s.sv().find(want_str(ctx, a.pos[0], "đối số của find", at));
    if (p == std::string_view::npos) return Value::integer(-1);
    return Value::integer(std::int64_t(vn::codepoint_count(s.sv().substr(0, p))));
}
Value str_format_method(Ctx& ctx, const Value& s, CallArgs& a, const Node& at) {
    return str_format(ctx, s, a, at);
}
Value list_index(Ctx& ctx, const Value& s, CallArgs& a, const Node& at) {
    arity(ctx, a, 1, 1, "index", at);
    for (std::size_t i = 0; i < s.items().size(); ++i)
        if (equals(s.items()[i], a.pos[0])) return Value::integer(std::int64_t(i));
    fail(ctx, at, "giá trị không có trong danh sách");
}

struct MethodEntry {
    std::string_view name;
    MethodFn fn;
};
constexpr MethodEntry kDictMethods[] = {
    {"items", dict_items}, {"keys", dict_keys}, {"values", dict_values}, {"get", dict_get}};
constexpr MethodEntry kStrMethods[] = {
    {"upper", str_upper},           {"lower", str_lower},
    {"strip", str_strip},           {"lstrip", str_lstrip},
    {"rstrip", str_rstrip},         {"startswith", str_startswith},
    {"endswith", str_endswith},     {"split", str_split},
    {"replace", str_replace},       {"title", str_title},
    {"capitalize", str_capitalize}, {"join", str_join},
    {"count", str_count},           {"find", str_find},
    {"format", str_format_method}};
constexpr MethodEntry kListMethods[] = {{"index", list_index}, {"count", str_count}};

// ---- globals ----
Value g_range(Ctx& ctx, const Value&, CallArgs& a, const Node& at) {
    arity(ctx, a, 1, 3, "range", at);
    std::int64_t start = 0, stop, step = 1;
    if (a.pos.size() == 1) {
        stop = want_int(ctx, a.pos[0], "đối số của range", at);
    } else {
        start = want_int(ctx, a.pos[0], "đối số của range", at);
        stop = want_int(ctx, a.pos[1], "đối số của range", at);
        if (a.pos.size() > 2) step = want_int(ctx, a.pos[2], "bước của range", at);
    }
    if (step == 0) fail(ctx, at, "bước của range() không được bằng 0");
    std::vector<Value> out;
    // Jinja's sandbox-free range is Python's; cap the size so a typo cannot exhaust memory.
    constexpr std::int64_t kMax = 10'000'000;
    for (std::int64_t i = start; step > 0 ? i < stop : i > stop; i += step) {
        if (std::int64_t(out.size()) >= kMax)
            fail(ctx, at, "range() quá lớn (tối đa 10.000.000 phần tử)");
        out.push_back(Value::integer(i));
    }
    return Value::list(std::move(out));
}
Value g_namespace(Ctx& ctx, const Value&, CallArgs& a, const Node& at) {
    auto ns = std::make_shared<NamespaceObj>();
    for (const auto& v : a.pos) {
        check_defined(ctx, v, at);
        if (!v.is_dict()) fail(ctx, at, "namespace() chỉ nhận từ điển hoặc đối số từ khóa");
        for (const auto& [k, val] : v.dict_ref().items) ns->attrs.set(k, val);
    }
    for (const auto& [k, v] : a.kw) ns->attrs.set(Value::str(std::string(k)), v);
    return Value::ns(std::move(ns));
}
Value g_dict(Ctx& ctx, const Value&, CallArgs& a, const Node& at) {
    arity(ctx, CallArgs{a.pos, {}}, 0, 1, "dict", at);
    auto d = std::make_shared<DictObj>();
    if (!a.pos.empty()) {
        check_defined(ctx, a.pos[0], at);
        if (a.pos[0].is_dict()) {
            for (const auto& [k, v] : a.pos[0].dict_ref().items) d->set(k, v);
        } else {
            Value l = iter_list(ctx, a.pos[0], at);
            for (const auto& it : l.items()) {
                if (!it.is_list() || it.items().size() != 2)
                    fail(ctx, at, "dict() cần các cặp (khóa, giá trị)");
                d->set(it.items()[0], it.items()[1]);
            }
        }
    }
    for (const auto& [k, v] : a.kw) d->set(Value::str(std::string(k)), v);
    return Value::dict(std::move(d));
}
Value g_super(Ctx& ctx, const Value&, CallArgs& a, const Node& at) {
    arity(ctx, a, 0, 0, "super", at);
    if (!ctx.chain) fail(ctx, at, "super() chỉ dùng được bên trong một khối {% block %}");
    if (ctx.level + 1 >= ctx.chain->refs.size())
        fail(ctx, at,
             "khối '" + std::string(ctx.chain->name) + "' không có khối cha để gọi super()");
    const BlockRef& ref = ctx.chain->refs[ctx.level + 1];
    Ctx c = ctx;
    c.tpl = ref.tpl;
    Scope s(ref.block->frame);
    s.parent = ctx.top;
    c.scope = &s;
    c.level = ctx.level + 1;
    std::string out;
    render_body(c, ref.block->body, out);
    return Value::str(std::move(out), ctx.tpl->autoescape);
}

Value loop_cycle(Ctx& ctx, const Value& self, CallArgs& a, const Node& at) {
    if (a.pos.empty()) fail(ctx, at, "loop.cycle() cần ít nhất một giá trị");
    const auto& loop = *static_cast<const LoopObj*>(self.obj().get());
    return a.pos[loop.index0 % a.pos.size()];
}

}  // namespace

DirectMethodFn LoopObj::method(std::string_view name) const {
    return name == "cycle" ? loop_cycle : nullptr;
}

Value bound_method(const Value& obj, std::string_view name) {
    auto find = [&](const auto& table) -> Value {
        for (const auto& m : table)
            if (m.name == name)
                return Value::callable(std::make_shared<MethodObj>(obj, m.name, m.fn));
        return Value::none();
    };
    switch (obj.kind()) {
        case Kind::Dict:
            return find(kDictMethods);
        case Kind::Str:
            return find(kStrMethods);
        case Kind::List:
            return find(kListMethods);
        default:
            return Value::none();
    }
}

Value global_function(std::string_view name) {
    static const Value range =
        Value::callable(std::make_shared<MethodObj>(Value(), "range", g_range));
    static const Value ns =
        Value::callable(std::make_shared<MethodObj>(Value(), "namespace", g_namespace));
    static const Value dict = Value::callable(std::make_shared<MethodObj>(Value(), "dict", g_dict));
    static const Value super =
        Value::callable(std::make_shared<MethodObj>(Value(), "super", g_super));
    if (name == "range") return range;
    if (name == "namespace") return ns;
    if (name == "dict") return dict;
    if (name == "super") return super;
    return Value::none();
}

Value LoopObj::call(Ctx& ctx, CallArgs&, const Node& at) const {
    fail(ctx, at, "biến 'loop' không gọi được (vòng lặp 'recursive' không được hỗ trợ)");
}

std::string LoopObj::describe() const {
    return "<LoopContext " + std::to_string(index0 + 1) + "/" +
           std::to_string(items.items().size()) + ">";
}

bool callable_attr(const Value& obj, std::string_view name, Value& out) {
    return static_cast<const CallableObj*>(obj.obj().get())->attr(obj, name, out);
}

bool LoopObj::attr(const Value& self, std::string_view name, Value& out) const {
    out = loop_attr(*this, self, name);
    return !out.is_none();
}

Value loop_attr(const LoopObj& l, const Value& obj, std::string_view name) {
    const LoopObj* loop = &l;
    std::int64_t n = std::int64_t(loop->items.items().size());
    std::int64_t i = std::int64_t(loop->index0);
    if (name == "index") return Value::integer(i + 1);
    if (name == "index0") return Value::integer(i);
    if (name == "revindex") return Value::integer(n - i);
    if (name == "revindex0") return Value::integer(n - i - 1);
    if (name == "first") return Value::boolean(i == 0);
    if (name == "last") return Value::boolean(i == n - 1);
    if (name == "length") return Value::integer(n);
    if (name == "depth") return Value::integer(1);
    if (name == "depth0") return Value::integer(0);
    if (name == "previtem")
        return i > 0 ? loop->items.items()[std::size_t(i - 1)]
                     : Value::undefined("không có phần tử trước (loop.previtem ở lượt đầu)");
    if (name == "nextitem")
        return i + 1 < n ? loop->items.items()[std::size_t(i + 1)]
                         : Value::undefined("không có phần tử sau (loop.nextitem ở lượt cuối)");
    if (name == "cycle")
        return Value::callable(std::make_shared<MethodObj>(obj, "cycle", loop_cycle));
    return Value::none();
}

}  // namespace vanban::tpl
