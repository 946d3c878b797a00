#include "batch/runner.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "batch/docx_outputs.hpp"  // [docx]
#include "batch/fingerprint.hpp"
#include "batch/kinds.hpp"
#include "batch/leader_scorecards.hpp"  // [leader]
#include "batch/letter_text.hpp"
#include "batch/manifest.hpp"
#include "batch/out_dir.hpp"
#include "batch/progress.hpp"
#include "batch/prune.hpp"
#include "batch/register_books.hpp"
#include "batch/signing.hpp"
#include "letter/letter_maker.hpp"
#include "model/dataset.hpp"
#include "model/digest.hpp"
#include "model/letter.hpp"
#include "pdf/atomic_file.hpp"
#include "pdf/finish.hpp"
#include "pdf/wkhtml_pool.hpp"
#include "ranking/ranking.hpp"
#include "registry/registry.hpp"
#include "scoring/score.hpp"
#include "template/engine.hpp"
#include "vn/format.hpp"
#include "xlsx/scorecard.hpp"

namespace vanban::batch {

namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;

namespace {

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
    std::optional<std::size_t> source;  // [docx] a letter's .docx: the index of its PDF's task
};

std::string two_digits(int n) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d", n);
    return buf;
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
    sum.notices = job.warnings;

    const model::Organisation org = model::load_organisation(job.org);
    const std::string org_hash = file_sha256(job.org);
    const std::string templates_hash =
        folders_hash({nd30, root / "ranking", body_file, notice_file});

    check_job_against_org(job, org);
    // ky_so: the key is opened here, once, before anything is rendered or numbered.
    std::unique_ptr<BatchSigning> signing;
    if (job.ky_so.enabled) signing = std::make_unique<BatchSigning>(job);

    // Periods by date (then the job's order): the numbering order.
    std::vector<std::unique_ptr<PeriodWork>> periods;
    for (std::size_t i = 0; i < job.periods.size(); ++i) {
        auto pw = std::make_unique<PeriodWork>();
        pw->jp = &job.periods[i];
        pw->position = i;
        pw->ds = model::load_dataset(job.org, job.targets, job.data, job.periods[i].period);
        pw->table = scoring::score_dataset(pw->ds);
        if (auto w = missing_data_warning(pw->ds, pw->table); !w.empty())
            sum.warnings.push_back(std::move(w));
        pw->fingerprint = table_fingerprint(org_hash, pw->table, job.periods[i].date);
        pw->folder = job.periods[i].period.slug();
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
    maker.set_sign_box(signing != nullptr);  // the seal goes where the renderer recorded

    const model::Agency* notice_agency =
        job.notice.enabled ? org.find_agency(job.notice.agency) : nullptr;
    const std::string notice_agency_name = notice_agency ? notice_agency->name : "";

    auto agency_name = [&](const std::string& id) {
        const model::Agency* a = org.find_agency(id);
        return a ? a->name : id;
    };
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
    // [docx] The letter just planned, also as .docx (its path is known once it is numbered).
    auto add_docx = [&](const char* kind) {
        Task d;
        d.kind = kind;
        d.period = tasks.back().period;
        d.unit = tasks.back().unit;
        d.mine = tasks.back().mine;
        d.source = tasks.size() - 1;
        tasks.push_back(std::move(d));
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
            if (job.notice.docx) add_docx(kNoticeDocx);
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
                if (job.letters.docx) add_docx(kLetterDocx);
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
        // [leader]
        if (job.leader.enabled && in_set(job.leader.periods, code))
            for (const char* kind : {kLeaderSummary, kLeaderUnits}) {
                Task t;
                t.kind = kind;
                t.period = &pw;
                t.mine = period_mine;
                t.rel_path = leader_path(kind, pw.jp->period);
                tasks.push_back(std::move(t));
            }
        // [/leader]
    }

    // The output folder is created and locked only once everything above was accepted: a job
    // that is refused leaves no trace on the disk.
    check_output_folder(opt.out_dir);
    const FolderLock lock(opt.out_dir);
    if (const std::size_t n = remove_stale_temporaries(opt.out_dir))
        sum.notices.push_back("đã xóa " + std::to_string(n) +
                              " tệp tạm của lần chạy trước bị dừng giữa chừng");

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

    for (auto& t : tasks)  // [docx]
        if (t.source) t.rel_path = docx_path(tasks[*t.source].rel_path);

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
    BookSet books;
    if (job.register_book)
        for (const auto& t : tasks)
            if (t.numbered) books.insert({t.numbered->entry.agency, t.numbered->entry.year});
    // A book the manifest recorded stays in the plan while the registry has numbers for its
    // agency and year: a letter dropped from the job keeps its number (prune.hpp), so the book
    // still lists it and is kept up to date rather than deleted.
    if (job.register_book)
        for (const auto& [path, e] : manifest.entries()) {
            int year = 0;
            const auto [p, ec] =
                std::from_chars(e.period.data(), e.period.data() + e.period.size(), year);
            if (e.kind != kRegister || ec != std::errc() || p != e.period.data() + e.period.size())
                continue;
            if (books.count({e.unit, year}) ||
                path.rfind(register_book_base(e.unit, year) + ".", 0) != 0)
                continue;
            registry::ListFilter f;
            f.agency = e.unit;
            f.year = year;
            if (!reg->list(f).empty()) books.insert({e.unit, year});
        }
    const bool make_books = job.register_book && opt.shard_count == 1;
    Progress progress(opt.log, opt.tty, mine.size() + (make_books ? 2 * books.size() : 0));
    if (opt.on_progress) progress.set_listener(opt.on_progress);
    auto cancelled = [&] { return opt.cancel && opt.cancel->load(); };
    std::mutex reg_mu, sum_mu, save_mu;
    auto last_save = clock_type::now();
    std::atomic<std::size_t> next{0};

    auto input_hash = [&](const Task& t) {
        model::Sha256 h;
        for (const std::string& part : {t.kind, t.rel_path, templates_hash, org_hash})
            h.update(part), h.update(std::string(1, '\0'));
        const Task& lt = t.source ? tasks[*t.source] : t;  // [docx] a .docx: its letter's
        if (lt.prepared) {
            // The letter's content hash covers every figure it prints (and, for the notice, the
            // ranking appendix's fingerprint): a change elsewhere in the period leaves it alone.
            h.update(lt.prepared->content_hash);
            h.update(lt.numbered->entry.so_ky_hieu);
            if (signing && signing->signs(t.kind)) h.update("ky_so:" + signing->identity());
        } else {
            h.update(t.period->fingerprint);
            if (t.kind == kLeaderSummary || t.kind == kLeaderUnits)  // [leader]
                h.update(leader_inputs_hash(job, t.period->ds, root));
            // A ranking names its covering notice's number in its reference line.
            if (t.period->notice_task && tasks[*t.period->notice_task].numbered)
                h.update(tasks[*t.period->notice_task].numbered->entry.so_ky_hieu);
        }
        return h.hex();
    };

    auto work = [&] {
        for (;;) {
            if (cancelled()) return;  // a document boundary: nothing is left half made
            const std::size_t i = next.fetch_add(1);
            if (i >= mine.size()) return;
            Task& t = *mine[i];
            const fs::path out = opt.out_dir / t.rel_path;
            ManifestEntry e;
            e.kind = t.kind;
            e.period = t.period->jp->period.code();
            if (t.unit >= 0) e.unit = org.units[static_cast<std::size_t>(t.unit)].id;
            const Task& lt = t.source ? tasks[*t.source] : t;  // [docx] a .docx: its letter
            if (lt.prepared) {
                e.key = lt.prepared->key;
                e.so_ky_hieu = lt.numbered->entry.so_ky_hieu;
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
                if (t.source) {  // [docx]
                    DocxRanking r{&pw.ds, &pw.table, ranking_options(pw)};
                    r.options.reference =
                        reference_line(lt.numbered->entry.so_ky_hieu, *pw.jp, notice_agency_name);
                    make_letter_docx(*lt.prepared, lt.numbered->entry.number, org,
                                     t.kind == std::string(kNoticeDocx) ? &r : nullptr, out);
                } else if (t.prepared) {
                    std::optional<fs::path> html_out;
                    if (!opt.html_dir.empty()) {
                        html_out = opt.html_dir / (t.rel_path + ".html");
                        fs::create_directories(html_out->parent_path(), ec);
                        // The letter JSON built in memory, for tests that read the letter back.
                        pdf::write_file_atomically(opt.html_dir / (t.rel_path + ".json"),
                                                   t.doc->text());
                    }
                    const bool sign = signing && signing->signs(t.kind);
                    maker.produce(
                        *t.prepared, t.numbered->entry.number, out, html_out, {},
                        sign ? signing->finisher(agency_name(t.prepared->letter.agency), t.rel_path)
                             : letter::Finisher());
                    {
                        std::lock_guard lock(reg_mu);
                        reg->commit(t.prepared->key, fs::absolute(out).string());
                    }
                    if (sign) {
                        std::lock_guard lock(sum_mu);
                        ++sum.signed_documents;
                    }
                } else if (t.kind == kRanking) {
                    ranking::RankingOptions ro = ranking_options(pw);
                    if (pw.notice_task && tasks[*pw.notice_task].numbered)
                        ro.reference =
                            reference_line(tasks[*pw.notice_task].numbered->entry.so_ky_hieu,
                                           *pw.jp, notice_agency_name);
                    ranking::make_ranking_pdf(pw.ds, pw.table, ro, pool, stamps, out);
                } else if (t.kind == kLeaderSummary || t.kind == kLeaderUnits) {  // [leader]
                    make_leader_scorecard(job, t.kind, pw.ds, pw.table, pw.jp->date, root, pool,
                                          stamps, out);
                } else {
                    xlsx::ScorecardOptions so;
                    so.report_date = pw.jp->date;
                    // In parallel with everything else: xlsx::Workbook::close serialises the
                    // one step of libxlsxwriter that is not thread-safe (gmtime() dates).
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
            // A failed save (a full disk) must not escape the thread (std::terminate): the
            // final save below reports it.
            std::unique_lock lock(save_mu, std::try_to_lock);
            if (lock.owns_lock() &&
                clock_type::now() - last_save > std::chrono::milliseconds(500)) {
                last_save = clock_type::now();
                try {
                    manifest.save();
                } catch (const std::exception&) {
                }
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
    sum.cancelled = cancelled();
    if (make_books && !sum.cancelled) {
        const BookContext ctx{opt.out_dir, root, templates_hash, &org, &pool, &stamps};
        make_register_books(books, *reg, ctx, manifest, progress, sum);
    } else if (job.register_book && !sum.cancelled) {
        sum.notices.push_back(
            "chạy theo phần (--shard): sổ đăng ký văn bản đi được in sau khi mọi phần xong, bằng "
            "`vanban registry export --format xlsx|pdf`");
    }
    progress.finish();

    // ---- 5. outputs dropped from the job ------------------------------------------------
    // Against the plan of the whole job (every shard's documents and the books), so that a
    // shard never deletes what another shard makes.
    std::set<std::string> planned;
    for (const auto& t : tasks) planned.insert(t.rel_path);
    for (const auto& [agency, year] : books)
        for (const char* ext : {".xlsx", ".pdf"})
            planned.insert(register_book_base(agency, year) + ext);
    PruneResult pruned = remove_dropped_outputs(manifest, planned, opt.out_dir);
    if (opt.log)
        for (const auto& r : pruned.removed) *opt.log << "đã xóa " << r << '\n';
    sum.removed = std::move(pruned.removed);
    for (auto& k : pruned.kept) sum.notices.push_back("không còn trong công việc: " + k);
    try {
        manifest.save();
    } catch (const std::exception& ex) {
        // The documents made stay (each was written whole); the next run, without a manifest,
        // compares nothing and makes them again under the same numbers.
        sum.failures.push_back({"manifest.json", ex.what()});
    }

    if (signing) {
        sum.signer = signing->subject();
        sum.keys_opened = signing->keys_opened();
    }
    std::sort(sum.failures.begin(), sum.failures.end(),
              [](const Failure& a, const Failure& b) { return a.path < b.path; });
    sum.seconds = std::chrono::duration<double>(clock_type::now() - started).count();
    return sum;
}

}  // namespace vanban::batch
