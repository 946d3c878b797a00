// A pool of long-lived wkhtmltopdf processes converting HTML strings into PDF files.
//
// Each worker is one `wkhtmltopdf --read-args-from-stdin` process converting many documents
// (no per-document start-up, no 200 ms JavaScript delay). A document gets a deadline; a worker
// that crashes or hangs is killed and replaced and the document is tried once more; a document
// that fails twice raises ConversionError with a Vietnamese message. convert() may be called
// from many threads at once; it blocks until a worker is free. Used by the letters command and
// the batch runner.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "pdf/page_setup.hpp"

namespace vanban::pdf {

struct PdfJob {
    std::string html;  // a complete document starting with base_css() in its <style>
    PageSetup page;
    std::filesystem::path output;  // convert(): written atomically, nothing left on failure
    std::string name;              // how messages name the document (e.g. the letter's id)
    // false: no page background (wkhtmltopdf paints every page white), so the PDF can be
    // overlaid on another page without hiding it (page-number stamps).
    bool background = true;
};

struct PoolOptions {
    unsigned workers = 2;
    std::chrono::milliseconds timeout{30000};  // per document and attempt
    std::string program = "wkhtmltopdf";       // tests substitute a stub
    // Defaults to <source>/fonts/fonts.conf (VANBAN_FONTS_CONF at build time).
    std::filesystem::path fonts_conf;
    // Folders the documents may read (images, CSS). Nothing else on disk is readable.
    std::vector<std::filesystem::path> asset_dirs;
    // Only for tests that need a hanging document; letters never run JavaScript.
    bool enable_javascript = false;
};

class ConversionError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct PoolStats {
    unsigned long documents = 0;  // converted successfully
    unsigned long retries = 0;    // second attempts
    unsigned long restarts = 0;   // workers replaced after a crash or hang
    unsigned long failures = 0;   // documents that failed twice
};

class WkhtmlPool {
  public:
    explicit WkhtmlPool(PoolOptions options = {});
    ~WkhtmlPool();  // ends every worker; no zombie processes remain
    WkhtmlPool(const WkhtmlPool&) = delete;
    WkhtmlPool& operator=(const WkhtmlPool&) = delete;

    // Converts one document into job.output; throws ConversionError (and leaves no output
    // file) on failure.
    void convert(const PdfJob& job);
    // Converts one document and returns the PDF's bytes (job.output is not used): the letter
    // pipeline hands them straight to finish() without a file in between.
    std::string render(const PdfJob& job);

    // Converts all jobs using every worker; returns one message per job, empty on success.
    std::vector<std::string> convert_all(const std::vector<PdfJob>& jobs);

    PoolStats stats() const;
    // The current worker processes (for tests and diagnostics); -1 for a worker not started.
    std::vector<pid_t> worker_pids() const;
    // How many attempts have been handed to a worker so far (lets tests act mid-document).
    unsigned long attempts_started() const { return attempts_started_.load(); }
    const std::filesystem::path& work_dir() const { return work_dir_; }

  private:
    struct Worker;
    std::string attempt(Worker& worker, const PdfJob& job, const std::filesystem::path& html,
                        const std::filesystem::path& pdf, std::string& bytes);
    Worker& acquire();
    void release(Worker& worker);
    std::vector<std::string> env() const;

    PoolOptions options_;
    // Private mkdtemp folder "vanban-pdf-<pid>-XXXXXX": HTML, raw PDFs, font cache. Removed by
    // the destructor, or after a kill by the next pool (see remove_stale_work_dirs).
    std::filesystem::path work_dir_;
    int proxy_fd_ = -1;  // the bound, never listening socket behind --proxy
    int proxy_port_ = 0;
    std::vector<std::unique_ptr<Worker>> workers_;
    mutable std::mutex mutex_;
    std::condition_variable free_cv_;
    std::vector<Worker*> free_;
    PoolStats stats_;
    std::atomic<unsigned long> attempts_started_{0};
    std::atomic<unsigned long> next_id_{0};
};

}  // namespace vanban::pdf
