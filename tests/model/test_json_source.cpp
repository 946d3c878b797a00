#include <catch2/catch.hpp>

#include "model/json_source.hpp"

using namespace vanban::model;

namespace {
InputError capture(const std::function<void()>& f) {
    try {
        f();
    } catch (const InputError& e) {
        return e;
    }
    FAIL("no InputError thrown");
    return InputError("", "", 0, 0, "");
}
}  // namespace

TEST_CASE("position_of counts lines and code point columns") {
    std::string t = "{\n  \"tên\": \"Đồng\",\n  \"x\": 1\n}";
    CHECK(position_of(t, 0).line == 1);
    auto p = position_of(t, t.find("\"x\""));
    CHECK(p.line == 3);
    CHECK(p.column == 3);
    // Columns count code points, not bytes: "Đồng" starts after 10 code points on line 2.
    auto q = position_of(t, t.find("\"Đồng\""));
    CHECK(q.line == 2);
    CHECK(q.column == 10);
}

TEST_CASE("locate_pointer finds members, array items, escaped keys and nested values") {
    std::string t = R"({
  "a": {"x": [10, {"y": "s,}]"}, 30]},
  "b/c": 1,
  "m~n": [
    0,
    {"deep": true}
  ]
})";
    auto line_of = [&](std::string_view ptr) {
        return position_of(t, locate_pointer(t, ptr)).line;
    };
    CHECK(line_of("") == 1);
    CHECK(line_of("/a") == 2);
    CHECK(t.substr(locate_pointer(t, "/a/x/2"), 2) == "30");
    CHECK(t.substr(locate_pointer(t, "/a/x/1/y"), 3) == "\"s,");
    CHECK(line_of("/b~1c") == 3);
    CHECK(line_of("/m~0n/1/deep") == 6);
    // Not resolvable: the deepest container that exists.
    CHECK(line_of("/m~0n/7") == 4);
    CHECK(line_of("/nope") == 1);
}

TEST_CASE("pointer_append escapes ~ and /") {
    CHECK(pointer_append("/a", "b/c~d") == "/a/b~1c~0d");
    CHECK(pointer_append("", std::size_t{17}) == "/17");
}

TEST_CASE("malformed JSON is reported with file, line and column") {
    auto e = capture([] { JsonDocument::parse("x.json", "{\n  \"a\": 1,\n  \"b\": ]\n}"); });
    CHECK(e.file == "x.json");
    CHECK(e.line == 3);
    CHECK(e.column == 8);
    CHECK(std::string(e.what()).starts_with("x.json: (dòng 3, cột 8): JSON không hợp lệ"));
}

TEST_CASE("invalid UTF-8 is reported with its line") {
    auto e = capture([] { JsonDocument::parse("x.json", "{\n\"a\": \"\xC3\x28\"}"); });
    CHECK(e.line == 2);
    CHECK(e.detail.find("UTF-8") != std::string::npos);
}

TEST_CASE("a missing file is an InputError naming it") {
    auto e = capture([] { JsonDocument::load("/nonexistent/dir/x.json"); });
    CHECK(e.file == "/nonexistent/dir/x.json");
    CHECK(std::string(e.what()).find("không mở được") != std::string::npos);
}

TEST_CASE("fail() names pointer and line, and the message reads as documented") {
    auto doc = JsonDocument::parse("d.json", "{\n \"units\": [\n  {\"n\": -3}\n ]\n}");
    auto e =
        capture([&] { doc.fail("/units/0/n", "số đếm phải là số nguyên không âm, nhận được -3"); });
    CHECK(e.pointer == "/units/0/n");
    CHECK(e.line == 3);
    CHECK(std::string(e.what()) ==
          "d.json: /units/0/n (dòng 3): số đếm phải là số nguyên không âm, nhận được -3");
}

TEST_CASE("strings are NFC-normalised on access") {
    // "Hòa" with a combining grave accent (o + U+0300) comes back precomposed.
    auto doc = JsonDocument::parse("d.json", "{\"s\": \"Ho\xCC\x80\x61\"}");
    CHECK(doc.string_member(doc.root(), "", "s") ==
          "H\xC3\xB2"
          "a");
}

TEST_CASE("typed accessors reject wrong types with the value in the message") {
    auto doc = JsonDocument::parse("d.json", R"({"s": 5, "n": "x", "h": 97.555, "o": []})");
    CHECK_THROWS_WITH(doc.string_member(doc.root(), "", "s"),
                      Catch::Contains("/s (dòng 1): cần một chuỗi, nhận được 5"));
    CHECK_THROWS_WITH(doc.integer_member(doc.root(), "", "n"), Catch::Contains("chuỗi \"x\""));
    CHECK_THROWS_WITH(doc.hundredths_value(doc.root()["h"], "/h"),
                      Catch::Contains("tối đa 2 chữ số thập phân"));
    CHECK_THROWS_WITH(doc.member(doc.root(), "", "zz"), Catch::Contains("thiếu trường \"zz\""));
    CHECK(doc.hundredths_value(Json(97.5), "/x") == 9750);
    CHECK(doc.hundredths_value(Json(0.29), "/x") == 29);
}

TEST_CASE("JSON syntax errors are explained in Vietnamese") {
    auto msg = [](const char* text) {
        try {
            JsonDocument::parse("x.json", text);
        } catch (const InputError& e) {
            return e.detail;
        }
        return std::string("no error");
    };
    CHECK(msg("{\"a\": 1,}") ==
          "JSON không hợp lệ: gặp '}' không đúng chỗ, cần tên trường trong dấu nháy kép (thừa dấu "
          "phẩy?)");
    CHECK(msg("{\"a\": [1, 2") ==
          "JSON không hợp lệ: tệp kết thúc giữa chừng (thiếu dấu đóng ngoặc hoặc dấu nháy?), cần "
          "']'");
    CHECK(msg("{\"a\": tru}").starts_with("JSON không hợp lệ: giá trị không hợp lệ"));
    CHECK(msg("{\"a\" 1}") == "JSON không hợp lệ: gặp một số không đúng chỗ, cần ':'");
    CHECK(msg("{\"a\": ]}") == "JSON không hợp lệ: gặp ']' không đúng chỗ, cần một giá trị");
}

TEST_CASE("describe() shortens long strings on a code point boundary") {
    std::string s;
    for (int i = 0; i < 50; ++i) s += "ộ";
    std::string d = describe(Json(s));
    std::string expected = "chuỗi \"";
    for (int i = 0; i < 40; ++i) expected += "ộ";
    CHECK(d == expected + "…\"");
    CHECK(describe(Json(-3)) == "-3");
    CHECK(describe(Json::array()) == "một mảng");
}

TEST_CASE("a key given twice in one object is an error at its second occurrence") {
    auto e = capture([] {
        JsonDocument::parse(
            "d.json",
            "{\"units\": [\n {\"a\": 1},\n {\"counts\": {\"x\": {\"numerator\": 1,\n"
            "  \"numerator\": 2}}}\n]}");
    });
    CHECK(e.pointer == "/units/1/counts/x/numerator");
    CHECK(e.line == 4);
    CHECK(e.detail.find("bị lặp lại") != std::string::npos);
    // Equal keys in different objects, and strings that look like keys, are fine.
    CHECK_NOTHROW(
        JsonDocument::parse("d.json", R"([{"a": 1}, {"a": 2}, {"b": {"a": 3}, "a": ["a", "a"]}])"));
}
