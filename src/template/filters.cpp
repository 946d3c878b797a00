// The registration tables of Jinja2's filters and tests and vanban's Vietnamese filters: the
// one place that names them. Their code lives by family in filters_string.cpp,
// filters_number.cpp, filters_sequence.cpp, filters_mapping.cpp and test_predicates.cpp.
#include <string_view>

#include "template/ast.hpp"
#include "template/filter_families.hpp"

namespace vanban::tpl {

namespace {

using namespace filters;

struct FilterEntry {
    std::string_view name;
    FilterFn fn;
};
constexpr FilterEntry kFilters[] = {
    {"abs", f_abs},
    {"batch", f_batch},
    {"capitalize", f_capitalize},
    {"center", f_center},
    {"count", f_length},
    {"d", f_default},
    {"default", f_default},
    {"dictsort", f_dictsort},
    {"e", f_escape},
    {"escape", f_escape},
    {"first", f_first},
    {"float", f_float},
    {"format", f_format},
    {"groupby", f_groupby},
    {"indent", f_indent},
    {"int", f_int},
    {"join", f_join},
    {"last", f_last},
    {"length", f_length},
    {"list", f_list},
    {"lower", f_lower},
    {"map", f_map},
    {"max", f_max},
    {"min", f_min},
    {"reject", f_reject},
    {"rejectattr", f_rejectattr},
    {"replace", f_replace},
    {"reverse", f_reverse},
    {"round", f_round},
    {"safe", f_safe},
    {"select", f_select},
    {"selectattr", f_selectattr},
    {"sort", f_sort},
    {"string", f_string},
    {"sum", f_sum},
    {"title", f_title},
    {"trim", f_trim},
    {"truncate", f_truncate},
    {"unique", f_unique},
    {"upper", f_upper},
    {"wordcount", f_wordcount},
    {"vn_date", f_vn_date},
    {"vn_date_short", f_vn_date_short},
    {"vn_number", f_vn_number},
    {"vn_percent", f_vn_percent},
    {"roman", f_roman},
    {"diem", f_diem},
    {"vn_sort", f_vn_sort},
    {"vn_nobreak", f_vn_nobreak},
};

struct TestEntry {
    std::string_view name;
    TestFn fn;
};
constexpr TestEntry kTests[] = {
    {"defined", t_defined},
    {"undefined", t_undefined},
    {"none", t_none},
    {"number", t_number},
    {"string", t_string},
    {"mapping", t_mapping},
    {"sequence", t_sequence},
    {"iterable", t_iterable},
    {"odd", t_odd},
    {"even", t_even},
    {"divisibleby", t_divisibleby},
    {"boolean", t_boolean},
    {"true", t_true},
    {"false", t_false},
    {"integer", t_integer},
    {"float", t_float},
    {"lower", t_lower},
    {"upper", t_upper},
    {"callable", t_callable},
    {"escaped", t_escaped},
    {"sameas", t_sameas},
    {"in", t_in},
    {"eq", t_eq},
    {"==", t_eq},
    {"equalto", t_eq},
    {"ne", t_ne},
    {"!=", t_ne},
    {"lt", t_lt},
    {"<", t_lt},
    {"lessthan", t_lt},
    {"le", t_le},
    {"<=", t_le},
    {"gt", t_gt},
    {">", t_gt},
    {"greaterthan", t_gt},
    {"ge", t_ge},
    {">=", t_ge},
};

}  // namespace

FilterIntoFn find_filter_into(std::string_view name) {
    if (name == "replace") return filters::f_replace_into;
    if (name == "escape" || name == "e") return filters::f_escape_into;
    return nullptr;
}

FilterFn find_filter(std::string_view name) {
    for (const auto& f : kFilters)
        if (f.name == name) return f.fn;
    return nullptr;
}

TestFn find_test(std::string_view name) {
    for (const auto& t : kTests)
        if (t.name == name) return t.fn;
    return nullptr;
}

}  // namespace vanban::tpl
