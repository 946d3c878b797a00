// The quarterly scorecard workbook (issue 6): what an analyst at the Sở Nội vụ would build by hand
// from a ScoreTable, written with libxlsxwriter in constant memory.
//
// Sheets: "Xếp hạng" (title block, one table per level: rank, unit, each indicator's rate, total,
// band, change against the previous period), one sheet per indicator (counts, rate, target, met,
// points), "Chỉ tiêu" (targets per level, bands, the scoring method in words), "Chưa đạt" (each
// unit's missed targets and by how much) and "Biểu đồ" (totals by unit per level, units per band).
// Rates, points, totals, bands, ranks and changes are Excel formulas over the count cells, each
// written with its cached result taken from the ScoreTable, so a reader sees values at once and
// can audit any cell. docs/scorecard.md describes the layout.
//
// Thread safety: no globals; several threads may write different workbooks at once.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "model/dataset.hpp"
#include "model/org.hpp"
#include "scoring/score.hpp"

namespace vanban::xlsx {

struct ScorecardOptions {
    std::string report_date;  // ISO "YYYY-MM-DD": the date line and document created date
    std::vector<model::Level>
        levels;          // the levels to include (always printed sở, huyện, xã); empty: all
    std::string agency;  // issuing agency id in org.json; empty: "snv", else the first
    // A level with more units than this gets no bar chart of its totals (unreadable anyway).
    std::size_t max_chart_units = 250;
};

// The default report date of a period: the first day after it ("2024-Q2" -> "2024-07-01").
std::string default_report_date(const model::Period& period);

// Writes the workbook to `out` atomically. Throws std::runtime_error (Vietnamese, naming `out`);
// nothing is left at `out` (nor beside it) on failure.
void write_scorecard(const model::Dataset& ds, const scoring::ScoreTable& table,
                     const ScorecardOptions& opt, const std::filesystem::path& out);

}  // namespace vanban::xlsx
