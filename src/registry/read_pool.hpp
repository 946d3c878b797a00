// A few read-only connections to one registry, for callers that only read and must not queue
// behind the writer (the web's register pages). SQLite in WAL mode lets readers run beside the
// writer and beside each other; PostgreSQL serves each connection in a backend of its own. So
// concurrent searches run in parallel instead of one after another on the one read-write
// connection.
//
// Connections are opened on first need, up to `size`; a caller beyond that waits for one to be
// returned. A connection whose server went away (RegistryError Unreachable) is dropped, not
// returned, and the read is repeated once on a fresh one: a restarted PostgreSQL server costs
// no failed page once it is back.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "registry/registry.hpp"

namespace vanban::registry {

class ReadPool {
  public:
    // `spec` as open_registry() takes it. Nothing is opened yet: the writer (which creates and
    // migrates the registry) must have opened it before the first read.
    ReadPool(std::string spec, std::size_t size);
    ~ReadPool();
    ReadPool(const ReadPool&) = delete;
    ReadPool& operator=(const ReadPool&) = delete;

    // Runs `f(Registry&)` on a read-only connection of the pool; once more on a new connection
    // when the first was lost (it only reads). Throws RegistryError (opening included) and
    // whatever `f` throws.
    template <class F>
    auto with(F&& f) {
        for (int attempt = 0;; ++attempt) {
            Lease lease(*this);
            try {
                return f(*lease.reg);
            } catch (const RegistryError& e) {
                if (e.code != RegistryError::Code::Unreachable) throw;
                lease.reg.reset();
                if (attempt > 0) throw;
            }
        }
    }

    std::size_t size() const { return size_; }
    std::size_t opened() const;  // connections open now (tests)

  private:
    struct Lease {
        explicit Lease(ReadPool& p) : pool(p), reg(p.acquire()) {}
        ~Lease() { pool.release(std::move(reg)); }
        ReadPool& pool;
        std::unique_ptr<Registry> reg;
    };
    std::unique_ptr<Registry> acquire();
    void release(std::unique_ptr<Registry> reg) noexcept;

    const std::string spec_;
    const std::size_t size_;
    mutable std::mutex mutex_;
    std::condition_variable returned_;
    std::vector<std::unique_ptr<Registry>> idle_;
    std::size_t out_ = 0;  // lent or being opened
};

}  // namespace vanban::registry
