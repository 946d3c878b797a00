// Logging in and out, sessions and CSRF tokens, apart from HTTP so that unit tests drive them
// directly. A session is a random 256-bit token the browser keeps in a cookie; the store keeps
// only its SHA-256, with the user, a CSRF token and two clocks (idle and absolute expiry).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "web/security.hpp"
#include "web/store.hpp"

namespace vanban::web {

struct SessionLimits {
    std::int64_t idle_seconds = 2 * 3600;       // no request for this long: logged out
    std::int64_t absolute_seconds = 12 * 3600;  // a working day at most
};

enum class LoginOutcome { Ok, BadCredentials, Throttled, Disabled };

struct LoginResult {
    LoginOutcome outcome = LoginOutcome::BadCredentials;
    std::string token;  // the cookie's value (only on Ok)
    User user;
};

struct Current {
    User user;
    Session session;
};

class Auth {
  public:
    Auth(Store& store, SessionLimits limits = {}) : store_(store), limits_(limits) {}

    // Checks the password (Argon2id) under the throttle; on success opens a session.
    LoginResult login(const std::string& name, const std::string& password,
                      const std::string& address, std::int64_t now,
                      LoginThrottle::Clock::time_point mono = LoginThrottle::Clock::now());
    // The session of a cookie token, if valid and not expired (expired ones are removed).
    std::optional<Current> resolve(const std::string& token, std::int64_t now);
    void logout(const std::string& token);
    // True when `sent` is the session's CSRF token (constant-time comparison).
    static bool csrf_ok(const Session& s, const std::string& sent);

    const SessionLimits& limits() const { return limits_; }

  private:
    Store& store_;
    SessionLimits limits_;
    LoginThrottle throttle_;
};

}  // namespace vanban::web
