// The method and targets of one year (chi-tieu-YYYY.json): the indicators scored that year, their
// maximum points, the target per level (a level without a target is not scored on it) and the
// bands. Maxima and targets are kept in hundredths so that scoring is exact.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/json_source.hpp"
#include "model/org.hpp"

namespace vanban::model {

struct Indicator {
    std::string id;                 // "on_time"
    std::string name;               // "Tỷ lệ hồ sơ giải quyết đúng hạn"
    std::string short_name;         // column header: "Đúng hạn"
    std::string numerator_label;    // "Hồ sơ giải quyết đúng hạn"
    std::string denominator_label;  // "Hồ sơ đã giải quyết"
    std::int64_t max_points_h = 0;  // maximum points × 100
    // Target rate in percent × 100 per level (Level as index); nullopt: not scored at that level.
    std::array<std::optional<std::int64_t>, kLevelCount> target_h;

    double max_points() const { return static_cast<double>(max_points_h) / 100.0; }
};

struct Band {
    std::string name;        // "Xuất sắc"
    std::int64_t min_h = 0;  // lowest total (× 100) in the band, inclusive
};

struct Method {
    std::string source;  // file name, for messages
    int year = 0;
    std::string basis;  // the decision or plan that set the targets (optional)
    std::vector<Indicator> indicators;
    std::vector<Band> bands;  // descending by min_h; the last one starts at 0

    int indicator_index(std::string_view id) const;  // -1 if absent
    // The band of a total given in hundredths.
    const Band& band_for(std::int64_t total_h) const;
};

// "bộ chỉ tiêu năm 2024 (Quyết định 194/QĐ-UBND …)": the method as notes name it, with its
// basis when the targets file gives one.
std::string method_label_vi(const Method& m);

// Throws InputError. The maxima of the year's indicators must add up to 100; a level without a
// target for some indicators is rescaled to 100 over the ones it has (docs/data-formats.md).
Method load_method(const std::string& path);
Method parse_method(const JsonDocument& doc);

}  // namespace vanban::model
