// `vanban letter LETTER.json --org ORG.json -o OUT.pdf [--html OUT.html] [--templates DIR]`:
// one administrative letter (Nghị định 30/2020) from JSON to a finished PDF: load and validate
// the letter, resolve it against org.json, render templates/nd30 to HTML, convert the letter and
// each Phụ lục with wkhtmltopdf, then merge, number pages and write atomically with qpdf.
// Any error leaves no output file and prints a Vietnamese message naming the file and place.
#include <stdlib.h>

#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "model/letter.hpp"
#include "model/letter_context.hpp"
#include "model/org.hpp"
#include "pdf/atomic_file.hpp"
#include "pdf/finish.hpp"
#include "pdf/page_setup.hpp"
#include "pdf/wkhtml_pool.hpp"
#include "template/engine.hpp"

namespace vanban::cli {

namespace {

namespace fs = std::filesystem;

constexpr int kExitError = 1;  // bad input, template or conversion error
constexpr int kExitUsage = 2;

void print_help(std::ostream& out) {
    out << "Cách dùng: vanban letter CÔNG_VĂN.json --org TỔ_CHỨC.json -o TỆP.pdf\n"
           "                        [--html TỆP.html] [--templates THƯ_MỤC]\n\n"
           "Tạo một văn bản hành chính (công văn, thông báo, kế hoạch, …) dạng PDF theo\n"
           "Nghị định 30/2020/NĐ-CP: tiêu đề, số và ký hiệu, nội dung, chữ ký, nơi nhận,\n"
           "số trang từ trang 2 và các phụ lục đánh số trang riêng.\n\n"
           "Tham số:\n"
           "  --org TỆP           Tệp tổ chức (org.json): cơ quan, đơn vị soạn thảo, người ký\n"
           "  -o, --output TỆP    Tệp PDF kết quả (bắt buộc)\n"
           "  --html TỆP          Ghi thêm HTML của văn bản chính (để kiểm tra bố cục)\n"
           "  --templates THƯ_MỤC Thư mục mẫu ND30 (mặc định: templates/nd30 của vanban)\n"
           "  --help, -h          In hướng dẫn này\n\n"
           "Định dạng tệp công văn: docs/letters.md. Khi có lỗi, không tệp nào được ghi.\n"
           "Mã thoát: 0 thành công, 1 lỗi dữ liệu, mẫu hoặc chuyển đổi PDF, 2 dùng sai lệnh.\n";
}

int usage_error(const std::string& msg) {
    std::cerr << "vanban letter: " << msg << "\nXem: vanban letter --help\n";
    return kExitUsage;
}

// The installed templates: a build-time path when the build defines one, else templates/nd30
// next to the build tree that holds the binary (build-x/vanban -> ../templates/nd30), else
// the current folder's templates/nd30.
fs::path default_templates_dir() {
#ifdef VANBAN_TEMPLATES_DIR
    return fs::path(VANBAN_TEMPLATES_DIR);
#else
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        for (fs::path dir = exe.parent_path(); !dir.empty() && dir != dir.parent_path();
             dir = dir.parent_path()) {
            fs::path candidate = dir / "templates" / "nd30";
            if (fs::is_regular_file(candidate / "base.html", ec)) return candidate;
        }
    }
    return fs::path("templates") / "nd30";
#endif
}

struct Options {
    std::string letter, org, output, html, templates;
};

// Returns -1 when parsing succeeded, else the exit code.
int parse_args(Args args, Options& o) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view a = args[i];
        if (a == "--help" || a == "-h") {
            print_help(std::cout);
            return 0;
        }
        std::string* target = nullptr;
        if (a == "--org") target = &o.org;
        if (a == "-o" || a == "--output") target = &o.output;
        if (a == "--html") target = &o.html;
        if (a == "--templates") target = &o.templates;
        if (target) {
            if (i + 1 >= args.size())
                return usage_error("thiếu giá trị sau '" + std::string(a) + "'");
            *target = std::string(args[++i]);
            continue;
        }
        if (a.starts_with("-"))
            return usage_error("tùy chọn không xác định '" + std::string(a) + "'");
        if (!o.letter.empty())
            return usage_error("chỉ được chỉ định một tệp công văn (đã có '" + o.letter + "')");
        o.letter = std::string(a);
    }
    if (o.letter.empty()) return usage_error("thiếu tệp công văn (JSON)");
    if (o.org.empty()) return usage_error("thiếu tùy chọn --org TỔ_CHỨC.json");
    if (o.output.empty()) return usage_error("thiếu tùy chọn -o TỆP.pdf");
    if (!o.html.empty() && fs::weakly_canonical(o.html) == fs::weakly_canonical(o.output))
        return usage_error("tệp --html phải khác tệp PDF");
    return -1;
}

}  // namespace

int run_letter(Args args) {
    Options opt;
    if (int rc = parse_args(args, opt); rc >= 0) return rc;
    const fs::path templates =
        opt.templates.empty() ? default_templates_dir() : fs::path(opt.templates);

    try {
        auto doc = model::JsonDocument::load(opt.letter);
        model::Letter letter = model::parse_letter(doc);
        model::Organisation org = model::load_organisation(opt.org);
        model::LetterContext lc = model::build_letter_context(doc, letter, org);
        lc.context["base_css"] = pdf::base_css();

        std::error_code ec;
        if (!fs::is_regular_file(templates / lc.template_name, ec)) {
            std::cerr
                << (templates / lc.template_name).string()
                << ": lỗi: không tìm thấy mẫu văn bản (dùng --templates để chỉ thư mục mẫu ND30)\n";
            return kExitError;
        }
        tpl::Environment env;
        env.add_search_path(templates);
        std::vector<std::string> htmls;
        htmls.push_back(env.load(lc.template_name)->render(tpl::value_from_json(lc.context)));
        const auto& apps = lc.context["appendices"];
        for (std::size_t i = 0; i < apps.size(); ++i) {
            model::Json ctx = lc.context;
            ctx["appendix"] = apps[i];
            ctx["appendix_number"] = i + 1;
            ctx["appendix_count"] = apps.size();
            htmls.push_back(env.load("phu-luc.html")->render(tpl::value_from_json(ctx)));
        }

        pdf::PoolOptions po;
        po.workers = htmls.size() > 1 ? 2 : 1;
        po.asset_dirs = {templates};
        pdf::WkhtmlPool pool(po);
        pdf::PageNumberStamps stamps(pool);
        pdf::PageSetup page;
        pdf::FinishJob job{
            {}, {letter.trich_yeu, lc.agency_name, lc.so_ky_hieu, "", letter.date}, opt.output};
        for (std::size_t i = 0; i < htmls.size(); ++i) {
            std::string name =
                i == 0 ? opt.letter : opt.letter + " (phụ lục " + std::to_string(i) + ")";
            std::string bytes = pool.render({htmls[i], page, {}, name});
            job.parts.emplace_back(name, page, std::move(bytes));
        }
        pdf::finish(job, stamps);
        if (!opt.html.empty()) {
            try {
                pdf::write_file_atomically(opt.html, htmls[0]);
            } catch (...) {
                fs::remove(opt.output, ec);  // all or nothing
                throw;
            }
        }
        return 0;
    } catch (const model::InputError& e) {
        std::cerr << e.what() << '\n';
    } catch (const tpl::TemplateError& e) {
        std::cerr << e.what() << '\n';
    } catch (const pdf::ConversionError& e) {
        std::cerr << opt.letter << ": lỗi chuyển đổi PDF: " << e.what() << '\n';
    } catch (const std::exception& e) {
        // finish/atomic write: the message already names the output file
        std::cerr << "vanban letter: lỗi: " << e.what() << '\n';
    }
    return kExitError;
}

}  // namespace vanban::cli
