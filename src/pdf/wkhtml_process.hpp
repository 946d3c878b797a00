// One long-lived `wkhtmltopdf --read-args-from-stdin` child process.
//
// How completion is detected (measured on wkhtmltopdf 0.12.6, Debian 12): each stdin line is
// one conversion; without -q the process writes progress to stderr and ends a successful
// document with a line "Done". A document whose page fails to load makes the process exit
// (status 1) instead of reading the next line. With -q nothing at all is written, so -q is
// never used. Hence: "Done" = success, end of stderr = failure, neither before the deadline =
// hang (the process is then killed).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace vanban::pdf {

class WkhtmlProcess {
  public:
    enum class Outcome { done, exited, timed_out };
    struct RunResult {
        Outcome outcome = Outcome::exited;
        std::string messages;  // "Error:"/"Warning:" lines from wkhtmltopdf
    };

    // Spawns `program --read-args-from-stdin` with `env_overrides` ("NAME=value") added to the
    // environment. Throws std::runtime_error if the program cannot be started.
    WkhtmlProcess(const std::string& program, const std::vector<std::string>& env_overrides);
    ~WkhtmlProcess();
    WkhtmlProcess(const WkhtmlProcess&) = delete;
    WkhtmlProcess& operator=(const WkhtmlProcess&) = delete;

    pid_t pid() const { return pid_; }
    bool alive() const { return pid_ > 0; }

    // Sends one argument line and waits for its outcome. After `exited` or `timed_out` the
    // process is gone (killed and reaped); the object must be replaced.
    RunResult run(const std::string& args_line, std::chrono::milliseconds timeout);

    // Closes stdin so the process ends by itself; kills it if it has not within `grace`.
    void shutdown(std::chrono::milliseconds grace = std::chrono::milliseconds(2000));

  private:
    void kill_and_reap();

    pid_t pid_ = -1;
    int stdin_fd_ = -1;    // our end of a socketpair: send(MSG_NOSIGNAL) cannot raise SIGPIPE
    int stderr_fd_ = -1;   // read end of the child's stderr pipe
    std::string pending_;  // stderr bytes after the last complete line
};

}  // namespace vanban::pdf
