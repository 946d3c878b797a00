// The filter and test functions of each family, for the registration tables in filters.cpp.
#pragma once

#include "template/ast.hpp"

namespace vanban::tpl::filters {

// filters_string.cpp
Value f_capitalize(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_center(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_escape(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
void f_escape_into(Ctx& ctx, const Value& v, CallArgs& a, const Node& at, std::string& out);
Value f_format(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_indent(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_lower(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_upper(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_replace(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
void f_replace_into(Ctx& ctx, const Value& v, CallArgs& a, const Node& at, std::string& out);
Value f_safe(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_string(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_title(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_trim(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_truncate(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_wordcount(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_vn_nobreak(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);

// filters_number.cpp
Value f_abs(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_int(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_float(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_round(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_vn_date(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_vn_date_short(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_vn_number(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_vn_percent(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_roman(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_diem(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);

// filters_sequence.cpp
Value f_batch(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_length(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_first(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_last(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_join(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_list(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_map(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_max(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_min(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_select(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_reject(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_selectattr(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_rejectattr(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_reverse(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_sort(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_sum(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_unique(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_vn_sort(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);

// filters_mapping.cpp
Value f_default(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_dictsort(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
Value f_groupby(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);

// test_predicates.cpp
bool t_defined(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
bool t_undefined(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
bool t_none(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
bool t_number(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
bool t_string(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
bool t_mapping(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
bool t_sequence(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
bool t_iterable(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
bool t_boolean(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
bool t_true(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
bool t_false(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
bool t_integer(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
bool t_float(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
bool t_lower(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
bool t_upper(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
bool t_callable(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
bool t_escaped(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
bool t_odd(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
bool t_even(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
bool t_divisibleby(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
bool t_eq(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
bool t_ne(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
bool t_lt(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
bool t_le(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
bool t_gt(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
bool t_ge(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
bool t_in(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);
bool t_sameas(Ctx& ctx, const Value& v, CallArgs& a, const Node& at);

}  // namespace vanban::tpl::filters
