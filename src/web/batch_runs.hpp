// Chạy cả năm from the web: the yearly batch (src/batch, the code of `vanban batch`) on a job
// file stored in DATA/jobs/, run in a background thread with live progress. One run at a time
// per agency (the agency whose letters the job numbers); a run is cancelled at a document
// boundary when asked or when the server stops (nothing half written: the batch writes every
// file atomically and commits each letter after its file). Outputs go to a folder the server
// names (DATA/batch/<job>), so a rerun of the same job only remakes what changed (manifest),
// with the same numbers (the registry finds them by key). The list of runs is kept in
// DATA/batch/runs.json (written atomically at each start and end), so it survives a restart; a
// run the server did not see end (killed) is listed as interrupted.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace vanban::web {

// A job file of DATA/jobs, as the batch page lists it.
struct StoredJob {
    std::string id;  // the job's "id": what the page sends back, never a path
    int year = 0;
    std::string agency;  // the agency whose letters it numbers (org id); "" when none
    std::string agency_name;
    std::filesystem::path file;
    std::string error;  // Vietnamese: why it cannot run (bad job file)
};

struct BatchRun {
    int id = 0;
    std::string job_id, agency, agency_name, started_by;
    int year = 0;
    std::string status = "running";  // running, done, cancelled, failed, interrupted
    std::size_t done = 0, total = 0;
    double seconds = 0;  // elapsed (running) or the whole run
    std::int64_t started_at = 0;
    std::string error;               // failed: the message
    std::size_t failures = 0;        // documents that failed
    std::vector<std::string> notes;  // the summary's notices and warnings
    std::filesystem::path out_dir;
};

// One output of a run, from its manifest (in path order; `index` is what the download URL
// names).
struct BatchFile {
    std::size_t index = 0;
    std::string path, kind, period, unit, so_ky_hieu;
    bool ok = false;
    std::string error;
};

struct BatchRefused : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class BatchRuns {
  public:
    struct Config {
        std::filesystem::path data_dir, templates;
        std::string registry;  // the web's registry: the batch numbers into the same book
        unsigned pdf_workers = 2;
        // Called from the run's thread when it ends (audit).
        std::function<void(const BatchRun&)> on_end;
    };
    explicit BatchRuns(Config c);
    ~BatchRuns();  // stop_all()

    // The jobs of DATA/jobs/*.json, by id.
    std::vector<StoredJob> jobs() const;
    // Starts the job with this id. Throws BatchRefused (Vietnamese) when there is no such job,
    // it does not load, or a run of its agency is still going.
    BatchRun start(const std::string& job_id, const std::string& user);
    // Asks a running run to stop at the next document boundary; false when it is not running.
    bool cancel(int id);
    // Cancels every run and waits for their threads (the server is stopping).
    void stop_all();

    std::optional<BatchRun> get(int id) const;
    std::vector<BatchRun> runs() const;  // newest first
    std::vector<BatchFile> files(int id) const;
    // The file of a run's manifest entry `index`, when it was made; else empty.
    std::filesystem::path file(int id, std::size_t index) const;

  private:
    struct Slot {
        BatchRun run;
        std::atomic<bool> cancel{false};
        std::thread thread;
        std::chrono::steady_clock::time_point t0;
    };
    void work(Slot& s, std::filesystem::path job_file);
    void load();         // DATA/batch/runs.json, at construction
    void save_locked();  // with mu_ held
    std::filesystem::path list_file() const { return c_.data_dir / "batch" / "runs.json"; }
    Config c_;
    mutable std::mutex mu_;
    std::map<int, std::unique_ptr<Slot>> slots_;
    int next_id_ = 1;
};

}  // namespace vanban::web
