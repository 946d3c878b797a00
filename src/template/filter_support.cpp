// The helpers of filter_support.hpp that are not inline.
#include "template/filter_support.hpp"

#include "vn/text.hpp"

namespace vanban::tpl::filters {

[[noreturn]] void bad_type(Ctx& ctx, const Node& at, std::string_view f, const Value& v,
                           std::string_view expected) {
    fail(ctx, at,
         "bộ lọc '" + std::string(f) + "' cần " + std::string(expected) +
             ", nhưng nhận giá trị kiểu '" + type_name(v) + "'");
}

std::int64_t py_len(Ctx& ctx, const Value& v, const Node& at, std::string_view f) {
    switch (v.kind()) {
        case Kind::Str:
            return std::int64_t(vn::codepoint_count(v.sv()));
        case Kind::List:
            return std::int64_t(v.items().size());
        case Kind::Dict:
            return std::int64_t(v.dict_ref().items.size());
        default:
            bad_type(ctx, at, f, v, "chuỗi, danh sách hoặc từ điển");
    }
}

// soft_str: keeps Markup, converts the rest with str().
Value soft_str(const Value& v) {
    if (v.is_str()) return v;
    return Value::str(to_str(v));
}

std::string lower_fn(std::string_view s) {
    return vn::lower(s);
}

std::string upper_fn(std::string_view s) {
    return vn::upper(s);
}

Value lower_key(const Value& v) {
    if (v.is_str()) {
        const StrObj& l = v.str_obj_ref().lowered(lower_fn);
        if (l.s == v.sv()) return v;  // already lower case: share the string
        // Aliasing pointer: the lowered string lives as long as the string that owns it.
        return Value::str_obj(std::shared_ptr<const StrObj>(v.str_ptr(), &l));
    }
    return v;
}

bool less(Ctx& ctx, const Value& a, const Value& b, const Node& at) {
    check_defined(ctx, a, at);
    check_defined(ctx, b, at);
    bool ok;
    int c = compare(a, b, ok);
    if (!ok)
        fail(ctx, at,
             std::string("không thể so sánh '<' giữa kiểu '") + type_name(a) + "' và kiểu '" +
                 type_name(b) + "'");
    return c < 0;
}

// sorted(items, key=keys, reverse=...) — stable, as Python's.
std::vector<std::size_t> sorted_order(Ctx& ctx, const std::vector<Value>& keys, bool reverse,
                                      const Node& at) {
    std::vector<std::size_t> idx(keys.size());
    for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    // All strings (sorting by a name): Python orders str by code point, which is the byte
    // order of UTF-8, so compare the bytes without the general type dispatch.
    if (std::all_of(keys.begin(), keys.end(), [](const Value& k) { return k.is_str(); })) {
        std::stable_sort(idx.begin(), idx.end(), [&](std::size_t x, std::size_t y) {
            return reverse ? keys[y].sv() < keys[x].sv() : keys[x].sv() < keys[y].sv();
        });
        return idx;
    }
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t x, std::size_t y) {
        return reverse ? less(ctx, keys[y], keys[x], at) : less(ctx, keys[x], keys[y], at);
    });
    return idx;
}

}  // namespace vanban::tpl::filters
