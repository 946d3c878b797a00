// The engine through its public API: rendering, caching, thread safety, search paths, NFC data.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "template/engine.hpp"

using namespace vanban::tpl;
namespace fs = std::filesystem;

namespace {

Value json(const char* text) {
    return value_from_json(nlohmann::ordered_json::parse(text));
}

std::string render(const std::string& src, const char* data = "{}",
                   const std::string& name = "t.txt") {
    Environment env;
    return env.from_string(src, name)->render(json(data));
}

// A scratch folder of template files, removed afterwards.
struct TempDir {
    fs::path path;
    TempDir() {
        std::random_device rd;
        path = fs::temp_directory_path() / ("vanban-tpl-" + std::to_string(rd()));
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
    void write(const std::string& name, const std::string& text) const {
        fs::create_directories((path / name).parent_path());
        std::ofstream(path / name, std::ios::binary) << text;
    }
};

}  // namespace

TEST_CASE("renders expressions with Python's printing") {
    CHECK(render("{{ 1 }} {{ 1.0 }} {{ 0.5 }} {{ true }} {{ none }} {{ 1/2 }}") ==
          "1 1.0 0.5 True None 0.5");
    CHECK(render("{{ [1, 'a', none] }} {{ {'k': 'v'} }}") == "[1, 'a', None] {'k': 'v'}");
    CHECK(render("{{ 7 // -2 }} {{ -7 % 3 }} {{ 2 ** -1 }}") == "-4 2 0.5");
}

TEST_CASE("autoescape follows the template name's extension") {
    const char* data = R"({"x": "<a href='x'>&\"</a>"})";
    CHECK(render("{{ x }}", data, "t.html") == "&lt;a href=&#39;x&#39;&gt;&amp;&#34;&lt;/a&gt;");
    CHECK(render("{{ x }}", data, "t.HTM") == "&lt;a href=&#39;x&#39;&gt;&amp;&#34;&lt;/a&gt;");
    CHECK(render("{{ x }}", data, "t.txt") == "<a href='x'>&\"</a>");
    CHECK(render("{{ x|safe }}", data, "t.html") == "<a href='x'>&\"</a>");
}

TEST_CASE("Vietnamese filters call the vn library") {
    CHECK(render("{{ '2024-02-05'|vn_date }}") == "ngày 05 tháng 02 năm 2024");
    CHECK(render("{{ '2024-03-15'|vn_date_short }}") == "15/3/2024");
    CHECK(render("{{ 1234567.5|vn_number(1) }} {{ 1234|vn_number }}") == "1.234.567,5 1.234");
    CHECK(render("{{ 2.675|vn_number(2) }} {{ 96.45|vn_percent }}") == "2,68 96,5%");
    CHECK(render("{{ 2|roman }} {{ 5|diem }} {{ 23|diem }}") == "II đ y");
    CHECK(render("{{ ['Đức', 'Dũng', 'An']|vn_sort|join(',') }} {{ ['Đức', 'Dũng', "
                 "'An']|sort|join(',') }}") == "An,Dũng,Đức An,Dũng,Đức");
    CHECK(render("{{ ['Đào', 'Dương', 'Ánh', 'Bình']|vn_sort|join(',') }}") ==
          "Ánh,Bình,Dương,Đào");
    CHECK(render("{{ ['Đào', 'Dương', 'Ánh', 'Bình']|sort|join(',') }}") == "Bình,Dương,Ánh,Đào");
}

TEST_CASE("data strings and keys are normalised to NFC") {
    // "ủy" written decomposed (u + combining hook above) in both a key and a value.
    Value v = json("{\"u\\u0309y\": \"u\\u0309y ban\"}");
    const Value* got = v.dict_ref().find("ủy");
    REQUIRE(got != nullptr);
    CHECK(got->str_ref() == "ủy ban");
    Environment env;
    auto t = env.from_string("{{ d['ủy']|length }} {{ d['ủy']|upper }}", "t.txt");
    CHECK(t->render(json("{\"d\": {\"u\\u0309y\": \"u\\u0309y\"}}")) == "2 ỦY");
}

TEST_CASE("keys keep their file order") {
    CHECK(render("{% for k in d %}{{ k }}{% endfor %}", R"({"d": {"z": 1, "a": 2, "m": 3}})") ==
          "zam");
}

TEST_CASE("load searches paths in order and caches the compiled template") {
    TempDir a, b;
    a.write("x.txt", "A{% include 'p/y.txt' %}");
    b.write("x.txt", "B");
    b.write("p/y.txt", "[{{ v }}]");
    Environment env;
    env.add_search_path(a.path);
    env.add_search_path(b.path);
    auto t1 = env.load("x.txt");
    auto t2 = env.load("x.txt");
    CHECK(t1.get() == t2.get());
    CHECK(t1->name() == "x.txt");
    CHECK(t1->render(json(R"({"v": 1})")) == "A[1]");
}

TEST_CASE("template names cannot leave the search paths") {
    TempDir root;
    root.write("in/t.txt", "{% include '../secret.txt' %}");
    root.write("in/abs.txt", "{% include '/etc/passwd' %}");
    root.write("secret.txt", "secret");
    Environment env;
    env.add_search_path(root.path / "in");
    CHECK_THROWS_AS(env.load("../secret.txt"), TemplateError);
    CHECK_THROWS_AS(env.load("/etc/passwd"), TemplateError);
    CHECK_THROWS_AS(env.load("a/../../secret.txt"), TemplateError);
    CHECK_THROWS_AS(env.load("a\\..\\secret.txt"), TemplateError);
    auto t = env.load("t.txt");
    try {
        t->render(json("{}"));
        FAIL("include '../secret.txt' must fail");
    } catch (const TemplateError& e) {
        CHECK(e.file == "t.txt");
        CHECK(e.line == 1);
        CHECK(e.column == 12);
        CHECK_THAT(e.message, Catch::Contains("'..'"));
    }
    CHECK_THROWS_AS(env.load("abs.txt")->render(json("{}")), TemplateError);
}

TEST_CASE("one compiled template renders concurrently from 4 threads") {
    TempDir d;
    d.write("base.html", "<h1>{% block t %}{% endblock %}</h1>{% include 'p.html' %}");
    d.write("p.html", "{% for x in xs %}{{ m(x) }}{% endfor %}");
    d.write("t.html",
            "{% extends 'base.html' %}{% macro m(x) %}<{{ x|upper }}|{{ loop_id }}>{% endmacro %}"
            "{% block t %}{{ loop_id|vn_number }} {{ xs|sort|join(',') }}{% endblock %}");
    Environment env;
    env.add_search_path(d.path);
    auto t = env.load("t.html");
    auto context = [](int i) {
        return json(("{\"loop_id\": " + std::to_string(1000 * i) + ", \"xs\": [\"ủy\", \"b" +
                     std::to_string(i) + "\", \"<&>\"]}")
                        .c_str());
    };
    std::vector<std::string> expected;
    for (int i = 0; i < 4; ++i) expected.push_back(t->render(context(i)));
    // Macro text is Markup; only the values inside it are escaped.
    CHECK(expected[1] ==
          "<h1>1.000 &lt;&amp;&gt;,b1,ủy</h1><ỦY|1000><B1|1000><&lt;&amp;&gt;|1000>");
    std::vector<int> mismatches(4, 0);
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i)
        threads.emplace_back([&, i] {
            Value c = context(i);
            for (int n = 0; n < 300; ++n)
                if (t->render(c) != expected[std::size_t(i)]) ++mismatches[std::size_t(i)];
        });
    for (auto& th : threads) th.join();
    CHECK(mismatches == std::vector<int>(4, 0));
}

TEST_CASE("render appends to a caller's buffer") {
    Environment env;
    auto t = env.from_string("{{ a }}", "t.txt");
    std::string out = "x";
    t->render(json(R"({"a": 1})"), out);
    CHECK(out == "x1");
}

TEST_CASE("set inside for does not leak, namespace does") {
    CHECK(render("{% set x = 1 %}{% for i in [1, 2] %}{% set x = i %}{% endfor %}{{ x }}") == "1");
    CHECK(render("{% set ns = namespace(x=1) %}{% for i in [1, 2] %}{% set ns.x = i %}{% endfor "
                 "%}{{ ns.x }}") == "2");
}

TEST_CASE("include without context sees neither data nor the caller's variables") {
    TempDir d;
    d.write("t.txt", "{% set a = 1 %}{% include 'i.txt' without context %}|{% include 'i.txt' %}");
    d.write("i.txt", "{{ x is defined }}{{ a is defined }}");
    Environment env;
    env.add_search_path(d.path);
    CHECK(env.load("t.txt")->render(json(R"({"x": 1})")) == "FalseFalse|TrueTrue");
}

// "%.Nf" has a fast path that scales to an integer and hands near-ties to to_chars; the result
// must be exactly what C's printf (and so Python's %) gives, ties and signs included.
TEST_CASE("'%.Nf'|format matches printf, ties and negative zero included") {
    Environment env;
    auto t = env.from_string("{{ f|format(x) }}", "t.txt");
    std::mt19937_64 gen(20261122);
    std::uniform_real_distribution<double> wide(-1e7, 1e7);
    std::uniform_int_distribution<int> cents(-100000, 100000);
    std::vector<double> xs = {
        0.0, -0.0, 0.05, 0.15, 0.25,       2.675, 1.005, -0.04, 0.5,   1.5,
        2.5, -2.5, 1e11, 1e12, 123456.789, 99.95, 1e-7,  0.045, 85.25, 66.666666666666671};
    for (int i = 0; i < 3000; ++i) xs.push_back(wide(gen));
    // Exact decimal ties in binary (k/8) and values a hair away from them.
    for (int i = 0; i < 2000; ++i) {
        double tie = cents(gen) / 8.0;
        xs.push_back(tie);
        xs.push_back(std::nextafter(tie, 1e300));
        xs.push_back(cents(gen) / 100.0);
    }
    for (int prec = 0; prec <= 7; ++prec) {
        const std::string f = "%." + std::to_string(prec) + "f";
        for (double x : xs) {
            char want[512];
            std::snprintf(want, sizeof want, f.c_str(), x);
            nlohmann::ordered_json data = {{"f", f}, {"x", x}};
            INFO(f << " of " << x);
            REQUIRE(t->render(value_from_json(data)) == want);
        }
    }
}

// sum(attribute=...) adds plain integers without building values; every other row (a float, a
// bool, a nested path, an overflow) must still behave as in Python.
TEST_CASE("sum(attribute) fast path hands over to the general rules") {
    const char* rows = R"({"xs": [{"n": 2}, {"n": 3}, {"n": 1.5}, {"n": true}],
                           "ys": [{"n": 9223372036854775800}, {"n": 7}, {"n": 1}],
                           "zs": [{"n": 1}, {"m": 2}], "ws": [{"n": 1}, {"n": "a"}],
                           "ps": [{"a": {"n": 4}}, {"a": {"n": 5}}]})";
    CHECK(render("{{ xs|sum(attribute='n') }}", rows) == "7.5");
    CHECK(render("{{ xs[:2]|sum(attribute='n', start=10) }}", rows) == "15");
    CHECK(render("{{ ps|sum(attribute='a.n') }}", rows) == "9");
    CHECK(render("{{ ys[1:]|sum(attribute='n') }}", rows) == "8");
    CHECK_THROWS_WITH(render("{{ ys|sum(attribute='n') }}", rows), Catch::Contains("quá lớn"));
    CHECK_THROWS_AS(render("{{ zs|sum(attribute='n') }}", rows), TemplateError);
    CHECK_THROWS_WITH(render("{{ ws|sum(attribute='n') }}", rows), Catch::Contains("chuỗi"));
}

// sort compares all-string keys byte by byte (code point order); mixed keys still fail.
TEST_CASE("sort orders strings by code point and refuses mixed keys") {
    const char* data = R"({"xs": [{"t": "b"}, {"t": "Ă"}, {"t": "a"}, {"t": "B"}, {"t": "ă"}],
                           "ms": [1, "a"]})";
    CHECK(render("{{ xs|sort(attribute='t')|map(attribute='t')|join(',') }}", data) == "a,b,B,Ă,ă");
    CHECK(render("{{ xs|sort(attribute='t', case_sensitive=true)|map(attribute='t')|join(',') }}",
                 data) == "B,a,b,Ă,ă");
    CHECK(render("{{ xs|sort(attribute='t', reverse=true)|map(attribute='t')|join(',') }}", data) ==
          "Ă,ă,b,B,a");
    CHECK_THROWS_WITH(render("{{ ms|sort }}", data), Catch::Contains("không thể so sánh"));
}

// loop.cycle is called without building a bound method; printed, passed on, stored or
// called wrongly it must behave as in Jinja2.
TEST_CASE("loop.cycle direct calls behave like the bound method") {
    CHECK(render("{% for x in 'abc' %}{{ loop.cycle('l', 'c') }}{% endfor %}") == "lcl");
    CHECK(render("{% macro m(c) %}[{{ c }}]{% endmacro %}"
                 "{% for x in [1, 2] %}{% for y in [1, 2, 3] %}{{ m(loop.cycle(1, 2, 3)) }}"
                 "{% endfor %}{% endfor %}") == "[1][2][3][1][2][3]");
    CHECK(render("{% for x in [1, 2] %}{% set c = loop.cycle %}{{ c('a', 'b') }}{% endfor %}") ==
          "ab");
    CHECK_THROWS_WITH(render("{% for x in [1] %}{{ loop.cycle() }}{% endfor %}"),
                      Catch::Contains("loop.cycle() cần ít nhất một giá trị"));
}

// `"%.Nf"|format(x)|replace(a, b)` prints its digits without a string in between (the fused
// path of FilterExpr); every other shape of value falls back to the two filters. Expected
// strings are Jinja2 3.1.2's output (StrictUndefined, autoescape for .html).
TEST_CASE("format then replace prints as the two filters do") {
    const std::string rate = R"({{ "%.1f"|format(x)|replace(".", ",") }})";
    for (const char* name : {"t.html", "t.txt"}) {
        CAPTURE(name);
        CHECK(render(rate, R"({"x": 96.45})", name) == "96,5");
        CHECK(render(rate, R"({"x": true})", name) == "1,0");
        CHECK(render(rate, R"({"x": 100000000000000000000})", name) == "100000000000000000000,0");
        CHECK(render(R"({{ "%.6f"|format(x)|replace(".", ",") }})", R"({"x": 1e15})", name) ==
              "1000000000000000,000000");
        CHECK(render(R"({{ "%.0f"|format(x)|replace("", "-") }})", R"({"x": -2.5})", name) ==
              "---2-");
        CHECK(render(R"({{ "%.1f"|format(x)|replace(".", "<b>"|safe) }})", R"({"x": 1.25})",
                     name) == "1<b>2");
        CHECK(render(R"({% macro t(a, b) %}{{ "%.1f"|format(a / b * 100)|replace(".", ",") }})"
                     R"({% endmacro %}{{ t(1, 3) }})",
                     "{}", name) == "33,3");
        CHECK_THROWS_AS(render(rate, "{}", name), TemplateError);
        CHECK_THROWS_AS(render(rate, R"({"x": "3"})", name), TemplateError);
    }
    CHECK(render(R"({{ "%.2f"|format(x)|replace(".", "&") }})", R"({"x": 0.6666666666666666})",
                 "t.html") == "0&amp;67");
    CHECK(render(R"({{ "%.2f"|format(x)|replace(".", "&") }})", R"({"x": 0.6666666666666666})",
                 "t.txt") == "0&67");
}
