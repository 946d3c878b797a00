// The "Biểu đồ" sheet: the count of units per band and level (COUNTIF over the bands on
// "Xếp hạng", with a column chart) and, per level, a bar chart of the units' totals.
#include <string>
#include <vector>

#include "vn/text.hpp"
#include "xlsx/scorecard_sheets.hpp"

namespace vanban::xlsx {

namespace {

constexpr double kRowPixels = 20;  // default row height in pixels

}  // namespace

void write_charts_sheet(const ScorecardContext& c, lxw_worksheet* ws) {
    const model::Method& m = c.method();
    const ScorecardFormats& f = c.fmt;
    const RankingColumns rk = ranking_columns(c);
    const auto& blocks = c.layout.blocks;
    const auto last = static_cast<lxw_col_t>(blocks.size() + 1);
    write_title_block(c, ws, std::max<lxw_col_t>(last, 8), 3,
                      "BIỂU ĐỒ KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH " + c.period_upper, {});

    constexpr lxw_row_t header = 6;
    ColumnWidths widths(last + 1, 10, 30);
    std::vector<std::string> headers{"Xếp loại"};
    for (const auto& b : blocks) headers.push_back(level_label(b.level));
    headers.push_back("Cộng");
    write_header_row(c, ws, header, headers, widths);
    const std::string ranking = "Xếp hạng";
    lxw_row_t row = header + 1;
    for (const auto& band : m.bands) {
        worksheet_write_string(ws, row, 0, band.name.c_str(), f.text);
        widths.text(0, band.name);
        for (std::size_t j = 0; j < blocks.size(); ++j) {
            const LevelBlock& b = blocks[j];
            int count = 0;
            for (std::size_t i : c.layout.rows) {
                const auto& r = c.table.rows[i];
                if (r.level == b.level && r.has_total && r.band == band.name) ++count;
            }
            std::string formula =
                b.units
                    ? "COUNTIF(" + sheet_range(ranking, b.first_row, rk.band, b.last_row, rk.band) +
                          ",\"" + band.name + "\")"
                    : "0";
            worksheet_write_formula_num(ws, row, static_cast<lxw_col_t>(j + 1), formula.c_str(),
                                        f.integer, count);
        }
        int total = 0;
        for (const auto& r : c.table.rows)
            for (const auto& b : blocks)
                if (r.level == b.level && r.has_total && r.band == band.name) ++total;
        std::string sum = "SUM(" + cell(row, 1) + ":" + cell(row, last - 1) + ")";
        worksheet_write_formula_num(ws, row, last, sum.c_str(), f.integer, total);
        ++row;
    }
    const lxw_row_t band_last = row - 1;

    // Units per band: one series per level.
    lxw_chart* bands = workbook_add_chart(c.wb.get(), LXW_CHART_COLUMN);
    const std::string sheet = "Biểu đồ";
    for (std::size_t j = 0; j < blocks.size(); ++j) {
        const auto col = static_cast<lxw_col_t>(j + 1);
        std::string cats = "=" + sheet_range(sheet, header + 1, 0, band_last, 0);
        std::string vals = "=" + sheet_range(sheet, header + 1, col, band_last, col);
        lxw_chart_series* s = chart_add_series(bands, cats.c_str(), vals.c_str());
        std::string name = level_label(blocks[j].level);
        chart_series_set_name(s, name.c_str());
        chart_series_set_labels(s);
    }
    chart_title_set_name(bands, "Số đơn vị theo xếp loại");
    chart_axis_set_name(bands->y_axis, "Số đơn vị");
    chart_legend_set_position(bands, LXW_CHART_LEGEND_BOTTOM);
    lxw_row_t chart_row = band_last + 2;
    lxw_chart_options opt{};
    opt.x_scale = 1.5;
    opt.y_scale = 1.2;
    worksheet_insert_chart_opt(ws, chart_row, 0, bands, &opt);
    chart_row += 20;

    std::vector<lxw_row_t> breaks;
    // Totals by unit, one bar chart per level (units in rank order, the first on top).
    for (const LevelBlock& b : blocks) {
        std::string name = level_label(b.level);
        if (b.units == 0) continue;
        if (b.units > c.opt.max_chart_units) {
            std::string note = name + ": " + std::to_string(b.units) +
                               " đơn vị, quá nhiều để vẽ biểu đồ tổng điểm theo đơn vị (xem "
                               "thanh dữ liệu trên trang Xếp hạng).";
            worksheet_write_string(ws, chart_row, 0, note.c_str(), f.note);
            chart_row += 2;
            continue;
        }
        breaks.push_back(chart_row);  // each chart starts a printed page
        lxw_chart* bar = workbook_add_chart(c.wb.get(), LXW_CHART_BAR);
        std::string cats = "=" + sheet_range(ranking, b.first_row, rk.unit, b.last_row, rk.unit);
        std::string vals = "=" + sheet_range(ranking, b.first_row, rk.total, b.last_row, rk.total);
        lxw_chart_series* s = chart_add_series(bar, cats.c_str(), vals.c_str());
        chart_series_set_name(s, "Tổng điểm");
        std::string title = "Tổng điểm — " + name;
        chart_title_set_name(bar, title.c_str());
        chart_legend_set_position(bar, LXW_CHART_LEGEND_NONE);
        chart_axis_set_reverse(bar->y_axis);  // in libxlsxwriter a bar chart's y axis is the
                                              // category axis: rank 1 on top
        chart_axis_set_min(bar->x_axis, 0);
        chart_axis_set_max(bar->x_axis, 100);
        lxw_chart_options o{};
        o.x_scale = 2.0;
        // About 18 pixels per unit plus room for title and axis; the default chart is 288 high.
        const double height = 90 + 18.0 * static_cast<double>(b.units);
        o.y_scale = height / 288.0;
        worksheet_insert_chart_opt(ws, chart_row, 0, bar, &o);
        chart_row += static_cast<lxw_row_t>(height / kRowPixels) + 2;
    }
    if (!breaks.empty()) {
        breaks.push_back(0);
        worksheet_set_h_pagebreaks(ws, breaks.data());
    }
    setup_print(ws);
    widths.apply(ws);
}

}  // namespace vanban::xlsx
