// `vanban serve [--listen HOST:PORT] [--data DIR] [--registry R] [--org ORG.json]
// [--tls-cert F --tls-key F] [--sign-key KEY [--sign-image PNG]]`: the web application
// (src/web).
#include <ctime>
#include <iostream>
#include <string>

#include "cli/commands.hpp"
#include "cli/sign_key.hpp"
#include "cli/template_dirs.hpp"
#include "sign/appearance.hpp"
#include "web/server.hpp"

namespace vanban::cli {

namespace {

constexpr const char* kHelp =
    "Cách dùng: vanban serve [--listen MÁY:CỔNG] [--data THƯ_MỤC] [--registry SỔ]\n"
    "                        [--org TỔ_CHỨC.json] [--tls-cert TỆP --tls-key TỆP]\n"
    "                        [--sign-key KHÓA [--sign-image ẢNH_DẤU.png]]\n\n"
    "Chạy ứng dụng web của vanban: chuyên viên soạn văn bản (xem trước bản PDF thật), lãnh đạo\n"
    "duyệt hoặc trả lại, văn thư cấp số và phát hành, sổ văn bản đi, quản trị người dùng.\n\n"
    "Lần đầu chạy với thư mục dữ liệu trống, vanban tạo tài khoản quản trị 'quantri' và in\n"
    "mật khẩu dùng một lần (chỉ in một lần). Thêm người dùng: vanban user add …\n\n"
    "Tham số:\n"
    "  --listen MÁY:CỔNG   Địa chỉ nghe (mặc định 127.0.0.1:8080; cổng 0: cổng trống bất kỳ)\n"
    "  --data THƯ_MỤC      Thư mục dữ liệu (mặc định ./vanban-data): người dùng, phiên, dự\n"
    "                      thảo, nhật ký, tệp PDF đã ban hành, sổ so-van-ban-di.db\n"
    "  --registry SỔ       Sổ văn bản đi: tệp SQLite hoặc postgresql://… (mặc định\n"
    "                      THƯ_MỤC/so-van-ban-di.db)\n"
    "  --org TỆP           Tệp tổ chức (mặc định THƯ_MỤC/org.json)\n"
    "  --tls-cert TỆP      Chứng thư TLS (PEM); cùng --tls-key thì phục vụ HTTPS\n"
    "  --tls-key TỆP       Khóa riêng TLS (PEM)\n"
    "  --pdf-workers N     Số tiến trình wkhtmltopdf (mặc định 2)\n"
    "  --sign-key KHÓA     Khóa ký số của cơ quan: tệp .p12 (mật khẩu trong biến\n"
    "                      VANBAN_KEY_PASSWORD) hoặc 'pkcs11:token=…;object=…' (mã PIN trong\n"
    "                      VANBAN_PIN); khi cấp số, văn thư phát hành thêm bản PDF có chữ ký\n"
    "                      số của cơ quan (PAdES). Không có: không có bản ký số để tải\n"
    "  --sign-image ẢNH    Ảnh dấu (PNG nền trong suốt) đặt cạnh chữ ký của cơ quan\n"
    "  --pkcs11-module SO  Thư viện PKCS#11 của token (mặc định: biến VANBAN_PKCS11_MODULE)\n"
    "  --help, -h          In hướng dẫn này\n\n"
    "Dừng bằng Ctrl+C hoặc SIGTERM: các yêu cầu đang chạy được làm xong rồi mới dừng.\n"
    "Mã thoát: 0 dừng bình thường, 1 lỗi (tệp tổ chức, sổ, cổng), 2 dùng sai lệnh.\n";

int usage(const std::string& msg) {
    std::cerr << "vanban serve: " << msg << "\nXem: vanban serve --help\n";
    return 2;
}

}  // namespace

int run_serve(Args args) {
    web::ServeOptions o;
    std::string workers, sign_key, sign_image, pkcs11_module;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view a = args[i];
        if (a == "--help" || a == "-h") {
            std::cout << kHelp;
            return 0;
        }
        std::string value;
        if (a.starts_with("--")) {
            if (i + 1 >= args.size()) return usage("thiếu giá trị sau '" + std::string(a) + "'");
            value = std::string(args[++i]);
        }
        if (a == "--listen")
            o.listen = value;
        else if (a == "--data")
            o.data_dir = value;
        else if (a == "--registry")
            o.registry = value;
        else if (a == "--org")
            o.org_file = value;
        else if (a == "--tls-cert")
            o.tls_cert = value;
        else if (a == "--tls-key")
            o.tls_key = value;
        else if (a == "--pdf-workers")
            workers = value;
        else if (a == "--sign-key")
            sign_key = value;
        else if (a == "--sign-image")
            sign_image = value;
        else if (a == "--pkcs11-module")
            pkcs11_module = value;
        else
            return usage("tùy chọn không xác định '" + std::string(a) + "'");
    }
    if (o.tls_cert.empty() != o.tls_key.empty())
        return usage("--tls-cert và --tls-key phải đi cùng nhau");
    if (!workers.empty()) {
        try {
            const int n = std::stoi(workers);
            if (n < 1 || n > 16) throw std::out_of_range("");
            o.pdf_workers = static_cast<unsigned>(n);
        } catch (const std::exception&) {
            return usage("--pdf-workers cần một số từ 1 đến 16");
        }
    }
    if (sign_key.empty() && (!sign_image.empty() || !pkcs11_module.empty()))
        return usage("--sign-image và --pkcs11-module chỉ dùng với --sign-key");
    if (!sign_key.empty()) {
        // Opened and checked once, before the server listens: a wrong password or an expired
        // certificate stops the start instead of failing the first issue.
        try {
            if (!sign_image.empty())
                o.agency_seal = std::make_shared<const sign::Png>(sign::load_png(sign_image));
            auto signer = open_signer_key(sign_key, pkcs11_module);
            sign::check_signer(*signer, std::time(nullptr));
            o.agency_signer = std::move(signer);
        } catch (const std::exception& e) {
            std::cerr << "vanban serve: khóa ký số '" << sign_key << "': " << e.what() << '\n';
            return 1;
        }
    }
    o.templates = bundled_templates_dir("web").parent_path();
    return web::serve(o, std::cout, std::cerr);
}

}  // namespace vanban::cli
