// `vanban data`: figures in from spreadsheets. `data form` writes the data-entry workbook the
// province sends out; `data import` reads the filled forms (or the one-stop system's exports
// through a mapping file) into du-lieu-YYYY-Qn.json. Every problem in the spreadsheets is listed
// at once with its file, sheet and cell; nothing is written while any error remains.
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "intake/form_writer.hpp"
#include "intake/heap.hpp"
#include "intake/importer.hpp"
#include "model/indicator_data.hpp"
#include "model/method.hpp"
#include "model/org.hpp"
#include "model/period.hpp"
#include "pdf/atomic_file.hpp"

namespace vanban::cli {

namespace {

namespace fs = std::filesystem;

constexpr const char* kUsage =
    "Cách dùng:\n"
    "  vanban data form --org ORG.json --targets CHI_TIEU --period 2024-Q3\n"
    "                   [--unit MÃ | --level so|huyen|xa] -o mau-so-lieu.xlsx\n"
    "  vanban data import TỆP.xlsx|TỆP.csv... --org ORG.json --targets CHI_TIEU --period 2024-Q3\n"
    "                   -o du-lieu-2024-Q3.json [--mapping ANH_XA.json] [--encoding BẢNG_MÃ]\n"
    "                   [--level so|huyen|xa]\n\n"
    "  --org TỆP          tệp tổ chức (org.json)\n"
    "  --targets ĐƯỜNG    tệp chi-tieu-YYYY.json hoặc thư mục chứa nó\n"
    "  --period KỲ        một quý: 2024-Q3\n"
    "  --unit MÃ          (form) mẫu cho một đơn vị, trên một trang mang tên đơn vị\n"
    "  --level CẤP        chỉ các đơn vị của cấp này (lặp lại được); với import: chỉ đòi đủ\n"
    "                     đơn vị của các cấp này\n"
    "  --mapping TỆP      (import) tệp ánh xạ cột cho tệp không phải mẫu của vanban\n"
    "                     (xuất từ Hệ thống thông tin giải quyết TTHC, CSV): docs/data-formats.md\n"
    "  --encoding TÊN     (import, CSV) utf-8, utf-16, windows-1258; mặc định tự nhận biết\n"
    "  -o TỆP             tệp kết quả (ghi trọn vẹn hoặc không ghi gì)\n\n"
    "Mã thoát: 0 thành công, 1 dữ liệu đầu vào sai, 2 sai cách dùng.\n";

int usage_error(const std::string& message) {
    std::cerr << "vanban data: " << message << "\n\n" << kUsage;
    return 2;
}

struct Options {
    std::string command;
    std::vector<std::string> files;
    std::string org, targets, output;
    std::optional<model::Quarter> quarter;
    std::optional<std::string> unit, mapping;
    std::vector<model::Level> levels;
    intake::Encoding encoding = intake::Encoding::detect;
};

// nullopt when parsed; otherwise the exit code (usage printed).
std::optional<int> parse(Args args, Options& o) {
    if (args.empty()) return usage_error("thiếu lệnh con: form hoặc import");
    o.command = std::string(args[0]);
    if (o.command == "--help" || o.command == "-h") {
        std::cout << kUsage;
        return 0;
    }
    if (o.command != "form" && o.command != "import")
        return usage_error("lệnh con \"" + o.command + "\" không có: form hoặc import");
    for (std::size_t i = 1; i < args.size(); ++i) {
        std::string_view a = args[i];
        if (a == "--help" || a == "-h") {
            std::cout << kUsage;
            return 0;
        }
        if (!a.starts_with("-")) {
            if (o.command != "import") return usage_error("tham số thừa: " + std::string(a));
            o.files.emplace_back(a);
            continue;
        }
        if (i + 1 >= args.size()) return usage_error("thiếu giá trị sau " + std::string(a));
        std::string v(args[++i]);
        if (a == "--org") {
            o.org = v;
        } else if (a == "--targets") {
            o.targets = v;
        } else if (a == "-o" || a == "--output") {
            o.output = v;
        } else if (a == "--period") {
            auto p = model::Period::parse(v);
            if (!p || p->kind != model::PeriodKind::quarter)
                return usage_error("kỳ \"" + v + "\" không hợp lệ: cần một quý dạng YYYY-Qn");
            o.quarter = model::Quarter{p->year, p->quarter};
        } else if (a == "--level") {
            auto l = model::parse_level(v);
            if (!l) return usage_error("cấp \"" + v + "\" không hợp lệ: so, huyen hoặc xa");
            o.levels.push_back(*l);
        } else if (a == "--unit" && o.command == "form") {
            o.unit = v;
        } else if (a == "--mapping" && o.command == "import") {
            o.mapping = v;
        } else if (a == "--encoding" && o.command == "import") {
            auto e = intake::parse_encoding(v);
            if (!e)
                return usage_error("bảng mã \"" + v +
                                   "\" không hỗ trợ: utf-8, utf-16, windows-1258");
            o.encoding = *e;
        } else {
            return usage_error("tùy chọn không hợp lệ: " + std::string(a));
        }
    }
    if (o.org.empty()) return usage_error("thiếu --org");
    if (o.targets.empty()) return usage_error("thiếu --targets");
    if (!o.quarter) return usage_error("thiếu --period");
    if (o.output.empty()) return usage_error("thiếu -o");
    if (o.unit && !o.levels.empty()) return usage_error("--unit và --level không dùng cùng nhau");
    if (o.command == "import") {
        if (o.files.empty()) return usage_error("thiếu tệp cần nhập (.xlsx hoặc .csv)");
        if (fs::path(o.output).filename() != model::data_file_name(*o.quarter))
            return usage_error("tệp kết quả phải tên là " + model::data_file_name(*o.quarter) +
                               " (để các lệnh khác nhận ra kỳ), nhận được " + o.output);
    }
    return std::nullopt;
}

std::string targets_file(const std::string& targets, int year) {
    if (fs::is_directory(targets))
        return (fs::path(targets) / ("chi-tieu-" + std::to_string(year) + ".json")).string();
    return targets;
}

int run_form(const Options& o, const model::Organisation& org, const model::Method& method) {
    intake::FormOptions fo;
    fo.quarter = *o.quarter;
    fo.unit = o.unit;
    fo.levels = o.levels;
    pdf::TempFile temp(o.output);
    temp.close(false);
    intake::write_form(temp.path(), org, method, fo);
    temp.commit();
    std::cerr << "Đã ghi " << o.output << '\n';
    return 0;
}

int run_import(const Options& o, const model::Organisation& org, const model::Method& method) {
    intake::ImportOptions io;
    io.files = o.files;
    io.mapping = o.mapping;
    io.encoding = o.encoding;
    io.levels = o.levels;
    intake::ImportResult r = intake::import_data(io, org, method, *o.quarter);
    constexpr std::size_t kShown = 1000;
    std::size_t shown = 0;
    for (const auto& issue : r.issues.all()) {
        if (++shown > kShown) break;
        std::cerr << (issue.severity == intake::Severity::error ? "lỗi: " : "cảnh báo: ")
                  << issue.text() << '\n';
    }
    if (r.issues.all().size() > kShown)
        std::cerr << "… và " << r.issues.all().size() - kShown << " vấn đề khác\n";
    if (!r.ok()) {
        std::cerr << "vanban data import: " << r.issues.errors() << " lỗi, " << r.issues.warnings()
                  << " cảnh báo; không ghi " << o.output << '\n';
        return 1;
    }
    pdf::write_file_atomically(o.output, r.json);
    std::cerr << "Đã ghi " << o.output << ": " << r.units << " đơn vị, " << r.issues.warnings()
              << " cảnh báo\n";
    return 0;
}

}  // namespace

int run_data(Args args) {
    Options o;
    if (auto code = parse(args, o)) return *code;
    // The organisation, the shared strings and the result take tens of MiB for a national
    // workbook: in large pages rather than thousands of faults (bench/README.md, intake).
    if (o.command == "import") intake::prepare_large_heap();
    try {
        model::Organisation org = model::load_organisation(o.org);
        model::Method method = model::load_method(targets_file(o.targets, o.quarter->year));
        if (method.year != o.quarter->year) {
            std::cerr << "vanban data: " << method.source << ": bộ chỉ tiêu năm " << method.year
                      << " nhưng kỳ là " << o.quarter->code() << '\n';
            return 1;
        }
        return o.command == "form" ? run_form(o, org, method) : run_import(o, org, method);
    } catch (const model::InputError& e) {
        std::cerr << "vanban data: " << e.what() << '\n';
        return 1;
    } catch (const std::runtime_error& e) {
        std::cerr << "vanban data: " << e.what() << '\n';
        return 1;
    }
}

}  // namespace vanban::cli
