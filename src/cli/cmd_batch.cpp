// `vanban batch JOB.json -o OUT_DIR [--jobs N] [--shard i/n] [--registry R]`: a year of result
// letters, covering notices, rankings and scorecards in one command (src/batch, docs/batch.md).
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include "batch/job.hpp"
#include "batch/runner.hpp"
#include "cli/commands.hpp"
#include "cli/template_dirs.hpp"
#include "model/json_source.hpp"
#include "pdf/wkhtml_pool.hpp"
#include "registry/registry.hpp"
#include "template/engine.hpp"

namespace vanban::cli {

namespace {

namespace fs = std::filesystem;

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

void print_help(std::ostream& out) {
    out << "Cách dùng: vanban batch CÔNG_VIỆC.json -o THƯ_MỤC [--jobs N] [--shard i/n]\n"
           "                       [--registry SỔ]\n\n"
           "Tạo trọn một năm văn bản theo tệp công việc: bảng điểm (XLSX) và bảng xếp hạng\n"
           "(PDF) của từng kỳ, công văn kết quả gửi từng đơn vị, thông báo kết quả của tỉnh\n"
           "kèm phụ lục xếp hạng; văn bản được lấy số trong sổ văn bản đi theo thứ tự ngày,\n"
           "rồi thứ tự đơn vị trong org.json, không phụ thuộc số luồng.\n\n"
           "Chạy lại chỉ tạo lại những gì đã thay đổi (THƯ_MỤC/manifest.json); sau khi bị\n"
           "dừng đột ngột, chạy lại sẽ hoàn tất với cùng số văn bản.\n\n"
           "Tham số:\n"
           "  -o, --output THƯ_MỤC  Thư mục kết quả (bắt buộc)\n"
           "  --jobs N              Số luồng và số tiến trình wkhtmltopdf (mặc định: số lõi)\n"
           "  --shard i/n           Chỉ tạo phần i trong n phần (1 ≤ i ≤ n) của công việc;\n"
           "                        các phần dùng chung một sổ PostgreSQL\n"
           "  --shard auto          Phần do Kubernetes giao (Indexed Job): i là\n"
           "                        JOB_COMPLETION_INDEX + 1, n là VANBAN_SHARD_COUNT\n"
           "  --registry SỔ         Sổ văn bản đi: tệp SQLite hoặc postgresql://… (mặc định:\n"
           "                        biến VANBAN_REGISTRY, rồi \"registry\" của công việc,\n"
           "                        nếu không có thì THƯ_MỤC/so-van-ban-di.db)\n"
           "  --help, -h            In hướng dẫn này\n\n"
           "Định dạng tệp công việc: docs/batch.md.\n"
           "Mã thoát: 0 thành công, 1 có văn bản không tạo được hoặc lỗi dữ liệu (trước khi\n"
           "lấy số), 2 dùng sai lệnh.\n";
}

int usage_error(const std::string& msg) {
    std::cerr << "vanban batch: " << msg << "\nXem: vanban batch --help\n";
    return kExitUsage;
}

bool parse_uint(std::string_view s, unsigned& v) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc() && p == s.data() + s.size();
}

// `--shard auto`: a Kubernetes Indexed Job gives each pod JOB_COMPLETION_INDEX (0 … n-1); the
// count is not given to the pod, so the manifest sets VANBAN_SHARD_COUNT to its `completions`
// (deploy/k8s). Returns an error message, empty on success.
std::string shard_from_environment(batch::RunOptions& ro) {
    const char* index = std::getenv("JOB_COMPLETION_INDEX");
    const char* count = std::getenv("VANBAN_SHARD_COUNT");
    unsigned i = 0, n = 0;
    if (count == nullptr || !parse_uint(count, n) || n == 0 || n > 100000)
        return "--shard auto cần biến môi trường VANBAN_SHARD_COUNT là số phần (bằng "
               "completions của Job), một số nguyên dương (nhận \"" +
               std::string(count ? count : "") + "\")";
    if (index == nullptr || !parse_uint(index, i) || i >= n)
        return "--shard auto cần biến môi trường JOB_COMPLETION_INDEX từ 0 đến " +
               std::to_string(n - 1) + " (Kubernetes đặt khi completionMode: Indexed; nhận \"" +
               std::string(index ? index : "") + "\")";
    ro.shard_index = i;
    ro.shard_count = n;
    return {};
}

}  // namespace

int run_batch(Args args) {
    std::string job_file, out_dir, registry_spec;
    batch::RunOptions ro;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view a = args[i];
        if (a == "--help" || a == "-h") {
            print_help(std::cout);
            return 0;
        }
        const bool takes_value = a == "-o" || a == "--output" || a == "--jobs" || a == "--shard" ||
                                 a == "--registry" || a == "--html-dir";
        if (takes_value && i + 1 >= args.size())
            return usage_error("thiếu giá trị sau '" + std::string(a) + "'");
        if (a == "-o" || a == "--output") {
            out_dir = std::string(args[++i]);
        } else if (a == "--html-dir") {
            // Undocumented in --help: for bench/batch (the peer converts the same HTML).
            ro.html_dir = std::string(args[++i]);
        } else if (a == "--registry") {
            registry_spec = std::string(args[++i]);
        } else if (a == "--jobs") {
            const std::string_view v = args[++i];
            if (!parse_uint(v, ro.jobs) || ro.jobs == 0 || ro.jobs > 256)
                return usage_error("--jobs phải là số nguyên từ 1 đến 256 (nhận \"" +
                                   std::string(v) + "\")");
        } else if (a == "--shard") {
            const std::string_view v = args[++i];
            if (v == "auto") {
                if (const std::string err = shard_from_environment(ro); !err.empty())
                    return usage_error(err);
                continue;
            }
            const auto slash = v.find('/');
            unsigned si = 0, sn = 0;
            if (slash == std::string_view::npos || !parse_uint(v.substr(0, slash), si) ||
                !parse_uint(v.substr(slash + 1), sn) || sn == 0 || si == 0 || si > sn)
                return usage_error("--shard phải có dạng i/n với 1 ≤ i ≤ n (nhận \"" +
                                   std::string(v) + "\")");
            ro.shard_index = si - 1;
            ro.shard_count = sn;
        } else if (a.starts_with("-")) {
            return usage_error("tùy chọn không xác định '" + std::string(a) + "'");
        } else if (!job_file.empty()) {
            return usage_error("chỉ được chỉ định một tệp công việc (đã có '" + job_file + "')");
        } else {
            job_file = std::string(a);
        }
    }
    if (job_file.empty()) return usage_error("thiếu tệp công việc (JSON)");
    if (out_dir.empty()) return usage_error("thiếu tùy chọn -o THƯ_MỤC");

    ro.out_dir = out_dir;
    // The environment comes before the job's own "registry" so that a deployment can point every
    // shard at its database from a Secret without the password appearing in the command line.
    if (registry_spec.empty()) {
        if (const char* env = std::getenv("VANBAN_REGISTRY"); env != nullptr && *env != '\0')
            registry_spec = env;
    }
    ro.registry = registry_spec;
    ro.templates_root = bundled_templates_dir("nd30").parent_path();
    ro.batch_templates = bundled_templates_dir("batch");
    ro.log = &std::cerr;
    ro.tty = isatty(STDERR_FILENO) == 1;
    try {
        const batch::Job job = batch::load_job(job_file);
        const batch::Summary s = batch::run_job(job, ro);
        batch::print_summary(s, std::cout);
        return s.failures.empty() ? 0 : kExitFailed;
    } catch (const model::InputError& e) {
        std::cerr << e.what() << '\n';
    } catch (const tpl::TemplateError& e) {
        std::cerr << e.what() << '\n';
    } catch (const registry::RegistryError& e) {
        // Numbers already reserved stay with their letters: a rerun completes them.
        std::cerr << job_file << ": lỗi sổ văn bản đi: " << e.what() << '\n';
        return kExitFailed;
    } catch (const std::exception& e) {
        std::cerr << "vanban batch: " << e.what() << '\n';
    }
    std::cerr << "vanban batch: dừng trước khi tạo văn bản; không số nào được lấy thêm\n";
    return kExitFailed;
}

}  // namespace vanban::cli
