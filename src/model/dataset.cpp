#include "model/dataset.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>

namespace vanban::model {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kTargetsPrefix = "chi-tieu-";

bool contains(const std::vector<Quarter>& qs, const Quarter& q) {
    return std::find(qs.begin(), qs.end(), q) != qs.end();
}

bool is_dir(const std::string& p) {
    std::error_code ec;
    return fs::is_directory(p, ec);
}

bool exists(const std::string& p) {
    std::error_code ec;
    return fs::exists(p, ec);
}

}  // namespace

std::optional<int> year_from_targets_file_name(std::string_view path) {
    auto slash = path.find_last_of('/');
    std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
    if (!base.starts_with(kTargetsPrefix) || !base.ends_with(".json")) return std::nullopt;
    auto y = base.substr(kTargetsPrefix.size(), base.size() - kTargetsPrefix.size() - 5);
    int year = 0;
    auto [p, ec] = std::from_chars(y.data(), y.data() + y.size(), year);
    if (ec != std::errc() || p != y.data() + y.size() || y.size() != 4) return std::nullopt;
    return year;
}

const Method* Dataset::method_for(int year) const {
    for (const auto& m : methods)
        if (m->year == year) return m.get();
    return nullptr;
}

std::vector<const QuarterData*> Dataset::quarters_of(const Period& p) const {
    std::vector<const QuarterData*> out;
    for (const Quarter& q : p.quarters()) {
        const QuarterData* found = nullptr;
        for (const auto& d : quarters)
            if (d.quarter == q) found = &d;
        if (!found) return {};
        out.push_back(found);
    }
    return out;
}

Dataset load_dataset(const std::string& org_path, const std::vector<std::string>& targets,
                     const std::vector<std::string>& data, const Period& period) {
    Dataset ds;
    ds.period = period;
    ds.org = load_organisation(org_path);
    const Period prev = period.previous();
    const std::vector<Quarter> current_q = period.quarters();
    const std::vector<Quarter> prev_q = prev.quarters();

    // Methods: the period's year is required, the previous year's only for the change columns.
    for (const std::string& t : targets) {
        std::vector<std::string> files;
        if (is_dir(t)) {
            for (int y : {period.year, prev.year}) {
                if (y == prev.year && y == period.year && !files.empty()) break;
                std::string f =
                    (fs::path(t) / (std::string(kTargetsPrefix) + std::to_string(y) + ".json"))
                        .string();
                if (exists(f)) files.push_back(f);
            }
        } else {
            files.push_back(t);
        }
        for (const std::string& f : files) {
            auto doc = JsonDocument::load(f);
            auto m = std::make_unique<Method>(parse_method(doc));
            auto named = year_from_targets_file_name(f);
            if (named && *named != m->year)
                doc.fail("/year", "năm trong tệp (" + std::to_string(m->year) +
                                      ") không khớp tên tệp (" + std::to_string(*named) + ")");
            if (ds.method_for(m->year))
                doc.fail("/year", "đã có bộ chỉ tiêu năm " + std::to_string(m->year) + " từ tệp " +
                                      ds.method_for(m->year)->source);
            ds.methods.push_back(std::move(m));
        }
    }
    if (!ds.method_for(period.year))
        throw InputError(targets.empty() ? std::string("--targets") : targets.front(), "", 0, 0,
                         "không có bộ chỉ tiêu năm " + std::to_string(period.year) +
                             " (tệp chi-tieu-" + std::to_string(period.year) + ".json)");

    // Data files.
    std::vector<std::string> files;
    for (const std::string& d : data) {
        if (is_dir(d)) {
            for (const auto& qs : {current_q, prev_q})
                for (const Quarter& q : qs) {
                    std::string f = (fs::path(d) / data_file_name(q)).string();
                    if (exists(f) && std::find(files.begin(), files.end(), f) == files.end())
                        files.push_back(f);
                }
        } else {
            auto q = quarter_from_file_name(d);
            if (!q)
                throw InputError(d, "", 0, 0,
                                 "tên tệp số liệu phải có dạng du-lieu-YYYY-Qn.json (ví dụ "
                                 "du-lieu-2024-Q2.json)");
            if (!contains(current_q, *q) && !contains(prev_q, *q))
                throw InputError(d, "", 0, 0,
                                 "tệp số liệu " + q->label_vi() + " không thuộc kỳ yêu cầu (" +
                                     period.label_vi() + ") hay kỳ so sánh (" + prev.label_vi() +
                                     ")");
            files.push_back(d);
        }
    }
    for (const std::string& f : files) {
        auto q = quarter_from_file_name(f);
        const Method* m = ds.method_for(q->year);
        if (!m) continue;  // previous year without targets: no comparison, reported below
        auto doc = JsonDocument::load(f);
        QuarterData qd = parse_quarter_data(doc, ds.org, *m);
        for (const auto& other : ds.quarters)
            if (other.quarter == qd.quarter)
                doc.fail("/period",
                         "đã có số liệu " + qd.quarter.label_vi() + " từ tệp " + other.source);
        ds.quarters.push_back(std::move(qd));
    }
    for (const Quarter& q : current_q) {
        bool found = false;
        for (const auto& d : ds.quarters) found = found || d.quarter == q;
        if (!found)
            throw InputError(data.empty() ? std::string("--data") : data.front(), "", 0, 0,
                             "thiếu tệp số liệu " + q.label_vi() + " (" + data_file_name(q) +
                                 ") cần cho kỳ " + period.label_vi());
    }
    if (!ds.method_for(prev.year))
        ds.previous_unavailable = "không có bộ chỉ tiêu năm " + std::to_string(prev.year);
    else if (ds.quarters_of(prev).empty())
        ds.previous_unavailable = "không có đủ số liệu " + prev.label_vi();
    return ds;
}

}  // namespace vanban::model
