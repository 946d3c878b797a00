// `vanban scorecard`: scores a period (the same options, checks and messages as `vanban score`)
// and writes the scorecard workbook (src/xlsx/scorecard.hpp). Bad input stops the run before the
// workbook is created; a failed write leaves no file.
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <string>

#include "cli/commands.hpp"
#include "cli/dataset_options.hpp"
#include "scoring/score.hpp"
#include "vn/format.hpp"
#include "xlsx/scorecard.hpp"

namespace vanban::cli {

namespace {

constexpr const char* kUsage =
    "Cách dùng: vanban scorecard --org ORG.json --targets CHI_TIEU --data SO_LIEU --period KỲ\n"
    "                            -o BANG_DIEM.xlsx [--level so|huyen|xa] [--date YYYY-MM-DD]\n"
    "                            [--agency MÃ]\n\n"
    "  --org TỆP        tệp tổ chức (org.json): tỉnh, cơ quan, các đơn vị được chấm điểm\n"
    "  --targets ĐƯỜNG  tệp chi-tieu-YYYY.json hoặc thư mục chứa chúng (lặp lại được)\n"
    "  --data ĐƯỜNG     tệp du-lieu-YYYY-Qn.json hoặc thư mục chứa chúng (lặp lại được)\n"
    "  --period KỲ      2024-Q2 (quý), 2024-6T (6 tháng), 2024-9T (9 tháng) hoặc 2024 (năm)\n"
    "  -o, --output TỆP sổ tính Excel được ghi (.xlsx)\n"
    "  --level CẤP      chỉ đưa vào một cấp: so, huyen, xa; lặp lại được (mặc định: cả ba)\n"
    "  --date NGÀY      ngày lập bảng (mặc định: ngày đầu tiên sau kỳ báo cáo)\n"
    "  --agency MÃ      cơ quan lập bảng trong org.json (mặc định: snv, Sở Nội vụ)\n"
    // [leader]
    "  --pdf TỆP        thay sổ tính: phiếu điểm PDF cho lãnh đạo (vanban scorecard --pdf --help)\n"
    // [/leader]
    "\n"
    "Mã thoát: 0 thành công, 1 dữ liệu đầu vào sai hoặc không ghi được tệp, 2 sai cách dùng.\n";

int usage_error(const std::string& message) {
    std::cerr << "vanban scorecard: " << message << "\n\n" << kUsage;
    return 2;
}

}  // namespace

// [leader: the --pdf mode (issue 18) lives in cmd_scorecard_pdf.cpp]
int run_scorecard_pdf(Args args);
// [/leader]

int run_scorecard(Args args) {
    // [leader]
    for (std::string_view a : args)
        if (a == "--pdf") return run_scorecard_pdf(args);
    // [/leader]
    DatasetOptions d;
    xlsx::ScorecardOptions opt;
    std::string output;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view a = args[i];
        std::string error;
        switch (parse_dataset_option(args, i, d, error)) {
            case OptionParse::ok:
                continue;
            case OptionParse::error:
                return usage_error(error);
            case OptionParse::not_mine:
                break;
        }
        if (a == "--help" || a == "-h") {
            std::cout << kUsage;
            return 0;
        }
        if (a == "-o" || a == "--output" || a == "--date" || a == "--agency") {
            if (i + 1 >= args.size()) return usage_error("thiếu giá trị sau " + std::string(a));
            std::string v(args[++i]);
            if (a == "--date") {
                try {
                    vn::parse_iso_date(v);
                } catch (const vn::FormatError&) {
                    return usage_error("ngày \"" + v + "\" không hợp lệ: cần dạng YYYY-MM-DD");
                }
                opt.report_date = v;
            } else if (a == "--agency") {
                opt.agency = v;
            } else {
                output = v;
            }
            continue;
        }
        return usage_error("không hiểu tham số \"" + std::string(a) + "\"");
    }
    if (auto missing = finish_dataset_options(d)) return usage_error(*missing);
    if (output.empty()) return usage_error("thiếu -o (tệp .xlsx được ghi)");
    opt.levels = d.levels;

    model::Dataset ds;
    try {
        ds = load_dataset(d);
    } catch (const model::InputError& e) {
        std::cerr << "vanban scorecard: " << e.what() << '\n';
        return 1;
    }
    scoring::ScoreTable table = scoring::score_dataset(ds);
    try {
        xlsx::write_scorecard(ds, table, opt, output);
    } catch (const std::exception& e) {
        std::cerr << "vanban scorecard: " << e.what() << '\n';
        return 1;
    }
    return 0;
}

}  // namespace vanban::cli
