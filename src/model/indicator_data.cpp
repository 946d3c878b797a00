#include "model/indicator_data.hpp"

#include <filesystem>

namespace vanban::model {

namespace {

constexpr std::string_view kPrefix = "du-lieu-";
constexpr std::string_view kSuffix = ".json";

std::int64_t read_count(const JsonDocument& doc, const Json& obj, const std::string& ptr,
                        const char* key) {
    auto it = obj.find(key);
    if (it == obj.end()) doc.fail(ptr, std::string("thiếu trường \"") + key + "\"");
    const Json& v = *it;
    if (v.is_number_unsigned()) return static_cast<std::int64_t>(v.get<std::uint64_t>());
    doc.fail(pointer_append(ptr, key),
             "số đếm phải là số nguyên không âm, nhận được " + describe(v));
}

}  // namespace

std::optional<Quarter> quarter_from_file_name(std::string_view path) {
    std::string_view base = path;
    auto slash = base.find_last_of('/');
    if (slash != std::string_view::npos) base = base.substr(slash + 1);
    if (base.size() <= kPrefix.size() + kSuffix.size() || !base.starts_with(kPrefix) ||
        !base.ends_with(kSuffix))
        return std::nullopt;
    auto code = base.substr(kPrefix.size(), base.size() - kPrefix.size() - kSuffix.size());
    auto p = Period::parse(code);
    if (!p || p->kind != PeriodKind::quarter) return std::nullopt;
    return Quarter{p->year, p->quarter};
}

std::string data_file_name(const Quarter& q) {
    return std::string(kPrefix) + q.code() + std::string(kSuffix);
}

QuarterData load_quarter_data(const std::string& path, const Organisation& org,
                              const Method& method) {
    return parse_quarter_data(JsonDocument::load(path), org, method);
}

QuarterData parse_quarter_data(const JsonDocument& doc, const Organisation& org,
                               const Method& method) {
    QuarterData out;
    out.source = doc.name();
    const Json& root = doc.object_at(doc.root(), "");
    std::string code = doc.string_member(root, "", "period");
    auto period = Period::parse(code);
    if (!period || period->kind != PeriodKind::quarter)
        doc.fail("/period",
                 "kỳ của tệp số liệu phải là một quý dạng YYYY-Qn (ví dụ 2024-Q2), "
                 "nhận được \"" +
                     code + "\"");
    out.quarter = Quarter{period->year, period->quarter};
    auto named = quarter_from_file_name(doc.name());
    if (!named)
        doc.fail("/period",
                 "tên tệp số liệu phải có dạng du-lieu-YYYY-Qn.json để đối chiếu với kỳ \"" + code +
                     "\"");
    if (*named != out.quarter)
        doc.fail("/period", "kỳ trong tệp (" + out.quarter.code() + ") không khớp tên tệp (" +
                                named->code() + ")");
    if (method.year != out.quarter.year)
        doc.fail("/period", "số liệu năm " + std::to_string(out.quarter.year) +
                                " nhưng chỉ tiêu đang dùng là của năm " +
                                std::to_string(method.year));

    const std::size_t n_ind = method.indicators.size();
    out.indicator_count = n_ind;
    out.counts.assign(org.units.size() * n_ind, Counts{});
    out.present.assign(org.units.size(), 0);
    std::vector<std::size_t> first_seen(org.units.size(), 0);

    const Json& units = doc.array_at(doc.member(root, "", "units"), "/units");
    std::vector<std::uint8_t> seen(n_ind);
    for (std::size_t i = 0; i < units.size(); ++i) {
        const Json& u = units[i];
        if (!u.is_object()) doc.object_at(u, pointer_append("/units", i));
        auto uid = u.find("unit");
        if (uid == u.end() || !uid->is_string())
            doc.string_member(u, pointer_append("/units", i), "unit");  // reports the problem
        const std::string& id = uid->get_ref<const std::string&>();
        int idx = org.unit_index(id);
        if (idx < 0) {
            // Ids are ASCII by the organisation's rule, so NFC cannot change the outcome.
            doc.fail(pointer_append(pointer_append("/units", i), "unit"),
                     "đơn vị \"" + id + "\" không có trong tệp tổ chức " + org.source);
        }
        const auto ui = static_cast<std::size_t>(idx);
        if (out.present[ui])
            doc.fail(pointer_append(pointer_append("/units", i), "unit"),
                     "đơn vị \"" + id + "\" bị trùng (đã có ở /units/" +
                         std::to_string(first_seen[ui]) + ")");
        out.present[ui] = 1;
        first_seen[ui] = i;
        const Level level = org.units[ui].level;
        const int li = static_cast<int>(level);

        auto cit = u.find("counts");
        if (cit == u.end() || !cit->is_object()) {
            std::string p = pointer_append("/units", i);
            doc.object_at(doc.member(u, p, "counts"), pointer_append(p, "counts"));
        }
        std::fill(seen.begin(), seen.end(), 0);
        Counts* row = &out.counts[ui * n_ind];
        for (auto it = cit->begin(); it != cit->end(); ++it) {
            const std::string& key = it.key();
            int k = method.indicator_index(key);
            auto ptr = [&] {
                return pointer_append(pointer_append(pointer_append("/units", i), "counts"), key);
            };
            if (k < 0)
                doc.fail(ptr(), "chỉ tiêu \"" + key + "\" không có trong bộ chỉ tiêu năm " +
                                    std::to_string(method.year) + " (" + method.source + ")");
            const Indicator& ind = method.indicators[static_cast<std::size_t>(k)];
            if (!ind.target_h[static_cast<std::size_t>(li)])
                doc.fail(ptr(), "chỉ tiêu \"" + key + "\" không có mục tiêu cho cấp " +
                                    std::string(level_name_vi(level)) + " năm " +
                                    std::to_string(method.year) + " (" + method.source +
                                    ") nhưng đơn vị \"" + id + "\" lại có số liệu");
            const Json& c = it.value();
            if (!c.is_object()) doc.object_at(c, ptr());
            std::string p;  // built lazily: only error paths need it
            auto cp = [&]() -> const std::string& {
                if (p.empty()) p = ptr();
                return p;
            };
            auto num_it = c.find("numerator");
            auto den_it = c.find("denominator");
            std::int64_t num, den;
            if (num_it != c.end() && num_it->is_number_unsigned())
                num = static_cast<std::int64_t>(num_it->get<std::uint64_t>());
            else
                num = read_count(doc, c, cp(), "numerator");
            if (den_it != c.end() && den_it->is_number_unsigned())
                den = static_cast<std::int64_t>(den_it->get<std::uint64_t>());
            else
                den = read_count(doc, c, cp(), "denominator");
            constexpr std::int64_t kMax = 1'000'000'000'000LL;
            if (num > kMax || den > kMax) doc.fail(cp(), "số đếm quá lớn (tối đa 10^12)");
            if (num > den)
                doc.fail(pointer_append(cp(), "numerator"), "tử số (" + std::to_string(num) +
                                                                ") lớn hơn mẫu số (" +
                                                                std::to_string(den) + ")");
            row[k] = Counts{num, den};
            seen[static_cast<std::size_t>(k)] = 1;
        }
        for (std::size_t k = 0; k < n_ind; ++k) {
            if (!seen[k] && method.indicators[k].target_h[static_cast<std::size_t>(li)])
                doc.fail(pointer_append(pointer_append("/units", i), "counts"),
                         "thiếu số liệu chỉ tiêu \"" + method.indicators[k].id +
                             "\" của đơn vị \"" + id + "\" (ghi mẫu số 0 nếu không phát sinh)");
        }
    }
    return out;
}

}  // namespace vanban::model
