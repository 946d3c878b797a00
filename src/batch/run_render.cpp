// Stage 3 of a run: one document made to its file, by kind: a letter (PDF, signed when the job
// signs it, then committed in the registry) or its .docx, a ranking, a leader scorecard, a
// scorecard workbook. Each is written atomically by its maker.
#include <optional>

#include "batch/docx_outputs.hpp"  // [docx]
#include "batch/kinds.hpp"
#include "batch/leader_scorecards.hpp"  // [leader]
#include "batch/run_stages.hpp"
#include "pdf/atomic_file.hpp"
#include "xlsx/scorecard.hpp"

namespace vanban::batch {

namespace fs = std::filesystem;

void render_document(RunPlan& plan, Task& t, const fs::path& out, registry::Registry& reg,
                     std::mutex& reg_mu, Summary& sum, std::mutex& sum_mu) {
    const RunOptions& opt = plan.opt;
    const Task& lt = t.source ? plan.tasks[*t.source] : t;  // [docx] a .docx: its letter
    std::error_code ec;
    fs::create_directories(out.parent_path(), ec);
    PeriodWork& pw = *t.period;
    if (t.source) {  // [docx]
        DocxRanking r{&pw.ds, &pw.table, plan.ranking_options(pw)};
        r.options.reference = plan.reference_line(lt.numbered->entry.so_ky_hieu, *pw.jp);
        make_letter_docx(*lt.prepared, lt.numbered->entry.number, plan.org,
                         t.kind == std::string(kNoticeDocx) ? &r : nullptr, out);
    } else if (t.prepared) {
        std::optional<fs::path> html_out;
        if (!opt.html_dir.empty()) {
            html_out = opt.html_dir / (t.rel_path + ".html");
            fs::create_directories(html_out->parent_path(), ec);
            // The letter JSON built in memory, for tests that read the letter back.
            pdf::write_file_atomically(opt.html_dir / (t.rel_path + ".json"), t.doc->text());
        }
        const bool sign = plan.signing && plan.signing->signs(t.kind);
        plan.maker->produce(
            *t.prepared, t.numbered->entry.number, out, html_out, {},
            sign ? plan.signing->finisher(plan.agency_name(t.prepared->letter.agency), t.rel_path)
                 : letter::Finisher());
        {
            std::lock_guard lock(reg_mu);
            reg.commit(t.prepared->key, fs::absolute(out).string());
        }
        if (sign) {
            std::lock_guard lock(sum_mu);
            ++sum.signed_documents;
        }
    } else if (t.kind == kRanking) {
        ranking::RankingOptions ro = plan.ranking_options(pw);
        if (pw.notice_task && plan.tasks[*pw.notice_task].numbered)
            ro.reference =
                plan.reference_line(plan.tasks[*pw.notice_task].numbered->entry.so_ky_hieu, *pw.jp);
        ranking::make_ranking_pdf(pw.ds, pw.table, ro, *plan.pool, *plan.stamps, out);
    } else if (t.kind == kLeaderSummary || t.kind == kLeaderUnits) {  // [leader]
        make_leader_scorecard(plan.job, t.kind, pw.ds, pw.table, pw.jp->date, plan.root, *plan.pool,
                              *plan.stamps, out);
    } else {
        xlsx::ScorecardOptions so;
        so.report_date = pw.jp->date;
        // In parallel with everything else: xlsx::Workbook::close serialises the one step of
        // libxlsxwriter that is not thread-safe (gmtime() dates).
        xlsx::write_scorecard(pw.ds, pw.table, so, out);
    }
}

std::vector<std::string> render_letter_group(RunPlan& plan, const std::vector<Task*>& group,
                                             const std::vector<bool>& make, registry::Registry& reg,
                                             std::mutex& reg_mu, Summary& sum, std::mutex& sum_mu) {
    const RunOptions& opt = plan.opt;
    std::vector<letter::LetterMaker::Item> items;
    for (std::size_t i = 0; i < group.size(); ++i) {
        const Task& t = *group[i];
        letter::LetterMaker::Item it;
        it.p = &*t.prepared;
        it.number = t.numbered->entry.number;
        it.out = opt.out_dir / t.rel_path;
        it.write = make[i];
        if (make[i]) {
            std::error_code ec;
            fs::create_directories(it.out.parent_path(), ec);
            if (!opt.html_dir.empty()) {
                it.html_out = opt.html_dir / (t.rel_path + ".html");
                fs::create_directories(it.html_out->parent_path(), ec);
                pdf::write_file_atomically(opt.html_dir / (t.rel_path + ".json"), t.doc->text());
            }
            if (plan.signing && plan.signing->signs(t.kind))
                it.finisher =
                    plan.signing->finisher(plan.agency_name(t.prepared->letter.agency), t.rel_path);
        }
        items.push_back(std::move(it));
    }
    std::vector<std::string> errors = plan.maker->produce_many(items);
    for (std::size_t i = 0; i < group.size(); ++i) {
        if (!make[i] || !errors[i].empty()) continue;
        const Task& t = *group[i];
        try {
            std::lock_guard lock(reg_mu);
            reg.commit(t.prepared->key, fs::absolute(items[i].out).string());
        } catch (const std::exception& e) {
            errors[i] = e.what();
            continue;
        }
        if (items[i].finisher) {
            std::lock_guard lock(sum_mu);
            ++sum.signed_documents;
        }
    }
    return errors;
}

}  // namespace vanban::batch
