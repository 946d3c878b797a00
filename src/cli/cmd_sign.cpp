// `vanban sign IN.pdf -o OUT.pdf --as nguoi-ky|co-quan --key KEY [--image PNG] [--reason …]
// [--location …] [--attachment SỐ_KÝ_HIỆU] [--pkcs11-module SO] [--tsa URL]`: a PAdES B-B
// signature (B-T with --tsa: an RFC 3161 time-stamp over the signature value) added
// as an incremental update (src/sign). Nothing is written unless everything succeeded.
#include <ctime>
#include <iostream>
#include <optional>
#include <string>

#include "cli/commands.hpp"
#include "cli/sign_key.hpp"
#include "pdf/atomic_file.hpp"
#include "sign/pades.hpp"
#include "sign/placement.hpp"

namespace vanban::cli {

namespace {

void print_help(std::ostream& out) {
    out << "Cách dùng: vanban sign VÀO.pdf -o RA.pdf --as nguoi-ky|co-quan --key KHÓA\n"
           "                      [--image ẢNH.png] [--reason LÝ_DO] [--location NƠI_KÝ]\n"
           "                      [--attachment SỐ_KÝ_HIỆU | --scanned] [--agency TÊN_CƠ_QUAN]\n"
           "                      [--pkcs11-module THƯ_VIỆN.so] [--tsa URL]\n\n"
           "Ký số văn bản điện tử theo Nghị định 30/2020/NĐ-CP (Phụ lục I, phần II): chữ ký\n"
           "PAdES (CMS tách rời, SHA-256, signing-certificate-v2), thêm vào cuối tệp\n"
           "(cập nhật tăng dần) nên chữ ký trước đó vẫn hợp lệ.\n\n"
           "Tham số:\n"
           "  -o, --output TỆP    Tệp PDF đã ký (bắt buộc)\n"
           "  --as VAI            nguoi-ky: người có thẩm quyền (ảnh chữ ký ở giữa chức vụ\n"
           "                      và họ tên); co-quan: cơ quan ban hành (ảnh dấu đè 1/3 ảnh\n"
           "                      chữ ký bên trái, tên cơ quan, thời gian ký)\n"
           "  --key KHÓA          Tệp PKCS#12 (.p12/.pfx; mật khẩu trong biến\n"
           "                      VANBAN_KEY_PASSWORD hoặc nhập khi được hỏi) hoặc token\n"
           "                      'pkcs11:token=NHÃN;object=NHÃN' (mã PIN trong VANBAN_PIN\n"
           "                      hoặc nhập khi được hỏi)\n"
           "  --image ẢNH.png     Ảnh chữ ký (xanh) hoặc ảnh dấu (đỏ), PNG nền trong suốt\n"
           "  --attachment SỐ     Phụ lục là tệp riêng: cơ quan ký, không ảnh, ghi số và ký\n"
           "                      hiệu văn bản chính cùng thời gian ký ở góc trên bên phải\n"
           "                      trang đầu (Times New Roman 10 pt); dùng với --as co-quan\n"
           "  --scanned           Bản giấy số hóa (Thông tư 01/2019/TT-BNV): cơ quan số hóa\n"
           "                      ký, ảnh dấu (--image, kích thước thật) cùng tên cơ quan và\n"
           "                      thời gian ký ở góc trên bên phải trang đầu; với --as co-quan\n"
           "  --agency TÊN        Tên cơ quan in cạnh dấu (mặc định: O hoặc CN của chứng thư)\n"
           "  --reason, --location  Lý do, nơi ký (ghi trong chữ ký)\n"
           "  --tsa URL           Máy chủ dấu thời gian RFC 3161 (http:// hoặc https://):\n"
           "                      chữ ký PAdES B-T, thời điểm ký do máy chủ chứng nhận\n"
           "  --pkcs11-module SO  Thư viện PKCS#11 của token (mặc định: biến\n"
           "                      VANBAN_PKCS11_MODULE, nếu không có thì "
        << kDefaultPkcs11Module
        << ")\n\n"
           "Khi có lỗi, không tệp nào được ghi. Mã thoát: 0 thành công, 1 lỗi, 2 dùng sai lệnh.\n";
}

int usage_error(const std::string& msg) {
    std::cerr << "vanban sign: " << msg << "\nXem: vanban sign --help\n";
    return 2;
}

}  // namespace

int run_sign(Args args) {
    std::string in, out, as, key, image, reason, location, attachment, agency, module, tsa;
    bool scanned = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view a = args[i];
        if (a == "--help" || a == "-h") {
            print_help(std::cout);
            return 0;
        }
        if (a == "--scanned") {
            scanned = true;
            continue;
        }
        std::string* target = nullptr;
        if (a == "-o" || a == "--output") target = &out;
        if (a == "--as") target = &as;
        if (a == "--key") target = &key;
        if (a == "--image") target = &image;
        if (a == "--reason") target = &reason;
        if (a == "--location") target = &location;
        if (a == "--attachment") target = &attachment;
        if (a == "--agency") target = &agency;
        if (a == "--pkcs11-module") target = &module;
        if (a == "--tsa") target = &tsa;
        if (target) {
            if (i + 1 >= args.size())
                return usage_error("thiếu giá trị sau '" + std::string(a) + "'");
            *target = std::string(args[++i]);
            if (target == &attachment && attachment.empty())
                return usage_error(
                    "--attachment cần số và ký hiệu của văn bản chính (không được để trống)");
            continue;
        }
        if (a.starts_with("-"))
            return usage_error("tùy chọn không xác định '" + std::string(a) + "'");
        if (!in.empty()) return usage_error("chỉ được ký một tệp (đã có '" + in + "')");
        in = std::string(a);
    }
    if (in.empty()) return usage_error("thiếu tệp PDF cần ký");
    if (out.empty()) return usage_error("thiếu tùy chọn -o RA.pdf");
    if (key.empty()) return usage_error("thiếu tùy chọn --key (tệp .p12 hoặc URI pkcs11:)");
    sign::PlacementInput place;
    if (as == "nguoi-ky") {
        place.role = sign::Role::nguoi_ky;
    } else if (as == "co-quan") {
        place.role = !attachment.empty() ? sign::Role::dinh_kem
                     : scanned           ? sign::Role::so_hoa
                                         : sign::Role::co_quan;
    } else {
        return usage_error("--as phải là nguoi-ky hoặc co-quan (nhận được '" + as + "')");
    }
    if (!attachment.empty() && place.role != sign::Role::dinh_kem)
        return usage_error("--attachment chỉ dùng với --as co-quan");

    if (!attachment.empty() && !image.empty())
        return usage_error("--attachment không dùng ảnh (--image): phụ lục tệp riêng ký bằng chữ");
    if (scanned && as != "co-quan")
        return usage_error("--scanned chỉ dùng với --as co-quan (cơ quan số hóa ký bản số hóa)");
    if (scanned && !attachment.empty())
        return usage_error(
            "--scanned và --attachment không dùng cùng nhau: bản số hóa ký bằng "
            "ảnh dấu, phụ lục tệp riêng ký bằng chữ");
    if (scanned && image.empty())
        return usage_error("--scanned cần ảnh dấu của cơ quan số hóa (--image DẤU.png)");

    try {
        const std::string pdf = pdf::read_file(in);
        const sign::PdfFacts facts = sign::read_facts(pdf, in);
        std::optional<sign::Png> png;
        if (!image.empty()) png = sign::load_png(image);
        auto signer = open_signer_key(key, module);
        const std::time_t now = std::time(nullptr);
        sign::check_signer(*signer, now);
        place.image = png ? &*png : nullptr;
        place.time = now;
        place.agency = agency.empty() ? sign::cert_agency(signer->cert()) : agency;
        place.so_ky_hieu = attachment;
        sign::SignRequest req;
        req.time = now;
        req.reason = !reason.empty()                      ? reason
                     : place.role == sign::Role::nguoi_ky ? "Người có thẩm quyền ký văn bản"
                                                          : "Cơ quan ban hành văn bản";
        req.location = location;
        req.tsa = tsa;
        req.appearance = sign::plan_appearance(facts, place, in);
        const std::string signed_pdf = sign::sign_pdf(pdf, in, *signer, req);
        pdf::write_file_atomically(out, signed_pdf);
        std::cout << out << "\tđã ký (" << (as == "nguoi-ky" ? "người ký" : "cơ quan") << ", "
                  << sign::subject_line(signer->cert()) << ")\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "vanban sign: lỗi: " << e.what() << '\n';
    }
    return 1;
}

}  // namespace vanban::cli
