// `vanban ranking`: the ranking tables of a period as a PDF (Phụ lục layout, "Trang X/Y"): the
// whole province, one district (--district), or one PDF per district made together on one
// wkhtmltopdf pool (--each-district). The dataset options are the shared ones of `vanban score`;
// input errors are scoring's messages and leave no PDF behind.
#include <algorithm>
#include <atomic>
#include <charconv>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
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

namespace fs = std::filesystem;

constexpr const char* kUsage =
    "Cách dùng: vanban ranking --org ORG.json --targets CHI_TIEU --data SO_LIEU --period KỲ\n"
    "                          [--level so|huyen|xa] [--agency MÃ] [--reference \"(Kèm theo …)\"]\n"
    "                          [--electronic] [--date YYYY-MM-DD] [--templates THƯ_MỤC]\n"
    "                          [--district MÃ_HUYỆN] -o TỆP.pdf [--html TỆP.html]\n"
    "       vanban ranking … --each-district THƯ_MỤC [--jobs N] [--html-dir THƯ_MỤC]\n\n"
    "  --org, --targets, --data, --period, --level   như vanban score\n"
    "  --agency MÃ       cơ quan đứng tên (mã trong /agencies của org.json; mặc định: cơ quan "
    "đầu)\n"
    "  --reference DÒNG  dòng \"(Kèm theo Thông báo số …)\" dưới tiêu đề; bỏ trống: để chấm\n"
    "  --electronic      bản điện tử: dòng Kèm theo để chấm \"(Kèm theo … số …/… ngày …)\"\n"
    "  --date NGÀY       ngày ghi vào thông tin tệp PDF (mặc định: ngày cuối kỳ)\n"
    "  --templates DIR   thư mục mẫu chứa ranking/ và nd30/\n"
    "  --district MÃ     chỉ các xã, phường, thị trấn của một huyện (mã đơn vị cấp huyện trong\n"
    "                    org.json): hạng trong huyện trước, hạng toàn tỉnh một cột\n"
    "  --each-district DIR  mỗi huyện một tệp PDF trong DIR (xep-hang-xa-MÃ-KỲ.pdf), làm song "
    "song\n"
    "  --jobs N          số luồng và số tiến trình wkhtmltopdf cho --each-district (mặc định: số "
    "lõi)\n"
    "  -o TỆP.pdf        tệp PDF kết quả (ghi trọn vẹn hoặc không ghi)\n"
    "  --html TỆP.html   ghi thêm HTML đã dàn trang (để kiểm tra)\n"
    "  --html-dir DIR    với --each-district: ghi thêm HTML của từng tệp vào DIR "
    "(xep-hang-xa-MÃ-KỲ.html)\n\n"
    "Mã thoát: 0 thành công, 1 dữ liệu đầu vào hoặc chuyển đổi lỗi, 2 sai cách dùng.\n";

int usage_error(const std::string& message) {
    std::cerr << "vanban ranking: " << message << "\n\n" << kUsage;
    return 2;
}

// "xep-hang-xa-bien-hoa-quy-II-2024": unit ids are [a-z0-9_-] (org.json is validated), the
// period part is the batch's folder name, so names cannot leave the folder.
std::string district_file_stem(const model::Unit& district, const model::Period& period) {
    return "xep-hang-xa-" + district.id + "-" + period.slug();
}

struct Outputs {
    std::string pdf, html;      // one document
    std::string dir, html_dir;  // --each-district
};

// Converts one document and, when asked, writes the HTML it was made from.
void make_one(const model::Dataset& ds, const scoring::ScoreTable& table,
              const ranking::RankingOptions& ro, pdf::WkhtmlPool& pool,
              pdf::PageNumberStamps& stamps, const fs::path& pdf, const fs::path& html) {
    if (!html.empty()) {
        const auto doc = ranking::build_document(ds, table, ro);
        pdf::write_file_atomically(html, ranking::render_html(doc, ro));
    }
    ranking::make_ranking_pdf(ds, table, ro, pool, stamps, pdf);
}

std::string describe(const std::exception& e, const fs::path& out) {
    if (dynamic_cast<const tpl::TemplateError*>(&e)) return e.what();
    if (dynamic_cast<const pdf::ConversionError*>(&e))
        return "vanban ranking: lỗi chuyển đổi PDF '" + out.string() + "': " + e.what();
    return "vanban ranking: lỗi: " + std::string(e.what());
}

// One PDF per district (org.json order), `jobs` threads sharing one pool of `jobs` workers.
// A failed district does not stop the others; returns the exit code.
int make_each_district(const model::Dataset& ds, const scoring::ScoreTable& table,
                       const ranking::RankingOptions& base, const Outputs& out, unsigned jobs,
                       const fs::path& templates_root) {
    std::vector<int> districts;
    for (std::size_t i = 0; i < ds.org.units.size(); ++i)
        if (ds.org.units[i].level == model::Level::huyen) districts.push_back(static_cast<int>(i));
    if (districts.empty()) {
        std::cerr << "vanban ranking: " << ds.org.source
                  << ": /units không có đơn vị cấp huyện (\"level\": \"huyen\") nào để lập bảng "
                     "xếp hạng theo huyện\n";
        return 1;
    }
    std::error_code ec;
    for (const auto& dir : {out.dir, out.html_dir}) {
        if (dir.empty()) continue;
        fs::create_directories(dir, ec);
        if (ec || !fs::is_directory(dir)) {
            std::cerr << "vanban ranking: không tạo được thư mục kết quả '" << dir
                      << "' (cần một thư mục ghi được; " << ec.message() << ")\n";
            return 1;
        }
    }
    jobs = std::min<unsigned>(jobs, static_cast<unsigned>(districts.size()));
    pdf::PoolOptions po;
    po.workers = jobs;
    po.asset_dirs = {templates_root};
    pdf::WkhtmlPool pool(po);
    pdf::PageNumberStamps stamps(pool);

    std::atomic<std::size_t> next{0};
    std::mutex report;
    std::vector<std::string> made, failed;
    auto work = [&] {
        for (std::size_t k; (k = next++) < districts.size();) {
            const model::Unit& d = ds.org.units[static_cast<std::size_t>(districts[k])];
            ranking::RankingOptions ro = base;
            ro.district = d.id;
            const std::string stem = district_file_stem(d, table.period);
            const fs::path pdf = fs::path(out.dir) / (stem + ".pdf");
            const fs::path html =
                out.html_dir.empty() ? fs::path() : fs::path(out.html_dir) / (stem + ".html");
            try {
                make_one(ds, table, ro, pool, stamps, pdf, html);
                std::lock_guard lock(report);
                made.push_back(pdf.string());
            } catch (const std::exception& e) {
                std::lock_guard lock(report);
                failed.push_back(describe(e, pdf));
            }
        }
    };
    std::vector<std::thread> threads;
    for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(work);
    work();
    for (auto& t : threads) t.join();
    std::sort(made.begin(), made.end());
    for (const auto& m : made) std::cout << m << '\n';
    for (const auto& f : failed) std::cerr << f << '\n';
    if (failed.empty()) return 0;
    std::cerr << "vanban ranking: " << failed.size() << "/" << districts.size()
              << " tệp không làm được\n";
    return 1;
}

}  // namespace

int run_ranking(Args args) {
    DatasetOptions d;
    Outputs out;
    std::optional<unsigned> jobs;
    bool each_district = false;
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
            "--reference", "--templates", "--date", "-o",         "--output",       "--html",
            "--agency",    "--district",  "--jobs", "--html-dir", "--each-district"};
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
            out.html = v;
        } else if (a == "--agency") {
            ro.agency = v;
        } else if (a == "--district") {
            ro.district = v;
        } else if (a == "--each-district") {
            each_district = true;
            out.dir = v;
        } else if (a == "--html-dir") {
            out.html_dir = v;
        } else if (a == "--jobs") {
            unsigned n = 0;
            const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
            if (ec != std::errc() || p != v.data() + v.size() || n == 0 || n > 256)
                return usage_error("--jobs phải là số nguyên từ 1 đến 256 (nhận \"" + v + "\")");
            jobs = n;
        } else {
            out.pdf = v;
        }
    }
    // The combinations that cannot mean anything, before any file is read.
    const bool per_district = each_district || !ro.district.empty();
    if (each_district && !ro.district.empty())
        return usage_error("--district và --each-district không dùng cùng nhau");
    if (per_district)
        for (model::Level l : d.levels)
            if (l != model::Level::xa)
                return usage_error(
                    "bảng xếp hạng theo huyện chỉ có cấp xa (xã, phường, thị "
                    "trấn), không dùng với --level " +
                    std::string(model::level_id(l)));
    if (auto missing = finish_dataset_options(d)) return usage_error(*missing);
    if (each_district) {
        if (!out.pdf.empty() || !out.html.empty())
            return usage_error(
                "với --each-district, tên tệp do vanban đặt: bỏ -o/--html "
                "(HTML: --html-dir THƯ_MỤC)");
        if (out.dir.empty()) return usage_error("--each-district cần một thư mục");
    } else {
        if (jobs) return usage_error("--jobs chỉ dùng với --each-district");
        if (!out.html_dir.empty()) return usage_error("--html-dir chỉ dùng với --each-district");
        if (out.pdf.empty()) return usage_error("thiếu -o TỆP.pdf");
    }
    ro.levels = per_district ? std::vector<model::Level>{model::Level::xa} : d.levels;

    model::Dataset ds;
    try {
        ds = load_dataset(d);
        // Ids from the command line, checked against org.json before any work.
        if (!ro.district.empty()) {
            try {
                ranking::district_unit(ds.org, ro.district);
            } catch (const std::runtime_error& e) {
                throw std::runtime_error("--district " + ro.district + ": " + e.what());
            }
        }
        if (!ro.agency.empty() && !ds.org.find_agency(ro.agency)) {
            std::string ids;
            for (const auto& ag : ds.org.agencies) ids += (ids.empty() ? "" : ", ") + ag.id;
            throw std::runtime_error(
                ds.org.source + ": không có cơ quan \"" + ro.agency +
                "\" trong /agencies để đứng tên bảng xếp hạng; các mã có: " + ids);
        }
    } catch (const std::exception& e) {
        std::cerr << "vanban ranking: " << e.what() << '\n';
        return 1;
    }
    const auto root =
        ro.templates_root.empty() ? ranking::default_templates_root() : ro.templates_root;
    try {
        const scoring::ScoreTable table = scoring::score_dataset(ds);
        if (each_district)
            return make_each_district(
                ds, table, ro, out,
                jobs ? *jobs : std::max(1u, std::thread::hardware_concurrency()), root);
        pdf::PoolOptions po;
        po.workers = 1;
        po.asset_dirs = {root};
        pdf::WkhtmlPool pool(po);
        pdf::PageNumberStamps stamps(pool);
        make_one(ds, table, ro, pool, stamps, out.pdf, out.html);
        return 0;
    } catch (const std::exception& e) {
        std::cerr << describe(e, out.pdf) << '\n';
    }
    return 1;
}

}  // namespace vanban::cli
