// The web store's tests run on both of its backends: a file in a new temporary folder (SQLite),
// and a new database on the test PostgreSQL server that the CTest fixture `registry_pg` starts
// (the registry's tests' server; its URL is in $VANBAN_TEST_PG_URL_FILE).
#pragma once

#include <catch2/catch.hpp>

#include <string>

#include "../common/temp_dir.hpp"
#include "../registry/backends.hpp"

// One test body, given the store's spec (a path or a postgresql:// URL), as two test cases:
// "sqlite: TITLE" ([sqlite]) and "postgresql: TITLE" ([pg], which needs the fixture).
#define STORE_TEST(fn, title)                         \
    static void fn(const std::string& spec);          \
    TEST_CASE("sqlite: " title, "[web][sqlite]") {    \
        ::vanban::test::TempDir dir("web-store");     \
        fn((dir.path / "web.db").string());           \
    }                                                 \
    TEST_CASE("postgresql: " title, "[web][pg]") {    \
        ::vanban::registry::test::PgBackend database; \
        fn(database.spec());                          \
    }                                                 \
    static void fn(const std::string& spec)
