// The "Chỉ tiêu" sheet (targets per level, bands, the scoring method in words) and the
// "Chưa đạt" sheet (each unit with the targets it missed and by how much).
#include <string>
#include <vector>

#include "vn/format.hpp"
#include "vn/text.hpp"
#include "xlsx/scorecard_sheets.hpp"

namespace vanban::xlsx {

void write_targets_sheet(const ScorecardContext& c, lxw_worksheet* ws) {
    const model::Method& m = c.method();
    const ScorecardFormats& f = c.fmt;
    constexpr lxw_col_t last = 7;
    std::string basis = "Bộ chỉ tiêu năm " + std::to_string(m.year);
    if (!m.basis.empty()) basis += " — " + m.basis;
    write_title_block(c, ws, last, 3, "CHỈ TIÊU VÀ PHƯƠNG PHÁP CHẤM ĐIỂM", {basis});

    constexpr lxw_row_t header = 6;
    ColumnWidths widths(last + 1, 5, 60);
    write_header_row(c, ws, header,
                     {"STT", "Chỉ tiêu", "Tử số", "Mẫu số", "Điểm tối đa", "Sở, ban, ngành",
                      "Huyện, thành phố", "Xã, phường, thị trấn"},
                     widths);
    lxw_row_t row = header + 1;
    for (std::size_t k = 0; k < m.indicators.size(); ++k, ++row) {
        const model::Indicator& ind = m.indicators[k];
        worksheet_write_number(ws, row, 0, static_cast<double>(k + 1), f.rank);
        worksheet_write_string(ws, row, 1, ind.name.c_str(), f.text);
        widths.text(1, ind.name);
        worksheet_write_string(ws, row, 2, ind.numerator_label.c_str(), f.text);
        widths.text(2, ind.numerator_label);
        worksheet_write_string(ws, row, 3, ind.denominator_label.c_str(), f.text);
        widths.text(3, ind.denominator_label);
        worksheet_write_number(ws, row, 4, ind.max_points(), f.points);
        for (int l = 0; l < model::kLevelCount; ++l) {
            const auto col = static_cast<lxw_col_t>(5 + l);
            const auto& t = ind.target_h[static_cast<std::size_t>(l)];
            if (t)
                worksheet_write_number(ws, row, col, static_cast<double>(*t) / 10000.0,
                                       *t % 100 == 0 ? f.target : f.target_dec);
            else
                worksheet_write_string(ws, row, col, "—", f.dash);
        }
    }
    ++row;
    const lxw_row_t band_header = row++;
    worksheet_write_string(ws, band_header, 1, "Xếp loại", f.header);
    worksheet_write_string(ws, band_header, 2, "Tổng điểm từ", f.header);
    worksheet_write_string(ws, band_header, 3, "Đến dưới", f.header);
    for (std::size_t b = 0; b < m.bands.size(); ++b, ++row) {
        worksheet_write_string(ws, row, 1, m.bands[b].name.c_str(), f.text);
        worksheet_write_number(ws, row, 2, static_cast<double>(m.bands[b].min_h) / 100.0, f.points);
        if (b == 0)
            worksheet_write_string(ws, row, 3, "—", f.dash);
        else
            worksheet_write_number(ws, row, 3, static_cast<double>(m.bands[b - 1].min_h) / 100.0,
                                   f.points);
    }
    ++row;
    const std::vector<std::string> method = {
        "Phương pháp chấm điểm (Bộ chỉ số 766, Quyết định 766/QĐ-TTg năm 2022):",
        "1. Tỷ lệ của mỗi chỉ tiêu = tử số / mẫu số, cộng dồn số đếm của các quý trong kỳ "
        "(không lấy trung bình tỷ lệ các quý).",
        "2. Tỷ lệ đạt hoặc vượt chỉ tiêu được điểm tối đa; chưa đạt được tỷ lệ × điểm tối đa / "
        "chỉ tiêu.",
        "3. Mẫu số bằng 0 là không phát sinh (KPS): chỉ tiêu không được chấm và tổng điểm quy về "
        "thang 100 trên các chỉ tiêu được chấm.",
        "4. Tổng điểm = 100 × tổng điểm các chỉ tiêu / tổng điểm tối đa các chỉ tiêu được chấm, "
        "làm tròn 2 chữ số thập phân.",
        "5. Xếp hạng trong từng cấp (sở, huyện, xã); bằng điểm thì cùng hạng (1, 2, 2, 4). Xã, "
        "phường, thị trấn được xếp hạng thêm trong huyện.",
        "6. Đơn vị không có trong tệp số liệu của một quý trong kỳ là chưa có số liệu (chưa báo "
        "cáo), khác với không phát sinh: không tính số liệu của các quý còn lại, không chấm "
        "điểm, không xếp hạng, không tính vào bình quân và trang Chưa đạt.",
    };
    for (std::size_t i = 0; i < method.size(); ++i, ++row)
        worksheet_write_string(ws, row, 0, method[i].c_str(), i == 0 ? f.agency : f.note);
    setup_page(c, ws, header, 2);
    widths.at_least(0, 5);
    widths.apply(ws);
}

void write_missed_sheet(const ScorecardContext& c, lxw_worksheet* ws) {
    const model::Method& m = c.method();
    const ScorecardFormats& f = c.fmt;
    constexpr lxw_col_t last = 8;
    write_title_block(c, ws, last, 3, "ĐƠN VỊ CHƯA ĐẠT CHỈ TIÊU " + c.period_upper,
                      {"Mỗi dòng là một chỉ tiêu chưa đạt của một đơn vị; mức thiếu = chỉ tiêu − "
                       "tỷ lệ đạt được."});
    constexpr lxw_row_t header = 6;
    ColumnWidths widths(last + 1, 5, 48);
    write_header_row(c, ws, header,
                     {"STT", "Đơn vị", "Cấp", "Chỉ tiêu chưa đạt", "Tỷ lệ", "Chỉ tiêu", "Còn thiếu",
                      "Điểm tối đa", "Điểm bị mất"},
                     widths);
    widths.at_least(4, text_width("100,0%") + 0.5);
    lxw_row_t row = header + 1;
    int stt = 0;
    for (std::size_t i : c.layout.rows) {
        const scoring::UnitScore& r = c.table.rows[i];
        for (std::size_t k = 0; k < m.indicators.size(); ++k) {
            const auto& s = r.indicators[k];
            if (!s.scored || s.reached) continue;
            const std::string& isheet = c.layout.indicator_sheet[k];
            const lxw_row_t irow = c.layout.indicator_row[k][i];
            worksheet_write_number(ws, row, 0, ++stt, f.rank);
            // A name alone: same-named communes carry their district.
            const std::string name = c.ds.org.unambiguous_name(static_cast<std::size_t>(r.unit));
            worksheet_write_string(ws, row, 1, name.c_str(), f.text);
            widths.text(1, name);
            const std::string level = level_label(r.level);
            worksheet_write_string(ws, row, 2, level.c_str(), f.text);
            widths.text(2, level);
            worksheet_write_string(ws, row, 3, m.indicators[k].name.c_str(), f.text);
            widths.text(3, m.indicators[k].name);
            worksheet_write_formula_num(ws, row, 4,
                                        ("=" + sheet_cell(isheet, irow, icol::rate)).c_str(),
                                        f.rate, s.rate / 100.0);
            const bool whole = static_cast<std::int64_t>(s.target * 100.0 + 0.5) % 100 == 0;
            worksheet_write_formula_num(ws, row, 5,
                                        ("=" + sheet_cell(isheet, irow, icol::target)).c_str(),
                                        whole ? f.target : f.target_dec, s.target / 100.0);
            worksheet_write_formula_num(ws, row, 6, (cell(row, 5) + "-" + cell(row, 4)).c_str(),
                                        f.rate, s.target / 100.0 - s.rate / 100.0);
            worksheet_write_formula_num(ws, row, 7,
                                        ("=" + sheet_cell(isheet, irow, icol::max)).c_str(),
                                        f.points, s.max_points);
            worksheet_write_formula_num(
                ws, row, 8, (cell(row, 7) + "-" + sheet_cell(isheet, irow, icol::points)).c_str(),
                f.points, s.max_points - s.points);
            ++row;
        }
    }
    if (row > header + 1) {
        lxw_conditional_format bar{};
        bar.type = LXW_CONDITIONAL_DATA_BAR;
        bar.bar_color = 0xF8696B;
        bar.bar_solid = LXW_TRUE;
        worksheet_conditional_format_range(ws, header + 1, 6, row - 1, 6, &bar);
    }
    worksheet_autofilter(ws, header, 0, std::max(row - 1, header), last);
    setup_page(c, ws, header, 2);
    widths.apply(ws);
}

}  // namespace vanban::xlsx
