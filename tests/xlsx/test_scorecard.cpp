// write_scorecard as the batch runner calls it: from several threads at once (same bytes as one
// at a time), and failures that name the output and leave nothing behind.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "../common/temp_dir.hpp"
#include "model/dataset.hpp"
#include "scoring/score.hpp"
#include "xlsx/scorecard.hpp"

namespace fs = std::filesystem;
using vanban::test::TempDir;
using namespace vanban;

namespace {

const std::string kSamples = VANBAN_SAMPLES_DIR;

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

model::Dataset sample(const char* period) {
    return model::load_dataset(kSamples + "/org.json", {kSamples}, {kSamples},
                               *model::Period::parse(period));
}

}  // namespace

TEST_CASE("scorecards written from several threads equal the one written alone") {
    TempDir dir("vanban-scorecard");
    const model::Dataset ds = sample("2024-Q2");
    const scoring::ScoreTable table = scoring::score_dataset(ds);
    xlsx::ScorecardOptions opt;
    xlsx::write_scorecard(ds, table, opt, dir.path / "alone.xlsx");
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i)
        threads.emplace_back([&, i] {
            xlsx::write_scorecard(ds, table, opt, dir.path / ("t" + std::to_string(i) + ".xlsx"));
        });
    for (auto& t : threads) t.join();
    const std::string alone = slurp(dir.path / "alone.xlsx");
    REQUIRE(alone.size() > 10000);
    for (int i = 0; i < 4; ++i)
        CHECK(slurp(dir.path / ("t" + std::to_string(i) + ".xlsx")) == alone);
    CHECK(dir.entries() == 5);
}

TEST_CASE("the report date changes the workbook; the default is the day after the period") {
    CHECK(xlsx::default_report_date(*model::Period::parse("2024-Q2")) == "2024-07-01");
    CHECK(xlsx::default_report_date(*model::Period::parse("2024-9T")) == "2024-10-01");
    CHECK(xlsx::default_report_date(*model::Period::parse("2024")) == "2025-01-01");
    CHECK(xlsx::default_report_date(*model::Period::parse("2023-Q4")) == "2024-01-01");
    TempDir dir("vanban-scorecard");
    const model::Dataset ds = sample("2024-Q1");
    const scoring::ScoreTable table = scoring::score_dataset(ds);
    xlsx::ScorecardOptions a, b;
    b.report_date = "2024-04-05";
    xlsx::write_scorecard(ds, table, a, dir.path / "a.xlsx");
    xlsx::write_scorecard(ds, table, b, dir.path / "b.xlsx");
    CHECK(slurp(dir.path / "a.xlsx") != slurp(dir.path / "b.xlsx"));
}

TEST_CASE("a failed scorecard names the output and leaves nothing") {
    TempDir dir("vanban-scorecard");
    const model::Dataset ds = sample("2024-Q2");
    const scoring::ScoreTable table = scoring::score_dataset(ds);
    xlsx::ScorecardOptions opt;
    const fs::path missing = dir.path / "khong-co" / "x.xlsx";
    CHECK_THROWS_WITH(xlsx::write_scorecard(ds, table, opt, missing),
                      Catch::Contains(missing.string()) && Catch::Contains("Không ghi được tệp"));
    opt.agency = "khong-co";
    CHECK_THROWS_WITH(xlsx::write_scorecard(ds, table, opt, dir.path / "y.xlsx"),
                      Catch::Contains("y.xlsx") && Catch::Contains("\"khong-co\""));
    opt.agency.clear();
    opt.report_date = "2024-13-01";
    CHECK_THROWS_WITH(xlsx::write_scorecard(ds, table, opt, dir.path / "z.xlsx"),
                      Catch::Contains("z.xlsx") && Catch::Contains("2024-13-01"));
    CHECK(dir.entries() == 0);
}
