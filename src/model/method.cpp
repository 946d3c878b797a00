#include "model/method.hpp"

namespace vanban::model {

int Method::indicator_index(std::string_view id) const {
    for (std::size_t i = 0; i < indicators.size(); ++i)
        if (indicators[i].id == id) return static_cast<int>(i);
    return -1;
}

std::string method_label_vi(const Method& m) {
    std::string s = "bộ chỉ tiêu năm " + std::to_string(m.year);
    if (!m.basis.empty()) s += " (" + m.basis + ")";
    return s;
}

const Band& Method::band_for(std::int64_t total_h) const {
    for (const Band& b : bands)
        if (total_h >= b.min_h) return b;
    return bands.back();
}

Method load_method(const std::string& path) {
    return parse_method(JsonDocument::load(path));
}

Method parse_method(const JsonDocument& doc) {
    Method m;
    m.source = doc.name();
    const Json& root = doc.object_at(doc.root(), "");
    std::int64_t year = doc.integer_member(root, "", "year");
    if (year < 1900 || year > 9999) doc.fail("/year", "năm phải từ 1900 đến 9999");
    m.year = static_cast<int>(year);
    m.basis = doc.string_member_or(root, "", "basis", "");

    const Json& inds = doc.array_at(doc.member(root, "", "indicators"), "/indicators");
    if (inds.empty()) doc.fail("/indicators", "cần ít nhất một chỉ tiêu");
    std::int64_t sum_h = 0;
    for (std::size_t i = 0; i < inds.size(); ++i) {
        std::string p = pointer_append("/indicators", i);
        const Json& j = doc.object_at(inds[i], p);
        Indicator ind;
        ind.id = doc.string_member(j, p, "id");
        if (m.indicator_index(ind.id) >= 0)
            doc.fail(pointer_append(p, "id"), "mã chỉ tiêu \"" + ind.id + "\" bị trùng");
        ind.name = doc.string_member(j, p, "name");
        ind.short_name = doc.string_member_or(j, p, "short_name", ind.name);
        ind.numerator_label = doc.string_member(j, p, "numerator");
        ind.denominator_label = doc.string_member(j, p, "denominator");
        std::string mp = pointer_append(p, "max_points");
        ind.max_points_h = doc.hundredths_value(doc.member(j, p, "max_points"), mp);
        if (ind.max_points_h <= 0) doc.fail(mp, "điểm tối đa phải lớn hơn 0");
        sum_h += ind.max_points_h;
        std::string tp = pointer_append(p, "targets");
        const Json& targets = doc.object_at(doc.member(j, p, "targets"), tp);
        bool any = false;
        for (auto it = targets.begin(); it != targets.end(); ++it) {
            std::string lp = pointer_append(tp, it.key());
            auto level = parse_level(it.key());
            if (!level)
                doc.fail(lp, "cấp \"" + it.key() + "\" không tồn tại (cần so, huyen hoặc xa)");
            if (it.value().is_null()) continue;  // explicitly not scored at that level
            std::int64_t t = doc.hundredths_value(it.value(), lp);
            if (t <= 0 || t > 10000)
                doc.fail(lp, "mục tiêu là tỷ lệ phần trăm, cần lớn hơn 0 và không quá 100");
            ind.target_h[static_cast<int>(*level)] = t;
            any = true;
        }
        if (!any)
            doc.fail(
                tp,
                "chỉ tiêu cần mục tiêu cho ít nhất một cấp (bỏ chỉ tiêu nếu năm nay không chấm)");
        m.indicators.push_back(std::move(ind));
    }
    if (sum_h != 10000)
        doc.fail("/indicators", "tổng điểm tối đa của các chỉ tiêu phải bằng 100, đang là " +
                                    std::to_string(sum_h / 100) + "," +
                                    (sum_h % 100 < 10 ? "0" : "") + std::to_string(sum_h % 100));

    const Json& bands = doc.array_at(doc.member(root, "", "bands"), "/bands");
    if (bands.empty()) doc.fail("/bands", "cần ít nhất một mức xếp loại");
    for (std::size_t i = 0; i < bands.size(); ++i) {
        std::string p = pointer_append("/bands", i);
        const Json& b = doc.object_at(bands[i], p);
        Band band;
        band.name = doc.string_member(b, p, "name");
        band.min_h = doc.hundredths_value(doc.member(b, p, "min"), pointer_append(p, "min"));
        if (!m.bands.empty() && band.min_h >= m.bands.back().min_h)
            doc.fail(pointer_append(p, "min"),
                     "các mức xếp loại phải theo thứ tự điểm sàn giảm dần");
        m.bands.push_back(std::move(band));
    }
    if (m.bands.back().min_h != 0)
        doc.fail(pointer_append("/bands", bands.size() - 1) + "/min",
                 "mức xếp loại cuối cùng phải có điểm sàn 0 để mọi tổng điểm đều được xếp loại");
    return m;
}

}  // namespace vanban::model
