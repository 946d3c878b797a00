// Errors: positions (file, line, column), Vietnamese messages, recursion and nesting limits.
#include <catch2/catch.hpp>

#include "template/engine.hpp"

using namespace vanban::tpl;

namespace {

Value json(const char* text) {
    return value_from_json(nlohmann::ordered_json::parse(text));
}

TemplateError error_of(const std::string& src, const char* data = "{}",
                       const std::string& name = "thu.html") {
    Environment env;
    try {
        env.from_string(src, name)->render(json(data));
    } catch (const TemplateError& e) {
        return e;
    }
    FAIL("expected a TemplateError for: " << src);
    throw;
}

}  // namespace

TEST_CASE("undefined variable names the file, line and column of the name") {
    auto e = error_of("dòng một\n\n  Kính gửi: {{ nguoi_ky }}");
    CHECK(e.file == "thu.html");
    CHECK(e.line == 3);
    CHECK(e.column == 16);
    CHECK(std::string(e.what()) == "thu.html:3:16: lỗi: biến 'nguoi_ky' chưa được định nghĩa");
}

TEST_CASE("missing attribute and key name the expression") {
    CHECK_THAT(error_of("{{ dv.ten }}", R"({"dv": {}})").message,
               Catch::Contains("'dv' không có thuộc tính 'ten'"));
    CHECK_THAT(error_of("{{ dv['ten'] }}", R"({"dv": {}})").message,
               Catch::Contains("'dv' không có khóa 'ten'"));
}

TEST_CASE("syntax errors point at the offending token") {
    auto e = error_of("a\n{% for x of xs %}{% endfor %}");
    CHECK(e.line == 2);
    CHECK(e.column == 10);
    CHECK_THAT(e.message, Catch::Contains("mong đợi 'in'"));
    CHECK(error_of("{{ x|khong_co }}").message == "không có bộ lọc nào tên là 'khong_co'");
    CHECK(error_of("{{ x is khong_co }}").message == "không có phép thử nào tên là 'khong_co'");
    CHECK(error_of("{% foo %}").message == "thẻ lệnh không xác định 'foo'");
    CHECK(error_of("x\n{% if a %}\n").line == 2);
    CHECK(error_of("{{ 'abc }}").message.find("chuỗi chưa được đóng") != std::string::npos);
}

TEST_CASE("type errors are reported, not silently printed") {
    CHECK_THAT(error_of("{{ 'a' + 1 }}").message, Catch::Contains("'str' và kiểu 'int'"));
    CHECK_THAT(error_of("{{ 1 / 0 }}").message, Catch::Contains("chia cho 0"));
    CHECK_THAT(error_of("{{ 9223372036854775807 + 1 }}").message, Catch::Contains("quá lớn"));
    CHECK_THAT(error_of("{{ 25|diem }}").message, Catch::Contains("diem"));
}

TEST_CASE("errors in an included template name that template") {
    Environment env;
    // from_string templates have no search path: include a template that does not exist.
    try {
        env.from_string("x\n{% include 'khong-co.html' %}", "thu.html")->render(json("{}"));
        FAIL("missing include must fail");
    } catch (const TemplateError& e) {
        CHECK(e.file == "thu.html");
        CHECK(e.line == 2);
        CHECK_THAT(e.message, Catch::Contains("khong-co.html"));
    }
}

TEST_CASE("unbounded macro recursion stops with a clear error") {
    auto e = error_of("{% macro r(n) %}{{ r(n + 1) }}{% endmacro %}{{ r(0) }}");
    CHECK_THAT(e.message, Catch::Contains("đệ quy quá sâu"));
    // Bounded recursion within the limit works.
    Environment env;
    auto t = env.from_string(
        "{% macro r(n) %}{% if n > 0 %}{{ n }}{{ r(n - 1) }}{% endif %}{% endmacro %}{{ "
        "r(50)|length }}",
        "t.txt");
    CHECK(t->render(json("{}")) == "91");  // "5049…1": 41 two-digit + 9 one-digit numbers
}

TEST_CASE("deeply nested source is rejected by the parser, not the stack") {
    std::string deep = "{{ " + std::string(100000, '(') + "1" + std::string(100000, ')') + " }}";
    CHECK_THROWS_AS(parse_only(deep, "sau.txt"), TemplateError);
    std::string ifs;
    for (int i = 0; i < 5000; ++i) ifs += "{% if 1 %}";
    CHECK_THROWS_AS(parse_only(ifs, "sau.txt"), TemplateError);
    std::string list = "{{ " + std::string(50000, '[') + " }}";
    CHECK_THROWS_AS(parse_only(list, "sau.txt"), TemplateError);
    CHECK_NOTHROW(
        parse_only("{{ ((((1)))) }}{% if a %}{% for x in y %}{% endfor %}{% endif %}", "ok.txt"));
}

TEST_CASE("parse_only rejects invalid UTF-8 and unclosed constructs") {
    CHECK_THROWS_AS(parse_only("a\xff", "x.txt"), TemplateError);
    CHECK_THROWS_AS(parse_only("{# never closed", "x.txt"), TemplateError);
    CHECK_THROWS_AS(parse_only("{% raw %}never closed", "x.txt"), TemplateError);
    CHECK_THROWS_AS(parse_only("{{ (1 ]) }}", "x.txt"), TemplateError);
}

TEST_CASE("a macro smuggled out of its loop through a namespace fails cleanly") {
    // Its defining scope is gone; calling it must be an error, never a dangling read.
    auto e = error_of(
        "{% set ns = namespace() %}{% for i in [1] %}{% macro m() %}{{ i }}{% endmacro %}"
        "{% set ns.m = m %}{% endfor %}{{ ns.m() }}",
        "{}", "t.txt");
    CHECK_THAT(e.message, Catch::Contains("bên ngoài phạm vi"));
}

// Fuzz finding: "\U" followed by non-hex bytes (here a NUL and half of a UTF-8 sequence) used to
// be decoded by strtoul, leaving ill-formed UTF-8 that vn::nfc rejected with vn::InvalidUtf8,
// which escaped every caller and terminated the process.
TEST_CASE("a bad \\x, \\u or \\U escape in a string literal is a TemplateError") {
    const std::string with_nul("{{\"\\U\0\0\0{\0'\xe1\xbb\xa7\"}}", 18);
    CHECK_THAT(error_of(with_nul).message, Catch::Contains("mã thoát '\\U' không hợp lệ"));
    CHECK_THAT(error_of("{{ '\\u12g4' }}").message, Catch::Contains("mã thoát '\\u' không hợp lệ"));
    CHECK_THAT(error_of("{{ '\\x+1' }}").message, Catch::Contains("mã thoát '\\x' không hợp lệ"));
    CHECK_THAT(error_of("{{ '\\U 0000041' }}").message,
               Catch::Contains("4 chữ số") || Catch::Contains("8 chữ số"));
    CHECK_THAT(error_of("{{ '\\ud800' }}").message, Catch::Contains("không phải một ký tự"));
    CHECK(error_of("a\n{{ '\\uzzzz' }}").line == 2);
    // Well-formed escapes still decode.
    Environment env;
    CHECK(env.from_string("{{ '\\x41\\u1ee7\\U0001F600' }}", "t.txt")->render(json("{}")) ==
          "A\xe1\xbb\xa7\xf0\x9f\x98\x80");
}

// Fuzz finding: the width digits of '%22222222222X' overflowed int (undefined behaviour).
TEST_CASE("format refuses a width or precision above 10000 instead of overflowing") {
    CHECK_THAT(error_of("{{ '%22222222222X'|format(255) }}").message, Catch::Contains("quá lớn"));
    CHECK_THAT(error_of("{{ '%.99999999999f'|format(1.5) }}").message, Catch::Contains("quá lớn"));
    CHECK_THAT(error_of("{{ '%*d'|format(-3000000000, 1) }}").message, Catch::Contains("quá lớn"));
    CHECK_THAT(error_of("{{ '%10001d'|format(1) }}").message, Catch::Contains("tối đa 10000"));
    Environment env;
    CHECK(env.from_string("{{ '%5d|%-4s|%.2f'|format(42, 'ab', 1.005) }}", "t.txt")
              ->render(json("{}")) == "   42|ab  |1.00");
    CHECK(env.from_string("{{ '%10000d'|format(1) }}", "t.txt")->render(json("{}")).size() ==
          10000);
}

TEST_CASE("data that is not UTF-8 is a TemplateError naming the JSON pointer") {
    nlohmann::ordered_json data = {{"dv", {{"ds", {"tốt", "b\xff"}}}}};
    try {
        value_from_json(data);
        FAIL("expected a TemplateError");
    } catch (const TemplateError& e) {
        CHECK(e.message == "chuỗi tại '/dv/ds/1' không phải UTF-8 hợp lệ (byte thứ 1)");
    }
    nlohmann::ordered_json bad_key = {{"a/b", {{"x\xc3", 1}}}};
    try {
        value_from_json(bad_key);
        FAIL("expected a TemplateError");
    } catch (const TemplateError& e) {
        CHECK(e.message == "một khóa tại '/a~1b' không phải UTF-8 hợp lệ (byte thứ 1)");
    }
}
