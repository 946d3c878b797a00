// OUT_DIR/manifest.json: every output of the job with the hash of its inputs and of the file,
// so that a rerun rebuilds only what changed. Written atomically (temp + rename) in small
// batches while the job runs; a kill -9 loses at most the last batch, whose documents are then
// simply rebuilt (same numbers: the registry finds them by key).
#pragma once

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vanban::batch {

struct ManifestEntry {
    std::string kind, period, unit, key, so_ky_hieu;
    std::string input_hash, file_hash;
    bool ok = false;
    std::string error;  // Vietnamese reason of a failure
};

class Manifest {
  public:
    // Reads OUT_DIR/manifest.json when present; a damaged manifest is ignored (everything is
    // rebuilt) and `warning` says so.
    Manifest(std::filesystem::path out_dir, std::string job_id, std::string shard,
             std::string& warning);

    // The entry of a path relative to OUT_DIR ('/'-separated).
    std::optional<ManifestEntry> find(const std::string& path) const;
    void record(const std::string& path, ManifestEntry e);
    // Forgets a path (an output dropped from the job).
    void erase(const std::string& path);
    // Every path with its entry, in path order.
    std::vector<std::pair<std::string, ManifestEntry>> entries() const;
    // Writes the manifest atomically (thread-safe).
    void save() const;
    std::size_t size() const;

  private:
    std::filesystem::path file_;
    std::string job_id_, shard_;
    mutable std::mutex mu_;
    std::map<std::string, ManifestEntry> entries_;
};

// SHA-256 of a file's bytes, or "" when it cannot be read.
std::string file_sha256(const std::filesystem::path& p);

}  // namespace vanban::batch
