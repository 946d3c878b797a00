// The roles of the web application, as offices name them (DESIGN.md, "Users, roles and the
// web"). A user may hold several; they are stored as a comma-separated list of ids.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vanban::web {

enum class Role : unsigned {
    ChuyenVien = 1,  // drafts letters
    LanhDao = 2,     // approves or returns drafts, reads the register
    VanThu = 4,      // numbers, issues, keeps the register, voids
    QuanTri = 8,     // users, roles, audit log
    SoLieu = 16,     // Sở Nội vụ staff: upload each quarter's figures, scores, scorecards
};

// A set of roles as a bit mask.
using Roles = unsigned;

inline constexpr Roles operator|(Role a, Role b) {
    return static_cast<Roles>(a) | static_cast<Roles>(b);
}
inline constexpr Roles operator|(Roles a, Role b) {
    return a | static_cast<Roles>(b);
}
inline constexpr bool has_role(Roles set, Role r) {
    return (set & static_cast<Roles>(r)) != 0;
}
// True when `held` shares at least one role with `allowed`.
inline constexpr bool any_role(Roles held, Roles allowed) {
    return (held & allowed) != 0;
}

struct RoleInfo {
    Role role;
    std::string_view id;     // "chuyen-vien"
    std::string_view label;  // "Chuyên viên"
};
const std::vector<RoleInfo>& all_roles();

std::optional<Role> parse_role(std::string_view id);
// "chuyen-vien,van-thu" -> mask; nullopt names the first unknown id in `bad`.
std::optional<Roles> parse_roles(std::string_view list, std::string* bad = nullptr);
std::string roles_to_string(Roles r);  // ids, comma-separated, in table order
std::string roles_label(Roles r);      // labels, ", "-separated

}  // namespace vanban::web
