#include "intake/json_import.hpp"

#include <algorithm>

#include "intake/import_internal.hpp"
#include "model/indicator_data.hpp"
#include "model/json_source.hpp"

namespace vanban::intake {

namespace {

using model::Json;
using model::pointer_append;

constexpr std::int64_t kMaxCount = 1'000'000'000'000LL;  // the loader's limit

struct Checker {
    const model::JsonDocument& doc;
    Collected& c;

    // The pointer with its line, as the CLI's messages give it.
    std::string where(const std::string& pointer) const {
        const auto e = doc.error(pointer, "");
        std::string w = pointer.empty() ? "/" : pointer;
        if (e.line) w += " (dòng " + std::to_string(e.line) + ")";
        return w;
    }
    void error(const std::string& pointer, const std::string& message) {
        c.issues.error(doc.name(), where(pointer), message);
    }

    std::optional<std::int64_t> count(const Json& obj, const std::string& ptr, const char* key) {
        auto it = obj.find(key);
        if (it == obj.end()) {
            error(ptr, std::string("thiếu trường \"") + key + "\"");
            return std::nullopt;
        }
        if (!it->is_number_unsigned()) {
            error(pointer_append(ptr, key),
                  "số đếm phải là số nguyên không âm, nhận được " + model::describe(*it));
            return std::nullopt;
        }
        const auto v = it->get<std::uint64_t>();
        if (v > static_cast<std::uint64_t>(kMaxCount)) {
            error(pointer_append(ptr, key), "số đếm quá lớn (tối đa 10^12)");
            return std::nullopt;
        }
        return static_cast<std::int64_t>(v);
    }

    void unit(const Json& u, std::size_t i) {
        const std::string ptr = pointer_append("/units", i);
        c.issues.clear_subject();
        if (!u.is_object()) return error(ptr, "mỗi phần tử của units phải là một đối tượng");
        auto uid = u.find("unit");
        if (uid == u.end() || !uid->is_string())
            return error(pointer_append(ptr, "unit"),
                         "cần mã đơn vị (chuỗi) trong trường \"unit\"");
        const std::string id = uid->get<std::string>();
        const int idx = c.org.unit_index(id);
        if (idx < 0)
            return error(pointer_append(ptr, "unit"),
                         "đơn vị \"" + id + "\" không có trong tệp tổ chức " + c.org.source);
        const auto ui = static_cast<std::size_t>(idx);
        c.issues.set_subject(id);
        if (!c.claim(ui, doc.name(), ptr)) return;  // pointers only: lines cost a rescan
        auto cit = u.find("counts");
        const std::string cptr = pointer_append(ptr, "counts");
        if (cit == u.end() || !cit->is_object())
            return error(cit == u.end() ? ptr : cptr,
                         "cần đối tượng \"counts\": số liệu theo mã chỉ tiêu");
        const std::size_t n = c.method.indicators.size();
        std::vector<std::uint8_t> seen(n, 0);
        for (auto it = cit->begin(); it != cit->end(); ++it) {
            const std::string kptr = pointer_append(cptr, it.key());
            const int k = c.method.indicator_index(it.key());
            c.issues.set_subject(id, it.key());
            if (k < 0) {
                error(kptr, "chỉ tiêu \"" + it.key() + "\" không có trong bộ chỉ tiêu năm " +
                                std::to_string(c.method.year) + " (" + c.method.source + ")");
                continue;
            }
            const auto ki = static_cast<std::size_t>(k);
            seen[ki] = 1;
            if (!c.applies(ui, ki)) {
                error(kptr, "chỉ tiêu \"" + it.key() + "\" không có mục tiêu cho cấp " +
                                std::string(model::level_name_vi(c.org.units[ui].level)) +
                                " nhưng đơn vị \"" + id + "\" lại có số liệu");
                continue;
            }
            if (!it->is_object()) {
                error(kptr, "cần đối tượng {\"numerator\": …, \"denominator\": …}");
                continue;
            }
            auto num = count(*it, kptr, "numerator");
            auto den = count(*it, kptr, "denominator");
            // Lines only where store_pair reports (finding one rescans the text).
            const bool bad = num && den && *num > *den;
            auto at = [&](const char* key) {
                return bad ? where(pointer_append(kptr, key)) : pointer_append(kptr, key);
            };
            store_pair(c, ui, ki, num, den, doc.name(), at("numerator"), at("denominator"));
        }
        for (std::size_t k = 0; k < n; ++k)
            if (!seen[k] && c.applies(ui, k)) {
                c.issues.set_subject(id, c.method.indicators[k].id);
                error(cptr, "thiếu số liệu chỉ tiêu \"" + c.method.indicators[k].id +
                                "\" của đơn vị \"" + id + "\" (ghi mẫu số 0 nếu không phát sinh)");
            }
        c.issues.clear_subject();
    }
};

}  // namespace

ImportResult import_json(const std::string& name, const std::string& text,
                         const model::Organisation& org, const model::Method& method,
                         const model::Quarter& quarter, const std::vector<model::Level>& levels) {
    ImportResult result;
    Collected c(org, method, result.issues);
    std::optional<model::JsonDocument> doc;
    try {
        doc = model::JsonDocument::parse(name, text);
    } catch (const model::InputError& e) {
        std::string where = e.pointer;
        if (e.line) where += (where.empty() ? "" : " ") + ("(dòng " + std::to_string(e.line) + ")");
        result.issues.error(name, where, e.detail);
        return result;
    }
    Checker ck{*doc, c};
    const Json& root = doc->root();
    if (!root.is_object()) {
        ck.error("", "tệp số liệu phải là một đối tượng JSON {\"period\": …, \"units\": […]}");
        return result;
    }
    auto period = root.find("period");
    if (period == root.end() || !period->is_string())
        ck.error("/period", "cần kỳ dạng \"" + quarter.code() + "\"");
    else if (period->get<std::string>() != quarter.code())
        ck.error("/period", "kỳ trong tệp là \"" + period->get<std::string>() +
                                "\", đang nhập kỳ " + quarter.code());
    auto units = root.find("units");
    if (units == root.end() || !units->is_array()) {
        ck.error("/units", "cần mảng \"units\": mỗi đơn vị một phần tử");
        return result;
    }
    for (std::size_t i = 0; i < units->size(); ++i) ck.unit((*units)[i], i);
    for (std::size_t ui = 0; ui < org.units.size(); ++ui) {
        const bool expected = levels.empty() || std::find(levels.begin(), levels.end(),
                                                          org.units[ui].level) != levels.end();
        if (!c.seen_at[ui].empty() || !expected) continue;
        result.issues.set_subject(org.units[ui].id);
        result.issues.error(
            name, "/units",
            "thiếu số liệu của đơn vị \"" + org.units[ui].id + "\" (" + org.units[ui].name + ")");
    }
    result.issues.clear_subject();
    if (result.issues.errors()) return result;
    // The loader every command uses has the last word.
    try {
        model::parse_quarter_data(model::JsonDocument::parse(model::data_file_name(quarter), text),
                                  org, method);
    } catch (const model::InputError& e) {
        result.issues.error(name, e.pointer, e.detail);
        return result;
    }
    result.json = text;
    result.units = static_cast<std::size_t>(std::count_if(
        c.seen_at.begin(), c.seen_at.end(), [](const auto& s) { return !s.empty(); }));
    return result;
}

}  // namespace vanban::intake
