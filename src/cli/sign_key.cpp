#include "cli/sign_key.hpp"

#include <termios.h>
#include <unistd.h>

#include <fcntl.h>
#include <cstdio>
#include <cstdlib>

namespace vanban::cli {

namespace {

// The secret from the environment, else asked on the terminal (no echo); never argv.
std::string secret(const char* env, const std::string& prompt) {
    if (const char* v = std::getenv(env)) return v;
    const int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY);
    if (fd < 0)
        throw sign::SignError(std::string("Thiếu ") + prompt + ": đặt biến môi trường " + env +
                              " hoặc chạy lệnh tại một terminal để nhập");
    termios old{};
    const bool tty = tcgetattr(fd, &old) == 0;
    if (tty) {
        termios quiet = old;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    const std::string ask = "Nhập " + prompt + ": ";
    [[maybe_unused]] auto w = ::write(fd, ask.data(), ask.size());
    std::string value;
    char c;
    while (::read(fd, &c, 1) == 1 && c != '\n') value += c;
    if (tty) tcsetattr(fd, TCSAFLUSH, &old);
    w = ::write(fd, "\n", 1);
    ::close(fd);
    return value;
}

}  // namespace

std::unique_ptr<sign::Signer> open_signer_key(const std::string& key, const std::string& module) {
    if (key.rfind("pkcs11:", 0) == 0) {
        std::string mod = module;
        if (mod.empty())
            if (const char* m = std::getenv("VANBAN_PKCS11_MODULE")) mod = m;
        if (mod.empty()) mod = kDefaultPkcs11Module;
        return sign::open_pkcs11(key, secret("VANBAN_PIN", "mã PIN của token"), mod);
    }
    return sign::open_pkcs12(key, secret("VANBAN_KEY_PASSWORD", "mật khẩu tệp khóa '" + key + "'"));
}

}  // namespace vanban::cli
