// Group commit for the registry's writes (reserve, commit) from many request threads.
//
// Numbers of one series are taken one at a time (Điều 15: in order, never twice), and each
// registry write is a durable transaction: one disk flush (SQLite synchronous=FULL, PostgreSQL
// commit). With 20 clerks at once, a request that waited behind 19 others paid 19 flushes: the
// p99 of the numbering step was ten times its median. Here the writes that arrive while one
// transaction runs queue up; the next thread to run takes the whole queue into one
// Registry::batch() (one transaction, each call in its own savepoint, one flush). Every caller
// returns only after the transaction holding its call committed, so nothing is reported issued
// before it is durable; the registry's cross-process locking is the same as for a single call.
#pragma once

#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <vector>

#include "registry/registry.hpp"

namespace vanban::web {

class GroupCommit {
  public:
    // `registry_mutex` guards `reg` for every other use (reads, voids).
    GroupCommit(registry::Registry& reg, std::mutex& registry_mutex)
        : reg_(reg), registry_mutex_(registry_mutex) {}

    // Runs `f` with the registry inside a batch, together with the calls of other threads.
    // `f` may run more than once (the batch is retried whole on a transient conflict): it must
    // only assign its results. Rethrows what `f` threw, or the batch's commit failure.
    void run(const std::function<void(registry::Registry&)>& f);

    // How many batches and calls ran (for the tests: calls > batches proves grouping).
    std::size_t batches() const;
    std::size_t calls() const;
    // Calls waiting for the next batch.
    std::size_t queued() const;

  private:
    struct Task {
        const std::function<void(registry::Registry&)>* f;
        std::exception_ptr error;
        bool done = false;
    };
    registry::Registry& reg_;
    std::mutex& registry_mutex_;
    mutable std::mutex m_;
    std::condition_variable cv_;
    std::vector<Task*> queue_;
    bool running_ = false;
    std::size_t batches_ = 0, calls_ = 0;
};

}  // namespace vanban::web
