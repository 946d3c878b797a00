// Quản trị: upload of org.json and of a year's targets (chi-tieu-YYYY.json), checked by the same
// loaders as the CLI (model::parse_organisation, model::parse_method): an error names its JSON
// pointer and line, and nothing is stored. The file goes under its canonical name (the org file
// the server was started with; DATA/so-lieu/chi-tieu-YYYY.json), audited with both hashes.
#include <httplib.h>

#include "model/json_source.hpp"
#include "model/method.hpp"
#include "model/org.hpp"
#include "web/app.hpp"
#include "web/data_pages.hpp"
#include "web/routes.hpp"
#include "web/security.hpp"

namespace vanban::web {

namespace {

constexpr Roles kAdmin = static_cast<Roles>(Role::QuanTri);

void admin_data_page(App& app, ScoreData& sd, Response& res, Ctx& ctx, Json data,
                     int status = 200) {
    const auto org = sd.org_stored();
    if (!data.contains("error")) data["error"] = nullptr;
    data["org"] = {
        {"file", org.path.filename().string()}, {"hash", org.hash.substr(0, 12)}, {"error", ""}};
    try {
        const auto o = sd.load_org();
        data["org"]["units"] = o.units.size();
        data["org"]["agencies"] = o.agencies.size();
    } catch (const std::exception& e) {
        data["org"]["error"] = sd.hide_paths(e.what());
    }
    Json targets = Json::array();
    for (int y : sd.target_years()) {
        const auto f = sd.targets_file(y);
        Json t{{"year", y},
               {"file", f.path.filename().string()},
               {"hash", f.hash.substr(0, 12)},
               {"error", ""}};
        try {
            const auto m = sd.load_method(y);
            t["indicators"] = m.indicators.size();
        } catch (const std::exception& e) {
            t["error"] = sd.hide_paths(e.what());
        }
        targets.push_back(t);
    }
    data["targets"] = targets;
    app.render(res, "admin_data.html", data, &ctx, status);
}

// The uploaded JSON text, or "" after answering with the page and its message.
std::string uploaded(const Request& req) {
    if (!req.has_file("file")) return "";
    return req.get_file_value("file").content;
}

Json error_json(const model::InputError& e, const std::string& name) {
    return {{"file", name},
            {"pointer", e.pointer.empty() ? "/" : e.pointer},
            {"line", e.line},
            {"message", e.detail}};
}

}  // namespace

void add_admin_data_routes(App& app, const std::shared_ptr<ScoreData>& sd) {
    app.get("/admin/data", kAdmin, [&app, sd](const Request&, Response& res, Ctx& ctx) {
        admin_data_page(app, *sd, res, ctx, Json::object());
    });

    app.post("/admin/data/org", kAdmin, [&app, sd](const Request& req, Response& res, Ctx& ctx) {
        const std::string text = uploaded(req);
        Json data;
        if (text.empty()) {
            data["message"] = "Chọn tệp tổ chức (org.json).";
            return admin_data_page(app, *sd, res, ctx, data, 400);
        }
        model::Organisation org;
        try {
            org = model::parse_organisation(model::JsonDocument::parse("org.json", text));
        } catch (const model::InputError& e) {
            data["error"] = error_json(e, "org.json");
            data["message"] = "Tệp tổ chức có lỗi: chưa lưu gì.";
            return admin_data_page(app, *sd, res, ctx, data, 422);
        }
        const auto target = sd->org_file();
        const std::string before = sd->replace(target, text);
        app.audit(ctx, "tải tệp tổ chức", target.filename().string(), before, sha256_hex(text),
                  std::to_string(org.units.size()) + " đơn vị, " +
                      std::to_string(org.agencies.size()) + " cơ quan");
        data["message"] =
            "Đã lưu tệp tổ chức (" + std::to_string(org.units.size()) +
            " đơn vị). Điểm số dùng ngay; văn bản dùng tệp mới sau khi khởi động lại máy chủ.";
        admin_data_page(app, *sd, res, ctx, data);
    });

    app.post(
        "/admin/data/targets", kAdmin, [&app, sd](const Request& req, Response& res, Ctx& ctx) {
            const std::string text = uploaded(req);
            Json data;
            if (text.empty()) {
                data["message"] = "Chọn tệp chỉ tiêu (chi-tieu-YYYY.json).";
                return admin_data_page(app, *sd, res, ctx, data, 400);
            }
            model::Method method;
            try {
                method = model::parse_method(model::JsonDocument::parse("chi-tieu.json", text));
            } catch (const model::InputError& e) {
                data["error"] = error_json(e, "chi-tieu.json");
                data["message"] = "Tệp chỉ tiêu có lỗi: chưa lưu gì.";
                return admin_data_page(app, *sd, res, ctx, data, 422);
            }
            const auto target = sd->targets_file(method.year).path;
            const std::string before = sd->replace(target, text);
            app.audit(ctx, "tải bộ chỉ tiêu", target.filename().string(), before, sha256_hex(text),
                      "năm " + std::to_string(method.year) + ", " +
                          std::to_string(method.indicators.size()) + " chỉ tiêu");
            data["message"] = "Đã lưu bộ chỉ tiêu năm " + std::to_string(method.year) + " (" +
                              target.filename().string() + ").";
            admin_data_page(app, *sd, res, ctx, data);
        });
}

}  // namespace vanban::web
