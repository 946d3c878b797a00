#include "registry/sqlite_connection.hpp"

#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include <chrono>
#include <map>
#include <thread>

#include "vn/text.hpp"

namespace vanban::registry::sql {

namespace {

// Long enough that 8 processes numbering at full speed never see SQLITE_BUSY; a Transient is
// still thrown (and the transaction retried) if it ever runs out.
constexpr int kBusyTimeoutMs = 60000;

std::string folder_of(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

// Whether the file system holding `path` is mounted read-only.
bool on_read_only_fs(const std::string& path) {
    struct statvfs v {};
    return ::statvfs(path.c_str(), &v) == 0 && (v.f_flag & ST_RDONLY) != 0;
}

// An SQLite URI for a path: '%', '?' and '#' would otherwise be taken for URI syntax.
std::string uri_of(const std::string& path) {
    std::string u = "file:";
    for (char c : path) {
        if (c == '%' || c == '?' || c == '#') {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(c));
            u += buf;
        } else {
            u += c;
        }
    }
    return u + "?immutable=1";
}

// vn_lower(text): Vietnamese lower case for the register page's case-insensitive filters
// (SQLite's lower() only knows ASCII). Text that is not valid UTF-8 is returned unchanged.
extern "C" void vn_lower_sql(sqlite3_context* ctx, int, sqlite3_value** argv) {
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
    const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    const std::string_view in(p ? p : "", static_cast<std::size_t>(sqlite3_value_bytes(argv[0])));
    try {
        const std::string out = vn::lower(in);
        sqlite3_result_text(ctx, out.data(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
    } catch (const std::exception&) {
        sqlite3_result_text(ctx, in.data(), static_cast<int>(in.size()), SQLITE_TRANSIENT);
    }
}

class SqliteConnection final : public Connection {
  public:
    SqliteConnection(std::string path, OpenMode mode) : path_(std::move(path)), mode_(mode) {}
    ~SqliteConnection() override {
        for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
        if (db_) sqlite3_close_v2(db_);
    }

    void open() {
        struct stat st {};
        const bool exists = ::stat(path_.c_str(), &st) == 0;
        if (!exists && mode_ == OpenMode::ReadOnly)
            throw RegistryError(
                RegistryError::Code::NotFound,
                "Chưa có sổ đăng ký văn bản đi tại '" + path_ + "' (tệp không tồn tại).");
        if (exists && !S_ISREG(st.st_mode))
            throw RegistryError(RegistryError::Code::Corrupt,
                                "'" + path_ + "' không phải là một tệp sổ đăng ký (cần một tệp " +
                                    "SQLite, không phải thư mục hay thiết bị).");
        // A file with every write bit cleared was made read-only on purpose (an archived
        // year's register, say): refuse to write it even when running as root, who could.
        if (exists && mode_ == OpenMode::ReadWrite && (st.st_mode & 0222) == 0)
            throw read_only_error();
        // A registry on a read-only mount (an archive disk, a read-only bind mount) cannot be
        // numbered in, and SQLite itself would only say "unable to open database file".
        if (mode_ == OpenMode::ReadWrite && on_read_only_fs(exists ? path_ : folder_of(path_)))
            throw read_only_error();
        if (mode_ == OpenMode::ReadOnly) {
            try {
                open_handle(false);
            } catch (const RegistryError&) {
                // A registry in WAL mode needs its -shm file even to be read; on a read-only
                // mount or in a folder this user cannot write, nobody can change the file
                // meanwhile, so SQLite may read it as immutable (no locks, no -shm).
                if (!on_read_only_fs(path_) && ::access(folder_of(path_).c_str(), W_OK) == 0) throw;
                close_handle();
                open_handle(true);
            }
        } else {
            open_handle(false);
        }
        if (mode_ == OpenMode::ReadWrite) {
            if (sqlite3_db_readonly(db_, "main") == 1) throw read_only_error();
            // FULL: a committed number survives a power cut, not only a killed process.
            exec_script("PRAGMA synchronous=FULL");
        }
    }

    // WAL lets readers work while one process numbers. Switching writes the file header, so
    // it waits until the schema check has accepted the file as a registry.
    void schema_checked() override {
        if (mode_ != OpenMode::ReadWrite) return;
        auto mode = query("PRAGMA journal_mode", {});
        if (mode.empty() || !mode[0][0] || *mode[0][0] != "wal") set_wal();
    }

    Dialect dialect() const override { return Dialect::Sqlite; }
    void begin_write() override { exec_script("BEGIN IMMEDIATE"); }
    void begin_read() override { exec_script("BEGIN"); }
    void commit() override { exec_script("COMMIT"); }
    void rollback() noexcept override {
        if (db_ && !sqlite3_get_autocommit(db_))
            sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }

    Rows query(std::string_view sql, const std::vector<Value>& params) override {
        sqlite3_stmt* stmt = prepare(sql, params);
        Rows rows;
        for (;;) {
            int rc = sqlite3_step(stmt);
            if (rc == SQLITE_DONE) break;
            if (rc != SQLITE_ROW) {
                sqlite3_reset(stmt);
                fail(rc, sql);
            }
            Row row;
            const int n = sqlite3_column_count(stmt);
            row.reserve(n);
            for (int i = 0; i < n; ++i) {
                if (sqlite3_column_type(stmt, i) == SQLITE_NULL) {
                    row.emplace_back(std::nullopt);
                } else {
                    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
                    row.emplace_back(std::string(p, sqlite3_column_bytes(stmt, i)));
                }
            }
            rows.push_back(std::move(row));
        }
        sqlite3_reset(stmt);
        return rows;
    }

    long long exec(std::string_view sql, const std::vector<Value>& params) override {
        query(sql, params);
        return sqlite3_changes64(db_);
    }

    void exec_script(std::string_view sql) override {
        std::string s(sql);
        char* err = nullptr;
        int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
        if (err) sqlite3_free(err);
        if (rc != SQLITE_OK) fail(rc, sql);
    }

    bool table_exists(std::string_view name) override {
        return !query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $1",
                      {std::string(name)})
                    .empty();
    }

    std::string location() const override { return path_; }
    bool read_only() const override { return mode_ == OpenMode::ReadOnly; }

  private:
    void open_handle(bool immutable) {
        const int flags = mode_ == OpenMode::ReadOnly ? SQLITE_OPEN_READONLY
                                                      : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        const std::string name = immutable ? uri_of(path_) : path_;
        int rc =
            sqlite3_open_v2(name.c_str(), &db_, flags | (immutable ? SQLITE_OPEN_URI : 0), nullptr);
        if (rc != SQLITE_OK) {
            const int err = db_ ? sqlite3_system_errno(db_) : 0;
            if (err == ENOSPC || err == EDQUOT) throw full_error();
            if (err == EROFS || err == EACCES || err == EPERM) throw read_only_error();
            std::string detail = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
            throw RegistryError(RegistryError::Code::Backend,
                                "Không mở được sổ đăng ký '" + path_ + "': " + detail +
                                    " (cần một thư mục tồn tại và có quyền ghi).");
        }
        sqlite3_extended_result_codes(db_, 1);
        sqlite3_busy_timeout(db_, kBusyTimeoutMs);
        sqlite3_create_function_v2(db_, "vn_lower", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                                   vn_lower_sql, nullptr, nullptr, nullptr);
        // Reading the schema is the first access to the file: a file that is not a database
        // is reported here, before anything is written to it.
        query("SELECT count(*) FROM sqlite_master", {});
    }

    void close_handle() {
        for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
        cache_.clear();
        if (db_) sqlite3_close_v2(db_);
        db_ = nullptr;
    }

    RegistryError read_only_error() const {
        return RegistryError(RegistryError::Code::ReadOnly,
                             "Sổ đăng ký '" + path_ +
                                 "' là tệp chỉ đọc: không thể cấp hay hủy số. Cần quyền ghi " +
                                 "vào tệp và thư mục chứa nó (ổ đĩa không được gắn chỉ đọc).");
    }

    RegistryError full_error() const {
        return RegistryError(RegistryError::Code::Backend,
                             "Không ghi được sổ đăng ký '" + path_ +
                                 "': đĩa đầy (không còn chỗ trống). Sổ không bị thay đổi; hãy "
                                 "giải phóng chỗ trống rồi chạy lại.");
    }

    // Switching to WAL needs an exclusive lock, which the busy handler does not always wait
    // for: retry for as long as the busy timeout would.
    void set_wal() {
        const auto deadline =
            std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
        for (;;) {
            try {
                exec_script("PRAGMA journal_mode=WAL");
                return;
            } catch (const Transient&) {
                if (std::chrono::steady_clock::now() > deadline) throw;
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
        }
    }

    sqlite3_stmt* prepare(std::string_view sql, const std::vector<Value>& params) {
        std::string key(sql);
        sqlite3_stmt* stmt = nullptr;
        if (auto it = cache_.find(key); it != cache_.end()) {
            stmt = it->second;
        } else {
            int rc =
                sqlite3_prepare_v2(db_, key.c_str(), static_cast<int>(key.size()), &stmt, nullptr);
            if (rc != SQLITE_OK) fail(rc, sql);
            cache_.emplace(std::move(key), stmt);
        }
        sqlite3_clear_bindings(stmt);
        const int n = sqlite3_bind_parameter_count(stmt);
        for (int i = 1; i <= n; ++i) {
            const char* name = sqlite3_bind_parameter_name(stmt, i);
            // Every parameter is written $N; N is 1-based into params.
            const std::size_t at =
                name ? std::stoul(name + 1) - 1 : static_cast<std::size_t>(i - 1);
            if (at >= params.size())
                throw std::logic_error("missing SQL parameter in: " + std::string(sql));
            const Value& v = params[at];
            int rc = SQLITE_OK;
            if (std::holds_alternative<std::int64_t>(v)) {
                rc = sqlite3_bind_int64(stmt, i, std::get<std::int64_t>(v));
            } else if (std::holds_alternative<std::string>(v)) {
                const auto& s = std::get<std::string>(v);
                rc = sqlite3_bind_text(stmt, i, s.data(), static_cast<int>(s.size()),
                                       SQLITE_TRANSIENT);
            } else {
                rc = sqlite3_bind_null(stmt, i);
            }
            if (rc != SQLITE_OK) fail(rc, sql);
        }
        return stmt;
    }

    [[noreturn]] void fail(int rc, std::string_view sql) {
        const std::string detail = sqlite3_errmsg(db_);
        // What the operating system said, when SQLite's code is only "I/O error" or "unable to
        // open database file" (its -wal/-shm file on a full or read-only disk).
        const int err = sqlite3_system_errno(db_);
        if ((rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_CANTOPEN) {
            if (err == ENOSPC || err == EDQUOT) throw full_error();
            if (err == EROFS || err == EACCES || err == EPERM) throw read_only_error();
        }
        switch (rc & 0xff) {
            case SQLITE_BUSY:
            case SQLITE_LOCKED:
                throw Transient("SQLite busy: " + detail);
            case SQLITE_NOTADB:
            case SQLITE_CORRUPT:
                throw RegistryError(RegistryError::Code::Corrupt,
                                    "Tệp '" + path_ +
                                        "' không phải là sổ đăng ký văn bản đi hợp lệ (không đọc " +
                                        "được như cơ sở dữ liệu SQLite: " + detail +
                                        "). Tệp không bị thay đổi; hãy khôi phục từ bản sao lưu.");
            case SQLITE_READONLY:
            case SQLITE_PERM:
                throw read_only_error();
            case SQLITE_FULL:
                throw full_error();
            case SQLITE_CONSTRAINT:
                if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
                    throw UniqueViolation(detail);
                break;
            default:
                break;
        }
        throw RegistryError(RegistryError::Code::Backend,
                            "Lỗi SQLite ở sổ đăng ký '" + path_ + "': " + detail +
                                " (câu lệnh: " + std::string(sql.substr(0, 80)) + ")");
    }

    std::string path_;
    OpenMode mode_;
    sqlite3* db_ = nullptr;
    std::map<std::string, sqlite3_stmt*, std::less<>> cache_;
};

}  // namespace

std::unique_ptr<Connection> open_sqlite(const std::string& path, OpenMode mode) {
    auto c = std::make_unique<SqliteConnection>(path, mode);
    c->open();
    return c;
}

}  // namespace vanban::registry::sql
