// Stage 4 of a run: this shard's documents made in parallel on the one PDF pool. A document
// whose inputs and file are unchanged since the manifest recorded it is kept; the others are
// rendered (run_render.cpp); each outcome is recorded in the manifest, saved in small batches.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <stdexcept>
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

std::vector<std::vector<Task*>> work_items(RunPlan& plan, const std::vector<Task*>& mine) {
    // Every result letter's group, from the whole plan (every shard's letters): the unit's
    // letters in plan order, cut into runs of kLetterGroup.
    std::map<int, std::vector<Task*>> by_unit;
    for (auto& t : plan.tasks)
        if (t.kind == kLetter && t.prepared && t.unit >= 0) by_unit[t.unit].push_back(&t);
    std::map<const Task*, std::pair<int, std::size_t>> group_of;  // unit, group index
    for (const auto& [unit, letters] : by_unit)
        for (std::size_t i = 0; i < letters.size(); ++i)
            group_of[letters[i]] = {unit, i / kLetterGroup};
    std::vector<std::vector<Task*>> items;
    std::map<std::pair<int, std::size_t>, std::size_t> item_of;
    for (Task* t : mine) {
        const auto g = group_of.find(t);
        if (g == group_of.end()) {
            items.push_back({t});
            continue;
        }
        auto [at, fresh] = item_of.try_emplace(g->second, items.size());
        if (fresh) items.emplace_back();
        items[at->second].push_back(t);
    }
    // A unit's letters are all in one shard (u % n): a group is never split between shards.
    for (const auto& [unit, letters] : by_unit)
        for (const Task* t : letters)
            if (t->mine != letters.front()->mine)
                throw std::logic_error("nhóm công văn của một đơn vị bị chia giữa các phần");
    return items;
}

void write_documents(RunPlan& plan, const std::vector<Task*>& mine, registry::Registry& reg,
                     Manifest& manifest, Progress& progress, Summary& sum) {
    const RunOptions& opt = plan.opt;
    auto cancelled = [&] { return opt.cancel && opt.cancel->load(); };
    std::mutex reg_mu, sum_mu, save_mu;
    auto last_save = clock_type::now();
    std::atomic<std::size_t> next{0};
    const std::vector<std::vector<Task*>> items = work_items(plan, mine);

    // The manifest entry of `t` before it is made, and whether its file can be kept.
    auto entry_of = [&](const Task& t, bool& keep) {
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
        const auto old = manifest.find(t.rel_path);
        keep = old && old->ok && old->input_hash == e.input_hash && !old->file_hash.empty() &&
               file_sha256(opt.out_dir / t.rel_path) == old->file_hash;
        return e;
    };
    auto kept = [&](const Task& t) {
        {
            std::lock_guard lock(sum_mu);
            ++sum.kept[t.kind];
        }
        progress.done(t.rel_path, true, true);
    };
    // Records the outcome of `t` (an empty `error`: made).
    auto record = [&](const Task& t, ManifestEntry e, const std::string& error) {
        e.ok = error.empty();
        {
            std::lock_guard lock(sum_mu);
            if (e.ok)
                ++sum.made[t.kind];
            else
                sum.failures.push_back({t.rel_path, error});
        }
        if (e.ok) e.file_hash = file_sha256(opt.out_dir / t.rel_path);
        e.error = error;
        const bool ok = e.ok;
        manifest.record(t.rel_path, std::move(e));
        progress.done(t.rel_path, ok, false);
    };

    auto work = [&] {
        for (;;) {
            if (cancelled()) return;  // a document boundary: nothing is left half made
            const std::size_t i = next.fetch_add(1);
            if (i >= items.size()) return;
            const std::vector<Task*>& item = items[i];
            std::vector<ManifestEntry> entries;
            std::vector<bool> make;
            for (Task* t : item) {
                bool keep = false;
                entries.push_back(entry_of(*t, keep));
                make.push_back(!keep);
                if (keep) kept(*t);
            }
            if (std::none_of(make.begin(), make.end(), [](bool m) { return m; })) continue;
            if (item.size() == 1 && !(item[0]->kind == kLetter && item[0]->prepared)) {
                Task& t = *item[0];
                std::string error;
                try {
                    render_document(plan, t, opt.out_dir / t.rel_path, reg, reg_mu, sum, sum_mu);
                } catch (const std::exception& ex) {
                    error = ex.what();
                }
                record(t, std::move(entries[0]), error);
            } else {
                std::vector<std::string> errors;
                try {
                    errors = render_letter_group(plan, item, make, reg, reg_mu, sum, sum_mu);
                } catch (const std::exception& ex) {
                    errors.assign(item.size(), ex.what());
                }
                for (std::size_t k = 0; k < item.size(); ++k)
                    if (make[k]) record(*item[k], std::move(entries[k]), errors[k]);
            }
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
        std::min<std::size_t>(plan.jobs + 1, std::max<std::size_t>(1, items.size())));
    for (unsigned k = 0; k < n_threads; ++k) threads.emplace_back(work);
    for (auto& th : threads) th.join();
}

}  // namespace vanban::batch
