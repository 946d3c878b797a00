#include "web/app.hpp"

#include <httplib.h>

#include <ctime>

#include "pdf/atomic_file.hpp"
#include "web/group_commit.hpp"
#include "web/letter_service.hpp"
#include "web/registry_reconnect.hpp"

namespace vanban::web {

namespace fs = std::filesystem;

namespace {

constexpr const char* kCookie = "vanban_session";

// The navigation, in order. Entries without `href` are areas still to come: they show as
// disabled so that users (and the engineer adding them) see where they go.
struct NavEntry {
    const char* label;
    const char* href;  // nullptr: not built yet
    Roles roles;
};
const NavEntry kNav[] = {
    {"Văn bản", "/letters", Role::ChuyenVien | Role::LanhDao | Role::VanThu},
    {"Sổ văn bản đi", "/register", Role::VanThu | Role::LanhDao},
    // Số liệu chỉ tiêu: upload of a quarter's counts (routes_data.cpp).
    {"Số liệu chỉ tiêu", "/data", Role::SoLieu | Role::QuanTri},
    // The ranking, unit pages with SVG charts, documents (routes_dashboard.cpp).
    {"Bảng điều hành", "/dashboard", Role::LanhDao | Role::SoLieu | Role::QuanTri},
    // [batch page] Chạy cả năm: the yearly batch with live progress.
    {"Chạy cả năm", "/batch", Role::QuanTri | Role::VanThu},
    {"Người dùng", "/admin/users", static_cast<Roles>(Role::QuanTri)},
    {"Nhật ký", "/admin/audit", static_cast<Roles>(Role::QuanTri)},
    {"Tổ chức, chỉ tiêu", "/admin/data", static_cast<Roles>(Role::QuanTri)},
};

std::string cookie_value(const Request& req, const std::string& name) {
    const std::string header = req.get_header_value("Cookie");
    std::size_t pos = 0;
    while (pos < header.size()) {
        std::size_t end = header.find(';', pos);
        if (end == std::string::npos) end = header.size();
        std::string item = header.substr(pos, end - pos);
        while (!item.empty() && item.front() == ' ') item.erase(0, 1);
        if (item.rfind(name + "=", 0) == 0) return item.substr(name.size() + 1);
        pos = end + 1;
    }
    return {};
}

void security_headers(Response& res) {
    // No inline script or style anywhere: everything comes from /static, nothing from elsewhere.
    // connect-src: the batch page polls its progress; font-src: the Liberation fonts (both same
    // origin).
    res.set_header("Content-Security-Policy",
                   "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                   "font-src 'self'; connect-src 'self'; form-action 'self'; "
                   "frame-ancestors 'none'; base-uri 'none'");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("X-Frame-Options", "DENY");
    if (!res.has_header("Cache-Control")) res.set_header("Cache-Control", "no-store");
}

}  // namespace

std::int64_t unix_now() {
    return static_cast<std::int64_t>(std::time(nullptr));
}

std::string form_value(const Request& req, const std::string& name) {
    if (req.has_param(name.c_str())) return req.get_param_value(name.c_str());
    if (req.has_file(name.c_str())) return req.get_file_value(name.c_str()).content;
    return {};
}

std::int64_t path_id(const Request& req, int index) {
    if (static_cast<std::size_t>(index) >= req.matches.size()) return 0;
    try {
        return std::stoll(req.matches[index].str());
    } catch (const std::exception&) {
        return 0;
    }
}

App::App(ServeOptions options, std::ostream& log) : options_(std::move(options)), log_(log) {
    fs::create_directories(options_.data_dir);
    fs::create_directories(files_dir());
    fs::create_directories(options_.data_dir / "tmp");
    const fs::path org_file =
        options_.org_file.empty() ? options_.data_dir / "org.json" : options_.org_file;
    if (!fs::exists(org_file))
        throw std::runtime_error(org_file.string() +
                                 ": không có tệp tổ chức (org.json); chép tệp vào thư mục dữ "
                                 "liệu hoặc chỉ rõ --org TỆP");
    org_ = model::load_organisation(org_file.string());
    const std::string spec = options_.registry.empty()
                                 ? (options_.data_dir / "so-van-ban-di.db").string()
                                 : options_.registry;
    // With a PostgreSQL registry the web's own data goes to the same database, so that several
    // servers share users, sessions and drafts; otherwise it is a file beside the registry.
    const bool shared = spec.starts_with("postgresql://") || spec.starts_with("postgres://");
    store_ =
        std::make_unique<Store>(shared ? spec : (options_.data_dir / "vanban-web.db").string());
    auth_ = std::make_unique<Auth>(*store_, options_.sessions);
    registry_ = std::make_unique<ReconnectingRegistry>(spec);
    group_commit_ = std::make_unique<GroupCommit>(*registry_, registry_mutex_);
    readers_ = std::make_unique<registry::ReadPool>(spec, options_.registry_readers);
    letters_ = std::make_unique<LetterService>(org_, options_.templates / "nd30",
                                               options_.data_dir / "tmp", options_.pdf_workers);
    letters_->set_sign_box(options_.agency_signer != nullptr);
    pages_.add_search_path(options_.templates / "web");

    if (tls()) {
        server_ = std::make_unique<httplib::SSLServer>(options_.tls_cert.c_str(),
                                                       options_.tls_key.c_str());
        if (!server_->is_valid())
            throw std::runtime_error(options_.tls_cert.string() + ", " + options_.tls_key.string() +
                                     ": không đọc được chứng thư hoặc khóa TLS (PEM)");
    } else {
        server_ = std::make_unique<httplib::Server>();
    }
    // Uploads (letter JSON) are small; anything larger is refused before it is read.
    server_->set_payload_max_length(2 * 1024 * 1024);
    server_->set_post_routing_handler([](const Request&, Response& res) { security_headers(res); });
    server_->set_error_handler([this](const Request& req, Response& res) {
        if (res.status == 404 && res.body.empty()) {
            auto ctx = current(req);
            fail(res, 404, "Không có trang này.", ctx ? &*ctx : nullptr);
        }
    });
    server_->set_exception_handler(
        [this](const Request& req, Response& res, std::exception_ptr ep) {
            std::string what = "?";
            try {
                std::rethrow_exception(ep);
            } catch (const std::exception& e) {
                what = e.what();
            } catch (...) {
            }
            log_ << "lỗi khi xử lý " << req.method << ' ' << req.path << ": " << what << std::endl;
            fail(res, 500, "Lỗi máy chủ: " + what, nullptr);
        });
}

App::~App() {
    for (auto& f : stop_hooks_) f();
}

void App::with_registry_grouped(const std::function<void(registry::Registry&)>& f) {
    group_commit_->run(f);
}

std::optional<Ctx> App::current(const Request& req) {
    const std::string token = cookie_value(req, kCookie);
    if (token.empty()) return std::nullopt;
    auto cur = auth_->resolve(token, unix_now());
    if (!cur) return std::nullopt;
    return Ctx{cur->user, cur->session, req.remote_addr};
}

std::string App::session_cookie(const std::string& token) const {
    return std::string(kCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
           std::to_string(options_.sessions.absolute_seconds) + (tls() ? "; Secure" : "");
}

std::string App::clear_cookie() const {
    return std::string(kCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" +
           (tls() ? "; Secure" : "");
}

void App::route(const std::string& method, const std::string& pattern, Roles allowed, Handler h) {
    auto wrapped = [this, method, allowed, h](const Request& req, Response& res) {
        auto ctx = current(req);
        if (!ctx) {
            Json data;
            data["message"] = "Cần đăng nhập để xem trang này.";
            render(res, "login.html", data, nullptr, 401);
            return;
        }
        // A one-time password must be replaced before anything else.
        if (ctx->user.must_change && req.path != "/account/password" && req.path != "/logout") {
            if (method == "GET") {
                redirect(res, "/account/password");
            } else {
                fail(res, 403, "Cần đổi mật khẩu dùng một lần trước.", &*ctx);
            }
            return;
        }
        if (allowed != 0 && !any_role(ctx->user.roles, allowed)) {
            fail(res, 403,
                 "Bạn không có quyền thực hiện việc này (cần vai trò: " + roles_label(allowed) +
                     ").",
                 &*ctx);
            return;
        }
        if (method == "POST" && !Auth::csrf_ok(ctx->session, form_value(req, "csrf"))) {
            fail(res, 403, "Mã chống giả mạo yêu cầu (CSRF) không đúng: tải lại trang rồi thử lại.",
                 &*ctx);
            return;
        }
        h(req, res, *ctx);
    };
    if (method == "GET")
        server_->Get(pattern, wrapped);
    else
        server_->Post(pattern, wrapped);
}

void App::get(const std::string& pattern, Roles allowed, Handler h) {
    route("GET", pattern, allowed, std::move(h));
}
void App::post(const std::string& pattern, Roles allowed, Handler h) {
    route("POST", pattern, allowed, std::move(h));
}

void App::render(Response& res, const std::string& name, Json data, const Ctx* ctx, int status) {
    Json nav = Json::array();
    if (ctx) {
        for (const auto& e : kNav) {
            if (!any_role(ctx->user.roles, e.roles)) continue;
            nav.push_back({{"label", e.label},
                           {"href", e.href ? e.href : ""},
                           {"enabled", e.href != nullptr}});
        }
        data["me"] = {{"name", ctx->user.name},
                      {"full_name", ctx->user.full_name},
                      {"roles", roles_label(ctx->user.roles)}};
        data["csrf"] = ctx->session.csrf;
    } else {
        data["me"] = nullptr;
        data["csrf"] = "";
    }
    data["nav"] = nav;
    if (!data.contains("message")) data["message"] = "";
    const auto page = pages_.load(name);
    res.status = status;
    res.set_content(page->render(tpl::value_from_json(data)), "text/html; charset=utf-8");
}

void App::fail(Response& res, int status, const std::string& message, const Ctx* ctx) {
    Json data;
    data["status"] = status;
    data["error"] = message;
    render(res, "error.html", data, ctx, status);
}

void App::redirect(Response& res, const std::string& to) {
    res.status = 303;
    res.set_header("Location", to);
}

void App::audit(const Ctx& ctx, const std::string& action, const std::string& object,
                const std::string& before, const std::string& after, const std::string& detail) {
    AuditItem a;
    a.user = ctx.user.name;
    a.address = ctx.address;
    a.action = action;
    a.object = object;
    a.hash_before = before;
    a.hash_after = after;
    a.detail = detail;
    store_->audit(a);
}

}  // namespace vanban::web
