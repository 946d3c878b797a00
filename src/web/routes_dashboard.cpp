// Bảng điều hành: for a stored period, the ranking by level (scoring::score_dataset, as
// `vanban score`), each unit's page (the leaders' scorecard page of src/leader as the template
// sees it: indicators against targets, the trend over the year's quarters as SVG drawn by
// leader::svg, the targets missed), and the documents: the scorecard workbook (`vanban
// scorecard`), the ranking PDF (`vanban ranking`) and the leaders' PDF (`vanban scorecard
// --pdf`). For lãnh đạo, cán bộ số liệu and quản trị.
#include <httplib.h>

#include "leader/leader.hpp"
#include "leader/svg.hpp"
#include "vn/format.hpp"
#include "web/app.hpp"
#include "web/data_pages.hpp"
#include "web/routes.hpp"

namespace vanban::web {

namespace {

constexpr Roles kReaders = Role::LanhDao | Role::SoLieu | Role::QuanTri;

std::string change_text(int c) {
    if (c > 0) return "▲ " + std::to_string(c);
    if (c < 0) return "▼ " + std::to_string(-c);
    return "giữ nguyên";
}

// The period a request names (or the newest stored one); nullopt when nothing is stored or
// the code is not a period.
std::optional<model::Period> chosen_period(ScoreData& sd, const Request& req) {
    const std::string code = form_value(req, "period");
    if (!code.empty()) return model::Period::parse(code);
    auto all = sd.periods();
    if (all.empty()) return std::nullopt;
    return all.front();
}

Json period_choices(ScoreData& sd, const model::Period& selected) {
    Json out = Json::array();
    for (const auto& p : sd.periods())
        out.push_back({{"code", p.code()}, {"label", p.label_vi()}, {"selected", p == selected}});
    return out;
}

std::string download_name(const model::Period& p, const std::string& what,
                          const std::string& suffix, const std::string& ext) {
    return what + "-" + p.slug() + (suffix.empty() ? "" : "-" + suffix) + "." + ext;
}

struct Loaded {
    model::Period period;
    model::Dataset ds;
    scoring::ScoreTable table;
};

// Loads and scores the requested period; answers the request itself (and returns nullopt) when
// it cannot.
std::optional<Loaded> load(App& app, ScoreData& sd, const Request& req, Response& res, Ctx& ctx) {
    auto p = chosen_period(sd, req);
    if (!p) {
        app.fail(res, 404,
                 form_value(req, "period").empty()
                     ? "Chưa có số liệu nào được lưu: cán bộ số liệu tải số liệu lên trước."
                     : "Kỳ không hợp lệ: cần dạng 2024-Q3, 2024-6T, 2024-9T hoặc 2024.",
                 &ctx);
        return std::nullopt;
    }
    Loaded l{*p, {}, {}};
    try {
        l.ds = sd.load(*p);
    } catch (const std::exception& e) {
        app.fail(
            res, 409,
            std::string("Chưa chấm điểm được ") + p->label_vi() + ": " + sd.hide_paths(e.what()),
            &ctx);
        return std::nullopt;
    }
    l.table = scoring::score_dataset(l.ds);
    return l;
}

void send(Response& res, std::string bytes, const std::string& name, bool pdf) {
    res.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
    res.set_content(std::move(bytes),
                    pdf ? "application/pdf"
                        : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}

}  // namespace

// The level's ranking: rows in the table's order, and the count of units in each band.
Json level_json(const model::Dataset& ds, const scoring::ScoreTable& t, model::Level level,
                const std::string& period) {
    const auto& m = *t.method;
    Json rows = Json::array();
    std::vector<int> per_band(m.bands.size(), 0);
    int unranked = 0;
    for (const auto& r : t.rows) {
        if (r.level != level) continue;
        const auto& u = ds.org.units[static_cast<std::size_t>(r.unit)];
        std::string district;
        if (u.district_index >= 0)
            district = ds.org.units[static_cast<std::size_t>(u.district_index)].name;
        std::string why;
        if (r.missing_data()) {
            why = "chưa báo cáo: ";
            for (std::size_t i = 0; i < r.missing_quarters.size(); ++i)
                why += (i ? ", " : "") + r.missing_quarters[i].label_vi();
        } else if (!r.has_total) {
            why = "không phát sinh";
        }
        int missed = 0;
        for (const auto& s : r.indicators)
            if (s.scored && !s.reached) ++missed;
        rows.push_back({{"unit", u.id},
                        {"name", u.name},
                        {"district", district},
                        {"rank", r.has_total ? std::to_string(r.rank) : "—"},
                        {"total", r.has_total ? vn::number(r.total, 2) : "—"},
                        {"band", r.has_total ? r.band : ""},
                        {"why", why},
                        {"missed", missed},
                        {"change", r.has_previous ? change_text(r.rank_change) : ""},
                        {"href", "/dashboard/unit?period=" + period +
                                     "&unit=" + httplib::detail::encode_query_param(u.id)}});
        if (!r.has_total) {
            ++unranked;
            continue;
        }
        for (std::size_t b = 0; b < m.bands.size(); ++b)
            if (m.bands[b].name == r.band) ++per_band[b];
    }
    Json bands = Json::array();
    const auto colours = leader::svg::band_colours(m.bands.size());
    for (std::size_t b = 0; b < m.bands.size(); ++b)
        bands.push_back({{"name", m.bands[b].name}, {"count", per_band[b]}});
    return {{"id", std::string(model::level_id(level))},
            {"name", std::string(model::level_name_vi(level))},
            {"rows", rows},
            {"bands", bands},
            {"unranked", unranked},
            {"chart", leader::svg::stacked_bar(per_band, colours, 120, 8)}};
}

void add_dashboard_routes(App& app, const std::shared_ptr<ScoreData>& sd) {
    app.get("/dashboard", kReaders, [&app, sd](const Request& req, Response& res, Ctx& ctx) {
        auto l = load(app, *sd, req, res, ctx);
        if (!l) return;
        auto levels = levels_param(form_value(req, "level"));
        if (!levels) return app.fail(res, 400, "Cấp không hợp lệ: so, huyen hoặc xa.", &ctx);
        Json data;
        data["period"] = {{"code", l->period.code()}, {"label", l->period.label_vi()}};
        data["periods"] = period_choices(*sd, l->period);
        data["level"] = form_value(req, "level");
        Json lv = Json::array();
        for (auto level : *levels)
            lv.push_back(level_json(l->ds, l->table, level, l->period.code()));
        data["levels"] = lv;
        data["previous"] = l->table.has_previous ? l->table.previous_period.label_vi() : "";
        data["method"] = model::method_label_vi(*l->table.method);
        std::string q = "period=" + l->period.code();
        if (!form_value(req, "level").empty()) q += "&level=" + form_value(req, "level");
        data["query"] = q;
        if (form_value(req, "saved") == "1")
            data["message"] = "Đã lưu số liệu " + l->period.label_vi() + ". Kết quả chấm điểm:";
        app.render(res, "dashboard.html", data, &ctx);
    });

    app.get("/dashboard/unit", kReaders, [&app, sd](const Request& req, Response& res, Ctx& ctx) {
        auto l = load(app, *sd, req, res, ctx);
        if (!l) return;
        const std::string unit = form_value(req, "unit");
        if (l->ds.org.unit_index(unit) < 0)
            return app.fail(res, 404, "Không có đơn vị này trong tệp tổ chức.", &ctx);
        leader::LeaderOptions o;
        o.templates_root = sd->templates();
        o.unit = unit;
        leader::LeaderDocument doc;
        try {
            const auto series = leader::load_series(l->ds, {sd->dir().string()});
            doc = leader::build_document(l->ds, l->table, series, o);
        } catch (const std::exception& e) {
            return app.fail(res, 409, sd->hide_paths(e.what()), &ctx);
        }
        if (doc.units.empty()) return app.fail(res, 404, "Không có trang của đơn vị này.", &ctx);
        Json data;
        data["p"] = Json::parse(doc.units.front().dump());
        data["period"] = {{"code", l->period.code()}, {"label", l->period.label_vi()}};
        data["periods"] = period_choices(*sd, l->period);
        data["unit"] = unit;
        data["unit_q"] = httplib::detail::encode_query_param(unit);
        app.render(res, "dashboard_unit.html", data, &ctx);
    });

    app.get("/dashboard/scorecard.xlsx", kReaders,
            [&app, sd](const Request& req, Response& res, Ctx& ctx) {
                auto l = load(app, *sd, req, res, ctx);
                if (!l) return;
                auto levels = levels_param(form_value(req, "level"));
                if (!levels) return app.fail(res, 400, "Cấp không hợp lệ.", &ctx);
                send(res, sd->scorecard_xlsx(l->ds, l->table, *levels),
                     download_name(l->period, "phieu-diem", form_value(req, "level"), "xlsx"),
                     false);
            });

    app.get("/dashboard/ranking.pdf", kReaders,
            [&app, sd](const Request& req, Response& res, Ctx& ctx) {
                auto l = load(app, *sd, req, res, ctx);
                if (!l) return;
                auto levels = levels_param(form_value(req, "level"));
                if (!levels) return app.fail(res, 400, "Cấp không hợp lệ.", &ctx);
                send(res, sd->ranking_pdf(l->ds, l->table, *levels),
                     download_name(l->period, "xep-hang", form_value(req, "level"), "pdf"), true);
            });

    app.get("/dashboard/leader.pdf", kReaders,
            [&app, sd](const Request& req, Response& res, Ctx& ctx) {
                auto l = load(app, *sd, req, res, ctx);
                if (!l) return;
                auto levels = levels_param(form_value(req, "level"));
                const std::string unit = form_value(req, "unit");
                if (!levels) return app.fail(res, 400, "Cấp không hợp lệ.", &ctx);
                if (!unit.empty() && l->ds.org.unit_index(unit) < 0)
                    return app.fail(res, 404, "Không có đơn vị này trong tệp tổ chức.", &ctx);
                send(res, sd->leader_pdf(l->ds, l->table, *levels, unit),
                     download_name(l->period, "phieu-diem-lanh-dao",
                                   unit.empty() ? form_value(req, "level") : unit, "pdf"),
                     true);
            });
}

}  // namespace vanban::web
