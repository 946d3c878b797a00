#include "pdf/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace vanban::pdf {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const fs::path& path, const std::string& what) {
    throw std::runtime_error("Không ghi được tệp '" + path.string() + "': " + what);
}

}  // namespace

void write_file_atomically(const fs::path& target, std::string_view bytes) {
    fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    std::string templ = (dir / ("." + target.filename().string() + ".tmpXXXXXX")).string();
    int fd = ::mkstemp(templ.data());
    if (fd < 0) fail(target, std::strerror(errno));
    auto cleanup = [&](const std::string& why) {
        ::close(fd);
        ::unlink(templ.c_str());
        fail(target, why);
    };
    const char* p = bytes.data();
    size_t left = bytes.size();
    while (left > 0) {
        ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            cleanup(std::strerror(errno));
        }
        p += n;
        left -= static_cast<size_t>(n);
    }
    // mkstemp makes the file 0600; outputs are documents meant to be shared. (Reading the
    // umask would need umask(), which is not thread-safe.)
    ::fchmod(fd, 0644);
    if (::fsync(fd) != 0) cleanup(std::strerror(errno));
    if (::close(fd) != 0) {
        ::unlink(templ.c_str());
        fail(target, std::strerror(errno));
    }
    if (::rename(templ.c_str(), target.c_str()) != 0) {
        int err = errno;
        ::unlink(templ.c_str());
        fail(target, std::strerror(err));
    }
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("Không đọc được tệp '" + path.string() + "'");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace vanban::pdf
