#include "web/server.hpp"

#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "registry/registry.hpp"
#include "web/letters_common.hpp"
#include "web/routes.hpp"
#include "web/security.hpp"

namespace vanban::web {

namespace {

std::atomic<int> g_signal{0};

// Debian's cpp-httplib 0.11 is a compiled library whose listen() queue holds 5 connections
// (CPPHTTPLIB_LISTEN_BACKLOG is baked into the .so): 20 clerks pressing "Cấp số" at once overflowed
// it and a connection was reset. Linux lets listen() be called again on a listening socket to
// change its queue, and httplib does not expose the socket, so find ours by its port.
void widen_listen_queue(int port) {
    for (int fd = 3; fd < 1024; ++fd) {
        int accepting = 0;
        socklen_t len = sizeof accepting;
        if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &len) != 0 || !accepting)
            continue;
        sockaddr_storage addr{};
        socklen_t alen = sizeof addr;
        if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &alen) != 0) continue;
        int bound_port = -1;
        if (addr.ss_family == AF_INET)
            bound_port = ntohs(reinterpret_cast<const sockaddr_in*>(&addr)->sin_port);
        else if (addr.ss_family == AF_INET6)
            bound_port = ntohs(reinterpret_cast<const sockaddr_in6*>(&addr)->sin6_port);
        if (bound_port == port) ::listen(fd, SOMAXCONN);
    }
}

extern "C" void on_stop_signal(int sig) {
    g_signal.store(sig);
}

void install_handlers() {
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
    signal(SIGPIPE, SIG_IGN);  // a browser closing early must not end the server
}

void bootstrap_admin(App& app, std::ostream& out) {
    if (app.store().user_count() > 0) return;
    User u;
    u.name = "quantri";
    u.full_name = "Quản trị hệ thống";
    u.roles = static_cast<Roles>(Role::QuanTri);
    const std::string password = random_password();
    u.password_hash = hash_password(password);
    u.must_change = true;
    try {
        app.store().add_user(u);
    } catch (const StoreError&) {
        // Another server on the same PostgreSQL database made it between our count and now.
        if (app.store().user_by_name(u.name)) return;
        throw;
    }
    AuditItem a;
    a.user = "máy chủ";
    a.action = "tạo quản trị đầu tiên";
    a.object = "người dùng quantri";
    app.store().audit(a);
    out << "vanban serve: đã tạo tài khoản quản trị 'quantri', mật khẩu dùng một lần: " << password
        << "\n(đổi mật khẩu ngay lần đăng nhập đầu; mật khẩu này không được in lại)" << std::endl;
}

}  // namespace

int serve(const ServeOptions& options, std::ostream& out, std::ostream& err) {
    std::string host = options.listen;
    int port = 8080;
    if (auto colon = host.rfind(':'); colon != std::string::npos) {
        try {
            port = std::stoi(host.substr(colon + 1));
        } catch (const std::exception&) {
            err << "vanban serve: --listen cần MÁY:CỔNG, ví dụ 127.0.0.1:8080, không phải '"
                << options.listen << "'\n";
            return 2;
        }
        host = host.substr(0, colon);
    }
    std::unique_ptr<App> app;
    try {
        app = std::make_unique<App>(options, err);
        for (auto add : route_modules()) add(*app);
        bootstrap_admin(*app, out);
        if (int n = finish_interrupted_issues(*app))
            out << "vanban serve: đã hoàn tất " << n << " văn bản đang cấp số dở khi dừng trước"
                << std::endl;
    } catch (const model::InputError& e) {
        err << e.what() << '\n';
        return 1;
    } catch (const std::exception& e) {
        err << "vanban serve: " << e.what() << '\n';
        return 1;
    }
    auto& svr = app->server();
    const int bound = port == 0 ? svr.bind_to_any_port(host.c_str())
                                : (svr.bind_to_port(host.c_str(), port) ? port : -1);
    if (bound < 0) {
        err << "vanban serve: không mở được cổng " << options.listen
            << " (đã có chương trình khác dùng, hoặc không có quyền)\n";
        return 1;
    }
    widen_listen_queue(bound);
    install_handlers();
    out << "vanban serve: đang phục vụ tại " << (app->tls() ? "https" : "http") << "://" << host
        << ':' << bound << "/" << std::endl;
    // Watches for the stop signal (a handler may not call stop() itself) and drops expired
    // sessions now and then.
    std::atomic<bool> done{false};
    std::thread watcher([&] {
        int ticks = 0;
        while (!done.load()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            if (g_signal.load() != 0) {
                svr.stop();
                return;
            }
            if (++ticks % 600 == 0) {
                const auto now = unix_now();
                app->store().remove_sessions_before(now - options.sessions.idle_seconds,
                                                    now - options.sessions.absolute_seconds);
            }
        }
    });
    // Returns once stop() closed the socket and the requests in flight have finished.
    svr.listen_after_bind();
    done.store(true);
    watcher.join();
    out << "vanban serve: đã dừng" << std::endl;
    app.reset();  // ends the wkhtmltopdf workers
    return 0;
}

}  // namespace vanban::web
