// What the filter families (filters_*.cpp) and the `is` tests share: reading a filter's
// arguments, type errors, Python's len(), and the attribute getter and stable sort that sort,
// groupby, map, unique, min/max, sum and vn_sort key their items with.
#pragma once
#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "template/ast.hpp"

namespace vanban::tpl::filters {

struct Params {
    Ctx& ctx;
    CallArgs& a;
    const Node& at;
    std::string_view fname;
    // Copied: an initializer_list's array dies with the constructor's full-expression.
    std::array<std::string_view, 6> names{};
    std::size_t count = 0;

    Params(Ctx& c, CallArgs& args, const Node& n, std::string_view f,
           std::initializer_list<std::string_view> ns)
        : ctx(c), a(args), at(n), fname(f) {
        for (auto x : ns) names[count++] = x;
        if (a.pos.size() > count)
            fail(ctx, at,
                 "bộ lọc '" + std::string(fname) + "' nhận tối đa " + std::to_string(count) +
                     " đối số, nhưng được truyền " + std::to_string(a.pos.size()));
        for (const auto& [k, v] : a.kw) {
            std::size_t i = 0;
            bool ok = false;
            for (std::size_t j = 0; j < count; ++j) {
                auto n2 = names[j];
                if (n2 == k) {
                    ok = true;
                    if (i < a.pos.size())
                        fail(ctx, at,
                             "bộ lọc '" + std::string(fname) + "' nhận tham số '" + std::string(k) +
                                 "' hai lần");
                }
                ++i;
            }
            if (!ok)
                fail(ctx, at,
                     "bộ lọc '" + std::string(fname) + "' không có tham số '" + std::string(k) +
                         "'");
        }
    }
    const Value* get(std::size_t i) const { return a.get(i, names[i]); }
    bool has(std::size_t i) const {
        const Value* v = get(i);
        return v && !v->is_none();
    }
    std::int64_t integer(std::size_t i, std::int64_t def) const {
        const Value* v = get(i);
        if (!v) return def;
        if (v->kind() == Kind::Int || v->kind() == Kind::Bool) return v->to_int();
        fail(ctx, at,
             "tham số '" + std::string(names[i]) + "' của bộ lọc '" + std::string(fname) +
                 "' phải là số nguyên, không phải '" + type_name(*v) + "'");
    }
    bool boolean(std::size_t i, bool def) const {
        const Value* v = get(i);
        return v ? truthy(*v) : def;
    }
    std::string str(std::size_t i, std::string def) const {
        const Value* v = get(i);
        return v ? to_str(*v) : def;
    }
};

[[noreturn]] void bad_type(Ctx& ctx, const Node& at, std::string_view f, const Value& v,
                           std::string_view expected);

std::int64_t py_len(Ctx& ctx, const Value& v, const Node& at, std::string_view f);

// soft_str: keeps Markup, converts the rest with str().
Value soft_str(const Value& v);

std::string lower_fn(std::string_view s);
std::string upper_fn(std::string_view s);

Value lower_key(const Value& v);

// make_attrgetter(attribute, postprocess=ignore_case if not case_sensitive, default)
struct Getter {
    Ctx& ctx;
    const Node& at;
    const Value* attr;  // null: the item itself
    bool ignore_case;
    const Value* def = nullptr;
    bool multi = false;  // sort's make_multi_attrgetter: "a,b"
    Value operator()(const Value& item) const {
        if (multi && attr && attr->is_str() && attr->sv().find(',') != std::string_view::npos) {
            std::vector<Value> keys;
            std::string_view s = attr->sv();
            while (true) {
                auto c = s.find(',');
                keys.push_back(one(item, Value::str(std::string(s.substr(0, c)))));
                if (c == std::string_view::npos) break;
                s.remove_prefix(c + 1);
            }
            return Value::list(std::move(keys));
        }
        return attr ? one(item, *attr) : post(item);
    }
    // Whether `attr` is one plain dict key (no dot, not all digits), worked out on the first
    // item rather than for every one; and the slot where the last row had it (rows of JSON data
    // share their key order).
    mutable signed char attr_plain = -1;
    mutable std::atomic<std::uint32_t> hint{0};
    static bool plain_key(std::string_view p) {
        return p.find('.') == std::string_view::npos &&
               !std::all_of(p.begin(), p.end(), [](char c) { return c >= '0' && c <= '9'; });
    }
    Value one(const Value& item, const Value& path) const {
        // Fast path: one plain key of a dict.
        if (path.is_str() && item.is_dict()) {
            bool plain;
            if (&path == attr) {
                if (attr_plain < 0) attr_plain = plain_key(path.sv()) ? 1 : 0;
                plain = attr_plain == 1;
            } else {
                plain = plain_key(path.sv());
            }
            if (plain)
                if (const Value* v = item.dict_ref().find_hinted(path.sv(), hint)) return post(*v);
        }
        Value cur = item;
        if (path.is_str()) {
            std::string_view p = path.sv();
            while (true) {
                std::size_t dot = p.find('.');
                std::string_view part = p.substr(0, dot);
                bool digits = !part.empty() && std::all_of(part.begin(), part.end(), [](char c) {
                    return c >= '0' && c <= '9';
                });
                cur = get_item(ctx, cur,
                               digits ? Value::integer(std::stoll(std::string(part)))
                                      : Value::str(std::string(part)),
                               at);
                if (def && !def->is_none() && cur.is_undefined()) cur = *def;
                if (dot == std::string_view::npos) break;
                p.remove_prefix(dot + 1);
            }
        } else {
            cur = get_item(ctx, cur, path, at);
            if (def && !def->is_none() && cur.is_undefined()) cur = *def;
        }
        return post(cur);
    }
    Value post(const Value& v) const { return ignore_case ? lower_key(v) : v; }
};

bool less(Ctx& ctx, const Value& a, const Value& b, const Node& at);

// sorted(items, key=keys, reverse=...) — stable, as Python's.
std::vector<std::size_t> sorted_order(Ctx& ctx, const std::vector<Value>& keys, bool reverse,
                                      const Node& at);

}  // namespace vanban::tpl::filters
