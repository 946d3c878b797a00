// The security primitives of the web application, all from libsodium: Argon2id password hashes,
// random tokens, SHA-256 digests and constant-time comparison; and the login throttle.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace vanban::web {

// Calls sodium_init() once; throws std::runtime_error when libsodium cannot start.
void init_crypto();

// Argon2id (crypto_pwhash_str, interactive limits): "$argon2id$v=19$m=…". Throws on failure.
std::string hash_password(std::string_view password);
bool verify_password(const std::string& hash, std::string_view password);

// `bytes` random bytes as lower-case hex (session tokens, CSRF tokens, one-time passwords).
std::string random_hex(std::size_t bytes);
// A password a person can type: 16 characters from an alphabet without look-alikes.
std::string random_password();

std::string sha256_hex(std::string_view data);
bool equal_constant_time(std::string_view a, std::string_view b);

// Refuses logins after too many failures for one user name or one address within a window.
// Failures expire after `window`; a success clears the user's count (not the address's).
class LoginThrottle {
  public:
    using Clock = std::chrono::steady_clock;
    LoginThrottle(int max_per_user = 5, int max_per_address = 20,
                  std::chrono::seconds window = std::chrono::minutes(15))
        : max_user_(max_per_user), max_address_(max_per_address), window_(window) {}

    // True when a login attempt may be tried now.
    bool allowed(const std::string& user, const std::string& address, Clock::time_point now);
    void failed(const std::string& user, const std::string& address, Clock::time_point now);
    void succeeded(const std::string& user);

  private:
    struct Count {
        int failures = 0;
        Clock::time_point first;
    };
    bool over(std::map<std::string, Count>& m, const std::string& k, int max,
              Clock::time_point now);
    void add(std::map<std::string, Count>& m, const std::string& k, Clock::time_point now);

    int max_user_, max_address_;
    std::chrono::seconds window_;
    std::mutex mutex_;
    std::map<std::string, Count> users_, addresses_;
};

}  // namespace vanban::web
