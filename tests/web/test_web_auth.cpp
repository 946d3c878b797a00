// Sessions, CSRF, roles, password hashing, login throttling, the store's compare-and-set and the
// audit log, against a real SQLite file in a temporary folder.
#include <catch2/catch.hpp>

#include "store_backends.hpp"
#include "web/auth.hpp"
#include "web/roles.hpp"
#include "web/security.hpp"
#include "web/store.hpp"

using namespace vanban::web;

namespace {

User make_user(Store& s, const std::string& name, Roles roles, const std::string& password) {
    User u;
    u.name = name;
    u.roles = roles;
    u.password_hash = hash_password(password);
    u.id = s.add_user(u);
    return u;
}

}  // namespace

TEST_CASE("roles: parsed from and written to their ids - unknown ids are named", "[web]") {
    auto r = parse_roles("chuyen-vien, van-thu");
    REQUIRE(r);
    CHECK(has_role(*r, Role::ChuyenVien));
    CHECK(has_role(*r, Role::VanThu));
    CHECK_FALSE(has_role(*r, Role::LanhDao));
    CHECK(roles_to_string(*r) == "chuyen-vien,van-thu");
    CHECK(roles_label(*r) == "Chuyên viên, Văn thư");
    std::string bad;
    CHECK_FALSE(parse_roles("lanh-dao,giam-doc", &bad));
    CHECK(bad == "giam-doc");
    CHECK(any_role(*r, static_cast<Roles>(Role::VanThu)));
    CHECK_FALSE(any_role(*r, Role::LanhDao | Role::QuanTri));
}

TEST_CASE("passwords: Argon2id and salted and verified", "[web]") {
    const std::string h1 = hash_password("mật khẩu dài đủ");
    const std::string h2 = hash_password("mật khẩu dài đủ");
    CHECK(h1.rfind("$argon2id$", 0) == 0);
    CHECK(h1 != h2);  // a random salt each time
    CHECK(verify_password(h1, "mật khẩu dài đủ"));
    CHECK(verify_password(h2, "mật khẩu dài đủ"));
    CHECK_FALSE(verify_password(h1, "mật khẩu dài đủ "));
    CHECK_FALSE(verify_password("", "x"));
    CHECK(random_hex(32).size() == 64);
    CHECK(random_hex(32) != random_hex(32));
    CHECK(random_password().size() == 16);
}

TEST_CASE("login throttle: per user and per address and within a window", "[web]") {
    LoginThrottle t(3, 5, std::chrono::seconds(60));
    const auto t0 = LoginThrottle::Clock::time_point{} + std::chrono::hours(1);
    for (int i = 0; i < 3; ++i) {
        CHECK(t.allowed("an", "10.0.0.1", t0));
        t.failed("an", "10.0.0.1", t0);
    }
    CHECK_FALSE(t.allowed("an", "10.0.0.2", t0));  // the user is blocked from anywhere
    CHECK(t.allowed("binh", "10.0.0.2", t0));
    t.failed("binh", "10.0.0.1", t0);
    t.failed("chi", "10.0.0.1", t0);
    CHECK_FALSE(t.allowed("dung", "10.0.0.1", t0));                     // the address: 5 failures
    CHECK(t.allowed("an", "10.0.0.2", t0 + std::chrono::seconds(61)));  // window over
}

STORE_TEST(sessions_expire,
           "sessions: only the token's hash is stored - idle and absolute expiry - logout") {
    Store store(spec);
    make_user(store, "an", static_cast<Roles>(Role::ChuyenVien), "mat-khau-cua-an");
    Auth auth(store, SessionLimits{100, 1000});

    auto bad = auth.login("an", "sai-mat-khau", "1.2.3.4", 5000);
    CHECK(bad.outcome == LoginOutcome::BadCredentials);
    CHECK(bad.token.empty());
    CHECK(auth.login("khong-co", "x", "1.2.3.4", 5000).outcome == LoginOutcome::BadCredentials);

    auto ok = auth.login("an", "mat-khau-cua-an", "1.2.3.4", 5000);
    REQUIRE(ok.outcome == LoginOutcome::Ok);
    REQUIRE(ok.token.size() == 64);
    CHECK_FALSE(store.session(ok.token));  // the token itself is not in the database
    REQUIRE(store.session(sha256_hex(ok.token)));

    auto cur = auth.resolve(ok.token, 5050);
    REQUIRE(cur);
    CHECK(cur->user.name == "an");
    CHECK_FALSE(auth.resolve(ok.token + "0", 5050));
    CHECK_FALSE(auth.resolve(std::string(64, 'a'), 5050));

    // Idle: 100 s without a request (last seen 5000, touched only once a minute).
    CHECK(auth.resolve(ok.token, 5099));
    CHECK_FALSE(auth.resolve(ok.token, 5201));
    CHECK_FALSE(store.session(sha256_hex(ok.token)));  // removed when found expired

    // Absolute: 1000 s even when active.
    auto s2 = auth.login("an", "mat-khau-cua-an", "1.2.3.4", 10000);
    for (int t = 10060; t < 11000; t += 60) REQUIRE(auth.resolve(s2.token, t));
    CHECK_FALSE(auth.resolve(s2.token, 11001));

    auto s3 = auth.login("an", "mat-khau-cua-an", "1.2.3.4", 20000);
    REQUIRE(auth.resolve(s3.token, 20001));
    auth.logout(s3.token);
    CHECK_FALSE(auth.resolve(s3.token, 20002));
}

STORE_TEST(sessions_disabled, "sessions: a disabled user is logged out and cannot log in") {
    Store store(spec);
    auto u = make_user(store, "binh", static_cast<Roles>(Role::VanThu), "mat-khau-binh");
    Auth auth(store);
    auto s = auth.login("binh", "mat-khau-binh", "::1", 100);
    REQUIRE(auth.resolve(s.token, 101));
    store.set_roles(u.id, u.roles, true);
    CHECK_FALSE(auth.resolve(s.token, 102));
    CHECK(auth.login("binh", "mat-khau-binh", "::1", 103).outcome == LoginOutcome::Disabled);
}

STORE_TEST(sessions_throttled, "sessions: login is throttled after repeated failures") {
    Store store(spec);
    make_user(store, "chi", static_cast<Roles>(Role::LanhDao), "mat-khau-chi-1");
    Auth auth(store);
    const auto t0 = LoginThrottle::Clock::now();
    for (int i = 0; i < 5; ++i)
        CHECK(auth.login("chi", "sai", "::1", 100, t0).outcome == LoginOutcome::BadCredentials);
    // Even the right password is refused now.
    CHECK(auth.login("chi", "mat-khau-chi-1", "::1", 100, t0).outcome == LoginOutcome::Throttled);
    CHECK(auth.login("chi", "mat-khau-chi-1", "::1", 100, t0 + std::chrono::minutes(16)).outcome ==
          LoginOutcome::Ok);
}

TEST_CASE("CSRF: the session's token and compared exactly", "[web]") {
    Session s;
    s.csrf = random_hex(32);
    CHECK(Auth::csrf_ok(s, s.csrf));
    CHECK_FALSE(Auth::csrf_ok(s, ""));
    CHECK_FALSE(Auth::csrf_ok(s, s.csrf.substr(1)));
    std::string other = s.csrf;
    other[0] = other[0] == 'a' ? 'b' : 'a';
    CHECK_FALSE(Auth::csrf_ok(s, other));
    Session empty;
    CHECK_FALSE(Auth::csrf_ok(empty, ""));
}

STORE_TEST(drafts_compare_and_set,
           "drafts: a status moves only from the expected one (compare-and-set)") {
    Store store(spec);
    const auto id = store.add_draft(1, "{}");
    CHECK_FALSE(store.move_draft(id, {"submitted"}, "approved", ""));
    CHECK(store.move_draft(id, {"draft", "returned"}, "submitted", ""));
    CHECK(store.move_draft(id, {"submitted"}, "approved", "ok"));
    CHECK_FALSE(store.move_draft(id, {"submitted"}, "returned", "late"));  // second leader
    CHECK(store.draft(id)->status == "approved");
    CHECK(store.draft(id)->comment == "ok");
    CHECK_FALSE(store.update_letter(id, "{\"x\":1}", {"draft", "returned"}));
    CHECK(store.draft(id)->letter == "{}");
}

STORE_TEST(audit_kept,
           "audit: every entry kept with who and what and the hashes and newest first") {
    {
        Store store(spec);
        store.audit({0, "", "an", "127.0.0.1", "lưu dự thảo", "văn bản #1", "aa", "bb", ""});
        store.audit(
            {0, "", "binh", "127.0.0.1", "cấp số", "văn bản #1 → 01/SYT-VP", "bb", "cc", ""});
    }
    Store again(spec);  // persisted
    auto log = again.audit_log(10);
    REQUIRE(log.size() == 2);
    CHECK(log[0].user == "binh");
    CHECK(log[0].action == "cấp số");
    CHECK(log[0].hash_before == "bb");
    CHECK(log[0].hash_after == "cc");
    CHECK(log[1].user == "an");
    CHECK_FALSE(log[1].at.empty());
    CHECK(again.audit_log(10, log[0].id).size() == 1);
    CHECK(again.instance_id() == again.instance_id());
}
