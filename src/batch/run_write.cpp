// Stage 4 of a run: this shard's documents made in parallel on the one PDF pool. A document
// whose inputs and file are unchanged since the manifest recorded it is kept; the others are
// rendered (run_render.cpp); each outcome is recorded in the manifest, saved in small batches.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "batch/fingerprint.hpp"
#include "batch/kinds.hpp"
#include "batch/leader_scorecards.hpp"  // [leader]
#include "batch/run_stages.hpp"
#include "model/digest.hpp"

namespace vanban::batch {

namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;

namespace {

// What a document is made from: when it equals the manifest's record and the file is intact,
// the document is kept as it is.
std::string input_hash(const RunPlan& plan, const Task& t) {
    model::Sha256 h;
    for (const std::string& part : {t.kind, t.rel_path, plan.templates_hash, plan.org_hash})
        h.update(part), h.update(std::string(1, '\0'));
    const Task& lt = t.source ? plan.tasks[*t.source] : t;  // [docx] a .docx: its letter's
    if (lt.prepared) {
        // The letter's content hash covers every figure it prints (and, for the notice, the
        // ranking appendix's fingerprint): a change elsewhere in the period leaves it alone.
        h.update(lt.prepared->content_hash);
        h.update(lt.numbered->entry.so_ky_hieu);
        if (plan.signing && plan.signing->signs(t.kind))
            h.update("ky_so:" + plan.signing->identity());
    } else {
        h.update(t.period->fingerprint);
        if (t.kind == kLeaderSummary || t.kind == kLeaderUnits)  // [leader]
            h.update(leader_inputs_hash(plan.job, t.period->ds, plan.root));
        // A ranking names its covering notice's number in its reference line.
        if (t.period->notice_task && plan.tasks[*t.period->notice_task].numbered)
            h.update(plan.tasks[*t.period->notice_task].numbered->entry.so_ky_hieu);
    }
    return h.hex();
}

}  // namespace

std::vector<Task*> shard_tasks(RunPlan& plan) {
    std::vector<Task*> mine;
    for (auto& t : plan.tasks)
        if (t.mine) mine.push_back(&t);
    std::stable_partition(mine.begin(), mine.end(),
                          [](const Task* t) { return t->kind != std::string(kLetter); });
    return mine;
}

void write_documents(RunPlan& plan, const std::vector<Task*>& mine, registry::Registry& reg,
                     Manifest& manifest, Progress& progress, Summary& sum) {
    const RunOptions& opt = plan.opt;
    auto cancelled = [&] { return opt.cancel && opt.cancel->load(); };
    std::mutex reg_mu, sum_mu, save_mu;
    auto last_save = clock_type::now();
    std::atomic<std::size_t> next{0};

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
            if (t.unit >= 0) e.unit = plan.org.units[static_cast<std::size_t>(t.unit)].id;
            const Task& lt = t.source ? plan.tasks[*t.source] : t;  // [docx] a .docx: its letter
            if (lt.prepared) {
                e.key = lt.prepared->key;
                e.so_ky_hieu = lt.numbered->entry.so_ky_hieu;
            }
            e.input_hash = input_hash(plan, t);
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
                render_document(plan, t, out, reg, reg_mu, sum, sum_mu);
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
            // final save reports it.
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
        std::min<std::size_t>(plan.jobs + 1, std::max<std::size_t>(1, mine.size())));
    for (unsigned k = 0; k < n_threads; ++k) threads.emplace_back(work);
    for (auto& th : threads) th.join();
}

}  // namespace vanban::batch
