#include "intake/mapping.hpp"

#include "intake/import_internal.hpp"

namespace vanban::intake {

Mapping load_mapping(const std::string& path, const model::Method& method) {
    return parse_mapping(model::JsonDocument::load(path), method);
}

Mapping parse_mapping(const model::JsonDocument& doc, const model::Method& method) {
    using model::pointer_append;
    Mapping m;
    m.source = doc.name();
    const auto& root = doc.object_at(doc.root(), "");
    for (auto it = root.begin(); it != root.end(); ++it) {
        const std::string& k = it.key();
        if (k != "$schema" && k != "sheet" && k != "header_rows" && k != "unit" &&
            k != "indicators" && k != "skip")
            doc.fail(pointer_append("", k),
                     "trường \"" + k +
                         "\" không có trong tệp ánh xạ (có: sheet, header_rows, unit, "
                         "indicators, skip)");
    }
    m.sheet = doc.string_member_or(root, "", "sheet", "");
    if (const auto* hr = doc.optional_member(root, "header_rows")) {
        const auto& arr = doc.array_at(*hr, "/header_rows");
        if (arr.empty() || arr.size() > 5)
            doc.fail("/header_rows", "cần từ 1 đến 5 số hàng tiêu đề, ví dụ [1] hoặc [3, 4]");
        m.header_rows.clear();
        for (std::size_t i = 0; i < arr.size(); ++i) {
            const auto& v = arr[i];
            auto p = pointer_append("/header_rows", i);
            if (!v.is_number_unsigned() || v.get<std::uint64_t>() < 1 ||
                v.get<std::uint64_t>() > 1000)
                doc.fail(
                    p, "số hàng phải là số nguyên từ 1 đến 1000, nhận được " + model::describe(v));
            auto r = static_cast<std::uint32_t>(v.get<std::uint64_t>());
            if (!m.header_rows.empty() && r <= m.header_rows.back())
                doc.fail(p, "các hàng tiêu đề phải tăng dần");
            m.header_rows.push_back(r);
        }
    }
    const auto& unit = doc.object_at(doc.member(root, "", "unit"), "/unit");
    m.unit_header = doc.string_member(unit, "/unit", "header");
    std::string by = doc.string_member_or(unit, "/unit", "by", "name");
    if (by != "name" && by != "code")
        doc.fail("/unit/by",
                 "cần \"name\" (tên đơn vị) hoặc \"code\" (mã đơn vị), nhận được \"" + by + "\"");
    m.unit_by_code = by == "code";
    const auto& inds = doc.object_at(doc.member(root, "", "indicators"), "/indicators");
    for (auto it = inds.begin(); it != inds.end(); ++it) {
        auto p = pointer_append("/indicators", it.key());
        int k = method.indicator_index(it.key());
        if (k < 0)
            doc.fail(p, "chỉ tiêu \"" + it.key() + "\" không có trong bộ chỉ tiêu năm " +
                            std::to_string(method.year) + " (" + method.source + ")");
        const auto& o = doc.object_at(it.value(), p);
        MappedIndicator mi;
        mi.indicator = static_cast<std::size_t>(k);
        mi.numerator = doc.string_member(o, p, "numerator");
        mi.denominator = doc.string_member(o, p, "denominator");
        mi.numerator_ptr = pointer_append(p, "numerator");
        mi.denominator_ptr = pointer_append(p, "denominator");
        m.indicators.push_back(std::move(mi));
    }
    if (const auto* skip = doc.optional_member(root, "skip")) {
        const auto& arr = doc.array_at(*skip, "/skip");
        for (std::size_t i = 0; i < arr.size(); ++i)
            m.skip.push_back(match_key(doc.string_value(arr[i], pointer_append("/skip", i))));
    }
    return m;
}

}  // namespace vanban::intake
