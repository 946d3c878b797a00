// A private temporary folder removed at the end of a test (kept with VANBAN_TEST_KEEP=1).
#pragma once

#include <stdlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

namespace vanban::pdf::test {

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        std::string t = (std::filesystem::temp_directory_path() / "vanban-test-XXXXXX").string();
        REQUIRE(::mkdtemp(t.data()) != nullptr);
        path = t;
    }
    // VANBAN_TEST_KEEP=1 keeps the folder so its PDFs can be looked at.
    ~TempDir() {
        if (::getenv("VANBAN_TEST_KEEP") == nullptr) std::filesystem::remove_all(path);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

}  // namespace vanban::pdf::test
