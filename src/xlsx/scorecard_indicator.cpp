// One sheet per indicator: each unit's counts (the only figures typed in), and the rate, target,
// met or not, points and the maximum counted in the total, as formulas over the counts.
#include <string>
#include <vector>

#include "vn/format.hpp"
#include "vn/text.hpp"
#include "xlsx/scorecard_sheets.hpp"

namespace vanban::xlsx {

void write_indicator_sheet(const ScorecardContext& c, lxw_worksheet* ws, std::size_t k) {
    const model::Method& m = c.method();
    const model::Indicator& ind = m.indicators[k];
    const ScorecardFormats& f = c.fmt;

    const std::string max_text = vn::number(ind.max_points(), 2);
    write_title_block(c, ws, icol::last, 0, vn::upper(ind.name) + " — " + c.period_upper,
                      {"Tỷ lệ = " + ind.numerator_label + " / " + ind.denominator_label +
                       "; điểm tối đa " + max_text +
                       ". Đạt chỉ tiêu: điểm tối đa; chưa đạt: tỷ lệ × điểm tối đa / chỉ tiêu; "
                       "mẫu số bằng 0: không phát sinh (KPS); đơn vị không có trong tệp số liệu "
                       "của một quý: chưa có số liệu (chưa báo cáo), không chấm."});

    ColumnWidths widths(icol::last + 1, 5, 48);
    std::vector<std::string> headers(icol::last + 1);
    headers[icol::stt] = "STT";
    headers[icol::id] = "Mã đơn vị";
    headers[icol::unit] = "Đơn vị";
    headers[icol::level] = "Cấp";
    headers[icol::numerator] = ind.numerator_label;
    headers[icol::denominator] = ind.denominator_label;
    headers[icol::rate] = "Tỷ lệ";
    headers[icol::target] = "Chỉ tiêu";
    headers[icol::met] = "Kết quả";
    headers[icol::max] = "Điểm tối đa";
    headers[icol::points] = "Điểm";
    headers[icol::counted_max] = "Điểm tối đa tính vào tổng";
    write_header_row(c, ws, kIndicatorHeaderRow, headers, widths);
    widths.at_least(icol::rate, text_width("100,0%") + 0.5);
    widths.at_least(icol::met, text_width("Chưa đạt"));

    const std::vector<lxw_row_t>& rows = c.layout.indicator_row[k];
    int stt = 0;
    for (std::size_t i : c.layout.rows) {
        const lxw_row_t row = rows[i];
        if (row == kNoRow) continue;
        const scoring::UnitScore& r = c.table.rows[i];
        const scoring::IndicatorScore& s = r.indicators[k];
        const model::Unit& u = c.unit(r);
        const std::string n = cell(row, icol::numerator), d = cell(row, icol::denominator);
        const std::string rate = cell(row, icol::rate), target = cell(row, icol::target);
        const std::string max = cell(row, icol::max);

        worksheet_write_number(ws, row, icol::stt, ++stt, f.rank);
        worksheet_write_string(ws, row, icol::id, u.id.c_str(), f.text);
        widths.text(icol::id, u.id);
        worksheet_write_string(ws, row, icol::unit, u.name.c_str(), f.text);
        widths.text(icol::unit, u.name);
        const std::string level = level_label(r.level);
        worksheet_write_string(ws, row, icol::level, level.c_str(), f.text);
        widths.text(icol::level, level);
        if (s.missing) {
            // Chưa có số liệu: the unit is absent from a quarter's file. No counts (not 0/0),
            // no formula, nothing counted in a total.
            std::string why = "Chưa có số liệu";
            for (std::size_t q = 0; q < r.missing_quarters.size(); ++q)
                why += (q ? ", " : " ") + r.missing_quarters[q].label_vi();
            worksheet_write_string(ws, row, icol::numerator, "—", f.dash);
            worksheet_write_string(ws, row, icol::denominator, "—", f.dash);
            worksheet_write_string(ws, row, icol::rate, why.c_str(), f.dash);
            widths.text(icol::rate, why);
            const bool whole_t = static_cast<std::int64_t>(s.target * 100.0 + 0.5) % 100 == 0;
            worksheet_write_number(ws, row, icol::target, s.target / 100.0,
                                   whole_t ? f.target : f.target_dec);
            worksheet_write_string(ws, row, icol::met, "Chưa báo cáo", f.dash);
            widths.text(icol::met, "Chưa báo cáo");
            worksheet_write_number(ws, row, icol::max, s.max_points, f.points);
            worksheet_write_string(ws, row, icol::points, "—", f.dash);
            worksheet_write_number(ws, row, icol::counted_max, 0, f.points);
            continue;
        }
        worksheet_write_number(ws, row, icol::numerator, static_cast<double>(s.numerator),
                               f.integer);
        widths.shown(icol::numerator, vn::number(static_cast<long long>(s.numerator)));
        worksheet_write_number(ws, row, icol::denominator, static_cast<double>(s.denominator),
                               f.integer);
        widths.shown(icol::denominator, vn::number(static_cast<long long>(s.denominator)));
        const std::string kps = "IF(" + d + "=0,\"KPS\",";
        const std::string rate_f = kps + n + "/" + d + ")";
        const std::string met_f = kps + "IF(" + rate + ">=" + target + ",\"Đạt\",\"Chưa đạt\"))";
        const std::string points_f = kps + "IF(" + rate + ">=" + target + "," + max + "," + max +
                                     "*" + n + "/" + d + "/" + target + "))";
        if (s.scored) {
            worksheet_write_formula_num(ws, row, icol::rate, rate_f.c_str(), f.rate,
                                        s.rate / 100.0);
        } else {
            worksheet_write_formula_str(ws, row, icol::rate, rate_f.c_str(), f.rate_kps, "KPS");
        }
        const bool whole = static_cast<std::int64_t>(s.target * 100.0 + 0.5) % 100 == 0;
        worksheet_write_number(ws, row, icol::target, s.target / 100.0,
                               whole ? f.target : f.target_dec);
        worksheet_write_formula_str(ws, row, icol::met, met_f.c_str(), s.scored ? f.center : f.dash,
                                    s.scored ? (s.reached ? "Đạt" : "Chưa đạt") : "KPS");
        worksheet_write_number(ws, row, icol::max, s.max_points, f.points);
        if (s.scored)
            worksheet_write_formula_num(ws, row, icol::points, points_f.c_str(), f.points,
                                        s.points);
        else
            worksheet_write_formula_str(ws, row, icol::points, points_f.c_str(), f.points_kps,
                                        "KPS");
        const std::string counted = "IF(" + d + "=0,0," + max + ")";
        worksheet_write_formula_num(ws, row, icol::counted_max, counted.c_str(), f.points,
                                    s.scored ? s.max_points : 0.0);
    }
    const lxw_row_t last = c.layout.indicator_last_row[k];
    if (last > kIndicatorHeaderRow) {
        lxw_conditional_format met{};
        met.type = LXW_CONDITIONAL_TYPE_CELL;
        met.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
        std::string dat = "\"Đạt\"";
        met.value_string = dat.data();
        met.format = f.met;
        worksheet_conditional_format_range(ws, kIndicatorHeaderRow + 1, icol::met, last, icol::met,
                                           &met);
        lxw_conditional_format missed{};
        missed.type = LXW_CONDITIONAL_TYPE_CELL;
        missed.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
        std::string chua = "\"Chưa đạt\"";
        missed.value_string = chua.data();
        missed.format = f.missed;
        worksheet_conditional_format_range(ws, kIndicatorHeaderRow + 1, icol::met, last, icol::met,
                                           &missed);
        // The rate in red where the target is missed (formula relative to the first data row).
        lxw_conditional_format low{};
        low.type = LXW_CONDITIONAL_TYPE_FORMULA;
        std::string rule = "$" + column_name(icol::met) + std::to_string(kIndicatorHeaderRow + 2) +
                           "=\"Chưa đạt\"";
        low.value_string = rule.data();
        low.format = f.missed_font;
        worksheet_conditional_format_range(ws, kIndicatorHeaderRow + 1, icol::rate, last,
                                           icol::rate, &low);
    }
    worksheet_autofilter(ws, kIndicatorHeaderRow, 0, last, icol::last);
    setup_page(c, ws, kIndicatorHeaderRow, icol::unit + 1);
    widths.apply(ws);
}

}  // namespace vanban::xlsx
