// What only a file can get wrong: missing, corrupt, foreign, write-protected. Each case checks
// the Vietnamese message and that the file was not changed.
#include <sys/stat.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "backends.hpp"
#include "registry/pg_connection.hpp"

using namespace vanban::registry;
using namespace vanban::registry::test;
using Code = RegistryError::Code;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

void spit(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

RegistryError open_error(const std::string& spec, OpenMode mode = OpenMode::ReadWrite) {
    try {
        open_registry(spec, mode);
    } catch (const RegistryError& e) {
        return e;
    }
    FAIL("expected a RegistryError");
    return RegistryError(Code::Backend, "");
}

}  // namespace

TEST_CASE("a corrupt file is reported and left as it was", "[sqlite]") {
    SqliteBackend b;
    std::string garbage(8192, '\0');
    for (std::size_t i = 0; i < garbage.size(); ++i) garbage[i] = static_cast<char>(i * 131 + 7);
    spit(b.spec(), garbage);
    auto e = open_error(b.spec());
    CHECK(e.code == Code::Corrupt);
    CHECK_THAT(e.what(), Catch::Contains(b.spec()) && Catch::Contains("không phải là sổ đăng ký"));
    CHECK(slurp(b.spec()) == garbage);
    CHECK_FALSE(std::filesystem::exists(b.spec() + "-wal"));
    CHECK(open_error(b.spec(), OpenMode::ReadOnly).code == Code::Corrupt);
}

TEST_CASE("a damaged registry (header kept, pages overwritten) is reported", "[sqlite]") {
    SqliteBackend b;
    {
        auto reg = b.open();
        for (int i = 0; i < 50; ++i) reg->reserve(letter("k" + std::to_string(i)));
    }
    // Fold the WAL into the file, then wreck everything after the 100-byte header.
    b.exec_raw("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;");
    std::string bytes = slurp(b.spec());
    REQUIRE(bytes.size() > 4096);
    for (std::size_t i = 100; i < bytes.size(); ++i) bytes[i] = static_cast<char>(0xA5);
    spit(b.spec(), bytes);
    auto e = open_error(b.spec());
    CHECK(e.code == Code::Corrupt);
    CHECK(slurp(b.spec()) == bytes);
}

TEST_CASE("a write-protected registry is refused for writing, readable for reading", "[sqlite]") {
    SqliteBackend b;
    b.open()->reserve(letter("a"));
    b.exec_raw("PRAGMA wal_checkpoint(TRUNCATE);");
    ::chmod(b.spec().c_str(), 0444);
    const std::string before = slurp(b.spec());
    auto e = open_error(b.spec());
    CHECK(e.code == Code::ReadOnly);
    CHECK_THAT(e.what(), Catch::Contains("chỉ đọc") && Catch::Contains(b.spec()));
    CHECK(slurp(b.spec()) == before);
    auto reg = b.open(OpenMode::ReadOnly);
    CHECK(reg->list().size() == 1);
    ::chmod(b.spec().c_str(), 0644);
}

TEST_CASE("reading a registry that does not exist creates nothing", "[sqlite]") {
    SqliteBackend b;
    auto e = open_error(b.spec(), OpenMode::ReadOnly);
    CHECK(e.code == Code::NotFound);
    CHECK_THAT(e.what(), Catch::Contains("Chưa có sổ đăng ký"));
    CHECK_FALSE(std::filesystem::exists(b.spec()));
}

TEST_CASE("an SQLite file of another program is not taken over", "[sqlite]") {
    SqliteBackend b;
    b.exec_raw("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');");
    const std::string before = slurp(b.spec());
    auto e = open_error(b.spec());
    CHECK(e.code == Code::Corrupt);
    CHECK_THAT(e.what(), Catch::Contains("không phải sổ đăng ký"));
    CHECK(slurp(b.spec()) == before);
}

TEST_CASE("a registry in a folder that does not exist is reported", "[sqlite]") {
    SqliteBackend b;
    auto e = open_error(b.dir() + "/no/such/folder/vanban.db");
    CHECK(e.code == Code::Backend);
    CHECK_THAT(e.what(), Catch::Contains("Không mở được sổ đăng ký"));
}

TEST_CASE("the default registry is vanban.db unless VANBAN_REGISTRY says otherwise", "[sqlite]") {
    ::unsetenv("VANBAN_REGISTRY");
    CHECK(default_registry_spec() == "vanban.db");
    ::setenv("VANBAN_REGISTRY", "/srv/so-van-ban.db", 1);
    CHECK(default_registry_spec() == "/srv/so-van-ban.db");
    ::unsetenv("VANBAN_REGISTRY");
}

TEST_CASE("an unreachable PostgreSQL server gives a clear message", "[pgdown]") {
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    auto e = open_error("postgresql://vanban:secret@127.0.0.1:1/vanban");
    CHECK(e.code == Code::Unreachable);
    CHECK_THAT(e.what(), Catch::Contains("Không kết nối được") && Catch::Contains("127.0.0.1:1") &&
                             Catch::Contains("vanban:***@"));
    CHECK_THAT(e.what(), !Catch::Contains("secret"));
}

TEST_CASE("passwords never appear in messages", "[pgdown]") {
    using vanban::registry::sql::redact_url;
    CHECK(redact_url("postgresql://vt:s3cr3t@db.example:5432/so") ==
          "postgresql://vt:***@db.example:5432/so");
    CHECK(redact_url("postgresql://vt@db/so?password=abc&sslmode=require") ==
          "postgresql://vt@db/so?password=***&sslmode=require");
    CHECK(redact_url("postgresql://db/so?sslmode=require&password=abc") ==
          "postgresql://db/so?sslmode=require&password=***");
    CHECK(redact_url("postgresql://vt@db:5432/so") == "postgresql://vt@db:5432/so");
    CHECK(redact_url("postgresql://db:5432/a@b") == "postgresql://db:5432/a@b");
}
