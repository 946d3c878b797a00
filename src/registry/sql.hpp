// A minimal SQL connection that both backends implement, so that the registry's rules (schema,
// numbering, idempotency, void) are written once in sql_registry.cpp. The web store
// (src/web/store.cpp) uses it too, so that users, drafts and the audit log follow the registry
// to PostgreSQL without a second connection layer; nothing else outside the library should.
//
// Placeholders are written $1, $2 … in every statement: PostgreSQL's syntax, which SQLite also
// accepts as named parameters (bound by name here).
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace vanban::registry::sql {

using Value = std::variant<std::monostate, std::int64_t, std::string>;  // NULL, integer, text
using Row = std::vector<std::optional<std::string>>;                    // every column as text
using Rows = std::vector<Row>;

enum class Dialect { Sqlite, Postgres };

// A failure that goes away when the whole transaction is retried: SQLITE_BUSY/LOCKED beyond the
// busy timeout, PostgreSQL serialization failures and deadlocks.
struct Transient : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A unique constraint was violated (the registry maps it to a Conflict with its own message).
struct UniqueViolation : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Connection {
  public:
    virtual ~Connection() = default;
    virtual Dialect dialect() const = 0;
    // Starts a transaction that will write: SQLite takes the write lock at once (BEGIN
    // IMMEDIATE) so that two writers never deadlock on a lock upgrade.
    virtual void begin_write() = 0;
    virtual void begin_read() = 0;
    virtual void commit() = 0;
    virtual void rollback() noexcept = 0;
    virtual Rows query(std::string_view sql, const std::vector<Value>& params = {}) = 0;
    // Returns the number of rows changed.
    virtual long long exec(std::string_view sql, const std::vector<Value>& params = {}) = 0;
    // Several statements without parameters (DDL).
    virtual void exec_script(std::string_view sql) = 0;
    virtual bool table_exists(std::string_view name) = 0;
    virtual std::string location() const = 0;
    virtual bool read_only() const = 0;
    // Called once the schema check has accepted the database (nothing may be written before).
    virtual void schema_checked() {}
};

}  // namespace vanban::registry::sql
