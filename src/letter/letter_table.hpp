// The box model of a letter's table (a `table` block, templates/nd30: 13 pt cells, 1.15 line
// height, 0.8 x 1.5 mm padding, 0.6 pt rules) and its column widths, decided by vanban.
//
// wkhtmltopdf's automatic table layout cannot be predicted, and a table that vanban paginates
// (Phụ lục) or keeps row by row (the letter's body) needs the same widths on every page and
// every row: so the widths are computed here from the pinned font metrics and written into
// the HTML (table-layout: fixed).
//
//     LetterTableText t{columns, rows, numeric};
//     std::vector<double> w = column_widths_mm(t, 164.0);   // sums to 164 mm
#pragma once

#include <string>
#include <vector>

#include "pdf/table_pages.hpp"

namespace vanban::letter {

// CSS sizes of the table (templates/nd30/nd30.css says the same).
inline constexpr double kTableFontPt = 13;      // 13.25 pt in the PDF
inline constexpr double kTablePadXMm = 1.5;     // left and right, each
inline constexpr double kTablePadYMm = 0.8;     // top and bottom, each
inline constexpr double kTableRuleMm = 0.2117;  // 0.6 pt
inline constexpr double kTableLineHeight = 1.15;

struct LetterTableText {
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;
    std::vector<bool> numeric;  // numbers stay on one line, right aligned
};

// The layout used to measure rows (column widths filled in by column_widths_mm).
pdf::TableLayout letter_table_layout(std::vector<double> column_widths_mm = {});

// Column widths over `width_mm`: number columns as wide as their widest number, text columns
// between their longest word and their longest line, in proportion to what they hold (like a
// browser's automatic layout, but known in advance). The widths sum to `width_mm`.
std::vector<double> column_widths_mm(const LetterTableText& t, double width_mm);

// The rows as pdf::paginate measures them (header cells bold, number cells on one line).
pdf::TableRow header_row(const LetterTableText& t);
pdf::TableRow body_row(const LetterTableText& t, std::size_t row);

}  // namespace vanban::letter
