// Small hand-made inputs shared by the model and scoring tests.
#pragma once

#include <string>

#include "model/indicator_data.hpp"
#include "model/json_source.hpp"
#include "model/method.hpp"
#include "model/org.hpp"

namespace fixtures {

// Four departments whose names sort differently by bytes and by Vietnamese collation
// (Ân < Dương < Đông < Ê in Vietnamese; bytes put Ê before Đ and Ân after Ê), two districts and
// three communes.
inline const char* kOrg = R"({
  "province": {"name": "Đồng Nai"},
  "agencies": [
    {"id": "syt", "name": "Sở Y tế", "header": {"parent": "UBND TỈNH ĐỒNG NAI", "issuer": "SỞ Y TẾ"},
     "abbreviation": "SYT", "head_title": "Giám đốc",
     "drafting_units": [{"id": "vp", "name": "Văn phòng", "abbreviation": "VP"}],
     "signers": [{"id": "lqt", "full_name": "Lê Quang Trung", "title": "Phó Giám đốc",
                  "authority": "KT.", "authority_title": "GIÁM ĐỐC"}],
     "contact": {"address": "2 Phan Đình Phùng", "phone": "0251", "email": "a@b", "website": "w"},
     "numbering": "per_type"}
  ],
  "units": [
    {"id": "s1", "name": "Ban Dương", "level": "so"},
    {"id": "s2", "name": "Ban Ê", "level": "so"},
    {"id": "s3", "name": "Ban Đông", "level": "so", "agency": "syt"},
    {"id": "s4", "name": "Ban Ân", "level": "so"},
    {"id": "h1", "name": "Huyện Một", "level": "huyen"},
    {"id": "h2", "name": "Huyện Hai", "level": "huyen"},
    {"id": "x1", "name": "Xã Một", "level": "xa", "district": "h1"},
    {"id": "x2", "name": "Xã Hai", "level": "xa", "district": "h1"},
    {"id": "x3", "name": "Xã Ba", "level": "xa", "district": "h2"}
  ]
})";

// a: 50 points, target 90 everywhere; b: 30 points, target 60, not scored for communes;
// c: 20 points, target 50.
inline std::string method_json(int year) {
    return R"({"year": )" + std::to_string(year) + R"(,
  "indicators": [
    {"id": "a", "name": "A", "numerator": "n", "denominator": "d", "max_points": 50,
     "targets": {"so": 90, "huyen": 90, "xa": 90}},
    {"id": "b", "name": "B", "numerator": "n", "denominator": "d", "max_points": 30,
     "targets": {"so": 60, "huyen": 60}},
    {"id": "c", "name": "C", "numerator": "n", "denominator": "d", "max_points": 20,
     "targets": {"so": 50, "huyen": 50, "xa": 50}}
  ],
  "bands": [{"name": "Xuất sắc", "min": 90}, {"name": "Tốt", "min": 80}, {"name": "Khá", "min": 70},
            {"name": "Trung bình", "min": 50}, {"name": "Yếu", "min": 0}]
})";
}

inline vanban::model::Organisation org() {
    return vanban::model::parse_organisation(vanban::model::JsonDocument::parse("org.json", kOrg));
}

inline vanban::model::Method method(int year = 2024) {
    return vanban::model::parse_method(vanban::model::JsonDocument::parse(
        "chi-tieu-" + std::to_string(year) + ".json", method_json(year)));
}

// One unit's counts as JSON: c(n, d) gives {"numerator": n, "denominator": d}.
inline std::string c(long long n, long long d) {
    return R"({"numerator": )" + std::to_string(n) + R"(, "denominator": )" + std::to_string(d) +
           "}";
}

inline std::string row(const std::string& unit, const std::string& a, const std::string& b,
                       const std::string& cc) {
    std::string s = R"({"unit": ")" + unit + R"(", "counts": {"a": )" + a;
    if (!b.empty()) s += R"(, "b": )" + b;
    return s + R"(, "c": )" + cc + "}}";
}

inline std::string quarter_json(const std::string& period, const std::vector<std::string>& rows) {
    std::string s = "{\n \"period\": \"" + period + "\",\n \"units\": [\n";
    for (std::size_t i = 0; i < rows.size(); ++i)
        s += "  " + rows[i] + (i + 1 < rows.size() ? ",\n" : "\n");
    return s + " ]\n}\n";
}

inline vanban::model::QuarterData quarter(const vanban::model::Organisation& o,
                                          const vanban::model::Method& m, const std::string& period,
                                          const std::vector<std::string>& rows) {
    return vanban::model::parse_quarter_data(
        vanban::model::JsonDocument::parse("du-lieu-" + period + ".json",
                                           quarter_json(period, rows)),
        o, m);
}

}  // namespace fixtures
