// Scoring with hand-computed expectations on the fixture organisation (tests/model/fixtures.hpp):
// indicator a (50 points, target 90), b (30 points, target 60, not for communes),
// c (20 points, target 50).
#include <catch2/catch.hpp>

#include <random>

#include "fixtures.hpp"
#include "scoring/score.hpp"

using namespace vanban;
using namespace vanban::scoring;
using fixtures::c;
using fixtures::row;

namespace {

struct World {
    model::Organisation org = fixtures::org();
    model::Method method = fixtures::method();
    model::QuarterData q1, q2;
    World() {
        q1 = fixtures::quarter(
            org, method, "2024-Q1",
            {row("s1", c(10, 10), c(6, 10), c(1, 1)), row("s2", c(9, 10), c(3, 10), c(0, 0)),
             row("s3", c(9, 10), c(3, 10), c(0, 0)), row("s4", c(45, 100), c(6, 10), c(1, 2)),
             row("h1", c(18, 20), c(12, 20), c(1, 4)), row("h2", c(81, 100), c(3, 5), c(1, 2)),
             row("x1", c(9, 10), "", c(1, 4)), row("x2", c(27, 30), "", c(1, 4)),
             row("x3", c(1, 2), "", c(0, 0))});
        q2 = fixtures::quarter(
            org, method, "2024-Q2",
            {row("s1", c(0, 30), c(0, 0), c(0, 0)), row("s2", c(10, 10), c(6, 10), c(0, 0)),
             row("s3", c(10, 10), c(6, 10), c(0, 0)), row("h1", c(18, 20), c(12, 20), c(1, 4)),
             row("h2", c(81, 100), c(3, 5), c(1, 2)), row("x1", c(9, 10), "", c(1, 4)),
             row("x2", c(27, 30), "", c(1, 4)), row("x3", c(1, 2), "", c(0, 0))});
    }
    ScoreTable score(const char* period) const {
        return score_period(org, method, {&q1, &q2}, *model::Period::parse(period));
    }
    const std::string& name(const UnitScore& r) const {
        return org.units[static_cast<std::size_t>(r.unit)].name;
    }
    std::vector<std::string> names(const ScoreTable& t, model::Level l) const {
        std::vector<std::string> out;
        for (const auto& r : t.rows)
            if (r.level == l) out.push_back(name(r));
        return out;
    }
    const UnitScore& row_of(const ScoreTable& t, const char* id) const {
        for (const auto& r : t.rows)
            if (org.units[static_cast<std::size_t>(r.unit)].id == id) return r;
        throw std::runtime_error("no row");
    }
};

}  // namespace

TEST_CASE("quarter: points, partial points, rescaling, totals and bands") {
    World w;
    ScoreTable t = w.score("2024-Q1");
    const UnitScore& s1 = w.row_of(t, "s1");
    CHECK(s1.total_h == 10000);
    CHECK(s1.band == "Xuất sắc");
    // Ê: a full (50), b 30 % of 60 % -> 15, c không phát sinh -> 65 / 80 = 81.25
    const UnitScore& s2 = w.row_of(t, "s2");
    CHECK_FALSE(s2.indicators[2].scored);
    CHECK(s2.indicators[2].applicable);
    CHECK(s2.indicators[1].points == Approx(15.0));
    CHECK(s2.indicators[1].rate == Approx(30.0));
    CHECK_FALSE(s2.indicators[1].reached);
    CHECK(s2.scored_max_points == 80.0);
    CHECK(s2.total_h == 8125);
    CHECK(s2.band == "Tốt");
    // Ân: a 45 % of 90 % -> 25 points -> 75
    const UnitScore& s4 = w.row_of(t, "s4");
    CHECK(s4.indicators[0].points == Approx(25.0));
    CHECK(s4.total_h == 7500);
    CHECK(s4.band == "Khá");
    // Communes have no b: x1 = (50 + 25 % of 50 % × 20 = 10) / 70 = 85.714… -> 85.71
    const UnitScore& x1 = w.row_of(t, "x1");
    CHECK_FALSE(x1.indicators[1].applicable);
    CHECK(x1.total_h == 8571);
    // x3: a 50 % of 90 % × 50 = 27.777…, c không phát sinh -> 55.555… -> 55.56
    const UnitScore& x3 = w.row_of(t, "x3");
    CHECK(x3.total_h == 5556);
    CHECK(x3.total == 55.56);
    CHECK(x3.band == "Trung bình");
    CHECK(w.row_of(t, "h1").total_h == 9000);
    CHECK(w.row_of(t, "h2").total_h == 9500);
}

TEST_CASE("ranks: equal totals share a rank (1, 2, 2, 4), ties in Vietnamese collation order") {
    World w;
    ScoreTable t = w.score("2024-Q1");
    // Byte order would put "Ban Ê" before "Ban Đông".
    CHECK(w.names(t, model::Level::so) ==
          std::vector<std::string>{"Ban Dương", "Ban Đông", "Ban Ê", "Ban Ân"});
    std::vector<int> ranks;
    for (const auto& r : t.rows)
        if (r.level == model::Level::so) ranks.push_back(r.rank);
    CHECK(ranks == std::vector<int>{1, 2, 2, 4});
    CHECK(w.names(t, model::Level::huyen) == std::vector<std::string>{"Huyện Hai", "Huyện Một"});
    // Communes: x1 and x2 tie at 85.71 ("Hai" before "Một"), x3 third in the level but first in
    // its district.
    CHECK(w.names(t, model::Level::xa) == std::vector<std::string>{"Xã Hai", "Xã Một", "Xã Ba"});
    CHECK(w.row_of(t, "x1").rank == 1);
    CHECK(w.row_of(t, "x2").rank == 1);
    CHECK(w.row_of(t, "x3").rank == 3);
    CHECK(w.row_of(t, "x3").rank_in_district == 1);
    CHECK(w.row_of(t, "x2").rank_in_district == 1);
}

TEST_CASE("six months sum the counts of the quarters before dividing") {
    World w;
    ScoreTable t = w.score("2024-6T");
    // Dương: a 10/40 = 25 % -> 25 × 50 / 90 = 13.888…, b 6/10 -> 30, c 1/1 -> 20: 63.888… -> 63.89
    // (averaging the quarterly rates 100 % and 0 % would have given 77.78)
    const UnitScore& s1 = w.row_of(t, "s1");
    CHECK(s1.indicators[0].numerator == 10);
    CHECK(s1.indicators[0].denominator == 40);
    CHECK(s1.total_h == 6389);
    // Ê: a 19/20 full, b 9/20 = 45 % -> 22.5, c 0/0 -> 72.5 / 80 = 90.625 -> 90.63 (half away)
    CHECK(w.row_of(t, "s2").total_h == 9063);
    CHECK(w.row_of(t, "s3").total_h == 9063);
    // Ân has no data for Q2: reported, not averaged, not ranked, listed last.
    const UnitScore& s4 = w.row_of(t, "s4");
    CHECK_FALSE(s4.has_total);
    CHECK(s4.rank == 0);
    CHECK(s4.missing_quarters == std::vector<model::Quarter>{{2024, 2}});
    CHECK(w.names(t, model::Level::so) ==
          std::vector<std::string>{"Ban Đông", "Ban Ê", "Ban Dương", "Ban Ân"});
    CHECK(w.row_of(t, "s2").rank == 1);
    CHECK(w.row_of(t, "s3").rank == 1);
    CHECK(s1.rank == 3);
}

TEST_CASE("a unit with nothing to score gets no total") {
    World w;
    ScoreTable t = w.score("2024-Q2");
    // Dương in Q2: a 0/30 -> 0 points, b and c không phát sinh -> 0 / 50 -> 0, band Yếu
    CHECK(w.row_of(t, "s1").total_h == 0);
    CHECK(w.row_of(t, "s1").band == "Yếu");
    auto q = fixtures::quarter(w.org, w.method, "2024-Q3", {row("x3", c(0, 0), "", c(0, 0))});
    ScoreTable t3 = score_period(w.org, w.method, {&q}, *model::Period::parse("2024-Q3"));
    const UnitScore& x3 = w.row_of(t3, "x3");
    CHECK(x3.missing_quarters.empty());
    CHECK_FALSE(x3.has_total);
    CHECK(x3.rank == 0);
}

TEST_CASE("change against the previous period: rank and total") {
    World w;
    ScoreTable q1 = w.score("2024-Q1");
    ScoreTable q2 = w.score("2024-Q2");
    attach_previous(q2, q1);
    CHECK(q2.has_previous);
    CHECK(q2.previous_period.code() == "2024-Q1");
    const UnitScore& s2 = w.row_of(q2, "s2");  // 81.25, rank 2 -> 100, rank 1
    REQUIRE(s2.has_previous);
    CHECK(s2.previous_rank == 2);
    CHECK(s2.rank_change == 1);
    CHECK(s2.total_change == Approx(18.75));
    const UnitScore& s1 = w.row_of(q2, "s1");  // 100, rank 1 -> 0, rank 3
    CHECK(s1.rank_change == -2);
    CHECK(s1.total_change == Approx(-100.0));
    CHECK_FALSE(w.row_of(q2, "s4").has_previous);  // no Q2 total
}

TEST_CASE("property: yearly counts equal the sum of the quarters, and so does the score") {
    model::Organisation org = fixtures::org();
    model::Method method = fixtures::method();
    std::mt19937_64 rng(766);
    const std::size_t n_units = org.units.size(), n_ind = method.indicators.size();
    for (int iteration = 0; iteration < 200; ++iteration) {
        std::vector<model::QuarterData> qs(4);
        model::QuarterData merged;
        merged.quarter = {2024, 1};
        merged.indicator_count = n_ind;
        merged.counts.assign(n_units * n_ind, {});
        merged.present.assign(n_units, 1);
        for (int q = 0; q < 4; ++q) {
            auto& d = qs[static_cast<std::size_t>(q)];
            d.quarter = {2024, q + 1};
            d.indicator_count = n_ind;
            d.present.assign(n_units, 1);
            d.counts.resize(n_units * n_ind);
            for (std::size_t i = 0; i < d.counts.size(); ++i) {
                std::int64_t den = static_cast<std::int64_t>(rng() % 5 == 0 ? 0 : rng() % 100000);
                std::int64_t num =
                    den == 0
                        ? 0
                        : static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(den + 1));
                d.counts[i] = {num, den};
                merged.counts[i].numerator += num;
                merged.counts[i].denominator += den;
            }
        }
        std::vector<const model::QuarterData*> ptrs{&qs[0], &qs[1], &qs[2], &qs[3]};
        ScoreTable year = score_period(org, method, ptrs, *model::Period::parse("2024"));
        ScoreTable one = score_period(org, method, {&merged}, *model::Period::parse("2024-Q1"));
        REQUIRE(year.rows.size() == one.rows.size());
        for (std::size_t r = 0; r < year.rows.size(); ++r) {
            const UnitScore& y = year.rows[r];
            const UnitScore& o = one.rows[r];
            REQUIRE(y.unit == o.unit);
            auto sums = sum_counts(ptrs, static_cast<std::size_t>(y.unit));
            for (std::size_t k = 0; k < n_ind; ++k) {
                if (!y.indicators[k].applicable) continue;
                CHECK(y.indicators[k].numerator == sums[k].numerator);
                CHECK(y.indicators[k].denominator == sums[k].denominator);
                CHECK(y.indicators[k].numerator ==
                      merged.at(static_cast<std::size_t>(y.unit), k).numerator);
            }
            CHECK(y.has_total == o.has_total);
            CHECK(y.total_h == o.total_h);
            CHECK(y.rank == o.rank);
        }
    }
}

TEST_CASE("a unit absent from a quarter's file has no counts, rates or points (chưa có số liệu)") {
    World w;
    // Ân (s4) is in the Q1 file only. In Q2 it has nothing: not 0/0 (không phát sinh).
    ScoreTable q2 = w.score("2024-Q2");
    const UnitScore& s4 = w.row_of(q2, "s4");
    CHECK(s4.missing_data());
    CHECK_FALSE(s4.has_total);
    for (const auto& s : s4.indicators) {
        if (!s.applicable) continue;
        CHECK(s.missing);
        CHECK_FALSE(s.scored);
        CHECK_FALSE(s.reached);
    }
    // A unit with data is never "missing", even with nothing to count.
    for (const auto& s : w.row_of(q2, "s1").indicators) CHECK_FALSE(s.missing);
    CHECK(w.row_of(q2, "s1").indicators[1].denominator == 0);
    // Over 6T its Q1 counts are not summed into partial rates: none of its figures is scored,
    // so none feeds an average, a missed target or a ↓ mark.
    ScoreTable six = w.score("2024-6T");
    const UnitScore& s4y = w.row_of(six, "s4");
    CHECK(s4y.missing_quarters == std::vector<model::Quarter>{{2024, 2}});
    for (const auto& s : s4y.indicators) {
        CHECK_FALSE(s.scored);
        CHECK(s.numerator == 0);
        CHECK(s.denominator == 0);
        CHECK(s.points == 0);
        CHECK(s.missing == s.applicable);
    }
    CHECK(s4y.raw_points == 0);
    CHECK(s4y.scored_max_points == 0);
    CHECK(s4y.rank == 0);
}

TEST_CASE("the previous rank and total are kept when this period has no total") {
    World w;
    ScoreTable q1 = w.score("2024-Q1");
    ScoreTable q2 = w.score("2024-Q2");
    attach_previous(q2, q1);
    const UnitScore& p = w.row_of(q1, "s4");
    REQUIRE(p.has_total);
    const UnitScore& s4 = w.row_of(q2, "s4");
    CHECK_FALSE(s4.has_total);
    CHECK(s4.previous_ranked);
    CHECK(s4.previous_rank == p.rank);
    CHECK(s4.previous_total == Approx(75.0));
    CHECK_FALSE(s4.has_previous);  // no change without a current total
    CHECK(s4.rank_change == 0);
    // Ranked in both: the change is there too.
    CHECK(w.row_of(q2, "s2").previous_ranked);
    CHECK(w.row_of(q2, "s2").has_previous);
}

TEST_CASE("a comparison across different methods is flagged") {
    World w;
    ScoreTable q1 = w.score("2024-Q1");
    ScoreTable q2 = w.score("2024-Q2");
    attach_previous(q2, q1);
    CHECK(q2.previous_method == &w.method);
    CHECK(q2.same_method);
    CHECK(same_method(w.method, fixtures::method(2023)));  // same content, another year

    for (int change = 0; change < 3; ++change) {
        model::Method other = w.method;
        if (change == 0) other.indicators[0].target_h[0] = 9500;  // a target
        if (change == 1)
            std::swap(other.indicators[0].max_points_h,  // maxima
                      other.indicators[1].max_points_h);
        if (change == 2) other.indicators[2].id = "d";  // an indicator
        CAPTURE(change);
        CHECK_FALSE(same_method(w.method, other));
        ScoreTable before = score_period(w.org, other, {&w.q1}, *model::Period::parse("2024-Q1"));
        ScoreTable now = w.score("2024-Q2");
        attach_previous(now, before);
        CHECK(now.previous_method == &other);
        CHECK_FALSE(now.same_method);
    }
}
