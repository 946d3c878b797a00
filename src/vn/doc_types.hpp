// Document types of Nghị định 30/2020, Phụ lục III, with their ký hiệu abbreviations: the one
// table that letters (type ids, names) and the registry (ký hiệu, series codes) both read.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace vanban::vn {

struct DocType {
    std::string_view id;      // "quyet-dinh": how a letter names its type (ASCII)
    std::string_view name;    // "Quyết định", as the decree writes it (NFC)
    std::string_view abbrev;  // "QĐ"; empty for công văn and thư công, which have none
    std::string_view code;    // ASCII series code used when each type has its own series
};

// Every type, in the decree's order; công văn and thư công come last.
std::span<const DocType> doc_types();

// By id ("cong-van"); nullptr when unknown.
const DocType* find_doc_type_by_id(std::string_view id);

// By Vietnamese name (case-insensitive, NFC) or abbreviation ("QĐ", "qđ"); "công văn" and "CV"
// both name công văn.
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

}  // namespace vanban::vn
