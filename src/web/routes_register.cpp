// Sổ văn bản đi: browse, search and filter the register, one entry with its file, void with a
// reason (văn thư only), and the book as XLSX or PDF, all through the registry library.
#include <httplib.h>

#include <ctime>

#include "letter/register_book_pdf.hpp"
#include "pdf/atomic_file.hpp"
#include "registry/book.hpp"
#include "registry/doc_types.hpp"
#include "vn/doc_types.hpp"
#include "vn/text.hpp"
#include "web/app.hpp"
#include "web/letter_service.hpp"
#include "web/routes.hpp"
#include "web/security.hpp"
#include "xlsx/register_book.hpp"

namespace vanban::web {

namespace fs = std::filesystem;

namespace {

constexpr Roles kReaders = Role::VanThu | Role::LanhDao;
constexpr Roles kClerk = static_cast<Roles>(Role::VanThu);
constexpr std::size_t kPageSize = 50;

int current_year() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    return tm.tm_year + 1900;
}

// The keyset of the pager's links: "AGENCY|SERIES|NUMBER" of the entry a page starts after (or
// ends before), within the filter's year. Anything else is ignored (the page number then counts).
std::optional<registry::PageQuery::Key> page_key(const std::string& text, int year) {
    const auto first = text.find('|');
    const auto last = text.rfind('|');
    if (first == std::string::npos || first == last) return std::nullopt;
    registry::PageQuery::Key k;
    k.agency = text.substr(0, first);
    k.series = text.substr(first + 1, last - first - 1);
    k.year = year;
    try {
        std::size_t used = 0;
        k.number = std::stoll(text.substr(last + 1), &used);
        if (used != text.size() - last - 1 || k.number <= 0) return std::nullopt;
    } catch (const std::exception&) {
        return std::nullopt;
    }
    return k;
}

std::string page_key_param(const registry::Entry& e) {
    return httplib::detail::encode_query_param(e.agency + "|" + e.series + "|" +
                                               std::to_string(e.number));
}

int int_param(const Request& req, const std::string& name, int fallback) {
    try {
        std::size_t used = 0;
        const std::string v = form_value(req, name);
        int n = std::stoi(v, &used);
        return used == v.size() ? n : fallback;
    } catch (const std::exception&) {
        return fallback;
    }
}

std::string entry_query(const registry::Entry& e) {
    return "agency=" + httplib::detail::encode_query_param(e.agency) +
           "&year=" + std::to_string(e.year) +
           "&series=" + httplib::detail::encode_query_param(e.series) +
           "&so=" + httplib::detail::encode_query_param(e.so_ky_hieu);
}

// The entry's file, when it is one the web produced (inside DATA/files); else empty.
fs::path served_file(App& app, const registry::Entry& e) {
    if (e.output_file.empty()) return {};
    std::error_code ec;
    const fs::path f = fs::weakly_canonical(e.output_file, ec);
    const fs::path root = fs::weakly_canonical(app.files_dir(), ec);
    if (ec || f.parent_path() != root || !fs::is_regular_file(f)) return {};
    return f;
}

Json entry_json(App& app, const registry::Entry& e) {
    return {{"so_ky_hieu", e.so_ky_hieu},
            {"agency", e.agency},
            {"series", e.series},
            {"year", e.year},
            {"date", e.date.short_vn()},
            {"doc_type", e.doc_type},
            {"trich_yeu", e.trich_yeu},
            {"signer", e.signer},
            {"recipients", e.recipients},
            {"luu", e.luu},
            {"copies", e.copies},
            {"status", std::string(registry::status_name(e.status))},
            {"status_label", std::string(registry::status_label(e.status))},
            {"void_reason", e.void_reason},
            {"content_hash", e.content_hash},
            {"created_at", e.created_at},
            {"created_by", e.created_by},
            {"has_file", !served_file(app, e).empty()},
            {"query", entry_query(e)}};
}

std::optional<registry::Entry> find_entry(App& app, const Request& req) {
    const std::string agency = form_value(req, "agency");
    const std::string series = form_value(req, "series");
    const std::string so = form_value(req, "so");
    const int year = int_param(req, "year", 0);
    if (so.empty() || year == 0) return std::nullopt;
    try {
        return app.with_registry_read(
            [&](registry::Registry& reg) { return reg.find(agency, year, so, series); });
    } catch (const registry::RegistryError&) {
        return std::nullopt;
    }
}

void export_book(App& app, const Request& req, Response& res, Ctx& ctx, const std::string& fmt) {
    const std::string agency = form_value(req, "agency");
    const std::string series = form_value(req, "series");
    const int year = int_param(req, "year", current_year());
    registry::RegisterBook book;
    try {
        const auto kind = registry::is_secret_series(series) ? registry::BookKind::Secret
                                                             : registry::BookKind::Ordinary;
        book = app.with_registry_read([&](registry::Registry& reg) {
            return registry::make_register_book(reg, agency, year, &app.org(), kind);
        });
    } catch (const registry::RegistryError& e) {
        return app.fail(res, 400, std::string("Chưa xuất được sổ: ") + e.what(), &ctx);
    }
    // Written to a private temporary name (never one from the request), read back, removed.
    const fs::path out = app.options().data_dir / "tmp" / ("so-" + random_hex(8) + "." + fmt);
    if (fmt == "xlsx") {
        xlsx::write_register_book_xlsx(book, out);
    } else {
        letter::write_register_book_pdf(book, out, app.options().templates, app.letters().pool(),
                                        app.letters().stamps());
    }
    std::string bytes = pdf::read_file(out);
    fs::remove(out);
    const std::string name = "so-van-ban-di-" +
                             (agency.empty() ? book.agency.abbreviation : agency) + "-" +
                             std::to_string(year) + "." + fmt;
    res.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
    res.set_content(std::move(bytes),
                    fmt == "xlsx"
                        ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                        : "application/pdf");
}

}  // namespace

void add_register_routes(App& app) {
    app.get("/register", kReaders, [&app](const Request& req, Response& res, Ctx& ctx) {
        const int year = int_param(req, "year", current_year());
        const std::string agency = form_value(req, "agency");
        const std::string series = form_value(req, "series");
        const std::string type = form_value(req, "type");
        const std::string status = form_value(req, "status");
        // Filtered, counted and paged by the registry's SQL: a page never reads the whole year.
        registry::PageQuery q;
        q.year = year;
        if (!agency.empty()) q.agency = agency;
        if (!series.empty()) q.series = series;
        if (!type.empty()) q.doc_type = type;
        for (auto st :
             {registry::Status::Reserved, registry::Status::Issued, registry::Status::Void})
            if (status == registry::status_name(st)) q.status = st;
        // A status the register does not know matches nothing.
        const bool none = !status.empty() && !q.status;
        q.signer = form_value(req, "signer");
        q.text = form_value(req, "q");
        const std::size_t wanted = static_cast<std::size_t>(std::max(1, int_param(req, "page", 1)));
        // The pager's links carry the entry next to the page (keyset paging); a page number
        // alone (typed, bookmarked, the last page) is read from the nearer end.
        const auto after = page_key(form_value(req, "after"), year);
        const auto before = after ? std::nullopt : page_key(form_value(req, "before"), year);
        auto fetch = [&](std::size_t page, bool keyed) {
            q.offset = (page - 1) * kPageSize;
            q.limit = kPageSize;
            q.after = keyed ? after : std::nullopt;
            q.before = keyed ? before : std::nullopt;
            if (none) return registry::Page{};
            return app.with_registry_read([&](registry::Registry& reg) { return reg.page(q); });
        };
        registry::Page hits;
        try {
            hits = fetch(wanted, after || before);
            // A key that no longer leads anywhere (the filter changed under it): by number.
            if ((after || before) && hits.entries.empty()) hits = fetch(wanted, false);
        } catch (const registry::RegistryError& e) {
            return app.fail(res, 400, std::string("Bộ lọc không hợp lệ: ") + e.what(), &ctx);
        }
        const std::size_t pages =
            std::max<std::size_t>(1, (hits.total + kPageSize - 1) / kPageSize);
        const std::size_t page = std::min(pages, wanted);
        if (page != wanted) hits = fetch(page, false);  // past the end: the last page
        Json rows = Json::array();
        for (const auto& e : hits.entries) rows.push_back(entry_json(app, e));
        Json types = Json::array();
        for (const auto& t : vn::doc_types()) types.push_back(std::string(t.name));
        Json agencies = Json::array();
        for (const auto& a : app.org().agencies)
            agencies.push_back({{"id", a.abbreviation}, {"label", a.name}});
        Json data;
        data["rows"] = rows;
        data["total"] = hits.total;
        data["page"] = page;
        data["pages"] = pages;
        data["prev_key"] = hits.entries.empty() ? "" : page_key_param(hits.entries.front());
        data["next_key"] = hits.entries.empty() ? "" : page_key_param(hits.entries.back());
        data["filter"] = {{"year", year},
                          {"agency", agency},
                          {"series", series},
                          {"type", type},
                          {"signer", form_value(req, "signer")},
                          {"q", form_value(req, "q")},
                          {"status", status}};
        std::string query = "year=" + std::to_string(year);
        for (const char* k : {"agency", "series", "type", "signer", "q", "status"})
            if (!form_value(req, k).empty())
                query += std::string("&") + k + "=" +
                         httplib::detail::encode_query_param(form_value(req, k));
        data["query"] = query;
        data["types"] = types;
        data["agencies"] = agencies;
        data["can_void"] = has_role(ctx.user.roles, Role::VanThu);
        app.render(res, "register.html", data, &ctx);
    });

    app.get("/register/entry", kReaders, [&app](const Request& req, Response& res, Ctx& ctx) {
        auto e = find_entry(app, req);
        if (!e) return app.fail(res, 404, "Không có số này trong sổ.", &ctx);
        Json data;
        data["e"] = entry_json(app, *e);
        data["can_void"] =
            has_role(ctx.user.roles, Role::VanThu) && e->status != registry::Status::Void;
        app.render(res, "register_entry.html", data, &ctx);
    });

    app.get("/register/file", kReaders, [&app](const Request& req, Response& res, Ctx& ctx) {
        auto e = find_entry(app, req);
        if (!e) return app.fail(res, 404, "Không có số này trong sổ.", &ctx);
        const fs::path f = served_file(app, *e);
        if (f.empty()) return app.fail(res, 404, "Số này không có tệp do web tạo.", &ctx);
        std::string name;
        for (char c : e->so_ky_hieu) name += c == '/' ? '-' : c;
        res.set_header("Content-Disposition", "attachment; filename=\"" + name + ".pdf\"");
        res.set_content(pdf::read_file(f), "application/pdf");
    });

    app.post("/register/void", kClerk, [&app](const Request& req, Response& res, Ctx& ctx) {
        auto e = find_entry(app, req);
        if (!e) return app.fail(res, 404, "Không có số này trong sổ.", &ctx);
        const std::string reason = form_value(req, "reason");
        if (reason.find_first_not_of(" \t\r\n") == std::string::npos)
            return app.fail(res, 400, "Hủy số cần ghi lý do.", &ctx);
        registry::Entry v;
        try {
            v = app.with_registry([&](registry::Registry& reg) {
                return reg.void_entry(e->agency, e->year, e->so_ky_hieu, reason,
                                      ctx.user.name + " (web)", e->series);
            });
        } catch (const registry::RegistryError& err) {
            return app.fail(res, 409, std::string("Không hủy được: ") + err.what(), &ctx);
        }
        app.audit(ctx, "hủy số",
                  e->so_ky_hieu + " (sổ " + e->series + ", năm " + std::to_string(e->year) + ")",
                  sha256_hex(std::string(registry::status_name(e->status))),
                  sha256_hex(std::string(registry::status_name(v.status)) + ":" + reason),
                  "lý do: " + reason);
        app.redirect(res, "/register/entry?" + entry_query(v));
    });

    app.get("/register/export.xlsx", kReaders, [&app](const Request& req, Response& res, Ctx& ctx) {
        export_book(app, req, res, ctx, "xlsx");
    });
    app.get("/register/export.pdf", kReaders, [&app](const Request& req, Response& res, Ctx& ctx) {
        export_book(app, req, res, ctx, "pdf");
    });
}

}  // namespace vanban::web
