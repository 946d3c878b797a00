#include "model/period.hpp"

#include <charconv>

namespace vanban::model {

namespace {
constexpr const char* kRoman[] = {"", "I", "II", "III", "IV"};

std::optional<int> parse_year(std::string_view s) {
    if (s.size() != 4) return std::nullopt;
    int y = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), y);
    if (ec != std::errc() || p != s.data() + s.size() || y < 1900) return std::nullopt;
    return y;
}
}  // namespace

std::string Quarter::code() const {
    return std::to_string(year) + "-Q" + std::to_string(quarter);
}

std::string Quarter::label_vi() const {
    return std::string("quý ") + kRoman[quarter] + "/" + std::to_string(year);
}

std::optional<Period> Period::parse(std::string_view code) {
    auto year = parse_year(code.substr(0, 4));
    if (!year) return std::nullopt;
    std::string_view rest = code.substr(4);
    Period p;
    p.year = *year;
    if (rest.empty()) {
        p.kind = PeriodKind::year;
    } else if (rest == "-6T") {
        p.kind = PeriodKind::six_months;
    } else if (rest == "-9T") {
        p.kind = PeriodKind::nine_months;
    } else if (rest.size() == 3 && rest[0] == '-' && rest[1] == 'Q' && rest[2] >= '1' &&
               rest[2] <= '4') {
        p.kind = PeriodKind::quarter;
        p.quarter = rest[2] - '0';
    } else {
        return std::nullopt;
    }
    return p;
}

std::string Period::code() const {
    std::string y = std::to_string(year);
    switch (kind) {
        case PeriodKind::quarter:
            return y + "-Q" + std::to_string(quarter);
        case PeriodKind::six_months:
            return y + "-6T";
        case PeriodKind::nine_months:
            return y + "-9T";
        case PeriodKind::year:
            return y;
    }
    return y;
}

std::string Period::slug() const {
    const std::string y = std::to_string(year);
    switch (kind) {
        case PeriodKind::quarter:
            return std::string("quy-") + kRoman[quarter] + "-" + y;
        case PeriodKind::six_months:
            return "6-thang-" + y;
        case PeriodKind::nine_months:
            return "9-thang-" + y;
        case PeriodKind::year:
            break;
    }
    return "nam-" + y;
}

std::string Period::label_vi() const {
    std::string y = std::to_string(year);
    switch (kind) {
        case PeriodKind::quarter:
            return Quarter{year, quarter}.label_vi();
        case PeriodKind::six_months:
            return "6 tháng đầu năm " + y;
        case PeriodKind::nine_months:
            return "9 tháng năm " + y;
        case PeriodKind::year:
            return "năm " + y;
    }
    return y;
}

std::vector<Quarter> Period::quarters() const {
    int first = 1, last = 4;
    switch (kind) {
        case PeriodKind::quarter:
            first = last = quarter;
            break;
        case PeriodKind::six_months:
            last = 2;
            break;
        case PeriodKind::nine_months:
            last = 3;
            break;
        case PeriodKind::year:
            break;
    }
    std::vector<Quarter> out;
    for (int q = first; q <= last; ++q) out.push_back({year, q});
    return out;
}

Period Period::previous() const {
    Period p = *this;
    if (kind == PeriodKind::quarter) {
        if (quarter == 1) {
            p.year = year - 1;
            p.quarter = 4;
        } else {
            p.quarter = quarter - 1;
        }
    } else {
        p.year = year - 1;
    }
    return p;
}

}  // namespace vanban::model
