#include "batch/out_dir.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <string>
#include <vector>

#include "pdf/atomic_file.hpp"

namespace vanban::batch {

namespace fs = std::filesystem;

void check_output_folder(const fs::path& out) {
    std::error_code ec;
    fs::create_directories(out, ec);
    if (ec || !fs::is_directory(out))
        throw std::runtime_error("thư mục kết quả " + out.string() + ": không tạo được (" +
                                 (ec ? pdf::describe_errno(ec.value()) : "không phải thư mục") +
                                 ")");
    const fs::path probe = out / ".vanban-kiem-tra-ghi";
    try {
        pdf::write_file_atomically(probe, "ok");
    } catch (const std::exception& e) {
        throw std::runtime_error("thư mục kết quả " + out.string() +
                                 ": không ghi được (cần quyền ghi): " + e.what());
    }
    fs::remove(probe, ec);
}

// OUT_DIR belongs to this job (one per shard), so the next run removes them; the documents
// themselves are made again.
std::size_t remove_stale_temporaries(const fs::path& out) {
    std::size_t n = 0;
    std::error_code ec;
    std::vector<fs::path> stale;
    for (auto it = fs::recursive_directory_iterator(out, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
        const std::string name = it->path().filename().string();
        const auto tmp = name.rfind(".tmp");
        if (name.starts_with(".") && tmp != std::string::npos && name.size() - tmp == 10 &&
            it->is_regular_file())
            stale.push_back(it->path());
    }
    for (const auto& p : stale) n += fs::remove(p, ec);
    return n;
}

FolderLock::FolderLock(const fs::path& out) {
    const fs::path p = out / ".vanban-batch.lock";
    fd_ = ::open(p.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0)
        throw std::runtime_error("thư mục kết quả " + out.string() + ": không tạo được " +
                                 p.filename().string() + " (" + pdf::describe_errno(errno) + ")");
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd_);
        throw std::runtime_error("thư mục kết quả " + out.string() +
                                 " đang được một lần chạy vanban batch khác sử dụng; chờ lần "
                                 "chạy đó xong (mỗi phần --shard cần thư mục riêng)");
    }
}

FolderLock::~FolderLock() {
    ::close(fd_);
}

}  // namespace vanban::batch
