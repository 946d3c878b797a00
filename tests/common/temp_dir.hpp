// A private temporary folder for one test, removed at its end (kept with VANBAN_TEST_KEEP=1, so
// that its outputs can be looked at). The one copy for the Catch2 suites: tests/pdf (through
// tests/pdf/temp_dir.hpp), tests/xlsx.
#pragma once

#include <stdlib.h>

#include <catch2/catch.hpp>
#include <cstddef>
#include <filesystem>
#include <iterator>
#include <string>
#include <string_view>

namespace vanban::test {

struct TempDir {
    std::filesystem::path path;

    // A new folder "<prefix>-XXXXXX" in the system's temporary folder ($TMPDIR).
    explicit TempDir(std::string_view prefix = "vanban-test") {
        std::string t =
            (std::filesystem::temp_directory_path() / (std::string(prefix) + "-XXXXXX")).string();
        REQUIRE(::mkdtemp(t.data()) != nullptr);
        path = t;
    }
    ~TempDir() {
        if (::getenv("VANBAN_TEST_KEEP") == nullptr) {
            std::error_code ec;  // never throw from a destructor
            std::filesystem::remove_all(path, ec);
        }
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    // How many entries the folder holds (hidden temporary files included).
    std::size_t entries() const {
        return static_cast<std::size_t>(
            std::distance(std::filesystem::directory_iterator(path), {}));
    }
};

}  // namespace vanban::test
