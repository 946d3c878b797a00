#include "scoring/score.hpp"

#include <algorithm>
#include <stdexcept>

#include "scoring/exact_total.hpp"
#include "vn/collate.hpp"

namespace vanban::scoring {

using model::Level;

std::vector<model::Counts> sum_counts(const std::vector<const model::QuarterData*>& quarters,
                                      std::size_t unit) {
    std::vector<model::Counts> out(quarters.empty() ? 0 : quarters.front()->indicator_count);
    for (const auto* q : quarters) {
        for (std::size_t k = 0; k < out.size(); ++k) {
            out[k].numerator += q->at(unit, k).numerator;
            out[k].denominator += q->at(unit, k).denominator;
        }
    }
    return out;
}

namespace {

// Assigns competition ranks (1, 2, 2, 4) to the rows selected by `group` (indexes into rows,
// already sorted by total descending).
template <class SetRank>
void assign_ranks(const std::vector<UnitScore>& rows, const std::vector<std::size_t>& group,
                  SetRank set) {
    int rank = 0;
    for (std::size_t i = 0; i < group.size(); ++i) {
        const UnitScore& r = rows[group[i]];
        if (i == 0 || r.total_h != rows[group[i - 1]].total_h) rank = static_cast<int>(i) + 1;
        set(group[i], rank);
    }
}

}  // namespace

ScoreTable score_period(const model::Organisation& org, const model::Method& method,
                        const std::vector<const model::QuarterData*>& all_quarters,
                        const model::Period& period) {
    ScoreTable table;
    table.period = period;
    table.method = &method;
    std::vector<const model::QuarterData*> quarters;
    for (const model::Quarter& q : period.quarters()) {
        const model::QuarterData* found = nullptr;
        for (const auto* d : all_quarters)
            if (d->quarter == q) found = d;
        if (!found) throw std::logic_error("score_period: thiếu số liệu " + q.label_vi());
        if (found->indicator_count != method.indicators.size())
            throw std::logic_error("score_period: số liệu và bộ chỉ tiêu khác năm");
        quarters.push_back(found);
    }

    const std::size_t n_ind = method.indicators.size();
    std::vector<ScoredTerm> terms;
    terms.reserve(n_ind);
    table.rows.resize(org.units.size());
    for (std::size_t u = 0; u < org.units.size(); ++u) {
        UnitScore& row = table.rows[u];
        row.unit = static_cast<int>(u);
        row.level = org.units[u].level;
        const auto li = static_cast<std::size_t>(row.level);
        for (const auto* q : quarters)
            if (!q->has(u)) row.missing_quarters.push_back(q->quarter);
        row.indicators.resize(n_ind);
        terms.clear();
        for (std::size_t k = 0; k < n_ind; ++k) {
            const model::Indicator& ind = method.indicators[k];
            IndicatorScore& s = row.indicators[k];
            s.max_points = ind.max_points();
            if (!ind.target_h[li]) continue;
            s.applicable = true;
            s.target = static_cast<double>(*ind.target_h[li]) / 100.0;
            if (row.missing_data()) {
                s.missing = true;  // chưa có số liệu: no partial sums over the other quarters
                continue;
            }
            for (const auto* q : quarters) {
                s.numerator += q->at(u, k).numerator;
                s.denominator += q->at(u, k).denominator;
            }
            if (s.denominator == 0) continue;  // không phát sinh: not scored, total rescaled
            s.scored = true;
            ScoredTerm t{s.numerator, s.denominator, ind.max_points_h, *ind.target_h[li]};
            s.rate = 100.0 * static_cast<double>(s.numerator) / static_cast<double>(s.denominator);
            s.reached = reaches_target(t);
            s.points = points(t);
            row.raw_points += s.points;
            row.scored_max_points += s.max_points;
            terms.push_back(t);
        }
        if (row.missing_quarters.empty() && !terms.empty()) {
            row.has_total = true;
            row.total_h = total_hundredths(terms);
            row.total = static_cast<double>(row.total_h) / 100.0;
            row.band = method.band_for(row.total_h).name;
        }
    }

    // Sort: level, has total, total descending, Vietnamese collation of the name, id.
    std::vector<std::string> keys(org.units.size());
    for (std::size_t u = 0; u < org.units.size(); ++u) keys[u] = vn::sort_key_vi(org.units[u].name);
    std::sort(table.rows.begin(), table.rows.end(), [&](const UnitScore& a, const UnitScore& b) {
        if (a.level != b.level) return a.level < b.level;
        if (a.has_total != b.has_total) return a.has_total;
        if (a.total_h != b.total_h) return a.total_h > b.total_h;
        const auto ua = static_cast<std::size_t>(a.unit), ub = static_cast<std::size_t>(b.unit);
        if (keys[ua] != keys[ub]) return keys[ua] < keys[ub];
        return org.units[ua].id < org.units[ub].id;
    });

    std::vector<std::vector<std::size_t>> by_level(model::kLevelCount);
    std::vector<std::vector<std::size_t>> by_district(org.units.size());
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
        const UnitScore& r = table.rows[i];
        if (!r.has_total) continue;
        by_level[static_cast<std::size_t>(r.level)].push_back(i);
        int d = org.units[static_cast<std::size_t>(r.unit)].district_index;
        if (r.level == Level::xa && d >= 0) by_district[static_cast<std::size_t>(d)].push_back(i);
    }
    for (const auto& g : by_level)
        assign_ranks(table.rows, g, [&](std::size_t i, int rank) { table.rows[i].rank = rank; });
    for (const auto& g : by_district)
        assign_ranks(table.rows, g,
                     [&](std::size_t i, int rank) { table.rows[i].rank_in_district = rank; });
    return table;
}

bool same_method(const model::Method& a, const model::Method& b) {
    if (a.indicators.size() != b.indicators.size()) return false;
    for (std::size_t k = 0; k < a.indicators.size(); ++k) {
        const auto &x = a.indicators[k], &y = b.indicators[k];
        if (x.id != y.id || x.max_points_h != y.max_points_h || x.target_h != y.target_h)
            return false;
    }
    return true;
}

void attach_previous(ScoreTable& current, const ScoreTable& previous) {
    current.has_previous = true;
    current.previous_period = previous.period;
    current.previous_method = previous.method;
    current.same_method =
        !current.method || !previous.method || same_method(*current.method, *previous.method);
    std::vector<const UnitScore*> by_unit(previous.rows.size(), nullptr);
    for (const auto& r : previous.rows)
        if (r.unit >= 0 && static_cast<std::size_t>(r.unit) < by_unit.size())
            by_unit[static_cast<std::size_t>(r.unit)] = &r;
    for (auto& r : current.rows) {
        const auto u = static_cast<std::size_t>(r.unit);
        const UnitScore* p = u < by_unit.size() ? by_unit[u] : nullptr;
        if (!p || !p->has_total || p->level != r.level) continue;
        r.previous_ranked = true;
        r.previous_rank = p->rank;
        r.previous_rank_in_district = p->rank_in_district;
        r.previous_total = p->total;
        if (!r.has_total) continue;  // shown as it was; no change to compute
        r.has_previous = true;
        r.rank_change = p->rank - r.rank;
        r.total_change = static_cast<double>(r.total_h - p->total_h) / 100.0;
    }
}

}  // namespace vanban::scoring

#include "model/dataset.hpp"

namespace vanban::scoring {

ScoreTable score_dataset(const model::Dataset& ds) {
    ScoreTable table =
        score_period(ds.org, *ds.method_for(ds.period.year), ds.quarters_of(ds.period), ds.period);
    if (ds.previous_available()) {
        const model::Period prev = ds.period.previous();
        ScoreTable before =
            score_period(ds.org, *ds.method_for(prev.year), ds.quarters_of(prev), prev);
        attach_previous(table, before);
    }
    return table;
}

}  // namespace vanban::scoring
