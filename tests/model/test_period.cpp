#include <catch2/catch.hpp>

#include "model/period.hpp"

using namespace vanban::model;

TEST_CASE("periods parse, list their quarters and label themselves in Vietnamese") {
    auto q2 = Period::parse("2024-Q2");
    REQUIRE(q2);
    CHECK(q2->label_vi() == "quý II/2024");
    CHECK(q2->quarters() == std::vector<Quarter>{{2024, 2}});
    auto h = Period::parse("2024-6T");
    REQUIRE(h);
    CHECK(h->label_vi() == "6 tháng đầu năm 2024");
    CHECK(h->quarters() == std::vector<Quarter>{{2024, 1}, {2024, 2}});
    auto n = Period::parse("2024-9T");
    REQUIRE(n);
    CHECK(n->label_vi() == "9 tháng năm 2024");
    CHECK(n->quarters().size() == 3);
    auto y = Period::parse("2024");
    REQUIRE(y);
    CHECK(y->label_vi() == "năm 2024");
    CHECK(y->quarters().size() == 4);
    CHECK(y->code() == "2024");
    CHECK(Quarter{2024, 4}.label_vi() == "quý IV/2024");
}

TEST_CASE("invalid period codes are rejected") {
    for (const char* bad :
         {"", "24", "2024-Q5", "2024-Q0", "2024-3T", "2024Q1", "abcd", "2024-q1", "2024-Q1x"})
        CHECK_FALSE(Period::parse(bad));
}

TEST_CASE("previous periods for the change columns") {
    CHECK(Period::parse("2024-Q2")->previous().code() == "2024-Q1");
    CHECK(Period::parse("2024-Q1")->previous().code() == "2023-Q4");
    CHECK(Period::parse("2024-6T")->previous().code() == "2023-6T");
    CHECK(Period::parse("2024-9T")->previous().code() == "2023-9T");
    CHECK(Period::parse("2024")->previous().code() == "2023");
}
