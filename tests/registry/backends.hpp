// Fresh, empty registries for the tests, one per test case, on both backends: a file in a new
// temporary folder for SQLite; a new database on the test server for PostgreSQL (the server is
// started by the CTest fixture `registry_pg`, which writes its URL to $VANBAN_TEST_PG_URL_FILE).
#pragma once

#include <memory>
#include <string>

#include "../common/temp_dir.hpp"
#include "registry/registry.hpp"

namespace vanban::registry::test {

class Backend {
  public:
    virtual ~Backend() = default;
    virtual std::string name() const = 0;
    virtual std::string spec() const = 0;
    // Runs SQL straight on the database, bypassing the registry (to build old/new/odd files).
    virtual void exec_raw(const std::string& sql) = 0;
    std::unique_ptr<Registry> open(OpenMode m = OpenMode::ReadWrite) const {
        return open_registry(spec(), m);
    }
};

class SqliteBackend final : public Backend {
  public:
    SqliteBackend();
    std::string name() const override { return "sqlite"; }
    std::string spec() const override { return path_; }
    void exec_raw(const std::string& sql) override;
    const std::string& dir() const { return dir_; }

  private:
    vanban::test::TempDir tmp_{"vanban-registry-test"};
    std::string dir_, path_;
};

class PgBackend final : public Backend {
  public:
    PgBackend();
    ~PgBackend() override;
    std::string name() const override { return "postgresql"; }
    std::string spec() const override { return base_ + "/" + db_; }
    void exec_raw(const std::string& sql) override;

  private:
    std::string base_, db_;
};

// The test server's URL without a database ("postgresql://vanban@127.0.0.1:PORT").
std::string pg_base_url();
// Runs SQL on the given database of the test server; throws with the server's message.
void pg_exec(const std::string& url, const std::string& sql);

// A letter with everything filled in; tests change what they need.
LetterInfo letter(const std::string& key, const std::string& date = "2024-03-01",
                  const std::string& type = "Công văn", const std::string& series = "HC");

}  // namespace vanban::registry::test

// One test body run against both backends: a test case for SQLite ([sqlite]) and one for
// PostgreSQL ([pg], which needs the CTest fixture's server).
#define BACKEND_TEST(fn, title)                           \
    static void fn(::vanban::registry::test::Backend& b); \
    TEST_CASE("sqlite: " title, "[sqlite]") {             \
        ::vanban::registry::test::SqliteBackend b;        \
        fn(b);                                            \
    }                                                     \
    TEST_CASE("postgresql: " title, "[pg]") {             \
        ::vanban::registry::test::PgBackend b;            \
        fn(b);                                            \
    }                                                     \
    static void fn(::vanban::registry::test::Backend& b)
