// The route modules: one per area, each adding its handlers to the App. kRouteModules (routes.cpp)
// is the one list of them; add a new area there.
#pragma once

#include <span>

namespace vanban::web {

class App;
using RouteModule = void (*)(App&);

void add_static_routes(App& app);    // CSS and JS from a fixed table
void add_auth_routes(App& app);      // home, login, logout, own password
void add_letters_routes(App& app);   // drafts, approval, issuing, downloads
void add_register_routes(App& app);  // sổ văn bản đi: browse, entry, void, export
void add_admin_routes(App& app);     // users, roles, password reset, audit log
void add_data_routes(App& app);      // figures, dashboard, org/targets uploads (data_pages.hpp)
void add_batch_routes(App& app);     // chạy cả năm: start, live progress, cancel, files

std::span<const RouteModule> route_modules();

}  // namespace vanban::web
