// Entry point: dispatches to a subcommand. Messages to users are in Vietnamese.
#include <array>
#include <cstdio>
#include <iostream>
#include <string_view>
#include <vector>

#include "cli/commands.hpp"
#include "cli/version.hpp"

namespace vanban::cli {

std::span<const Command> commands() {
    static const Command table[] = {
        {"render", "Kết xuất một mẫu (cú pháp Jinja2) với dữ liệu JSON ra đầu ra chuẩn",
         run_render},
        {"letter",
         "Tạo văn bản hành chính (công văn, thông báo, …) dạng PDF theo Nghị định 30/2020",
         run_letter},
        {"score", "Tính điểm, xếp loại và xếp hạng các đơn vị theo kỳ (quý, 6 tháng, 9 tháng, năm)",
         run_score},
        {"scorecard",
         "Lập bảng điểm theo kỳ dạng Excel (XLSX): xếp hạng, từng chỉ số, chỉ tiêu, biểu đồ",
         run_scorecard},
        {"ranking", "Lập bảng xếp hạng các sở, huyện, xã dạng PDF theo Nghị định 30/2020",
         run_ranking},
        {"registry", "Sổ đăng ký văn bản đi: xem, hủy số, xuất sổ", run_registry},
        {"batch", "Chạy cả năm: bảng điểm, bảng xếp hạng, công văn kết quả và sổ văn bản đi",
         run_batch},
        // Subcommands of the newer subsystems; each keeps to its own pair of markers.
        // [web: serve, user]
        {"serve", "Chạy ứng dụng web: soạn, duyệt, cấp số văn bản, sổ văn bản đi, quản trị",
         run_serve},
        {"user", "Người dùng của ứng dụng web: thêm, đặt mật khẩu, liệt kê", run_user},
        // [/web]
        // [sign: sign, verify]
        {"sign", "Ký số văn bản PDF (PAdES) bằng tệp khóa PKCS#12 hoặc token PKCS#11", run_sign},
        {"verify", "Kiểm tra chữ ký số trong tệp PDF: người ký, thời gian, nội dung nguyên vẹn",
         run_verify},
        // [/sign]
        // [intake: data]
        {"data",
         "Số liệu từ bảng tính: lập mẫu nhập liệu Excel, nhập mẫu đã điền hoặc tệp xuất (XLSX, CSV)",
         run_data},
        // [/intake]
    };
    return table;
}

namespace {

void print_help(std::ostream& out) {
    out << "vanban " << kVersion
        << " — tạo công văn, bảng điểm và bảng xếp hạng cải cách hành chính\n\n"
           "Cách dùng: vanban LỆNH [THAM SỐ...]\n\nCác lệnh:\n";
    for (const auto& c : commands()) {
        out << "  " << c.name;
        for (std::size_t i = c.name.size(); i < 12; ++i) out << ' ';
        out << c.summary << '\n';
    }
    out << "\nTùy chọn chung:\n"
           "  --help, -h    In hướng dẫn này\n"
           "  --version     In phiên bản\n\n"
           "Xem hướng dẫn của từng lệnh: vanban LỆNH --help\n";
}

}  // namespace
}  // namespace vanban::cli

int main(int argc, char** argv) {
    using namespace vanban::cli;
    std::vector<std::string_view> args(argv + 1, argv + argc);
    if (args.empty()) {
        print_help(std::cerr);
        return 2;
    }
    if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        print_help(std::cout);
        return 0;
    }
    if (args[0] == "--version") {
        std::cout << "vanban " << kVersion << '\n';
        return 0;
    }
    for (const auto& c : commands()) {
        if (c.name == args[0]) {
            try {
                return c.run(Args(args).subspan(1));
            } catch (const std::exception& e) {
                std::cerr << "vanban " << c.name << ": lỗi không lường trước: " << e.what() << '\n';
                return 70;
            }
        }
    }
    std::cerr << "vanban: không có lệnh '" << args[0] << "'. Xem: vanban --help\n";
    return 2;
}
