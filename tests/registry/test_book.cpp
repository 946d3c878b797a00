// The register book model shared by the XLSX and PDF renderers: cover facts, rows in register
// order with voided numbers and their reason, the agency from org.json, one agency per book.
#include <catch2/catch.hpp>

#include "backends.hpp"
#include "registry/book.hpp"

using namespace vanban::registry;
using namespace vanban::registry::test;

namespace {

vanban::model::Organisation org_with_syt() {
    vanban::model::Organisation org;
    org.province.full_name = "Tỉnh Đồng Nai";
    vanban::model::Agency a;
    a.id = "syt";
    a.name = "Sở Y tế";
    a.abbreviation = "SYT";
    a.parent_header = "UBND tỉnh Đồng Nai";
    a.issuer_header = "Sở Y tế";
    org.agencies.push_back(a);
    return org;
}

}  // namespace

TEST_CASE("a book of one agency and year: cover, rows, voided number with its reason", "[sqlite]") {
    SqliteBackend b;
    auto reg = b.open();
    reg->reserve(letter("a", "2024-02-05"));
    reg->commit("a", "a.pdf");
    reg->reserve(letter("b", "2024-03-15"));
    reg->commit("b", "b.pdf");
    reg->reserve(letter("c", "2024-11-30"));  // reserved, never issued
    reg->void_entry("SYT", 2024, "02/SYT-VP", "Soạn nhầm nơi nhận");
    reg->reserve(letter("next-year", "2025-01-01"));

    const auto org = org_with_syt();
    const RegisterBook book = make_register_book(*reg, "syt", 2024, &org);
    CHECK(book.agency.abbreviation == "SYT");
    CHECK(book.agency.name == "Sở Y tế");
    CHECK(book.agency.parent_header == "UBND TỈNH ĐỒNG NAI");
    CHECK(book.agency.issuer_header == "SỞ Y TẾ");
    CHECK(book.agency.province == "Tỉnh Đồng Nai");
    CHECK(book.year == 2024);
    REQUIRE(book.rows.size() == 3);
    CHECK(book.rows[0][0] == "01/SYT-VP");
    CHECK(book.rows[1][0] == "02/SYT-VP");
    CHECK(book.rows[1][9] == "Đã hủy: Soạn nhầm nơi nhận");
    CHECK(book.rows[2][9] == "Đã giữ số, chưa ban hành");
    CHECK(book.rows[0][4] == "UBND tỉnh; Sở Nội vụ");
    CHECK(book.date_range() == "Từ ngày 05/02/2024 đến ngày 30/11/2024");
    CHECK(book.number_range() == "Từ số 01 đến số 03");
    CHECK(book.as_of_iso() == "2024-11-30");
    CHECK(book.cover.voided == 1);
    CHECK(book.cover.reserved == 1);

    // Without org.json the agency is its abbreviation; an empty year leaves blanks to fill in.
    const RegisterBook empty = make_register_book(*reg, "SYT", 2023);
    CHECK(empty.agency.issuer_header == "SYT");
    CHECK(empty.agency.parent_header.empty());
    CHECK(empty.rows.empty());
    CHECK(empty.date_range() == "Từ ngày ……… đến ngày ………");
    CHECK(empty.number_range() == "Từ số ……… đến số ………");
    CHECK(empty.as_of_iso() == "2023-01-01");
}

TEST_CASE("a book needs one agency when several numbered that year", "[sqlite]") {
    SqliteBackend b;
    auto reg = b.open();
    reg->reserve(letter("a"));
    LetterInfo other = letter("b");
    other.agency = "SNV";
    reg->reserve(other);
    try {
        make_register_book(*reg, "", 2024);
        FAIL("expected a RegistryError");
    } catch (const RegistryError& e) {
        CHECK(e.code == RegistryError::Code::InvalidArgument);
        CHECK_THAT(e.what(), Catch::Contains("SNV, SYT") && Catch::Contains("--agency"));
    }
    CHECK(make_register_book(*reg, "SNV", 2024).rows.size() == 1);
    // The single agency of a year is found without being named.
    reg->reserve(letter("c", "2025-01-02"));
    const RegisterBook only = make_register_book(*reg, "", 2025);
    CHECK(only.agency.abbreviation == "SYT");
    CHECK(only.rows.size() == 1);
}
