// The registry's rules written once over sql::Connection; both backends use it.
#pragma once

#include <memory>

#include "registry/registry.hpp"
#include "registry/sql.hpp"

namespace vanban::registry {

// Takes an open connection, prepares the schema (create / migrate / refuse) and returns the
// registry. Throws RegistryError.
std::unique_ptr<Registry> make_sql_registry(std::unique_ptr<sql::Connection> c);

}  // namespace vanban::registry
