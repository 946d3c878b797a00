// `vanban verify FILE.pdf [--ca ROOTS.pem]`: every signature of a received PDF with its signer,
// subject fields (CN, O, L, MST/CMND/CCCD), time, covered bytes, chain to the given roots, and
// whether the file was changed after the last signature. Exit 1 on any failure.
#include <iostream>
#include <string>

#include "cli/commands.hpp"
#include "pdf/atomic_file.hpp"
#include "sign/keys.hpp"
#include "sign/pdf_text.hpp"
#include "sign/verify.hpp"

namespace vanban::cli {

namespace {

void print_help(std::ostream& out) {
    out << "Cách dùng: vanban verify TỆP.pdf [--ca GỐC.pem]\n\n"
           "Kiểm tra các chữ ký số trong tệp PDF: người ký và thông tin chứng thư (CN, O, L,\n"
           "MST/CMND/CCCD), thời gian ký, phần được ký còn nguyên vẹn, chuỗi chứng thư tới\n"
           "chứng thư gốc tin cậy (--ca), tệp có bị thay đổi sau chữ ký cuối cùng không.\n\n"
           "Tham số:\n"
           "  --ca GỐC.pem   Các chứng thư gốc tin cậy (PEM); không có thì không kiểm tra chuỗi\n"
           "  --help, -h     In hướng dẫn này\n\n"
           "Mã thoát: 0 mọi chữ ký hợp lệ, 1 có chữ ký không hợp lệ, tệp bị thay đổi sau khi ký\n"
           "hoặc không có chữ ký, 2 dùng sai lệnh.\n";
}

int usage_error(const std::string& msg) {
    std::cerr << "vanban verify: " << msg << "\nXem: vanban verify --help\n";
    return 2;
}

}  // namespace

int run_verify(Args args) {
    std::string file, ca;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view a = args[i];
        if (a == "--help" || a == "-h") {
            print_help(std::cout);
            return 0;
        }
        if (a == "--ca") {
            if (i + 1 >= args.size()) return usage_error("thiếu giá trị sau '--ca'");
            ca = std::string(args[++i]);
            continue;
        }
        if (a.starts_with("-"))
            return usage_error("tùy chọn không xác định '" + std::string(a) + "'");
        if (!file.empty()) return usage_error("chỉ kiểm tra một tệp (đã có '" + file + "')");
        file = std::string(a);
    }
    if (file.empty()) return usage_error("thiếu tệp PDF cần kiểm tra");
    try {
        const std::string pdf = pdf::read_file(file);
        const sign::VerifyReport rep = sign::verify_pdf(pdf, file, ca);
        std::cout << "Tệp: " << file << " — " << rep.signatures.size() << " chữ ký\n";
        int n = 0;
        for (const auto& s : rep.signatures) {
            std::cout << "\nChữ ký " << ++n << " (trường '" << s.field << "')\n";
            for (const auto& f : s.subject) std::cout << "  " << f.label << ": " << f.value << '\n';
            if (!s.issuer.empty()) std::cout << "  Tổ chức cấp: " << s.issuer << '\n';
            std::cout << "  Thời gian ký: " << (s.time ? sign::iso_vietnam(*s.time) : "không rõ")
                      << '\n';
            if (s.has_timestamp)
                std::cout << "  Dấu thời gian (RFC 3161): "
                          << (s.timestamp ? sign::iso_vietnam(*s.timestamp) : "không rõ")
                          << (s.timestamp_ok ? "" : " (KHÔNG HỢP LỆ)")
                          << (s.timestamp_tsa.empty() ? "" : ", máy chủ " + s.timestamp_tsa)
                          << '\n';
            std::cout << "  Định dạng: " << s.subfilter
                      << (s.signing_cert_v2 ? " (có signing-certificate-v2)" : "") << '\n';
            std::cout << "  Phần được ký: "
                      << (!s.byte_range_ok ? "không hợp lệ"
                          : s.intact       ? "nguyên vẹn (" + std::to_string(s.covered_end) +
                                           " byte đầu của tệp, trừ chữ ký)"
                                     : "ĐÃ BỊ THAY ĐỔI")
                      << '\n';
            std::cout << "  Chuỗi chứng thư: "
                      << (!s.chain_checked ? "không kiểm tra (thiếu --ca)"
                          : s.chain_ok     ? "dẫn tới chứng thư gốc tin cậy"
                                           : "KHÔNG dẫn tới chứng thư gốc tin cậy")
                      << '\n';
            for (const auto& p : s.problems) std::cout << "  Lỗi: " << p << '\n';
            std::cout << "  Kết quả: " << (s.problems.empty() ? "HỢP LỆ" : "KHÔNG HỢP LỆ") << '\n';
        }
        if (rep.signatures.empty()) {
            std::cout << "\nKết luận: tệp không có chữ ký số nào\n";
            return 1;
        }
        if (rep.changed_after_last)
            std::cout << "\nTệp ĐÃ BỊ THAY ĐỔI sau chữ ký cuối cùng (có nội dung thêm sau phần "
                         "được ký)\n";
        else
            std::cout << "\nTệp không bị thay đổi sau chữ ký cuối cùng\n";
        std::cout << "Kết luận: " << (rep.ok() ? "mọi chữ ký hợp lệ" : "KHÔNG HỢP LỆ") << '\n';
        return rep.ok() ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << "vanban verify: lỗi: " << e.what() << '\n';
    }
    return 1;
}

}  // namespace vanban::cli
