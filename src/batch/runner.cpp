// run_job: the stages of a run (run_stages.hpp) in their order, and the output folder, its
// lock, the registry, the manifest and the progress they share.
#include "batch/runner.hpp"

#include <sys/resource.h>

#include <chrono>
#include <stdexcept>

#include "batch/out_dir.hpp"
#include "batch/run_stages.hpp"

namespace vanban::batch {

using clock_type = std::chrono::steady_clock;

namespace {

double cpu_seconds(int who) {
    rusage u{};
    ::getrusage(who, &u);
    auto sec = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
    return sec(u.ru_utime) + sec(u.ru_stime);
}

}  // namespace

Summary run_job(const Job& job, const RunOptions& opt) {
    const auto started = clock_type::now();
    const double self0 = cpu_seconds(RUSAGE_SELF), children0 = cpu_seconds(RUSAGE_CHILDREN);
    Summary sum;
    if (opt.shard_count == 0 || opt.shard_index >= opt.shard_count)
        throw std::runtime_error("phân đoạn không hợp lệ");

    std::unique_ptr<RunPlan> plan = plan_run(job, opt, sum);

    // The output folder is created and locked only once everything above was accepted: a job
    // that is refused leaves no trace on the disk.
    check_output_folder(opt.out_dir);
    const FolderLock lock(opt.out_dir);
    if (const std::size_t n = remove_stale_temporaries(opt.out_dir))
        sum.notices.push_back("đã xóa " + std::to_string(n) +
                              " tệp tạm của lần chạy trước bị dừng giữa chừng");

    sum.check_seconds = std::chrono::duration<double>(clock_type::now() - started).count();

    const std::string reg_spec = !opt.registry.empty() ? opt.registry
                                 : !job.registry.empty()
                                     ? job.registry
                                     : (opt.out_dir / "so-van-ban-di.db").string();
    std::unique_ptr<registry::Registry> reg = registry::open_registry(reg_spec);
    sum.registry = reg->location();
    number_letters(*plan, *reg, sum);

    sum.number_seconds =
        std::chrono::duration<double>(clock_type::now() - started).count() - sum.check_seconds;

    std::string warning;
    Manifest manifest(opt.out_dir, job.id,
                      std::to_string(opt.shard_index + 1) + "/" + std::to_string(opt.shard_count),
                      warning);
    if (!warning.empty()) sum.notices.push_back(warning);

    const std::vector<Task*> mine = shard_tasks(*plan);
    sum.documents = mine.size();
    const BookSet books = planned_books(*plan, manifest, *reg);
    const bool make_books = job.register_book && opt.shard_count == 1;
    Progress progress(opt.log, opt.tty, mine.size() + (make_books ? 2 * books.size() : 0));
    if (opt.on_progress) progress.set_listener(opt.on_progress);

    write_documents(*plan, mine, *reg, manifest, progress, sum);
    summarise_run(*plan, *reg, manifest, books, make_books, progress, sum);
    // The workers' CPU is the process's children's once they are reaped: the pool goes first.
    plan.reset();
    sum.cpu_self_seconds = cpu_seconds(RUSAGE_SELF) - self0;
    sum.cpu_workers_seconds = cpu_seconds(RUSAGE_CHILDREN) - children0;
    sum.seconds = std::chrono::duration<double>(clock_type::now() - started).count();
    return sum;
}

}  // namespace vanban::batch
