// Progress of a batch on stderr: on a terminal one line redrawn in place (bar, done/total,
// documents per second, time left); otherwise one plain log line per document, so that a log
// file stays readable.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <ostream>
#include <string>

namespace vanban::batch {

class Progress {
  public:
    Progress(std::ostream* out, bool tty, std::size_t total);
    // One document finished (ok or failed); `what` names it (its path).
    void done(const std::string& what, bool ok, bool skipped);
    // Clears the bar line (before the summary is printed).
    void finish();
    // Also reports each document to `listener` (done, total), under the same lock.
    void set_listener(std::function<void(std::size_t, std::size_t)> listener) {
        listener_ = std::move(listener);
    }

    // "1:05" / "12 giây": used by the bar and the summary.
    static std::string duration_vi(double seconds);

  private:
    std::ostream* out_;
    bool tty_;
    std::size_t total_, done_ = 0;
    std::chrono::steady_clock::time_point start_, last_draw_;
    std::mutex mu_;
    std::function<void(std::size_t, std::size_t)> listener_;
};

}  // namespace vanban::batch
