// `vanban ranking`: the ranking tables of a period as a PDF (Phụ lục layout, "Trang X/Y").
// Option parsing follows `vanban score` (copied: no shared dataset_options existed yet); input
// errors are scoring's messages and leave no PDF behind.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/dataset_options.hpp"
#include "model/dataset.hpp"
#include "pdf/atomic_file.hpp"
#include "pdf/finish.hpp"
#include "pdf/wkhtml_pool.hpp"
#include "ranking/ranking.hpp"
#include "scoring/score.hpp"
#include "template/engine.hpp"

namespace vanban::cli {

namespace {

constexpr const char* kUsage =
    "Cách dùng: vanban ranking --org ORG.json --targets CHI_TIEU --data SO_LIEU --period KỲ\n"
    "                          [--level so|huyen|xa] [--reference \"(Kèm theo …)\"]\n"
    "                          [--electronic] [--date YYYY-MM-DD] [--templates THƯ_MỤC]\n"
    "                          -o TỆP.pdf [--html TỆP.html]\n\n"
    "  --org, --targets, --data, --period, --level   như vanban score\n"
    "  --reference DÒNG  dòng \"(Kèm theo Thông báo số …)\" dưới tiêu đề; bỏ trống: để chấm\n"
    "  --electronic      bản điện tử: dòng Kèm theo để chấm \"(Kèm theo … số …/… ngày …)\"\n"
    "  --date NGÀY       ngày ghi vào thông tin tệp PDF (mặc định: ngày cuối kỳ)\n"
    "  --templates DIR   thư mục mẫu chứa ranking/ và nd30/\n"
    "  -o TỆP.pdf        tệp PDF kết quả (ghi trọn vẹn hoặc không ghi)\n"
    "  --html TỆP.html   ghi thêm HTML đã dàn trang (để kiểm tra)\n\n"
    "Mã thoát: 0 thành công, 1 dữ liệu đầu vào hoặc chuyển đổi lỗi, 2 sai cách dùng.\n";

int usage_error(const std::string& message) {
    std::cerr << "vanban ranking: " << message << "\n\n" << kUsage;
    return 2;
}

}  // namespace

int run_ranking(Args args) {
    DatasetOptions d;
    std::string output, html;
    ranking::RankingOptions ro;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view a = args[i];
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
        if (a == "--electronic") {
            ro.electronic = true;
            continue;
        }
        static const std::vector<std::string_view> with_value = {
            "--reference", "--templates", "--date", "-o", "--output", "--html"};
        if (std::find(with_value.begin(), with_value.end(), a) == with_value.end())
            return usage_error("không hiểu tham số \"" + std::string(a) + "\"");
        if (i + 1 >= args.size()) return usage_error("thiếu giá trị sau " + std::string(a));
        const std::string v(args[++i]);
        if (a == "--reference") {
            ro.reference = v;
        } else if (a == "--templates") {
            ro.templates_root = v;
        } else if (a == "--date") {
            ro.report_date = v;
        } else if (a == "--html") {
            html = v;
        } else {
            output = v;
        }
    }
    if (auto missing = finish_dataset_options(d)) return usage_error(*missing);
    if (output.empty()) return usage_error("thiếu -o TỆP.pdf");
    ro.levels = d.levels;

    model::Dataset ds;
    try {
        ds = load_dataset(d);
    } catch (const model::InputError& e) {
        std::cerr << "vanban ranking: " << e.what() << '\n';
        return 1;
    }
    try {
        const scoring::ScoreTable table = scoring::score_dataset(ds);
        if (!html.empty()) {
            const auto doc = ranking::build_document(ds, table, ro);
            pdf::write_file_atomically(html, ranking::render_html(doc, ro));
        }
        pdf::PoolOptions po;
        po.workers = 1;
        const auto root =
            ro.templates_root.empty() ? ranking::default_templates_root() : ro.templates_root;
        po.asset_dirs = {root};
        pdf::WkhtmlPool pool(po);
        pdf::PageNumberStamps stamps(pool);
        ranking::make_ranking_pdf(ds, table, ro, pool, stamps, output);
        return 0;
    } catch (const tpl::TemplateError& e) {
        std::cerr << e.what() << '\n';
    } catch (const pdf::ConversionError& e) {
        std::cerr << "vanban ranking: lỗi chuyển đổi PDF '" << output << "': " << e.what() << '\n';
    } catch (const std::exception& e) {
        std::cerr << "vanban ranking: lỗi: " << e.what() << '\n';
    }
    return 1;
}

}  // namespace vanban::cli
