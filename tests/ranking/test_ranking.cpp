// The ranking PDF read back with poppler and compared with `vanban score --json` for the same
// period: every unit exactly once with its rank, total, band and change; header row on every
// page; no row cut or below the bottom margin; "Trang X/Y"; only Liberation Serif embedded;
// communes under their district. Also: tables found by their headings whatever the levels'
// order; one district (--district) and every district at once (--each-district), with the rank
// within the district derived here from score --json; bad district and agency ids; no table
// piece of fewer than 3 rows at a break. One pool for the whole process, each period rendered
// once.
#include <sys/wait.h>
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "model/dataset.hpp"
#include "pdf/finish.hpp"
#include "poppler.hpp"
#include "ranking/ranking.hpp"
#include "scoring/score.hpp"
#include "temp_dir.hpp"
#include "vn/format.hpp"
#include "vn/text.hpp"

namespace fs = std::filesystem;
using namespace vanban;
using namespace vanban::pdf::test;

namespace {

const std::string kSamples = VANBAN_SAMPLES;

std::string score_json_cmd(const std::string& period) {
    return std::string(VANBAN_BIN) + " score --org " + kSamples + "/org.json --targets " +
           kSamples + " --data " + kSamples + " --period " + period + " --json";
}

// `vanban score --json` of a period, run once per period.
const nlohmann::json& score_json(const std::string& period) {
    static std::map<std::string, nlohmann::json> cache;
    auto it = cache.find(period);
    if (it == cache.end())
        it = cache.emplace(period, nlohmann::json::parse(run(score_json_cmd(period)))).first;
    return it->second;
}

struct Rendered {
    fs::path pdf;
    std::string period;
    std::string district;             // "" = the whole province
    std::vector<std::string> levels;  // level ids in document order
    ranking::RankingDocument doc;     // the plan
    std::vector<Word> words;
    const nlohmann::json* score = nullptr;  // vanban score --json
};

pdf::WkhtmlPool& pool() {
    static pdf::WkhtmlPool p;
    return p;
}

TempDir& tmp() {
    static TempDir d;
    return d;
}

model::Dataset dataset(const std::string& period) {
    return model::load_dataset(kSamples + "/org.json", {kSamples}, {kSamples},
                               *model::Period::parse(period));
}

// The plan of `pdf` and what poppler reads in it; `pdf` made by the caller (library or CLI).
std::unique_ptr<Rendered> read_back(const fs::path& pdf, const std::string& period,
                                    const ranking::RankingOptions& ro) {
    auto r = std::make_unique<Rendered>();
    r->pdf = pdf;
    r->period = period;
    r->district = ro.district;
    auto levels = ro.levels;
    if (levels.empty())
        levels =
            ro.district.empty()
                ? std::vector<model::Level>{model::Level::so, model::Level::huyen, model::Level::xa}
                : std::vector<model::Level>{model::Level::xa};
    for (auto l : levels) r->levels.emplace_back(model::level_id(l));
    auto ds = dataset(period);
    auto table = scoring::score_dataset(ds);
    r->doc = ranking::build_document(ds, table, ro);
    r->words = words(pdf);
    r->score = &score_json(period);
    return r;
}

ranking::RankingOptions options(std::vector<model::Level> levels = {}, std::string district = "") {
    ranking::RankingOptions ro;
    ro.templates_root = VANBAN_TEMPLATES;
    ro.levels = std::move(levels);
    ro.district = std::move(district);
    return ro;
}

// The PDF made by the library for a period (all levels unless given), once per process.
const Rendered& rendered(const std::string& period, std::vector<model::Level> levels = {}) {
    static std::map<std::string, std::unique_ptr<Rendered>> cache;
    std::string key = period;
    for (auto l : levels) key += "-" + std::string(model::level_id(l));
    auto& slot = cache[key];
    if (slot) return *slot;
    auto ds = dataset(period);
    auto table = scoring::score_dataset(ds);
    const auto ro = options(levels);
    static pdf::PageNumberStamps stamps(pool());
    const fs::path pdf = tmp().path / ("xep-hang-" + key + ".pdf");
    ranking::make_ranking_pdf(ds, table, ro, pool(), stamps, pdf);
    slot = read_back(pdf, period, ro);
    return *slot;
}

bool is_rank(const std::string& s) {
    if (s == "—") return true;
    std::size_t n = 0;
    while (n < s.size() && std::isdigit(static_cast<unsigned char>(s[n]))) ++n;
    return n > 0 && (n == s.size() || (n + 1 == s.size() && s[n] == '='));
}
bool is_total(const std::string& s) {
    auto c = s.find(',');
    return c != std::string::npos && c > 0 && s.size() == c + 3 &&
           s.find_first_not_of("0123456789,") == std::string::npos;
}

struct Row {
    int page = 0;
    double y = 0;
    std::string level;  // from the section heading above the row: so, huyen, xa
    std::string rank, name, rank2, total, band, change, group;
    // A commune row has its district's heading, or the "(tiếp theo)" repeat of it, above it on
    // its own page.
    bool headed = false;
    std::string missing = {};  // "Chưa có số liệu quý IV/2023": one cell over rates and total
};

// A section heading of the ranking tables ("II. HUYỆN, THÀNH PHỐ (11 đơn vị)"): its level id,
// "end" for the summary, or "" when the line is no section heading.
std::string section_of(const std::string& line) {
    const auto dot = line.find(". ");
    if (dot == std::string::npos || dot == 0 ||
        line.substr(0, dot).find_first_not_of("IVXL") != std::string::npos)
        return "";
    const std::string rest = line.substr(dot + 2);
    if (rest.rfind("TỔNG HỢP", 0) == 0) return "end";
    for (auto l : {model::Level::so, model::Level::huyen, model::Level::xa})
        if (rest.rfind(vn::upper(model::level_name_vi(l)) + " (", 0) == 0)
            return std::string(model::level_id(l));
    return "";
}

// The rows of the ranking tables, found by their section headings (whatever the order of the
// levels, whether communes are grouped or not), split into cells by the gaps between words.
// Stops at the summary. `sections` receives the level ids in the order of the headings.
std::vector<Row> table_rows(std::vector<Word> ws, double left_pt,
                            std::vector<std::string>* groups = nullptr,
                            std::vector<std::string>* sections = nullptr) {
    // poppler lists words block by block (often column by column): order them by line.
    std::stable_sort(ws.begin(), ws.end(), [](const Word& a, const Word& b) {
        if (a.page != b.page) return a.page < b.page;
        if (std::abs(a.y_min - b.y_min) >= 1.0) return a.y_min < b.y_min;
        return a.x_min < b.x_min;
    });
    std::vector<std::vector<Word>> lines;
    for (const auto& w : ws) {
        if (!lines.empty() && lines.back().front().page == w.page &&
            std::abs(lines.back().front().y_min - w.y_min) < 1.0)
            lines.back().push_back(w);
        else
            lines.push_back({w});
    }
    std::vector<Row> rows;
    std::string level, group;
    int headed_page = 0;
    for (auto& l : lines) {
        std::sort(l.begin(), l.end(), [](auto& a, auto& b) { return a.x_min < b.x_min; });
        std::vector<std::string> cells;
        for (std::size_t i = 0; i < l.size(); ++i) {
            if (i > 0 && l[i].x_min - l[i - 1].x_max < 5.0)
                cells.back() += " " + l[i].text;
            else
                cells.push_back(l[i].text);
        }
        const std::string& joined = cells.front();
        if (l.front().x_min > left_pt + 12 * 72 / 25.4) continue;
        if (const std::string sec = section_of(joined); !sec.empty()) {
            if (sec == "end") break;
            level = sec;
            group.clear();
            if (sections) sections->push_back(sec);
            continue;
        }
        if (level.empty()) continue;  // the document's head
        if (level == "xa" && joined.size() > 9 && joined.find("đơn vị)") != std::string::npos &&
            joined.find('.') == std::string::npos) {
            group = joined.substr(0, joined.rfind(" ("));
            if (groups) groups->push_back(group);
            headed_page = l.front().page;
            continue;
        }
        const std::string more = " (tiếp theo)";
        if (level == "xa" && joined.size() > more.size() &&
            joined.compare(joined.size() - more.size(), more.size(), more) == 0) {
            // The repeat names the district the page goes on with.
            CHECK(joined.substr(0, joined.size() - more.size()) == group);
            headed_page = l.front().page;
            continue;
        }
        if (!is_rank(cells[0]) || cells.size() < 4) continue;
        Row r{l.front().page,
              l.front().y_min,
              level,
              cells[0],
              cells[1],
              "",
              "",
              "",
              "",
              group,
              headed_page == l.front().page};
        std::size_t first_rate = 2;
        if (level == "xa" && is_rank(cells[2])) r.rank2 = cells[first_rate++];
        for (std::size_t i = first_rate; i < cells.size(); ++i) {
            // "— 100,00": a cell that ends in the total (a "—" rate stands close to it)
            std::string c = cells[i];
            auto sp = c.rfind(' ');
            std::string last = sp == std::string::npos ? c : c.substr(sp + 1);
            if (c.rfind("Chưa có số liệu", 0) == 0) {
                // It ends in ", chưa xếp hạng"; the band cell stays empty, the change (the
                // previous rank) may follow.
                r.missing = c;
                r.total = "—";
                if (i + 1 < cells.size()) r.change = cells[i + 1];
                break;
            }
            if (is_total(last) ||
                (c == "—" && i + 2 < cells.size() && cells[i + 1].size() > 3 &&
                 !is_total(cells[i + 1]) && cells[i + 1].find('%') == std::string::npos)) {
                r.total = is_total(last) ? last : "—";
                if (i + 1 < cells.size()) r.band = cells[i + 1];
                if (i + 2 < cells.size()) r.change = cells[i + 2];
                break;
            }
        }
        rows.push_back(r);
    }
    return rows;
}

std::string change_text(int c) {
    if (c > 0) return "▲ " + std::to_string(c);
    if (c < 0) return "▼ " + std::to_string(-c);
    return "—";
}

std::string expected_change(const nlohmann::json& u) {
    if (u["rank_change"].is_null() || u["rank"].is_null()) return "";
    return change_text(u["rank_change"].get<int>());
}

// Ranks within each district derived here from score --json's totals (1 + communes of the
// same district with a higher total), independently of scoring's rank_in_district.
std::map<std::string, int> district_ranks(const nlohmann::json& score) {
    std::map<std::string, int> out;
    for (const auto& u : score["units"]) {
        if (u["level"] != "xa" || u["total"].is_null()) continue;
        int higher = 0;
        for (const auto& o : score["units"])
            if (o["level"] == "xa" && o["district"] == u["district"] && !o["total"].is_null() &&
                o["total"].get<double>() > u["total"].get<double>())
                ++higher;
        out[u["id"]] = 1 + higher;
    }
    return out;
}

// No table is left with fewer than 3 rows on a page when it goes on over a page break (the
// chart used to carry a single bar over), no footnote opens a page: checked on the plan, which the
// PDF follows page for page (same page count, rows on the planned pages).
void check_breaks(const ranking::RankingDocument& doc) {
    const auto& pages = doc.context["pages"];
    auto units = [](const nlohmann::ordered_json& b) {
        int n = 0;
        for (const auto& r : b["rows"]) n += r["kind"] == "unit" ? 1 : 0;
        return n;
    };
    for (std::size_t p = 0; p < pages.size(); ++p) {
        const auto& blocks = pages[p]["blocks"];
        // A table's footnotes are on the page of its last rows, never opening a page.
        if (!blocks.empty()) CHECK(blocks[0]["kind"] != "note");
        for (std::size_t k = 0; k < blocks.size(); ++k) {
            if (blocks[k]["kind"] != "table") continue;
            const bool continued = k == 0 && p > 0 && !pages[p - 1]["blocks"].empty() &&
                                   pages[p - 1]["blocks"].back()["kind"] == "table";
            const bool goes_on = k + 1 == blocks.size() && p + 1 < pages.size() &&
                                 !pages[p + 1]["blocks"].empty() &&
                                 pages[p + 1]["blocks"][0]["kind"] == "table";
            INFO("page " << p + 1 << ", block " << k);
            if (continued || goes_on) CHECK(units(blocks[k]) >= 3);
            // A table never starts at the foot of a page without rows, nor without its heading.
            CHECK(units(blocks[k]) >= 1);
            if (!continued) CHECK(k > 0);
        }
    }
}

// The rendered ranking against score --json: the layout as planned, Trang X/Y, fonts, and
// every expected unit exactly once with its ranks, total, band and change.
void check_document(const Rendered& r) {
    INFO("period " << r.period << ", district '" << r.district << "', PDF " << r.pdf);
    const int pages = std::stoi(info(r.pdf, "Pages"));
    // The layout vanban planned is the layout wkhtmltopdf made: no page overflowed.
    CHECK(pages == r.doc.page_count);
    CHECK(foreign_fonts(r.pdf).empty());
    check_breaks(r.doc);
    const auto [pw, ph] = page_size(r.pdf, 1);
    (void)pw;
    const double left = 30 * 72 / 25.4, bottom_limit = ph - 20 * 72 / 25.4;
    // Trang X/Y on every page, in the top margin; nothing below the bottom margin.
    for (int p = 1; p <= pages; ++p) {
        bool label = false;
        for (std::size_t i = 0; i + 1 < r.words.size(); ++i) {
            const auto& w = r.words[i];
            if (w.page != p) continue;
            CHECK(w.y_max <= bottom_limit + 0.5);
            if (w.text == "Trang" &&
                r.words[i + 1].text == std::to_string(p) + "/" + std::to_string(pages) &&
                w.y_max < 20 * 72 / 25.4)
                label = true;
        }
        INFO("page " << p);
        CHECK(label);
    }

    std::vector<std::string> sections;
    const auto rows = table_rows(r.words, left, nullptr, &sections);
    CHECK(sections == r.levels);
    const nlohmann::json& score = *r.score;
    const bool in_district = !r.district.empty();
    // Every expected unit exactly once, with score's ranks, total, band and change.
    std::map<std::string, std::vector<const nlohmann::json*>> expected;
    std::map<std::pair<std::string, int>, int> rank_count, district_rank_count;
    std::map<std::string, std::string> unit_name;
    for (const auto& u : score["units"]) unit_name[u["id"]] = u["name"];
    // Commune names repeat across districts: a unit is its level, name and district heading.
    auto key = [&](const std::string& level, const std::string& name, const std::string& group) {
        return level + " | " + name + " | " + group;
    };
    const auto derived = district_ranks(score);
    std::size_t n_expected = 0;
    for (const auto& u : score["units"]) {
        if (!u["rank"].is_null()) {
            ++rank_count[{u["level"], u["rank"].get<int>()}];
            if (u["level"] == "xa")
                ++district_rank_count[{u["district"], u["rank_in_district"].get<int>()}];
        }
        const std::string level = u["level"];
        if (std::find(r.levels.begin(), r.levels.end(), level) == r.levels.end()) continue;
        if (in_district && u["district"] != r.district) continue;
        const std::string group =
            level == "xa" && !in_district ? unit_name[u["district"]] : std::string();
        expected[key(level, u["name"], group)].push_back(&u);
        ++n_expected;
    }
    // The previous period's ranks within districts, for a district document's change column.
    std::map<std::string, int> previous_in_district;
    if (in_district && !score["previous_period"].is_null())
        for (const auto& u : score_json(score["previous_period"])["units"])
            if (u["level"] == "xa" && !u["rank_in_district"].is_null())
                previous_in_district[u["id"]] = u["rank_in_district"];
    REQUIRE(rows.size() == n_expected);
    std::map<std::string, int> seen;
    for (const auto& row : rows) {
        INFO("row '" << row.name << "' page " << row.page);
        const std::string k = key(row.level, row.name, row.group);
        if (row.level == "xa" && !in_district) CHECK(row.headed);
        auto it = expected.find(k);
        REQUIRE(it != expected.end());
        REQUIRE(seen[k] < int(it->second.size()));
        const auto& u = *it->second[static_cast<std::size_t>(seen[k]++)];
        if (u["rank"].is_null()) {
            CHECK(row.rank == "—");
            CHECK(row.total == "—");
            // Absent from a quarter's file: no rate, no total, but the quarters it lacks.
            std::string lacks;
            for (const auto& q : u["missing_quarters"])
                lacks += (lacks.empty() ? "" : ", ") +
                         model::Period::parse(q.get<std::string>())->label_vi();
            CHECK(row.missing ==
                  (lacks.empty() ? std::string() : "Chưa có số liệu " + lacks + ", chưa xếp hạng"));
            if (lacks.empty()) CHECK(row.band == "Chưa xếp hạng");
            // Its previous rank is shown all the same, in parentheses.
            if (!score["previous_period"].is_null() && !in_district)
                CHECK(row.change ==
                      (u["previous_rank"].is_null()
                           ? std::string()
                           : "(" + std::to_string(u["previous_rank"].get<int>()) + ")"));
            continue;
        }
        const int rank = u["rank"];
        const std::string province_rank =
            std::to_string(rank) + (rank_count[{u["level"], rank}] > 1 ? "=" : "");
        std::string in_district_rank;
        if (u["level"] == "xa") {
            const int rd = u["rank_in_district"];
            CHECK(rd == derived.at(u["id"]));
            in_district_rank =
                std::to_string(rd) + (district_rank_count[{u["district"], rd}] > 1 ? "=" : "");
        }
        CHECK(row.rank == (in_district ? in_district_rank : province_rank));
        if (u["level"] == "xa")
            CHECK(row.rank2 == (in_district ? province_rank : in_district_rank));
        CHECK(row.total == vn::number(u["total"].get<double>(), 2));
        CHECK(row.band == u["band"].get<std::string>());
        if (score["previous_period"].is_null()) continue;
        if (!in_district) {
            CHECK(row.change == expected_change(u));
        } else {
            auto prev = previous_in_district.find(u["id"]);
            CHECK(row.change ==
                  (prev == previous_in_district.end()
                       ? std::string()
                       : change_text(prev->second - u["rank_in_district"].get<int>())));
        }
    }
    // The header row heads every page that holds rows of a ranking table.
    std::set<int> row_pages;
    for (const auto& row : rows) row_pages.insert(row.page);
    for (int p : row_pages) {
        double first_row = 1e9, header = -1;
        for (const auto& row : rows)
            if (row.page == p) first_row = std::min(first_row, row.y);
        for (const auto& w : r.words)
            if (w.page == p && w.text == "Hạng" && w.y_min < first_row && w.x_min < left + 20)
                header = w.y_min;
        INFO("page " << p);
        CHECK(header > 0);
    }
}

void check_period(const std::string& period) {
    check_document(rendered(period));
}

std::string vanban_ranking(const std::string& period, const std::string& rest) {
    return std::string(VANBAN_BIN) + " ranking --org " + kSamples + "/org.json --targets " +
           kSamples + " --data " + kSamples + " --period " + period + " " + rest;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

TEST_CASE("quarter 2024-Q2: every unit once, as vanban score --json says, on whole rows") {
    check_period("2024-Q2");
    const Rendered& r = rendered("2024-Q2");
    const std::string text = vanban::pdf::test::text(r.pdf);
    // Page 1: the agency header, Phụ lục, the title and the dotted reference line.
    CHECK(text.find("ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI") != std::string::npos);
    CHECK(text.find("Phụ lục") != std::string::npos);
    CHECK(text.find("QUÝ II/2024") != std::string::npos);
    CHECK(text.find("(Kèm theo … số …/… ngày …)") != std::string::npos);
    // Marks and their footnotes occur in the sample: shared ranks, không phát sinh, changes.
    CHECK(text.find("1=") != std::string::npos);
    CHECK(text.find("không phát sinh") != std::string::npos);
    CHECK(text.find("đồng hạng") != std::string::npos);
    CHECK(text.find("▲") != std::string::npos);
    CHECK(text.find("▼") != std::string::npos);
    CHECK(text.find("TỔNG HỢP") != std::string::npos);
    CHECK(text.find("BIỂU ĐỒ TỔNG ĐIỂM") != std::string::npos);
    // 170 communes under 11 districts.
    std::vector<std::string> groups;
    auto [pw, ph] = page_size(r.pdf, 1);
    (void)ph;
    CHECK(pw > 800);  // landscape: the columns need it
    table_rows(r.words, 30 * 72 / 25.4, &groups);
    CHECK(groups.size() == 11);
}

TEST_CASE("six months 2024-6T") {
    check_period("2024-6T");
}
TEST_CASE("nine months 2024-9T") {
    check_period("2024-9T");
}
TEST_CASE("year 2024") {
    check_period("2024");
}

TEST_CASE("the reference line comes from the options") {
    auto ds = model::load_dataset(kSamples + "/org.json", {kSamples}, {kSamples},
                                  *model::Period::parse("2024-Q2"));
    auto table = scoring::score_dataset(ds);
    ranking::RankingOptions ro;
    ro.templates_root = VANBAN_TEMPLATES;
    ro.levels = {model::Level::huyen};
    ro.reference =
        "(Kèm theo Thông báo số 12/TB-UBND ngày 05/7/2024 của Ủy ban nhân dân tỉnh Đồng Nai)";
    auto parts = ranking::ranking_appendix_parts(ds, table, ro);
    REQUIRE(parts.size() == 1);
    CHECK(parts[0].html.find("12/TB-UBND ngày 05/7/2024") != std::string::npos);
    ro.electronic = true;
    parts = ranking::ranking_appendix_parts(ds, table, ro);
    CHECK(parts[0].html.find("(Kèm theo … số …/… ngày …)") != std::string::npos);
}

TEST_CASE("bad input: scoring's message and no PDF left behind") {
    TempDir dir;
    for (const auto& e : fs::directory_iterator(kSamples))
        fs::copy_file(e.path(), dir.path / e.path().filename());
    // A count above its denominator in the quarter's file.
    const fs::path bad = dir.path / "du-lieu-2024-Q2.json";
    std::string text;
    {
        std::ifstream in(bad);
        text.assign(std::istreambuf_iterator<char>(in), {});
    }
    auto pos = text.find("\"numerator\"");
    REQUIRE(pos != std::string::npos);
    auto colon = text.find(':', pos);
    auto end = text.find_first_of(",}", colon);
    text.replace(colon + 1, end - colon - 1, " 99999999");
    std::ofstream(bad) << text;
    const fs::path out = dir.path / "out.pdf";
    const std::string cmd = std::string(VANBAN_BIN) + " ranking --org " +
                            (dir.path / "org.json").string() + " --targets " + dir.path.string() +
                            " --data " + dir.path.string() + " --period 2024-Q2 -o " +
                            out.string() + " 2>" + (dir.path / "err.txt").string();
    CHECK(std::system(cmd.c_str()) != 0);
    std::ifstream err(dir.path / "err.txt");
    std::string msg((std::istreambuf_iterator<char>(err)), {});
    CHECK(msg.find("du-lieu-2024-Q2.json") != std::string::npos);
    CHECK(!fs::exists(out));
}

TEST_CASE("levels in any order: xã first, then sở, each table found by its heading") {
    const Rendered& r = rendered("2024-Q2", {model::Level::xa, model::Level::so});
    check_document(r);
    std::vector<std::string> groups;
    table_rows(r.words, 30 * 72 / 25.4, &groups);
    CHECK(groups.size() == 11);  // sở rows after the communes carry no district
}

TEST_CASE("one district (--district): only its communes, rank in district then provincial rank") {
    const fs::path pdf = tmp().path / "xep-hang-xa-bien-hoa.pdf";
    run(vanban_ranking("2024-Q2", "--district bien-hoa -o " + pdf.string()));
    const auto r = read_back(pdf, "2024-Q2", options({}, "bien-hoa"));
    check_document(*r);
    const std::string text = vanban::pdf::test::text(pdf);
    CHECK(text.find("CÁC XÃ, PHƯỜNG, THỊ TRẤN") != std::string::npos);
    CHECK(text.find("THUỘC THÀNH PHỐ BIÊN HÒA QUÝ II/2024") != std::string::npos);
    CHECK(text.find("Hạng") != std::string::npos);
    CHECK(text.find("toàn") != std::string::npos);  // "Hạng toàn tỉnh", wrapped in its header
    CHECK(text.find("Thay đổi hạng trong huyện so với quý I/2024") != std::string::npos);
    CHECK(text.find("SỞ, BAN, NGÀNH") == std::string::npos);
    CHECK(info(pdf, "Title") ==
          "Bảng xếp hạng chỉ số cải cách hành chính các xã, phường, thị trấn thuộc Thành phố Biên "
          "Hòa quý II/2024");
    // Summary and chart of that district alone: 30 communes (score --json says so too).
    int communes = 0;
    for (const auto& u : score_json("2024-Q2")["units"]) communes += u["district"] == "bien-hoa";
    CHECK(text.find("(" + std::to_string(communes) + " đơn vị)") != std::string::npos);
    CHECK(text.find("/" + std::to_string(communes) + " đơn vị)") != std::string::npos);
}

TEST_CASE(
    "every district at once (--each-district): 11 PDFs, together the 170 communes, each once") {
    const fs::path dir = tmp().path / "each";
    const std::string out =
        run(vanban_ranking("2024", "--each-district " + dir.string() + " --jobs 2"));
    const auto& score = score_json("2024");
    std::vector<std::string> districts;
    std::size_t communes = 0;
    for (const auto& u : score["units"]) {
        if (u["level"] == "huyen") districts.push_back(u["id"]);
        communes += u["level"] == "xa";
    }
    REQUIRE(districts.size() == 11);
    REQUIRE(communes == 170);
    std::set<std::string> files;
    for (const auto& e : fs::directory_iterator(dir)) files.insert(e.path().filename().string());
    CHECK(files.size() == 11);        // nothing else: no temporary file left
    std::map<std::string, int> seen;  // commune "name | district" -> times
    for (const auto& d : districts) {
        const std::string name = "xep-hang-xa-" + d + "-nam-2024.pdf";
        INFO(name);
        REQUIRE(files.count(name) == 1);
        CHECK(out.find(name) != std::string::npos);  // listed on stdout
        const auto r = read_back(dir / name, "2024", options({}, d));
        check_document(*r);
        for (const auto& row : table_rows(r->words, 30 * 72 / 25.4)) ++seen[row.name + " | " + d];
    }
    CHECK(seen.size() == 170);
    for (const auto& u : score["units"])
        if (u["level"] == "xa")
            CHECK(seen[u["name"].get<std::string>() + " | " + u["district"].get<std::string>()] ==
                  1);
}

TEST_CASE("a bad district: a message naming org.json and what was expected, and no PDF") {
    TempDir dir;
    const fs::path out = dir.path / "out.pdf", err = dir.path / "err.txt";
    struct Case {
        std::string args;
        int code;
        std::string says;
    };
    const Case cases[] = {
        {"--district khong-co -o " + out.string(), 1, "không có đơn vị \"khong-co\""},
        // A commune and a department are not districts.
        {"--district bien-hoa-phuong-buu-long -o " + out.string(), 1, "thuộc cấp xã, phường"},
        {"--district syt -o " + out.string(), 1, "thuộc cấp sở, ban, ngành"},
        {"--each-district " + (dir.path / "each").string() + " --level huyen", 2, "chỉ có cấp xa"},
        {"--district bien-hoa --level so -o " + out.string(), 2, "chỉ có cấp xa"},
        {"--district bien-hoa --each-district " + (dir.path / "each").string(), 2,
         "không dùng cùng nhau"},
        {"--agency khong-co -o " + out.string(), 1, "không có cơ quan \"khong-co\""},
    };
    for (const auto& c : cases) {
        INFO(c.args);
        const int rc =
            std::system((vanban_ranking("2024-Q2", c.args) + " 2>" + err.string()).c_str());
        REQUIRE(WIFEXITED(rc));
        CHECK(WEXITSTATUS(rc) == c.code);
        const std::string msg = slurp(err);
        CHECK(msg.find(c.says) != std::string::npos);
        if (c.code == 1) {
            CHECK(msg.find("org.json") != std::string::npos);
            CHECK(msg.find(c.args.find("--agency") == 0 ? "/agencies" : "/units") !=
                  std::string::npos);
        }
        CHECK(!fs::exists(out));
        CHECK(!fs::exists(dir.path / "each"));
    }
    // What a district must be, with the ids to choose from.
    std::system(
        (vanban_ranking("2024-Q2", "--district syt -o " + out.string()) + " 2>" + err.string())
            .c_str());
    CHECK(slurp(err).find("cấp huyện") != std::string::npos);
    CHECK(slurp(err).find("bien-hoa") != std::string::npos);
}

TEST_CASE("the issuing agency of the header comes from --agency") {
    const fs::path pdf = tmp().path / "agency.pdf";
    run(vanban_ranking("2024-Q2", "--level huyen --agency snv -o " + pdf.string()));
    const auto& org = dataset("2024-Q2").org;
    const auto* snv = org.find_agency("snv");
    REQUIRE(snv != nullptr);
    const std::string text = vanban::pdf::test::text(pdf);
    CHECK(text.find(vn::upper(snv->issuer_header)) != std::string::npos);
    CHECK(text.find(vn::upper(org.agencies.front().issuer_header)) == std::string::npos);
}

namespace {

// pdftotext's layout text with every run of white space made one space (notes wrap).
std::string flat_text(const fs::path& pdf) {
    std::string out;
    for (char ch : vanban::pdf::test::text(pdf)) {
        const bool space = ch == ' ' || ch == '\n' || ch == '\f' || ch == '\t';
        if (space && (out.empty() || out.back() == ' ')) continue;
        out += space ? ' ' : ch;
    }
    return out;
}

}  // namespace

TEST_CASE("a commune absent from the 2023-Q4 file: chưa có số liệu, listed, not ranked") {
    for (const char* period : {"2023-Q4", "2023"}) {
        INFO(period);
        check_period(period);
        const std::string text = flat_text(rendered(period).pdf);
        CHECK(text.find("Chưa có số liệu (đơn vị chưa báo cáo, không có trong tệp số liệu của "
                        "quý): Xã Đại Phước (Huyện Nhơn Trạch): quý IV/2023.") !=
              std::string::npos);
        CHECK(text.find("Chưa có số liệu quý IV/2023") != std::string::npos);
    }
    // Quý IV shows its quý III rank: (162) in the change column (checked by check_document).
    const auto& q4 = score_json("2023-Q4");
    bool shown = false;
    for (const auto& u : q4["units"])
        if (u["id"] == "nhon-trach-xa-dai-phuoc") shown = !u["previous_rank"].is_null();
    CHECK(shown);
}

TEST_CASE("no comparison with the previous period: the PDF says why") {
    check_period("2023-Q1");
    const std::string text = flat_text(rendered("2023-Q1").pdf);
    CHECK(text.find("Không so sánh với kỳ trước (không có cột thay đổi hạng): không có bộ chỉ "
                    "tiêu năm 2022.") != std::string::npos);
    CHECK(text.find("Thay đổi hạng") == std::string::npos);
    CHECK(flat_text(rendered("2024-Q2").pdf).find("Không so sánh") == std::string::npos);
}

TEST_CASE("communes of the same name show their district in the chart and the lists") {
    const auto org = model::load_organisation(kSamples + "/org.json");
    const std::string text = flat_text(rendered("2024-Q2").pdf);
    const auto& score = score_json("2024-Q2");
    int pairs = 0;
    for (std::size_t i = 0; i < org.units.size(); ++i)
        for (std::size_t j = i + 1; j < org.units.size(); ++j) {
            const auto &a = org.units[i], &b = org.units[j];
            if (a.level != b.level || a.name != b.name) continue;
            ++pairs;
            for (const auto* u : {&a, &b}) {
                const std::string full =
                    u->name + " (" + org.units[static_cast<std::size_t>(u->district_index)].name +
                    ")";
                INFO(full);
                bool ranked = false;
                for (const auto& s : score["units"])
                    if (s["id"] == u->id) ranked = !s["rank"].is_null();
                // Its bar in the chart (every ranked unit has one).
                if (ranked) CHECK(text.find(full + " ") != std::string::npos);
            }
        }
    CHECK(pairs == 2);
    // A name that is unique stands alone.
    CHECK(text.find("Xã Đại Phước (") == std::string::npos);
}

TEST_CASE("a change across two different methods is marked, naming both") {
    check_period("2024-Q1");
    const std::string text = flat_text(rendered("2024-Q1").pdf);
    CHECK(text.find("(*) Kỳ này (quý I/2024) chấm theo bộ chỉ tiêu năm 2024 (Quyết định "
                    "194/QĐ-UBND") != std::string::npos);
    CHECK(text.find("kỳ trước (quý IV/2023) chấm theo bộ chỉ tiêu năm 2023 (Chỉ thị "
                    "02/CT-UBND") != std::string::npos);
    CHECK(text.find("thay đổi hạng không phản ánh tiến bộ hay sụt giảm") != std::string::npos);
    CHECK(flat_text(rendered("2024-Q2").pdf).find("(*)") == std::string::npos);
}
