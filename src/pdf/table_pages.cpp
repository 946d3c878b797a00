#include "pdf/table_pages.hpp"

#include <algorithm>
#include <cstdio>

#include "pdf/page_setup.hpp"

namespace vanban::pdf {

double line_height_mm(const TableLayout& layout, const FontSpec& font) {
    return layout.line_height * TextMetrics::pdf_size_pt(font.size_pt) / kPointsPerMm;
}

double row_height_mm(const TableLayout& layout, const TableRow& row, const TextMetrics& metrics) {
    double text_mm = 0;
    std::size_t col = 0;
    for (const TableCell& cell : row.cells) {
        double width_mm = 0;
        for (int k = 0; k < std::max(cell.span, 1) && col < layout.column_widths_mm.size(); ++k)
            width_mm += layout.column_widths_mm[col++];
        const double inner_pt =
            (width_mm - 2 * layout.padding_x_mm - layout.border_mm) * kPointsPerMm;
        const int lines = cell.nowrap ? 1 : metrics.line_count(cell.text, cell.font, inner_pt);
        text_mm = std::max(text_mm, lines * line_height_mm(layout, cell.font));
    }
    return text_mm + 2 * layout.padding_y_mm + layout.border_mm + layout.row_slack_mm;
}

std::vector<TablePage> paginate(const TableLayout& layout, const TableRow& header,
                                const std::vector<TableRow>& rows, double first_page_mm,
                                double page_mm, const TextMetrics& metrics) {
    const double head = row_height_mm(layout, header, metrics);
    std::vector<double> h(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        h[i] = row_height_mm(layout, rows[i], metrics);
        if (head + h[i] > page_mm) {
            const std::string name = rows[i].cells.empty() ? "" : rows[i].cells[0].text;
            char buf[160];
            std::snprintf(buf, sizeof buf, "cao %.1f mm, trang chỉ còn %.1f mm cho bảng",
                          head + h[i], page_mm - head);
            throw RowTooTallError("Dòng " + std::to_string(i + 1) + " của bảng (\"" + name +
                                  "\") không vừa một trang: " + buf);
        }
    }
    std::vector<TablePage> pages;
    TablePage cur{0, 0, head};
    double room = first_page_mm;
    std::size_t i = 0;
    while (i < rows.size()) {
        // A heading goes with the rows it heads: the chain of keep_with_next rows and the row
        // after them move as one block, unless that block is taller than a page.
        std::size_t end = i;
        double block = 0;
        while (end < rows.size()) {
            block += h[end];
            if (!rows[end++].keep_with_next) break;
        }
        if (head + block > page_mm) {
            end = i + 1;
            block = h[i];
        }
        if (cur.height_mm + block <= room) {
            cur.height_mm += block;
            cur.last = end;
            i = end;
            continue;
        }
        // Close this page (an empty first page when the table cannot start there: its space
        // went to what precedes the table) and start a fresh one.
        pages.push_back(cur);
        cur = {i, i, head};
        room = page_mm;
    }
    pages.push_back(cur);
    return pages;
}

}  // namespace vanban::pdf
