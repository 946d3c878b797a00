#include "web/security.hpp"

#include <sodium.h>

#include <stdexcept>

namespace vanban::web {

void init_crypto() {
    static const int rc = sodium_init();  // 0 first time, 1 already initialised, -1 failure
    if (rc < 0) throw std::runtime_error("không khởi động được libsodium");
}

std::string hash_password(std::string_view password) {
    init_crypto();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        throw std::runtime_error("không đủ bộ nhớ để băm mật khẩu");
    return out;
}

bool verify_password(const std::string& hash, std::string_view password) {
    init_crypto();
    if (hash.empty()) return false;
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string random_hex(std::size_t bytes) {
    init_crypto();
    std::string raw(bytes, '\0');
    randombytes_buf(raw.data(), raw.size());
    std::string hex(bytes * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                   raw.size());
    hex.pop_back();
    return hex;
}

std::string random_password() {
    init_crypto();
    static constexpr std::string_view kAlphabet =
        "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679";
    std::string out;
    for (int i = 0; i < 16; ++i)
        out += kAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kAlphabet.size()))];
    return out;
}

std::string sha256_hex(std::string_view data) {
    init_crypto();
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

bool equal_constant_time(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool LoginThrottle::over(std::map<std::string, Count>& m, const std::string& k, int max,
                         Clock::time_point now) {
    auto it = m.find(k);
    if (it == m.end()) return false;
    if (now - it->second.first >= window_) {
        m.erase(it);
        return false;
    }
    return it->second.failures >= max;
}

void LoginThrottle::add(std::map<std::string, Count>& m, const std::string& k,
                        Clock::time_point now) {
    auto& c = m[k];
    if (c.failures == 0 || now - c.first >= window_) {
        c.failures = 0;
        c.first = now;
    }
    ++c.failures;
}

bool LoginThrottle::allowed(const std::string& user, const std::string& address,
                            Clock::time_point now) {
    std::lock_guard lock(mutex_);
    return !over(users_, user, max_user_, now) && !over(addresses_, address, max_address_, now);
}

void LoginThrottle::failed(const std::string& user, const std::string& address,
                           Clock::time_point now) {
    std::lock_guard lock(mutex_);
    add(users_, user, now);
    add(addresses_, address, now);
}

void LoginThrottle::succeeded(const std::string& user) {
    std::lock_guard lock(mutex_);
    users_.erase(user);
}

}  // namespace vanban::web
