// The register book model shared by the XLSX and PDF renderers: cover facts, rows in register
// order with voided numbers and their reason, the agency from org.json, one agency per book.
#include <catch2/catch.hpp>

#include "backends.hpp"
#include "registry/book.hpp"
#include "registry/doc_types.hpp"

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

TEST_CASE("ordinary and secret 01/SYT-VP each land in their own book", "[sqlite]") {
    SqliteBackend b;
    auto reg = b.open();
    reg->reserve(letter("cv1", "2024-02-05"));
    reg->reserve(letter("cv2", "2024-02-06", "QĐ", "HC"));
    reg->reserve(letter("m1", "2024-03-01", "Công văn", "MAT"));
    // Per-type secret series (MAT-QD) belong to the secret book too.
    reg->reserve(letter("m2", "2024-03-02", "QĐ", "MAT-QD"));

    const RegisterBook ordinary = make_register_book(*reg, "SYT", 2024);
    REQUIRE(ordinary.rows.size() == 2);
    CHECK(ordinary.entries[0].key == "cv1");
    CHECK(ordinary.rows[0][0] == "01/SYT-VP");
    CHECK(ordinary.rows[1][0] == "02/QĐ-SYT");
    CHECK(ordinary.cover.title() == "SỔ ĐĂNG KÝ VĂN BẢN ĐI");
    CHECK(ordinary.document_title() == "Sổ đăng ký văn bản đi năm 2024");
    CHECK(ordinary.date_range() == "Từ ngày 05/02/2024 đến ngày 06/02/2024");

    const RegisterBook secret = make_register_book(*reg, "SYT", 2024, nullptr, BookKind::Secret);
    REQUIRE(secret.rows.size() == 2);
    CHECK(secret.entries[0].key == "m1");
    CHECK(secret.rows[0][0] == "01/SYT-VP");
    CHECK(secret.entries[1].key == "m2");
    CHECK(secret.rows[1][0] == "01/QĐ-SYT");
    CHECK(secret.cover.title() == "SỔ ĐĂNG KÝ VĂN BẢN MẬT ĐI");
    CHECK(secret.document_title() == "Sổ đăng ký văn bản mật đi năm 2024");
    CHECK(secret.number_range() == "Từ số 01 đến số 01");
    CHECK(secret.date_range() == "Từ ngày 01/3/2024 đến ngày 02/3/2024");
}

TEST_CASE("secret series are those series_for gives secret documents", "[format]") {
    for (const auto& t : doc_types()) {
        CHECK(is_secret_series(series_for(SeriesPolicy::Shared, t, true)));
        CHECK(is_secret_series(series_for(SeriesPolicy::PerType, t, true)));
        CHECK_FALSE(is_secret_series(series_for(SeriesPolicy::Shared, t, false)));
        CHECK_FALSE(is_secret_series(series_for(SeriesPolicy::PerType, t, false)));
    }
    CHECK_FALSE(is_secret_series("MATX"));
}
