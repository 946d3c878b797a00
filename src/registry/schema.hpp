// The registry's tables, their version, and the migration of older versions. The same SQL runs
// on SQLite and PostgreSQL.
#pragma once

#include "registry/sql.hpp"

namespace vanban::registry::schema {

// Brings the database to kSchemaVersion inside one write transaction: creates the tables in an
// empty database, migrates an older version, refuses a newer one or a file that holds other
// tables (RegistryError). Read-only: only checks, and refuses anything but the current version.
void prepare(sql::Connection& c);

// The DDL of version 1 (before reservations and content hashes), kept so tests can build an old
// registry by hand and check its migration.
const char* version1_ddl();
// The DDL of version 2 (Số + ký hiệu unique across all series of an agency's year), for the same
// purpose.
const char* version2_ddl();

}  // namespace vanban::registry::schema
