// What the registry does when something goes wrong around it: a number given back by a run
// whose document could not be made (release), Số + ký hiệu kept unique across the ordinary
// series by the database itself, and on SQLite a full or read-only disk.
#include <sys/mount.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "backends.hpp"

using namespace vanban::registry;
using namespace vanban::registry::test;
using Code = RegistryError::Code;
namespace fs = std::filesystem;

BACKEND_TEST(release_gives_back, "a released reservation gives its number to the next letter") {
    auto reg = b.open();
    CHECK(reg->reserve(letter("a")).entry.number == 1);
    CHECK(reg->release("a"));
    CHECK_FALSE(reg->find_by_key("a"));
    CHECK(reg->reserve(letter("b")).entry.number == 1);  // not 2: nothing skipped
    // Not the last number any more: releasing it would leave a gap, so it stays reserved.
    CHECK(reg->reserve(letter("c")).entry.number == 2);
    CHECK_FALSE(reg->release("b"));
    CHECK(reg->find_by_key("b")->status == Status::Reserved);
    // An issued letter keeps its number.
    reg->commit("c", "/tmp/c.pdf");
    CHECK_FALSE(reg->release("c"));
    CHECK(reg->find_by_key("c")->status == Status::Issued);
    CHECK_FALSE(reg->release("khong-co"));
}

BACKEND_TEST(system_unique_by_constraint,
             "two ordinary series cannot hold one Số + ký hiệu, by the database's own index") {
    auto reg = b.open();
    CHECK(reg->reserve(letter("cv-1", "2024-03-01", "Công văn", "HC")).entry.so_ky_hieu ==
          "01/SYT-VP");
    // Bypassing reserve()'s check, as a second writer on another ordinary series would when it
    // cannot see the first one's uncommitted row.
    const std::string insert =
        "INSERT INTO registry_entries (agency, series, year, number, so_ky_hieu, doc_type, "
        "doc_date, status, letter_key, created_at) VALUES ('SYT', '%s', 2024, 1, '01/SYT-VP', "
        "'Công văn', '2024-03-01', 'reserved', '%s', '2024-03-01T00:00:00Z')";
    auto sql = [&](const char* series, const char* key) {
        char buf[512];
        std::snprintf(buf, sizeof buf, insert.c_str(), series, key);
        return std::string(buf);
    };
    CHECK_THROWS(b.exec_raw(sql("CV", "cv-2")));
    // The secret system is another numbering: the same Số + ký hiệu is legal there (Điều 15).
    CHECK_NOTHROW(b.exec_raw(sql("MAT", "mat-1")));
    CHECK_THROWS(b.exec_raw(sql("MAT-CV", "mat-2")));
}

namespace {

// A tmpfs mounted at a new folder, unmounted at the end; empty when mounting is not allowed.
struct Tmpfs {
    vanban::test::TempDir dir{"vanban-registry-tmpfs"};
    bool mounted = false;
    explicit Tmpfs(const std::string& options) {
        mounted = ::mount("tmpfs", dir.path.c_str(), "tmpfs", 0, options.c_str()) == 0;
    }
    bool remount(const std::string& options) {
        return ::mount("tmpfs", dir.path.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY,
                       options.c_str()) == 0;
    }
    ~Tmpfs() {
        if (mounted) ::umount2(dir.path.c_str(), MNT_DETACH);
    }
};

}  // namespace

TEST_CASE("sqlite: a registry on a read-only mount can be listed, not numbered in", "[sqlite]") {
    Tmpfs t("size=4m");
    if (!t.mounted) {
        WARN("tmpfs cannot be mounted here (needs root): test skipped");
        return;
    }
    const std::string path = (t.dir.path / "so.db").string();
    {
        auto reg = open_registry(path);
        reg->reserve(letter("a"));
        reg->commit("a", "/tmp/a.pdf");
    }  // closed: WAL checkpointed, -wal and -shm removed
    REQUIRE(t.remount("size=4m"));
    {
        auto ro = open_registry(path, OpenMode::ReadOnly);
        const auto entries = ro->list();
        REQUIRE(entries.size() == 1);
        CHECK(entries[0].so_ky_hieu == "01/SYT-VP");
    }
    try {
        open_registry(path)->reserve(letter("b"));
        FAIL("numbering on a read-only mount must fail");
    } catch (const RegistryError& e) {
        CHECK(e.code == Code::ReadOnly);
        CHECK_THAT(e.what(), Catch::Contains("chỉ đọc"));
    }
    // A new registry cannot be created there either, with the same message.
    try {
        open_registry((t.dir.path / "moi.db").string());
        FAIL("creating a registry on a read-only mount must fail");
    } catch (const RegistryError& e) {
        CHECK_THAT(e.what(), Catch::Contains("chỉ đọc"));
    }
    CHECK_FALSE(fs::exists(t.dir.path / "moi.db"));
}

TEST_CASE("sqlite: a registry on a full disk says so and leaves no empty file", "[sqlite]") {
    Tmpfs t("size=64k");
    if (!t.mounted) {
        WARN("tmpfs cannot be mounted here (needs root): test skipped");
        return;
    }
    {
        // Fill the disk: write until it refuses.
        std::ofstream fill(t.dir.path / "day", std::ios::binary);
        const std::string block(4096, 'x');
        for (int i = 0; i < 64 && fill; ++i) fill << block << std::flush;
    }
    const std::string path = (t.dir.path / "so.db").string();
    try {
        open_registry(path)->reserve(letter("a"));
        FAIL("a registry on a full disk must fail");
    } catch (const RegistryError& e) {
        CHECK_THAT(e.what(), Catch::Contains("đĩa đầy"));
    }
    CHECK_FALSE(fs::exists(path));
    CHECK_FALSE(fs::exists(path + "-journal"));
    CHECK_FALSE(fs::exists(path + "-wal"));
}
