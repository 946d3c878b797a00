#pragma once
// A private folder for one request's temporary files (page images of a preview, the stored year
// with an upload in its quarter's place), removed with everything in it when the request is done,
// on an exception too, so no request leaves files behind in the data folder.

#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

#include "web/security.hpp"

namespace vanban::web {

class ScratchDir {
  public:
    // PARENT/PREFIX followed by random hex: the name comes from the server, never from the user.
    ScratchDir(const std::filesystem::path& parent, std::string_view prefix)
        : path_(parent / (std::string(prefix) + random_hex(8))) {
        std::filesystem::create_directories(path_);
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

}  // namespace vanban::web
