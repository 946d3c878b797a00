#include "web/registry_reconnect.hpp"

namespace vanban::web {

using registry::RegistryError;

ReconnectingRegistry::ReconnectingRegistry(std::string spec)
    : spec_(std::move(spec)),
      reg_(registry::open_registry(spec_, registry::OpenMode::ReadWrite)),
      location_(reg_->location()) {}

template <class F>
auto ReconnectingRegistry::call(bool repeatable, F&& f)
    -> decltype(f(std::declval<registry::Registry&>())) {
    struct Depth {
        int& d;
        explicit Depth(int& x) : d(x) { ++d; }
        ~Depth() { --d; }
    };
    for (int attempt = 0;; ++attempt) {
        try {
            if (lost_ && depth_ == 0) {
                reg_ = registry::open_registry(spec_, registry::OpenMode::ReadWrite);
                lost_ = false;
                ++reconnects_;
            }
            Depth depth(depth_);
            return f(*reg_);
        } catch (const RegistryError& e) {
            if (e.code != RegistryError::Code::Unreachable) throw;
            lost_ = true;
            if (!repeatable || attempt > 0 || depth_ > 0) throw;
        }
    }
}

std::string ReconnectingRegistry::location() const {
    return location_;
}

registry::Reservation ReconnectingRegistry::reserve(const registry::LetterInfo& letter) {
    return call(true, [&](registry::Registry& r) { return r.reserve(letter); });
}

registry::Entry ReconnectingRegistry::commit(std::string_view key, std::string_view output_file) {
    return call(true, [&](registry::Registry& r) { return r.commit(key, output_file); });
}

bool ReconnectingRegistry::release(std::string_view key) {
    return call(false, [&](registry::Registry& r) { return r.release(key); });
}

registry::Entry ReconnectingRegistry::void_entry(std::string_view agency, int year,
                                                 std::string_view so_ky_hieu,
                                                 std::string_view reason, std::string_view by,
                                                 std::string_view series) {
    return call(false, [&](registry::Registry& r) {
        return r.void_entry(agency, year, so_ky_hieu, reason, by, series);
    });
}

std::optional<registry::Entry> ReconnectingRegistry::find_by_key(std::string_view key) {
    return call(true, [&](registry::Registry& r) { return r.find_by_key(key); });
}

std::optional<registry::Entry> ReconnectingRegistry::find(std::string_view agency, int year,
                                                          std::string_view so_ky_hieu,
                                                          std::string_view series) {
    return call(true,
                [&](registry::Registry& r) { return r.find(agency, year, so_ky_hieu, series); });
}

std::vector<registry::Entry> ReconnectingRegistry::list(const registry::ListFilter& filter) {
    return call(true, [&](registry::Registry& r) { return r.list(filter); });
}

registry::Page ReconnectingRegistry::page(const registry::PageQuery& q) {
    return call(true, [&](registry::Registry& r) { return r.page(q); });
}

void ReconnectingRegistry::batch(const std::function<void()>& fn) {
    call(true, [&](registry::Registry& r) { r.batch(fn); });
}

int ReconnectingRegistry::schema_version() {
    return call(true, [&](registry::Registry& r) { return r.schema_version(); });
}

}  // namespace vanban::web
