// A real second process stopped in the middle of something (an atomic write between creating
// its temporary file and renaming it): the child runs `start`, tells the parent it got there,
// then waits until the parent kills it with SIGKILL, as kill -9 or the OOM killer would.
// fork() from a Catch2 test: each test case runs in its own process under CTest, and no other
// thread is running when a test forks.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <functional>

namespace vanban::test {

class PausedChild {
  public:
    explicit PausedChild(const std::function<void()>& start) {
        int ready[2];
        REQUIRE(::pipe(ready) == 0);
        pid_ = ::fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            ::close(ready[0]);
            try {
                start();
                (void)!::write(ready[1], "x", 1);
                for (;;) ::pause();
            } catch (...) {
            }
            ::_exit(2);  // never back into Catch2 in the child
        }
        ::close(ready[1]);
        char c = 0;
        const bool got_there = ::read(ready[0], &c, 1) == 1;
        ::close(ready[0]);
        if (!got_there) kill();
        REQUIRE(got_there);  // `start` threw in the child
    }
    ~PausedChild() { kill(); }
    PausedChild(const PausedChild&) = delete;
    PausedChild& operator=(const PausedChild&) = delete;

    // The child's pid, also after kill() (the pid its files are named after).
    pid_t pid() const { return pid_; }

    // SIGKILL, then reaps the child so that its pid no longer exists (ESRCH).
    void kill() {
        if (pid_ <= 0 || reaped_) return;
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
        reaped_ = true;
    }

  private:
    pid_t pid_ = -1;
    bool reaped_ = false;
};

}  // namespace vanban::test
