// The total of a unit, rounded to 2 decimals half away from zero, computed so that binary
// floating point can never move a total across a rounding boundary: the estimate in double is
// checked against exact integer arithmetic whenever it lies near a half-hundredth.
#pragma once

#include <cstdint>
#include <span>

namespace vanban::scoring {

// One scored indicator, with maxima and targets in hundredths (25 points -> 2500, 97% -> 9700).
struct ScoredTerm {
    std::int64_t numerator = 0;
    std::int64_t denominator = 0;  // > 0
    std::int64_t max_h = 0;
    std::int64_t target_h = 0;
};

// True when the rate numerator/denominator (in percent) reaches target_h / 100.
bool reaches_target(const ScoredTerm& t);

// Points of one indicator as a double: the maximum when the target is reached, otherwise
// rate × maximum / target.
double points(const ScoredTerm& t);

// 100 × Σ points / Σ maxima, rounded half away from zero to 2 decimals, returned in hundredths
// (88.125 -> 8813). Requires at least one term.
std::int64_t total_hundredths(std::span<const ScoredTerm> terms);

}  // namespace vanban::scoring
