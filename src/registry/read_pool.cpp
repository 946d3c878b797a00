#include "registry/read_pool.hpp"

namespace vanban::registry {

ReadPool::ReadPool(std::string spec, std::size_t size)
    : spec_(std::move(spec)), size_(size == 0 ? 1 : size) {}

ReadPool::~ReadPool() = default;

std::size_t ReadPool::opened() const {
    std::lock_guard lock(mutex_);
    return idle_.size() + out_;
}

std::unique_ptr<Registry> ReadPool::acquire() {
    std::unique_lock lock(mutex_);
    returned_.wait(lock, [&] { return !idle_.empty() || idle_.size() + out_ < size_; });
    ++out_;
    if (!idle_.empty()) {
        auto reg = std::move(idle_.back());
        idle_.pop_back();
        return reg;
    }
    lock.unlock();
    try {
        return open_registry(spec_, OpenMode::ReadOnly);
    } catch (...) {
        lock.lock();
        --out_;
        returned_.notify_one();
        throw;
    }
}

void ReadPool::release(std::unique_ptr<Registry> reg) noexcept {
    {
        std::lock_guard lock(mutex_);
        --out_;
        if (reg) idle_.push_back(std::move(reg));
    }
    returned_.notify_one();
}

}  // namespace vanban::registry
