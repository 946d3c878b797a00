// Python semantics of comparing runtime values: truthiness, ==, ordering, and type names for
// the error messages.
#include <cmath>

#include "template/callable.hpp"
#include "template/value.hpp"

namespace vanban::tpl {

bool truthy(const Value& v) {
    switch (v.kind()) {
        case Kind::Undefined:
        case Kind::None:
            return false;
        case Kind::Bool:
            return v.as_bool_raw();
        case Kind::Int:
            return v.as_int_raw() != 0;
        case Kind::Float:
            return v.as_float_raw() != 0.0;
        case Kind::Str:
            return !v.sv().empty();
        case Kind::List:
            return !v.items().empty();
        case Kind::Dict:
            return !v.dict_ref().items.empty();
        default:
            return true;
    }
}

namespace {
__int128 wide(const Value& v) {
    return v.is_big() ? __int128(v.as_big_raw()) : __int128(v.to_int());
}
}  // namespace

bool equals(const Value& a, const Value& b) {
    if (a.is_number() && b.is_number()) {
        if ((a.is_big() || b.is_big()) && a.kind() != Kind::Float && b.kind() != Kind::Float)
            return wide(a) == wide(b);
        if (a.kind() != Kind::Float && b.kind() != Kind::Float) return a.to_int() == b.to_int();
        return a.to_double() == b.to_double();
    }
    if (a.kind() != b.kind()) return false;
    switch (a.kind()) {
        case Kind::None:
            return true;
        case Kind::Str:
            return a.sv() == b.sv();
        case Kind::List: {
            if ((a.seq() == Seq::List) != (b.seq() == Seq::List)) return false;
            const auto &x = a.items(), &y = b.items();
            if (x.size() != y.size()) return false;
            for (std::size_t i = 0; i < x.size(); ++i)
                if (!equals(x[i], y[i])) return false;
            return true;
        }
        case Kind::Dict: {
            const auto &x = a.dict_ref(), &y = b.dict_ref();
            if (x.items.size() != y.items.size()) return false;
            for (const auto& [k, v] : x.items) {
                const Value* other = y.find(k);
                if (!other || !equals(v, *other)) return false;
            }
            return true;
        }
        default:
            return a.obj() == b.obj();
    }
}

int compare(const Value& a, const Value& b, bool& ok) {
    ok = true;
    if (a.is_number() && b.is_number()) {
        if (a.kind() != Kind::Float && b.kind() != Kind::Float) {
            auto x = wide(a), y = wide(b);
            return x < y ? -1 : x > y ? 1 : 0;
        }
        double x = a.to_double(), y = b.to_double();
        return x < y ? -1 : x > y ? 1 : 0;
    }
    if (a.is_str() && b.is_str()) {
        int c = a.sv().compare(b.sv());  // UTF-8 byte order is code point order
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    if (a.is_list() && b.is_list() && (a.seq() == Seq::List) == (b.seq() == Seq::List)) {
        const auto &x = a.items(), &y = b.items();
        for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
            if (equals(x[i], y[i])) continue;
            return compare(x[i], y[i], ok);
        }
        return x.size() < y.size() ? -1 : x.size() > y.size() ? 1 : 0;
    }
    ok = false;
    return 0;
}

const char* type_name(const Value& v) {
    switch (v.kind()) {
        case Kind::Undefined:
            return "StrictUndefined";
        case Kind::None:
            return "NoneType";
        case Kind::Bool:
            return "bool";
        case Kind::Int:
            return "int";
        case Kind::Float:
            return "float";
        case Kind::Str:
            return v.safe() ? "Markup" : "str";
        case Kind::List:
            return v.seq() == Seq::List ? "list" : "tuple";
        case Kind::Dict:
            return "dict";
        case Kind::Callable:
            return "function";
        case Kind::Namespace:
            return "Namespace";
    }
    return "object";
}

}  // namespace vanban::tpl
