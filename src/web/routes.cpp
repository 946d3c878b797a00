#include "web/routes.hpp"

namespace vanban::web {

std::span<const RouteModule> route_modules() {
    static const RouteModule modules[] = {
        add_static_routes,   add_auth_routes,  add_letters_routes,
        add_register_routes, add_admin_routes,
        add_data_routes,  // Số liệu chỉ tiêu, Bảng điều hành, quản trị org/targets
        add_batch_routes,  // Chạy cả năm with live progress (routes_batch.cpp)
    };
    return modules;
}

}  // namespace vanban::web
