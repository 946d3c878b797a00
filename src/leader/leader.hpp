// Scorecards for the leaders as PDF (issue 18, "Out"): one A4 page per unit that a leader reads
// in a minute (total and band in large type, rank and its change, each indicator as a bar
// against its target, the trend over the year's quarters, the targets missed and what to do),
// and a province summary for the Chủ tịch. Charts are SVG drawn here (exact, deterministic; no
// JavaScript), pages are HTML from templates/leader rendered by the wkhtmltopdf pool and merged
// by pdf::finish with one bookmark per unit.
//
//   Dataset + ScoreTable --load_series()-----> the year's quarters scored one by one (trends)
//                        --facts (facts.cpp)--> plain figures per unit (the one place that
//                                               reads scoring's types)
//                        --unit_page()/summary_pages()--> JSON contexts with their SVG
//                        --make_leader_pdf()--> HTML chunks -> pool -> finish (+ outline)
//
// Nothing global is written: functions may run from several threads sharing one pool.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/dataset.hpp"
#include "pdf/finish.hpp"
#include "pdf/wkhtml_pool.hpp"
#include "scoring/score.hpp"

namespace vanban::leader {

// Each quarter of the period's year up to the period's last quarter, scored on its own: the
// points of the trend charts. A quarter without a data file is absent (a gap in the charts).
struct QuarterSeries {
    int year = 0;
    int last_quarter = 0;  // the period's last quarter (1..4): the charts stop there
    // Index q-1: the table of quarter q, or nullopt (no data file, or after the period).
    std::vector<std::optional<scoring::ScoreTable>> tables =
        std::vector<std::optional<scoring::ScoreTable>>(4);
    std::vector<model::QuarterData> loaded;  // quarters the dataset did not hold
};

// Scores the quarters of ds.period's year up to its end, taking the quarter files from the
// dataset or from `data` (the same files and folders as --data). Throws model::InputError for
// a data file that is given but bad.
QuarterSeries load_series(const model::Dataset& ds, const std::vector<std::string>& data);

// The length (mm) of the 0–100 % scale of an indicator's bar on a unit page.
inline constexpr double kBarWidthMm = 38.0;

struct LeaderOptions {
    std::vector<model::Level> levels;      // empty: sở, huyện, xã
    std::filesystem::path templates_root;  // holds leader/ and nd30/ ("" : bundled)
    std::string agency;                    // issuing agency id ("" : snv, else the first)
    std::string report_date;               // "YYYY-MM-DD" ("" : the period's last day)
    // Indicator id -> what a unit must do when it misses that target (the batch job's
    // result_letters.remedies); an indicator without one gets a sentence made from its target.
    std::map<std::string, std::string> remedies;
    std::string unit;           // "" : every unit of the levels plus the summary; else one unit id
    bool summary_only = false;  // only the province summary (no unit pages)
};

// The unit pages of one period as the template sees them (JSON), one per unit, in the order of
// the table (level, rank), and the summary pages. Exposed for tests.
struct LeaderDocument {
    nlohmann::ordered_json summary;                    // {"pages": [...]}; empty with options.unit
    std::vector<nlohmann::ordered_json> units;         // one page each
    std::vector<std::vector<std::string>> unit_paths;  // outline path of each unit page
    std::vector<std::string> unit_ids;
};
// Throws std::runtime_error (Vietnamese) for an unknown agency or unit id.
LeaderDocument build_document(const model::Dataset& ds, const scoring::ScoreTable& table,
                              const QuarterSeries& series, const LeaderOptions& options);

// HTML of some pages (templates/leader/leader.html): `pages` holds page contexts.
std::string render_html(const nlohmann::ordered_json& pages, const std::string& title,
                        const LeaderOptions& options);

// "Phiếu điểm cải cách hành chính quý II/2024" (+ the unit's name with options.unit).
std::string leader_title(const model::Dataset& ds, const scoring::ScoreTable& table,
                         const LeaderOptions& options);

// The PDF: the summary then every unit's page, bookmarks per level (communes under their
// district) and unit; or one unit's page. Written atomically to `out`. Throws
// std::runtime_error / pdf::ConversionError / tpl::TemplateError; a page that does not fit on
// one A4 sheet is an error naming the unit.
void make_leader_pdf(const model::Dataset& ds, const scoring::ScoreTable& table,
                     const QuarterSeries& series, const LeaderOptions& options,
                     pdf::WkhtmlPool& pool, pdf::PageNumberStamps& stamps,
                     const std::filesystem::path& out);

// The templates folder next to the build tree (…/templates), else ./templates.
std::filesystem::path default_templates_root();

}  // namespace vanban::leader
