#include "pdf/wkhtml_pool.hpp"

#include <arpa/inet.h>
#include <malloc.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string_view>
#include <thread>

#include "pdf/atomic_file.hpp"
#include "pdf/wkhtml_process.hpp"

#ifndef VANBAN_FONTS_CONF
#define VANBAN_FONTS_CONF "fonts/fonts.conf"
#endif

namespace vanban::pdf {

namespace fs = std::filesystem;

struct WkhtmlPool::Worker {
    std::unique_ptr<WkhtmlProcess> process;
    std::atomic<pid_t> pid{-1};  // readable by worker_pids() while the worker is busy
    bool started = false;        // a later start is a restart

    void stop() {
        process.reset();
        pid = -1;
    }
};

namespace {

// wkhtmltopdf splits a stdin line on white space and treats quotes and backslashes
// specially: paths we pass must contain none of them.
void require_plain_path(const fs::path& p, const char* what) {
    for (char c : p.string()) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\'' || c == '\\') {
            throw ConversionError(std::string("Đường dẫn ") + what + " '" + p.string() +
                                  "' không được chứa dấu cách, dấu nháy hay dấu '\\' "
                                  "(wkhtmltopdf đọc tham số theo dòng)");
        }
    }
}

std::string mm(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2fmm", v);
    return buf;
}

constexpr std::string_view kWorkPrefix = "vanban-pdf-";

// The pid in a work folder's name "vanban-pdf-<pid>-XXXXXX", if it has one.
std::optional<pid_t> work_dir_owner(std::string_view name) {
    if (!name.starts_with(kWorkPrefix)) return {};
    name.remove_prefix(kWorkPrefix.size());
    const std::size_t dash = name.find('-');
    if (dash == std::string_view::npos || dash == 0 || dash > 10 || name.size() - dash != 7)
        return {};
    long long pid = 0;
    for (char c : name.substr(0, dash)) {
        if (c < '0' || c > '9') return {};
        pid = pid * 10 + (c - '0');
    }
    if (pid < 1 || pid > 0x7fffffff) return {};
    return static_cast<pid_t>(pid);
}

// A process killed while it converted (kill -9, the OOM killer) leaves its work folder, with the
// letters' HTML and PDF in it. The folder's name carries its owner's pid, and the next pool
// removes the folders of owners that no longer exist (kill(pid, 0) fails with ESRCH), as
// atomic_file.cpp does for temporary files (see there why the pid and not an age). Only this
// user's own folders, never through a link.
std::size_t remove_stale_work_dirs(const fs::path& tmp) {
    std::size_t removed = 0;
    std::error_code ec;
    for (auto it = fs::directory_iterator(tmp, ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
        const auto owner = work_dir_owner(it->path().filename().string());
        if (!owner) continue;
        struct stat st {};
        if (::lstat(it->path().c_str(), &st) != 0 || !S_ISDIR(st.st_mode) ||
            st.st_uid != ::geteuid())
            continue;
        if (::kill(*owner, 0) == 0 || errno != ESRCH) continue;
        std::error_code rm;
        fs::remove_all(it->path(), rm);
        removed += !rm;
    }
    return removed;
}

// A TCP port on 127.0.0.1 that refuses every connection for as long as `fd` stays open: bound,
// never listening. wkhtmltopdf's --proxy points there, so any http://, https:// or ftp:// URL a
// template names fails to load instead of reaching the network (Qt sends even 127.0.0.1 through
// the proxy); local files are limited by --disable-local-file-access --allow.
int closed_port(int& fd) {
    fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return 0;
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
        ::close(fd);
        fd = -1;
        return 0;
    }
    return ntohs(a.sin_port);
}

// glibc returns freed memory at the top of a thread's heap to the kernel (madvise) as soon as
// more than 128 KiB is free, and serves blocks over 128 KiB with their own mmap/munmap. Each
// return is a TLB shootdown across every core, which a virtual machine pays as an interrupt
// per CPU: profiled on the letter path (perf, bench/README.md), it was 12 % of all CPU time,
// because every letter allocates and frees its HTML, PDF and qpdf buffers (100-500 KiB). A
// process that converts documents in bulk keeps its freed memory instead (it is reused by the
// next document at once), up to 64 MiB; its peak memory does not change.
constexpr int kTrimThreshold = 64 << 20;
constexpr int kMmapThreshold = 32 << 20;  // glibc's largest (half of a 64 MiB heap)

void keep_freed_memory() {
    static std::once_flag once;
    std::call_once(once, [] {
        ::mallopt(M_TRIM_THRESHOLD, kTrimThreshold);
        ::mallopt(M_MMAP_THRESHOLD, kMmapThreshold);
    });
}

bool looks_like_pdf(const std::string& bytes) {
    return bytes.size() > 64 && bytes.compare(0, 5, "%PDF-") == 0 &&
           bytes.find("%%EOF", bytes.size() - 64) != std::string::npos;
}

}  // namespace

WkhtmlPool::WkhtmlPool(PoolOptions options) : options_(std::move(options)) {
    keep_freed_memory();
    if (options_.workers == 0) options_.workers = 1;
    if (options_.fonts_conf.empty()) options_.fonts_conf = VANBAN_FONTS_CONF;
    if (!fs::is_regular_file(options_.fonts_conf))
        throw ConversionError("Không tìm thấy tệp cấu hình phông chữ '" +
                              options_.fonts_conf.string() + "' (cần fonts/fonts.conf)");
    for (auto& dir : options_.asset_dirs) {
        dir = fs::absolute(dir);
        require_plain_path(dir, "thư mục tài nguyên");
        if (!fs::is_directory(dir))
            throw ConversionError("Thư mục tài nguyên '" + dir.string() + "' không tồn tại");
    }

    const char* tmp = std::getenv("TMPDIR");
    const fs::path tmp_dir = tmp != nullptr && *tmp ? tmp : "/tmp";
    remove_stale_work_dirs(tmp_dir);
    std::string templ =
        (tmp_dir / (std::string(kWorkPrefix) + std::to_string(::getpid()) + "-XXXXXX")).string();
    require_plain_path(templ, "thư mục tạm");
    if (::mkdtemp(templ.data()) == nullptr)
        throw ConversionError("Không tạo được thư mục tạm cho wkhtmltopdf trong '" +
                              fs::path(templ).parent_path().string() + "'");
    work_dir_ = templ;
    fs::create_directory(work_dir_ / "cache");
    fs::create_directory(work_dir_ / "runtime");
    ::chmod((work_dir_ / "runtime").c_str(), 0700);  // Qt insists on a private runtime dir

    proxy_port_ = closed_port(proxy_fd_);
    if (proxy_port_ == 0) {
        std::error_code ec;
        fs::remove_all(work_dir_, ec);
        throw ConversionError("Không tạo được cổng chặn mạng cho wkhtmltopdf: " +
                              describe_errno(errno));
    }

    for (unsigned i = 0; i < options_.workers; ++i) {
        workers_.push_back(std::make_unique<Worker>());
        free_.push_back(workers_.back().get());
    }
}

WkhtmlPool::~WkhtmlPool() {
    for (auto& w : workers_) w->stop();  // closes stdin, waits, kills if needed
    std::error_code ec;
    fs::remove_all(work_dir_, ec);
    if (proxy_fd_ >= 0) ::close(proxy_fd_);
}

std::vector<std::string> WkhtmlPool::env() const {
    // QT_HASH_SEED=0: Qt's randomised hashing otherwise changes the font subset tags from run to
    // run when a document uses several font styles, and the PDF would not be byte-identical.
    // GLIBC_TUNABLES: the same allocator setting as keep_freed_memory() in each worker.
    return {"QT_HASH_SEED=0", "FONTCONFIG_FILE=" + fs::absolute(options_.fonts_conf).string(),
            "GLIBC_TUNABLES=glibc.malloc.trim_threshold=" + std::to_string(kTrimThreshold) +
                ":glibc.malloc.mmap_threshold=" + std::to_string(kMmapThreshold),
            "XDG_CACHE_HOME=" + (work_dir_ / "cache").string(),
            "XDG_RUNTIME_DIR=" + (work_dir_ / "runtime").string()};
}

WkhtmlPool::Worker& WkhtmlPool::acquire() {
    std::unique_lock lock(mutex_);
    free_cv_.wait(lock, [&] { return !free_.empty(); });
    Worker* w = free_.back();
    free_.pop_back();
    return *w;
}

void WkhtmlPool::release(Worker& worker) {
    {
        std::lock_guard lock(mutex_);
        free_.push_back(&worker);
    }
    free_cv_.notify_one();
}

// One attempt on one worker. Returns an empty string on success, else why it failed.
std::string WkhtmlPool::attempt(Worker& worker, const PdfJob& job, const fs::path& html,
                                const fs::path& pdf, std::string& bytes) {
    if (!worker.process || !worker.process->alive()) {
        bool restarting = worker.started;
        worker.started = true;
        try {
            worker.process = std::make_unique<WkhtmlProcess>(options_.program, env());
            worker.pid = worker.process->pid();
        } catch (const std::exception& e) {
            worker.stop();
            return e.what();
        }
        if (restarting) {
            std::lock_guard lock(mutex_);
            ++stats_.restarts;
        }
    }

    const Margins& m = job.page.margins;
    std::string line = "--encoding utf-8 --javascript-delay 0 ";
    line += options_.enable_javascript ? "--enable-javascript --no-stop-slow-scripts "
                                       : "--disable-javascript ";
    if (!job.background) line += "--no-background ";
    line += "--page-size A4 --orientation ";
    line += job.page.orientation == Orientation::portrait ? "Portrait" : "Landscape";
    // Margins are only applied when all four are given.
    line += " -T " + mm(m.top_mm) + " -R " + mm(m.right_mm) + " -B " + mm(m.bottom_mm) + " -L " +
            mm(m.left_mm);
    line += " --proxy http://127.0.0.1:" + std::to_string(proxy_port_);
    line += " --disable-local-file-access --allow " + work_dir_.string();
    for (const auto& dir : options_.asset_dirs) line += " --allow " + dir.string();
    line += " " + html.string() + " " + pdf.string();

    ++attempts_started_;
    auto r = worker.process->run(line, options_.timeout);
    switch (r.outcome) {
        case WkhtmlProcess::Outcome::timed_out:
            worker.stop();
            return "wkhtmltopdf không xong sau " + std::to_string(options_.timeout.count()) +
                   " ms nên đã bị dừng";
        case WkhtmlProcess::Outcome::exited:
            worker.stop();
            return "tiến trình wkhtmltopdf dừng bất thường" +
                   (r.messages.empty() ? std::string() : " (" + r.messages + ")");
        case WkhtmlProcess::Outcome::done:
            break;
    }
    if (r.messages.find("Blocked access") != std::string::npos)
        return "tài liệu đọc tệp nằm ngoài các thư mục được phép (" + r.messages + ")";
    if (r.messages.find("Failed to load http") != std::string::npos ||
        r.messages.find("Failed to load ftp") != std::string::npos)
        return "tài liệu đọc tệp nằm ngoài các thư mục được phép: vanban không tải gì qua mạng, "
               "mẫu chỉ được dùng tệp trong thư mục của nó (" +
               r.messages + ")";
    try {
        bytes = read_file(pdf);
    } catch (const std::exception&) {
        bytes.clear();
    }
    if (!looks_like_pdf(bytes)) return "wkhtmltopdf không tạo ra tệp PDF hợp lệ";
    return {};
}

void WkhtmlPool::convert(const PdfJob& job) {
    std::string bytes = render(job);
    try {
        write_file_atomically(job.output, bytes);
    } catch (const std::exception& e) {
        throw ConversionError(e.what());
    }
}

std::string WkhtmlPool::render(const PdfJob& job) {
    const std::string id = std::to_string(next_id_++);
    const fs::path html = work_dir_ / ("doc-" + id + ".html");
    const fs::path pdf = work_dir_ / ("doc-" + id + ".pdf");
    const std::string name = !job.name.empty()     ? job.name
                             : !job.output.empty() ? job.output.string()
                                                   : "(không tên)";
    {
        std::ofstream out(html, std::ios::binary);
        out << job.html;
        if (!out)
            throw ConversionError("Không ghi được tệp HTML tạm '" + html.string() +
                                  "' cho tài liệu '" + name + "'");
    }

    // A document that reads a forbidden file fails the same way every time: no second try.
    static const std::string kForbidden = "tài liệu đọc tệp";
    std::vector<std::string> reasons;
    std::string bytes;
    bool ok = false;
    Worker& worker = acquire();
    try {
        for (int i = 0; i < 2 && !ok; ++i) {
            if (i == 1) {
                if (reasons.back().rfind(kForbidden, 0) == 0) break;
                std::lock_guard lock(mutex_);
                ++stats_.retries;
            }
            std::error_code ec;
            fs::remove(pdf, ec);
            std::string why = attempt(worker, job, html, pdf, bytes);
            if (why.empty()) {
                ok = true;
            } else {
                reasons.push_back(std::move(why));
            }
        }
    } catch (...) {
        release(worker);
        std::error_code ec;
        fs::remove(html, ec);
        fs::remove(pdf, ec);
        throw;
    }
    release(worker);
    std::error_code ec;
    fs::remove(html, ec);
    fs::remove(pdf, ec);

    std::lock_guard lock(mutex_);
    if (ok) {
        ++stats_.documents;
        return bytes;
    }
    ++stats_.failures;
    std::string msg = "Không chuyển được tài liệu '" + name + "' sang PDF";
    if (!job.output.empty()) msg += " '" + job.output.string() + "'";
    if (reasons.size() == 2) {
        msg += " sau 2 lần thử: lần 1: " + reasons[0] + "; lần 2: " + reasons[1];
    } else {
        msg += ": " + reasons[0];
    }
    throw ConversionError(msg);
}

std::vector<std::string> WkhtmlPool::convert_all(const std::vector<PdfJob>& jobs) {
    std::vector<std::string> errors(jobs.size());
    std::atomic<size_t> next{0};
    auto run = [&] {
        for (size_t i = next++; i < jobs.size(); i = next++) {
            try {
                convert(jobs[i]);
            } catch (const std::exception& e) {
                errors[i] = e.what();
            }
        }
    };
    std::vector<std::thread> threads;
    size_t n = std::min<size_t>(workers_.size(), jobs.size());
    for (size_t i = 0; i < n; ++i) threads.emplace_back(run);
    for (auto& t : threads) t.join();
    return errors;
}

PoolStats WkhtmlPool::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

std::vector<pid_t> WkhtmlPool::worker_pids() const {
    std::vector<pid_t> pids;
    for (const auto& w : workers_) pids.push_back(w->pid.load());
    return pids;
}

}  // namespace vanban::pdf
