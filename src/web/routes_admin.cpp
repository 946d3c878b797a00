// Quản trị: users, their roles, password reset, the audit log. Only for the quan-tri role.
#include <httplib.h>

#include "web/app.hpp"
#include "web/routes.hpp"
#include "web/security.hpp"

namespace vanban::web {

namespace {

constexpr Roles kAdmin = static_cast<Roles>(Role::QuanTri);

Json user_json(const User& u) {
    Json roles = Json::array();
    for (const auto& r : all_roles())
        roles.push_back({{"id", r.id}, {"label", r.label}, {"held", has_role(u.roles, r.role)}});
    return {{"id", u.id},
            {"name", u.name},
            {"full_name", u.full_name},
            {"roles", roles},
            {"roles_label", roles_label(u.roles)},
            {"disabled", u.disabled},
            {"must_change", u.must_change}};
}

Roles roles_from_form(const Request& req) {
    Roles r = 0;
    for (const auto& info : all_roles())
        if (form_value(req, "role_" + std::string(info.id)) == "1")
            r |= static_cast<Roles>(info.role);
    return r;
}

void users_page(App& app, Response& res, Ctx& ctx, Json data, int status = 200) {
    Json users = Json::array();
    for (const auto& u : app.store().users()) users.push_back(user_json(u));
    data["users"] = users;
    Json roles = Json::array();
    for (const auto& r : all_roles()) roles.push_back({{"id", r.id}, {"label", r.label}});
    data["all_roles"] = roles;
    app.render(res, "admin_users.html", data, &ctx, status);
}

bool valid_name(const std::string& n) {
    if (n.empty() || n.size() > 40) return false;
    for (char c : n)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_'))
            return false;
    return true;
}

}  // namespace

void add_admin_routes(App& app) {
    app.get("/admin/users", kAdmin,
            [&app](const Request&, Response& res, Ctx& ctx) { users_page(app, res, ctx, {}); });

    app.post("/admin/users", kAdmin, [&app](const Request& req, Response& res, Ctx& ctx) {
        const std::string name = form_value(req, "name");
        const Roles roles = roles_from_form(req);
        Json data;
        if (!valid_name(name)) {
            data["message"] =
                "Tên đăng nhập chỉ gồm chữ không dấu, số, dấu chấm, gạch (tối đa 40).";
            return users_page(app, res, ctx, data, 400);
        }
        if (roles == 0) {
            data["message"] = "Chọn ít nhất một vai trò.";
            return users_page(app, res, ctx, data, 400);
        }
        User u;
        u.name = name;
        u.full_name = form_value(req, "full_name");
        u.roles = roles;
        const std::string password = random_password();
        u.password_hash = hash_password(password);
        u.must_change = true;
        try {
            app.store().add_user(u);
        } catch (const StoreError& e) {
            data["message"] = e.what();
            return users_page(app, res, ctx, data, 409);
        }
        app.audit(ctx, "thêm người dùng", "người dùng " + name, "",
                  sha256_hex(roles_to_string(roles)), "vai trò: " + roles_to_string(roles));
        data["created"] = {{"name", name}, {"password", password}};
        users_page(app, res, ctx, data);
    });

    app.post(
        R"(/admin/users/(\d+)/roles)", kAdmin, [&app](const Request& req, Response& res, Ctx& ctx) {
            auto u = app.store().user_by_id(path_id(req));
            if (!u) return app.fail(res, 404, "Không có người dùng này.", &ctx);
            const Roles roles = roles_from_form(req);
            const bool disabled = form_value(req, "disabled") == "1";
            if (u->id == ctx.user.id && (!has_role(roles, Role::QuanTri) || disabled))
                return app.fail(res, 400,
                                "Không tự bỏ vai trò quản trị hoặc tự khóa tài khoản của mình.",
                                &ctx);
            app.store().set_roles(u->id, roles, disabled);
            if (disabled) app.store().remove_sessions_of(u->id);
            app.audit(ctx, "đổi vai trò", "người dùng " + u->name,
                      sha256_hex(roles_to_string(u->roles) + (u->disabled ? ";khóa" : "")),
                      sha256_hex(roles_to_string(roles) + (disabled ? ";khóa" : "")),
                      roles_to_string(u->roles) + " → " + roles_to_string(roles) +
                          (disabled ? " (khóa)" : ""));
            app.redirect(res, "/admin/users");
        });

    app.post(R"(/admin/users/(\d+)/password)", kAdmin,
             [&app](const Request& req, Response& res, Ctx& ctx) {
                 auto u = app.store().user_by_id(path_id(req));
                 if (!u) return app.fail(res, 404, "Không có người dùng này.", &ctx);
                 const std::string password = random_password();
                 const std::string hash = hash_password(password);
                 app.store().set_password(u->id, hash, true);
                 app.store().remove_sessions_of(u->id);
                 app.audit(ctx, "đặt lại mật khẩu", "người dùng " + u->name,
                           sha256_hex(u->password_hash), sha256_hex(hash));
                 Json data;
                 data["created"] = {{"name", u->name}, {"password", password}};
                 users_page(app, res, ctx, data);
             });

    app.get("/admin/audit", kAdmin, [&app](const Request& req, Response& res, Ctx& ctx) {
        std::int64_t before = 0;
        try {
            before = std::stoll(form_value(req, "before"));
        } catch (const std::exception&) {
        }
        Json items = Json::array();
        std::int64_t last = 0;
        for (const auto& a : app.store().audit_log(200, before)) {
            items.push_back({{"id", a.id},
                             {"at", a.at},
                             {"user", a.user},
                             {"address", a.address},
                             {"action", a.action},
                             {"object", a.object},
                             {"before", a.hash_before.substr(0, 12)},
                             {"after", a.hash_after.substr(0, 12)},
                             {"detail", a.detail}});
            last = a.id;
        }
        Json data;
        data["items"] = items;
        data["next"] = items.size() == 200 ? last : 0;
        app.render(res, "audit.html", data, &ctx);
    });
}

}  // namespace vanban::web
