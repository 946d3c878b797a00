// Stage 5 of a run: the register books once every letter is committed, outputs dropped from
// the job removed, the manifest saved, and the summary's last figures.
#include <algorithm>
#include <set>

#include "batch/prune.hpp"
#include "batch/run_stages.hpp"

namespace vanban::batch {

void summarise_run(RunPlan& plan, registry::Registry& reg, Manifest& manifest, const BookSet& books,
                   bool make_books, Progress& progress, Summary& sum) {
    const Job& job = plan.job;
    const RunOptions& opt = plan.opt;
    // A sharded run cannot know when the other shards are done: its books are made afterwards
    // with `vanban registry export`.
    sum.cancelled = opt.cancel && opt.cancel->load();
    if (make_books && !sum.cancelled) {
        const BookContext ctx{opt.out_dir, plan.root,       plan.templates_hash,
                              &plan.org,   plan.pool.get(), plan.stamps.get()};
        make_register_books(books, reg, ctx, manifest, progress, sum);
    } else if (job.register_book && !sum.cancelled) {
        sum.notices.push_back(
            "chạy theo phần (--shard): sổ đăng ký văn bản đi được in sau khi mọi phần xong, bằng "
            "`vanban registry export --format xlsx|pdf`");
    }
    progress.finish();

    // Outputs dropped from the job, against the plan of the whole job (every shard's documents
    // and the books), so that a shard never deletes what another shard makes.
    std::set<std::string> planned;
    for (const auto& t : plan.tasks) planned.insert(t.rel_path);
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

    if (plan.signing) {
        sum.signer = plan.signing->subject();
        sum.keys_opened = plan.signing->keys_opened();
    }
    std::sort(sum.failures.begin(), sum.failures.end(),
              [](const Failure& a, const Failure& b) { return a.path < b.path; });
}

}  // namespace vanban::batch
