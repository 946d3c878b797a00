// The embedded backend: one SQLite file in WAL mode, safe for several processes on one machine.
#pragma once

#include <memory>
#include <string>

#include "registry/registry.hpp"
#include "registry/sql.hpp"

namespace vanban::registry::sql {

// Opens (ReadWrite: creates when missing) the file at `path`. Throws RegistryError with a
// Vietnamese message for a missing file (ReadOnly), a file that is not an SQLite database, a
// write-protected file opened for writing, or any other failure. Writes nothing before the file
// has been checked.
std::unique_ptr<Connection> open_sqlite(const std::string& path, OpenMode mode);

}  // namespace vanban::registry::sql
