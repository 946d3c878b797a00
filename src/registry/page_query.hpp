// The WHERE clause of a register page (Registry::page), for either SQL dialect. Internal to the
// library. Text filters are case-insensitive through a lower-casing function the connection
// provides: SQLite's own lower() only knows ASCII, so the SQLite connection registers vn_lower()
// (ICU, as vn::lower); PostgreSQL's lower() follows the database's ctype (UTF-8 locales,
// C.UTF-8 included, lower Vietnamese letters).
#pragma once

#include <string>
#include <vector>

#include "registry/registry.hpp"
#include "registry/sql.hpp"

namespace vanban::registry {

struct PageWhere {
    std::string sql;  // " WHERE …" (or empty)
    std::vector<sql::Value> params;
};

// Throws RegistryError(InvalidArgument) for a filter that is not valid UTF-8.
PageWhere page_where(sql::Dialect dialect, const PageQuery& q);

}  // namespace vanban::registry
