#include "web/roles.hpp"

namespace vanban::web {

const std::vector<RoleInfo>& all_roles() {
    static const std::vector<RoleInfo> table{
        {Role::ChuyenVien, "chuyen-vien", "Chuyên viên"},
        {Role::LanhDao, "lanh-dao", "Lãnh đạo"},
        {Role::VanThu, "van-thu", "Văn thư"},
        {Role::QuanTri, "quan-tri", "Quản trị"},
        {Role::SoLieu, "so-lieu", "Cán bộ số liệu"},
    };
    return table;
}

std::optional<Role> parse_role(std::string_view id) {
    for (const auto& r : all_roles())
        if (r.id == id) return r.role;
    return std::nullopt;
}

std::optional<Roles> parse_roles(std::string_view list, std::string* bad) {
    Roles mask = 0;
    while (!list.empty()) {
        auto comma = list.find(',');
        std::string_view item = list.substr(0, comma);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (!item.empty()) {
            auto r = parse_role(item);
            if (!r) {
                if (bad) *bad = std::string(item);
                return std::nullopt;
            }
            mask |= static_cast<Roles>(*r);
        }
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
    return mask;
}

std::string roles_to_string(Roles r) {
    std::string out;
    for (const auto& info : all_roles()) {
        if (!has_role(r, info.role)) continue;
        if (!out.empty()) out += ',';
        out += info.id;
    }
    return out;
}

std::string roles_label(Roles r) {
    std::string out;
    for (const auto& info : all_roles()) {
        if (!has_role(r, info.role)) continue;
        if (!out.empty()) out += ", ";
        out += info.label;
    }
    return out;
}

}  // namespace vanban::web
