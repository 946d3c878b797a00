// The figures the leaders' pages show, copied out of scoring's result types. This file is the
// only place in src/leader that reads scoring::UnitScore / IndicatorScore, so a change there
// (new states such as "chưa có số liệu") is absorbed here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/org.hpp"
#include "scoring/score.hpp"

namespace vanban::leader {

struct IndicatorFact {
    bool applicable = false;  // has a target at the unit's level
    bool scored = false;      // applicable with a denominator > 0 (else "không phát sinh")
    std::int64_t numerator = 0, denominator = 0;
    double rate = 0, target = 0, points = 0, max_points = 0;
    bool reached = false;
};

struct UnitFact {
    int unit = -1;  // index in Organisation::units
    model::Level level = model::Level::so;
    bool has_total = false;
    double total = 0;
    std::string band;
    int rank = 0, rank_in_district = 0;
    bool has_previous = false;
    int rank_change = 0;
    double total_change = 0;
    // Why there is no total ("thiếu số liệu quý I/2024", "không có chỉ tiêu nào phát sinh").
    std::string no_total_reason;
    std::vector<IndicatorFact> indicators;  // parallel to Method::indicators
};

UnitFact fact_of(const scoring::UnitScore& r);

// The facts of a table, indexed by unit (Organisation::units); units the table lacks have
// unit == -1.
std::vector<UnitFact> facts_by_unit(const scoring::ScoreTable& t, std::size_t unit_count);

}  // namespace vanban::leader
