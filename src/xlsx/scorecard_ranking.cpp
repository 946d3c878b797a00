// The "Xếp hạng" sheet: title block, then per level a section row and one row per unit: rank,
// unit, each indicator's rate, total, band and the change against the previous period. Rates
// refer to the indicator sheets; totals, bands, ranks and changes are formulas over them.
#include <string>
#include <vector>

#include "vn/format.hpp"
#include "vn/text.hpp"
#include "xlsx/scorecard_sheets.hpp"

namespace vanban::xlsx {

namespace {

using model::Level;
using scoring::UnitScore;

// Why a unit has no total, as the total cell says it.
std::string no_total_reason(const UnitScore& r) {
    if (r.missing_quarters.empty()) return "Không phát sinh";
    std::string why;
    for (const auto& q : r.missing_quarters) why += (why.empty() ? "" : ", ") + q.label_vi();
    return "Chưa có số liệu " + why;
}

}  // namespace

void write_ranking_sheet(const ScorecardContext& c, lxw_worksheet* ws) {
    const model::Method& m = c.method();
    const RankingColumns k = ranking_columns(c);
    const ScorecardFormats& f = c.fmt;
    const std::string sheet = "Xếp hạng";

    std::vector<std::string> subtitles;
    std::string basis = "Bộ chỉ tiêu năm " + std::to_string(m.year);
    if (!m.basis.empty()) basis += " (" + m.basis + ")";
    const bool other_method =
        c.table.has_previous && !c.table.same_method && c.table.previous_method;
    if (c.table.has_previous)
        basis +=
            "; so sánh với " + c.table.previous_period.label_vi() + (other_method ? " (*)" : "");
    else
        basis += "; không so sánh với kỳ trước: " + c.ds.previous_unavailable;
    subtitles.push_back(basis);
    subtitles.push_back(c.date_line);
    // A change across two methods is no progress: the footnote names both (row 7, above the
    // header).
    if (other_method)
        subtitles.push_back("(*) Kỳ này (" + c.table.period.label_vi() + ") chấm theo " +
                            model::method_label_vi(m) + "; kỳ trước (" +
                            c.table.previous_period.label_vi() + ") chấm theo " +
                            model::method_label_vi(*c.table.previous_method) +
                            ". Hai bộ chỉ tiêu khác nhau (chỉ tiêu, điểm tối đa hoặc mức chỉ "
                            "tiêu): ± điểm và ± hạng không phản ánh tiến bộ hay sụt giảm.");
    write_title_block(c, ws, k.last, 3,
                      "BẢNG TỔNG HỢP KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH " + c.period_upper,
                      subtitles);

    ColumnWidths widths(k.last + 1, 5, 48);
    std::vector<std::string> headers(k.last + 1);
    headers[k.rank] = "Hạng";
    headers[k.unit] = "Đơn vị";
    if (k.district_columns) {
        headers[k.district] = "Huyện, thành phố";
        headers[k.district_rank] = "Hạng trong huyện";
    }
    for (std::size_t i = 0; i < m.indicators.size(); ++i)
        headers[k.first_indicator + i] = m.indicators[i].short_name;
    headers[k.total] = "Tổng điểm";
    headers[k.band] = "Xếp loại";
    if (k.previous) {
        headers[k.prev_rank] = "Hạng " + c.table.previous_period.label_vi();
        headers[k.rank_change] = other_method ? "± hạng (*)" : "± hạng";
        headers[k.prev_total] = "Điểm " + c.table.previous_period.label_vi();
        headers[k.total_change] = other_method ? "± điểm (*)" : "± điểm";
    }
    write_header_row(c, ws, kRankHeaderRow, headers, widths);
    const double rate_w = text_width("100,0%") + 0.5;
    for (std::size_t i = 0; i < m.indicators.size(); ++i)
        widths.at_least(k.first_indicator + i, rate_w);
    widths.at_least(k.total, text_width("100,00") + 1);
    widths.at_least(k.rank, text_width("9999"));

    // Communes' rank within their district is counted over the communes' rows.
    const LevelBlock* xa = nullptr;
    for (const auto& b : c.layout.blocks)
        if (b.level == Level::xa) xa = &b;

    std::vector<lxw_row_t> breaks;
    for (const LevelBlock& b : c.layout.blocks) {
        if (b.section_row != kRankHeaderRow + 1) breaks.push_back(b.section_row);
        std::string section =
            vn::upper(level_label(b.level)) + " (" + std::to_string(b.units) + " đơn vị)";
        worksheet_write_string(ws, b.section_row, 0, section.c_str(), f.section);
        for (lxw_col_t col = 1; col <= k.last; ++col)
            worksheet_write_blank(ws, b.section_row, col, f.section);
        const std::string total_range =
            sheet_range(sheet, b.first_row, k.total, b.last_row, k.total);
        for (std::size_t i : c.layout.rows) {
            const UnitScore& r = c.table.rows[i];
            if (r.level != b.level) continue;
            const lxw_row_t row = c.layout.ranking_row[i];
            const model::Unit& u = c.unit(r);
            const std::string total_cell = cell(row, k.total);

            if (r.has_total)
                worksheet_write_formula_num(
                    ws, row, k.rank, ("RANK(" + total_cell + "," + total_range + ")").c_str(),
                    f.rank, r.rank);
            else
                worksheet_write_string(ws, row, k.rank, "—", f.dash);
            // The charts sheet takes its categories from this column: same-named communes
            // carry their district.
            const std::string name = c.ds.org.unambiguous_name(static_cast<std::size_t>(r.unit));
            worksheet_write_string(ws, row, k.unit, name.c_str(), f.text);
            widths.text(k.unit, name);
            if (k.district_columns) {
                if (r.level == Level::xa && u.district_index >= 0) {
                    const auto& d = c.ds.org.units[static_cast<std::size_t>(u.district_index)];
                    worksheet_write_string(ws, row, k.district, d.name.c_str(), f.text);
                    widths.text(k.district, d.name);
                } else {
                    worksheet_write_blank(ws, row, k.district, f.text);
                }
                if (r.level == Level::xa && r.has_total && xa) {
                    // Communes of the same district with a higher total, plus one (ties share).
                    std::string formula =
                        "COUNTIFS(" +
                        sheet_range(sheet, xa->first_row, k.district, xa->last_row, k.district) +
                        "," + cell(row, k.district) + "," +
                        sheet_range(sheet, xa->first_row, k.total, xa->last_row, k.total) +
                        ",\">\"&" + total_cell + ")+1";
                    worksheet_write_formula_num(ws, row, k.district_rank, formula.c_str(), f.rank,
                                                r.rank_in_district);
                } else {
                    worksheet_write_string(ws, row, k.district_rank,
                                           r.level == Level::xa ? "—" : "", f.dash);
                }
            }
            std::string points, maxima;
            for (std::size_t ind = 0; ind < m.indicators.size(); ++ind) {
                const auto col = static_cast<lxw_col_t>(k.first_indicator + ind);
                const auto& s = r.indicators[ind];
                const lxw_row_t irow = c.layout.indicator_row[ind][i];
                if (!s.applicable || irow == kNoRow || s.missing) {
                    worksheet_write_string(ws, row, col, "—", f.dash);
                    continue;
                }
                const std::string& isheet = c.layout.indicator_sheet[ind];
                std::string ref = "=" + sheet_cell(isheet, irow, icol::rate);
                if (s.scored)
                    worksheet_write_formula_num(ws, row, col, ref.c_str(), f.rate, s.rate / 100.0);
                else
                    worksheet_write_formula_str(ws, row, col, ref.c_str(), f.rate_kps, "KPS");
                points += (points.empty() ? "" : ",") + sheet_cell(isheet, irow, icol::points);
                maxima += (maxima.empty() ? "" : ",") + sheet_cell(isheet, irow, icol::counted_max);
            }
            if (r.has_total) {
                std::string formula = "ROUND(100*SUM(" + points + ")/SUM(" + maxima + "),2)";
                worksheet_write_formula_num(ws, row, k.total, formula.c_str(), f.total, r.total);
                worksheet_write_formula_str(ws, row, k.band, band_formula(m, total_cell).c_str(),
                                            f.center, r.band.c_str());
                widths.text(k.band, r.band);
            } else {
                std::string why = no_total_reason(r);
                worksheet_write_string(ws, row, k.total, "—", f.dash);
                worksheet_write_string(ws, row, k.band, why.c_str(), f.dash);
                widths.text(k.band, why);
            }
            if (k.previous) {
                if (r.has_previous) {
                    worksheet_write_number(ws, row, k.prev_rank, r.previous_rank, f.rank);
                    std::string rc = cell(row, k.prev_rank) + "-" + cell(row, k.rank);
                    worksheet_write_formula_num(ws, row, k.rank_change, rc.c_str(), f.rank_change,
                                                r.rank_change);
                    worksheet_write_number(ws, row, k.prev_total, r.previous_total, f.points);
                    std::string tc = "ROUND(" + total_cell + "-" + cell(row, k.prev_total) + ",2)";
                    worksheet_write_formula_num(ws, row, k.total_change, tc.c_str(), f.total_change,
                                                r.total_change);
                } else if (r.previous_ranked) {
                    // Ranked before, not now: where it stood, and no change.
                    worksheet_write_number(ws, row, k.prev_rank, r.previous_rank, f.rank);
                    worksheet_write_number(ws, row, k.prev_total, r.previous_total, f.points);
                    for (lxw_col_t col : {k.rank_change, k.total_change})
                        worksheet_write_string(ws, row, col, "—", f.dash);
                } else {
                    for (lxw_col_t col : {k.prev_rank, k.rank_change, k.prev_total, k.total_change})
                        worksheet_write_string(ws, row, col, "—", f.dash);
                }
            }
        }
        if (b.units == 0) continue;
        // Data bars on the level's totals; rates below the level's target in red; bands.
        lxw_conditional_format bar{};
        bar.type = LXW_CONDITIONAL_DATA_BAR;
        bar.bar_color = 0x63BE7B;
        bar.bar_solid = LXW_TRUE;
        bar.min_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
        bar.min_value = 0;
        bar.max_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
        bar.max_value = 100;
        worksheet_conditional_format_range(ws, b.first_row, k.total, b.last_row, k.total, &bar);
        const auto li = static_cast<std::size_t>(b.level);
        for (std::size_t ind = 0; ind < m.indicators.size(); ++ind) {
            if (!m.indicators[ind].target_h[li]) continue;
            lxw_conditional_format below{};
            below.type = LXW_CONDITIONAL_TYPE_CELL;
            below.criteria = LXW_CONDITIONAL_CRITERIA_LESS_THAN;
            below.value = static_cast<double>(*m.indicators[ind].target_h[li]) / 10000.0;
            below.format = f.missed_font;
            const auto col = static_cast<lxw_col_t>(k.first_indicator + ind);
            worksheet_conditional_format_range(ws, b.first_row, col, b.last_row, col, &below);
        }
        lxw_conditional_format top{};
        top.type = LXW_CONDITIONAL_TYPE_CELL;
        top.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
        std::string top_name = "\"" + m.bands.front().name + "\"";
        top.value_string = top_name.data();
        top.format = f.met;
        worksheet_conditional_format_range(ws, b.first_row, k.band, b.last_row, k.band, &top);
        lxw_conditional_format low{};
        low.type = LXW_CONDITIONAL_TYPE_CELL;
        low.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
        std::string low_name = "\"" + m.bands.back().name + "\"";
        low.value_string = low_name.data();
        low.format = f.missed;
        worksheet_conditional_format_range(ws, b.first_row, k.band, b.last_row, k.band, &low);
    }
    if (!breaks.empty()) {
        breaks.push_back(0);
        worksheet_set_h_pagebreaks(ws, breaks.data());
    }
    worksheet_autofilter(ws, kRankHeaderRow, 0, std::max(c.layout.ranking_last_row, kRankHeaderRow),
                         k.last);
    setup_page(c, ws, kRankHeaderRow, k.unit + 1);
    widths.apply(ws);
}

}  // namespace vanban::xlsx
