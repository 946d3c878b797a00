#include "registry/doc_types.hpp"

#include <array>

#include "vn/text.hpp"

namespace vanban::registry {

namespace {

// Phụ lục III (abbreviations of administrative document types). Công văn and thư công have no
// abbreviation in the decree; their codes only name a series.
constexpr std::array<DocType, 29> kTypes{{
    {"Nghị quyết", "NQ", "NQ"},
    {"Quyết định", "QĐ", "QD"},
    {"Chỉ thị", "CT", "CT"},
    {"Quy chế", "QC", "QC"},
    {"Quy định", "QyĐ", "QYD"},
    {"Thông cáo", "TC", "TC"},
    {"Thông báo", "TB", "TB"},
    {"Hướng dẫn", "HD", "HD"},
    {"Chương trình", "CTr", "CTR"},
    {"Kế hoạch", "KH", "KH"},
    {"Phương án", "PA", "PA"},
    {"Đề án", "ĐA", "DEA"},
    {"Dự án", "DA", "DA"},
    {"Báo cáo", "BC", "BC"},
    {"Biên bản", "BB", "BB"},
    {"Tờ trình", "TTr", "TTR"},
    {"Hợp đồng", "HĐ", "HDONG"},
    {"Công điện", "CĐ", "CD"},
    {"Bản ghi nhớ", "BGN", "BGN"},
    {"Bản thỏa thuận", "BTT", "BTT"},
    {"Giấy ủy quyền", "GUQ", "GUQ"},
    {"Giấy mời", "GM", "GM"},
    {"Giấy giới thiệu", "GGT", "GGT"},
    {"Giấy nghỉ phép", "GNP", "GNP"},
    {"Phiếu gửi", "PG", "PG"},
    {"Phiếu chuyển", "PC", "PC"},
    {"Phiếu báo", "PB", "PB"},
    {"Công văn", "", "CV"},
    // Thư công shares công văn's series code: both have the ký hiệu agency-unit, so separate
    // per-type series would hand out the same Số + ký hiệu twice.
    {"Thư công", "", "CV"},
}};

}  // namespace

std::span<const DocType> doc_types() {
    return kTypes;
}

std::optional<DocType> find_doc_type(std::string_view name_or_abbrev) {
    const std::string wanted = vn::lower(vn::nfc(name_or_abbrev));
    for (const auto& t : kTypes) {
        if (vn::lower(t.name) == wanted) return t;
        if (!t.abbrev.empty() && vn::lower(t.abbrev) == wanted) return t;
    }
    // Công văn has no abbreviation; "CV" is what clerks write in spreadsheets.
    if (wanted == "cv") return kTypes[27];
    return std::nullopt;
}

bool is_cong_van_like(const DocType& t) {
    return t.abbrev.empty();
}

std::string format_number(int number) {
    std::string s = std::to_string(number);
    return number >= 0 && number < 10 ? "0" + s : s;
}

std::string format_symbol(const DocType& t, std::string_view agency, std::string_view unit) {
    std::string out;
    if (is_cong_van_like(t)) {
        out = agency;
        if (!unit.empty()) out.append("-").append(unit);
    } else {
        out.append(t.abbrev).append("-").append(agency);
    }
    return out;
}

std::string format_so_ky_hieu(int number, const DocType& t, std::string_view agency,
                              std::string_view unit) {
    return format_number(number) + "/" + format_symbol(t, agency, unit);
}

std::string series_for(SeriesPolicy policy, const DocType& t, bool secret) {
    std::string base = policy == SeriesPolicy::Shared ? "" : std::string(t.code);
    if (secret) return base.empty() ? "MAT" : "MAT-" + base;
    return base.empty() ? "HC" : base;
}

}  // namespace vanban::registry
