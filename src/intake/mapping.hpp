// The mapping file of `vanban data import --mapping`: how a one-stop-system export (or any sheet
// that is not vanban's own form) holds the counts. Columns are named by their header text, matched
// after NFC, case folding and collapsing white space; a header over several rows (a merged
// indicator name over "Tử số" / "Mẫu số") is written "Tên chỉ tiêu / Tử số".
//
//   {"sheet": "Báo cáo", "header_rows": [3, 4],
//    "unit": {"header": "Đơn vị", "by": "name"},
//    "indicators": {"on_time": {"numerator": "Đúng hạn", "denominator": "Đã giải quyết"}},
//    "skip": ["Tổng cộng"]}
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/json_source.hpp"
#include "model/method.hpp"

namespace vanban::intake {

struct MappedIndicator {
    std::size_t indicator = 0;                   // index in the method
    std::string numerator, denominator;          // header texts as written
    std::string numerator_ptr, denominator_ptr;  // JSON pointers, for messages
};

struct Mapping {
    std::string source;  // the mapping file
    std::string sheet;   // XLSX: the sheet's name; "" = the first visible sheet
    std::vector<std::uint32_t> header_rows{1};
    std::string unit_header;
    bool unit_by_code = false;  // "by": "code" (unit ids) or "name" (unit names)
    std::vector<MappedIndicator> indicators;
    std::vector<std::string> skip;  // match keys of unit cells to ignore (totals)
};

// Throws model::InputError (file, pointer, line) for a malformed mapping or an indicator the
// year's method does not have.
Mapping load_mapping(const std::string& path, const model::Method& method);
Mapping parse_mapping(const model::JsonDocument& doc, const model::Method& method);

}  // namespace vanban::intake
