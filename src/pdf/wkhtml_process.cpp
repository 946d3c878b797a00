#include "pdf/wkhtml_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace vanban::pdf {

namespace {

using Clock = std::chrono::steady_clock;

std::string trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return {};
    size_t e = s.find_last_not_of(" \t");
    return s.substr(b, e - b + 1);
}

}  // namespace

WkhtmlProcess::WkhtmlProcess(const std::string& program,
                             const std::vector<std::string>& env_overrides) {
    // Every descriptor is close-on-exec so that workers started concurrently never inherit
    // each other's pipes (a leaked write end would hide a crashed worker's end of stderr).
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
        throw std::runtime_error(std::string("Không tạo được kênh tới wkhtmltopdf: ") +
                                 std::strerror(errno));
    int err_pipe[2];
    if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
        ::close(sv[0]);
        ::close(sv[1]);
        throw std::runtime_error(std::string("Không tạo được kênh tới wkhtmltopdf: ") +
                                 std::strerror(errno));
    }

    std::vector<std::string> env_strings;
    for (char** e = environ; *e != nullptr; ++e) {
        std::string entry(*e);
        bool overridden = false;
        for (const auto& o : env_overrides) {
            auto eq = o.find('=');
            if (entry.compare(0, eq + 1, o, 0, eq + 1) == 0) overridden = true;
        }
        if (!overridden) env_strings.push_back(std::move(entry));
    }
    env_strings.insert(env_strings.end(), env_overrides.begin(), env_overrides.end());
    std::vector<char*> envp;
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);

    std::string arg0 = program;
    std::string arg1 = "--read-args-from-stdin";
    char* argv[] = {arg0.data(), arg1.data(), nullptr};

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, sv[1], 0);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    // The child gets default signal dispositions even if the caller ignores SIGPIPE etc.
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t all;
    sigfillset(&all);
    posix_spawnattr_setsigdefault(&attr, &all);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

    int rc = ::posix_spawnp(&pid_, program.c_str(), &actions, &attr, argv, envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    ::close(sv[1]);
    ::close(err_pipe[1]);
    if (rc != 0) {
        ::close(sv[0]);
        ::close(err_pipe[0]);
        pid_ = -1;
        throw std::runtime_error("Không chạy được '" + program + "': " + std::strerror(rc));
    }
    stdin_fd_ = sv[0];
    stderr_fd_ = err_pipe[0];
}

WkhtmlProcess::~WkhtmlProcess() {
    shutdown(std::chrono::milliseconds(2000));
}

WkhtmlProcess::RunResult WkhtmlProcess::run(const std::string& args_line,
                                            std::chrono::milliseconds timeout) {
    RunResult result;
    if (!alive()) return result;
    const auto deadline = Clock::now() + timeout;

    std::string line = args_line + "\n";
    size_t sent = 0;
    while (sent < line.size()) {
        ssize_t n = ::send(stdin_fd_, line.data() + sent, line.size() - sent, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) continue;
            // The process is gone (EPIPE): report it as exited.
            kill_and_reap();
            return result;
        }
        sent += static_cast<size_t>(n);
    }

    char buf[4096];
    for (;;) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) {
            kill_and_reap();
            result.outcome = Outcome::timed_out;
            return result;
        }
        pollfd pfd{stderr_fd_, POLLIN, 0};
        int pr = ::poll(&pfd, 1, static_cast<int>(left.count()));
        if (pr < 0) {
            if (errno == EINTR) continue;
            kill_and_reap();
            return result;
        }
        if (pr == 0) continue;  // deadline check at the top of the loop
        ssize_t n = ::read(stderr_fd_, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {  // end of stderr: the process exited or crashed
            kill_and_reap();
            result.outcome = Outcome::exited;
            return result;
        }
        pending_.append(buf, static_cast<size_t>(n));
        // Progress bars end with '\r', messages with '\n': look at complete pieces only.
        size_t start = 0;
        for (size_t i = 0; i < pending_.size(); ++i) {
            if (pending_[i] != '\n' && pending_[i] != '\r') continue;
            std::string piece = trim(pending_.substr(start, i - start));
            start = i + 1;
            if (piece == "Done") {
                pending_.erase(0, start);
                result.outcome = Outcome::done;
                return result;
            }
            if (piece.rfind("Error:", 0) == 0 || piece.rfind("Warning:", 0) == 0) {
                // Qt reports its own about:blank for every document; it means nothing.
                if (piece.find("about:blank") != std::string::npos) continue;
                if (!result.messages.empty()) result.messages += "; ";
                result.messages += piece;
            }
        }
        pending_.erase(0, start);
    }
}

void WkhtmlProcess::kill_and_reap() {
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
        }
        pid_ = -1;
    }
    if (stdin_fd_ >= 0) ::close(stdin_fd_);
    if (stderr_fd_ >= 0) ::close(stderr_fd_);
    stdin_fd_ = stderr_fd_ = -1;
}

void WkhtmlProcess::shutdown(std::chrono::milliseconds grace) {
    if (pid_ <= 0) {
        kill_and_reap();
        return;
    }
    ::close(stdin_fd_);  // wkhtmltopdf leaves its read loop at end of input
    stdin_fd_ = -1;
    const auto deadline = Clock::now() + grace;
    while (Clock::now() < deadline) {
        pid_t r = ::waitpid(pid_, nullptr, WNOHANG);
        if (r == pid_ || (r < 0 && errno != EINTR)) {
            pid_ = -1;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    kill_and_reap();
}

}  // namespace vanban::pdf
