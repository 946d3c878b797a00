#include "web/store.hpp"

#include <ctime>
#include <functional>

#include "registry/pg_connection.hpp"
#include "registry/registry.hpp"
#include "registry/sql.hpp"
#include "registry/sqlite_connection.hpp"
#include "web/security.hpp"

namespace vanban::web {

namespace sql = registry::sql;

namespace {

// "@name" in the statements below is a table of the store: the same name in the SQLite file
// (files made by earlier versions keep working), "web_name" in a PostgreSQL database, which it
// shares with the registry (registry_*) and perhaps with other applications.
constexpr const char* kSchema = R"(
CREATE TABLE IF NOT EXISTS @meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS @users(
  id #ID, name TEXT UNIQUE NOT NULL, full_name TEXT NOT NULL DEFAULT '',
  roles TEXT NOT NULL, pw_hash TEXT NOT NULL, must_change INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS @sessions(
  token_hash TEXT PRIMARY KEY, user_id BIGINT NOT NULL, csrf TEXT NOT NULL,
  created BIGINT NOT NULL, last_seen BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS @drafts(
  id #ID, owner BIGINT NOT NULL, status TEXT NOT NULL, letter TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT '', so_ky_hieu TEXT NOT NULL DEFAULT '',
  reg_agency TEXT NOT NULL DEFAULT '', reg_series TEXT NOT NULL DEFAULT '',
  reg_year INTEGER NOT NULL DEFAULT 0, file TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS @draft_history(
  id #ID, draft_id BIGINT NOT NULL, at TEXT NOT NULL, "user" TEXT NOT NULL,
  action TEXT NOT NULL, comment TEXT NOT NULL, content_hash TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS @draft_history_draft ON @draft_history(draft_id);
CREATE TABLE IF NOT EXISTS @audit(
  id #ID, at TEXT NOT NULL, "user" TEXT NOT NULL, address TEXT NOT NULL,
  action TEXT NOT NULL, object TEXT NOT NULL, hash_before TEXT NOT NULL,
  hash_after TEXT NOT NULL, detail TEXT NOT NULL);
)";

// Serialises the DDL of servers starting at once on one PostgreSQL database (CREATE TABLE IF
// NOT EXISTS alone races on the catalog); the registry uses 7316452001.
constexpr const char* kSchemaLock = "SELECT pg_advisory_xact_lock(7316452002)";

std::int64_t integer(const sql::Row& row, std::size_t c) {
    return row.at(c) && !row[c]->empty() ? std::stoll(*row[c]) : 0;
}
std::string text(const sql::Row& row, std::size_t c) {
    return row.at(c) ? *row[c] : std::string();
}

User read_user(const sql::Row& r) {
    User u;
    u.id = integer(r, 0);
    u.name = text(r, 1);
    u.full_name = text(r, 2);
    u.roles = parse_roles(text(r, 3)).value_or(0);
    u.password_hash = text(r, 4);
    u.must_change = integer(r, 5) != 0;
    u.disabled = integer(r, 6) != 0;
    return u;
}
constexpr const char* kUserCols = "id,name,full_name,roles,pw_hash,must_change,disabled";

Draft read_draft(const sql::Row& r) {
    Draft d;
    d.id = integer(r, 0);
    d.owner = integer(r, 1);
    d.status = text(r, 2);
    d.letter = text(r, 3);
    d.comment = text(r, 4);
    d.so_ky_hieu = text(r, 5);
    d.reg_agency = text(r, 6);
    d.reg_series = text(r, 7);
    d.reg_year = static_cast<int>(integer(r, 8));
    d.file = text(r, 9);
    d.created_at = text(r, 10);
    d.updated_at = text(r, 11);
    d.owner_name = text(r, 12);
    return d;
}
constexpr const char* kDraftCols =
    "d.id,d.owner,d.status,d.letter,d.comment,d.so_ky_hieu,d.reg_agency,d.reg_series,d.reg_year,"
    "d.file,d.created_at,d.updated_at,COALESCE(u.name,'')";

// "$first,$first+1,…" for n values appended to `params`.
std::string placeholders(std::vector<sql::Value>& params, const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) {
        params.emplace_back(v);
        out += (out.empty() ? "$" : ",$") + std::to_string(params.size());
    }
    return out.empty() ? "NULL" : out;  // IN (NULL): matches nothing, as an empty list should
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

// The connection layer speaks of "sổ đăng ký" (it was written for the registry): say which
// database it was, and keep the rest of its message (file or URL, what went wrong).
template <class F>
auto Store::guarded(bool repeatable, F&& f) -> decltype(f()) {
    using Code = registry::RegistryError::Code;
    for (int attempt = 0;; ++attempt) {
        try {
            if (lost_) {
                db_ = sql::open_postgres(spec_, registry::OpenMode::ReadWrite);
                lost_ = false;
            }
            return f();
        } catch (const sql::UniqueViolation& e) {
            throw StoreError(std::string("trùng dữ liệu trong cơ sở dữ liệu web: ") + e.what());
        } catch (const sql::Transient& e) {
            throw StoreError(std::string("cơ sở dữ liệu web đang bận, hãy thử lại: ") + e.what());
        } catch (const registry::RegistryError& e) {
            // Lost (or never regained): SQLite files are never "unreachable".
            const bool lost =
                e.code == Code::Unreachable && db_ && db_->dialect() == sql::Dialect::Postgres;
            if (lost) {
                if (db_) db_->rollback();
                lost_ = true;
                if (repeatable && attempt == 0) continue;
                throw StoreError(std::string("mất kết nối tới cơ sở dữ liệu web, hãy thử lại (lần "
                                             "sau sẽ kết nối lại): ") +
                                 e.what());
            }
            throw StoreError(std::string("lỗi cơ sở dữ liệu web: ") + e.what());
        }
    }
}

Store::Store(const std::string& spec) : spec_(spec) {
    const bool pg = spec.starts_with("postgresql://") || spec.starts_with("postgres://");
    prefix_ = pg ? "web_" : "";
    guarded(false, [&] {
        db_ = pg ? sql::open_postgres(spec, registry::OpenMode::ReadWrite)
                 : sql::open_sqlite(spec, registry::OpenMode::ReadWrite);
        std::string ddl = table_sql(kSchema);
        const std::string id_type =
            pg ? "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" : "INTEGER PRIMARY KEY";
        for (std::size_t at; (at = ddl.find("#ID")) != std::string::npos;)
            ddl.replace(at, 3, id_type);
        for (int attempt = 0;; ++attempt) {
            try {
                db_->begin_write();
                if (pg) db_->query(kSchemaLock);
                db_->exec_script(ddl);
                db_->commit();
                break;
            } catch (const sql::Transient&) {
                db_->rollback();
                if (attempt > 100) throw;
            } catch (...) {
                db_->rollback();
                throw;
            }
        }
        db_->schema_checked();  // SQLite: WAL, so that pages read while a draft is saved
    });
}

Store::~Store() = default;

std::string Store::backend() const {
    return db_->dialect() == sql::Dialect::Postgres ? "postgresql" : "sqlite";
}

std::string Store::table_sql(std::string_view in) const {
    std::string out;
    out.reserve(in.size() + 32);
    for (char c : in) {
        if (c == '@')
            out += prefix_;
        else
            out += c;
    }
    return out;
}

std::string Store::instance_id() {
    std::lock_guard lock(mutex_);
    return guarded(true, [&] {
        const std::string get = table_sql("SELECT value FROM @meta WHERE key='instance'");
        auto rows = db_->query(get);
        if (!rows.empty()) return text(rows[0], 0);
        db_->exec(table_sql("INSERT INTO @meta(key,value) VALUES('instance',$1) "
                            "ON CONFLICT(key) DO NOTHING"),
                  {random_hex(4)});
        return text(db_->query(get).at(0), 0);  // ours, or another server's made meanwhile
    });
}

std::int64_t Store::user_count() {
    std::lock_guard lock(mutex_);
    return guarded(true, [&] {
        return integer(db_->query(table_sql("SELECT COUNT(*) FROM @users")).at(0), 0);
    });
}

std::int64_t Store::add_user(const User& u) {
    std::lock_guard lock(mutex_);
    try {
        return guarded(false, [&] {
            auto rows = db_->query(
                table_sql("INSERT INTO @users(name,full_name,roles,pw_hash,must_change,disabled,"
                          "created_at) VALUES($1,$2,$3,$4,$5,$6,$7) RETURNING id"),
                {u.name, u.full_name, roles_to_string(u.roles), u.password_hash,
                 std::int64_t{u.must_change}, std::int64_t{u.disabled}, now_text()});
            return integer(rows.at(0), 0);
        });
    } catch (const StoreError& e) {
        if (std::string_view(e.what()).starts_with("trùng dữ liệu"))
            throw StoreError("người dùng '" + u.name + "' đã có");
        throw;
    }
}

std::optional<User> Store::user_by_name(const std::string& name) {
    std::lock_guard lock(mutex_);
    return guarded(true, [&]() -> std::optional<User> {
        auto rows = db_->query(
            table_sql(std::string("SELECT ") + kUserCols + " FROM @users WHERE name=$1"), {name});
        if (rows.empty()) return std::nullopt;
        return read_user(rows[0]);
    });
}

std::optional<User> Store::user_by_id(std::int64_t id) {
    std::lock_guard lock(mutex_);
    return guarded(true, [&]() -> std::optional<User> {
        auto rows = db_->query(
            table_sql(std::string("SELECT ") + kUserCols + " FROM @users WHERE id=$1"), {id});
        if (rows.empty()) return std::nullopt;
        return read_user(rows[0]);
    });
}

std::vector<User> Store::users() {
    std::lock_guard lock(mutex_);
    return guarded(true, [&] {
        std::vector<User> out;
        for (const auto& r : db_->query(
                 table_sql(std::string("SELECT ") + kUserCols + " FROM @users ORDER BY name")))
            out.push_back(read_user(r));
        return out;
    });
}

void Store::set_password(std::int64_t id, const std::string& hash, bool must_change) {
    std::lock_guard lock(mutex_);
    guarded(true, [&] {
        db_->exec(table_sql("UPDATE @users SET pw_hash=$1, must_change=$2 WHERE id=$3"),
                  {hash, std::int64_t{must_change}, id});
    });
}

void Store::set_roles(std::int64_t id, Roles roles, bool disabled) {
    std::lock_guard lock(mutex_);
    guarded(true, [&] {
        db_->exec(table_sql("UPDATE @users SET roles=$1, disabled=$2 WHERE id=$3"),
                  {roles_to_string(roles), std::int64_t{disabled}, id});
    });
}

void Store::add_session(const Session& x) {
    std::lock_guard lock(mutex_);
    guarded(false, [&] {
        db_->exec(table_sql("INSERT INTO @sessions(token_hash,user_id,csrf,created,last_seen) "
                            "VALUES($1,$2,$3,$4,$5)"),
                  {x.token_hash, x.user_id, x.csrf, x.created, x.last_seen});
    });
}

std::optional<Session> Store::session(const std::string& token_hash) {
    std::lock_guard lock(mutex_);
    return guarded(true, [&]() -> std::optional<Session> {
        auto rows = db_->query(table_sql("SELECT token_hash,user_id,csrf,created,last_seen FROM "
                                         "@sessions WHERE token_hash=$1"),
                               {token_hash});
        if (rows.empty()) return std::nullopt;
        const auto& r = rows[0];
        return Session{text(r, 0), integer(r, 1), text(r, 2), integer(r, 3), integer(r, 4)};
    });
}

void Store::touch_session(const std::string& token_hash, std::int64_t now) {
    std::lock_guard lock(mutex_);
    guarded(true, [&] {
        db_->exec(table_sql("UPDATE @sessions SET last_seen=$1 WHERE token_hash=$2"),
                  {now, token_hash});
    });
}

void Store::remove_session(const std::string& token_hash) {
    std::lock_guard lock(mutex_);
    guarded(true, [&] {
        db_->exec(table_sql("DELETE FROM @sessions WHERE token_hash=$1"), {token_hash});
    });
}

void Store::remove_sessions_of(std::int64_t user_id) {
    std::lock_guard lock(mutex_);
    guarded(true,
            [&] { db_->exec(table_sql("DELETE FROM @sessions WHERE user_id=$1"), {user_id}); });
}

void Store::remove_sessions_before(std::int64_t last_seen_before, std::int64_t created_before) {
    std::lock_guard lock(mutex_);
    guarded(true, [&] {
        db_->exec(table_sql("DELETE FROM @sessions WHERE last_seen<$1 OR created<$2"),
                  {last_seen_before, created_before});
    });
}

std::int64_t Store::add_draft(std::int64_t owner, const std::string& letter) {
    std::lock_guard lock(mutex_);
    return guarded(false, [&] {
        const std::string now = now_text();
        auto rows = db_->query(table_sql("INSERT INTO @drafts(owner,status,letter,created_at,"
                                         "updated_at) VALUES($1,'draft',$2,$3,$4) RETURNING id"),
                               {owner, letter, now, now});
        return integer(rows.at(0), 0);
    });
}

std::optional<Draft> Store::draft(std::int64_t id) {
    std::lock_guard lock(mutex_);
    return guarded(true, [&]() -> std::optional<Draft> {
        auto rows = db_->query(table_sql(std::string("SELECT ") + kDraftCols +
                                         " FROM @drafts d LEFT JOIN @users u ON u.id=d.owner "
                                         "WHERE d.id=$1"),
                               {id});
        if (rows.empty()) return std::nullopt;
        return read_draft(rows[0]);
    });
}

std::vector<Draft> Store::drafts(const std::vector<std::string>& statuses, std::int64_t owner) {
    std::lock_guard lock(mutex_);
    return guarded(true, [&] {
        std::vector<sql::Value> params;
        std::string q = std::string("SELECT ") + kDraftCols +
                        " FROM @drafts d LEFT JOIN @users u ON u.id=d.owner WHERE 1=1";
        if (!statuses.empty()) q += " AND d.status IN (" + placeholders(params, statuses) + ")";
        if (owner) {
            params.emplace_back(owner);
            q += " AND d.owner=$" + std::to_string(params.size());
        }
        q += " ORDER BY d.id DESC";
        std::vector<Draft> out;
        for (const auto& r : db_->query(table_sql(q), params)) out.push_back(read_draft(r));
        return out;
    });
}

bool Store::move_draft(std::int64_t id, const std::vector<std::string>& from, const std::string& to,
                       const std::string& comment) {
    std::lock_guard lock(mutex_);
    return guarded(false, [&] {
        std::vector<sql::Value> params{to, comment, now_text(), id};
        const std::string q =
            "UPDATE @drafts SET status=$1, comment=$2, updated_at=$3 WHERE id=$4 AND status IN (" +
            placeholders(params, from) + ")";
        return db_->exec(table_sql(q), params) == 1;
    });
}

bool Store::update_letter(std::int64_t id, const std::string& letter,
                          const std::vector<std::string>& editable) {
    std::lock_guard lock(mutex_);
    return guarded(true, [&] {
        std::vector<sql::Value> params{letter, now_text(), id};
        const std::string q =
            "UPDATE @drafts SET letter=$1, updated_at=$2 WHERE id=$3 AND "
            "status IN (" +
            placeholders(params, editable) + ")";
        return db_->exec(table_sql(q), params) == 1;
    });
}

void Store::set_issued(std::int64_t id, const std::string& so_ky_hieu, const std::string& agency,
                       const std::string& series, int year, const std::string& file) {
    std::lock_guard lock(mutex_);
    guarded(true, [&] {
        db_->exec(table_sql("UPDATE @drafts SET status='issued', so_ky_hieu=$1, reg_agency=$2, "
                            "reg_series=$3, reg_year=$4, file=$5, updated_at=$6 WHERE id=$7"),
                  {so_ky_hieu, agency, series, std::int64_t{year}, file, now_text(), id});
    });
}

void Store::add_history(std::int64_t draft, const std::string& user, const std::string& action,
                        const std::string& comment, const std::string& content_hash) {
    std::lock_guard lock(mutex_);
    guarded(false, [&] {
        db_->exec(table_sql("INSERT INTO @draft_history(draft_id,at,\"user\",action,comment,"
                            "content_hash) VALUES($1,$2,$3,$4,$5,$6)"),
                  {draft, now_text(), user, action, comment, content_hash});
    });
}

std::vector<HistoryItem> Store::history(std::int64_t draft) {
    std::lock_guard lock(mutex_);
    return guarded(true, [&] {
        std::vector<HistoryItem> out;
        for (const auto& r : db_->query(table_sql("SELECT at,\"user\",action,comment,content_hash "
                                                  "FROM @draft_history WHERE draft_id=$1 "
                                                  "ORDER BY id"),
                                        {draft}))
            out.push_back({text(r, 0), text(r, 1), text(r, 2), text(r, 3), text(r, 4)});
        return out;
    });
}

void Store::audit(const AuditItem& a) {
    std::lock_guard lock(mutex_);
    guarded(false, [&] {
        db_->exec(table_sql("INSERT INTO @audit(at,\"user\",address,action,object,hash_before,"
                            "hash_after,detail) VALUES($1,$2,$3,$4,$5,$6,$7,$8)"),
                  {a.at.empty() ? now_text() : a.at, a.user, a.address, a.action, a.object,
                   a.hash_before, a.hash_after, a.detail});
    });
}

std::vector<AuditItem> Store::audit_log(std::int64_t limit, std::int64_t before_id) {
    std::lock_guard lock(mutex_);
    return guarded(true, [&] {
        // Two statements rather than "($1=0 OR id<$1)": each can walk the primary key backwards.
        const std::string cols =
            "SELECT id,at,\"user\",address,action,object,hash_before,hash_after,detail FROM @audit";
        const auto rows =
            before_id ? db_->query(table_sql(cols + " WHERE id<$1 ORDER BY id DESC LIMIT $2"),
                                   {before_id, limit})
                      : db_->query(table_sql(cols + " ORDER BY id DESC LIMIT $1"), {limit});
        std::vector<AuditItem> out;
        for (const auto& r : rows)
            out.push_back({integer(r, 0), text(r, 1), text(r, 2), text(r, 3), text(r, 4),
                           text(r, 5), text(r, 6), text(r, 7), text(r, 8)});
        return out;
    });
}

}  // namespace vanban::web
