#include "pdf/table_pages.hpp"

#include <algorithm>
#include <cstdio>

#include "pdf/page_setup.hpp"

namespace vanban::pdf {

namespace {

// Pages filled as far as they go: rows kept whole, a chain of keep_with_next rows moved with
// the row after it (unless the chain is taller than a page).
std::vector<TablePage> fill_pages(const std::vector<TableRow>& rows, const std::vector<double>& h,
                                  double head, double first_page_mm, double page_mm) {
    std::vector<TablePage> pages;
    TablePage cur{0, 0, head};
    double room = first_page_mm;
    std::size_t i = 0;
    while (i < rows.size()) {
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

// Widow and orphan control on pages filled by fill_pages (see TableLayout::min_rows_at_break).
// Only the first piece (the table's start under what precedes it) and the last piece (its
// tail) can be short: every page between is full.
std::vector<TablePage> control_breaks(std::vector<TablePage> pages,
                                      const std::vector<TableRow>& rows,
                                      const std::vector<double>& h, double head, double page_mm,
                                      std::size_t k) {
    auto units = [&](std::size_t a, std::size_t b) {
        std::size_t n = 0;
        for (std::size_t i = a; i < b; ++i) n += rows[i].keep_with_next ? 0 : 1;
        return n;
    };
    auto height = [&](std::size_t a, std::size_t b) {
        double sum = head;
        for (std::size_t i = a; i < b; ++i) sum += h[i];
        return sum;
    };
    // Orphan: a start of fewer than k rows at the foot of the first page: start on the next.
    if (pages.size() > 1 && units(pages[0].first, pages[0].last) > 0 &&
        units(pages[0].first, pages[0].last) < k)
        pages = fill_pages(rows, h, head, 0, page_mm);
    // Widow: a tail of fewer than k rows takes rows back from the page before it.
    if (pages.size() < 2) return pages;
    TablePage& prev = pages[pages.size() - 2];
    TablePage& last = pages.back();
    if (units(last.first, last.last) >= k) return pages;
    std::size_t b = last.first;
    while (b > prev.first && units(b, last.last) < k) --b;
    // The page before keeps k rows of its own, else (when it is the table's start) the whole
    // table moves on.
    if (units(prev.first, b) < k) {
        if (pages.size() == 2)
            b = prev.first;
        else
            while (b < last.first && units(prev.first, b) < k) ++b;
    }
    while (b > prev.first && rows[b - 1].keep_with_next) --b;
    if (b == last.first || height(b, last.last) > page_mm) return pages;
    prev.last = b;
    prev.height_mm = height(prev.first, b);
    last.first = b;
    last.height_mm = height(b, last.last);
    return pages;
}

}  // namespace

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
    // What must stay under the table counts as part of its last row while pages are made.
    const double after = layout.keep_after_mm;
    const bool keep_after = after > 0 && !rows.empty() && head + h.back() + after <= page_mm;
    if (keep_after) h.back() += after;
    std::vector<TablePage> pages = fill_pages(rows, h, head, first_page_mm, page_mm);
    const std::size_t k = std::max<std::size_t>(layout.min_rows_at_break, 1);
    if (k > 1) pages = control_breaks(std::move(pages), rows, h, head, page_mm, k);
    if (keep_after) pages.back().height_mm -= after;
    return pages;
}

}  // namespace vanban::pdf
