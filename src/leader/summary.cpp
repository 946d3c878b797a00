// The province summary for the Chủ tịch: bands per level, the five best and five worst per
// level, each indicator's province-wide rate per level over the quarters (counts summed over
// the units first, never an average of rates), and the units that missed the most targets.
#include <algorithm>

#include "leader/pages.hpp"
#include "leader/svg.hpp"
#include "vn/format.hpp"
#include "vn/text.hpp"

namespace vanban::leader {

using J = nlohmann::ordered_json;
using model::Level;

namespace {

constexpr std::size_t kTopN = 5;
constexpr std::size_t kMostMissed = 10;

J unit_row(const PageFrame& frame, const UnitFact& f) {
    return J{{"rank", std::to_string(f.rank)},
             {"name", display_name(*frame.org, f.unit)},
             {"total", vn::number(f.total, 2)},
             {"band", f.band},
             {"band_colour", band_colour(*frame.method, f.band)}};
}

// Σ numerators / Σ denominators of indicator k over the units of `level` that have it.
std::optional<double> pooled_rate(const std::vector<UnitFact>& facts, Level level, std::size_t k,
                                  std::int64_t* num = nullptr, std::int64_t* den = nullptr) {
    std::int64_t n = 0, d = 0;
    for (const auto& f : facts) {
        if (f.unit < 0 || f.level != level || f.indicators.size() <= k) continue;
        const auto& s = f.indicators[k];
        if (!s.applicable) continue;
        n += s.numerator;
        d += s.denominator;
    }
    if (num) *num = n;
    if (den) *den = d;
    if (d == 0) return std::nullopt;
    return 100.0 * static_cast<double>(n) / static_cast<double>(d);
}

}  // namespace

J summary_pages(const PageFrame& frame, const std::vector<Level>& levels,
                const std::vector<int>& order, const std::vector<UnitFact>& facts,
                const std::array<std::vector<UnitFact>, 4>& quarters,
                const std::string& summary_title) {
    const model::Method& m = *frame.method;
    const auto colours = svg::band_colours(m.bands.size());
    J pages = J::array();

    // Page 1: bands, best and worst.
    J p1{{"kind", "summary1"},
         {"parent", frame.parent},
         {"issuer", frame.issuer},
         {"title", summary_title},
         {"footer", frame.footer}};
    J bands = J::array();
    for (std::size_t b = 0; b < m.bands.size(); ++b)
        bands.push_back({{"name", m.bands[b].name}, {"colour", colours[b]}});
    p1["bands"] = bands;
    J dist = J::array(), tops = J::array();
    for (Level l : levels) {
        std::vector<int> counts(m.bands.size(), 0);
        int unranked = 0, all = 0;
        std::vector<const UnitFact*> ranked;
        for (int u : order) {
            const UnitFact& f = facts[static_cast<std::size_t>(u)];
            if (f.level != l) continue;
            ++all;
            if (!f.has_total) {
                ++unranked;
                continue;
            }
            ranked.push_back(&f);
            for (std::size_t b = 0; b < m.bands.size(); ++b)
                if (m.bands[b].name == f.band) ++counts[b];
        }
        J cells = J::array();
        for (int n : counts) cells.push_back(n);
        dist.push_back({{"level", std::string(model::level_name_vi(l))},
                        {"counts", cells},
                        {"unranked", unranked},
                        {"all", all},
                        {"svg", svg::stacked_bar(counts, colours, 60.0, 5.0)}});
        J best = J::array(), worst = J::array();
        for (std::size_t i = 0; i < ranked.size() && i < kTopN; ++i)
            best.push_back(unit_row(frame, *ranked[i]));
        for (std::size_t i = ranked.size() > kTopN ? ranked.size() - kTopN : 0; i < ranked.size();
             ++i)
            worst.push_back(unit_row(frame, *ranked[i]));
        tops.push_back({{"level", std::string(model::level_name_vi(l))},
                        {"ranked", ranked.size()},
                        {"best", best},
                        {"worst", worst}});
    }
    p1["distribution"] = dist;
    p1["tops"] = tops;
    pages.push_back(std::move(p1));

    // Page 2: each indicator's pooled rate per level over the quarters.
    J p2{{"kind", "summary2"}, {"title", summary_title}, {"trend_label", frame.trend_label}};
    J lv = J::array();
    for (Level l : levels) lv.push_back(std::string(model::level_name_vi(l)));
    p2["levels"] = lv;
    J rows = J::array();
    for (std::size_t k = 0; k < m.indicators.size(); ++k) {
        const auto& ind = m.indicators[k];
        J cells = J::array();
        for (Level l : levels) {
            const auto& target = ind.target_h[static_cast<std::size_t>(l)];
            if (!target) {
                cells.push_back({{"applicable", false}});
                continue;
            }
            const double t = static_cast<double>(*target) / 100.0;
            std::int64_t n = 0, d = 0;
            const auto rate = pooled_rate(facts, l, k, &n, &d);
            svg::LineChart c;
            c.values.resize(4);
            for (std::size_t q = 0; q < 4; ++q)
                if (!quarters[q].empty()) c.values[q] = pooled_rate(quarters[q], l, k);
            c.target = t;
            c.last_quarter = frame.last_quarter;
            c.width_mm = 44;
            c.height_mm = 22;
            cells.push_back({{"applicable", true},
                             {"svg", svg::line_chart(c)},
                             {"rate", rate ? rate_text(*rate) : "—"},
                             {"counts", vn::number(static_cast<long long>(n)) + "/" +
                                            vn::number(static_cast<long long>(d))},
                             {"target", target_text(t)},
                             {"cls", !rate        ? "kps"
                                     : *rate >= t ? "met"
                                                  : "missed"}});
        }
        rows.push_back({{"name", ind.name}, {"cells", cells}});
    }
    p2["indicators"] = rows;
    pages.push_back(std::move(p2));

    // Page 3: the units that missed the most targets.
    J p3{{"kind", "summary3"}, {"title", summary_title}, {"footer", frame.footer}};
    struct Miss {
        int unit;
        int missed, scored;
        std::string names;
    };
    std::vector<Miss> misses;
    for (int u : order) {
        const UnitFact& f = facts[static_cast<std::size_t>(u)];
        if (std::find(levels.begin(), levels.end(), f.level) == levels.end()) continue;
        Miss x{u, 0, 0, {}};
        for (std::size_t k = 0; k < f.indicators.size(); ++k) {
            if (!f.indicators[k].scored) continue;
            ++x.scored;
            if (!f.indicators[k].reached) {
                ++x.missed;
                x.names += (x.names.empty() ? "" : ", ") + m.indicators[k].short_name;
            }
        }
        if (x.missed > 0) misses.push_back(std::move(x));
    }
    // Most targets missed first; then the lower total (table order within a level is by rank).
    std::stable_sort(misses.begin(), misses.end(), [&](const Miss& a, const Miss& b) {
        if (a.missed != b.missed) return a.missed > b.missed;
        const UnitFact& fa = facts[static_cast<std::size_t>(a.unit)];
        const UnitFact& fb = facts[static_cast<std::size_t>(b.unit)];
        if (fa.has_total != fb.has_total) return fa.has_total;
        return fa.total < fb.total;
    });
    J most = J::array();
    for (std::size_t i = 0; i < misses.size() && i < kMostMissed; ++i) {
        const Miss& x = misses[i];
        const UnitFact& f = facts[static_cast<std::size_t>(x.unit)];
        most.push_back({{"n", i + 1},
                        {"name", display_name(*frame.org, x.unit)},
                        {"level", std::string(model::level_name_vi(f.level))},
                        {"missed", std::to_string(x.missed) + "/" + std::to_string(x.scored)},
                        {"names", x.names},
                        {"total", f.has_total ? vn::number(f.total, 2) : "—"}});
    }
    p3["most_missed"] = most;
    p3["units_missing_any"] = misses.size();
    std::size_t same = 0;
    if (misses.size() > kMostMissed)
        for (std::size_t i = kMostMissed; i < misses.size(); ++i)
            same += misses[i].missed == misses[kMostMissed - 1].missed;
    p3["more_with_same"] = same;
    pages.push_back(std::move(p3));
    return pages;
}

}  // namespace vanban::leader
