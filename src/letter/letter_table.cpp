#include "letter/letter_table.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "pdf/page_setup.hpp"
#include "pdf/text_metrics.hpp"

namespace vanban::letter {

namespace {

const pdf::FontSpec kCell{kTableFontPt};
const pdf::FontSpec kHead{kTableFontPt, true};

double text_mm(const std::string& s, const pdf::FontSpec& f) {
    return pdf::TextMetrics::shared().width_pt(s, f) / pdf::kPointsPerMm;
}

double longest_word_mm(const std::string& s, const pdf::FontSpec& f) {
    double w = 0;
    std::size_t i = 0;
    while (i <= s.size()) {
        std::size_t j = s.find(' ', i);
        if (j == std::string::npos) j = s.size();
        w = std::max(w, text_mm(s.substr(i, j - i), f));
        i = j + 1;
    }
    return w;
}

// Heights of the whole table (header and rows) for trial widths. A trial moves width between
// two columns only, so each column's line counts are kept per width and the other columns'
// wrapping is reused instead of measured again: the balance below tries hundreds of widths per
// table and every result letter has a table (measuring each cell each time cost the sample year
// about 1.5 s of CPU). The sum is the one pdf::row_height_mm makes, in the same order.
class TableHeights {
  public:
    explicit TableHeights(const LetterTableText& t) : cache_(t.columns.size()) {
        rows_.push_back(header_row(t));
        for (std::size_t i = 0; i < t.rows.size(); ++i) rows_.push_back(body_row(t, i));
    }

    double operator()(const std::vector<double>& w) {
        const pdf::TableLayout layout = letter_table_layout(w);
        const double frame = 2 * layout.padding_y_mm + layout.border_mm + layout.row_slack_mm;
        std::vector<const std::vector<double>*> cols(w.size());
        for (std::size_t c = 0; c < w.size(); ++c) cols[c] = &column(layout, c);
        double h = 0;
        for (std::size_t r = 0; r < rows_.size(); ++r) {
            double text = 0;
            for (std::size_t c = 0; c < rows_[r].cells.size() && c < w.size(); ++c)
                text = std::max(text, (*cols[c])[r]);
            h += text + frame;
        }
        return h;
    }

  private:
    // Text height of column `c`'s cell in every row at the layout's width of that column.
    const std::vector<double>& column(const pdf::TableLayout& layout, std::size_t c) {
        const double width = layout.column_widths_mm[c];
        auto [it, fresh] = cache_[c].try_emplace(width);
        if (!fresh) return it->second;
        const double inner_pt =
            (width - 2 * layout.padding_x_mm - layout.border_mm) * pdf::kPointsPerMm;
        const auto& tm = pdf::TextMetrics::shared();
        it->second.resize(rows_.size(), 0.0);
        for (std::size_t r = 0; r < rows_.size(); ++r) {
            if (c >= rows_[r].cells.size()) continue;
            const pdf::TableCell& cell = rows_[r].cells[c];
            const int lines = cell.nowrap ? 1 : tm.line_count(cell.text, cell.font, inner_pt);
            it->second[r] = lines * pdf::line_height_mm(layout, cell.font);
        }
        return it->second;
    }

    std::vector<pdf::TableRow> rows_;                           // the header, then the body rows
    std::vector<std::map<double, std::vector<double>>> cache_;  // per column: width -> heights
};

// Moves width between text columns while that makes the table shorter: the proportional
// share gives a column of short names and a column of rare long notes the wrong balance (the
// names wrap on every row, the notes on a few). Steps of 8, 4, 2, 1 mm, never under a column's
// longest word.
void balance(const LetterTableText& t, std::vector<double>& w, const std::vector<double>& lo) {
    std::vector<std::size_t> text;
    for (std::size_t c = 0; c < w.size(); ++c)
        if (!(c < t.numeric.size() && t.numeric[c])) text.push_back(c);
    if (text.size() < 2) return;
    TableHeights table_height_mm(t);
    double best = table_height_mm(w);
    for (int round = 0; round < 40; ++round) {
        std::vector<double> best_w;
        for (std::size_t a : text)
            for (std::size_t b : text) {
                if (a == b) continue;
                for (double step : {8.0, 4.0, 2.0, 1.0}) {
                    if (w[b] - step < lo[b]) continue;
                    std::vector<double> trial = w;
                    trial[a] += step;
                    trial[b] -= step;
                    const double h = table_height_mm(trial);
                    if (h < best - 0.01) {
                        best = h;
                        best_w = trial;
                    }
                }
            }
        if (best_w.empty()) return;
        w = best_w;
    }
}

}  // namespace

pdf::TableLayout letter_table_layout(std::vector<double> column_widths_mm) {
    pdf::TableLayout l;
    l.column_widths_mm = std::move(column_widths_mm);
    l.padding_x_mm = kTablePadXMm;
    l.padding_y_mm = kTablePadYMm;
    l.border_mm = kTableRuleMm;
    l.line_height = kTableLineHeight;
    // No lone row at the foot or the head of a page (as the ranking, which uses 3).
    l.min_rows_at_break = 2;
    return l;
}

std::vector<double> column_widths_mm(const LetterTableText& t, double width_mm) {
    const std::size_t n = t.columns.size();
    // Padding, one rule, and half a millimetre against Qt's rounding of advances.
    const double pad = 2 * kTablePadXMm + kTableRuleMm + 0.5;
    std::vector<double> lo(n), hi(n);
    for (std::size_t c = 0; c < n; ++c) {
        const bool num = c < t.numeric.size() && t.numeric[c];
        double word = longest_word_mm(t.columns[c], kHead);
        double line = num ? word : text_mm(t.columns[c], kHead);
        for (const auto& r : t.rows) {
            if (c >= r.size()) continue;
            const double one_line = text_mm(r[c], kCell);
            word = std::max(word, num ? one_line : longest_word_mm(r[c], kCell));
            line = std::max(line, one_line);
        }
        // A number column's header may wrap, but onto two lines at most ("Hồ sơ tiếp nhận").
        const auto& tm = pdf::TextMetrics::shared();
        while (num && tm.line_count(t.columns[c], kHead, (word + 0.5) * pdf::kPointsPerMm) > 2)
            word += 0.5;
        lo[c] = word + pad;
        hi[c] = (num ? word : line) + pad;
    }
    // Number columns are fixed; text columns share the rest.
    double fixed = 0, text_lo = 0, text_hi = 0;
    for (std::size_t c = 0; c < n; ++c) {
        if (c < t.numeric.size() && t.numeric[c]) {
            fixed += hi[c];
        } else {
            text_lo += lo[c];
            text_hi += hi[c];
        }
    }
    std::vector<double> w(n);
    const double rest = width_mm - fixed;
    for (std::size_t c = 0; c < n; ++c) {
        const bool num = c < t.numeric.size() && t.numeric[c];
        if (num || text_hi == 0)
            w[c] = hi[c];
        else if (text_hi <= rest)  // everything on one line: stretch in proportion
            w[c] = hi[c] * rest / text_hi;
        else if (text_lo <= rest)  // wrap, giving each what it would lack in proportion
            w[c] = lo[c] + (rest - text_lo) * (hi[c] - lo[c]) / (text_hi - text_lo);
        else
            w[c] = lo[c];
    }
    if (text_hi > rest && text_lo <= rest) balance(t, w, lo);
    // Whatever is left over or missing (all number columns; words too long) is spread in
    // proportion, then rounded to 0.1 mm with the last column taking the remainder.
    const double sum = std::accumulate(w.begin(), w.end(), 0.0);
    double given = 0;
    for (std::size_t c = 0; c < n; ++c) {
        w[c] = c + 1 < n ? std::floor(w[c] * width_mm / sum * 10) / 10 : width_mm - given;
        given += w[c];
    }
    return w;
}

pdf::TableRow header_row(const LetterTableText& t) {
    pdf::TableRow r;
    for (const auto& c : t.columns) r.cells.push_back({c, kHead, 1, false});
    return r;
}

pdf::TableRow body_row(const LetterTableText& t, std::size_t row) {
    pdf::TableRow r;
    const auto& cells = t.rows[row];
    for (std::size_t c = 0; c < cells.size(); ++c)
        r.cells.push_back({cells[c], kCell, 1, c < t.numeric.size() && t.numeric[c]});
    return r;
}

}  // namespace vanban::letter
