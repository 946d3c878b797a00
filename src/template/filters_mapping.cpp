// The filters over dicts and missing values: default, dictsort, groupby.
#include <algorithm>
#include <string>
#include <vector>

#include "template/filter_families.hpp"
#include "template/filter_support.hpp"
#include "vn/text.hpp"

namespace vanban::tpl::filters {

Value f_default(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "default", {"default_value", "boolean"});
    bool boolean = false;
    if (const Value* b = p.get(1)) {
        check_defined(ctx, *b, at);
        boolean = truthy(*b);
    }
    if (v.is_undefined() || (boolean && !truthy(v))) {
        const Value* d = p.get(0);
        return d ? *d : Value::str("");
    }
    return v;
}

Value f_dictsort(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "dictsort", {"case_sensitive", "by", "reverse"});
    if (!v.is_dict()) bad_type(ctx, at, "dictsort", v, "một từ điển");
    bool cs = p.boolean(0, false);
    std::string by = p.str(1, "key");
    if (by != "key" && by != "value")
        fail(ctx, at, "bộ lọc 'dictsort' chỉ sắp xếp theo \"key\" hoặc \"value\"");
    std::size_t pos = by == "key" ? 0 : 1;
    std::vector<Value> items, keys;
    for (const auto& [k, val] : v.dict_ref().items) {
        items.push_back(Value::list({k, val}, Seq::Tuple));
        const Value& key = pos == 0 ? k : val;
        keys.push_back(cs ? key : lower_key(key));
    }
    auto order = sorted_order(ctx, keys, p.boolean(2, false), at);
    std::vector<Value> out;
    for (auto i : order) out.push_back(items[i]);
    return Value::list(std::move(out));
}

Value f_groupby(Ctx& ctx, const Value& v, CallArgs& a, const Node& at) {
    Params p(ctx, a, at, "groupby", {"attribute", "default", "case_sensitive"});
    const Value* attr = p.get(0);
    if (!attr) fail(ctx, at, "bộ lọc 'groupby' cần tham số 'attribute'");
    bool cs = p.boolean(2, false);
    Getter key{ctx, at, attr, !cs, p.get(1)};
    Getter out_key{ctx, at, attr, false, p.get(1)};
    Value items = iter_list(ctx, v, at);
    std::vector<Value> keys;
    for (const auto& it : items.items()) keys.push_back(key(it));
    auto order = sorted_order(ctx, keys, false, at);
    std::vector<Value> groups;
    std::size_t i = 0;
    while (i < order.size()) {
        std::vector<Value> members;
        const Value& k = keys[order[i]];
        std::size_t j = i;
        while (j < order.size() && equals(keys[order[j]], k))
            members.push_back(items.items()[order[j++]]);
        Value grouper = cs ? k : out_key(members.front());
        groups.push_back(Value::list({grouper, Value::list(std::move(members))}, Seq::Group));
        i = j;
    }
    return Value::list(std::move(groups));
}

}  // namespace vanban::tpl::filters
