// Writing outputs so that a failed run leaves nothing behind: temporary file beside the
// target, then rename.
#pragma once

#include <filesystem>
#include <string_view>

namespace vanban::pdf {

// Writes `bytes` to `target` atomically. Throws std::runtime_error (Vietnamese message naming
// the file) on failure; the target is then untouched and no temporary file remains.
void write_file_atomically(const std::filesystem::path& target, std::string_view bytes);

// Reads a whole file; throws std::runtime_error naming the file.
std::string read_file(const std::filesystem::path& path);

}  // namespace vanban::pdf
