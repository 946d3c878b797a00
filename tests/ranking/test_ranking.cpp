// The ranking PDF read back with poppler and compared with `vanban score --json` for the same
// period: every unit exactly once with its rank, total, band and change; header row on every
// page; no row cut or below the bottom margin; "Trang X/Y"; only Liberation Serif embedded;
// communes under their district. One pool for the whole process, each period rendered once.
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

namespace fs = std::filesystem;
using namespace vanban;
using namespace vanban::pdf::test;

namespace {

const std::string kSamples = VANBAN_SAMPLES;

struct Rendered {
    fs::path pdf;
    int planned_pages = 0;
    std::vector<Word> words;
    nlohmann::json score;  // vanban score --json
};

pdf::WkhtmlPool& pool() {
    static pdf::WkhtmlPool p;
    return p;
}

TempDir& tmp() {
    static TempDir d;
    return d;
}

const Rendered& rendered(const std::string& period) {
    static std::map<std::string, std::unique_ptr<Rendered>> cache;
    auto& slot = cache[period];
    if (slot) return *slot;
    slot = std::make_unique<Rendered>();
    auto ds = model::load_dataset(kSamples + "/org.json", {kSamples}, {kSamples},
                                  *model::Period::parse(period));
    auto table = scoring::score_dataset(ds);
    ranking::RankingOptions ro;
    ro.templates_root = VANBAN_TEMPLATES;
    static pdf::PageNumberStamps stamps(pool());
    slot->pdf = tmp().path / ("xep-hang-" + period + ".pdf");
    ranking::make_ranking_pdf(ds, table, ro, pool(), stamps, slot->pdf);
    slot->planned_pages = ranking::build_document(ds, table, ro).page_count;
    slot->words = words(slot->pdf);
    slot->score = nlohmann::json::parse(run(std::string(VANBAN_BIN) + " score --org " + kSamples +
                                            "/org.json --targets " + kSamples + " --data " +
                                            kSamples + " --period " + period + " --json"));
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
    std::string rank, name, total, band, change, group;
};

// Lines of the ranking tables (until the summary), split into cells by the gaps between words.
std::vector<Row> table_rows(std::vector<Word> ws, double left_pt,
                            std::vector<std::string>* groups = nullptr) {
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
    std::string group;
    for (auto& l : lines) {
        std::sort(l.begin(), l.end(), [](auto& a, auto& b) { return a.x_min < b.x_min; });
        std::vector<std::string> cells;
        for (std::size_t i = 0; i < l.size(); ++i) {
            if (i > 0 && l[i].x_min - l[i - 1].x_max < 5.0)
                cells.back() += " " + l[i].text;
            else
                cells.push_back(l[i].text);
        }
        const std::string joined = cells.front();
        if (joined.find("TỔNG HỢP") != std::string::npos) break;
        if (l.front().x_min > left_pt + 12 * 72 / 25.4) continue;
        if (joined.size() > 9 && joined.find("đơn vị)") != std::string::npos &&
            joined.find('.') == std::string::npos) {
            group = joined.substr(0, joined.rfind(" ("));
            if (groups) groups->push_back(group);
            continue;
        }
        if (!is_rank(cells[0]) || cells.size() < 4) continue;
        Row r{l.front().page, l.front().y_min, cells[0], cells[1], "", "", "", group};
        for (std::size_t i = 2; i < cells.size(); ++i) {
            // "— 100,00": a cell that ends in the total (a "—" rate stands close to it)
            std::string c = cells[i];
            auto sp = c.rfind(' ');
            std::string last = sp == std::string::npos ? c : c.substr(sp + 1);
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

std::string expected_change(const nlohmann::json& u) {
    if (u["rank_change"].is_null() || u["rank"].is_null()) return "";
    const int c = u["rank_change"];
    if (c > 0) return "▲ " + std::to_string(c);
    if (c < 0) return "▼ " + std::to_string(-c);
    return "—";
}

void check_period(const std::string& period) {
    const Rendered& r = rendered(period);
    INFO("period " << period << ", PDF " << r.pdf);
    const int pages = std::stoi(info(r.pdf, "Pages"));
    // The layout vanban planned is the layout wkhtmltopdf made: no page overflowed.
    CHECK(pages == r.planned_pages);
    CHECK(foreign_fonts(r.pdf).empty());
    const auto [pw, ph] = page_size(r.pdf, 1);
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

    std::vector<std::string> groups;
    const auto rows = table_rows(r.words, left, &groups);
    // Every unit exactly once, with score's rank, total, band and change.
    std::map<std::string, std::vector<const nlohmann::json*>> expected;
    std::map<std::pair<std::string, int>, int> rank_count;
    std::map<std::string, std::string> unit_name;
    for (const auto& u : r.score["units"]) unit_name[u["id"]] = u["name"];
    // Commune names repeat across districts: a unit is its name under its group heading.
    auto key = [&](const nlohmann::json& u) {
        return u["name"].get<std::string>() + " | " +
               (u["level"] == "xa" ? unit_name[u["district"]] : std::string());
    };
    for (const auto& u : r.score["units"]) {
        expected[key(u)].push_back(&u);
        if (!u["rank"].is_null()) ++rank_count[{u["level"], u["rank"].get<int>()}];
    }
    REQUIRE(rows.size() == r.score["units"].size());
    std::map<std::string, int> seen;
    for (const auto& row : rows) {
        INFO("row '" << row.name << "' page " << row.page);
        const std::string k = row.name + " | " + row.group;
        auto it = expected.find(k);
        REQUIRE(it != expected.end());
        REQUIRE(seen[k] < int(it->second.size()));
        const auto& u = *it->second[static_cast<std::size_t>(seen[k]++)];
        if (u["rank"].is_null()) {
            CHECK(row.rank == "—");
            CHECK(row.total == "—");
        } else {
            const int rank = u["rank"];
            const bool shared = rank_count[{u["level"], rank}] > 1;
            CHECK(row.rank == std::to_string(rank) + (shared ? "=" : ""));
            CHECK(row.total == vn::number(u["total"].get<double>(), 2));
            CHECK(row.band == u["band"].get<std::string>());
            if (!r.score["previous_period"].is_null()) CHECK(row.change == expected_change(u));
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
