#include "web/score_data.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>

#include <nlohmann/json.hpp>

#include "intake/form_writer.hpp"
#include "leader/leader.hpp"
#include "model/indicator_data.hpp"
#include "model/json_source.hpp"
#include "pdf/atomic_file.hpp"
#include "pdf/finish.hpp"
#include "pdf/wkhtml_pool.hpp"
#include "ranking/ranking.hpp"
#include "web/app.hpp"
#include "web/scratch_dir.hpp"
#include "web/security.hpp"
#include "xlsx/scorecard.hpp"

namespace vanban::web {

namespace fs = std::filesystem;

namespace {

constexpr const char* kPendingPrefix = "cho-luu-";

std::string hash_of(const fs::path& p) {
    std::error_code ec;
    if (!fs::is_regular_file(p, ec)) return "";
    return sha256_hex(pdf::read_file(p));
}

bool is_token(const std::string& t) {
    return t.size() == 32 && std::all_of(t.begin(), t.end(), [](char c) {
               return std::isxdigit(static_cast<unsigned char>(c)) &&
                      !std::isupper(static_cast<unsigned char>(c));
           });
}

}  // namespace

std::optional<std::vector<model::Level>> levels_param(const std::string& value) {
    if (value.empty())
        return std::vector<model::Level>{model::Level::so, model::Level::huyen, model::Level::xa};
    auto l = model::parse_level(value);
    if (!l) return std::nullopt;
    return std::vector<model::Level>{*l};
}

ScoreData::ScoreData(const ServeOptions& o, pdf::WkhtmlPool& pool, pdf::PageNumberStamps& stamps)
    : dir_(o.data_dir / "so-lieu"),
      org_file_(o.org_file.empty() ? o.data_dir / "org.json" : o.org_file),
      tmp_dir_(o.data_dir / "tmp"),
      templates_(o.templates),
      pool_(pool),
      stamps_(stamps) {
    fs::create_directories(dir_);
    fs::create_directories(tmp_dir_);
}

ScoreData::~ScoreData() = default;

std::string ScoreData::hide_paths(std::string m) const {
    auto replace_all = [&m](const std::string& from, const std::string& to) {
        if (from.empty()) return;
        for (std::size_t pos = 0; (pos = m.find(from, pos)) != std::string::npos; pos += to.size())
            m.replace(pos, from.size(), to);
    };
    replace_all(org_file_.string(), org_file_.filename().string());
    replace_all((dir_ / "").string(), "so-lieu/");
    replace_all((tmp_dir_ / "").string(), "");
    return m;
}

std::vector<model::Quarter> ScoreData::quarters() const {
    std::vector<model::Quarter> out;
    for (const auto& e : fs::directory_iterator(dir_))
        if (auto q = model::quarter_from_file_name(e.path().filename().string())) out.push_back(*q);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<int> ScoreData::target_years() const {
    std::vector<int> out;
    for (const auto& e : fs::directory_iterator(dir_))
        if (auto y = model::year_from_targets_file_name(e.path().filename().string()))
            out.push_back(*y);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<model::Period> ScoreData::periods() const {
    const auto qs = quarters();
    auto has = [&](int y, int q) {
        return std::find(qs.begin(), qs.end(), model::Quarter{y, q}) != qs.end();
    };
    std::vector<model::Period> out;
    std::vector<int> years;
    for (const auto& q : qs)
        if (years.empty() || years.back() != q.year) years.push_back(q.year);
    for (auto y = years.rbegin(); y != years.rend(); ++y) {
        if (has(*y, 1) && has(*y, 2) && has(*y, 3) && has(*y, 4))
            out.push_back(*model::Period::parse(std::to_string(*y)));
        for (int q = 4; q >= 1; --q) {
            if (q == 3 && has(*y, 1) && has(*y, 2) && has(*y, 3))
                out.push_back(*model::Period::parse(std::to_string(*y) + "-9T"));
            if (q == 2 && has(*y, 1) && has(*y, 2))
                out.push_back(*model::Period::parse(std::to_string(*y) + "-6T"));
            if (has(*y, q)) out.push_back(*model::Period::parse(model::Quarter{*y, q}.code()));
        }
    }
    return out;
}

model::Dataset ScoreData::load(const model::Period& period) const {
    return model::load_dataset(org_file_.string(), {dir_.string()}, {dir_.string()}, period);
}

model::Dataset ScoreData::load_preview(const PendingUpload& p) const {
    const ScratchDir scratch(tmp_dir_, "xem-truoc-diem-");
    const fs::path& dir = scratch.path();
    const std::string year = std::to_string(p.quarter.year);
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir_, ec)) {
        const std::string name = e.path().filename().string();
        const bool same_year =
            name == "chi-tieu-" + year + ".json" || name.rfind("du-lieu-" + year + "-Q", 0) == 0;
        if (same_year && name != model::data_file_name(p.quarter))
            fs::copy_file(e.path(), dir / name);
    }
    pdf::write_file_atomically(dir / model::data_file_name(p.quarter), p.json);
    const auto period = model::Period::parse(p.quarter.code());
    if (!period) throw std::runtime_error("kỳ không hợp lệ: " + p.quarter.code());
    return model::load_dataset(org_file_.string(), {dir.string()}, {dir.string()}, *period);
}

model::Organisation ScoreData::load_org() const {
    return model::load_organisation(org_file_.string());
}

model::Method ScoreData::load_method(int year) const {
    const fs::path f = targets_file(year).path;
    if (!fs::exists(f))
        throw model::InputError(f.filename().string(), "", 0, 0,
                                "chưa có bộ chỉ tiêu năm " + std::to_string(year) +
                                    ": quản trị cần tải lên tệp chi-tieu-" + std::to_string(year) +
                                    ".json trước");
    return model::load_method(f.string());
}

StoredFile ScoreData::quarter_file(const model::Quarter& q) const {
    const fs::path p = dir_ / model::data_file_name(q);
    return {p, hash_of(p)};
}

StoredFile ScoreData::targets_file(int year) const {
    const fs::path p = dir_ / ("chi-tieu-" + std::to_string(year) + ".json");
    return {p, hash_of(p)};
}

StoredFile ScoreData::org_stored() const {
    return {org_file_, hash_of(org_file_)};
}

std::string ScoreData::replace(const fs::path& target, const std::string& bytes) {
    std::lock_guard lock(write_mutex_);
    const std::string before = hash_of(target);
    pdf::write_file_atomically(target, bytes);
    return before;
}

std::string ScoreData::put_pending(const PendingUpload& p) {
    const std::string token = random_hex(16);
    nlohmann::json j{{"user", p.user_id},
                     {"period", p.quarter.code()},
                     {"source", p.source},
                     {"units", p.units},
                     {"json", p.json}};
    pdf::write_file_atomically(tmp_dir_ / (kPendingPrefix + token + ".json"), j.dump(), 0600);
    return token;
}

std::optional<PendingUpload> ScoreData::take_pending(const std::string& token, std::int64_t user_id,
                                                     bool remove) {
    if (!is_token(token)) return std::nullopt;
    const fs::path f = tmp_dir_ / (kPendingPrefix + token + ".json");
    std::lock_guard lock(write_mutex_);
    std::error_code ec;
    if (!fs::is_regular_file(f, ec)) return std::nullopt;
    try {
        const auto j = nlohmann::json::parse(pdf::read_file(f));
        if (j.at("user").get<std::int64_t>() != user_id) return std::nullopt;
        auto period = model::Period::parse(j.at("period").get<std::string>());
        if (!period || period->kind != model::PeriodKind::quarter) return std::nullopt;
        PendingUpload p;
        p.user_id = user_id;
        p.quarter = {period->year, period->quarter};
        p.source = j.at("source").get<std::string>();
        p.units = j.at("units").get<std::size_t>();
        p.json = j.at("json").get<std::string>();
        if (remove) fs::remove(f, ec);
        return p;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

fs::path ScoreData::temp_name(const std::string& ext) const {
    return tmp_dir_ / ("tai-ve-" + random_hex(8) + "." + ext);
}

namespace {

// Runs `make(path)` on a private temporary name and returns the file's bytes.
template <class F>
std::string made(const fs::path& out, F&& make) {
    struct Remove {
        fs::path p;
        ~Remove() {
            std::error_code ec;
            fs::remove(p, ec);
        }
    } guard{out};
    make(out);
    return pdf::read_file(out);
}

}  // namespace

std::string ScoreData::scorecard_xlsx(const model::Dataset& ds, const scoring::ScoreTable& t,
                                      const std::vector<model::Level>& levels) {
    xlsx::ScorecardOptions o;
    o.levels = levels;
    return made(temp_name("xlsx"), [&](const fs::path& p) { xlsx::write_scorecard(ds, t, o, p); });
}

std::string ScoreData::ranking_pdf(const model::Dataset& ds, const scoring::ScoreTable& t,
                                   const std::vector<model::Level>& levels) {
    ranking::RankingOptions o;
    o.levels = levels;
    o.templates_root = templates_;
    return made(temp_name("pdf"), [&](const fs::path& out) {
        ranking::make_ranking_pdf(ds, t, o, pool_, stamps_, out);
    });
}

std::string ScoreData::leader_pdf(const model::Dataset& ds, const scoring::ScoreTable& t,
                                  const std::vector<model::Level>& levels,
                                  const std::string& unit) {
    leader::LeaderOptions o;
    o.templates_root = templates_;
    if (unit.empty()) o.levels = levels;
    o.unit = unit;
    const auto series = leader::load_series(ds, {dir_.string()});
    return made(temp_name("pdf"), [&](const fs::path& out) {
        leader::make_leader_pdf(ds, t, series, o, pool_, stamps_, out);
    });
}

std::string ScoreData::form_xlsx(const model::Quarter& q) {
    const auto org = load_org();
    const auto method = load_method(q.year);
    intake::FormOptions fo;
    fo.quarter = q;
    return made(temp_name("xlsx"),
                [&](const fs::path& p) { intake::write_form(p.string(), org, method, fo); });
}

}  // namespace vanban::web
