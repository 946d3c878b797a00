#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "scoring/exact_total.hpp"

using namespace vanban::scoring;

namespace {
// One indicator of 25 points with target 80 %: the total is 100 × (rate / 80) when below target.
std::int64_t single(std::int64_t n, std::int64_t d, std::int64_t target_h = 8000) {
    std::vector<ScoredTerm> t{{n, d, 2500, target_h}};
    return total_hundredths(t);
}
}  // namespace

TEST_CASE("reaching the target earns the maximum, below it rate × max / target") {
    CHECK(reaches_target({97, 100, 2500, 9700}));
    CHECK_FALSE(reaches_target({969, 1000, 2500, 9700}));
    CHECK(points({97, 100, 2500, 9700}) == 25.0);
    CHECK(points({100, 100, 2500, 9700}) == 25.0);  // never above the maximum
    // 40 % of a 80 % target: half of 15 points.
    CHECK(points({40, 100, 1500, 8000}) == Approx(7.5));
    CHECK(points({0, 100, 1500, 8000}) == 0.0);
}

TEST_CASE("totals round half away from zero at the third decimal") {
    // 70.5 % of 80 % = 0.88125 -> 88.125 -> 88.13
    CHECK(single(705, 1000) == 8813);
    // 70.492 % of 80 % = 0.88115 -> 88.115 -> 88.12
    CHECK(single(17623, 25000) == 8812);
    // 51.204 % of 80 % = 64.005 exactly; the double estimate is 6400.4999999…: must be 64.01
    CHECK(single(12801, 25000) == 6401);
    // Just below and above a half.
    CHECK(single(70499, 100000) == 8812);  // 88.12375
    CHECK(single(70501, 100000) == 8813);  // 88.12625
    // Target reached: 100.
    CHECK(single(80, 100) == 10000);
}

TEST_CASE("a binary-unfriendly half is still decided exactly with several indicators") {
    // 19 % of a 40 % target on 15 points, 96.66244 % of a 97 % target on 25 points:
    // exactly 80.095 (checked with Python fractions), which the double sum puts at 8009.4999…
    std::vector<ScoredTerm> t{{19, 100, 1500, 4000}, {2416561, 2500000, 2500, 9700}};
    CHECK(total_hundredths(t) == 8010);
    const double naive = std::floor((points(t[0]) + points(t[1])) * 1e6 / 4000.0 + 0.5);
    CHECK(naive == 8009);  // what rounding the double alone would have given
    // Naive rounding of the double result also fails on the single-indicator 64.005 case.
    const double naive1 = std::floor(2500.0 * 100.0 * 12801 / (25000.0 * 8000) * 1e6 / 2500 + 0.5);
    CHECK(naive1 == 6400);
}

TEST_CASE("rescaling: the total is over the maxima of the scored indicators only") {
    // 50 points full, 30 points at half -> 65 of 80 -> 81.25
    std::vector<ScoredTerm> t{{90, 100, 5000, 9000}, {30, 100, 3000, 6000}};
    CHECK(total_hundredths(t) == 8125);
}
