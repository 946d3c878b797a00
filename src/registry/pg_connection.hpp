// The shared backend: a PostgreSQL database reached through libpq, for an office whose clerks
// number from several machines.
#pragma once

#include <memory>
#include <string>

#include "registry/registry.hpp"
#include "registry/sql.hpp"

namespace vanban::registry::sql {

// `url` is a libpq connection URI (postgresql://user@host:port/db?…). Throws
// RegistryError(Unreachable) with a Vietnamese message when the server cannot be reached or
// refuses the login. ReadOnly sessions are made read-only on the server as well.
std::unique_ptr<Connection> open_postgres(const std::string& url, OpenMode mode);

// The URL with any password replaced by ***, for messages and `location()`.
std::string redact_url(std::string_view url);

}  // namespace vanban::registry::sql
