// Chạy cả năm: start the yearly batch on a stored job, watch its progress live (a small JSON
// endpoint polled by static/batch.js), cancel it, download its files by manifest index. For the
// văn thư (the batch numbers letters in the agency's register) and the quản trị (the IT staff
// who run the batches, DESIGN.md). Every start, stop and end is audited.
#include <httplib.h>

#include <memory>

#include "batch/progress.hpp"
#include "pdf/atomic_file.hpp"
#include "vn/format.hpp"
#include "web/app.hpp"
#include "web/batch_runs.hpp"
#include "web/routes.hpp"
#include "web/security.hpp"

namespace vanban::web {

namespace fs = std::filesystem;

namespace {

constexpr Roles kRunners = Role::VanThu | Role::QuanTri;

std::string status_label(const std::string& s) {
    if (s == "running") return "đang chạy";
    if (s == "done") return "đã xong";
    if (s == "cancelled") return "đã dừng";
    if (s == "interrupted") return "dở dang (máy chủ dừng đột ngột)";
    return "lỗi";
}

Json progress_json(const BatchRun& r) {
    const double rate = r.seconds > 0 ? static_cast<double>(r.done) / r.seconds : 0;
    const double left =
        rate > 0 && r.total > r.done ? static_cast<double>(r.total - r.done) / rate : 0;
    return {{"id", r.id},
            {"status", r.status},
            {"status_label", status_label(r.status)},
            {"done", r.done},
            {"total", r.total},
            {"rate", vn::number(rate, 1) + " văn bản/giây"},
            {"elapsed", batch::Progress::duration_vi(r.seconds)},
            {"left", r.status == "running" && rate > 0 ? batch::Progress::duration_vi(left) : ""},
            {"finished", r.status != "running"}};
}

Json run_json(const BatchRun& r) {
    Json j = progress_json(r);
    j["job_id"] = r.job_id;
    j["year"] = r.year;
    j["agency"] = r.agency_name.empty() ? r.agency : r.agency_name;
    j["started_by"] = r.started_by;
    j["error"] = r.error;
    j["failures"] = r.failures;
    j["notes"] = r.notes;
    return j;
}

}  // namespace

void add_batch_routes(App& app) {
    BatchRuns::Config c;
    c.data_dir = app.options().data_dir;
    c.templates = app.options().templates;
    c.registry = app.options().registry.empty()
                     ? (app.options().data_dir / "so-van-ban-di.db").string()
                     : app.options().registry;
    c.pdf_workers = app.options().pdf_workers;
    c.on_end = [&app](const BatchRun& r) {
        AuditItem a;
        a.user = "máy chủ";
        a.action = "chạy cả năm: " + status_label(r.status);
        a.object = "lượt #" + std::to_string(r.id) + " (công việc " + r.job_id + ")";
        a.detail = std::to_string(r.done) + "/" + std::to_string(r.total) + " văn bản, " +
                   std::to_string(r.failures) + " lỗi" + (r.error.empty() ? "" : ": " + r.error);
        app.store().audit(a);
    };
    auto runs = std::make_shared<BatchRuns>(std::move(c));
    // The server is stopping: cancel at a document boundary and wait, before the store closes.
    app.on_stop([runs] { runs->stop_all(); });

    auto script = std::make_shared<std::string>(
        pdf::read_file(app.options().templates / "web" / "static" / "batch.js"));
    app.server().Get("/static/batch.js", [script](const Request&, Response& res) {
        res.set_header("Cache-Control", "max-age=3600");
        res.set_content(*script, "text/javascript; charset=utf-8");
    });

    app.get("/batch", kRunners, [&app, runs](const Request&, Response& res, Ctx& ctx) {
        Json jobs = Json::array();
        for (const auto& j : runs->jobs())
            jobs.push_back(
                {{"id", j.id}, {"year", j.year}, {"agency", j.agency_name}, {"error", j.error}});
        Json list = Json::array();
        for (const auto& r : runs->runs()) list.push_back(run_json(r));
        app.render(res, "batch.html", {{"jobs", jobs}, {"runs", list}}, &ctx);
    });

    app.post("/batch/start", kRunners, [&app, runs](const Request& req, Response& res, Ctx& ctx) {
        const std::string job = form_value(req, "job");
        BatchRun r;
        try {
            r = runs->start(job, ctx.user.name);
        } catch (const BatchRefused& e) {
            return app.fail(res, 409, e.what(), &ctx);
        }
        app.audit(ctx, "chạy cả năm: bắt đầu",
                  "lượt #" + std::to_string(r.id) + " (công việc " + r.job_id + ", năm " +
                      std::to_string(r.year) + ")",
                  "", "");
        app.redirect(res, "/batch/" + std::to_string(r.id));
    });

    app.get(R"(/batch/(\d+))", kRunners, [&app, runs](const Request& req, Response& res, Ctx& ctx) {
        const auto r = runs->get(static_cast<int>(path_id(req)));
        if (!r) return app.fail(res, 404, "Không có lượt chạy này.", &ctx);
        Json files = Json::array();
        for (const auto& f : runs->files(r->id))
            files.push_back({{"index", f.index},
                             {"path", f.path},
                             {"kind", f.kind},
                             {"period", f.period},
                             {"so_ky_hieu", f.so_ky_hieu},
                             {"ok", f.ok},
                             {"error", f.error}});
        app.render(res, "batch_run.html", {{"run", run_json(*r)}, {"files", files}}, &ctx);
    });

    app.get(R"(/batch/(\d+)/progress\.json)", kRunners,
            [&app, runs](const Request& req, Response& res, Ctx& ctx) {
                const auto r = runs->get(static_cast<int>(path_id(req)));
                if (!r) return app.fail(res, 404, "Không có lượt chạy này.", &ctx);
                res.set_header("Cache-Control", "no-store");
                res.set_content(progress_json(*r).dump(), "application/json; charset=utf-8");
            });

    app.post(R"(/batch/(\d+)/cancel)", kRunners,
             [&app, runs](const Request& req, Response& res, Ctx& ctx) {
                 const int id = static_cast<int>(path_id(req));
                 if (!runs->cancel(id))
                     return app.fail(res, 409, "Lượt chạy này không còn đang chạy.", &ctx);
                 app.audit(ctx, "chạy cả năm: dừng", "lượt #" + std::to_string(id), "", "");
                 app.redirect(res, "/batch/" + std::to_string(id));
             });

    app.get(R"(/batch/(\d+)/file/(\d+))", kRunners,
            [&app, runs](const Request& req, Response& res, Ctx& ctx) {
                const int id = static_cast<int>(path_id(req, 1));
                const auto index = static_cast<std::size_t>(path_id(req, 2));
                const fs::path f = runs->file(id, index);
                if (f.empty()) return app.fail(res, 404, "Không có tệp này.", &ctx);
                const std::string ext = f.extension().string();
                res.set_header("Content-Disposition",
                               "attachment; filename=\"" + f.filename().string() + "\"");
                res.set_content(pdf::read_file(f),
                                ext == ".pdf"    ? "application/pdf"
                                : ext == ".xlsx" ? "application/vnd.openxmlformats-officedocument."
                                                   "spreadsheetml.sheet"
                                                 : "application/octet-stream");
            });
}

}  // namespace vanban::web
