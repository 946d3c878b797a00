// Internal to src/leader: what the page builders share (unit_page.cpp, summary.cpp,
// document.cpp).
#pragma once

#include <array>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "leader/facts.hpp"
#include "leader/leader.hpp"
#include "model/method.hpp"
#include "model/org.hpp"

namespace vanban::leader {

// Sizes of the unit page (mm). The usable box is 164.5 x 256.5 mm (pdf::PageSetup).
inline constexpr double kBarHeightMm = 4.0;
inline constexpr double kTextWidthMm = 164.0;
// Height left for the missed targets and remedies on a unit page with every indicator shown
// (measured on the rendered page: see docs/scorecard.md).
inline constexpr double kMissedBudgetMm = 70.0;

struct PageFrame {
    const model::Organisation* org = nullptr;
    const model::Method* method = nullptr;
    const std::map<std::string, std::string>* remedies = nullptr;
    std::string parent, issuer;  // agency header, upper case
    std::string unit_title;      // "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH QUÝ II/2024"
    std::string previous_label;  // "quý I/2024" ("" : no comparison)
    std::string trend_label;     // "Diễn biến qua các quý năm 2024"
    std::string footer;          // basis and date line
    int last_quarter = 4;
    double bar_width_mm = kBarWidthMm, bar_height_mm = kBarHeightMm;
};

// Ranked units per level and per district (the "3/36" denominators).
struct UnitCounts {
    std::array<int, model::kLevelCount> ranked_in_level{};
    std::vector<int> ranked_in_district;  // by unit index of the district
};

std::string target_text(double target);  // 97 -> "97%", 96.5 -> "96,50%"
std::string rate_text(double rate);      // "96,5%"
std::string change_text(int change);     // "▲ 2", "▼ 1", "giữ nguyên"
std::string band_colour(const model::Method& m, const std::string& band);
// "Xã Phú Lâm (Huyện Tân Phú)" for a commune, the name alone otherwise.
std::string display_name(const model::Organisation& org, int unit);

// A unit's page; by_quarter[q] its facts in quarter q+1 (nullptr: no data).
nlohmann::ordered_json unit_page(const PageFrame& frame, const UnitFact& f,
                                 const std::array<const UnitFact*, 4>& by_quarter,
                                 const UnitCounts& counts);

// The summary's pages for the Chủ tịch. `facts` indexed by unit; `quarters[q]` the facts of
// quarter q+1 by unit (empty: no data).
nlohmann::ordered_json summary_pages(const PageFrame& frame,
                                     const std::vector<model::Level>& levels,
                                     const std::vector<int>& order,  // units in table order
                                     const std::vector<UnitFact>& facts,
                                     const std::array<std::vector<UnitFact>, 4>& quarters,
                                     const std::string& summary_title);

}  // namespace vanban::leader
