// Document types of Nghị định 30/2020, Phụ lục III, with their ký hiệu abbreviations, and the
// formatting of Số + ký hiệu (Điều 15). Shared by the registry and, later, the letters stage.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace vanban::registry {

struct DocType {
    std::string_view name;    // "Quyết định", as the decree writes it (NFC)
    std::string_view abbrev;  // "QĐ"; empty for công văn and thư công, which have none
    std::string_view code;    // ASCII series code used when each type has its own series
};

// Every type the registry knows, in the decree's order; công văn and thư công come last.
std::span<const DocType> doc_types();

// Finds a type by its Vietnamese name (case-insensitive, NFC) or by its abbreviation
// ("QĐ", "qđ"). "công văn" and "CV" both name công văn.
std::optional<DocType> find_doc_type(std::string_view name_or_abbrev);

// True for types without an abbreviation: their ký hiệu is agency + drafting unit.
bool is_cong_van_like(const DocType& t);

// "05" below 10, "194" otherwise (Điều 15: numbers below 10 are written with a leading zero).
std::string format_number(int number);

// The ký hiệu after the number: "SYT-VP" for a công văn (agency, drafting unit),
// "QĐ-UBND" for other types (type, agency). A công văn without drafting unit is just "SYT".
std::string format_symbol(const DocType& t, std::string_view agency, std::string_view unit);

// "05/SYT-VP", "194/QĐ-UBND".
std::string format_so_ky_hieu(int number, const DocType& t, std::string_view agency,
                              std::string_view unit);

// How an agency numbers its administrative documents (set by its head, Điều 15).
enum class SeriesPolicy { Shared, PerType };

// The series a document is numbered in: "HC" (all administrative documents) under the shared
// policy, the type code ("QD", "CV") under the per-type one; secret documents always get their
// own series ("MAT", or "MAT-QD" per type), as Điều 15 requires.
std::string series_for(SeriesPolicy policy, const DocType& t, bool secret);

}  // namespace vanban::registry
