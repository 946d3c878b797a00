#include "web/letter_service.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>

#include "pdf/atomic_file.hpp"
#include "web/scratch_dir.hpp"
#include "web/security.hpp"

extern char** environ;

namespace vanban::web {

namespace fs = std::filesystem;

namespace {

// The name the letter has in messages: the web names no file.
constexpr const char* kName = "văn bản";

FieldError to_field_error(const model::InputError& e) {
    return {field_of_pointer(e.pointer), e.pointer, e.detail};
}

}  // namespace

std::string field_of_pointer(const std::string& pointer) {
    if (pointer.empty() || pointer[0] != '/') return "";
    std::string first = pointer.substr(1, pointer.find('/', 1) - 1);
    if (first == "appendices") {
        std::size_t start = pointer.find('/', 1);
        if (start == std::string::npos) return "appendices";
        std::size_t end = pointer.find('/', start + 1);
        try {
            int i = std::stoi(pointer.substr(start + 1, end - start - 1));
            return "appendix" + std::to_string(i + 1);
        } catch (const std::exception&) {
            return "appendices";
        }
    }
    static const char* kFields[] = {"type",    "agency",   "drafting_unit", "date",   "trich_yeu",
                                    "urgency", "secrecy",  "kinh_gui",      "can_cu", "body",
                                    "signer",  "noi_nhan", "luu",           "drafter"};
    for (const char* f : kFields)
        if (first == f) return f;
    return "";
}

bool run_program(const std::vector<std::string>& argv) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    if (posix_spawnp(&pid, args[0], nullptr, nullptr, args.data(), environ) != 0) return false;
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return false;
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

LetterService::LetterService(const model::Organisation& org, fs::path nd30, fs::path tmp_dir,
                             unsigned workers)
    : org_(org), tmp_dir_(std::move(tmp_dir)) {
    pdf::PoolOptions po;
    po.workers = std::max(1u, workers);
    // The server's one pool: letters, the register book, rankings and the leader's documents
    // (score_data.cpp) all convert here, so the workers may read the whole templates folder.
    po.asset_dirs = {nd30, nd30.parent_path()};
    pool_ = std::make_unique<pdf::WkhtmlPool>(po);
    stamps_ = std::make_unique<pdf::PageNumberStamps>(*pool_);
    maker_ = std::make_unique<letter::LetterMaker>(org_, nd30, *pool_, *stamps_);
    pdf::remove_stale_temporaries(tmp_dir_);
}

LetterService::~LetterService() = default;

letter::PreparedLetter LetterService::prepare(const model::JsonDocument& doc) const {
    model::Letter parsed = model::parse_letter(doc);
    // Image paths would let a user choose files on the server: the web takes none.
    if (parsed.electronic)
        doc.fail("/electronic",
                 "bản điện tử (ảnh chữ ký, dấu) chưa dùng được trên web: xóa khóa 'electronic'");
    return maker_->prepare(doc, std::move(parsed));
}

std::optional<FieldError> LetterService::check(const std::string& json) const {
    try {
        auto doc = model::JsonDocument::parse(kName, json);
        prepare(doc);
        return std::nullopt;
    } catch (const model::InputError& e) {
        return to_field_error(e);
    } catch (const tpl::TemplateError& e) {
        return FieldError{"", "", e.what()};
    }
}

std::string LetterService::draft_pdf(const std::string& json) const {
    letter::PreparedLetter p;
    auto doc = model::JsonDocument::parse(kName, json);
    try {
        p = prepare(doc);
    } catch (const model::InputError& e) {
        throw LetterProblem(to_field_error(e));
    }
    p.doc = &doc;
    // produce() writes a file; a private temporary one, read back and removed.
    const fs::path out = tmp_dir_ / ("xem-truoc-" + random_hex(8) + ".pdf");
    maker_->produce(p, std::nullopt, out);
    std::string bytes = pdf::read_file(out);
    fs::remove(out);
    return bytes;
}

std::vector<std::string> LetterService::preview_pages(const std::string& json, int dpi) const {
    const std::string bytes = draft_pdf(json);
    const ScratchDir scratch(tmp_dir_, "trang-");
    const fs::path& dir = scratch.path();
    pdf::write_file_atomically(dir / "van-ban.pdf", bytes);
    if (!run_program({"pdftoppm", "-r", std::to_string(dpi), "-png", (dir / "van-ban.pdf").string(),
                      (dir / "trang").string()}))
        throw std::runtime_error("pdftoppm không chuyển được bản xem trước thành ảnh");
    std::vector<fs::path> pngs;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".png") pngs.push_back(e.path());
    // trang-1.png, trang-2.png … (zero-padded to the page count's width): name order is page order.
    std::sort(pngs.begin(), pngs.end());
    std::vector<std::string> out;
    for (const auto& p : pngs) out.push_back(pdf::read_file(p));
    return out;
}

Issued LetterService::issue(const std::string& json, const Locked& locked,
                            const fs::path& out) const {
    auto doc = model::JsonDocument::parse(kName, json);
    letter::PreparedLetter p;
    try {
        p = prepare(doc);
    } catch (const model::InputError& e) {
        throw LetterProblem(to_field_error(e));
    }
    p.doc = &doc;
    using Clock = std::chrono::steady_clock;
    auto ms = [](Clock::duration d) {
        return std::chrono::duration<double, std::milli>(d).count();
    };
    letter::Numbered n;
    const auto t0 = Clock::now();
    locked([&](registry::Registry& reg) { n = maker_->number(p, reg); });
    const auto t1 = Clock::now();
    // A number taken and never committed (killed here) stays `reserved` under the letter's key:
    // issuing the same draft again finds it and finishes with the same number.
    const letter::Made made = maker_->produce(p, n.entry.number, out);
    registry::Entry committed;
    const std::string file = fs::absolute(out).lexically_normal().string();
    const auto t2 = Clock::now();
    locked([&](registry::Registry& reg) { committed = reg.commit(p.key, file); });
    const auto t3 = Clock::now();
    Issued r;
    r.number_ms = ms(t1 - t0) + ms(t3 - t2);
    r.render_ms = ms(t2 - t1);
    r.so_ky_hieu = made.so_ky_hieu;
    r.agency = committed.agency;
    r.series = committed.series;
    r.year = committed.year;
    r.new_number = n.outcome == registry::ReserveOutcome::Created;
    r.notice = n.notice;
    return r;
}

}  // namespace vanban::web
