// Two servers on one database (what a postgresql:// --registry gives several `vanban serve`): each
// opens its own Store; what one writes the other reads, and a draft's compare-and-set lets
// exactly one of them move it. Run on both backends (two connections to one SQLite file are two
// processes on one machine).
#include <atomic>
#include <thread>
#include <vector>

#include "store_backends.hpp"
#include "web/auth.hpp"
#include "web/security.hpp"
#include "web/store.hpp"

using namespace vanban::web;

STORE_TEST(store_created_at_once, "store: servers starting at once on a new database all open it") {
    constexpr int kServers = 4;
    std::vector<std::thread> threads;
    std::atomic<int> opened{0};
    std::vector<std::string> errors(kServers);
    for (int i = 0; i < kServers; ++i)
        threads.emplace_back([&, i] {
            try {
                Store s(spec);
                s.user_count();
                ++opened;
            } catch (const std::exception& e) {
                errors[i] = e.what();
            }
        });
    for (auto& t : threads) t.join();
    for (const auto& e : errors) CHECK(e.empty());
    CHECK(opened == kServers);
    Store a(spec), b(spec);
    CHECK(a.instance_id() == b.instance_id());  // one data set, one key prefix in the registry
}

STORE_TEST(store_shared,
           "store: a user, a session and a draft made on one server are seen on another") {
    Store a(spec), b(spec);
    CHECK(a.backend() == (spec.starts_with("postgresql://") ? "postgresql" : "sqlite"));
    User u;
    u.name = "văn thư";
    u.full_name = "Nguyễn Thị Hoà";
    u.roles = static_cast<Roles>(Role::VanThu);
    u.password_hash = hash_password("mat-khau-van-thu");
    u.id = a.add_user(u);
    auto seen = b.user_by_name("văn thư");
    REQUIRE(seen);
    CHECK(seen->id == u.id);
    CHECK(seen->full_name == "Nguyễn Thị Hoà");
    CHECK_THROWS_WITH(b.add_user(u), Catch::Contains("đã có"));

    Auth on_a(a), on_b(b);
    auto login = on_a.login("văn thư", "mat-khau-van-thu", "10.0.0.1", 1000);
    REQUIRE(login.outcome == LoginOutcome::Ok);
    auto cur = on_b.resolve(login.token, 1001);
    REQUIRE(cur);
    CHECK(cur->user.id == u.id);

    const auto id = a.add_draft(u.id, R"({"trich_yeu":"Về cải cách hành chính"})");
    auto d = b.draft(id);
    REQUIRE(d);
    CHECK(d->letter == R"({"trich_yeu":"Về cải cách hành chính"})");
    CHECK(d->owner_name == "văn thư");
    b.add_history(id, "văn thư", "lưu", "", "h1");
    REQUIRE(a.history(id).size() == 1);
    CHECK(a.history(id)[0].user == "văn thư");
    a.audit({0, "", "văn thư", "10.0.0.1", "lưu dự thảo", "văn bản #1", "", "h1", ""});
    REQUIRE(b.audit_log(5).size() == 1);
    CHECK(b.audit_log(5)[0].action == "lưu dự thảo");
}

STORE_TEST(store_one_mover, "store: two servers moving one draft at once: exactly one succeeds") {
    Store a(spec), b(spec);
    for (int round = 0; round < 20; ++round) {
        const auto id = a.add_draft(1, "{}");
        REQUIRE(a.move_draft(id, {"draft"}, "approved", ""));
        std::atomic<int> moved{0};
        std::thread t1([&] { moved += a.move_draft(id, {"approved"}, "issuing", "") ? 1 : 0; });
        std::thread t2([&] { moved += b.move_draft(id, {"approved"}, "issuing", "") ? 1 : 0; });
        t1.join();
        t2.join();
        CHECK(moved == 1);
        CHECK(b.draft(id)->status == "issuing");
    }
    CHECK(b.drafts({"issuing"}).size() == 20);
    CHECK(a.drafts({}, 1).size() == 20);
    CHECK(a.drafts({"draft"}).empty());
}
