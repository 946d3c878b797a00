#include "web/routes.hpp"

namespace vanban::web {

std::span<const RouteModule> route_modules() {
    static const RouteModule modules[] = {
        add_static_routes,   add_auth_routes,  add_letters_routes,
        add_register_routes, add_admin_routes,
        // [data upload] add_data_routes: Số liệu chỉ tiêu (routes_data.cpp)
        // [leader dashboard] add_dashboard_routes: ranking, unit pages, SVG charts, downloads
        add_batch_routes,  // [batch page] Chạy cả năm with live progress (routes_batch.cpp)
    };
    return modules;
}

}  // namespace vanban::web
