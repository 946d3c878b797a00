// Splitting a long table into pages before wkhtmltopdf sees it.
//
// wkhtmltopdf 0.12.6 on unpatched Qt does not repeat <thead> on later pages and may cut a row in
// two at a page break. So vanban paginates itself: it measures every row (TextMetrics), decides
// which rows go on which page, and emits each page as its own <table> with its own header row
// and a page break between (templates also give every cell the exact heights used here, so the
// layout cannot drift). A row never straddles two pages; a row taller than a page is an error.
//
// Example (a register book page, 3 of its columns):
//     TableLayout layout;
//     layout.column_widths_mm = {20, 25, 120};
//     TableRow header{{{"Số, ký hiệu", {12, true}}, {"Ngày tháng", {12, true}},
//                      {"Tên loại và trích yếu", {12, true}}}};
//     std::vector<TableRow> rows = ...;   // one per dispatch, cells in column order
//     auto pages = paginate(layout, header, rows, /*first page*/ 200, /*later pages*/ 250);
//     for (const TablePage& p : pages)    // rows [p.first, p.last) under a copy of the header
//         ...;
// Colspans: a cell with span = 3 covers three columns (e.g. a group heading across the table);
// keep_with_next keeps such a heading on the page of the row after it.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "pdf/text_metrics.hpp"

namespace vanban::pdf {

struct TableCell {
    std::string text;  // UTF-8, as it will be shown (after escaping is undone)
    FontSpec font;
    int span = 1;         // columns covered
    bool nowrap = false;  // one line whatever its width (numbers, marks)
};

struct TableRow {
    std::vector<TableCell> cells;
    bool keep_with_next = false;  // never the last row of a page (headings)
};

// The box model the template applies to every cell (border-collapse: collapse).
struct TableLayout {
    std::vector<double> column_widths_mm;  // outer widths, borders included
    double padding_x_mm = 1.0;             // left and right, each
    double padding_y_mm = 0.6;             // top and bottom, each
    double border_mm = 0.2;                // one rule between rows (collapsed)
    double line_height = 1.15;             // × the font's PDF size
    // Extra height each row is given on top of its text: Qt lays out on a grid of 0.576 pt, and
    // rounding must only ever make a row shorter than the height vanban assigned.
    double row_slack_mm = 0.3;
    // Widow and orphan control: when a table is split over pages, every piece of it holds at
    // least this many rows (rows with keep_with_next, i.e. group headings, do not count). A
    // table that cannot be split that way moves whole to the next page when it fits there;
    // rows too tall for the rule are laid out as they fit. 1: no control (fill every page).
    std::size_t min_rows_at_break = 1;
    // Room kept free under the table's last row on its page, for what belongs with the table
    // (its footnotes): the last rows move on with it rather than leave it alone on a page.
    // Ignored when it would not fit on a page with the last row. TablePage heights exclude it.
    double keep_after_mm = 0;
};

struct TablePage {
    std::size_t first = 0, last = 0;  // rows [first, last)
    double height_mm = 0;             // header + rows, as laid out
};

class RowTooTallError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// The height a row is given (and the template must set on it): its tallest cell's wrapped
// lines × line height, plus padding, border and slack.
double row_height_mm(const TableLayout& layout, const TableRow& row,
                     const TextMetrics& metrics = TextMetrics::shared());

// The line box of a font in mm (line_height × quantised size), what templates set as
// line-height for cells of that font so that the measured and the painted heights agree.
double line_height_mm(const TableLayout& layout, const FontSpec& font);

// The pages: the first page has `first_page_mm` for the table (header included), every later
// page `page_mm`. Rows are kept whole; a row with keep_with_next moves to the next page with the
// row after it; layout.min_rows_at_break and keep_after_mm then adjust the first and the last
// break (an empty first piece means: start the table on the next page). Throws
// RowTooTallError (Vietnamese, naming the row by its first cell) when a row plus the header
// does not fit on an empty page. An empty `rows` gives one page with only the header.
std::vector<TablePage> paginate(const TableLayout& layout, const TableRow& header,
                                const std::vector<TableRow>& rows, double first_page_mm,
                                double page_mm, const TextMetrics& metrics = TextMetrics::shared());

}  // namespace vanban::pdf
