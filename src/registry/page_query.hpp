// The WHERE clause of a register page (Registry::page), for either SQL dialect. Internal to the
// library. Text filters are case-insensitive through columns folded when an entry is written
// (schema version 4): search_text holds Trích yếu, Số + ký hiệu and Nơi nhận, signer_folded
// Người ký, each NFC and in Vietnamese lower case (vn::lower, ICU). A search is then a plain
// substring test on one column per row, not three ICU calls per row and filter.
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

// What the folded columns hold for an entry's text. The three fields of search_text are joined
// by U+001F (unit separator), which no filter typed in a form contains, so a match never spans
// two fields.
std::string folded(const std::string& text);

// Reads one page of `q` (page_read.cpp) inside the caller's read transaction. The first page
// is read with one row more than it shows: when that row is absent, the page itself says how
// many entries match and the count (a second scan of the year under a text filter) is skipped.
Page read_page(sql::Connection& c, const PageQuery& q);
std::string folded_search_text(const std::string& trich_yeu, const std::string& so_ky_hieu,
                               const std::string& recipients);

}  // namespace vanban::registry
