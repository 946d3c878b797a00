// Callables the engine provides: Python methods of dict/str/list (d.items(), s.upper() ...),
// the globals range(), namespace(), dict(), super(), and the `loop` object of a for loop.
#pragma once

#include <string_view>

#include "template/ast.hpp"

namespace vanban::tpl {

// obj.name as a bound method, or None when obj's type has no such method.
Value bound_method(const Value& obj, std::string_view name);
// An attribute of an engine object (loop.index ...); false when it has none.
bool callable_attr(const Value& obj, std::string_view name, Value& out);
// range, namespace, dict, super; None for any other name.
Value global_function(std::string_view name);

// The state of one for loop, exposed as `loop`.
struct LoopObj final : CallableObj {
    Value items;  // the (filtered) list being iterated
    std::size_t index0 = 0;
    Value call(Ctx& ctx, CallArgs& args, const Node& at) const override;
    std::string describe() const override;
    bool attr(const Value& self, std::string_view name, Value& out) const override;
    DirectMethodFn method(std::string_view name) const override;
};

// loop.index, loop.cycle ...; None for an unknown attribute.
Value loop_attr(const LoopObj& loop, const Value& self, std::string_view name);

}  // namespace vanban::tpl
