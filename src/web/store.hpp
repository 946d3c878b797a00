// The web application's own data: users, sessions, drafts with their history, and the audit log.
// Embedded default: one SQLite file (DATA/vanban-web.db). With a postgresql:// URL (the one given
// to --registry) the same data lives in that PostgreSQL database, in tables of its own (web_*),
// so that several servers share users, sessions and drafts. The registry of numbers is not here:
// it is the registry library's. Both backends go through the registry's SQL connection layer
// (registry/sql.hpp), so the statements below are written once.
//
// One connection serialised by a mutex: the web's writes are small, and the slow work (PDF
// rendering) happens outside the store. A lost PostgreSQL connection is opened again. State changes
// of a draft are compare-and-set on its status in one UPDATE, so two requests (or two servers) can
// never both move it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "web/roles.hpp"

namespace vanban::registry::sql {
class Connection;
}

namespace vanban::web {

struct StoreError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct User {
    std::int64_t id = 0;
    std::string name, full_name;
    Roles roles = 0;
    std::string password_hash;
    bool must_change = false;  // a one-time password: change it at first login
    bool disabled = false;
};

struct Session {
    std::string token_hash;  // SHA-256 of the cookie's token (the token itself is not stored)
    std::int64_t user_id = 0;
    std::string csrf;
    std::int64_t created = 0, last_seen = 0;  // Unix seconds
};

// A draft's life: draft -> submitted -> approved | returned (-> draft again) -> issuing -> issued.
struct Draft {
    std::int64_t id = 0;
    std::int64_t owner = 0;
    std::string owner_name;
    std::string status;
    std::string letter;   // the letter JSON, exactly as the CLI reads it
    std::string comment;  // the leader's last comment
    std::string so_ky_hieu, reg_agency, reg_series;
    int reg_year = 0;
    std::string file;  // issued PDF, a name inside DATA/files (chosen by the server)
    std::string created_at, updated_at;
};

struct HistoryItem {
    std::string at, user, action, comment, content_hash;
};

struct AuditItem {
    std::int64_t id = 0;
    std::string at, user, address, action, object, hash_before, hash_after, detail;
};

class Store {
  public:
    // `spec`: a file path (SQLite, created when missing) or a postgresql:// / postgres:// URL.
    // Creates the tables that are missing (several servers may start at once). Throws StoreError
    // with a Vietnamese message naming the file or the (redacted) URL.
    explicit Store(const std::string& spec);
    explicit Store(const std::filesystem::path& file) : Store(file.string()) {}
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    // A random id of this data folder, made once (keys of its letters in a shared registry).
    std::string instance_id();

    // Users
    std::int64_t user_count();
    std::int64_t add_user(const User& u);  // throws StoreError if the name is taken
    std::optional<User> user_by_name(const std::string& name);
    std::optional<User> user_by_id(std::int64_t id);
    std::vector<User> users();
    void set_password(std::int64_t id, const std::string& hash, bool must_change);
    void set_roles(std::int64_t id, Roles roles, bool disabled);

    // Sessions
    void add_session(const Session& s);
    std::optional<Session> session(const std::string& token_hash);
    void touch_session(const std::string& token_hash, std::int64_t now);
    void remove_session(const std::string& token_hash);
    void remove_sessions_of(std::int64_t user_id);
    void remove_sessions_before(std::int64_t last_seen_before, std::int64_t created_before);

    // Drafts
    std::int64_t add_draft(std::int64_t owner, const std::string& letter);
    std::optional<Draft> draft(std::int64_t id);
    // Status filter empty: all. Newest first.
    std::vector<Draft> drafts(const std::vector<std::string>& statuses, std::int64_t owner = 0);
    // Compare-and-set: true when the draft was in `from` and is now in `to`.
    bool move_draft(std::int64_t id, const std::vector<std::string>& from, const std::string& to,
                    const std::string& comment);
    // Replaces the letter when the draft is in one of `editable`; false otherwise.
    bool update_letter(std::int64_t id, const std::string& letter,
                       const std::vector<std::string>& editable);
    void set_issued(std::int64_t id, const std::string& so_ky_hieu, const std::string& agency,
                    const std::string& series, int year, const std::string& file);
    void add_history(std::int64_t draft, const std::string& user, const std::string& action,
                     const std::string& comment, const std::string& content_hash);
    std::vector<HistoryItem> history(std::int64_t draft);

    // Audit log
    void audit(const AuditItem& item);
    std::vector<AuditItem> audit_log(std::int64_t limit, std::int64_t before_id = 0);

    // "sqlite" or "postgresql" (for the tests and the start-up message).
    std::string backend() const;

  private:
    std::string table_sql(std::string_view text) const;  // "@users" -> users / web_users
    // Runs `f` (under mutex_) with the database's errors as StoreError. A PostgreSQL
    // connection that was lost (server restarted, backend terminated) is opened again: at once
    // for `f` when `repeatable` (a read, or a write that ends the same when done twice),
    // otherwise for the next call, after telling this one's caller to try again.
    template <class F>
    auto guarded(bool repeatable, F&& f) -> decltype(f());
    std::string spec_;
    bool lost_ = false;
    std::unique_ptr<registry::sql::Connection> db_;
    std::string prefix_;
    std::mutex mutex_;
};

// Local time as "2026-12-04 22:15:03" (the server's time zone).
std::string now_text();

}  // namespace vanban::web
