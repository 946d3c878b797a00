// Scoring of one period: sums the quarters' counts, computes rates, points (Bộ chỉ số 766),
// totals on a 100-point scale, bands and ranks, and the change against the previous period.
// The result, ScoreTable, is what the CLI, scorecards, ranking tables and letters consume; it
// holds numbers only (formatting belongs to them).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/indicator_data.hpp"
#include "model/method.hpp"
#include "model/org.hpp"
#include "model/period.hpp"

namespace vanban::scoring {

struct IndicatorScore {
    bool applicable = false;  // the indicator has a target at the unit's level
    bool scored = false;      // applicable and denominator > 0 ("không phát sinh" otherwise)
    // Applicable, but the unit is absent from the file of a quarter of the period ("chưa có số
    // liệu"): no counts (not even the other quarters'), no rate, no points. Never scored.
    bool missing = false;
    std::int64_t numerator = 0;
    std::int64_t denominator = 0;
    double rate = 0;    // percent; 0 when not scored
    double target = 0;  // percent
    double max_points = 0;
    double points = 0;     // 0 when not scored
    bool reached = false;  // rate ≥ target
};

struct UnitScore {
    int unit = -1;  // index in Organisation::units
    model::Level level = model::Level::so;
    std::vector<IndicatorScore> indicators;  // parallel to Method::indicators
    // Quarters whose file lacks the unit ("chưa báo cáo"). Such a unit has no counts, rates,
    // points, total or rank for the period, even when other quarters have its figures: a sum over
    // fewer quarters than its peers' is not comparable (docs/data-formats.md).
    std::vector<model::Quarter> missing_quarters;
    bool missing_data() const { return !missing_quarters.empty(); }
    // A total exists when no quarter is missing and at least one indicator was scored.
    bool has_total = false;
    double scored_max_points = 0;  // Σ maxima of the scored indicators (the rescaling base)
    double raw_points = 0;         // Σ points before rescaling
    std::int64_t total_h = 0;      // total × 100, rounded half away from zero
    double total = 0;              // total_h / 100
    std::string band;
    int rank = 0;              // within the level; 0 without a total
    int rank_in_district = 0;  // communes only, within their district
    // The previous period ranked the unit: its rank and total there, shown even when this
    // period has no total.
    bool previous_ranked = false;
    int previous_rank = 0;
    int previous_rank_in_district = 0;
    double previous_total = 0;
    // Change against the previous period: both periods ranked the unit (at the same level).
    bool has_previous = false;
    int rank_change = 0;      // previous_rank − rank: positive means moved up
    double total_change = 0;  // total − previous_total, in hundredths exact then / 100
};

struct ScoreTable {
    model::Period period;
    const model::Method* method = nullptr;
    // Units ordered by level (sở, huyện, xã), then rank, ties in Vietnamese collation order of the
    // name; units without a total follow their level's ranked units, also in collation order.
    std::vector<UnitScore> rows;
    bool has_previous = false;  // the previous period could be scored
    model::Period previous_period;
    const model::Method* previous_method = nullptr;  // the method it was scored with
    // The two periods were scored under the same indicators, maxima and targets. When not, a
    // change of points or rank says nothing about progress: renderers mark it, naming both.
    bool same_method = true;
};

// Two methods score alike: the same indicators (ids, in order) with the same maxima and the
// same target at every level. Bands, names and the year do not change a total.
bool same_method(const model::Method& a, const model::Method& b);

// The quarters of `period` must all be present in `quarters` (the caller reports a missing
// file); a unit absent from one of them is listed with missing_quarters and no total.
ScoreTable score_period(const model::Organisation& org, const model::Method& method,
                        const std::vector<const model::QuarterData*>& quarters,
                        const model::Period& period);

// Fills the change columns of `current` from `previous` (same organisation).
void attach_previous(ScoreTable& current, const ScoreTable& previous);

// Sums the counts of a unit over quarters (exposed for the property test).
std::vector<model::Counts> sum_counts(const std::vector<const model::QuarterData*>& quarters,
                                      std::size_t unit);

}  // namespace vanban::scoring

namespace vanban::model {
struct Dataset;
}

namespace vanban::scoring {

// Scores the dataset's period and, when the dataset allows it, fills the change columns from the
// previous period (scored with its own year's method).
ScoreTable score_dataset(const model::Dataset& ds);

}  // namespace vanban::scoring
