#include <catch2/catch.hpp>

#include "fixtures.hpp"

using namespace vanban::model;
using fixtures::c;
using fixtures::row;

namespace {

const Organisation& org() {
    static const Organisation o = fixtures::org();
    return o;
}
const Method& method() {
    static const Method m = fixtures::method();
    return m;
}

// Rows for every unit; tests replace one of them.
std::vector<std::string> good_rows() {
    return {row("s1", c(9, 10), c(1, 2), c(0, 0)), row("s2", c(9, 10), c(1, 2), c(1, 1)),
            row("h1", c(5, 5), c(0, 1), c(2, 3)), row("x1", c(1, 1), "", c(0, 4))};
}

InputError load_error(const std::string& name, const std::string& text) {
    try {
        parse_quarter_data(JsonDocument::parse(name, text), org(), method());
    } catch (const InputError& e) {
        return e;
    }
    FAIL("no InputError for " + text);
    return InputError("", "", 0, 0, "");
}

InputError with_row(std::size_t i, const std::string& r) {
    auto rows = good_rows();
    if (i < rows.size())
        rows[i] = r;
    else
        rows.push_back(r);
    return load_error("du-lieu-2024-Q1.json", fixtures::quarter_json("2024-Q1", rows));
}

}  // namespace

TEST_CASE("quarter data: counts land at (unit, indicator), absent units are marked") {
    QuarterData q = fixtures::quarter(org(), method(), "2024-Q1", good_rows());
    CHECK(q.quarter == Quarter{2024, 1});
    auto s2 = static_cast<std::size_t>(org().unit_index("s2"));
    CHECK(q.has(s2));
    CHECK(q.at(s2, 0).numerator == 9);
    CHECK(q.at(s2, 0).denominator == 10);
    CHECK(q.at(s2, 2).denominator == 1);
    CHECK_FALSE(q.has(static_cast<std::size_t>(org().unit_index("x3"))));
}

TEST_CASE("quarter data: file names") {
    CHECK(quarter_from_file_name("a/b/du-lieu-2024-Q3.json") == Quarter{2024, 3});
    CHECK_FALSE(quarter_from_file_name("a/du-lieu-2024.json"));
    CHECK_FALSE(quarter_from_file_name("a/data-2024-Q3.json"));
    CHECK(data_file_name({2023, 4}) == "du-lieu-2023-Q4.json");
}

TEST_CASE("quarter data: negative, fractional and non-numeric counts") {
    // Row i is on line 4 + i of the generated file.
    auto e = with_row(1, row("s2", c(9, 10), R"({"numerator": -3, "denominator": 2})", c(1, 1)));
    CHECK(e.pointer == "/units/1/counts/b/numerator");
    CHECK(e.line == 5);
    CHECK(std::string(e.what()) ==
          "du-lieu-2024-Q1.json: /units/1/counts/b/numerator (dòng 5): số đếm phải là số nguyên "
          "không âm, nhận được -3");
    e = with_row(0, row("s1", R"({"numerator": 1, "denominator": 2.5})", c(1, 2), c(0, 0)));
    CHECK(e.pointer == "/units/0/counts/a/denominator");
    CHECK(e.detail.find("2.5") != std::string::npos);
    e = with_row(2, row("h1", R"({"numerator": "5", "denominator": 5})", c(0, 1), c(2, 3)));
    CHECK(e.pointer == "/units/2/counts/a/numerator");
    CHECK(e.line == 6);
    CHECK(e.detail.find("chuỗi \"5\"") != std::string::npos);
    e = with_row(2, row("h1", R"({"denominator": 5})", c(0, 1), c(2, 3)));
    CHECK(e.pointer == "/units/2/counts/a");
    CHECK(e.detail.find("thiếu trường \"numerator\"") != std::string::npos);
}

TEST_CASE("quarter data: numerator above denominator") {
    auto e = with_row(3, row("x1", c(5, 4), "", c(0, 4)));
    CHECK(e.pointer == "/units/3/counts/a/numerator");
    CHECK(e.line == 7);
    CHECK(e.detail == "tử số (5) lớn hơn mẫu số (4)");
}

TEST_CASE("quarter data: unknown and duplicated units") {
    auto e = with_row(4, row("x9", c(1, 1), "", c(0, 4)));
    CHECK(e.pointer == "/units/4/unit");
    CHECK(e.line == 8);
    CHECK(e.detail.find("\"x9\" không có trong tệp tổ chức org.json") != std::string::npos);
    e = with_row(4, row("s2", c(1, 1), c(1, 1), c(0, 4)));
    CHECK(e.pointer == "/units/4/unit");
    CHECK(e.detail.find("bị trùng (đã có ở /units/1)") != std::string::npos);
}

TEST_CASE("quarter data: indicators without a target for the level, unknown or missing") {
    // b has no target for communes.
    auto e = with_row(3, row("x1", c(1, 1), c(1, 1), c(0, 4)));
    CHECK(e.pointer == "/units/3/counts/b");
    CHECK(e.line == 7);
    CHECK(e.detail.find("không có mục tiêu cho cấp Xã, phường, thị trấn năm 2024") !=
          std::string::npos);
    e = with_row(3, R"({"unit": "x1", "counts": {"a": )" + c(1, 1) + R"(, "c": )" + c(1, 1) +
                        R"(, "zz": )" + c(1, 1) + "}}");
    CHECK(e.pointer == "/units/3/counts/zz");
    e = with_row(0, R"({"unit": "s1", "counts": {"a": )" + c(1, 1) + R"(, "c": )" + c(1, 1) + "}}");
    CHECK(e.pointer == "/units/0/counts");
    CHECK(e.detail.find("thiếu số liệu chỉ tiêu \"b\"") != std::string::npos);
}

TEST_CASE("quarter data: the period must match the file name and the method's year") {
    auto e = load_error("du-lieu-2024-Q2.json", fixtures::quarter_json("2024-Q1", good_rows()));
    CHECK(e.pointer == "/period");
    CHECK(e.line == 2);
    CHECK(e.detail == "kỳ trong tệp (2024-Q1) không khớp tên tệp (2024-Q2)");
    e = load_error("so-lieu.json", fixtures::quarter_json("2024-Q1", good_rows()));
    CHECK(e.detail.find("du-lieu-YYYY-Qn.json") != std::string::npos);
    e = load_error("du-lieu-2024-Q1.json", fixtures::quarter_json("2024-6T", good_rows()));
    CHECK(e.detail.find("phải là một quý") != std::string::npos);
    e = load_error("du-lieu-2023-Q1.json", fixtures::quarter_json("2023-Q1", good_rows()));
    CHECK(e.detail.find("chỉ tiêu đang dùng là của năm 2024") != std::string::npos);
}

TEST_CASE("quarter data: malformed JSON names the line") {
    std::string text = fixtures::quarter_json("2024-Q1", good_rows());
    text.insert(text.find("{\"unit\": \"h1\""), "{,");
    auto e = load_error("du-lieu-2024-Q1.json", text);
    CHECK(e.line == 6);
    CHECK(e.detail.find("JSON không hợp lệ") != std::string::npos);
}
