// Home, login, logout and the user's own password.
#include <httplib.h>

#include "web/app.hpp"
#include "web/routes.hpp"
#include "web/security.hpp"

namespace vanban::web {

namespace {

constexpr const char* kLoginCookie = "vanban_login";
constexpr std::size_t kMinPassword = 10;

// The login form has no session yet: a double-submit token (cookie + hidden field) keeps other
// sites from logging a browser into an account of theirs.
void login_page(App& app, Response& res, const std::string& message, int status) {
    const std::string token = random_hex(16);
    res.set_header("Set-Cookie", std::string(kLoginCookie) + "=" + token +
                                     "; Path=/login; HttpOnly; SameSite=Strict" +
                                     (app.tls() ? "; Secure" : ""));
    Json data;
    data["message"] = message;
    data["login_token"] = token;
    app.render(res, "login.html", data, nullptr, status);
}

std::string login_cookie(const Request& req) {
    const std::string h = req.get_header_value("Cookie");
    const std::string key = std::string(kLoginCookie) + "=";
    auto pos = h.find(key);
    if (pos == std::string::npos) return {};
    auto end = h.find(';', pos);
    return h.substr(pos + key.size(), end == std::string::npos ? end : end - pos - key.size());
}

void home(App& app, const Request& req, Response& res) {
    auto ctx = app.current(req);
    if (!ctx) {
        login_page(app, res, "", 200);
        return;
    }
    if (ctx->user.must_change) {
        app.redirect(res, "/account/password");
        return;
    }
    Json data;
    const Roles r = ctx->user.roles;
    Json tasks = Json::array();
    auto count = [&](const std::vector<std::string>& st, std::int64_t owner = 0) {
        return app.store().drafts(st, owner).size();
    };
    if (has_role(r, Role::ChuyenVien))
        tasks.push_back({{"label", "Dự thảo của tôi đang soạn hoặc bị trả lại"},
                         {"count", count({"draft", "returned"}, ctx->user.id)},
                         {"href", "/letters"}});
    if (has_role(r, Role::LanhDao))
        tasks.push_back({{"label", "Văn bản chờ duyệt"},
                         {"count", count({"submitted"})},
                         {"href", "/letters"}});
    if (has_role(r, Role::VanThu))
        tasks.push_back({{"label", "Văn bản đã duyệt chờ cấp số"},
                         {"count", count({"approved", "issuing"})},
                         {"href", "/letters"}});
    data["tasks"] = tasks;
    app.render(res, "home.html", data, &*ctx);
}

}  // namespace

void add_auth_routes(App& app) {
    auto& s = app.server();
    s.Get("/", [&app](const Request& req, Response& res) { home(app, req, res); });
    s.Get("/login", [&app](const Request&, Response& res) { login_page(app, res, "", 200); });
    s.Post("/login", [&app](const Request& req, Response& res) {
        const std::string sent = form_value(req, "login_token");
        if (sent.empty() || !equal_constant_time(sent, login_cookie(req))) {
            login_page(app, res, "Phiên đăng nhập đã hết hạn: nhập lại.", 403);
            return;
        }
        const std::string name = form_value(req, "name");
        auto r = app.auth().login(name, form_value(req, "password"), req.remote_addr, unix_now());
        AuditItem a;
        a.user = name;
        a.address = req.remote_addr;
        a.object = "người dùng " + name;
        switch (r.outcome) {
            case LoginOutcome::Ok:
                a.action = "đăng nhập";
                app.store().audit(a);
                res.set_header("Set-Cookie", app.session_cookie(r.token));
                app.redirect(res, r.user.must_change ? "/account/password" : "/");
                return;
            case LoginOutcome::Throttled:
                login_page(app, res,
                           "Đăng nhập sai quá nhiều lần: thử lại sau 15 phút hoặc nhờ quản trị "
                           "đặt lại mật khẩu.",
                           429);
                return;
            case LoginOutcome::Disabled:
                login_page(app, res, "Tài khoản đã bị khóa.", 403);
                return;
            case LoginOutcome::BadCredentials:
                a.action = "đăng nhập sai";
                app.store().audit(a);
                login_page(app, res, "Sai tên đăng nhập hoặc mật khẩu.", 401);
                return;
        }
    });
    app.post("/logout", 0, [&app](const Request& req, Response& res, Ctx& ctx) {
        const std::string h = req.get_header_value("Cookie");
        auto pos = h.find("vanban_session=");
        if (pos != std::string::npos) app.auth().logout(h.substr(pos + 15, 64));
        app.audit(ctx, "đăng xuất", "người dùng " + ctx.user.name, "", "");
        res.set_header("Set-Cookie", app.clear_cookie());
        app.redirect(res, "/login");
    });
    app.get("/account/password", 0, [&app](const Request&, Response& res, Ctx& ctx) {
        Json data;
        data["must_change"] = ctx.user.must_change;
        app.render(res, "password.html", data, &ctx);
    });
    app.post("/account/password", 0, [&app](const Request& req, Response& res, Ctx& ctx) {
        Json data;
        data["must_change"] = ctx.user.must_change;
        const std::string next = form_value(req, "new");
        if (!verify_password(ctx.user.password_hash, form_value(req, "current"))) {
            data["message"] = "Mật khẩu hiện tại không đúng.";
        } else if (next.size() < kMinPassword) {
            data["message"] = "Mật khẩu mới cần ít nhất 10 ký tự.";
        } else if (next != form_value(req, "again")) {
            data["message"] = "Hai lần nhập mật khẩu mới không khớp.";
        } else {
            const std::string before = sha256_hex(ctx.user.password_hash);
            const std::string hash = hash_password(next);
            app.store().set_password(ctx.user.id, hash, false);
            app.audit(ctx, "đổi mật khẩu", "người dùng " + ctx.user.name, before, sha256_hex(hash));
            app.redirect(res, "/");
            return;
        }
        app.render(res, "password.html", data, &ctx, 400);
    });
}

}  // namespace vanban::web
