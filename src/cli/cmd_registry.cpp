// `vanban registry [--registry R] list|show|void|export …`: the outgoing register
// (sổ đăng ký văn bản đi). Numbers are taken by `vanban letter` through the registry library;
// this command looks at the book and voids numbers.
#include <ctime>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/template_dirs.hpp"
#include "letter/register_book_pdf.hpp"
#include "model/json_source.hpp"
#include "model/org.hpp"
#include "pdf/finish.hpp"
#include "pdf/wkhtml_pool.hpp"
#include "registry/book.hpp"
#include "registry/doc_types.hpp"
#include "registry/register_text.hpp"
#include "registry/registry.hpp"
#include "xlsx/register_book.hpp"

namespace vanban::cli {

namespace {

using namespace vanban::registry;

constexpr const char* kUsage =
    "Cách dùng: vanban registry [--registry SỔ] LỆNH [THAM SỐ]\n\n"
    "Sổ đăng ký văn bản đi (Phụ lục IV Nghị định 30/2020).\n\n"
    "Các lệnh:\n"
    "  list [--agency CQ] [--year NĂM] [--status reserved|issued|void]\n"
    "        Liệt kê các số đã cấp (mỗi dòng một số và sổ của nó, cột cách nhau bằng tab)\n"
    "  show SỐ/KÝ-HIỆU [--year NĂM] [--agency CQ] [--series MÃ_SỔ]\n"
    "        Xem một số, ví dụ: show 05/SYT-VP --year 2024\n"
    "  void SỐ/KÝ-HIỆU --reason \"LÝ DO\" [--year NĂM] [--agency CQ] [--series MÃ_SỔ]\n"
    "        Hủy một số: số vẫn nằm trong sổ cùng lý do, không bao giờ được cấp lại\n"
    "        MÃ_SỔ: sổ của số (HC, MAT, QD, MAT-QD …). Văn bản mật có hệ thống số riêng\n"
    "        (Điều 15), nên 01/SYT-VP có thể có ở cả sổ thường HC và sổ mật MAT: khi đó\n"
    "        cần chỉ rõ sổ, ví dụ --series MAT\n"
    "  export [--agency CQ] [--year NĂM] [--series MAT] [--format tsv|text]\n"
    "        In sổ của một cơ quan trong một năm: tsv (mười cột của Phụ lục IV) hoặc text\n"
    "        (có trang bìa)\n"
    "  export [--agency CQ] [--year NĂM] [--series MAT] --format xlsx|pdf -o TỆP\n"
    "         [--org TỔ_CHỨC.json]\n"
    "        Ghi sổ thành quyển để in: trang bìa (cơ quan, năm, từ ngày … đến ngày …, từ số …\n"
    "        đến số …) và mười cột của Phụ lục IV, khổ A4 ngang; --org lấy tên cơ quan và\n"
    "        dòng cơ quan chủ quản từ org.json\n"
    "        Văn bản mật có sổ riêng: không có --series là sổ thường (HC hoặc các sổ theo\n"
    "        loại), --series MAT (hoặc MAT-QD …) là sổ văn bản mật đi (mọi sổ MAT)\n\n"
    "SỔ là đường dẫn một tệp SQLite hoặc postgresql://người-dùng@máy:cổng/csdl. Mặc định:\n"
    "biến môi trường VANBAN_REGISTRY, nếu không có thì tệp vanban.db trong thư mục hiện tại.\n"
    "NĂM mặc định là năm hiện tại.\n";

int current_year() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    return tm.tm_year + 1900;
}

struct Options {
    std::string registry;
    std::string command;
    std::vector<std::string> positional;
    std::map<std::string, std::string> named;
};

// Every option takes a value; `--name=value` and `--name value` are both accepted.
std::optional<Options> parse(Args args, std::string& error) {
    static const std::set<std::string> kNamed{"--registry", "--agency", "--year",
                                              "--status",   "--reason", "--format",
                                              "--output",   "--org",    "--series"};
    Options o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string a(args[i]);
        if (a == "-o") a = "--output";
        if (a.starts_with("--")) {
            std::string value;
            const auto eq = a.find('=');
            if (eq != std::string::npos) {
                value = a.substr(eq + 1);
                a = a.substr(0, eq);
            } else if (kNamed.count(a) && i + 1 < args.size()) {
                value = args[++i];
            } else if (kNamed.count(a)) {
                error = "tùy chọn " + a + " cần một giá trị";
                return std::nullopt;
            }
            if (!kNamed.count(a)) {
                error = "không có tùy chọn " + a;
                return std::nullopt;
            }
            if (a == "--registry")
                o.registry = value;
            else
                o.named[a] = value;
        } else if (o.command.empty()) {
            o.command = a;
        } else {
            o.positional.push_back(a);
        }
    }
    return o;
}

std::optional<int> year_of(const Options& o, std::string& error) {
    auto it = o.named.find("--year");
    if (it == o.named.end()) return current_year();
    try {
        std::size_t used = 0;
        int y = std::stoi(it->second, &used);
        if (used == it->second.size() && y >= 1900 && y <= 9999) return y;
    } catch (const std::exception&) {
    }
    error = "--year cần một năm có bốn chữ số, không phải '" + it->second + "'";
    return std::nullopt;
}

std::string named(const Options& o, const std::string& name) {
    auto it = o.named.find(name);
    return it == o.named.end() ? "" : it->second;
}

void print_entry(std::ostream& out, const Entry& e) {
    out << "Số, ký hiệu: " << e.so_ky_hieu << '\n'
        << "Cơ quan: " << e.agency << "    Sổ: " << e.series << "    Năm: " << e.year << '\n'
        << "Ngày: " << e.date.short_vn() << '\n'
        << "Loại: " << e.doc_type << '\n'
        << "Trích yếu: " << e.trich_yeu << '\n'
        << "Người ký: " << e.signer << '\n'
        << "Nơi nhận: " << e.recipients << '\n'
        << "Lưu: " << e.luu << '\n'
        << "Số lượng bản: " << e.copies << '\n'
        << "Trạng thái: " << status_label(e.status) << '\n';
    if (e.status == Status::Void) out << "Lý do hủy: " << e.void_reason << '\n';
    out << "Khóa văn bản: " << e.key << '\n'
        << "Mã nội dung: " << e.content_hash << '\n'
        << "Tệp kết xuất: " << e.output_file << '\n'
        << "Tạo lúc: " << e.created_at << " bởi " << e.created_by << '\n'
        << "Cập nhật lúc: " << e.updated_at << '\n';
}

// Wrong use of the command: exit code 2.
int usage_error(const std::string& what) {
    std::cerr << "vanban registry: " << what << ". Xem: vanban registry --help\n";
    return 2;
}

// `show` and `void` of one number; `agency` and `series` may be empty (looked up everywhere).
int show_or_void(const Options& o, const std::string& agency, const std::string& series, int y) {
    if (o.command == "show") {
        auto reg = open_registry(o.registry, OpenMode::ReadOnly);
        auto e = reg->find(agency, y, o.positional[0], series);
        if (!e) {
            std::cerr << "vanban registry: không có số " << o.positional[0] << " năm " << y
                      << (series.empty() ? "" : " (sổ " + series + ")") << " trong sổ '"
                      << reg->location() << "'\n";
            return 1;
        }
        print_entry(std::cout, *e);
        return 0;
    }
    if (!o.named.count("--reason")) return usage_error("hủy số cần lý do: --reason \"…\"");
    auto reg = open_registry(o.registry, OpenMode::ReadWrite);
    auto e = reg->void_entry(agency, y, o.positional[0], named(o, "--reason"), {}, series);
    std::cout << "Đã hủy số " << e.so_ky_hieu << " năm " << e.year << " (sổ " << e.series
              << ", lý do: " << e.void_reason << "). Số vẫn nằm trong sổ và không được cấp lại.\n";
    return 0;
}

int run(const Options& o) {
    std::string error;
    const std::string agency = named(o, "--agency");
    const std::string series = named(o, "--series");
    if (o.command == "list") {
        ListFilter f;
        if (!agency.empty()) f.agency = agency;
        if (o.named.count("--year")) {
            auto y = year_of(o, error);
            if (!y) return usage_error(error);
            f.year = *y;
        }
        if (auto s = named(o, "--status"); !s.empty()) {
            if (s == "reserved")
                f.status = Status::Reserved;
            else if (s == "issued")
                f.status = Status::Issued;
            else if (s == "void")
                f.status = Status::Void;
            else
                return usage_error("--status cần reserved, issued hoặc void, không phải '" + s +
                                   "'");
        }
        auto reg = open_registry(o.registry, OpenMode::ReadOnly);
        // The series (sổ) is listed because an ordinary and a secret document may share their
        // Số + ký hiệu (Điều 15: secret documents have their own numbering system).
        std::cout << "Số, ký hiệu\tNgày\tTrạng thái\tSổ\tLoại\tTrích yếu\tKhóa văn bản\n";
        for (const auto& e : reg->list(f))
            std::cout << e.so_ky_hieu << '\t' << e.date.short_vn() << '\t' << status_label(e.status)
                      << '\t' << e.series << '\t' << e.doc_type << '\t' << e.trich_yeu << '\t'
                      << e.key << '\n';
        return 0;
    }
    if (o.command == "show" || o.command == "void") {
        if (o.positional.size() != 1)
            return usage_error("lệnh " + o.command + " cần đúng một số, ký hiệu, ví dụ 05/SYT-VP");
        auto y = year_of(o, error);
        if (!y) return usage_error(error);
        try {
            return show_or_void(o, agency, series, *y);
        } catch (const RegistryError& e) {
            if (e.code != RegistryError::Code::InvalidArgument) throw;
            // Several agencies or series hold the number: the user must choose one.
            std::string what = e.what();
            if (what.ends_with('.')) what.pop_back();
            return usage_error(what);
        }
    }
    if (o.command == "export") {
        auto y = year_of(o, error);
        if (!y) return usage_error(error);
        const std::string format = o.named.count("--format") ? named(o, "--format") : "tsv";
        const bool book_file = format == "xlsx" || format == "pdf";
        if (format != "tsv" && format != "text" && !book_file)
            return usage_error("--format cần tsv, text, xlsx hoặc pdf, không phải '" + format +
                               "'");
        const std::string output = named(o, "--output");
        if (book_file && output.empty())
            return usage_error("--format " + format + " cần tệp kết quả: -o TỆP." + format);
        if (!book_file && !output.empty())
            return usage_error(
                "-o chỉ dùng với --format xlsx hoặc pdf (tsv và text in ra màn hình)");
        if (!book_file && o.named.count("--org"))
            return usage_error("--org chỉ dùng với --format xlsx hoặc pdf");
        std::optional<model::Organisation> org;
        if (o.named.count("--org")) org = model::load_organisation(named(o, "--org"));
        auto reg = open_registry(o.registry, OpenMode::ReadOnly);
        RegisterBook book;
        try {
            // Secret documents have their own book (Điều 15): --series MAT (or MAT-QD …) prints
            // it; otherwise the book of the ordinary series.
            const BookKind kind = is_secret_series(series) ? BookKind::Secret : BookKind::Ordinary;
            book = make_register_book(*reg, agency, *y, org ? &*org : nullptr, kind);
        } catch (const RegistryError& e) {
            if (e.code != RegistryError::Code::InvalidArgument) throw;
            return usage_error(e.what());  // several agencies: the user must choose one
        }
        if (format == "tsv") {
            write_register_tsv(std::cout, book.entries);
        } else if (format == "text") {
            write_register_text(std::cout, book.cover, book.entries);
        } else if (format == "xlsx") {
            xlsx::write_register_book_xlsx(book, output);
        } else {
            pdf::PoolOptions po;
            po.workers = 1;
            pdf::WkhtmlPool pool(po);
            pdf::PageNumberStamps stamps(pool);
            letter::write_register_book_pdf(
                book, output, bundled_templates_dir("registry").parent_path(), pool, stamps);
        }
        return 0;
    }
    if (o.command.empty()) return usage_error("thiếu lệnh (list, show, void hoặc export)");
    return usage_error("không có lệnh '" + o.command + "'");
}

}  // namespace

int run_registry(Args args) {
    for (auto a : args) {
        if (a == "--help" || a == "-h") {
            std::cout << kUsage;
            return 0;
        }
    }
    std::string error;
    auto o = parse(args, error);
    if (!o) {
        std::cerr << "vanban registry: " << error << ". Xem: vanban registry --help\n";
        return 2;
    }
    try {
        return run(*o);
    } catch (const registry::RegistryError& e) {
        std::cerr << "vanban registry: " << e.what() << '\n';
    } catch (const model::InputError& e) {
        std::cerr << e.what() << '\n';
    } catch (const std::exception& e) {
        // Writing the book (XLSX/PDF): the message names the output file.
        std::cerr << "vanban registry: lỗi: " << e.what() << '\n';
    }
    return 1;
}

}  // namespace vanban::cli
