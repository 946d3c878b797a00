// Writing outputs so that a failed run leaves nothing behind: temporary file beside the
// target, then rename.
//
// The temporary file is named ".NAME.<pid>.tmpXXXXXX" (NAME the target's file name, <pid> the
// writing process, XXXXXX from mkstemp). A process killed between creating it and the rename
// (kill -9, power cut of the process, OOM killer) cannot remove it itself, so the next writer
// does: the first time a process writes into a folder it removes the temporaries there whose
// writer no longer exists (kill(pid, 0) fails with ESRCH). See atomic_file.cpp for why that
// rule, and not an age, is safe with several writers.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace vanban::pdf {

// Why a write failed, in Vietnamese, from an errno value: "đĩa đầy" for ENOSPC/EDQUOT, "chỉ đọc"
// for EROFS/EACCES/EPERM, else the system's own text after "lỗi hệ thống". Every command's
// write errors go through it, so that a full or read-only disk reads the same everywhere.
std::string describe_errno(int err);

// Writes `bytes` to `target` atomically. Throws std::runtime_error (Vietnamese message naming
// the file) on failure; the target is then untouched and no temporary file remains.
// `mode` is the file's permissions before the process's umask: 0666 (with umask 022, 0644) for
// documents meant to be shared, 0600 for a secret (mật) letter, whatever the umask.
void write_file_atomically(const std::filesystem::path& target, std::string_view bytes,
                           unsigned mode = 0666);

// The process's umask, read without changing it (/proc/self/status; umask() itself would
// briefly change it for every thread).
unsigned current_umask();

// Checks that `target` can be written (its folder exists and takes a new file) by creating and
// removing a temporary file beside it. Throws as write_file_atomically does. A full disk may
// still refuse the bytes later; callers that take a dispatch number undo it then.
void check_writable(const std::filesystem::path& target);

// Reads a whole file; throws std::runtime_error naming the file.
std::string read_file(const std::filesystem::path& path);

// The temporary file of one atomic write, for writers that produce the bytes themselves
// (write()) or hand the path to a library that writes by name (close(), then the library, then
// commit(); see xlsx::Workbook). Destroyed without commit(), it removes the temporary file.
// Not thread-safe itself; any number of TempFiles may exist at once, also for one target.
class TempFile {
  public:
    // Removes stale temporaries in the target's folder (once per process and folder), then
    // creates ".NAME.<pid>.tmpXXXXXX" there with `mode` less the umask (see
    // write_file_atomically). Throws std::runtime_error naming the target.
    explicit TempFile(std::filesystem::path target, unsigned mode = 0666);
    ~TempFile();
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    const std::filesystem::path& target() const { return target_; }
    const std::string& path() const { return path_; }

    // Appends `bytes`. Throws naming the target (the temporary file is removed then).
    void write(std::string_view bytes);
    // Closes the descriptor, after fsync when `sync`. Throws naming the target.
    void close(bool sync = true);
    // Closes (with fsync) if still open and renames the temporary file onto the target. Throws
    // naming the target; the temporary file is removed then and the target left untouched.
    void commit();

  private:
    [[noreturn]] void abandon(const std::string& why);

    std::filesystem::path target_;
    std::string path_;
    int fd_ = -1;
    bool committed_ = false;
};

// The writer's pid when `filename` (a name, not a path) is the temporary file of an atomic
// write (".NAME.<pid>.tmpXXXXXX"), otherwise nothing.
std::optional<pid_t> temporary_owner(std::string_view filename);

// Removes the temporary files in `dir` (not below it) whose writer process no longer exists;
// returns how many. Temporaries of live processes, this one included, are kept.
std::size_t remove_stale_temporaries(const std::filesystem::path& dir);

}  // namespace vanban::pdf
