// The web application's shared core: options, the HTTP server, the store, and the helpers every
// route module uses (render a page in the layout, require a role, check the CSRF token, write
// the audit log). Routes live in one file per area (routes_*.cpp), each exposing
// `void add_*_routes(App&)`, all registered in the one list of routes.cpp.
//
// Adding a page (e.g. the data upload or the leader dashboard):
//   1. src/web/routes_AREA.cpp with `void add_AREA_routes(App& app)` registering handlers via
//      app.get()/app.post() and the roles allowed;
//   2. declare it in routes.hpp and add it to kRouteModules in routes.cpp;
//   3. templates/web/AREA*.html extending "layout.html";
//   4. enable its entry in nav_entries() (app.cpp) and add its rows to tests/web/route_roles.py.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/org.hpp"
#include "registry/read_pool.hpp"
#include "registry/registry.hpp"
#include "template/engine.hpp"
#include "web/auth.hpp"
#include "web/roles.hpp"
#include "web/store.hpp"

namespace vanban::sign {
class Signer;
struct Png;
}  // namespace vanban::sign

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace vanban::web {

class LetterService;
class GroupCommit;

struct ServeOptions {
    std::string listen = "127.0.0.1:8080";
    std::filesystem::path data_dir = "vanban-data";
    std::string registry;            // empty: DATA/so-van-ban-di.db
    std::filesystem::path org_file;  // empty: DATA/org.json
    std::filesystem::path tls_cert, tls_key;
    std::filesystem::path templates;  // the bundled templates/ folder (web, nd30, registry)
    unsigned pdf_workers = 2;
    unsigned registry_readers = 4;  // read-only registry connections of the register pages
    SessionLimits sessions;
    // The agency's key (--sign-key), opened and checked by the CLI before the server starts:
    // issuing then also writes the agency-signed PDF (PAdES). Null: no signed downloads.
    std::shared_ptr<const sign::Signer> agency_signer;
    std::shared_ptr<const sign::Png> agency_seal;  // --sign-image: the seal drawn by the signature
};

using Json = nlohmann::ordered_json;
using Request = httplib::Request;
using Response = httplib::Response;

// The user of a request that passed require().
struct Ctx {
    User user;
    Session session;
    std::string address;
};

class App {
  public:
    // Opens the store, the registry and the org file; throws with a Vietnamese message.
    App(ServeOptions options, std::ostream& log);
    ~App();

    const ServeOptions& options() const { return options_; }
    httplib::Server& server() { return *server_; }
    Store& store() { return *store_; }
    Auth& auth() { return *auth_; }
    const model::Organisation& org() const { return org_; }
    LetterService& letters() { return *letters_; }
    std::ostream& log() { return log_; }
    bool tls() const { return !options_.tls_cert.empty(); }
    std::filesystem::path files_dir() const { return options_.data_dir / "files"; }

    // The registry is one connection shared by all requests: call it only through this.
    template <class F>
    auto with_registry(F&& f) {
        std::lock_guard lock(registry_mutex_);
        return f(*registry_);
    }

    // A read of the register pages on a read-only connection of its own (registry/read_pool.hpp):
    // concurrent searches run side by side instead of queueing behind the shared connection
    // and the issuing path. It sees every committed number, never a half-done one.
    template <class F>
    auto with_registry_read(F&& f) {
        return readers_->with(std::forward<F>(f));
    }

    // A registry write of the issuing path (reserve, commit), grouped with the writes of other
    // threads into one transaction and one disk flush (group_commit.hpp); `f` may run again
    // if that transaction is retried.
    void with_registry_grouped(const std::function<void(registry::Registry&)>& f);

    // Runs `f` when the server has stopped, before the store and the registry close (the
    // batch page cancels and waits for its runs there).
    void on_stop(std::function<void()> f) { stop_hooks_.push_back(std::move(f)); }

    // Handlers of a route: `allowed` roles (0: any logged-in user). A POST handler is only
    // called with a valid CSRF token; the helper answers 401/403 itself otherwise.
    using Handler = std::function<void(const Request&, Response&, Ctx&)>;
    void get(const std::string& pattern, Roles allowed, Handler h);
    void post(const std::string& pattern, Roles allowed, Handler h);

    // Renders templates/web/NAME (extending layout.html) with `data` plus the layout's own
    // variables (user, roles, navigation, CSRF token).
    void render(Response& res, const std::string& name, Json data, const Ctx* ctx,
                int status = 200);
    // An error page with a Vietnamese message.
    void fail(Response& res, int status, const std::string& message, const Ctx* ctx);
    void redirect(Response& res, const std::string& to);
    // One audit entry: who, from where, what, content hash before/after.
    void audit(const Ctx& ctx, const std::string& action, const std::string& object,
               const std::string& before, const std::string& after, const std::string& detail = {});

    // The logged-in user of a request, or nothing.
    std::optional<Ctx> current(const Request& req);
    std::string session_cookie(const std::string& token) const;
    std::string clear_cookie() const;

  private:
    void route(const std::string& method, const std::string& pattern, Roles allowed, Handler h);

    ServeOptions options_;
    std::ostream& log_;
    std::unique_ptr<httplib::Server> server_;
    std::unique_ptr<Store> store_;
    std::unique_ptr<Auth> auth_;
    model::Organisation org_;
    std::unique_ptr<registry::Registry> registry_;
    std::mutex registry_mutex_;
    std::unique_ptr<registry::ReadPool> readers_;
    std::unique_ptr<GroupCommit> group_commit_;
    std::vector<std::function<void()>> stop_hooks_;
    std::unique_ptr<LetterService> letters_;
    tpl::Environment pages_;
};

// Form and query values (URL-encoded or multipart); empty when absent.
std::string form_value(const Request& req, const std::string& name);
// A path parameter captured by a route's regular expression as an id, or 0.
std::int64_t path_id(const Request& req, int index = 1);

// Seconds since the epoch.
std::int64_t unix_now();

}  // namespace vanban::web
