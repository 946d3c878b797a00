// Indicator data of one quarter (du-lieu-YYYY-Qn.json): raw counts per unit and indicator.
// Counts only; rates are always computed. Stored as a flat vector indexed by
// (unit index in the organisation, indicator index in the year's method): no string maps.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/json_source.hpp"
#include "model/method.hpp"
#include "model/org.hpp"
#include "model/period.hpp"

namespace vanban::model {

struct Counts {
    std::int64_t numerator = 0;
    std::int64_t denominator = 0;
};

struct QuarterData {
    std::string source;  // file name, for messages
    Quarter quarter;
    std::size_t indicator_count = 0;    // indicators in the method of quarter.year
    std::vector<Counts> counts;         // [unit * indicator_count + indicator]
    std::vector<std::uint8_t> present;  // per unit of the organisation: 1 if the file has it

    bool has(std::size_t unit) const { return present[unit] != 0; }
    const Counts& at(std::size_t unit, std::size_t indicator) const {
        return counts[unit * indicator_count + indicator];
    }
};

// The quarter a data file name announces: "…/du-lieu-2024-Q2.json" -> 2024-Q2; nullopt when the
// name does not follow that pattern.
std::optional<Quarter> quarter_from_file_name(std::string_view path);
std::string data_file_name(const Quarter& q);  // "du-lieu-2024-Q2.json"

// Loads and validates one quarter against the organisation and that year's method. Throws
// InputError for malformed JSON, a count that is negative, fractional or not a number, a
// numerator above its denominator, an unknown or duplicated unit, an indicator that has no target
// at the unit's level, a missing indicator, and a period that does not match the file name.
QuarterData load_quarter_data(const std::string& path, const Organisation& org,
                              const Method& method);
QuarterData parse_quarter_data(const JsonDocument& doc, const Organisation& org,
                               const Method& method);

}  // namespace vanban::model
