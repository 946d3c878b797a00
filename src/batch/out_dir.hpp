// The output folder of a run: checked writable before anything else, locked for the run, and
// cleared of the temporary files a killed run left behind.
#pragma once

#include <cstddef>
#include <filesystem>

namespace vanban::batch {

// Creates OUT_DIR and proves it writable with an atomic write; throws std::runtime_error
// (Vietnamese, naming the folder) otherwise.
void check_output_folder(const std::filesystem::path& out);

// Removes the ".NAME.tmpXXXXXX" files of atomic writes (pdf/atomic_file.cpp) that a killed run
// left under OUT_DIR; returns how many.
std::size_t remove_stale_temporaries(const std::filesystem::path& out);

// One run at a time per output folder: two runs would race on the manifest and on each other's
// temporary files. flock is released by the kernel when the process ends, even by kill -9.
class FolderLock {
  public:
    explicit FolderLock(const std::filesystem::path& out);
    ~FolderLock();
    FolderLock(const FolderLock&) = delete;
    FolderLock& operator=(const FolderLock&) = delete;

  private:
    int fd_ = -1;
};

}  // namespace vanban::batch
