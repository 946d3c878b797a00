#include "registry/pg_connection.hpp"

#include <libpq-fe.h>

#include <cstdlib>
#include <cstring>

namespace vanban::registry::sql {

std::string redact_url(std::string_view url) {
    std::string s(url);
    // postgresql://user:secret@host/db -> postgresql://user:***@host/db
    if (const auto scheme = s.find("://"); scheme != std::string::npos) {
        const auto from = scheme + 3;
        const auto host_end = s.find_first_of("/?", from);
        const auto at = s.rfind('@', host_end == std::string::npos ? s.size() : host_end);
        if (at != std::string::npos && at >= from) {
            const auto colon = s.find(':', from);
            if (colon != std::string::npos && colon < at)
                s.replace(colon + 1, at - colon - 1, "***");
        }
    }
    // …?password=secret&… -> …?password=***&…
    for (std::size_t pos = 0; (pos = s.find("password=", pos)) != std::string::npos;) {
        pos += 9;
        if (pos < 10 || (s[pos - 10] != '?' && s[pos - 10] != '&')) continue;
        const auto stop = s.find('&', pos);
        s.replace(pos, (stop == std::string::npos ? s.size() : stop) - pos, "***");
    }
    return s;
}

namespace {

// libpq's messages span lines ("…failed: Connection refused\n\tIs the server running…"): one
// line reads better inside a sentence.
std::string trim(const std::string& s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        if (c == '\n' || c == '\t' || c == ' ') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

class PgConnection final : public Connection {
  public:
    PgConnection(std::string url, OpenMode mode)
        : url_(std::move(url)), shown_(redact_url(url_)), mode_(mode) {}
    ~PgConnection() override {
        if (conn_) PQfinish(conn_);
    }

    void open() {
        conn_ = PQconnectdb(url_.c_str());
        if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
            std::string detail =
                conn_ ? trim(PQerrorMessage(conn_)) : "không cấp phát được kết nối";
            throw RegistryError(RegistryError::Code::Unreachable,
                                "Không kết nối được tới sổ đăng ký PostgreSQL '" + shown_ +
                                    "': máy chủ không trả lời hoặc từ chối đăng nhập (" + detail +
                                    "). Kiểm tra địa chỉ, cổng, tên người dùng và mạng.");
        }
        // "relation already exists, skipping" and the like are not for clerks' eyes.
        PQsetNoticeProcessor(
            conn_, [](void*, const char*) {}, nullptr);
        exec_script("SET client_encoding = 'UTF8'");
        if (mode_ == OpenMode::ReadOnly) exec_script("SET default_transaction_read_only = on");
    }

    Dialect dialect() const override { return Dialect::Postgres; }
    void begin_write() override { exec_script("BEGIN"); }
    void begin_read() override { exec_script("BEGIN"); }
    void commit() override { exec_script("COMMIT"); }
    void rollback() noexcept override {
        if (conn_ && PQtransactionStatus(conn_) != PQTRANS_IDLE) PQclear(PQexec(conn_, "ROLLBACK"));
    }

    Rows query(std::string_view sql, const std::vector<Value>& params) override {
        Result r = run(sql, params);
        Rows rows;
        const int nrows = PQntuples(r.get());
        const int ncols = PQnfields(r.get());
        rows.reserve(nrows);
        for (int i = 0; i < nrows; ++i) {
            Row row;
            row.reserve(ncols);
            for (int j = 0; j < ncols; ++j) {
                if (PQgetisnull(r.get(), i, j))
                    row.emplace_back(std::nullopt);
                else
                    row.emplace_back(
                        std::string(PQgetvalue(r.get(), i, j), PQgetlength(r.get(), i, j)));
            }
            rows.push_back(std::move(row));
        }
        return rows;
    }

    long long exec(std::string_view sql, const std::vector<Value>& params) override {
        Result r = run(sql, params);
        const char* n = PQcmdTuples(r.get());
        return n && *n ? std::atoll(n) : 0;
    }

    void exec_script(std::string_view sql) override {
        std::string s(sql);
        Result r(PQexec(conn_, s.c_str()));
        check(r.get(), sql);
    }

    bool table_exists(std::string_view name) override {
        auto rows = query("SELECT to_regclass($1) IS NOT NULL", {std::string(name)});
        return !rows.empty() && rows[0][0] && *rows[0][0] == "t";
    }

    std::string location() const override { return shown_; }
    bool read_only() const override { return mode_ == OpenMode::ReadOnly; }

  private:
    Result run(std::string_view sql, const std::vector<Value>& params) {
        std::vector<std::string> text(params.size());
        std::vector<const char*> values(params.size(), nullptr);
        for (std::size_t i = 0; i < params.size(); ++i) {
            if (std::holds_alternative<std::int64_t>(params[i])) {
                text[i] = std::to_string(std::get<std::int64_t>(params[i]));
                values[i] = text[i].c_str();
            } else if (std::holds_alternative<std::string>(params[i])) {
                values[i] = std::get<std::string>(params[i]).c_str();
            }
        }
        std::string s(sql);
        Result r(PQexecParams(conn_, s.c_str(), static_cast<int>(params.size()), nullptr,
                              values.data(), nullptr, nullptr, 0));
        check(r.get(), sql);
        return r;
    }

    void check(PGresult* r, std::string_view sql) {
        const auto st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
        if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return;
        if (PQstatus(conn_) != CONNECTION_OK)
            throw RegistryError(RegistryError::Code::Unreachable,
                                "Mất kết nối tới sổ đăng ký PostgreSQL '" + shown_ +
                                    "': " + trim(PQerrorMessage(conn_)) +
                                    ". Giao dịch đang dở đã bị hủy, không có số nào bị ghi dở.");
        const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
        const std::string code = state ? state : "";
        const std::string detail = trim(r ? PQresultErrorMessage(r) : PQerrorMessage(conn_));
        if (code == "40001" || code == "40P01") throw Transient(detail);
        if (code == "23505") throw UniqueViolation(detail);
        if (code == "25006" || code == "42501")
            throw RegistryError(RegistryError::Code::ReadOnly,
                                "Không được ghi vào sổ đăng ký PostgreSQL '" + shown_ +
                                    "': " + detail + " (cần quyền ghi trên cơ sở dữ liệu).");
        throw RegistryError(RegistryError::Code::Backend,
                            "Lỗi PostgreSQL ở sổ đăng ký '" + shown_ + "': " + detail +
                                " (câu lệnh: " + std::string(sql.substr(0, 80)) + ")");
    }

    std::string url_, shown_;
    OpenMode mode_;
    PGconn* conn_ = nullptr;
};

}  // namespace

std::unique_ptr<Connection> open_postgres(const std::string& url, OpenMode mode) {
    auto c = std::make_unique<PgConnection>(url, mode);
    c->open();
    return c;
}

}  // namespace vanban::registry::sql
