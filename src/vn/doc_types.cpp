#include "vn/doc_types.hpp"

#include <array>
#include <string>

#include "vn/text.hpp"

namespace vanban::vn {

namespace {

// Phụ lục III (abbreviations of administrative document types). Công văn and thư công have no
// abbreviation in the decree; their codes only name a series.
constexpr std::array<DocType, 29> kTypes{{
    {"nghi-quyet", "Nghị quyết", "NQ", "NQ"},
    {"quyet-dinh", "Quyết định", "QĐ", "QD"},
    {"chi-thi", "Chỉ thị", "CT", "CT"},
    {"quy-che", "Quy chế", "QC", "QC"},
    {"quy-dinh", "Quy định", "QyĐ", "QYD"},
    {"thong-cao", "Thông cáo", "TC", "TC"},
    {"thong-bao", "Thông báo", "TB", "TB"},
    {"huong-dan", "Hướng dẫn", "HD", "HD"},
    {"chuong-trinh", "Chương trình", "CTr", "CTR"},
    {"ke-hoach", "Kế hoạch", "KH", "KH"},
    {"phuong-an", "Phương án", "PA", "PA"},
    {"de-an", "Đề án", "ĐA", "DEA"},
    {"du-an", "Dự án", "DA", "DA"},
    {"bao-cao", "Báo cáo", "BC", "BC"},
    {"bien-ban", "Biên bản", "BB", "BB"},
    {"to-trinh", "Tờ trình", "TTr", "TTR"},
    {"hop-dong", "Hợp đồng", "HĐ", "HDONG"},
    {"cong-dien", "Công điện", "CĐ", "CD"},
    {"ban-ghi-nho", "Bản ghi nhớ", "BGN", "BGN"},
    {"ban-thoa-thuan", "Bản thỏa thuận", "BTT", "BTT"},
    {"giay-uy-quyen", "Giấy ủy quyền", "GUQ", "GUQ"},
    {"giay-moi", "Giấy mời", "GM", "GM"},
    {"giay-gioi-thieu", "Giấy giới thiệu", "GGT", "GGT"},
    {"giay-nghi-phep", "Giấy nghỉ phép", "GNP", "GNP"},
    {"phieu-gui", "Phiếu gửi", "PG", "PG"},
    {"phieu-chuyen", "Phiếu chuyển", "PC", "PC"},
    {"phieu-bao", "Phiếu báo", "PB", "PB"},
    {"cong-van", "Công văn", "", "CV"},
    // Thư công shares công văn's series code: both have the ký hiệu agency-unit, so separate
    // per-type series would hand out the same Số + ký hiệu twice.
    {"thu-cong", "Thư công", "", "CV"},
}};

constexpr std::size_t kCongVan = 27;
static_assert(kTypes[kCongVan].id == "cong-van");

}  // namespace

std::span<const DocType> doc_types() {
    return kTypes;
}

const DocType* find_doc_type_by_id(std::string_view id) {
    for (const auto& t : kTypes)
        if (t.id == id) return &t;
    return nullptr;
}

std::optional<DocType> find_doc_type(std::string_view name_or_abbrev) {
    const std::string wanted = lower(nfc(name_or_abbrev));
    for (const auto& t : kTypes) {
        if (lower(t.name) == wanted) return t;
        if (!t.abbrev.empty() && lower(t.abbrev) == wanted) return t;
    }
    // Công văn has no abbreviation; "CV" is what clerks write in spreadsheets.
    if (wanted == "cv") return kTypes[kCongVan];
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

}  // namespace vanban::vn
