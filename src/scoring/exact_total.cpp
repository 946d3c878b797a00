#include "scoring/exact_total.hpp"

#include <cmath>
#include <vector>

namespace vanban::scoring {

namespace {

// Just enough of an unsigned big integer to compare sums of products exactly.
class BigUint {
  public:
    explicit BigUint(std::uint64_t v = 0) {
        while (v) {
            limbs_.push_back(static_cast<std::uint32_t>(v));
            v >>= 32;
        }
    }
    BigUint& mul(std::uint64_t m) {
        unsigned __int128 carry = 0;
        for (auto& l : limbs_) {
            unsigned __int128 p = static_cast<unsigned __int128>(l) * m + carry;
            l = static_cast<std::uint32_t>(p);
            carry = p >> 32;
        }
        while (carry) {
            limbs_.push_back(static_cast<std::uint32_t>(carry));
            carry >>= 32;
        }
        trim();
        return *this;
    }
    BigUint& add(const BigUint& o) {
        if (limbs_.size() < o.limbs_.size()) limbs_.resize(o.limbs_.size(), 0);
        std::uint64_t carry = 0;
        for (std::size_t i = 0; i < limbs_.size(); ++i) {
            std::uint64_t s = static_cast<std::uint64_t>(limbs_[i]) + carry +
                              (i < o.limbs_.size() ? o.limbs_[i] : 0);
            limbs_[i] = static_cast<std::uint32_t>(s);
            carry = s >> 32;
        }
        if (carry) limbs_.push_back(static_cast<std::uint32_t>(carry));
        return *this;
    }
    friend int compare(const BigUint& a, const BigUint& b) {
        if (a.limbs_.size() != b.limbs_.size()) return a.limbs_.size() < b.limbs_.size() ? -1 : 1;
        for (std::size_t i = a.limbs_.size(); i-- > 0;)
            if (a.limbs_[i] != b.limbs_[i]) return a.limbs_[i] < b.limbs_[i] ? -1 : 1;
        return 0;
    }

  private:
    void trim() {
        while (!limbs_.empty() && limbs_.back() == 0) limbs_.pop_back();
    }
    std::vector<std::uint32_t> limbs_;
};

// Points of a term as the exact fraction a/b.
void points_fraction(const ScoredTerm& t, std::uint64_t& a, std::uint64_t& b) {
    if (reaches_target(t)) {
        a = static_cast<std::uint64_t>(t.max_h);
        b = 100;
    } else {
        // (max_h/100) × (100 n/d) / (target_h/100) = max_h × 100 × n / (d × target_h)
        a = static_cast<std::uint64_t>(t.max_h) * 100u * static_cast<std::uint64_t>(t.numerator);
        b = static_cast<std::uint64_t>(t.denominator) * static_cast<std::uint64_t>(t.target_h);
    }
}

// Exactly: is (2k − 1) ≤ 2x, where x = 10^6 Σ(a_i/b_i) / S is the total in hundredths?
// That is (2k − 1) · S · Πb ≤ 2·10^6 · Σ a_i Π_{j≠i} b_j.
bool at_least_half_below(std::int64_t k, std::span<const ScoredTerm> terms) {
    std::vector<std::uint64_t> a(terms.size()), b(terms.size());
    std::uint64_t s = 0;
    for (std::size_t i = 0; i < terms.size(); ++i) {
        points_fraction(terms[i], a[i], b[i]);
        s += static_cast<std::uint64_t>(terms[i].max_h);
    }
    if (k <= 0) return true;
    BigUint lhs(static_cast<std::uint64_t>(2 * k - 1));
    lhs.mul(s);
    for (auto bi : b) lhs.mul(bi);
    BigUint rhs(0);
    for (std::size_t i = 0; i < terms.size(); ++i) {
        BigUint term(a[i]);
        term.mul(2'000'000);
        for (std::size_t j = 0; j < terms.size(); ++j)
            if (j != i) term.mul(b[j]);
        rhs.add(term);
    }
    return compare(lhs, rhs) <= 0;
}

}  // namespace

bool reaches_target(const ScoredTerm& t) {
    // 100 n / d ≥ target_h / 100  <=>  10000 n ≥ target_h d
    return static_cast<__int128>(t.numerator) * 10000 >=
           static_cast<__int128>(t.target_h) * t.denominator;
}

double points(const ScoredTerm& t) {
    if (reaches_target(t)) return static_cast<double>(t.max_h) / 100.0;
    return static_cast<double>(t.max_h) * 100.0 * static_cast<double>(t.numerator) /
           (static_cast<double>(t.denominator) * static_cast<double>(t.target_h));
}

std::int64_t total_hundredths(std::span<const ScoredTerm> terms) {
    double sum_points = 0;
    std::int64_t sum_max_h = 0;
    for (const auto& t : terms) {
        sum_points += points(t);
        sum_max_h += t.max_h;
    }
    const double x = sum_points * 1e6 / static_cast<double>(sum_max_h);  // total × 100
    auto k = static_cast<std::int64_t>(std::floor(x + 0.5));
    const double frac = x + 0.5 - static_cast<double>(k);
    // The double estimate is off by far less than 1e-6 of a hundredth; only near a half does the
    // exact comparison decide.
    if (frac < 1e-6 || frac > 1.0 - 1e-6) {
        if (at_least_half_below(k + 1, terms))
            ++k;
        else if (!at_least_half_below(k, terms))
            --k;
    }
    return k;
}

}  // namespace vanban::scoring
