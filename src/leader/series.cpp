// The year's quarters scored one by one for the trend charts.
#include <algorithm>
#include <filesystem>

#include "leader/leader.hpp"

namespace vanban::leader {

namespace fs = std::filesystem;

QuarterSeries load_series(const model::Dataset& ds, const std::vector<std::string>& data) {
    QuarterSeries s;
    s.year = ds.period.year;
    s.last_quarter = ds.period.quarters().back().quarter;
    const model::Method* method = ds.method_for(s.year);
    if (!method) return s;
    // Files first (loaded holds them at stable addresses once the vector is complete).
    std::vector<model::Quarter> wanted;
    for (int q = 1; q <= s.last_quarter; ++q) {
        const model::Quarter quarter{s.year, q};
        bool have = false;
        for (const auto& d : ds.quarters) have = have || d.quarter == quarter;
        if (have) continue;
        for (const std::string& d : data) {
            std::error_code ec;
            std::string file;
            if (fs::is_directory(d, ec)) {
                const fs::path f = fs::path(d) / model::data_file_name(quarter);
                if (fs::exists(f, ec)) file = f.string();
            } else if (model::quarter_from_file_name(d) == quarter) {
                file = d;
            }
            if (!file.empty()) {
                s.loaded.push_back(model::load_quarter_data(file, ds.org, *method));
                break;
            }
        }
    }
    for (int q = 1; q <= s.last_quarter; ++q) {
        const model::Quarter quarter{s.year, q};
        const model::QuarterData* found = nullptr;
        for (const auto& d : ds.quarters)
            if (d.quarter == quarter) found = &d;
        for (const auto& d : s.loaded)
            if (d.quarter == quarter) found = &d;
        if (!found) continue;
        model::Period p;
        p.year = s.year;
        p.kind = model::PeriodKind::quarter;
        p.quarter = q;
        s.tables[static_cast<std::size_t>(q - 1)] =
            scoring::score_period(ds.org, *method, {found}, p);
    }
    return s;
}

}  // namespace vanban::leader
