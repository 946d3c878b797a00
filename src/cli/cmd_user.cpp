// `vanban user add NAME --role R[,R…] [--full-name "…"] [--data DIR]`, `vanban user passwd NAME`,
// `vanban user list`: the web application's users. A password is never taken from the command
// line (other users of the machine see it there): from $VANBAN_PASSWORD or the first line of
// standard input.
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>

#include "cli/commands.hpp"
#include "web/roles.hpp"
#include "web/security.hpp"
#include "web/store.hpp"

namespace vanban::cli {

namespace {

constexpr const char* kHelp =
    "Cách dùng: vanban user add TÊN --role VAI_TRÒ[,VAI_TRÒ…] [--full-name \"HỌ TÊN\"]\n"
    "                   [--data THƯ_MỤC] [--registry postgresql://…]\n"
    "           vanban user passwd TÊN [--data THƯ_MỤC] [--registry postgresql://…]\n"
    "           vanban user list [--data THƯ_MỤC] [--registry postgresql://…]\n\n"
    "Người dùng của ứng dụng web (vanban serve). Vai trò: chuyen-vien, lanh-dao, van-thu,\n"
    "quan-tri, so-lieu (cán bộ số liệu của Sở Nội vụ: tải số liệu chỉ tiêu lên); một người có\n"
    "thể có nhiều vai trò, cách nhau bằng dấu phẩy.\n\n"
    "Mật khẩu (ít nhất 10 ký tự) lấy từ biến môi trường VANBAN_PASSWORD, nếu không có thì từ\n"
    "dòng đầu của đầu vào chuẩn; không bao giờ ghi trên dòng lệnh.\n"
    "THƯ_MỤC mặc định: ./vanban-data (như vanban serve). Với --registry postgresql://… (địa chỉ\n"
    "đã cho vanban serve) người dùng nằm trong cơ sở dữ liệu PostgreSQL đó, chung cho mọi máy "
    "chủ.\n";

int usage(const std::string& msg) {
    std::cerr << "vanban user: " << msg << "\nXem: vanban user --help\n";
    return 2;
}

bool read_password(std::string& out) {
    if (const char* env = std::getenv("VANBAN_PASSWORD"); env && *env) {
        out = env;
    } else {
        if (isatty(0)) std::cerr << "Mật khẩu: " << std::flush;
        if (!std::getline(std::cin, out)) return false;
        if (!out.empty() && out.back() == '\r') out.pop_back();
    }
    return true;
}

}  // namespace

int run_user(Args args) {
    std::string command, name, roles_text, full_name, data = "vanban-data", registry;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view a = args[i];
        if (a == "--help" || a == "-h") {
            std::cout << kHelp;
            return 0;
        }
        if (a == "--role" || a == "--full-name" || a == "--data" || a == "--registry") {
            if (i + 1 >= args.size()) return usage("thiếu giá trị sau '" + std::string(a) + "'");
            std::string v(args[++i]);
            (a == "--role"       ? roles_text
             : a == "--data"     ? data
             : a == "--registry" ? registry
                                 : full_name) = v;
        } else if (a.starts_with("-")) {
            return usage("tùy chọn không xác định '" + std::string(a) + "'");
        } else if (command.empty()) {
            command = a;
        } else if (name.empty()) {
            name = a;
        } else {
            return usage("thừa tham số '" + std::string(a) + "'");
        }
    }
    if (command != "add" && command != "passwd" && command != "list")
        return usage(command.empty() ? "thiếu lệnh (add, passwd hoặc list)"
                                     : "không có lệnh '" + command + "'");
    if (command != "list" && name.empty()) return usage("thiếu tên người dùng");
    try {
        // Where `vanban serve` with the same --data and --registry keeps its users.
        const bool shared =
            registry.starts_with("postgresql://") || registry.starts_with("postgres://");
        if (!shared) std::filesystem::create_directories(data);
        web::Store store(shared ? registry
                                : (std::filesystem::path(data) / "vanban-web.db").string());
        if (command == "list") {
            for (const auto& u : store.users())
                std::cout << u.name << '\t' << web::roles_to_string(u.roles) << '\t' << u.full_name
                          << (u.disabled ? "\t(khóa)" : "") << '\n';
            return 0;
        }
        web::Roles roles = 0;
        if (command == "add") {
            std::string bad;
            auto r = web::parse_roles(roles_text, &bad);
            if (!r) return usage("vai trò không có: '" + bad + "'");
            if (*r == 0)
                return usage("cần --role (chuyen-vien, lanh-dao, van-thu, quan-tri, so-lieu)");
            roles = *r;
        }
        std::string password;
        if (!read_password(password))
            return usage("không đọc được mật khẩu (VANBAN_PASSWORD hoặc đầu vào chuẩn)");
        if (password.size() < 10) {
            std::cerr << "vanban user: mật khẩu cần ít nhất 10 ký tự\n";
            return 1;
        }
        web::AuditItem a;
        a.user = "dòng lệnh";
        a.object = "người dùng " + name;
        if (command == "add") {
            web::User u;
            u.name = name;
            u.full_name = full_name;
            u.roles = roles;
            u.password_hash = web::hash_password(password);
            store.add_user(u);
            a.action = "thêm người dùng";
            a.hash_after = web::sha256_hex(web::roles_to_string(roles));
            a.detail = "vai trò: " + web::roles_to_string(roles);
            std::cout << "Đã thêm " << name << " (" << web::roles_label(roles) << ")\n";
        } else {
            auto u = store.user_by_name(name);
            if (!u) {
                std::cerr << "vanban user: không có người dùng '" << name << "'\n";
                return 1;
            }
            const std::string hash = web::hash_password(password);
            store.set_password(u->id, hash, false);
            store.remove_sessions_of(u->id);
            a.action = "đặt mật khẩu";
            a.hash_before = web::sha256_hex(u->password_hash);
            a.hash_after = web::sha256_hex(hash);
            std::cout << "Đã đặt mật khẩu mới cho " << name << '\n';
        }
        store.audit(a);
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "vanban user: " << e.what() << '\n';
        return 1;
    }
}

}  // namespace vanban::cli
