#include "backends.hpp"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace vanban::registry::test {

SqliteBackend::SqliteBackend() : dir_(tmp_.path.string()), path_(dir_ + "/vanban.db") {}

void SqliteBackend::exec_raw(const std::string& sql) {
    sqlite3* db = nullptr;
    if (sqlite3_open(path_.c_str(), &db) != SQLITE_OK) throw std::runtime_error("sqlite3_open");
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    std::string msg = err ? err : "";
    sqlite3_free(err);
    sqlite3_close(db);
    if (rc != SQLITE_OK) throw std::runtime_error("sqlite: " + msg);
}

std::string pg_base_url() {
    const char* file = std::getenv("VANBAN_TEST_PG_URL_FILE");
    if (!file || !*file)
        throw std::runtime_error(
            "VANBAN_TEST_PG_URL_FILE is not set: run the PostgreSQL tests through ctest, whose "
            "fixture starts the test server");
    std::ifstream in(file);
    std::string url;
    if (!std::getline(in, url) || url.empty())
        throw std::runtime_error(std::string("no test server URL in ") + file);
    return url;
}

void pg_exec(const std::string& url, const std::string& sql) {
    PGconn* c = PQconnectdb(url.c_str());
    if (PQstatus(c) != CONNECTION_OK) {
        std::string msg = PQerrorMessage(c);
        PQfinish(c);
        throw std::runtime_error("cannot connect to " + url + ": " + msg);
    }
    PQsetNoticeProcessor(
        c, [](void*, const char*) {}, nullptr);
    PGresult* r = PQexec(c, sql.c_str());
    const auto st = PQresultStatus(r);
    std::string msg = PQresultErrorMessage(r);
    PQclear(r);
    PQfinish(c);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) throw std::runtime_error("pg: " + msg);
}

PgBackend::PgBackend() : base_(pg_base_url()) {
    static std::atomic<int> counter{0};
    db_ = "t_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    pg_exec(base_ + "/postgres", "DROP DATABASE IF EXISTS " + db_);
    pg_exec(base_ + "/postgres", "CREATE DATABASE " + db_);
}

PgBackend::~PgBackend() {
    try {
        pg_exec(base_ + "/postgres", "DROP DATABASE IF EXISTS " + db_ + " WITH (FORCE)");
    } catch (...) {
    }
}

void PgBackend::exec_raw(const std::string& sql) {
    pg_exec(spec(), sql);
}

LetterInfo letter(const std::string& key, const std::string& date, const std::string& type,
                  const std::string& series) {
    LetterInfo l;
    l.key = key;
    l.content_hash = "hash-" + key;
    l.agency = "SYT";
    l.unit = "VP";
    l.doc_type = type;
    l.series = series;
    l.date = Date::parse_iso(date).value();
    l.trich_yeu = "V/v báo cáo kết quả cải cách hành chính";
    l.signer = "Nguyễn Văn An";
    l.recipients = "UBND tỉnh\nSở Nội vụ";
    l.luu = "VT, VP";
    l.copies = 3;
    l.created_by = "test@host";
    return l;
}

}  // namespace vanban::registry::test
