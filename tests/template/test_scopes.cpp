// Name resolution (frame slots decided when a template is compiled) and the fast paths of the
// render loop: each expectation below is what Jinja2 3.1.2 renders for the same template and
// data (checked with Debian's /usr/bin/python3), so the shortcuts cannot drift from Python.
#include <catch2/catch.hpp>

#include <string>

#include "template/engine.hpp"

using namespace vanban::tpl;

namespace {

Value json(const char* text) {
    return value_from_json(nlohmann::ordered_json::parse(text));
}

std::string render(const std::string& src, const char* data = "{}",
                   const std::string& name = "t.txt") {
    Environment env;
    return env.from_string(src, name)->render(json(data));
}

}  // namespace

TEST_CASE("a name read before the loop body sets it comes from outside, every iteration") {
    CHECK(render("{% set x = 'ngoài' %}{% for i in [1, 2, 3] %}{{ x }}{% if i == 2 %}{% set x = i "
                 "%}{% endif %}={{ x }};{% endfor %}{{ x }}") ==
          "ngoài=ngoài;ngoài=2;ngoài=ngoài;ngoài");
}

TEST_CASE("a frame with more variables than fit inline") {
    // 8 parameters and 2 locals: the slots go to the heap.
    CHECK(render("{% macro m(a, b, c, d, e, f, g=7, h=a + b) %}{% set i = a * 10 %}{% set j = i + "
                 "h %}{{ [a, b, c, d, e, f, g, h, i, j]|join(',') }}{% endmacro %}{{ m(1, 2, 3, 4, "
                 "5, 6) }}|{{ m(1, 2, 3, 4, 5, 6, h=0, g=g) }}",
                 R"({"g": "dữ liệu"})") == "1,2,3,4,5,6,7,3,10,13|1,2,3,4,5,6,dữ liệu,0,10,10");
}

TEST_CASE("macro defaults are computed after every argument passed is bound") {
    CHECK(render("{% macro m(ten, ho=ten ~ '/' ~ tinh, tinh='x') %}{{ ho }}{% endmacro %}{{ m('a', "
                 "tinh='b') }} {{ m('c', 'd') }} {{ m(tinh='e', ten='f') }}",
                 R"({"tinh": "T"})") == "a/b d f/e");
}

TEST_CASE("inner loop target and loop shadow the outer ones only inside") {
    CHECK(render("{% for u in us %}{% for u in u.con %}{{ u }}{{ loop.index }}{% endfor %}{{ u.ten "
                 "}}{{ loop.index }} {% endfor %}",
                 R"({"us": [{"ten": "A", "con": ["x", "y"]}, {"ten": "B", "con": []}]})") ==
          "x1y2A1 B2 ");
}

TEST_CASE("a macro sees template-level variables at call time, never the caller's locals") {
    CHECK(render("{% macro f() %}{{ g }}{% endmacro %}{% set g = 1 %}{{ f() }}{% for i in [1] %}{% "
                 "set g = 2 %}{{ f() }}{{ g }}{% endfor %}{{ g }}",
                 R"({"g": 0})") == "1121");
}

TEST_CASE("arithmetic and comparison shortcuts keep Python's rules") {
    CHECK(render("{{ 2 ** 62 - 1 + 2 ** 62 }} {{ 7 / 2 }} {{ 1.5 * 2 }} {{ 3 - 0.5 }} {{ 1 < 1.5 "
                 "}} {{ 2 >= 2.0 }} {{ big > 1 }} {{ big == big }} {{ ('nan'|float) <= 1 }} {{ "
                 "('nan'|float) > 1 }} {{ true + 1 }} {{ 1 < 2 < 3 }} {{ 3 > 2 > 2 }}",
                 R"({"big": 18446744073709551615})") ==
          "9223372036854775807 3.5 3.0 2.5 True True True True False False 2 True False");
    // Overflow and division by zero still go to the general rules and their errors.
    CHECK_THROWS_AS(render("{{ 2 ** 62 + 2 ** 62 }}"), TemplateError);
    CHECK_THROWS_AS(render("{{ x / 0 }}", R"({"x": 1})"), TemplateError);
    CHECK_THROWS_AS(render("{{ x / 0.0 }}", R"({"x": 1.5})"), TemplateError);
    CHECK_THROWS_AS(render("{{ x < 'a' }}", R"({"x": 1})"), TemplateError);
}

TEST_CASE("rows of a JSON table share their key strings") {
    Value v = json(R"([{"ten": "A", "so": 1}, {"ten": "B", "so": 2}])");
    const auto& rows = v.items();
    REQUIRE(rows.size() == 2);
    for (std::size_t k = 0; k < 2; ++k)
        CHECK(rows[0].dict_ref().items[k].first.obj() == rows[1].dict_ref().items[k].first.obj());
    CHECK(render("{% for r in rows %}{{ r.ten }}{{ r.so }}{% endfor %}",
                 R"({"rows": [{"ten": "A", "so": 1}, {"ten": "B", "so": 2}]})") == "A1B2");
}

TEST_CASE("what a string remembers (its upper case, whether it needs escaping) stays right") {
    const char* data = R"({"a": "Sở <A> & b", "b": "sở nội vụ"})";
    // Twice each in one render and across two renders of the same data.
    const std::string once = "SỞ &lt;A&gt; &amp; B|SỞ NỘI VỤ|Sở &lt;A&gt; &amp; b|sở nội vụ|";
    Environment env;
    auto t = env.from_string(
        "{% for i in [1, 2] %}{{ a|upper }}|{{ b|upper }}|{{ a|e }}|{{ b }}|{% "
        "endfor %}",
        "t.html");
    Value d = json(data);
    CHECK(t->render(d) == once + once);
    CHECK(t->render(d) == once + once);
    CHECK(render("{{ a|upper }}", data, "t.txt") == "SỞ <A> & B");
}
