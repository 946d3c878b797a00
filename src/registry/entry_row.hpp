// An entry of registry_entries as one row of SQL: the column list every SELECT of a whole entry
// uses, and the row read back as an Entry. Internal to the library.
#pragma once

#include "registry/registry.hpp"
#include "registry/sql.hpp"

namespace vanban::registry {

// In this order: to_entry() reads the columns by position.
inline constexpr const char* kColumns =
    "agency, series, year, number, so_ky_hieu, doc_type, unit, doc_date, trich_yeu, signer, "
    "recipients, luu, copies, status, void_reason, letter_key, content_hash, output_file, "
    "created_at, created_by, updated_at";

Status parse_status(const std::string& s);
Entry to_entry(const sql::Row& r);

}  // namespace vanban::registry
