// One unit's page: the figures of facts.hpp turned into text (Vietnamese numbers) and SVG.
#include <cmath>

#include "leader/pages.hpp"
#include "leader/svg.hpp"
#include "pdf/page_setup.hpp"
#include "pdf/text_metrics.hpp"
#include "vn/format.hpp"
#include "vn/text.hpp"

namespace vanban::leader {

using J = nlohmann::ordered_json;

std::string target_text(double target) {
    const bool whole = std::fabs(target - std::round(target)) < 1e-9;
    return vn::percent(target, whole ? 0 : 2);
}

std::string rate_text(double rate) {
    return vn::percent(rate, 1);
}

std::string change_text(int change) {
    if (change > 0) return "▲ " + std::to_string(change);
    if (change < 0) return "▼ " + std::to_string(-change);
    return "giữ nguyên";
}

std::string signed_points(double v) {
    if (v > 0) return "+" + vn::number(v, 2);
    if (v < 0) return "−" + vn::number(-v, 2);
    return "±0";
}

std::string band_colour(const model::Method& m, const std::string& band) {
    const auto colours = svg::band_colours(m.bands.size());
    for (std::size_t b = 0; b < m.bands.size(); ++b)
        if (m.bands[b].name == band) return colours[b];
    return "#000";
}

std::string display_name(const model::Organisation& org, int unit) {
    const model::Unit& u = org.units[static_cast<std::size_t>(unit)];
    if (u.district_index < 0) return u.name;
    return u.name + " (" + org.units[static_cast<std::size_t>(u.district_index)].name + ")";
}

J unit_page(const PageFrame& frame, const UnitFact& f,
            const std::array<const UnitFact*, 4>& by_quarter, const UnitCounts& counts) {
    const model::Organisation& org = *frame.org;
    const model::Method& m = *frame.method;
    const model::Unit& u = org.units[static_cast<std::size_t>(f.unit)];
    const auto li = static_cast<std::size_t>(f.level);
    J p;
    p["kind"] = "unit";
    p["parent"] = frame.parent;
    p["issuer"] = frame.issuer;
    p["title"] = frame.unit_title;
    p["unit_id"] = u.id;
    p["unit_name"] = u.name;
    p["district"] = u.district_index >= 0
                        ? org.units[static_cast<std::size_t>(u.district_index)].name
                        : std::string();
    p["level_name"] = std::string(model::level_name_vi(f.level));
    p["has_total"] = f.has_total;
    p["total"] = f.has_total ? vn::number(f.total, 2) : "—";
    p["band"] = f.has_total ? f.band : "Chưa xếp hạng";
    p["band_colour"] = f.has_total ? band_colour(m, f.band) : "#555555";
    p["no_total_reason"] = f.no_total_reason;
    p["rank"] = f.has_total ? std::to_string(f.rank) : "—";
    p["ranked"] = counts.ranked_in_level[li];
    p["level_lower"] = vn::lower(model::level_name_vi(f.level));
    const bool district_rank = f.level == model::Level::xa && u.district_index >= 0 && f.has_total;
    p["district_rank"] = district_rank ? std::to_string(f.rank_in_district) : "";
    p["district_ranked"] =
        district_rank ? counts.ranked_in_district[static_cast<std::size_t>(u.district_index)] : 0;
    p["has_previous"] = f.has_previous;
    p["previous_label"] = frame.previous_label;
    p["rank_change"] = f.has_previous ? change_text(f.rank_change) : "";
    p["rank_change_cls"] = !f.has_previous     ? ""
                           : f.rank_change > 0 ? "up"
                           : f.rank_change < 0 ? "down"
                                               : "same";
    p["total_change"] = f.has_previous ? signed_points(f.total_change) : "";

    // 1. Indicators as bars against their targets.
    J inds = J::array(), missed = J::array();
    {
        std::vector<std::optional<double>> totals(4);
        for (int q = 0; q < 4; ++q)
            if (by_quarter[static_cast<std::size_t>(q)] &&
                by_quarter[static_cast<std::size_t>(q)]->has_total)
                totals[static_cast<std::size_t>(q)] =
                    by_quarter[static_cast<std::size_t>(q)]->total;
        svg::LineChart c;
        c.values = totals;
        c.last_quarter = frame.last_quarter;
        c.decimals = 1;
        c.width_mm = 40;
        c.height_mm = 20;
        p["total_trend"] = svg::line_chart(c);
    }
    for (std::size_t k = 0; k < m.indicators.size(); ++k) {
        const auto& ind = m.indicators[k];
        const IndicatorFact& s = f.indicators[k];
        if (!s.applicable) continue;
        J j;
        j["id"] = ind.id;
        j["name"] = ind.name;
        j["short_name"] = ind.short_name;
        j["scored"] = s.scored;
        j["reached"] = s.reached;
        j["bar_mm"] = s.scored ? svg::bar_length_mm(s.rate, frame.bar_width_mm) : 0.0;
        j["svg"] = svg::bar(s.scored ? std::optional<double>(s.rate) : std::nullopt, s.target,
                            s.reached, frame.bar_width_mm, frame.bar_height_mm);
        j["rate"] = s.scored ? rate_text(s.rate) : "—";
        j["counts"] = vn::number(static_cast<long long>(s.numerator)) + "/" +
                      vn::number(static_cast<long long>(s.denominator));
        j["target"] = target_text(s.target);
        j["points"] = s.scored ? vn::number(s.points, 2) + "/" + vn::number(s.max_points, 2) : "—";
        j["result"] = !s.scored ? "không chấm" : s.reached ? "Đạt" : "Chưa đạt";
        j["cls"] = !s.scored ? "kps" : s.reached ? "met" : "missed";
        inds.push_back(j);

        std::vector<std::optional<double>> rates(4);
        for (int q = 0; q < 4; ++q) {
            const UnitFact* qf = by_quarter[static_cast<std::size_t>(q)];
            if (qf && qf->indicators.size() > k && qf->indicators[k].scored)
                rates[static_cast<std::size_t>(q)] = qf->indicators[k].rate;
        }
        svg::LineChart c;
        c.values = rates;
        c.target = s.target;
        c.last_quarter = frame.last_quarter;
        c.width_mm = 34;
        c.height_mm = 11.5;
        c.compact = true;
        inds.back()["trend"] = svg::line_chart(c);

        if (s.scored && !s.reached) {
            auto rem = frame.remedies->find(ind.id);
            const std::string remedy = rem != frame.remedies->end() && !rem->second.empty()
                                           ? rem->second
                                           : "Có giải pháp nâng chỉ số “" + ind.name +
                                                 "” đạt chỉ tiêu " + target_text(s.target) + ".";
            missed.push_back({{"name", ind.name},
                              {"rate", rate_text(s.rate)},
                              {"target", target_text(s.target)},
                              {"gap", vn::number(s.target - s.rate, 1)},
                              {"remedy", remedy}});
        }
    }
    // The missed targets take the rest of the page: measured with the pinned font's metrics,
    // they drop to a smaller size when the remedies (free text from the job) would not fit.
    {
        const auto& tm = pdf::TextMetrics::shared();
        const double width_pt = kTextWidthMm * pdf::kPointsPerMm;
        int lines = 0;
        for (const auto& m : missed)
            lines += tm.line_count(
                m["name"].get<std::string>() + ": đạt " + m["rate"].get<std::string>() +
                    ", chỉ tiêu " + m["target"].get<std::string>() + " (thấp hơn " +
                    m["gap"].get<std::string>() +
                    " điểm phần trăm). Khắc phục: " + m["remedy"].get<std::string>(),
                pdf::FontSpec{10.5, false, false}, width_pt);
        const double line_mm = 1.2 * pdf::TextMetrics::pdf_size_pt(10.5) / pdf::kPointsPerMm;
        p["miss_small"] =
            static_cast<double>(lines) * line_mm + 0.8 * static_cast<double>(missed.size()) >
            kMissedBudgetMm;
    }
    p["indicators"] = inds;
    p["missed"] = missed;
    p["trend_label"] = frame.trend_label;
    p["bar_width_mm"] = frame.bar_width_mm;
    p["footer"] = frame.footer;
    return p;
}

}  // namespace vanban::leader
