// Pieces every scorecard sheet shares: column plans, the title block, header rows, page setup.
#include <algorithm>

#include "vn/text.hpp"
#include "xlsx/scorecard_sheets.hpp"

namespace vanban::xlsx {

RankingColumns ranking_columns(const ScorecardContext& c) {
    RankingColumns k;
    lxw_col_t col = 2;
    if (c.layout.has_district) {
        k.district_columns = true;
        k.district = col++;
        k.district_rank = col++;
    }
    k.first_indicator = col;
    col += static_cast<lxw_col_t>(c.method().indicators.size());
    k.total = col++;
    k.band = col++;
    if (c.table.has_previous) {
        k.previous = true;
        k.prev_rank = col++;
        k.rank_change = col++;
        k.prev_total = col++;
        k.total_change = col++;
    }
    k.last = col - 1;
    return k;
}

std::string level_label(model::Level l) {
    return std::string(model::level_name_vi(l));
}

std::string band_formula(const model::Method& m, const std::string& x) {
    // Bands are sorted by their lower bound, descending; the last starts at 0.
    std::string f, close;
    for (std::size_t b = 0; b + 1 < m.bands.size(); ++b) {
        const auto& band = m.bands[b];
        std::string bound = std::to_string(band.min_h / 100);
        if (band.min_h % 100) {
            std::string cents = std::to_string(band.min_h % 100);
            if (cents.size() < 2) cents = "0" + cents;
            bound += "." + cents;
        }
        f += "IF(" + x + ">=" + bound + ",\"" + band.name + "\",";
        close += ")";
    }
    return f + "\"" + m.bands.back().name + "\"" + close;
}

void write_title_block(const ScorecardContext& c, lxw_worksheet* ws, lxw_col_t last_col,
                       lxw_row_t title_row, const std::string& title,
                       const std::vector<std::string>& subtitles) {
    if (c.agency && title_row >= 3) {  // sheets with room above the title
        if (!c.agency->parent_header.empty())
            worksheet_write_string(ws, 0, 0, c.agency->parent_header.c_str(), c.fmt.parent);
        worksheet_write_string(ws, 1, 0, c.agency->issuer_header.c_str(), c.fmt.agency);
    }
    auto across = [&](lxw_row_t row, const std::string& text, lxw_format* f) {
        worksheet_write_string(ws, row, 0, text.c_str(), f);
        for (lxw_col_t col = 1; col <= last_col; ++col) worksheet_write_blank(ws, row, col, f);
    };
    worksheet_set_row(ws, title_row, 21, nullptr);
    across(title_row, title, c.fmt.title);
    lxw_row_t r = title_row + 1;
    for (const auto& s : subtitles) across(r++, s, c.fmt.subtitle);
}

void write_header_row(const ScorecardContext& c, lxw_worksheet* ws, lxw_row_t row,
                      const std::vector<std::string>& headers, ColumnWidths& widths) {
    worksheet_set_row(ws, row, 45, nullptr);  // three wrapped lines
    for (std::size_t i = 0; i < headers.size(); ++i) {
        const auto col = static_cast<lxw_col_t>(i);
        worksheet_write_string(ws, row, col, headers[i].c_str(), c.fmt.header);
        // A wrapped header needs its longest word, and about a third of its length on 3 lines.
        double longest = 0;
        std::size_t start = 0;
        const std::string& h = headers[i];
        while (start <= h.size()) {
            std::size_t end = h.find(' ', start);
            if (end == std::string::npos) end = h.size();
            longest = std::max(longest, text_width(h.substr(start, end - start), 11, true));
            start = end + 1;
        }
        double third = (text_width(h, 11, true) - 1.5) / 3 + 2.5;
        widths.at_least(col, std::max(longest, std::min(third, 18.0)));
    }
}

void setup_print(lxw_worksheet* ws) {
    worksheet_set_paper(ws, 9);  // A4
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);  // one page wide, as many tall as needed
    worksheet_set_margins(ws, 0.5, 0.4, 0.6, 0.6);
    worksheet_set_footer(ws, "&CTrang &P/&N");
    worksheet_center_horizontally(ws);
}

void setup_page(const ScorecardContext& c, lxw_worksheet* ws, lxw_row_t header_row,
                lxw_col_t freeze_col) {
    (void)c;
    setup_print(ws);
    worksheet_repeat_rows(ws, header_row, header_row);
    worksheet_freeze_panes(ws, header_row + 1, freeze_col);
}

}  // namespace vanban::xlsx
