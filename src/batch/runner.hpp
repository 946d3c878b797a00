// Running a batch job: plan every document, number the letters in one deterministic order,
// make the documents in parallel on one PDF pool, keep the manifest, report progress and a
// summary. See docs/batch.md.
//
// Order of work (why: numbers must not depend on --jobs or on which shard runs first):
//   1. check     output folder writable, every data file and template loads, every letter
//                checks against org.json (letter::LetterMaker::prepare): errors stop here,
//                before any number is taken
//   2. number    one thread reserves the numbers of ALL the job's letters (every shard does),
//                by date, then the period's thông báo, then units in org.json order; the
//                registry is idempotent by key, so reruns and other shards get the same numbers
//   3. make      --jobs threads share one wkhtmltopdf pool; a shard makes only its own
//                documents; each file is written atomically, the letter committed in the
//                registry, then recorded in the manifest; one failure does not stop the others
//   4. books     the register books (register_books.hpp), unsharded runs only
//   5. prune     outputs the manifest recorded that the whole job no longer plans are deleted
//                (prune.hpp); their numbers stay in the registry
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "batch/job.hpp"
#include "batch/summary.hpp"

namespace vanban::batch {

struct RunOptions {
    std::filesystem::path out_dir;
    unsigned jobs = 0;  // 0: the number of cores
    unsigned shard_index = 0, shard_count = 1;
    // Template folders; the job's own override these. templates_root holds nd30/ and ranking/.
    std::filesystem::path templates_root, batch_templates;
    std::string registry;  // overrides the job's ("" : the job's, else OUT_DIR/so-van-ban-di.db)
    // When set, each letter's main HTML is also written there (same relative path + ".html"):
    // the benchmark converts it with a plain wkhtmltopdf for comparison; beside it the letter
    // JSON built in memory (+ ".json"), which tests read back.
    std::filesystem::path html_dir;
    std::ostream* log = nullptr;  // progress and notices (stderr in the CLI)
    bool tty = false;
    // Called after each document (from the worker threads, serialised): documents done so far
    // and the total. The web's batch page shows it live.
    std::function<void(std::size_t done, std::size_t total)> on_progress;
    // When it turns true the run stops at a document boundary: no new document is started, the
    // ones being made finish (each written whole and committed), the register books are not
    // made, the manifest is saved and Summary::cancelled is set. Numbers reserved in step 2
    // stay reserved under their keys: the next run makes those letters with the same numbers.
    const std::atomic<bool>* cancel = nullptr;
};

// Throws model::InputError, tpl::TemplateError, registry::RegistryError or std::runtime_error
// (Vietnamese, naming the file) for anything found before numbering; failures of single
// documents afterwards are returned in Summary::failures.
Summary run_job(const Job& job, const RunOptions& options);

}  // namespace vanban::batch
