#include "web/auth.hpp"

namespace vanban::web {

LoginResult Auth::login(const std::string& name, const std::string& password,
                        const std::string& address, std::int64_t now,
                        LoginThrottle::Clock::time_point mono) {
    LoginResult r;
    if (!throttle_.allowed(name, address, mono)) {
        r.outcome = LoginOutcome::Throttled;
        return r;
    }
    auto user = store_.user_by_name(name);
    // An unknown name costs the same Argon2id work as a wrong password, so that timing does
    // not tell which names exist.
    static const std::string dummy = hash_password("không có người dùng này");
    const bool ok = verify_password(user ? user->password_hash : dummy, password) && user;
    if (!ok) {
        throttle_.failed(name, address, mono);
        return r;
    }
    if (user->disabled) {
        r.outcome = LoginOutcome::Disabled;
        return r;
    }
    throttle_.succeeded(name);
    r.outcome = LoginOutcome::Ok;
    r.user = *user;
    r.token = random_hex(32);
    store_.add_session({sha256_hex(r.token), user->id, random_hex(32), now, now});
    return r;
}

std::optional<Current> Auth::resolve(const std::string& token, std::int64_t now) {
    if (token.size() != 64) return std::nullopt;
    const std::string h = sha256_hex(token);
    auto s = store_.session(h);
    if (!s) return std::nullopt;
    if (now - s->last_seen > limits_.idle_seconds || now - s->created > limits_.absolute_seconds) {
        store_.remove_session(h);
        return std::nullopt;
    }
    auto u = store_.user_by_id(s->user_id);
    if (!u || u->disabled) {
        store_.remove_session(h);
        return std::nullopt;
    }
    // Writing last_seen on every request would serialise reads on the store: once a minute.
    if (now - s->last_seen >= 60) store_.touch_session(h, now);
    return Current{*u, *s};
}

void Auth::logout(const std::string& token) {
    store_.remove_session(sha256_hex(token));
}

bool Auth::csrf_ok(const Session& s, const std::string& sent) {
    return !sent.empty() && equal_constant_time(s.csrf, sent);
}

}  // namespace vanban::web
