// Số liệu chỉ tiêu: the Sở Nội vụ's staff (cán bộ số liệu) and quản trị upload a quarter's counts
// as the JSON format, a data-entry form workbook (`vanban data form`) or a CSV/XLSX export with
// its mapping file, through the same intake library as `vanban data import`. Every problem is
// shown with its unit and indicator before anything is stored; the uploader then confirms, the
// file goes to DATA/so-lieu under its canonical name, and the audit log gets the hashes of the
// file before and after. Uploads are parsed only: never executed, served back or used as a path.
#include <httplib.h>

#include <algorithm>

#include "intake/importer.hpp"
#include "intake/json_import.hpp"
#include "model/indicator_data.hpp"
#include "pdf/atomic_file.hpp"
#include "web/app.hpp"
#include "web/data_pages.hpp"
#include "web/letter_service.hpp"
#include "web/routes.hpp"
#include "web/score_data.hpp"
#include "web/security.hpp"

namespace vanban::web {

namespace fs = std::filesystem;

namespace {

constexpr Roles kUploaders = Role::SoLieu | Role::QuanTri;

std::string lower_ext(const std::string& name) {
    const auto dot = name.rfind('.');
    if (dot == std::string::npos) return "";
    std::string e = name.substr(dot + 1);
    for (char& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return e;
}

// The uploaded file's name as shown in messages: its last component, at most 120 bytes.
std::string shown_name(std::string name) {
    const auto slash = name.find_last_of("/\\");
    if (slash != std::string::npos) name = name.substr(slash + 1);
    if (name.size() > 120) name = name.substr(0, 120);
    return name.empty() ? "tệp tải lên" : name;
}

Json quarter_choices(ScoreData& sd, const std::string& selected) {
    // The quarters of the years with targets, newest first.
    Json out = Json::array();
    auto years = sd.target_years();
    for (auto y = years.rbegin(); y != years.rend(); ++y)
        for (int q = 4; q >= 1; --q) {
            const model::Quarter mq{*y, q};
            out.push_back({{"code", mq.code()},
                           {"label", mq.label_vi()},
                           {"selected", mq.code() == selected}});
        }
    return out;
}

void data_page(App& app, ScoreData& sd, Response& res, Ctx& ctx, Json data, int status = 200) {
    Json stored = Json::array();
    const auto qs = sd.quarters();
    for (auto q = qs.rbegin(); q != qs.rend(); ++q) {
        const auto f = sd.quarter_file(*q);
        stored.push_back({{"code", q->code()},
                          {"label", q->label_vi()},
                          {"file", f.path.filename().string()},
                          {"hash", f.hash.substr(0, 12)}});
    }
    data["stored"] = stored;
    const std::string sel = data.contains("period") ? data["period"].get<std::string>() : "";
    data["quarters"] = quarter_choices(sd, sel);
    Json years = Json::array();
    for (int y : sd.target_years()) years.push_back(y);
    data["target_years"] = years;
    app.render(res, "data.html", data, &ctx, status);
}

}  // namespace

void add_data_routes(App& app) {
    auto sd =
        std::make_shared<ScoreData>(app.options(), app.letters().pool(), app.letters().stamps());

    app.get("/data", kUploaders, [&app, sd](const Request&, Response& res, Ctx& ctx) {
        data_page(app, *sd, res, ctx, Json::object());
    });

    // The empty data-entry workbook of a quarter (`vanban data form`).
    app.get("/data/form.xlsx", kUploaders, [&app, sd](const Request& req, Response& res, Ctx& ctx) {
        auto p = model::Period::parse(form_value(req, "period"));
        if (!p || p->kind != model::PeriodKind::quarter)
            return app.fail(res, 400, "Kỳ không hợp lệ: cần một quý dạng 2024-Q3.", &ctx);
        const model::Quarter q{p->year, p->quarter};
        std::string bytes;
        try {
            bytes = sd->form_xlsx(q);
        } catch (const std::exception& e) {
            return app.fail(res, 400, std::string("Chưa lập được mẫu: ") + sd->hide_paths(e.what()),
                            &ctx);
        }
        res.set_header("Content-Disposition",
                       "attachment; filename=\"mau-so-lieu-" + q.code() + ".xlsx\"");
        res.set_content(std::move(bytes),
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    });

    app.post("/data/upload", kUploaders, [&app, sd](const Request& req, Response& res, Ctx& ctx) {
        Json data;
        const std::string period = form_value(req, "period");
        data["period"] = period;
        auto p = model::Period::parse(period);
        if (!p || p->kind != model::PeriodKind::quarter) {
            data["message"] = "Chọn kỳ (một quý) của số liệu.";
            return data_page(app, *sd, res, ctx, data, 400);
        }
        const model::Quarter q{p->year, p->quarter};
        auto levels = levels_param(form_value(req, "level"));
        if (!levels || !req.has_file("file") || req.get_file_value("file").content.empty()) {
            data["message"] = "Chọn tệp số liệu (.json, .xlsx hoặc .csv).";
            return data_page(app, *sd, res, ctx, data, 400);
        }
        const auto& file = req.get_file_value("file");
        const std::string name = shown_name(file.filename);
        const std::string ext = lower_ext(name);
        model::Organisation org;
        model::Method method;
        try {
            org = sd->load_org();
            method = sd->load_method(q.year);
        } catch (const std::exception& e) {
            data["message"] = sd->hide_paths(e.what());
            return data_page(app, *sd, res, ctx, data, 409);
        }
        intake::ImportResult r;
        std::vector<fs::path> temps;
        struct Cleanup {
            std::vector<fs::path>& files;
            ~Cleanup() {
                std::error_code ec;
                for (const auto& f : files) fs::remove(f, ec);
            }
        } cleanup{temps};
        std::map<std::string, std::string> shown;  // temporary path -> the name users gave
        try {
            if (ext == "json") {
                // A quarter left the wide (all levels) default unless a level was chosen.
                r = intake::import_json(
                    name, file.content, org, method, q,
                    form_value(req, "level").empty() ? std::vector<model::Level>{} : *levels);
            } else if (ext == "xlsx" || ext == "csv") {
                if (ext == "xlsx" && file.content.rfind("PK\x03\x04", 0) != 0) {
                    data["message"] = name + ": không phải tệp XLSX (Excel 2007 trở lên).";
                    return data_page(app, *sd, res, ctx, data, 400);
                }
                const std::string stem = "tai-len-" + random_hex(8);
                intake::ImportOptions io;
                temps.push_back(sd->tmp_dir() / (stem + "." + ext));
                pdf::write_file_atomically(temps.back(), file.content, 0600);
                io.files = {temps.back().string()};
                shown[temps.back().string()] = name;
                if (req.has_file("mapping") && !req.get_file_value("mapping").content.empty()) {
                    temps.push_back(sd->tmp_dir() / (stem + "-anh-xa.json"));
                    pdf::write_file_atomically(temps.back(), req.get_file_value("mapping").content,
                                               0600);
                    io.mapping = temps.back().string();
                    shown[temps.back().string()] =
                        shown_name(req.get_file_value("mapping").filename);
                }
                if (!form_value(req, "level").empty()) io.levels = *levels;
                r = intake::import_data(io, org, method, q);
            } else {
                data["message"] = name + ": chỉ nhận tệp .json, .xlsx hoặc .csv.";
                return data_page(app, *sd, res, ctx, data, 400);
            }
        } catch (const model::InputError& e) {
            std::string f = e.file;
            if (shown.count(f)) f = shown[f];
            r.issues.error(f, e.pointer, e.detail);
        } catch (const std::exception& e) {
            r.issues.error(name, "", sd->hide_paths(e.what()));
        }
        // Messages name the server's own files by their names only, never their paths.
        shown[org.source] = fs::path(org.source).filename().string();
        shown[method.source] = fs::path(method.source).filename().string();
        data["source"] = name;
        data["quarter"] = {{"code", q.code()}, {"label", q.label_vi()}};
        data["issues"] = issues_json(r.issues, org, method, shown);
        data["errors"] = r.issues.errors();
        data["warnings"] = r.issues.warnings();
        data["ok"] = r.ok();
        if (!r.ok()) {
            app.render(res, "data_check.html", data, &ctx, 422);
            return;
        }
        PendingUpload pu;
        pu.user_id = ctx.user.id;
        pu.quarter = q;
        pu.source = name;
        pu.json = r.json;
        pu.units = r.units;
        // The scores the upload would give, before anything is stored: the same loader and
        // scoring::score_dataset as the dashboard and `vanban score`.
        data["preview"] = Json::array();
        data["preview_error"] = "";
        try {
            const model::Dataset ds = sd->load_preview(pu);
            const scoring::ScoreTable table = scoring::score_dataset(ds);
            Json levels = Json::array();
            for (auto level : {model::Level::so, model::Level::huyen, model::Level::xa}) {
                Json l = level_json(ds, table, level, q.code());
                if (!l["rows"].empty()) levels.push_back(std::move(l));
            }
            data["preview"] = levels;
        } catch (const std::exception& e) {
            data["preview_error"] = sd->hide_paths(e.what());
        }
        data["token"] = sd->put_pending(pu);
        data["units"] = r.units;
        const auto current = sd->quarter_file(q);
        data["replaces"] = !current.hash.empty();
        data["same"] = current.hash == sha256_hex(r.json);
        app.render(res, "data_check.html", data, &ctx);
    });

    app.post("/data/confirm", kUploaders, [&app, sd](const Request& req, Response& res, Ctx& ctx) {
        auto p = sd->take_pending(form_value(req, "token"), ctx.user.id, true);
        if (!p)
            return app.fail(res, 404,
                            "Không có tệp chờ lưu này (đã lưu, hoặc của người khác): tải tệp lên "
                            "lại.",
                            &ctx);
        // The organisation or the targets may have changed since the check: check again.
        try {
            model::parse_quarter_data(
                model::JsonDocument::parse(model::data_file_name(p->quarter), p->json),
                sd->load_org(), sd->load_method(p->quarter.year));
        } catch (const model::InputError& e) {
            return app.fail(res, 409,
                            std::string("Số liệu không còn hợp lệ: ") + sd->hide_paths(e.what()),
                            &ctx);
        }
        const auto target = sd->quarter_file(p->quarter).path;
        const std::string before = sd->replace(target, p->json);
        app.audit(ctx, "lưu số liệu", target.filename().string(), before, sha256_hex(p->json),
                  p->quarter.label_vi() + ", " + std::to_string(p->units) + " đơn vị, từ tệp " +
                      p->source);
        app.redirect(res, "/dashboard?period=" + p->quarter.code() + "&saved=1");
    });

    add_dashboard_routes(app, sd);
    add_admin_data_routes(app, sd);
}

}  // namespace vanban::web
