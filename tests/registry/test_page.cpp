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

BACKEND_TEST(page_keyset, "pages sought by key or read from the end are the pages by offset") {
    auto reg = b.open();
    // Two agencies, two series, a year apart: register order crosses every key column.
    for (const char* agency : {"SYT", "STC"})
        for (const char* series : {"HC", "MAT"})
            for (int i = 1; i <= 7; ++i) {
                LetterInfo l = letter(std::string(agency) + series + std::to_string(i),
                                      "2024-03-01", "Công văn", series);
                l.agency = agency;
                l.trich_yeu = i % 2 ? "V/v hết hạn" : "V/v báo cáo";
                reg->reserve(l);
            }
    reg->reserve(letter("next-year", "2025-01-02"));
    PageQuery all;
    all.year = 2024;
    all.limit = 1000;
    const auto whole = reg->page(all).entries;
    REQUIRE(whole.size() == 28);
    CHECK(whole.front().agency == "STC");  // register order: agency, series, number
    auto key = [](const Entry& e) { return PageQuery::Key{e.agency, e.series, e.year, e.number}; };
    auto same = [](const std::vector<Entry>& a, const std::vector<Entry>& b) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (a[i].key != b[i].key) return false;
        return true;
    };
    for (std::size_t limit : {1u, 5u, 9u}) {
        for (std::size_t offset = 0; offset < whole.size(); offset += limit) {
            PageQuery q = all;
            q.limit = limit;
            q.offset = offset;  // by number: from the nearer end
            const std::vector<Entry> expected(
                whole.begin() + offset, whole.begin() + std::min(whole.size(), offset + limit));
            Page p = reg->page(q);
            CHECK(p.total == 28);
            CHECK(same(p.entries, expected));
            if (offset > 0) {  // "Trang sau" from the page before: after its last entry
                PageQuery next = all;
                next.limit = limit;
                next.after = key(whole[offset - 1]);
                CHECK(same(reg->page(next).entries, expected));
            }
            if (offset + limit < whole.size()) {  // "Trang trước" from the page after
                PageQuery prev = all;
                prev.limit = limit;
                prev.before = key(whole[offset + limit]);
                CHECK(same(reg->page(prev).entries, expected));
            }
        }
    }
    // Keys combine with the filters; past the end is empty.
    PageQuery text = all;
    text.text = "HẾT HẠN";
    text.limit = 3;
    text.after = key(whole[0]);
    Page p = reg->page(text);
    CHECK(p.total == 16);
    REQUIRE(p.entries.size() == 3);
    for (const auto& e : p.entries) CHECK(e.trich_yeu == "V/v hết hạn");
    CHECK(p.entries[0].number == 3);
    PageQuery past = all;
    past.offset = 28;
    CHECK(reg->page(past).entries.empty());
    PageQuery end = all;
    end.after = key(whole.back());
    CHECK(reg->page(end).entries.empty());
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
