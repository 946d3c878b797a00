// What the two readers of the import (forms, mapped exports) share: where the counts of each unit
// go, and how a cell becomes a count.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "intake/issues.hpp"
#include "intake/sheet.hpp"
#include "model/indicator_data.hpp"
#include "model/method.hpp"
#include "model/org.hpp"

namespace vanban::intake {

struct Collected {
    const model::Organisation& org;
    const model::Method& method;
    Issues& issues;
    std::vector<model::Counts> counts;  // [unit * indicators + indicator]
    std::vector<std::string> seen_at;   // per unit: "file: cell" where it was read, "" if not
    std::vector<std::string> seen_file, seen_where;  // the same in two parts

    Collected(const model::Organisation& o, const model::Method& m, Issues& i)
        : org(o),
          method(m),
          issues(i),
          counts(o.units.size() * m.indicators.size()),
          seen_at(o.units.size()),
          seen_file(o.units.size()),
          seen_where(o.units.size()) {}

    // Records that unit `ui` was found at `file`/`where`; false (and an error) when it was found
    // before.
    bool claim(std::size_t ui, const std::string& file, const std::string& where);
    bool applies(std::size_t ui, std::size_t indicator) const;
};

// The count of a cell holding a plain whole number in range, the common case, checked without
// building any message; nullopt when the cell needs read_count (which reports why).
inline std::optional<std::int64_t> plain_count(const Cell* cell) {
    if (!cell || cell->kind != CellKind::number || !(cell->number >= 0) || cell->number > 1e12 ||
        cell->number != static_cast<double>(static_cast<std::int64_t>(cell->number)))
        return std::nullopt;
    return static_cast<std::int64_t>(cell->number);
}

// A count read from one cell: nullopt after reporting the error. `csv`: the cell is text from a
// CSV file, where numbers are text (thousands grouped by '.', ',' or a space are accepted).
// `what` names the count in messages ("tử số của chỉ tiêu on_time, đơn vị syt").
std::optional<std::int64_t> read_count(const Cell* cell, bool csv, Issues& issues,
                                       const std::string& file, const std::string& where,
                                       const std::string& what);

// NFC, case-folded, inner white space collapsed, trimmed: how names and headers are compared.
std::string match_key(std::string_view text);

// Checks numerator ≤ denominator and stores the pair; reports at the numerator's cell.
void store_pair(Collected& c, std::size_t ui, std::size_t k, std::optional<std::int64_t> num,
                std::optional<std::int64_t> den, const std::string& file,
                const std::string& num_where, const std::string& den_where);

class XlsxBook;
// Form mode: the book has the "_vanban" sheet. Reports into c.issues.
void import_form(const XlsxBook& book, const model::Quarter& quarter, Collected& c);

struct Mapping;
// Mapping mode: one sheet of an XLSX, or a CSV's rows (csv_text non-null).
void import_mapped(const std::string& file, const XlsxBook* book, const std::string* csv_text,
                   const Mapping& mapping, Collected& c);

}  // namespace vanban::intake
