// Registry::page (filters, count and paging in SQL) and Registry::batch (many calls, one
// transaction, savepoints), on both backends.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "backends.hpp"

using namespace vanban::registry;
using namespace vanban::registry::test;
using Code = RegistryError::Code;

namespace {

std::vector<int> numbers(const Page& p) {
    std::vector<int> out;
    for (const auto& e : p.entries) out.push_back(e.number);
    return out;
}

}  // namespace

BACKEND_TEST(page_filters, "a page of the register is filtered, counted and paged in SQL") {
    auto reg = b.open();
    for (int i = 1; i <= 12; ++i) {
        LetterInfo l =
            letter("k" + std::to_string(i), "2024-03-01", i % 3 == 0 ? "Quyết định" : "Công văn");
        l.trich_yeu = i == 7 ? "V/v KẾT QUẢ HẾT HẠN" : "V/v báo cáo số " + std::to_string(i);
        l.signer = i % 2 ? "Nguyễn Văn An" : "Trần Thị Bích";
        l.recipients = i == 5 ? "Ủy ban nhân dân huyện Long Thành" : "UBND tỉnh";
        reg->reserve(l);
    }
    reg->reserve(letter("other-year", "2025-01-02"));
    reg->reserve(letter("secret", "2024-03-01", "Công văn", "MAT"));
    reg->void_entry("SYT", 2024, "04/SYT-VP", "nhầm", "test");

    PageQuery q;
    q.year = 2024;
    q.series = "HC";
    q.limit = 5;
    Page p = reg->page(q);
    CHECK(p.total == 12);
    CHECK(numbers(p) == std::vector<int>{1, 2, 3, 4, 5});
    q.offset = 10;
    p = reg->page(q);
    CHECK(numbers(p) == std::vector<int>{11, 12});
    CHECK(p.total == 12);

    // Without a series: both series of 2024, in register order (HC before MAT).
    PageQuery all;
    all.year = 2024;
    all.limit = 100;
    p = reg->page(all);
    REQUIRE(p.total == 13);
    CHECK(p.entries.back().series == "MAT");
    CHECK(reg->page(PageQuery{}).total == 14);

    PageQuery t = all;
    t.doc_type = "Quyết định";
    CHECK(numbers(reg->page(t)) == std::vector<int>{3, 6, 9, 12});
    PageQuery s = all;
    s.status = Status::Void;
    CHECK(numbers(reg->page(s)) == std::vector<int>{4});
    // Case-insensitive in Vietnamese: lower-case needles find upper-case text and back.
    PageQuery text = all;
    text.text = "hết hạn";
    CHECK(numbers(reg->page(text)) == std::vector<int>{7});
    text.text = "ỦY BAN";
    CHECK(numbers(reg->page(text)) == std::vector<int>{5});
    text.text = "12/qđ-syt";  // Số + ký hiệu
    CHECK(numbers(reg->page(text)) == std::vector<int>{12});
    text.text = "100%_";  // no LIKE wildcards
    CHECK(reg->page(text).total == 0);
    PageQuery signer = all;
    signer.series = "HC";
    signer.signer = "THỊ BÍCH";
    CHECK(numbers(reg->page(signer)) == std::vector<int>{2, 4, 6, 8, 10, 12});
    signer.text = "số 1";
    CHECK(numbers(reg->page(signer)) == std::vector<int>{10, 12});
    PageQuery none = all;
    none.agency = "UBND";
    CHECK(reg->page(none).total == 0);
    CHECK(reg->page(none).entries.empty());
}

BACKEND_TEST(batch_group_commit, "a batch takes many numbers in one transaction") {
    auto reg = b.open();
    reg->reserve(letter("first"));
    std::vector<Reservation> got;
    std::string refused;
    reg->batch([&] {
        got.clear();
        got.push_back(reg->reserve(letter("a")));
        // A call that fails inside the batch undoes only itself: an explicit number already
        // taken by another letter.
        LetterInfo clash = letter("clash");
        clash.number = 1;
        try {
            reg->reserve(clash);
        } catch (const RegistryError& e) {
            CHECK(static_cast<int>(e.code) == static_cast<int>(Code::Conflict));
            refused = e.what();
        }
        got.push_back(reg->reserve(letter("b")));
        reg->commit("a", "/out/a.pdf");
    });
    CHECK_FALSE(refused.empty());
    REQUIRE(got.size() == 2);
    CHECK(got[0].entry.number == 2);
    CHECK(got[1].entry.number == 3);
    // Durable and visible to another connection once batch() returned.
    auto other = b.open();
    CHECK(other->find_by_key("a").value().status == Status::Issued);
    CHECK(other->find_by_key("b").value().number == 3);
    CHECK_FALSE(other->find_by_key("clash"));
    CHECK(other->reserve(letter("c")).entry.number == 4);

    // An exception out of the batch keeps nothing of it.
    CHECK_THROWS_AS(reg->batch([&] {
        reg->reserve(letter("lost"));
        throw std::runtime_error("stop");
    }),
                    std::runtime_error);
    CHECK_FALSE(other->find_by_key("lost"));
    CHECK(reg->reserve(letter("d")).entry.number == 5);
}
