#include "batch/letter_text.hpp"

#include <chrono>
#include <sstream>
#include <stdexcept>

#include "vn/format.hpp"
#include "vn/text.hpp"

namespace vanban::batch {

using J = nlohmann::ordered_json;

namespace {

std::string num2(double v) {
    return vn::number(v, 2);
}

// "Huyện Long Thành" -> "huyện Long Thành" (after "Chủ tịch Ủy ban nhân dân").
std::string lower_first(const std::string& s) {
    std::size_t i = 0;
    if (s.empty()) return s;
    vn::decode_utf8(s, i);
    return vn::lower(s.substr(0, i)) + s.substr(i);
}

// The reply deadline printed in a result letter: 30 days after the letter.
std::string deadline_after(const std::string& iso) {
    const vn::Date d = vn::parse_iso_date(iso);
    using namespace std::chrono;
    const sys_days start = year_month_day{year{d.year}, month{static_cast<unsigned>(d.month)},
                                          day{static_cast<unsigned>(d.day)}};
    const year_month_day e{start + days{30}};
    return vn::date_short(vn::Date{static_cast<int>(e.year()),
                                   static_cast<int>(unsigned(e.month())),
                                   static_cast<int>(unsigned(e.day()))});
}

J period_json(const model::Period& p) {
    return J{{"code", p.code()}, {"label", p.label_vi()}};
}

int ranked_in_level(const scoring::ScoreTable& t, model::Level l) {
    int n = 0;
    for (const auto& r : t.rows) n += r.level == l && r.has_total;
    return n;
}

// Communes ranked within one district (the denominator of "xếp hạng 3/15 trong … thuộc huyện").
int ranked_in_district(const scoring::ScoreTable& t, const model::Organisation& org, int district) {
    int n = 0;
    for (const auto& r : t.rows)
        n += r.level == model::Level::xa && r.has_total &&
             org.units[static_cast<std::size_t>(r.unit)].district_index == district;
    return n;
}

std::string render_body(const tpl::Template& body, const J& ctx) {
    return body.render(tpl::value_from_json(ctx));
}

}  // namespace

std::string document_key(const Job& job, const std::string& period, const std::string& kind,
                         const std::string& unit) {
    std::string k = job.id + "/" + period + "/" + kind;
    if (!unit.empty()) k += "/" + unit;
    return k;
}

void apply_body_lines(const std::string& text, const std::string& template_name, const J& table,
                      J& letter) {
    J body = J::array();
    std::istringstream in(text);
    std::string line;
    int lineno = 0;
    auto fail = [&](const std::string& why) {
        throw std::runtime_error(template_name + ": dòng " + std::to_string(lineno) +
                                 " của kết quả mẫu: " + why);
    };
    while (std::getline(in, line)) {
        ++lineno;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const bool child = line.starts_with("  ");
        const std::size_t start = line.find_first_not_of(' ');
        if (start == std::string::npos) continue;  // blank lines come from template tags
        std::string rest = line.substr(start);
        std::string kind = rest, value;
        if (const auto colon = rest.find(':'); colon != std::string::npos) {
            kind = rest.substr(0, colon);
            value = rest.substr(colon + 1);
            if (!value.empty() && value.front() == ' ') value.erase(0, 1);
        }
        J block;
        if (kind == "kinh_gui") {
            letter["kinh_gui"].push_back(value);
            continue;
        } else if (kind == "trich_yeu") {
            letter["trich_yeu"] = value;
            continue;
        } else if (kind == "bang") {
            block = J{{"table", table}};
        } else if (kind == "p" || kind == "khoan" || kind == "diem" || kind == "dash" ||
                   kind == "plus") {
            if (value.empty()) fail("khối \"" + kind + "\" không có nội dung");
            block = J{{kind, value}};
            if (kind == "khoan") {
                if (child) fail("khoản không thể nằm trong khoản khác (bỏ thụt lề)");
                block["children"] = J::array();
            }
        } else {
            fail("không hiểu \"" + rest.substr(0, 40) +
                 "\" (mong đợi kinh_gui:, trich_yeu:, p:, khoan:, diem:, dash:, plus: hoặc bang)");
        }
        if (child) {
            if (body.empty() || !body.back().contains("khoan"))
                fail("dòng thụt lề phải nằm sau một dòng \"khoan:\"");
            body.back()["children"].push_back(std::move(block));
        } else {
            if (kind == "diem") fail("điểm phải nằm trong một khoản (thụt lề hai dấu cách)");
            body.push_back(std::move(block));
        }
    }
    letter["body"] = std::move(body);
}

J unit_table(const model::Method& m, const scoring::UnitScore& row) {
    J t;
    t["columns"] = J::array({"TT", "Chỉ số", "Kết quả (%)", "Chỉ tiêu (%)", "Đánh giá", "Điểm"});
    J rows = J::array();
    int n = 0;
    for (std::size_t k = 0; k < m.indicators.size(); ++k) {
        const auto& s = row.indicators[k];
        if (!s.applicable) continue;
        rows.push_back(J::array({std::to_string(++n), m.indicators[k].name,
                                 s.scored    ? num2(s.rate)
                                 : s.missing ? "Chưa có số liệu"
                                             : "KPS",
                                 num2(s.target),
                                 s.scored    ? (s.reached ? "Đạt" : "Chưa đạt")
                                 : s.missing ? "Chưa báo cáo"
                                             : "Không chấm",
                                 s.scored ? num2(s.points) + "/" + num2(s.max_points) : "—"}));
    }
    rows.push_back(J::array({"", "Tổng điểm (thang 100)", "", "", row.has_total ? row.band : "—",
                             row.has_total ? num2(row.total) : "—"}));
    t["rows"] = std::move(rows);
    return t;
}

std::string result_letter_json(const tpl::Template& body, const Job& job, const JobPeriod& jp,
                               const model::Dataset& ds, const scoring::ScoreTable& table,
                               const scoring::UnitScore& row) {
    const model::Method& m = *table.method;
    const model::Unit& u = ds.org.units[static_cast<std::size_t>(row.unit)];
    J unit{{"id", u.id},
           {"name", u.name},
           {"name_lower", lower_first(u.name)},
           // Mid-sentence: "huyện Tân Phú", but "Sở Y tế" keeps its capital (a proper name).
           {"name_in_text", u.level == model::Level::so ? u.name : lower_first(u.name)},
           {"level", std::string(model::level_id(u.level))},
           {"level_name", std::string(model::level_name_vi(u.level))},
           {"has_total", row.has_total},
           {"total", row.total},
           {"band", row.band},
           {"rank", row.rank},
           {"ranked", ranked_in_level(table, u.level)},
           {"has_previous", row.has_previous},
           {"previous_rank", row.previous_rank},
           {"rank_change", row.rank_change}};
    // A commune is also ranked among the communes of its district (scoring's rank_in_district);
    // a commune without a district in org.json has no such rank and the letter leaves it out.
    const bool district_rank =
        u.level == model::Level::xa && u.district_index >= 0 && row.has_total;
    unit["has_district_rank"] = district_rank;
    unit["rank_in_district"] = district_rank ? row.rank_in_district : 0;
    unit["ranked_in_district"] =
        district_rank ? ranked_in_district(table, ds.org, u.district_index) : 0;
    unit["district"] =
        u.district_index >= 0
            ? lower_first(ds.org.units[static_cast<std::size_t>(u.district_index)].name)
            : std::string();
    J missing = J::array();
    for (const auto& q : row.missing_quarters) missing.push_back(q.label_vi());
    unit["missing"] = missing;
    J inds = J::array(), missed = J::array();
    for (std::size_t k = 0; k < m.indicators.size(); ++k) {
        const auto& s = row.indicators[k];
        if (!s.applicable) continue;
        const auto& ind = m.indicators[k];
        auto rem = job.letters.remedies.find(ind.id);
        J j{{"id", ind.id},
            {"name", ind.name},
            {"scored", s.scored},
            {"rate", s.rate},
            {"target", s.target},
            {"reached", s.reached},
            {"points", s.points},
            {"max_points", s.max_points},
            {"gap", s.target - s.rate},
            {"remedy", rem == job.letters.remedies.end() ? std::string() : rem->second}};
        if (s.scored && !s.reached) missed.push_back(j);
        inds.push_back(std::move(j));
    }
    J ctx{{"period", period_json(jp.period)},
          {"previous", period_json(table.previous_period)},
          {"date", jp.date},
          {"deadline", deadline_after(jp.date)},
          {"method", J{{"year", m.year}, {"basis", m.basis}}},
          {"unit", unit},
          {"indicators", inds},
          {"missed", missed}};

    J letter;
    letter["id"] = document_key(job, jp.period.code(), "cong-van", u.id);
    letter["agency"] = job.letters.agency;
    if (!job.letters.drafting_unit.empty()) letter["drafting_unit"] = job.letters.drafting_unit;
    letter["type"] = "cong-van";
    letter["date"] = jp.date;
    letter["trich_yeu"] = "";
    letter["kinh_gui"] = J::array();
    apply_body_lines(render_body(body, ctx), body.name(), unit_table(m, row), letter);
    letter["signer"] = job.letters.signer;
    letter["noi_nhan"] = job.letters.noi_nhan;
    letter["luu"] = job.letters.luu;
    return letter.dump(2);
}

std::string notice_json(const tpl::Template& body, const Job& job, const JobPeriod& jp,
                        const model::Dataset& ds, const scoring::ScoreTable& table) {
    const model::Method& m = *table.method;
    J levels = J::array();
    for (int li = 0; li < model::kLevelCount; ++li) {
        const auto l = static_cast<model::Level>(li);
        int ranked = 0;
        std::int64_t sum_h = 0;
        std::string best;
        int best_count = 0;
        std::vector<int> per_band(m.bands.size(), 0);
        for (const auto& r : table.rows) {
            if (r.level != l || !r.has_total) continue;
            ++ranked;
            sum_h += r.total_h;
            for (std::size_t b = 0; b < m.bands.size(); ++b)
                if (m.bands[b].name == r.band) ++per_band[b];
            if (r.rank == 1) {
                ++best_count;
                const auto& u = ds.org.units[static_cast<std::size_t>(r.unit)];
                best += (best.empty() ? "" : ", ") +
                        (u.level == model::Level::so ? u.name : lower_first(u.name));
            }
        }
        if (ranked == 0) continue;
        J bands = J::array();
        for (std::size_t b = 0; b < m.bands.size(); ++b)
            bands.push_back(J{{"name", m.bands[b].name}, {"count", per_band[b]}});
        levels.push_back(J{{"id", std::string(model::level_id(l))},
                           {"name", std::string(model::level_name_vi(l))},
                           {"ranked", ranked},
                           {"average", static_cast<double>(sum_h) / 100.0 / ranked},
                           // A long list of ties reads badly in a letter: only a count.
                           {"best", best_count <= 3 ? best : std::string()},
                           {"best_count", best_count},
                           {"bands", bands}});
    }
    const model::Agency* ag = ds.org.find_agency(job.notice.agency);
    J ctx{{"period", period_json(jp.period)},
          {"date", jp.date},
          {"method", J{{"year", m.year}, {"basis", m.basis}}},
          {"agency", J{{"name", ag ? ag->name : job.notice.agency}}},
          {"levels", levels}};
    J letter;
    letter["id"] = document_key(job, jp.period.code(), "thong-bao");
    letter["agency"] = job.notice.agency;
    if (!job.notice.drafting_unit.empty()) letter["drafting_unit"] = job.notice.drafting_unit;
    letter["type"] = "thong-bao";
    letter["date"] = jp.date;
    letter["trich_yeu"] =
        "Kết quả đánh giá, xếp loại công tác cải cách hành chính " + jp.period.label_vi();
    letter["kinh_gui"] = job.notice.kinh_gui;
    apply_body_lines(render_body(body, ctx), body.name(), J::object(), letter);
    letter["signer"] = job.notice.signer;
    letter["noi_nhan"] = job.notice.noi_nhan;
    letter["luu"] = job.notice.luu;
    return letter.dump(2);
}

}  // namespace vanban::batch
