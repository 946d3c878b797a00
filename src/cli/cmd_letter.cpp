// `vanban letter LETTER.json --org ORG.json -o OUT.pdf [--registry R | --draft] [--html OUT.html]
// [--templates DIR]`: one administrative letter (Nghị định 30/2020) from JSON to a finished,
// numbered PDF through the letters library (src/letter): check everything, take the number from
// the registry, render, convert, finish, write atomically, record the file in the register.
// Any error leaves no output file and prints a Vietnamese message naming the file and place.
#include <stdlib.h>

#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/sign_key.hpp"
#include "cli/template_dirs.hpp"
#include "docx/letter_docx.hpp"
#include "letter/letter_maker.hpp"
#include "model/letter.hpp"
#include "model/org.hpp"
#include "pdf/atomic_file.hpp"
#include "pdf/finish.hpp"
#include "pdf/wkhtml_pool.hpp"
#include "registry/registry.hpp"
#include "sign/issue.hpp"
#include "template/engine.hpp"

namespace vanban::cli {

namespace {

namespace fs = std::filesystem;

constexpr int kExitError = 1;  // bad input, template or conversion error
constexpr int kExitUsage = 2;

void print_help(std::ostream& out) {
    out << "Cách dùng: vanban letter CÔNG_VĂN.json --org TỔ_CHỨC.json -o TỆP.pdf\n"
           "                        [--registry SỔ | --draft] [--html TỆP.html]\n"
           "                        [--templates THƯ_MỤC] [--sign-box]\n"
           "                        [--sign-as nguoi-ky|co-quan --key KHÓA [--sign-image "
           "ẢNH.png]]\n\n"
           "Tạo một văn bản hành chính (công văn, thông báo, kế hoạch, …) dạng PDF theo\n"
           "Nghị định 30/2020/NĐ-CP: tiêu đề, số và ký hiệu, nội dung, chữ ký, nơi nhận,\n"
           "số trang từ trang 2 và các phụ lục đánh số trang riêng.\n\n"
           "Văn bản chưa có số được lấy số tiếp theo trong sổ đăng ký văn bản đi của cơ quan\n"
           "(sổ theo năm của ngày văn bản); chạy lại cùng văn bản thì giữ nguyên số cũ.\n"
           "Văn bản đã có số thì số đó được ghi vào sổ (báo lỗi nếu văn bản khác đã dùng).\n\n"
           "Tham số:\n"
           "  --org TỆP           Tệp tổ chức (org.json): cơ quan, đơn vị soạn thảo, người ký\n"
           "  -o, --output TỆP    Tệp PDF kết quả (bắt buộc)\n"
           "  --registry SỔ       Sổ văn bản đi: tệp SQLite hoặc postgresql://… (mặc định:\n"
           "                      biến VANBAN_REGISTRY, nếu không có thì vanban.db tại thư mục\n"
           "                      đang làm việc)\n"
           "  --draft             Bản dự thảo: không lấy số, không ghi sổ\n"
           "                      (in \"Số:      /SYT-VP\" nếu văn bản chưa có số)\n"
           "  --html TỆP          Ghi thêm HTML của văn bản chính (để kiểm tra bố cục)\n"
           "  --templates THƯ_MỤC Thư mục mẫu ND30 (mặc định: templates/nd30 của vanban)\n"
           "  --docx TỆP          Ghi văn bản dạng Word (.docx) để sửa; dùng riêng hoặc cùng -o\n"
           "  --sign-box          Ghi vị trí khối chữ ký vào PDF để ký sau (vanban sign)\n"
           "  --sign-as VAI       Ký số ngay khi tạo (nguoi-ky hoặc co-quan; xem vanban sign)\n"
           "  --key KHÓA          Tệp .p12 hoặc URI pkcs11: để ký (mật khẩu/PIN trong biến\n"
           "                      VANBAN_KEY_PASSWORD/VANBAN_PIN hoặc nhập khi được hỏi)\n"
           "  --sign-image ẢNH    Ảnh chữ ký hoặc ảnh dấu (PNG nền trong suốt)\n"
           "  --sign-tsa URL      Máy chủ dấu thời gian RFC 3161 (chữ ký PAdES B-T)\n"
           "  --help, -h          In hướng dẫn này\n\n"
           "Định dạng tệp công văn: docs/letters.md. Khi có lỗi, không tệp nào được ghi.\n"
           "Mã thoát: 0 thành công, 1 lỗi dữ liệu, mẫu hoặc chuyển đổi PDF, 2 dùng sai lệnh.\n";
}

int usage_error(const std::string& msg) {
    std::cerr << "vanban letter: " << msg << "\nXem: vanban letter --help\n";
    return kExitUsage;
}

struct Options {
    std::string letter, org, output, html, templates, registry;
    std::string sign_as, key, sign_image, sign_tsa;
    bool draft = false, sign_box = false;
    std::string docx;  // --docx (issue 17)
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
        if (a == "--registry") target = &o.registry;
        if (a == "--docx") target = &o.docx;
        if (a == "--sign-as") target = &o.sign_as;
        if (a == "--key") target = &o.key;
        if (a == "--sign-image") target = &o.sign_image;
        if (a == "--sign-tsa") target = &o.sign_tsa;
        if (a == "--sign-box") {
            o.sign_box = true;
            continue;
        }
        if (a == "--draft") {
            o.draft = true;
            continue;
        }
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
    // [docx: --docx alone or beside -o]
    if (o.output.empty() && o.docx.empty())
        return usage_error("thiếu tùy chọn -o TỆP.pdf (hoặc --docx TỆP.docx)");
    if (!o.docx.empty() && (fs::weakly_canonical(o.docx) == fs::weakly_canonical(o.output) ||
                            fs::weakly_canonical(o.docx) == fs::weakly_canonical(o.html)))
        return usage_error("tệp --docx phải khác tệp PDF và tệp --html");
    if (o.output.empty() && !o.html.empty()) return usage_error("--html chỉ dùng cùng -o TỆP.pdf");
    // [/docx]
    if (!o.sign_as.empty() && o.sign_as != "nguoi-ky" && o.sign_as != "co-quan")
        return usage_error("--sign-as phải là nguoi-ky hoặc co-quan");
    if (o.sign_as.empty() != o.key.empty())
        return usage_error("--sign-as và --key phải đi cùng nhau");
    if ((!o.sign_image.empty() || !o.sign_tsa.empty()) && o.sign_as.empty())
        return usage_error("--sign-image và --sign-tsa chỉ dùng với --sign-as");
    if (!o.sign_as.empty() && o.output.empty())
        return usage_error("--sign-as cần -o TỆP.pdf (văn bản ký số là PDF)");
    if (o.draft && !o.registry.empty())
        return usage_error("--draft không dùng cùng --registry (bản dự thảo không ghi sổ)");
    if (!o.html.empty() && !o.output.empty() &&
        fs::weakly_canonical(o.html) == fs::weakly_canonical(o.output))
        return usage_error("tệp --html phải khác tệp PDF");
    return -1;
}

// ---- --docx (issue 17): the letter as an editable Word file, with the same number ----

// Beside -o: the DOCX gets the number the PDF got. All or nothing: if it cannot be written,
// the PDF goes too (the registry keeps the number for this letter; a rerun completes it).
void write_docx_beside(const Options& opt, const model::JsonDocument& doc,
                       const letter::PreparedLetter& p, const model::Organisation& org,
                       const letter::Made& made) {
    try {
        const auto& n = made.numbered;  // a draft's blank date takes the registry's, as the PDF's
        docx::write_docx(opt.docx, n ? docx::issued_letter_docx(doc, p.letter, org, n->entry.number,
                                                                n->entry.date.iso())
                                     : docx::letter_docx(doc, p.letter, org, p.letter.number));
    } catch (...) {
        std::error_code ec;
        fs::remove(opt.output, ec);
        if (!opt.html.empty()) fs::remove(opt.html, ec);
        throw;
    }
}

// --docx alone: numbered like a PDF (reserve, write, commit with the DOCX's path).
void make_docx_only(const Options& opt, const model::JsonDocument& doc, letter::LetterMaker& maker,
                    const letter::PreparedLetter& p, const model::Organisation& org,
                    registry::Registry* reg) {
    if (!reg) {
        docx::write_docx(opt.docx, docx::letter_docx(doc, p.letter, org, p.letter.number));
        return;
    }
    letter::Numbered n = maker.number(p, *reg);
    try {
        docx::write_docx(opt.docx, docx::issued_letter_docx(doc, p.letter, org, n.entry.number,
                                                            n.entry.date.iso()));
    } catch (...) {
        // A number this run took goes back, as LetterMaker::make does for a PDF.
        try {
            if (n.outcome == registry::ReserveOutcome::Created) reg->release(p.key);
        } catch (const std::exception&) {
            // The reservation stays, as after a kill; the first error is shown.
        }
        throw;
    }
    n.entry = reg->commit(p.key, fs::absolute(opt.docx).lexically_normal().string());
    if (!n.notice.empty()) std::cerr << opt.letter << ": lưu ý: " << n.notice << '\n';
    std::cout << n.entry.so_ky_hieu << '\t' << opt.docx
              << (n.outcome == registry::ReserveOutcome::Created ? "\tsố mới" : "\tsố đã cấp trước")
              << '\n';
}
// ---- end --docx ----

}  // namespace

int run_letter(Args args) {
    Options opt;
    if (int rc = parse_args(args, opt); rc >= 0) return rc;
    const fs::path templates =
        opt.templates.empty() ? bundled_templates_dir("nd30") : fs::path(opt.templates);

    // Outside the try: after a failure, says whether the letter still holds a number.
    std::unique_ptr<registry::Registry> reg;
    std::string key;
    auto number_note = [&] {
        if (!reg || key.empty()) return;
        try {
            const auto e = reg->find_by_key(key);
            if (e && e->status == registry::Status::Reserved)
                std::cerr << opt.letter << ": số " << e->so_ky_hieu
                          << " đã giữ từ trước vẫn thuộc văn bản này; chạy lại lệnh để hoàn tất "
                             "với cùng số\n";
            else if (!e)
                std::cerr << opt.letter << ": không số nào bị lấy\n";
        } catch (const std::exception&) {
        }
    };
    try {
        auto doc = model::JsonDocument::load(opt.letter);
        model::Letter parsed = model::parse_letter(doc);
        model::Organisation org = model::load_organisation(opt.org);

        pdf::PoolOptions po;
        po.workers = parsed.appendices.empty() ? 1 : 2;
        po.asset_dirs = {templates};
        for (auto& dir : letter::image_dirs(parsed)) po.asset_dirs.push_back(dir);
        pdf::WkhtmlPool pool(po);
        pdf::PageNumberStamps stamps(pool);
        letter::LetterMaker maker(org, templates, pool, stamps);
        // Signing: the key and image are checked before a number is taken.
        std::unique_ptr<sign::Signer> signer;
        std::optional<sign::Png> png;
        if (!opt.sign_as.empty()) {
            if (!opt.sign_image.empty()) png = sign::load_png(opt.sign_image);
            signer = open_signer_key(opt.key, "");
            sign::check_signer(*signer, std::time(nullptr));
        }
        maker.set_sign_box(opt.sign_box || signer);
        // Every input and template error is found here, before a number is taken.
        const letter::PreparedLetter prepared = maker.prepare(doc, std::move(parsed));

        if (!opt.draft) reg = registry::open_registry(opt.registry);
        key = prepared.key;
        std::optional<fs::path> html_out;
        if (!opt.html.empty()) html_out = fs::path(opt.html);
        // [docx] The DOCX's folder is checked before a number is taken, as the PDF's is.
        if (!opt.docx.empty()) pdf::check_writable(opt.docx);
        if (opt.output.empty()) {
            make_docx_only(opt, doc, maker, prepared, org, reg.get());
            return 0;
        }
        // [/docx]
        // Signing is the finishing step of make(): the output appears signed or not at all,
        // and a signing failure gives back the number this run took.
        letter::Finisher finisher;
        sign::IssueSigning signing;
        if (signer) {
            signing.signer = signer.get();
            signing.role = opt.sign_as == "nguoi-ky" ? sign::Role::nguoi_ky : sign::Role::co_quan;
            signing.image = png ? &*png : nullptr;
            signing.tsa = opt.sign_tsa;
            finisher = [&](const std::string& pdf) {
                return sign::sign_issued(pdf, opt.output, signing, std::time(nullptr));
            };
        }
        letter::Made made = maker.make(prepared, reg.get(), opt.output, html_out, finisher);
        if (made.numbered) {
            const auto& n = *made.numbered;
            if (!n.notice.empty()) std::cerr << opt.letter << ": lưu ý: " << n.notice << '\n';
            std::cout << made.so_ky_hieu << '\t' << opt.output
                      << (n.outcome == registry::ReserveOutcome::Created ? "\tsố mới"
                                                                         : "\tsố đã cấp trước")
                      << '\n';
        }
        if (!opt.docx.empty()) write_docx_beside(opt, doc, prepared, org, made);  // [docx]
        return 0;
    } catch (const model::InputError& e) {
        std::cerr << e.what() << '\n';
    } catch (const tpl::TemplateError& e) {
        std::cerr << e.what() << '\n';
    } catch (const registry::RegistryError& e) {
        std::cerr << opt.letter << ": lỗi sổ văn bản đi: " << e.what() << '\n';
    } catch (const pdf::ConversionError& e) {
        std::cerr << opt.letter << ": lỗi chuyển đổi PDF: " << e.what() << '\n';
        number_note();
    } catch (const std::exception& e) {
        // finish/atomic write: the message already names the output file
        std::cerr << "vanban letter: lỗi: " << e.what() << '\n';
        number_note();
    }
    return kExitError;
}

}  // namespace vanban::cli
