// The stages of run_job (runner.cpp), each in its own file, and the state they hand on:
//   plan       run_plan.cpp     templates, data, scores, every document as a Task, letters checked
//   number     run_number.cpp   every letter of the job numbered, in plan order, in one thread
//   render     run_render.cpp   one document made to its file
//   write      run_write.cpp    the documents of this shard in parallel: unchanged ones kept,
//                               the others rendered, each recorded in the manifest
//   summarise  run_summary.cpp  register books, dropped outputs, the manifest saved, the summary
#pragma once

#include <atomic>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "batch/job.hpp"
#include "batch/manifest.hpp"
#include "batch/progress.hpp"
#include "batch/register_books.hpp"
#include "batch/runner.hpp"
#include "batch/signing.hpp"
#include "batch/summary.hpp"
#include "letter/letter_maker.hpp"
#include "model/dataset.hpp"
#include "model/letter.hpp"
#include "pdf/finish.hpp"
#include "pdf/wkhtml_pool.hpp"
#include "ranking/ranking.hpp"
#include "registry/registry.hpp"
#include "scoring/score.hpp"
#include "template/engine.hpp"

namespace vanban::batch {

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

// What the plan stage loaded and decided; the later stages read it and fill in the tasks.
// Members are destroyed in reverse order, as the locals of the one function they were.
struct RunPlan {
    RunPlan(const Job& j, const RunOptions& o) : job(j), opt(o) {}
    const Job& job;
    const RunOptions& opt;
    std::filesystem::path root, nd30, body_file, notice_file;
    model::Organisation org;
    std::string org_hash, templates_hash;
    std::unique_ptr<BatchSigning> signing;
    std::vector<std::unique_ptr<PeriodWork>> periods;  // by date: the numbering order
    tpl::Environment env;
    unsigned jobs = 1;  // PDF workers
    std::unique_ptr<pdf::WkhtmlPool> pool;
    std::unique_ptr<pdf::PageNumberStamps> stamps;
    std::unique_ptr<letter::LetterMaker> maker;
    std::string notice_agency_name;
    std::vector<Task> tasks;

    std::string agency_name(const std::string& id) const;
    ranking::RankingOptions ranking_options(const PeriodWork& pw) const;
    // The ranking appendix's reference line: "(Kèm theo Thông báo số … ngày … của …)".
    std::string reference_line(const std::string& so_ky_hieu, const JobPeriod& jp) const;
};

// 1. Checks the templates, the organisation, the data and every letter, and plans every
// document of the job (every shard's). Throws before anything is numbered or written.
std::unique_ptr<RunPlan> plan_run(const Job& job, const RunOptions& opt, Summary& sum);

// 2. Numbers every letter of the job in plan order and gives every task its output path.
void number_letters(RunPlan& plan, registry::Registry& reg, Summary& sum);

// The register books the run keeps up to date: one per agency and year its letters were
// numbered in, and those the manifest recorded whose agency and year still have numbers.
BookSet planned_books(const RunPlan& plan, const Manifest& manifest, registry::Registry& reg);

// 3. Makes one document at `out` (a letter is committed in the registry); throws on failure.
void render_document(RunPlan& plan, Task& t, const std::filesystem::path& out,
                     registry::Registry& reg, std::mutex& reg_mu, Summary& sum, std::mutex& sum_mu);

// This shard's tasks in the order they are made: the long documents (a notice with its
// ranking appendix, the rankings, the scorecards) first, so that the short letters fill in
// behind them and no worker idles at the end. Numbers are taken before: this order changes
// nothing in them.
std::vector<Task*> shard_tasks(RunPlan& plan);

// The units of work of stage 4, in shard_tasks() order: one document each, except the result
// letters, which go through wkhtmltopdf together: the letters of one unit (org.json) in plan
// order, up to kLetterGroup at a time, in one conversion (LetterMaker::produce_many). A letter's
// bytes depend on the letters converted with it, so the groups are fixed by the plan alone: a
// unit's letters are always in the same shard (u % n), whatever the shard count, and a rerun of
// one letter converts its whole group again and writes that letter only.
constexpr std::size_t kLetterGroup = 10;
std::vector<std::vector<Task*>> work_items(RunPlan& plan, const std::vector<Task*>& mine);

// 3b. Makes the letters of `group` (a work item) whose `make` is set, converting the whole group
// (LetterMaker::produce_many); each one made is committed in the registry. Returns one message
// per letter, empty when it was made (or not asked for).
std::vector<std::string> render_letter_group(RunPlan& plan, const std::vector<Task*>& group,
                                             const std::vector<bool>& make, registry::Registry& reg,
                                             std::mutex& reg_mu, Summary& sum, std::mutex& sum_mu);

// 4. Makes `mine` in parallel, keeping those whose inputs and file are unchanged, and records
// each in the manifest.
void write_documents(RunPlan& plan, const std::vector<Task*>& mine, registry::Registry& reg,
                     Manifest& manifest, Progress& progress, Summary& sum);

// 5. The register books (unsharded runs), dropped outputs removed, the manifest saved, and the
// summary's last figures.
void summarise_run(RunPlan& plan, registry::Registry& reg, Manifest& manifest, const BookSet& books,
                   bool make_books, Progress& progress, Summary& sum);

}  // namespace vanban::batch
