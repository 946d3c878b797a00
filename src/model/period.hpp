// Reporting periods: a quarter ("2024-Q2"), six months ("2024-6T"), nine months ("2024-9T") and
// the year ("2024"). Longer periods are made of quarters whose counts are summed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vanban::model {

struct Quarter {
    int year = 0;
    int quarter = 0;               // 1..4
    std::string code() const;      // "2024-Q2"
    std::string label_vi() const;  // "quý II/2024"
    auto operator<=>(const Quarter&) const = default;
};

enum class PeriodKind { quarter, six_months, nine_months, year };

struct Period {
    int year = 0;
    PeriodKind kind = PeriodKind::year;
    int quarter = 0;  // only for PeriodKind::quarter

    // Parses the codes above; nullopt for anything else (years 1900..9999).
    static std::optional<Period> parse(std::string_view code);

    std::string code() const;
    // "quý II/2024", "6 tháng đầu năm 2024", "9 tháng năm 2024", "năm 2024".
    std::string label_vi() const;
    // The period in file and folder names: "quy-II-2024", "6-thang-2024", "9-thang-2024",
    // "nam-2024" (the batch's period folders, the ranking's per-district files).
    std::string slug() const;
    // The quarters whose counts make up the period, in order.
    std::vector<Quarter> quarters() const;
    // The period the change columns compare with: Q2 -> Q1, Q1 -> Q4 of the previous year,
    // 6T -> 6T of the previous year, 9T -> 9T of the previous year, year -> previous year.
    Period previous() const;
    bool operator==(const Period&) const = default;
};

}  // namespace vanban::model
