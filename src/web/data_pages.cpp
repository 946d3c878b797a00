#include "web/data_pages.hpp"

#include <algorithm>

namespace vanban::web {

namespace {

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    if (from.empty()) return s;
    for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
        s.replace(pos, from.size(), to);
    return s;
}

}  // namespace

Json issues_json(const intake::Issues& issues, const model::Organisation& org,
                 const model::Method& method, const std::map<std::string, std::string>& shown) {
    std::vector<std::size_t> order(issues.all().size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    auto unit_rank = [&](const intake::Issue& i) {
        return i.unit.empty() ? -1 : org.unit_index(i.unit);
    };
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return unit_rank(issues.all()[a]) < unit_rank(issues.all()[b]);
    });
    Json out = Json::array();
    for (std::size_t idx : order) {
        const auto& i = issues.all()[idx];
        std::string file = i.file, message = i.message;
        for (const auto& [path, name] : shown) {
            if (file == path) file = name;
            message = replace_all(message, path, name);
        }
        const int ui = i.unit.empty() ? -1 : org.unit_index(i.unit);
        const int k = i.indicator.empty() ? -1 : method.indicator_index(i.indicator);
        out.push_back({{"error", i.severity == intake::Severity::error},
                       {"unit", i.unit},
                       {"unit_name", ui >= 0 ? org.units[static_cast<std::size_t>(ui)].name : ""},
                       {"indicator", i.indicator},
                       {"indicator_name",
                        k >= 0 ? method.indicators[static_cast<std::size_t>(k)].name : i.indicator},
                       {"file", file},
                       {"where", i.where},
                       {"message", message}});
    }
    return out;
}

}  // namespace vanban::web
