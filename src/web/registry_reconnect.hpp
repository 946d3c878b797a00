// The server's read-write registry connection, opened again after it was lost. A PostgreSQL
// server restarted (or the backend terminated) under a running `vanban serve` would otherwise
// leave every later number to fail until the server itself restarted.
//
// A call that meets the lost connection (RegistryError Unreachable) is repeated once on a new
// connection when doing it twice ends the same: the reads, reserve (idempotent by the letter's
// key: the same number again), commit (a no-op when already committed with the same file) and
// batch() (whose function must already bear being run again, registry.hpp). release and
// void_entry are not repeated (a second release or void would answer differently): they fail,
// and the next call opens a fresh connection. Never in the middle of a batch(), whose calls all
// belong to the one transaction: the batch as a whole is repeated.
//
// Not thread-safe, like any Registry: the App uses it under its registry mutex.
#pragma once

#include <memory>
#include <string>

#include "registry/registry.hpp"

namespace vanban::web {

class ReconnectingRegistry final : public registry::Registry {
  public:
    // Opens `spec` (ReadWrite) now; throws RegistryError as open_registry() does.
    explicit ReconnectingRegistry(std::string spec);

    std::string location() const override;
    registry::Reservation reserve(const registry::LetterInfo& letter) override;
    registry::Entry commit(std::string_view key, std::string_view output_file) override;
    bool release(std::string_view key) override;
    registry::Entry void_entry(std::string_view agency, int year, std::string_view so_ky_hieu,
                               std::string_view reason, std::string_view by,
                               std::string_view series) override;
    std::optional<registry::Entry> find_by_key(std::string_view key) override;
    std::optional<registry::Entry> find(std::string_view agency, int year,
                                        std::string_view so_ky_hieu,
                                        std::string_view series) override;
    std::vector<registry::Entry> list(const registry::ListFilter& filter) override;
    registry::Page page(const registry::PageQuery& q) override;
    void batch(const std::function<void()>& fn) override;
    int schema_version() override;

    // How many times a lost connection was opened again (tests, logs).
    int reconnects() const { return reconnects_; }

  private:
    template <class F>
    auto call(bool repeatable, F&& f) -> decltype(f(std::declval<registry::Registry&>()));
    const std::string spec_;
    std::unique_ptr<registry::Registry> reg_;
    std::string location_;
    bool lost_ = false;
    int depth_ = 0;  // calls in progress (a batch's calls run inside the batch's call)
    int reconnects_ = 0;
};

}  // namespace vanban::web
