#include "batch/progress.hpp"

#include <cstdio>

#include "vn/format.hpp"

namespace vanban::batch {

using clock_type = std::chrono::steady_clock;

Progress::Progress(std::ostream* out, bool tty, std::size_t total)
    : out_(out), tty_(tty), total_(total), start_(clock_type::now()), last_draw_() {}

std::string Progress::duration_vi(double seconds) {
    if (seconds < 0) seconds = 0;
    const long s = static_cast<long>(seconds + 0.5);
    char buf[32];
    if (s < 60) {
        std::snprintf(buf, sizeof buf, "%ld giây", s);
    } else {
        std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
    }
    return buf;
}

void Progress::done(const std::string& what, bool ok, bool skipped) {
    std::lock_guard lock(mu_);
    ++done_;
    if (listener_) listener_(done_, total_);
    if (!out_) return;
    const auto now = clock_type::now();
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double rate = elapsed > 0 ? static_cast<double>(done_) / elapsed : 0;
    if (!tty_) {
        *out_ << '[' << done_ << '/' << total_ << "] "
              << (ok ? (skipped ? "giữ nguyên " : "") : "LỖI ") << what << '\n';
        return;
    }
    // Redraw at most ten times a second, and always for the last document.
    if (done_ != total_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    constexpr int kWidth = 30;
    const int filled = total_ ? static_cast<int>(kWidth * done_ / total_) : kWidth;
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(kWidth, '.');
    const double left = rate > 0 ? static_cast<double>(total_ - done_) / rate : 0;
    *out_ << "\r[" << bar << "] " << done_ << '/' << total_ << "  " << vn::number(rate, 1)
          << " văn bản/giây  còn " << duration_vi(left) << "   " << std::flush;
}

void Progress::finish() {
    std::lock_guard lock(mu_);
    if (out_ && tty_) *out_ << '\n';
}

}  // namespace vanban::batch
