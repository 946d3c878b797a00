#include "batch/runner.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "batch/letter_text.hpp"
#include "batch/manifest.hpp"
#include "batch/progress.hpp"
#include "letter/letter_maker.hpp"
#include "letter/register_book_pdf.hpp"
#include "model/dataset.hpp"
#include "model/digest.hpp"
#include "model/letter.hpp"
#include "pdf/atomic_file.hpp"
#include "pdf/finish.hpp"
#include "pdf/wkhtml_pool.hpp"
#include "ranking/ranking.hpp"
#include "registry/book.hpp"
#include "registry/registry.hpp"
#include "scoring/score.hpp"
#include "template/engine.hpp"
#include "vn/format.hpp"
#include "xlsx/register_book.hpp"
#include "xlsx/scorecard.hpp"

namespace vanban::batch {

namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;

namespace {

// Kinds of documents, in the order a period's documents are numbered and listed.
constexpr const char* kNotice = "thong-bao";
constexpr const char* kLetter = "cong-van";
constexpr const char* kRanking = "xep-hang";
constexpr const char* kScorecard = "bang-diem";
constexpr const char* kRegister = "so-van-ban-di";

std::string kind_label(const std::string& k) {
    if (k == kNotice) return "thông báo kết quả kèm phụ lục xếp hạng (PDF)";
    if (k == kLetter) return "công văn kết quả gửi đơn vị (PDF)";
    if (k == kRanking) return "bảng xếp hạng (PDF)";
    if (k == kScorecard) return "bảng điểm (XLSX)";
    if (k == kRegister) return "sổ đăng ký văn bản đi (XLSX và PDF)";
    return k;
}

struct PeriodWork {
    const JobPeriod* jp = nullptr;
    std::size_t position = 0;  // in the job's list (shard split of per-period documents)
    model::Dataset ds;
    scoring::ScoreTable table;
    std::string fingerprint;  // of everything the period's documents show
    std::string folder;
    std::optional<std::size_t> notice_task;
};

struct Task {
    std::string kind;
    PeriodWork* period = nullptr;
    int unit = -1;
    bool mine = true;
    std::string rel_path;
    std::unique_ptr<model::JsonDocument> doc;
    std::optional<letter::PreparedLetter> prepared;
    std::optional<letter::Numbered> numbered;
};

std::string two_digits(int n) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d", n);
    return buf;
}

// Everything a period's ranking and scorecard print: the method, the organisation and every
// figure of the table (with the previous period's). Two equal fingerprints make equal files.
std::string table_fingerprint(const std::string& org_hash, const scoring::ScoreTable& t,
                              const std::string& date) {
    std::ostringstream s;
    s.precision(17);
    s << org_hash << '|' << t.period.code() << '|' << date << '|' << t.has_previous << '|'
      << t.previous_period.code() << '\n';
    const model::Method& m = *t.method;
    s << m.year << '|' << m.basis << '\n';
    for (const auto& i : m.indicators) {
        s << i.id << '|' << i.name << '|' << i.short_name << '|' << i.numerator_label << '|'
          << i.denominator_label << '|' << i.max_points_h;
        for (const auto& th : i.target_h) s << '|' << (th ? *th : -1);
        s << '\n';
    }
    for (const auto& b : m.bands) s << b.name << '|' << b.min_h << '\n';
    for (const auto& r : t.rows) {
        s << r.unit << '|' << static_cast<int>(r.level) << '|' << r.has_total << '|' << r.total_h
          << '|' << r.band << '|' << r.rank << '|' << r.rank_in_district << '|' << r.has_previous
          << '|' << r.previous_rank << '|' << r.previous_rank_in_district << '|' << r.previous_total
          << '|' << r.rank_change << '|' << r.total_change << '|' << r.scored_max_points << '|'
          << r.raw_points;
        for (const auto& q : r.missing_quarters) s << '|' << q.code();
        for (const auto& i : r.indicators)
            s << '|' << i.applicable << ',' << i.scored << ',' << i.numerator << ','
              << i.denominator << ',' << i.rate << ',' << i.target << ',' << i.points << ','
              << i.max_points;
        s << '\n';
    }
    return model::sha256_hex(s.str());
}

// Hash of every file under the folders (names and bytes), in a stable order.
std::string folders_hash(const std::vector<fs::path>& dirs) {
    model::Sha256 h;
    for (const auto& d : dirs) {
        std::vector<fs::path> files;
        std::error_code ec;
        if (fs::is_regular_file(d, ec))
            files.push_back(d);
        else if (fs::is_directory(d, ec))
            for (const auto& e : fs::recursive_directory_iterator(d))
                if (e.is_regular_file()) files.push_back(e.path());
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
            h.update(f.lexically_relative(d).string());
            h.update(std::string(1, '\0'));
            h.update(file_sha256(f));
        }
    }
    return h.hex();
}

void check_output_folder(const fs::path& out) {
    std::error_code ec;
    fs::create_directories(out, ec);
    if (ec || !fs::is_directory(out))
        throw std::runtime_error("thư mục kết quả " + out.string() + ": không tạo được (" +
                                 ec.message() + ")");
    const fs::path probe = out / ".vanban-kiem-tra-ghi";
    try {
        pdf::write_file_atomically(probe, "ok");
    } catch (const std::exception& e) {
        throw std::runtime_error("thư mục kết quả " + out.string() +
                                 ": không ghi được (cần quyền ghi): " + e.what());
    }
    fs::remove(probe, ec);
}

// A run killed with -9 leaves the temporary files of the atomic writes it had under way
// (".NAME.tmpXXXXXX", pdf/atomic_file.cpp). OUT_DIR belongs to this job (one per shard), so the
// next run removes them; the documents themselves are made again.
std::size_t remove_stale_temporaries(const fs::path& out) {
    std::size_t n = 0;
    std::error_code ec;
    std::vector<fs::path> stale;
    for (auto it = fs::recursive_directory_iterator(out, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
        const std::string name = it->path().filename().string();
        const auto tmp = name.rfind(".tmp");
        if (name.starts_with(".") && tmp != std::string::npos && name.size() - tmp == 10 &&
            it->is_regular_file())
            stale.push_back(it->path());
    }
    for (const auto& p : stale) n += fs::remove(p, ec);
    return n;
}

// One run at a time per output folder: two runs would race on the manifest and on each other's
// temporary files. flock is released by the kernel when the process ends, even by kill -9.
class FolderLock {
  public:
    explicit FolderLock(const fs::path& out) {
        const fs::path p = out / ".vanban-batch.lock";
        fd_ = ::open(p.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd_ < 0)
            throw std::runtime_error("thư mục kết quả " + out.string() + ": không tạo được " +
                                     p.filename().string());
        if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
            ::close(fd_);
            throw std::runtime_error("thư mục kết quả " + out.string() +
                                     " đang được một lần chạy vanban batch khác sử dụng; chờ lần "
                                     "chạy đó xong (mỗi phần --shard cần thư mục riêng)");
        }
    }
    ~FolderLock() { ::close(fd_); }
    FolderLock(const FolderLock&) = delete;
    FolderLock& operator=(const FolderLock&) = delete;

  private:
    int fd_ = -1;
};

// libxlsxwriter writes a workbook's dates (docProps/core.xml) through gmtime(), whose result
// is one static buffer per process: two workbooks closed at once were seen swapping their
// "created" dates (tests/batch rerun case, --jobs 1 against --jobs 2). Workbooks take well
// under a second each, so the batch writes them one at a time.
std::mutex& xlsx_mutex() {
    static std::mutex m;
    return m;
}

std::string short_date(const std::string& iso) {
    return vn::date_short(vn::parse_iso_date(iso));
}

std::string reference_line(const std::string& so_ky_hieu, const JobPeriod& jp,
                           const std::string& agency_name) {
    return "(Kèm theo Thông báo số " + so_ky_hieu + " ngày " + short_date(jp.date) + " của " +
           agency_name + ")";
}

}  // namespace

std::string period_folder(const model::Period& p) {
    const std::string y = std::to_string(p.year);
    switch (p.kind) {
        case model::PeriodKind::quarter:
            return "quy-" + vn::roman(p.quarter) + "-" + y;
        case model::PeriodKind::six_months:
            return "6-thang-" + y;
        case model::PeriodKind::nine_months:
            return "9-thang-" + y;
        case model::PeriodKind::year:
            break;
    }
    return "nam-" + y;
}

Summary run_job(const Job& job, const RunOptions& opt) {
    const auto started = clock_type::now();
    Summary sum;
    if (opt.shard_count == 0 || opt.shard_index >= opt.shard_count)
        throw std::runtime_error("phân đoạn không hợp lệ");

    // ---- 1. check: templates, output folder, data, letters ---------------------------------
    const fs::path root =
        job.templates_root.empty() ? opt.templates_root : fs::path(job.templates_root);
    const fs::path nd30 = job.nd30_templates.empty() ? root / "nd30" : fs::path(job.nd30_templates);
    const fs::path body_file = job.result_body.empty() ? opt.batch_templates / "ket-qua-don-vi.txt"
                                                       : fs::path(job.result_body);
    const fs::path notice_file = opt.batch_templates / "thong-bao-ket-qua.txt";
    for (const fs::path& p : {nd30, root / "ranking", body_file, notice_file})
        if (!fs::exists(p))
            throw std::runtime_error(job.file.string() + ": không tìm thấy mẫu " + p.string());
    check_output_folder(opt.out_dir);
    const FolderLock lock(opt.out_dir);
    if (const std::size_t n = remove_stale_temporaries(opt.out_dir))
        sum.notices.push_back("đã xóa " + std::to_string(n) +
                              " tệp tạm của lần chạy trước bị dừng giữa chừng");

    const model::Organisation org = model::load_organisation(job.org);
    const std::string org_hash = file_sha256(job.org);
    const std::string templates_hash =
        folders_hash({nd30, root / "ranking", body_file, notice_file});

    // The letters' agency, drafting unit and signer, named by their place in the job file
    // (LetterMaker::prepare would check them too, but against the letter built in memory).
    for (const auto& [setup, ptr] :
         {std::pair{&job.letters, "/result_letters"}, std::pair{&job.notice, "/notice"}}) {
        if (!setup->enabled) continue;
        const model::Agency* ag = org.find_agency(setup->agency);
        auto fail = [&](const std::string& field, const std::string& what) {
            throw std::runtime_error(job.file.string() + ": " + ptr + "/" + field + ": " + what +
                                     " trong " + job.org);
        };
        if (!ag) fail("agency", "không có cơ quan \"" + setup->agency + "\"");
        bool unit_ok = setup->drafting_unit.empty(), signer_ok = false;
        for (const auto& d : ag->drafting_units) unit_ok = unit_ok || d.id == setup->drafting_unit;
        for (const auto& sg : ag->signers) signer_ok = signer_ok || sg.id == setup->signer;
        if (!unit_ok)
            fail("drafting_unit", "cơ quan \"" + setup->agency + "\" không có đơn vị soạn thảo \"" +
                                      setup->drafting_unit + "\"");
        if (!signer_ok)
            fail("signer",
                 "cơ quan \"" + setup->agency + "\" không có người ký \"" + setup->signer + "\"");
    }
    for (std::size_t i = 0; i < job.letters.units.size(); ++i)
        if (org.unit_index(job.letters.units[i]) < 0)
            throw std::runtime_error(job.file.string() + ": /result_letters/units/" +
                                     std::to_string(i) + ": không có đơn vị \"" +
                                     job.letters.units[i] + "\" trong " + job.org);

    // Periods by date (then the job's order): the numbering order.
    std::vector<std::unique_ptr<PeriodWork>> periods;
    for (std::size_t i = 0; i < job.periods.size(); ++i) {
        auto pw = std::make_unique<PeriodWork>();
        pw->jp = &job.periods[i];
        pw->position = i;
        pw->ds = model::load_dataset(job.org, job.targets, job.data, job.periods[i].period);
        pw->table = scoring::score_dataset(pw->ds);
        pw->fingerprint = table_fingerprint(org_hash, pw->table, job.periods[i].date);
        pw->folder = period_folder(job.periods[i].period);
        periods.push_back(std::move(pw));
    }
    std::stable_sort(periods.begin(), periods.end(),
                     [](const auto& a, const auto& b) { return a->jp->date < b->jp->date; });

    tpl::Environment env;
    env.add_search_path(body_file.parent_path());
    if (notice_file.parent_path() != body_file.parent_path())
        env.add_search_path(notice_file.parent_path());
    const auto body_tpl = env.load(body_file.filename().string());
    const auto notice_tpl = env.load(notice_file.filename().string());

    const unsigned jobs = opt.jobs ? opt.jobs : std::max(1u, std::thread::hardware_concurrency());
    pdf::PoolOptions po;
    po.workers = jobs;
    po.asset_dirs = {root, nd30};
    pdf::WkhtmlPool pool(po);
    pdf::PageNumberStamps stamps(pool);
    letter::LetterMaker maker(org, nd30, pool, stamps);

    const model::Agency* notice_agency =
        job.notice.enabled ? org.find_agency(job.notice.agency) : nullptr;
    const std::string notice_agency_name = notice_agency ? notice_agency->name : "";

    auto in_set = [](const std::vector<std::string>& v, const std::string& s) {
        return std::find(v.begin(), v.end(), s) != v.end();
    };
    auto ranking_options = [&](const PeriodWork& pw) {
        ranking::RankingOptions ro;
        ro.templates_root = root;
        ro.agency = job.notice.enabled ? job.notice.agency : "";
        ro.report_date = pw.jp->date;
        return ro;
    };

    std::vector<Task> tasks;
    auto add_letter = [&](Task t, std::string json, std::vector<letter::ExtraAppendix> extra) {
        const std::string name = job.file.string() + " (" + t.kind + " " +
                                 (t.unit >= 0 ? org.units[static_cast<std::size_t>(t.unit)].id
                                              : t.period->jp->period.code()) +
                                 ")";
        t.doc = std::make_unique<model::JsonDocument>(model::JsonDocument::parse(name, json));
        model::Letter l = model::parse_letter(*t.doc);
        t.prepared = maker.prepare(*t.doc, std::move(l), std::move(extra));
        tasks.push_back(std::move(t));
    };
    for (auto& pwp : periods) {
        PeriodWork& pw = *pwp;
        const std::string code = pw.jp->period.code();
        const bool period_mine = pw.position % opt.shard_count == opt.shard_index;
        if (job.notice.enabled && in_set(job.notice.periods, code)) {
            Task t;
            t.kind = kNotice;
            t.period = &pw;
            t.mine = period_mine;
            letter::ExtraAppendix extra;
            extra.fingerprint = pw.fingerprint;
            const PeriodWork* pwc = &pw;
            const ranking::RankingOptions base = ranking_options(pw);
            const std::string agency_name = notice_agency_name;
            extra.make = [pwc, base, agency_name](const std::string& so_ky_hieu) {
                ranking::RankingOptions ro = base;
                ro.reference = reference_line(so_ky_hieu, *pwc->jp, agency_name);
                std::vector<letter::ExtraPart> parts;
                for (auto& p : ranking::ranking_appendix_parts(pwc->ds, pwc->table, ro))
                    parts.push_back(letter::ExtraPart{std::move(p.html), p.page});
                return parts;
            };
            pw.notice_task = tasks.size();
            std::vector<letter::ExtraAppendix> extras;
            extras.push_back(std::move(extra));
            add_letter(std::move(t), notice_json(*notice_tpl, job, *pw.jp, pw.ds, pw.table),
                       std::move(extras));
        }
        if (job.letters.enabled && in_set(job.letters.periods, code)) {
            // Units in org.json order (the numbering order), whatever the table's rank order.
            std::vector<const scoring::UnitScore*> by_unit(org.units.size(), nullptr);
            for (const auto& r : pw.table.rows) by_unit[static_cast<std::size_t>(r.unit)] = &r;
            for (std::size_t u = 0; u < org.units.size(); ++u) {
                if (!by_unit[u]) continue;
                if (!job.letters.units.empty() && !in_set(job.letters.units, org.units[u].id))
                    continue;
                Task t;
                t.kind = kLetter;
                t.period = &pw;
                t.unit = static_cast<int>(u);
                t.mine = u % opt.shard_count == opt.shard_index;
                add_letter(std::move(t),
                           result_letter_json(*body_tpl, job, *pw.jp, pw.ds, pw.table, *by_unit[u]),
                           {});
            }
        }
        if (job.rankings) {
            Task t;
            t.kind = kRanking;
            t.period = &pw;
            t.mine = period_mine;
            t.rel_path = pw.folder + "/xep-hang-" + pw.folder + ".pdf";
            tasks.push_back(std::move(t));
        }
        if (job.scorecards) {
            Task t;
            t.kind = kScorecard;
            t.period = &pw;
            t.mine = period_mine;
            t.rel_path = pw.folder + "/bang-diem-" + pw.folder + ".xlsx";
            tasks.push_back(std::move(t));
        }
    }

    sum.check_seconds = std::chrono::duration<double>(clock_type::now() - started).count();

    // ---- 2. number: every letter of the job, in plan order, in this one thread ---------------
    const std::string reg_spec = !opt.registry.empty() ? opt.registry
                                 : !job.registry.empty()
                                     ? job.registry
                                     : (opt.out_dir / "so-van-ban-di.db").string();
    std::unique_ptr<registry::Registry> reg = registry::open_registry(reg_spec);
    sum.registry = reg->location();
    for (auto& t : tasks) {
        if (!t.prepared) continue;
        t.numbered = maker.number(*t.prepared, *reg);
        ++sum.numbered;
        if (t.numbered->outcome == registry::ReserveOutcome::Created)
            ++sum.numbers_new;
        else
            ++sum.numbers_existing;
        if (!t.numbered->notice.empty())
            sum.notices.push_back(t.prepared->key + ": " + t.numbered->notice);
        const int n = t.numbered->entry.number;
        if (t.kind == kNotice)
            t.rel_path = t.period->folder + "/thong-bao-ket-qua-" + t.period->folder + "-so-" +
                         two_digits(n) + ".pdf";
        else
            t.rel_path = t.period->folder + "/cong-van/" +
                         org.units[static_cast<std::size_t>(t.unit)].id + "-so-" + two_digits(n) +
                         ".pdf";
    }

    sum.number_seconds =
        std::chrono::duration<double>(clock_type::now() - started).count() - sum.check_seconds;

    // ---- 3. make, in parallel -------------------------------------------------------------
    std::string warning;
    Manifest manifest(opt.out_dir, job.id,
                      std::to_string(opt.shard_index + 1) + "/" + std::to_string(opt.shard_count),
                      warning);
    if (!warning.empty()) sum.notices.push_back(warning);

    std::vector<Task*> mine;
    for (auto& t : tasks)
        if (t.mine) mine.push_back(&t);
    // The long documents (a notice with its ranking appendix, the rankings, the scorecards)
    // first, so that the short letters fill in behind them and no worker idles at the end.
    // Numbers were taken above: this order changes nothing in them.
    std::stable_partition(mine.begin(), mine.end(),
                          [](const Task* t) { return t->kind != std::string(kLetter); });
    sum.documents = mine.size();
    // One register book per agency and year the job's letters were numbered in (letters dated
    // January of the next year belong to that year's book), as XLSX and PDF.
    std::set<std::pair<std::string, int>> books;
    const bool make_books = job.register_book && opt.shard_count == 1;
    if (make_books)
        for (const auto& t : tasks)
            if (t.numbered) books.insert({t.numbered->entry.agency, t.numbered->entry.year});
    Progress progress(opt.log, opt.tty, mine.size() + 2 * books.size());
    std::mutex reg_mu, sum_mu, save_mu;
    auto last_save = clock_type::now();
    std::atomic<std::size_t> next{0};

    auto input_hash = [&](const Task& t) {
        model::Sha256 h;
        for (const std::string& part : {t.kind, t.rel_path, templates_hash, org_hash})
            h.update(part), h.update(std::string(1, '\0'));
        if (t.prepared) {
            // The letter's content hash covers every figure it prints (and, for the notice, the
            // ranking appendix's fingerprint): a change elsewhere in the period leaves it alone.
            h.update(t.prepared->content_hash);
            h.update(t.numbered->entry.so_ky_hieu);
        } else {
            h.update(t.period->fingerprint);
            // A ranking names its covering notice's number in its reference line.
            if (t.period->notice_task && tasks[*t.period->notice_task].numbered)
                h.update(tasks[*t.period->notice_task].numbered->entry.so_ky_hieu);
        }
        return h.hex();
    };

    auto work = [&] {
        for (;;) {
            const std::size_t i = next.fetch_add(1);
            if (i >= mine.size()) return;
            Task& t = *mine[i];
            const fs::path out = opt.out_dir / t.rel_path;
            ManifestEntry e;
            e.kind = t.kind;
            e.period = t.period->jp->period.code();
            if (t.unit >= 0) e.unit = org.units[static_cast<std::size_t>(t.unit)].id;
            if (t.prepared) {
                e.key = t.prepared->key;
                e.so_ky_hieu = t.numbered->entry.so_ky_hieu;
            }
            e.input_hash = input_hash(t);
            if (auto old = manifest.find(t.rel_path);
                old && old->ok && old->input_hash == e.input_hash && !old->file_hash.empty() &&
                file_sha256(out) == old->file_hash) {
                {
                    std::lock_guard lock(sum_mu);
                    ++sum.kept[t.kind];
                }
                progress.done(t.rel_path, true, true);
                continue;
            }
            try {
                std::error_code ec;
                fs::create_directories(out.parent_path(), ec);
                PeriodWork& pw = *t.period;
                if (t.prepared) {
                    std::optional<fs::path> html_out;
                    if (!opt.html_dir.empty()) {
                        html_out = opt.html_dir / (t.rel_path + ".html");
                        fs::create_directories(html_out->parent_path(), ec);
                    }
                    maker.produce(*t.prepared, t.numbered->entry.number, out, html_out);
                    std::lock_guard lock(reg_mu);
                    reg->commit(t.prepared->key, fs::absolute(out).string());
                } else if (t.kind == kRanking) {
                    ranking::RankingOptions ro = ranking_options(pw);
                    if (pw.notice_task && tasks[*pw.notice_task].numbered)
                        ro.reference =
                            reference_line(tasks[*pw.notice_task].numbered->entry.so_ky_hieu,
                                           *pw.jp, notice_agency_name);
                    ranking::make_ranking_pdf(pw.ds, pw.table, ro, pool, stamps, out);
                } else {
                    xlsx::ScorecardOptions so;
                    so.report_date = pw.jp->date;
                    std::lock_guard xlsx_lock(xlsx_mutex());
                    xlsx::write_scorecard(pw.ds, pw.table, so, out);
                }
                e.ok = true;
                e.file_hash = file_sha256(out);
                std::lock_guard lock(sum_mu);
                ++sum.made[t.kind];
            } catch (const std::exception& ex) {
                e.ok = false;
                e.error = ex.what();
                std::lock_guard lock(sum_mu);
                sum.failures.push_back({t.rel_path, ex.what()});
            }
            const bool ok = e.ok;
            manifest.record(t.rel_path, std::move(e));
            progress.done(t.rel_path, ok, false);
            // Save in small batches: a kill loses at most half a second of records, whose
            // documents the next run simply makes again.
            std::unique_lock lock(save_mu, std::try_to_lock);
            if (lock.owns_lock() &&
                clock_type::now() - last_save > std::chrono::milliseconds(500)) {
                last_save = clock_type::now();
                manifest.save();
            }
        }
    };
    std::vector<std::thread> threads;
    // One thread more than PDF workers: while a thread finishes a PDF in-process (qpdf, page
    // numbers, hashing), the others keep every wkhtmltopdf worker busy.
    const unsigned n_threads = static_cast<unsigned>(
        std::min<std::size_t>(jobs + 1, std::max<std::size_t>(1, mine.size())));
    for (unsigned k = 0; k < n_threads; ++k) threads.emplace_back(work);
    for (auto& th : threads) th.join();

    // ---- 4. the register books, once every letter is committed --------------------------
    // A sharded run cannot know when the other shards are done: its books are made afterwards
    // with `vanban registry export`.
    if (make_books) {
        // The books are read from the registry in this thread (it is not thread-safe), then
        // each file is written on its own thread: the PDFs share the pool's workers.
        struct BookFile {
            std::string rel, agency, hash;
            int year = 0;
            std::shared_ptr<const registry::RegisterBook> book;
            bool pdf = false;
        };
        std::vector<BookFile> files;
        for (const auto& [agency, year] : books) {
            const std::string base =
                "so-van-ban-di/so-van-ban-di-" + agency + "-" + std::to_string(year);
            try {
                auto book = std::make_shared<const registry::RegisterBook>(
                    registry::make_register_book(*reg, agency, year, &org));
                model::Sha256 h;
                h.update(templates_hash);
                h.update(book->date_range() + "|" + book->number_range() + "|" + book->as_of_iso());
                for (const auto& row : book->rows)
                    for (const auto& cell : row) h.update(cell), h.update(std::string(1, '\0'));
                const std::string hash = h.hex();
                files.push_back({base + ".xlsx", agency, hash, year, book, false});
                files.push_back({base + ".pdf", agency, hash, year, book, true});
            } catch (const std::exception& ex) {
                sum.failures.push_back({base, ex.what()});
                progress.done(base + ".xlsx", false, false);
                progress.done(base + ".pdf", false, false);
            }
        }
        sum.documents += 2 * books.size();
        auto write_book = [&](const BookFile& bf) {
            const fs::path out = opt.out_dir / bf.rel;
            ManifestEntry e;
            e.kind = kRegister;
            e.period = std::to_string(bf.year);
            e.unit = bf.agency;
            e.input_hash = bf.hash;
            if (auto old = manifest.find(bf.rel); old && old->ok && old->input_hash == bf.hash &&
                                                  file_sha256(out) == old->file_hash) {
                std::lock_guard lock(sum_mu);
                ++sum.kept[kRegister];
                progress.done(bf.rel, true, true);
                return;
            }
            try {
                std::error_code ec;
                fs::create_directories(out.parent_path(), ec);
                if (bf.pdf)
                    letter::write_register_book_pdf(*bf.book, out, root, pool, stamps);
                else {
                    std::lock_guard xlsx_lock(xlsx_mutex());
                    xlsx::write_register_book_xlsx(*bf.book, out);
                }
                e.ok = true;
                e.file_hash = file_sha256(out);
                std::lock_guard lock(sum_mu);
                ++sum.made[kRegister];
            } catch (const std::exception& ex) {
                e.error = ex.what();
                std::lock_guard lock(sum_mu);
                sum.failures.push_back({bf.rel, ex.what()});
            }
            const bool ok = e.ok;
            manifest.record(bf.rel, std::move(e));
            progress.done(bf.rel, ok, false);
        };
        std::vector<std::thread> writers;
        for (const auto& bf : files) writers.emplace_back(write_book, std::cref(bf));
        for (auto& w : writers) w.join();
    } else if (job.register_book) {
        sum.notices.push_back(
            "chạy theo phần (--shard): sổ đăng ký văn bản đi được in sau khi mọi phần xong, bằng "
            "`vanban registry export --format xlsx|pdf`");
    }
    progress.finish();
    manifest.save();

    std::sort(sum.failures.begin(), sum.failures.end(),
              [](const Failure& a, const Failure& b) { return a.path < b.path; });
    sum.seconds = std::chrono::duration<double>(clock_type::now() - started).count();
    return sum;
}

void print_summary(const Summary& s, std::ostream& out) {
    out << "Tóm tắt:\n";
    for (const std::string k : {kNotice, kLetter, kRanking, kScorecard, kRegister}) {
        const auto m = s.made.count(k) ? s.made.at(k) : 0;
        const auto kept = s.kept.count(k) ? s.kept.at(k) : 0;
        if (!m && !kept) continue;
        out << "  " << kind_label(k) << ": " << m << " tạo mới";
        if (kept) out << ", " << kept << " không đổi";
        out << '\n';
    }
    out << "  Số văn bản: " << s.numbered << " văn bản được đánh số (" << s.numbers_new
        << " số mới, " << s.numbers_existing << " số đã cấp trước) trong sổ " << s.registry << '\n';
    out << "  Thời gian: " << vn::number(s.seconds, 1) << " giây cho " << s.documents
        << " văn bản (kiểm tra " << vn::number(s.check_seconds, 1) << " giây, lấy số "
        << vn::number(s.number_seconds, 1) << " giây)\n";
    for (const auto& n : s.notices) out << "  Lưu ý: " << n << '\n';
    if (s.failures.empty()) {
        out << "  Không có lỗi.\n";
    } else {
        out << "  Lỗi: " << s.failures.size() << " văn bản không tạo được:\n";
        for (const auto& f : s.failures) out << "    " << f.path << ": " << f.reason << '\n';
    }
}

}  // namespace vanban::batch
