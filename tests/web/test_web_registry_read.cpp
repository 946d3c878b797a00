// The register pages' reads: registry::ReadPool (read-only connections that neither wait for
// the writer nor for each other) and the first page read with one row more than it shows (the
// count skipped when the page itself tells it), on both backends.
#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <thread>

#include "../registry/backends.hpp"
#include "registry/read_pool.hpp"

using namespace vanban::registry;
using namespace vanban::registry::test;

namespace {

void fill(Registry& reg, int n, int marked) {
    reg.batch([&] {
        for (int i = 1; i <= n; ++i) {
            LetterInfo l = letter("k" + std::to_string(i));
            l.trich_yeu = i <= marked ? "V/v HẾT HẠN số " + std::to_string(i) : "V/v khác";
            reg.reserve(l);
        }
    });
}

}  // namespace

BACKEND_TEST(probe_totals, "the first page's total is right whether or not it was counted") {
    auto reg = b.open();
    fill(*reg, 120, 50);
    PageQuery q;
    q.year = 2024;
    q.limit = 50;
    for (const auto& [text, total, shown] :
         std::vector<std::tuple<std::string, std::size_t, std::size_t>>{
             {"", 120, 50},             // more than a page: counted
             {"hết hạn", 50, 50},       // exactly a page: the extra row is absent
             {"hết hạn số 1", 11, 11},  // less than a page: 1, 10..19
             {"không có", 0, 0}}) {
        q.text = text;
        const Page p = reg->page(q);
        INFO(text);
        CHECK(p.total == total);
        CHECK(p.entries.size() == shown);
        if (!p.entries.empty()) CHECK(p.entries.front().number == 1);
    }
    q.text.clear();
    q.limit = 0;
    CHECK(reg->page(q).total == 120);
    CHECK(reg->page(q).entries.empty());
}

BACKEND_TEST(read_pool, "the read pool reads beside a writer's open transaction, in parallel") {
    auto writer = b.open();
    fill(*writer, 30, 5);
    ReadPool pool(b.spec(), 3);
    CHECK(pool.opened() == 0);  // nothing before the first read

    // The writer holds its write transaction (a reservation not yet committed) while three
    // readers read at once: none waits for it, and none sees the uncommitted number.
    std::promise<void> release;
    auto released = release.get_future().share();
    std::promise<void> holding;
    std::thread w([&] {
        writer->batch([&] {
            writer->reserve(letter("uncommitted"));
            holding.set_value();
            released.wait();
        });
    });
    holding.get_future().wait();
    std::vector<std::future<std::size_t>> reads;
    for (int i = 0; i < 3; ++i)
        reads.push_back(std::async(std::launch::async, [&] {
            return pool.with([](Registry& r) {
                PageQuery q;
                q.year = 2024;
                q.text = "hết hạn";
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
                return r.page(q).total + r.page(PageQuery{}).total * 1000;
            });
        }));
    bool all_done = true;
    for (auto& f : reads)
        all_done = all_done && f.wait_for(std::chrono::seconds(20)) == std::future_status::ready;
    CHECK(all_done);  // the writer still holds its transaction
    release.set_value();
    w.join();
    if (all_done)
        for (auto& f : reads) CHECK(f.get() == 5 + 30 * 1000);
    CHECK(pool.opened() <= 3);
    CHECK(pool.opened() >= 1);
    // After the commit the pool's connections see the new number.
    CHECK(pool.with([](Registry& r) { return r.page(PageQuery{}).total; }) == 31);
    // Read-only: a write through the pool is refused.
    CHECK_THROWS_AS(pool.with([](Registry& r) { return r.reserve(letter("through-pool")); }),
                    RegistryError);
}
