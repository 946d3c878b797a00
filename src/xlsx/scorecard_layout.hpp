// Where every figure of a scorecard goes, decided before anything is written: in constant-memory
// mode each sheet must be written row by row, and formulas on one sheet refer to cells of
// others, so all row numbers are computed up front from the ScoreTable.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <xlsxwriter.h>

#include "model/dataset.hpp"
#include "scoring/score.hpp"

namespace vanban::xlsx {

constexpr lxw_row_t kNoRow = std::numeric_limits<lxw_row_t>::max();

// Rows of the "Xếp hạng" sheet: a title block, one column header, then per level a section row
// followed by its units.
constexpr lxw_row_t kRankHeaderRow = 7;
// Rows of an indicator sheet: two title rows, a blank, the header.
constexpr lxw_row_t kIndicatorHeaderRow = 3;

struct LevelBlock {
    model::Level level;
    lxw_row_t section_row = 0;
    lxw_row_t first_row = 0;  // first unit row
    lxw_row_t last_row = 0;   // last unit row (first_row - 1 when empty)
    std::size_t units = 0;
    std::size_t ranked = 0;  // units with a total
};

struct ScorecardLayout {
    std::vector<std::size_t> rows;       // indices into ScoreTable::rows, in sheet order
    std::vector<lxw_row_t> ranking_row;  // per ScoreTable row: its row on "Xếp hạng" or kNoRow
    std::vector<LevelBlock> blocks;
    lxw_row_t ranking_last_row = kRankHeaderRow;
    bool has_district = false;  // communes are included: district columns on "Xếp hạng"
    // Per indicator: the sheet name and, per ScoreTable row, its row on that sheet (kNoRow when
    // the indicator is not applicable at the unit's level or the unit is not included).
    std::vector<std::string> indicator_sheet;
    std::vector<std::vector<lxw_row_t>> indicator_row;
    std::vector<lxw_row_t> indicator_last_row;
};

ScorecardLayout plan_scorecard(const model::Dataset& ds, const scoring::ScoreTable& table,
                               const std::vector<model::Level>& levels);

// "A", "Z", "AA" …
std::string column_name(lxw_col_t col);
// "G12" (row and col zero-based); absolute: "$G$12".
std::string cell(lxw_row_t row, lxw_col_t col, bool absolute = false);
// "'Đúng hạn'!G12"
std::string sheet_cell(const std::string& sheet, lxw_row_t row, lxw_col_t col,
                       bool absolute = false);
// "'Xếp hạng'!$N$9:$N$33"
std::string sheet_range(const std::string& sheet, lxw_row_t r1, lxw_col_t c1, lxw_row_t r2,
                        lxw_col_t c2);
// A valid, unique worksheet name from free text: forbidden characters replaced, at most 31
// code points, a " (2)" suffix against duplicates.
std::string sheet_name(const std::string& wanted, const std::vector<std::string>& taken);

}  // namespace vanban::xlsx
