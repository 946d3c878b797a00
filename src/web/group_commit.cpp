#include "web/group_commit.hpp"

namespace vanban::web {

void GroupCommit::run(const std::function<void(registry::Registry&)>& f) {
    Task mine{&f, nullptr, false};
    std::unique_lock lock(m_);
    queue_.push_back(&mine);
    while (!mine.done) {
        if (running_) {
            cv_.wait(lock);
            continue;
        }
        // This thread runs the next batch: everything queued so far, its own call included
        // (or, if a batch finished meanwhile without it, the calls that queued after it).
        running_ = true;
        std::vector<Task*> tasks;
        tasks.swap(queue_);
        lock.unlock();
        std::exception_ptr failed;
        try {
            std::lock_guard registry_lock(registry_mutex_);
            reg_.batch([&] {
                for (Task* t : tasks) {
                    t->error = nullptr;
                    try {
                        (*t->f)(reg_);
                    } catch (...) {
                        t->error = std::current_exception();
                    }
                }
            });
        } catch (...) {
            failed = std::current_exception();
        }
        lock.lock();
        for (Task* t : tasks) {
            if (failed) t->error = failed;
            t->done = true;
        }
        ++batches_;
        calls_ += tasks.size();
        running_ = false;
        cv_.notify_all();
    }
    if (mine.error) std::rethrow_exception(mine.error);
}

std::size_t GroupCommit::batches() const {
    std::lock_guard lock(m_);
    return batches_;
}

std::size_t GroupCommit::calls() const {
    std::lock_guard lock(m_);
    return calls_;
}

std::size_t GroupCommit::queued() const {
    std::lock_guard lock(m_);
    return queue_.size();
}

}  // namespace vanban::web
