// The series rules of Điều 15 over the Phụ lục III document types. The types and the Số + ký hiệu
// formatting live in vn/doc_types.hpp (shared with the letters stage) and are re-exported here.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "vn/doc_types.hpp"

namespace vanban::registry {

using vn::doc_types;
using vn::DocType;
using vn::find_doc_type;

using vn::format_number;
using vn::format_so_ky_hieu;
using vn::format_symbol;
using vn::is_cong_van_like;

// How an agency numbers its administrative documents (set by its head, Điều 15).
enum class SeriesPolicy { Shared, PerType };

// The series a document is numbered in: "HC" (all administrative documents) under the shared
// policy, the type code ("QD", "CV") under the per-type one; secret documents always get their
// own series ("MAT", or "MAT-QD" per type), as Điều 15 requires.
std::string series_for(SeriesPolicy policy, const DocType& t, bool secret);

// Whether a series is one of series_for()'s secret ones ("MAT", "MAT-QD"): secret documents are
// kept in their own register book.
bool is_secret_series(std::string_view series);

}  // namespace vanban::registry
