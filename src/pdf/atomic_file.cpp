#include "pdf/atomic_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <climits>
#include <cstring>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace vanban::pdf {

namespace fs = std::filesystem;

// Cleaning up after killed writers.
//
// Why the writer's pid and not an age: a write may legitimately take long (a large workbook, a
// slow disk), so any age limit either deletes a live writer's file or keeps dead ones for a long
// time. The pid says exactly whether the writer can still rename its file:
//  * kill(pid, 0) failing with ESRCH means no such process: nobody will ever rename that file,
//    so removing it is safe. Any other outcome (success, EPERM for another user's process) keeps
//    the file.
//  * Pid reuse: if the dead writer's pid now belongs to an unrelated process, the file is kept
//    until that process ends too. Reuse only delays the cleanup; it never removes a file that a
//    live writer still needs.
//  * Two processes writing the same target: each has its own temporary (own pid, own mkstemp
//    suffix) and each renames its own; the last rename wins, whole. Neither removes the other's
//    file, since both are alive. Threads of one process share the pid and so are never removed
//    by their own process.
//  * Limits: pids are only meaningful within one pid namespace on one machine. A folder written
//    at the same time from another container or another host over NFS could see a live writer
//    taken for dead; vanban's outputs are not shared that way (the registry is what processes
//    share, and it lives in SQLite or PostgreSQL).
// The sweep runs once per process and folder, on the first write there: a batch writing
// thousands of files into one folder lists it once, not once per file. Files a writer leaves
// while this process runs are removed by the next process.
//
// The name keeps the ".tmpXXXXXX" ending of the earlier ".NAME.tmpXXXXXX" so that tools that
// match temporaries by that ending (batch's sweep of its output folder, tests) still do.

namespace {

constexpr std::string_view kTmp = ".tmp";
constexpr std::size_t kSuffix = 6;  // mkstemp's XXXXXX

[[noreturn]] void fail(const fs::path& path, const std::string& what) {
    throw std::runtime_error("Không ghi được tệp '" + path.string() + "': " + what);
}

fs::path folder_of(const fs::path& target) {
    return target.parent_path().empty() ? fs::path(".") : target.parent_path();
}

// Once per process and folder (see above). Folders are told apart by their spelling: two
// spellings of one folder only cost a second sweep.
void sweep_once(const fs::path& dir) {
    static std::mutex mutex;
    static std::set<std::string> swept;
    {
        std::lock_guard lock(mutex);
        if (!swept.insert(dir.lexically_normal().string()).second) return;
    }
    remove_stale_temporaries(dir);
}

}  // namespace

std::string describe_errno(int err) {
    switch (err) {
        case ENOSPC:
        case EDQUOT:
            return "đĩa đầy (không còn chỗ trống để ghi)";
        case EROFS:
            return "ổ đĩa chỉ đọc (không ghi được)";
        case EACCES:
        case EPERM:
            return "thư mục chỉ đọc với người dùng này (không có quyền ghi)";
        case ENOENT:
            return "thư mục không tồn tại";
        case ENOTDIR:
            return "một phần của đường dẫn không phải là thư mục";
        case EISDIR:
            return "đã có một thư mục cùng tên";
        case EIO:
            return "lỗi vào/ra của đĩa";
        default:
            return std::string("lỗi hệ thống: ") + std::strerror(err);
    }
}

std::optional<pid_t> temporary_owner(std::string_view name) {
    // ".NAME.<pid>.tmpXXXXXX": strip the ending, then the pid is after the last '.'.
    if (name.size() < 1 + 1 + 2 + kTmp.size() + kSuffix || name.front() != '.') return {};
    const std::size_t tmp = name.size() - kSuffix - kTmp.size();
    if (name.substr(tmp, kTmp.size()) != kTmp) return {};
    for (char c : name.substr(tmp + kTmp.size()))
        if (!std::isalnum(static_cast<unsigned char>(c))) return {};
    const std::string_view head = name.substr(0, tmp);  // ".NAME.<pid>"
    const std::size_t dot = head.rfind('.');
    // NAME is not empty: the separating '.' is at 2 or later.
    if (dot == std::string_view::npos || dot < 2 || dot + 1 == head.size()) return {};
    const std::string_view digits = head.substr(dot + 1);
    if (digits.size() > 10 || digits.front() == '0') return {};
    long long pid = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') return {};
        pid = pid * 10 + (c - '0');
    }
    // Never 0 or negative: kill(0, …) and kill(-1, …) address process groups, not a process.
    if (pid < 1 || pid > INT_MAX) return {};
    return static_cast<pid_t>(pid);
}

std::size_t remove_stale_temporaries(const fs::path& dir) {
    std::vector<fs::path> stale;
    std::error_code ec;
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
        const std::string name = it->path().filename().string();
        const auto owner = temporary_owner(name);
        if (!owner) continue;
        // Only regular files: never follow a link or touch a folder that happens to match.
        std::error_code type_ec;
        if (it->symlink_status(type_ec).type() != fs::file_type::regular) continue;
        if (::kill(*owner, 0) != 0 && errno == ESRCH) stale.push_back(it->path());
    }
    std::size_t removed = 0;
    // Another process may sweep the same folder at once: a file already gone is fine.
    for (const auto& p : stale) removed += ::unlink(p.c_str()) == 0;
    return removed;
}

unsigned current_umask() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.starts_with("Umask:")) {
            try {
                return static_cast<unsigned>(std::stoul(line.substr(6), nullptr, 8)) & 0777;
            } catch (const std::exception&) {
                break;
            }
        }
    // No /proc (a chroot, say): the conservative choice, group and others may not write.
    return 022;
}

TempFile::TempFile(fs::path target, unsigned mode) : target_(std::move(target)) {
    const fs::path dir = folder_of(target_);
    sweep_once(dir);
    // Appended piece by piece: `"." + name + …` trips GCC 12's false -Wrestrict at -O3 (GCC
    // bug 105651).
    std::string name(1, '.');
    name += target_.filename().string();
    name += '.';
    name += std::to_string(::getpid());
    name += ".tmpXXXXXX";
    path_ = (dir / name).string();
    fd_ = ::mkstemp(path_.data());
    if (fd_ < 0) {
        const int err = errno;
        path_.clear();
        fail(target_, describe_errno(err));
    }
    // mkstemp makes the file 0600; a document gets what open(…, mode) would have given it:
    // the caller's mode less the umask (0600 stays 0600 for a secret letter).
    if (::fchmod(fd_, static_cast<mode_t>(mode & 0777 & ~current_umask())) != 0)
        abandon(describe_errno(errno));
}

TempFile::~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_ && !path_.empty()) ::unlink(path_.c_str());
}

void TempFile::abandon(const std::string& why) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    if (!path_.empty()) ::unlink(path_.c_str());
    path_.clear();
    fail(target_, why);
}

void TempFile::write(std::string_view bytes) {
    if (fd_ < 0) fail(target_, "tệp tạm đã đóng");
    const char* p = bytes.data();
    std::size_t left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(fd_, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            abandon(describe_errno(errno));
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

void TempFile::close(bool sync) {
    if (fd_ < 0) return;
    if (sync && ::fsync(fd_) != 0) abandon(describe_errno(errno));
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) abandon(describe_errno(errno));
}

void TempFile::commit() {
    if (path_.empty() || committed_) fail(target_, "tệp tạm không còn");
    close(true);
    if (::rename(path_.c_str(), target_.c_str()) != 0) abandon(describe_errno(errno));
    committed_ = true;
}

void write_file_atomically(const fs::path& target, std::string_view bytes, unsigned mode) {
    TempFile temp(target, mode);
    temp.write(bytes);
    temp.commit();
}

void check_writable(const fs::path& target) {
    TempFile probe(target);  // removed by its destructor
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("Không đọc được tệp '" + path.string() + "'");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace vanban::pdf
