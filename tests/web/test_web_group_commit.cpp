// GroupCommit: registry writes of many request threads share transactions, and each still gets
// its own number (consecutive, distinct) or its own error; a second connection (as another
// process would) sees every number once run() returned.
#include <catch2/catch.hpp>

#include <atomic>
#include <set>
#include <thread>

#include "../common/temp_dir.hpp"
#include "web/group_commit.hpp"

using namespace vanban;
using vanban::test::TempDir;

namespace {

registry::LetterInfo letter(const std::string& key) {
    registry::LetterInfo l;
    l.key = key;
    l.content_hash = "h-" + key;
    l.agency = "SYT";
    l.unit = "VP";
    l.doc_type = "Công văn";
    l.series = "HC";
    l.date = registry::Date{2024, 3, 1};
    l.trich_yeu = "V/v thử";
    l.created_by = "test";
    return l;
}

}  // namespace

TEST_CASE("group commit: 20 threads take 20 consecutive numbers in few transactions", "[web]") {
    TempDir tmp("vanban-web-gc");
    const std::string path = (tmp.path / "so.db").string();
    auto reg = registry::open_registry(path);
    std::mutex registry_mutex;
    web::GroupCommit gc(*reg, registry_mutex);
    constexpr int kThreads = 20;
    std::vector<int> numbers(kThreads, 0);
    std::vector<std::string> errors(kThreads);
    std::atomic<bool> first_started{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&, i] {
            try {
                gc.run([&](registry::Registry& r) {
                    if (i == 0) {
                        // Hold the first batch until every other thread has queued: they must
                        // all go into the second batch.
                        first_started = true;
                        while (gc.queued() < kThreads - 1) std::this_thread::yield();
                    }
                    numbers[i] = r.reserve(letter("k" + std::to_string(i))).entry.number;
                    if (i == 7) r.commit("k7", "/out/k7.pdf");
                });
            } catch (const std::exception& e) {
                errors[i] = e.what();
            }
        });
        if (i == 0)
            while (!first_started) std::this_thread::yield();
    }
    for (auto& t : threads) t.join();
    for (const auto& e : errors) CHECK(e.empty());
    CHECK(std::set<int>(numbers.begin(), numbers.end()) ==
          std::set<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20});
    CHECK(numbers[0] == 1);
    CHECK(gc.calls() == kThreads);
    CHECK(gc.batches() == 2);
    auto other = registry::open_registry(path, registry::OpenMode::ReadOnly);
    CHECK(other->list().size() == kThreads);
    CHECK(other->find_by_key("k7")->status == registry::Status::Issued);
}

TEST_CASE("group commit: a failing call gets its own error, the others their numbers", "[web]") {
    TempDir tmp("vanban-web-gc");
    auto reg = registry::open_registry((tmp.path / "so.db").string());
    std::mutex registry_mutex;
    web::GroupCommit gc(*reg, registry_mutex);
    int a = 0, b = 0;
    gc.run([&](registry::Registry& r) { a = r.reserve(letter("a")).entry.number; });
    registry::LetterInfo clash = letter("clash");
    clash.number = 1;  // taken by "a"
    CHECK_THROWS_AS(gc.run([&](registry::Registry& r) { r.reserve(clash); }),
                    registry::RegistryError);
    gc.run([&](registry::Registry& r) { b = r.reserve(letter("b")).entry.number; });
    CHECK(a == 1);
    CHECK(b == 2);
    CHECK_FALSE(reg->find_by_key("clash"));
}
