// Số + ký hiệu formatting and series selection (Điều 15, Phụ lục III Nghị định 30/2020).
#include <catch2/catch.hpp>

#include "registry/doc_types.hpp"
#include "registry/registry.hpp"

using namespace vanban::registry;

TEST_CASE("numbers below 10 carry a leading zero", "[format]") {
    CHECK(format_number(1) == "01");
    CHECK(format_number(5) == "05");
    CHECK(format_number(9) == "09");
    CHECK(format_number(10) == "10");
    CHECK(format_number(194) == "194");
    CHECK(format_number(1999) == "1999");
}

TEST_CASE("ký hiệu of a công văn is agency-drafting unit, of other types type-agency", "[format]") {
    const auto cv = find_doc_type("Công văn").value();
    const auto qd = find_doc_type("Quyết định").value();
    CHECK(format_so_ky_hieu(5, cv, "SYT", "VP") == "05/SYT-VP");
    CHECK(format_so_ky_hieu(1999, cv, "SYT", "VP") == "1999/SYT-VP");
    CHECK(format_so_ky_hieu(194, qd, "UBND", "VP") == "194/QĐ-UBND");
    CHECK(format_so_ky_hieu(3, cv, "UBND", "") == "03/UBND");
    CHECK(format_so_ky_hieu(12, find_doc_type("Kế hoạch").value(), "SNV", "") == "12/KH-SNV");
    CHECK(format_so_ky_hieu(7, find_doc_type("Thư công").value(), "SYT", "VP") == "07/SYT-VP");
}

TEST_CASE("document types are found by name or abbreviation, case-insensitively", "[format]") {
    CHECK(find_doc_type("QĐ")->name == "Quyết định");
    CHECK(find_doc_type("qđ")->name == "Quyết định");
    CHECK(find_doc_type("QUYẾT ĐỊNH")->abbrev == "QĐ");
    CHECK(find_doc_type("Quy định")->abbrev == "QyĐ");
    CHECK(find_doc_type("Tờ trình")->abbrev == "TTr");
    CHECK(find_doc_type("Chương trình")->abbrev == "CTr");
    CHECK(find_doc_type("Giấy giới thiệu")->abbrev == "GGT");
    CHECK(find_doc_type("Công điện")->abbrev == "CĐ");
    CHECK(find_doc_type("CV")->name == "Công văn");
    // Decomposed input (NFD "ế") is normalised before matching.
    CHECK(find_doc_type("K\x65\xCC\x82\xCC\x81 hoạch")->abbrev == "KH");
    CHECK_FALSE(find_doc_type("Thư tình").has_value());
    CHECK_FALSE(find_doc_type("").has_value());
}

TEST_CASE("abbreviations of Phụ lục III are unique", "[format]") {
    for (const auto& a : doc_types())
        for (const auto& b : doc_types())
            if (&a != &b && !a.abbrev.empty()) CHECK(a.abbrev != b.abbrev);
}

TEST_CASE("series: one shared, one per type, secret documents always apart", "[format]") {
    const auto cv = find_doc_type("Công văn").value();
    const auto qd = find_doc_type("QĐ").value();
    const auto thu = find_doc_type("Thư công").value();
    CHECK(series_for(SeriesPolicy::Shared, cv, false) == "HC");
    CHECK(series_for(SeriesPolicy::Shared, qd, false) == "HC");
    CHECK(series_for(SeriesPolicy::PerType, cv, false) == "CV");
    CHECK(series_for(SeriesPolicy::PerType, qd, false) == "QD");
    // Thư công and công văn share a ký hiệu shape, so they must share a series.
    CHECK(series_for(SeriesPolicy::PerType, thu, false) == "CV");
    CHECK(series_for(SeriesPolicy::Shared, qd, true) == "MAT");
    CHECK(series_for(SeriesPolicy::PerType, qd, true) == "MAT-QD");
}

TEST_CASE("register dates: day padded, months 1 and 2 padded, others not", "[format]") {
    CHECK(Date{2024, 2, 5}.short_vn() == "05/02/2024");
    CHECK(Date{2024, 3, 15}.short_vn() == "15/3/2024");
    CHECK(Date{2024, 12, 31}.short_vn() == "31/12/2024");
    CHECK(Date{2024, 1, 1}.iso() == "2024-01-01");
    CHECK(Date::parse_iso("2024-02-29").has_value());
    CHECK_FALSE(Date::parse_iso("2023-02-29").has_value());
    CHECK_FALSE(Date::parse_iso("2024-13-01").has_value());
    CHECK_FALSE(Date::parse_iso("2024-04-31").has_value());
    CHECK_FALSE(Date::parse_iso("24-04-01").has_value());
    CHECK(Date::parse_iso("1900-02-29") == std::nullopt);
    CHECK(Date::parse_iso("2000-02-29").has_value());
}
