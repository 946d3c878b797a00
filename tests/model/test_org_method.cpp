#include <catch2/catch.hpp>

#include "fixtures.hpp"

using namespace vanban::model;

TEST_CASE("organisation: agencies, signers and units with districts") {
    Organisation o = fixtures::org();
    CHECK(o.province.name == "Đồng Nai");
    CHECK(o.province.place_name == "Đồng Nai");
    CHECK(o.province.full_name == "Tỉnh Đồng Nai");
    const Agency* syt = o.find_agency("syt");
    REQUIRE(syt);
    CHECK(syt->parent_header == "UBND TỈNH ĐỒNG NAI");
    CHECK(syt->issuer_header == "SỞ Y TẾ");
    CHECK(syt->drafting_units.at(0).abbreviation == "VP");
    CHECK(syt->signers.at(0).authority == "KT.");
    CHECK(syt->signers.at(0).authority_title == "GIÁM ĐỐC");
    CHECK(syt->numbering == Numbering::per_type);
    CHECK(o.units.size() == 9);
    int x3 = o.unit_index("x3");
    REQUIRE(x3 >= 0);
    CHECK(o.units[static_cast<std::size_t>(x3)].district_index == o.unit_index("h2"));
    CHECK(o.unit_index("zz") == -1);
}

namespace {
std::string replace(std::string s, const std::string& from, const std::string& to) {
    auto at = s.find(from);
    REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
}
void org_fails(const std::string& text, const std::string& expected) {
    CHECK_THROWS_WITH(parse_organisation(JsonDocument::parse("org.json", text)),
                      Catch::Contains(expected));
}
}  // namespace

TEST_CASE("organisation: bad input names the pointer and line") {
    std::string base = fixtures::kOrg;
    org_fails(replace(base, R"("id": "s2")", R"("id": "s1")"),
              "/units/1/id (dòng 14): mã đơn vị \"s1\" bị trùng");
    org_fails(replace(base, R"("level": "huyen"},)", R"("level": "tinh"},)"),
              "/units/4/level (dòng 17)");
    org_fails(replace(base, R"("district": "h2")", R"("district": "s1")"),
              "/units/8/district (dòng 21): \"s1\" không phải mã một đơn vị cấp huyện");
    org_fails(replace(base, R"(, "district": "h2")", ""),
              "/units/8 (dòng 21): đơn vị cấp xã cần trường \"district\"");
    org_fails(replace(base, R"("authority": "KT.")", R"("authority": "K.")"),
              "/agencies/0/signers/0/authority");
    org_fails(replace(base, R"("numbering": "per_type")", R"("numbering": "x")"),
              "/agencies/0/numbering");
    org_fails(replace(base, R"("agency": "syt")", R"("agency": "snv")"), "/units/2/agency");
    org_fails(replace(base, R"("id": "s4")", R"("id": "S 4")"), "/units/3/id");
}

TEST_CASE("method: maxima, targets per level, bands") {
    Method m = fixtures::method();
    CHECK(m.year == 2024);
    REQUIRE(m.indicators.size() == 3);
    CHECK(m.indicators[1].max_points_h == 3000);
    CHECK(m.indicators[1].target_h[0] == 6000);
    CHECK_FALSE(m.indicators[1].target_h[2]);
    CHECK(m.band_for(9000).name == "Xuất sắc");
    CHECK(m.band_for(8999).name == "Tốt");
    CHECK(m.band_for(5000).name == "Trung bình");
    CHECK(m.band_for(4999).name == "Yếu");
    CHECK(m.band_for(0).name == "Yếu");
}

TEST_CASE("method: bad input") {
    std::string base = fixtures::method_json(2024);
    auto fails = [](const std::string& text, const std::string& expected) {
        CHECK_THROWS_WITH(parse_method(JsonDocument::parse("chi-tieu-2024.json", text)),
                          Catch::Contains(expected));
    };
    fails(replace(base, R"("max_points": 20)", R"("max_points": 25)"),
          "/indicators (dòng 2): tổng điểm tối đa của các chỉ tiêu phải bằng 100, đang là 105,00");
    fails(replace(base, R"("so": 90, "huyen")", R"("so": 190, "huyen")"),
          "/indicators/0/targets/so (dòng 4)");
    fails(replace(base, R"("xa": 50})", R"("tinh": 50})"), "/indicators/2/targets/tinh");
    fails(replace(base, R"("min": 70})", R"("min": 85})"), "/bands/2/min");
    fails(replace(base, R"("min": 0})", R"("min": 10})"), "/bands/4/min");
    fails(replace(base, R"("id": "b")", R"("id": "a")"), "/indicators/1/id");
}

TEST_CASE("the Đồng Nai samples load") {
    const std::string dir = std::string(VANBAN_SOURCE_DIR) + "/samples/dong-nai/";
    Organisation o = load_organisation(dir + "org.json");
    int so = 0, huyen = 0, xa = 0;
    for (const auto& u : o.units)
        (u.level == Level::so ? so : u.level == Level::huyen ? huyen : xa)++;
    CHECK(so >= 25);
    CHECK(huyen == 11);
    CHECK(xa >= 160);
    for (const char* id : {"syt", "snv", "vp-ubnd", "ubnd", "ccatvstp", "ttgdyk", "cdc"})
        CHECK(o.find_agency(id));
    for (int y : {2021, 2023, 2024})
        CHECK(load_method(dir + "chi-tieu-" + std::to_string(y) + ".json").year == y);
    Method m24 = load_method(dir + "chi-tieu-2024.json");
    const Indicator& filing =
        m24.indicators.at(static_cast<std::size_t>(m24.indicator_index("online_filing")));
    CHECK(filing.target_h[0] == 8000);
    CHECK(filing.target_h[1] == 4000);
    CHECK(filing.target_h[2] == 3000);
    const Indicator& pay =
        m24.indicators.at(static_cast<std::size_t>(m24.indicator_index("online_payment")));
    CHECK_FALSE(pay.target_h[2]);
}
