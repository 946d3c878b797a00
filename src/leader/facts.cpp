#include "leader/facts.hpp"

namespace vanban::leader {

UnitFact fact_of(const scoring::UnitScore& r) {
    UnitFact f;
    f.unit = r.unit;
    f.level = r.level;
    f.has_total = r.has_total;
    f.total = r.total;
    f.band = r.band;
    f.rank = r.rank;
    f.rank_in_district = r.rank_in_district;
    f.has_previous = r.has_previous;
    f.rank_change = r.rank_change;
    f.total_change = r.total_change;
    if (!r.has_total) {
        std::string quarters;
        for (const auto& q : r.missing_quarters)
            quarters += (quarters.empty() ? "" : ", ") + q.label_vi();
        f.no_total_reason =
            quarters.empty() ? "không có chỉ tiêu nào phát sinh" : "thiếu số liệu " + quarters;
    }
    for (const auto& s : r.indicators)
        f.indicators.push_back({s.applicable, s.scored, s.numerator, s.denominator, s.rate,
                                s.target, s.points, s.max_points, s.reached});
    return f;
}

std::vector<UnitFact> facts_by_unit(const scoring::ScoreTable& t, std::size_t unit_count) {
    std::vector<UnitFact> out(unit_count);
    for (const auto& r : t.rows)
        if (r.unit >= 0 && static_cast<std::size_t>(r.unit) < unit_count)
            out[static_cast<std::size_t>(r.unit)] = fact_of(r);
    return out;
}

}  // namespace vanban::leader
