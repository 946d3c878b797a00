// The sheet writers of a scorecard (scorecard.hpp) and what they share. Each writer fills one
// worksheet strictly row by row (constant-memory mode) from the ScoreTable, the layout planned up
// front and the workbook's formats.
#pragma once

#include <string>
#include <vector>

#include <xlsxwriter.h>

#include "model/dataset.hpp"
#include "scoring/score.hpp"
#include "xlsx/scorecard.hpp"
#include "xlsx/scorecard_formats.hpp"
#include "xlsx/scorecard_layout.hpp"
#include "xlsx/workbook_common.hpp"

namespace vanban::xlsx {

struct ScorecardContext {
    const model::Dataset& ds;
    const scoring::ScoreTable& table;
    const ScorecardOptions& opt;
    const ScorecardLayout& layout;
    const ScorecardFormats& fmt;
    Workbook& wb;
    const model::Agency* agency;  // the issuing agency (may be null: org.json has none)
    std::string period_upper;     // "QUÝ II/2024"
    std::string date_line;        // "Đồng Nai, ngày 01 tháng 7 năm 2024"

    const model::Method& method() const { return *table.method; }
    const model::Unit& unit(const scoring::UnitScore& r) const {
        return ds.org.units[static_cast<std::size_t>(r.unit)];
    }
};

// Columns of an indicator sheet.
namespace icol {
constexpr lxw_col_t stt = 0, id = 1, unit = 2, level = 3, numerator = 4, denominator = 5, rate = 6,
                    target = 7, met = 8, max = 9, points = 10, counted_max = 11, last = 11;
}

// Columns of the "Xếp hạng" sheet (they depend on the levels and the previous period).
struct RankingColumns {
    lxw_col_t rank = 0, unit = 1;
    lxw_col_t district = 0, district_rank = 0;  // only with communes
    lxw_col_t first_indicator = 2;
    lxw_col_t total = 0, band = 0;
    lxw_col_t prev_rank = 0, rank_change = 0, prev_total = 0, total_change = 0;  // with previous
    lxw_col_t last = 0;
    bool district_columns = false;
    bool previous = false;
};
RankingColumns ranking_columns(const ScorecardContext& c);

// "Sở, ban, ngành", … as printed in the Cấp column.
std::string level_label(model::Level l);
// The band formula of a total cell: IF(x>=90,"Xuất sắc",IF(x>=80,"Tốt",…)).
std::string band_formula(const model::Method& m, const std::string& total_cell);

// Title block rows shared by every sheet: parent body, issuing body (bold), then the title
// centred across columns [0, last_col] on `title_row`, subtitles below it.
void write_title_block(const ScorecardContext& c, lxw_worksheet* ws, lxw_col_t last_col,
                       lxw_row_t title_row, const std::string& title,
                       const std::vector<std::string>& subtitles);
// A header row: wrapped bold text, contributes a wrapped width to `widths`.
void write_header_row(const ScorecardContext& c, lxw_worksheet* ws, lxw_row_t row,
                      const std::vector<std::string>& headers, ColumnWidths& widths);
// A4 landscape, one page wide, header rows repeated, footer "Trang &P/&N", frozen header.
void setup_page(const ScorecardContext& c, lxw_worksheet* ws, lxw_row_t header_row,
                lxw_col_t freeze_col);
// The same print setup without repeated or frozen rows (the charts sheet).
void setup_print(lxw_worksheet* ws);

void write_ranking_sheet(const ScorecardContext& c, lxw_worksheet* ws);
void write_indicator_sheet(const ScorecardContext& c, lxw_worksheet* ws, std::size_t k);
void write_targets_sheet(const ScorecardContext& c, lxw_worksheet* ws);
void write_missed_sheet(const ScorecardContext& c, lxw_worksheet* ws);
void write_charts_sheet(const ScorecardContext& c, lxw_worksheet* ws);

}  // namespace vanban::xlsx
