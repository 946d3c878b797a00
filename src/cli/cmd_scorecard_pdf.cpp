// `vanban scorecard … --pdf OUT.pdf`: the leaders' scorecards (src/leader): the province summary
// and one page per unit with bookmarks, or one unit's page with --unit. Same dataset options,
// checks and messages as `vanban score`; bad input stops the run before anything is written.
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <string>

#include "batch/job.hpp"
#include "cli/commands.hpp"
#include "cli/dataset_options.hpp"
#include "leader/leader.hpp"
#include "scoring/score.hpp"
#include "vn/format.hpp"

namespace vanban::cli {

namespace {

constexpr const char* kUsage =
    "Cách dùng: vanban scorecard --org ORG.json --targets CHI_TIEU --data SO_LIEU --period KỲ\n"
    "                            --pdf PHIEU_DIEM.pdf [--unit MÃ] [--level so|huyen|xa]\n"
    "                            [--date YYYY-MM-DD] [--agency MÃ] [--job JOB.json]\n"
    "                            [--templates THƯ_MỤC]\n\n"
    "Phiếu điểm cho lãnh đạo (PDF): trang tổng hợp toàn tỉnh cho Chủ tịch rồi mỗi đơn vị một\n"
    "trang (tổng điểm, xếp loại, hạng, từng chỉ số so với chỉ tiêu, diễn biến qua các quý, chỉ\n"
    "tiêu chưa đạt và yêu cầu khắc phục), có mục lục (bookmark) theo cấp, huyện và đơn vị.\n\n"
    "  --pdf TỆP        tệp PDF được ghi\n"
    "  --unit MÃ        chỉ trang của một đơn vị (mã trong org.json)\n"
    "  --level CẤP      chỉ các đơn vị một cấp: so, huyen, xa; lặp lại được (mặc định: cả ba)\n"
    "  --date NGÀY      ngày lập (mặc định: ngày cuối kỳ báo cáo)\n"
    "  --agency MÃ      cơ quan lập trong org.json (mặc định: snv, Sở Nội vụ)\n"
    "  --job TỆP        lấy nội dung yêu cầu khắc phục từ result_letters.remedies của tệp công\n"
    "                   việc (như công văn kết quả của vanban batch)\n"
    "  --templates DIR  thư mục mẫu chứa leader/ và nd30/ (mặc định: mẫu kèm theo)\n\n"
    "Mã thoát: 0 thành công, 1 dữ liệu đầu vào sai hoặc không ghi được tệp, 2 sai cách dùng.\n";

int usage_error(const std::string& message) {
    std::cerr << "vanban scorecard: " << message << "\n\n" << kUsage;
    return 2;
}

}  // namespace

int run_scorecard_pdf(Args args) {
    DatasetOptions d;
    leader::LeaderOptions lo;
    std::string output, job_file;
    bool levels_given = false;
    for (std::string_view a : args)
        if (a == "--help" || a == "-h") {
            std::cout << kUsage;
            return 0;
        }
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view a = args[i];
        std::string error;
        if (a == "--level") levels_given = true;
        switch (parse_dataset_option(args, i, d, error)) {
            case OptionParse::ok:
                continue;
            case OptionParse::error:
                return usage_error(error);
            case OptionParse::not_mine:
                break;
        }
        if (a == "--pdf" || a == "--unit" || a == "--date" || a == "--agency" || a == "--job" ||
            a == "--templates") {
            if (i + 1 >= args.size()) return usage_error("thiếu giá trị sau " + std::string(a));
            const std::string v(args[++i]);
            if (a == "--date") {
                try {
                    vn::parse_iso_date(v);
                } catch (const vn::FormatError&) {
                    return usage_error("ngày \"" + v + "\" không hợp lệ: cần dạng YYYY-MM-DD");
                }
                lo.report_date = v;
            } else if (a == "--agency") {
                lo.agency = v;
            } else if (a == "--unit") {
                lo.unit = v;
            } else if (a == "--job") {
                job_file = v;
            } else if (a == "--templates") {
                lo.templates_root = v;
            } else {
                output = v;
            }
            continue;
        }
        if (a == "-o" || a == "--output")
            return usage_error(
                "--pdf không dùng cùng -o: sổ tính Excel và phiếu điểm PDF là hai "
                "lần chạy riêng");
        return usage_error("không hiểu tham số \"" + std::string(a) + "\"");
    }
    if (auto missing = finish_dataset_options(d)) return usage_error(*missing);
    if (output.empty()) return usage_error("thiếu tệp sau --pdf");
    if (!lo.unit.empty() && levels_given)
        return usage_error("--unit và --level không dùng cùng nhau");
    lo.levels = d.levels;

    model::Dataset ds;
    leader::QuarterSeries series;
    try {
        ds = load_dataset(d);
        series = leader::load_series(ds, d.data);
        if (!job_file.empty()) lo.remedies = batch::load_job(job_file).letters.remedies;
        if (!lo.unit.empty() && ds.org.unit_index(lo.unit) < 0)
            throw std::runtime_error("--unit " + lo.unit + ": không có đơn vị này trong " +
                                     ds.org.source + " (/units)");
        if (!lo.agency.empty() && !ds.org.find_agency(lo.agency))
            throw std::runtime_error("--agency " + lo.agency + ": không có cơ quan này trong " +
                                     ds.org.source + " (/agencies)");
    } catch (const std::exception& e) {
        std::cerr << "vanban scorecard: " << e.what() << '\n';
        return 1;
    }
    try {
        const scoring::ScoreTable table = scoring::score_dataset(ds);
        const auto root =
            lo.templates_root.empty() ? leader::default_templates_root() : lo.templates_root;
        lo.templates_root = root;
        pdf::PoolOptions po;
        po.workers = 2;
        po.asset_dirs = {root};
        pdf::WkhtmlPool pool(po);
        pdf::PageNumberStamps stamps(pool);
        leader::make_leader_pdf(ds, table, series, lo, pool, stamps, output);
    } catch (const std::exception& e) {
        std::cerr << "vanban scorecard: " << e.what() << '\n';
        return 1;
    }
    return 0;
}

}  // namespace vanban::cli
