#include "web/store.hpp"

#include <sqlite3.h>

#include <ctime>
#include <functional>

#include "web/security.hpp"

namespace vanban::web {

namespace {

// One prepared statement; binds by position, steps, finalises.
class Stmt {
  public:
    Stmt(sqlite3* db, const char* sql) : db_(db) {
        if (sqlite3_prepare_v2(db, sql, -1, &st_, nullptr) != SQLITE_OK)
            throw StoreError(std::string("lỗi cơ sở dữ liệu web: ") + sqlite3_errmsg(db));
    }
    ~Stmt() { sqlite3_finalize(st_); }
    Stmt& bind(int i, const std::string& v) {
        sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Stmt& bind(int i, std::int64_t v) {
        sqlite3_bind_int64(st_, i, v);
        return *this;
    }
    // True while a row is available.
    bool step() {
        int rc = sqlite3_step(st_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        if (rc == SQLITE_CONSTRAINT) throw StoreError("trùng dữ liệu: " + errmsg());
        throw StoreError("lỗi cơ sở dữ liệu web: " + errmsg());
    }
    std::string text(int c) const {
        auto p = sqlite3_column_text(st_, c);
        return p ? std::string(reinterpret_cast<const char*>(p),
                               static_cast<std::size_t>(sqlite3_column_bytes(st_, c)))
                 : std::string();
    }
    std::int64_t integer(int c) const { return sqlite3_column_int64(st_, c); }

  private:
    std::string errmsg() const { return sqlite3_errmsg(db_); }
    sqlite3* db_;
    sqlite3_stmt* st_ = nullptr;
};

constexpr const char* kSchema = R"(
PRAGMA journal_mode=WAL;
PRAGMA synchronous=FULL;
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users(
  id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, full_name TEXT NOT NULL DEFAULT '',
  roles TEXT NOT NULL, pw_hash TEXT NOT NULL, must_change INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions(
  token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL, csrf TEXT NOT NULL,
  created INTEGER NOT NULL, last_seen INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS drafts(
  id INTEGER PRIMARY KEY, owner INTEGER NOT NULL, status TEXT NOT NULL, letter TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT '', so_ky_hieu TEXT NOT NULL DEFAULT '',
  reg_agency TEXT NOT NULL DEFAULT '', reg_series TEXT NOT NULL DEFAULT '',
  reg_year INTEGER NOT NULL DEFAULT 0, file TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS draft_history(
  id INTEGER PRIMARY KEY, draft_id INTEGER NOT NULL, at TEXT NOT NULL, user TEXT NOT NULL,
  action TEXT NOT NULL, comment TEXT NOT NULL, content_hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit(
  id INTEGER PRIMARY KEY, at TEXT NOT NULL, user TEXT NOT NULL, address TEXT NOT NULL,
  action TEXT NOT NULL, object TEXT NOT NULL, hash_before TEXT NOT NULL,
  hash_after TEXT NOT NULL, detail TEXT NOT NULL);
)";

User read_user(const Stmt& s) {
    User u;
    u.id = s.integer(0);
    u.name = s.text(1);
    u.full_name = s.text(2);
    u.roles = parse_roles(s.text(3)).value_or(0);
    u.password_hash = s.text(4);
    u.must_change = s.integer(5) != 0;
    u.disabled = s.integer(6) != 0;
    return u;
}
constexpr const char* kUserCols = "id,name,full_name,roles,pw_hash,must_change,disabled";

Draft read_draft(const Stmt& s) {
    Draft d;
    d.id = s.integer(0);
    d.owner = s.integer(1);
    d.status = s.text(2);
    d.letter = s.text(3);
    d.comment = s.text(4);
    d.so_ky_hieu = s.text(5);
    d.reg_agency = s.text(6);
    d.reg_series = s.text(7);
    d.reg_year = static_cast<int>(s.integer(8));
    d.file = s.text(9);
    d.created_at = s.text(10);
    d.updated_at = s.text(11);
    d.owner_name = s.text(12);
    return d;
}
constexpr const char* kDraftCols =
    "d.id,d.owner,d.status,d.letter,d.comment,d.so_ky_hieu,d.reg_agency,d.reg_series,d.reg_year,"
    "d.file,d.created_at,d.updated_at,COALESCE(u.name,'')";

std::string placeholders(std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += i ? ",?" : "?";
    return out;
}

}  // namespace

std::string now_text() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    return buf;
}

Store::Store(const std::filesystem::path& file) {
    if (sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
        std::string msg = db_ ? sqlite3_errmsg(db_) : "không đủ bộ nhớ";
        sqlite3_close(db_);
        throw StoreError(file.string() + ": không mở được cơ sở dữ liệu web: " + msg);
    }
    sqlite3_busy_timeout(db_, 10000);
    try {
        exec(kSchema);
    } catch (...) {
        sqlite3_close(db_);
        throw;
    }
}

Store::~Store() {
    sqlite3_close(db_);
}

void Store::exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : "?";
        sqlite3_free(err);
        throw StoreError("lỗi cơ sở dữ liệu web: " + msg);
    }
}

std::string Store::instance_id() {
    std::lock_guard lock(mutex_);
    {
        Stmt s(db_, "SELECT value FROM meta WHERE key='instance'");
        if (s.step()) return s.text(0);
    }
    Stmt ins(db_, "INSERT OR IGNORE INTO meta(key,value) VALUES('instance',?)");
    ins.bind(1, random_hex(4)).step();
    Stmt s(db_, "SELECT value FROM meta WHERE key='instance'");
    s.step();
    return s.text(0);
}

std::int64_t Store::user_count() {
    std::lock_guard lock(mutex_);
    Stmt s(db_, "SELECT COUNT(*) FROM users");
    s.step();
    return s.integer(0);
}

std::int64_t Store::add_user(const User& u) {
    std::lock_guard lock(mutex_);
    Stmt s(db_,
           "INSERT INTO users(name,full_name,roles,pw_hash,must_change,disabled,created_at) "
           "VALUES(?,?,?,?,?,?,?)");
    try {
        s.bind(1, u.name)
            .bind(2, u.full_name)
            .bind(3, roles_to_string(u.roles))
            .bind(4, u.password_hash)
            .bind(5, std::int64_t{u.must_change})
            .bind(6, std::int64_t{u.disabled})
            .bind(7, now_text())
            .step();
    } catch (const StoreError&) {
        throw StoreError("người dùng '" + u.name + "' đã có");
    }
    return sqlite3_last_insert_rowid(db_);
}

std::optional<User> Store::user_by_name(const std::string& name) {
    std::lock_guard lock(mutex_);
    Stmt s(db_, (std::string("SELECT ") + kUserCols + " FROM users WHERE name=?").c_str());
    s.bind(1, name);
    if (!s.step()) return std::nullopt;
    return read_user(s);
}

std::optional<User> Store::user_by_id(std::int64_t id) {
    std::lock_guard lock(mutex_);
    Stmt s(db_, (std::string("SELECT ") + kUserCols + " FROM users WHERE id=?").c_str());
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return read_user(s);
}

std::vector<User> Store::users() {
    std::lock_guard lock(mutex_);
    Stmt s(db_, (std::string("SELECT ") + kUserCols + " FROM users ORDER BY name").c_str());
    std::vector<User> out;
    while (s.step()) out.push_back(read_user(s));
    return out;
}

void Store::set_password(std::int64_t id, const std::string& hash, bool must_change) {
    std::lock_guard lock(mutex_);
    Stmt s(db_, "UPDATE users SET pw_hash=?, must_change=? WHERE id=?");
    s.bind(1, hash).bind(2, std::int64_t{must_change}).bind(3, id).step();
}

void Store::set_roles(std::int64_t id, Roles roles, bool disabled) {
    std::lock_guard lock(mutex_);
    Stmt s(db_, "UPDATE users SET roles=?, disabled=? WHERE id=?");
    s.bind(1, roles_to_string(roles)).bind(2, std::int64_t{disabled}).bind(3, id).step();
}

void Store::add_session(const Session& x) {
    std::lock_guard lock(mutex_);
    Stmt s(db_,
           "INSERT INTO sessions(token_hash,user_id,csrf,created,last_seen) VALUES(?,?,?,?,?)");
    s.bind(1, x.token_hash).bind(2, x.user_id).bind(3, x.csrf).bind(4, x.created);
    s.bind(5, x.last_seen).step();
}

std::optional<Session> Store::session(const std::string& token_hash) {
    std::lock_guard lock(mutex_);
    Stmt s(db_,
           "SELECT token_hash,user_id,csrf,created,last_seen FROM sessions WHERE token_hash=?");
    s.bind(1, token_hash);
    if (!s.step()) return std::nullopt;
    return Session{s.text(0), s.integer(1), s.text(2), s.integer(3), s.integer(4)};
}

void Store::touch_session(const std::string& token_hash, std::int64_t now) {
    std::lock_guard lock(mutex_);
    Stmt s(db_, "UPDATE sessions SET last_seen=? WHERE token_hash=?");
    s.bind(1, now).bind(2, token_hash).step();
}

void Store::remove_session(const std::string& token_hash) {
    std::lock_guard lock(mutex_);
    Stmt s(db_, "DELETE FROM sessions WHERE token_hash=?");
    s.bind(1, token_hash).step();
}

void Store::remove_sessions_of(std::int64_t user_id) {
    std::lock_guard lock(mutex_);
    Stmt s(db_, "DELETE FROM sessions WHERE user_id=?");
    s.bind(1, user_id).step();
}

void Store::remove_sessions_before(std::int64_t last_seen_before, std::int64_t created_before) {
    std::lock_guard lock(mutex_);
    Stmt s(db_, "DELETE FROM sessions WHERE last_seen<? OR created<?");
    s.bind(1, last_seen_before).bind(2, created_before).step();
}

std::int64_t Store::add_draft(std::int64_t owner, const std::string& letter) {
    std::lock_guard lock(mutex_);
    const std::string now = now_text();
    Stmt s(db_,
           "INSERT INTO drafts(owner,status,letter,created_at,updated_at) "
           "VALUES(?,'draft',?,?,?)");
    s.bind(1, owner).bind(2, letter).bind(3, now).bind(4, now).step();
    return sqlite3_last_insert_rowid(db_);
}

std::optional<Draft> Store::draft(std::int64_t id) {
    std::lock_guard lock(mutex_);
    Stmt s(db_, (std::string("SELECT ") + kDraftCols +
                 " FROM drafts d LEFT JOIN users u ON u.id=d.owner WHERE d.id=?")
                    .c_str());
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return read_draft(s);
}

std::vector<Draft> Store::drafts(const std::vector<std::string>& statuses, std::int64_t owner) {
    std::lock_guard lock(mutex_);
    std::string sql = std::string("SELECT ") + kDraftCols +
                      " FROM drafts d LEFT JOIN users u ON u.id=d.owner WHERE 1=1";
    if (!statuses.empty()) sql += " AND d.status IN (" + placeholders(statuses.size()) + ")";
    if (owner) sql += " AND d.owner=?";
    sql += " ORDER BY d.id DESC";
    Stmt s(db_, sql.c_str());
    int i = 1;
    for (const auto& st : statuses) s.bind(i++, st);
    if (owner) s.bind(i, owner);
    std::vector<Draft> out;
    while (s.step()) out.push_back(read_draft(s));
    return out;
}

bool Store::move_draft(std::int64_t id, const std::vector<std::string>& from, const std::string& to,
                       const std::string& comment) {
    std::lock_guard lock(mutex_);
    Stmt s(db_, ("UPDATE drafts SET status=?, comment=?, updated_at=? WHERE id=? AND status IN (" +
                 placeholders(from.size()) + ")")
                    .c_str());
    s.bind(1, to).bind(2, comment).bind(3, now_text()).bind(4, id);
    int i = 5;
    for (const auto& f : from) s.bind(i++, f);
    s.step();
    return sqlite3_changes(db_) == 1;
}

bool Store::update_letter(std::int64_t id, const std::string& letter,
                          const std::vector<std::string>& editable) {
    std::lock_guard lock(mutex_);
    Stmt s(db_, ("UPDATE drafts SET letter=?, updated_at=? WHERE id=? AND status IN (" +
                 placeholders(editable.size()) + ")")
                    .c_str());
    s.bind(1, letter).bind(2, now_text()).bind(3, id);
    int i = 4;
    for (const auto& f : editable) s.bind(i++, f);
    s.step();
    return sqlite3_changes(db_) == 1;
}

void Store::set_issued(std::int64_t id, const std::string& so_ky_hieu, const std::string& agency,
                       const std::string& series, int year, const std::string& file) {
    std::lock_guard lock(mutex_);
    Stmt s(db_,
           "UPDATE drafts SET status='issued', so_ky_hieu=?, reg_agency=?, reg_series=?, "
           "reg_year=?, file=?, updated_at=? WHERE id=?");
    s.bind(1, so_ky_hieu).bind(2, agency).bind(3, series).bind(4, std::int64_t{year});
    s.bind(5, file).bind(6, now_text()).bind(7, id).step();
}

void Store::add_history(std::int64_t draft, const std::string& user, const std::string& action,
                        const std::string& comment, const std::string& content_hash) {
    std::lock_guard lock(mutex_);
    Stmt s(db_,
           "INSERT INTO draft_history(draft_id,at,user,action,comment,content_hash) "
           "VALUES(?,?,?,?,?,?)");
    s.bind(1, draft).bind(2, now_text()).bind(3, user).bind(4, action).bind(5, comment);
    s.bind(6, content_hash).step();
}

std::vector<HistoryItem> Store::history(std::int64_t draft) {
    std::lock_guard lock(mutex_);
    Stmt s(db_,
           "SELECT at,user,action,comment,content_hash FROM draft_history WHERE draft_id=? "
           "ORDER BY id");
    s.bind(1, draft);
    std::vector<HistoryItem> out;
    while (s.step()) out.push_back({s.text(0), s.text(1), s.text(2), s.text(3), s.text(4)});
    return out;
}

void Store::audit(const AuditItem& a) {
    std::lock_guard lock(mutex_);
    Stmt s(db_,
           "INSERT INTO audit(at,user,address,action,object,hash_before,hash_after,detail) "
           "VALUES(?,?,?,?,?,?,?,?)");
    s.bind(1, a.at.empty() ? now_text() : a.at).bind(2, a.user).bind(3, a.address);
    s.bind(4, a.action).bind(5, a.object).bind(6, a.hash_before).bind(7, a.hash_after);
    s.bind(8, a.detail).step();
}

std::vector<AuditItem> Store::audit_log(std::int64_t limit, std::int64_t before_id) {
    std::lock_guard lock(mutex_);
    Stmt s(db_,
           "SELECT id,at,user,address,action,object,hash_before,hash_after,detail FROM audit "
           "WHERE (?=0 OR id<?) ORDER BY id DESC LIMIT ?");
    s.bind(1, before_id).bind(2, before_id).bind(3, limit);
    std::vector<AuditItem> out;
    while (s.step())
        out.push_back({s.integer(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5),
                       s.text(6), s.text(7), s.text(8)});
    return out;
}

}  // namespace vanban::web
