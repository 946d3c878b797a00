#include "xlsx/register_book.hpp"

#include <algorithm>
#include <cmath>

#include "registry/register_text.hpp"
#include "xlsx/workbook_common.hpp"

namespace vanban::xlsx {

namespace {

constexpr double kFontPt = 12;
constexpr const char* kFont = "Times New Roman";
constexpr double kLinePt = 15.75;  // Excel's line height for 12 pt Times New Roman

// Widest each column may grow before its text wraps (Excel character units). The last three
// columns are filled by hand in the printed book: they keep room for a date and a signature.
constexpr std::array<double, 10> kMaxWidth{16, 11, 48, 22, 34, 20, 8, 11, 14, 30};
constexpr std::array<double, 10> kMinWidth{11, 11, 20, 12, 14, 16, 7, 11, 14, 12};
constexpr std::size_t kCopiesColumn = 6;

// Lines a text takes in a column of `width` characters when wrapped at spaces (Excel breaks
// as a greedy word wrap does; an overlong word takes a line of its own).
int wrapped_lines(const std::string& text, double width, bool bold = false) {
    if (text.empty()) return 1;
    int lines = 1;
    double used = 0;
    const double space = text_width(" ", kFontPt) - 1.5;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t j = text.find(' ', i);
        if (j == std::string::npos) j = text.size();
        const double w = text_width(text.substr(i, j - i), kFontPt, bold) - 1.5;
        if (used > 0 && used + space + w > width - 1.5) {
            ++lines;
            used = w;
        } else {
            used += (used > 0 ? space : 0) + w;
        }
        i = j + 1;
    }
    return lines;
}

struct Formats {
    lxw_format *parent, *issuer, *title, *line, *italic;
    lxw_format *head, *cell, *center, *number;
};

Formats make_formats(lxw_workbook* wb) {
    auto base = [&](bool bold, double size) {
        lxw_format* f = workbook_add_format(wb);
        format_set_font_name(f, kFont);
        format_set_font_size(f, size);
        if (bold) format_set_bold(f);
        return f;
    };
    Formats f{};
    f.parent = base(false, 13);
    f.issuer = base(true, 13);
    f.title = base(true, 20);
    f.line = base(false, 14);
    f.italic = base(false, 14);
    format_set_italic(f.italic);
    for (lxw_format* g : {f.parent, f.issuer, f.title, f.line, f.italic})
        format_set_align(g, LXW_ALIGN_CENTER);
    auto boxed = [&](bool bold, uint8_t align) {
        lxw_format* g = base(bold, kFontPt);
        format_set_border(g, LXW_BORDER_THIN);
        format_set_text_wrap(g);
        format_set_align(g, LXW_ALIGN_VERTICAL_TOP);
        format_set_align(g, align);
        return g;
    };
    f.head = boxed(true, LXW_ALIGN_CENTER);
    format_set_align(f.head, LXW_ALIGN_VERTICAL_CENTER);
    f.cell = boxed(false, LXW_ALIGN_LEFT);
    f.center = boxed(false, LXW_ALIGN_CENTER);
    f.number = boxed(false, LXW_ALIGN_CENTER);
    return f;
}

void setup_print(lxw_worksheet* ws) {
    worksheet_set_paper(ws, 9);  // A4
    worksheet_set_landscape(ws);
    worksheet_set_margins(ws, 0.6, 0.4, 0.6, 0.6);
    worksheet_center_horizontally(ws);
}

void write_cover(Workbook& wb, const registry::RegisterBook& book, const Formats& f) {
    lxw_worksheet* ws = wb.add_worksheet("Bìa");
    setup_print(ws);
    worksheet_fit_to_pages(ws, 1, 1);
    worksheet_set_column(ws, 0, 0, 120, nullptr);
    lxw_row_t row = 1;
    auto put = [&](const std::string& text, lxw_format* fmt, double height = 0) {
        if (height > 0) worksheet_set_row(ws, row, height, nullptr);
        wb.check(worksheet_write_string(ws, row++, 0, text.c_str(), fmt), "trang bìa");
    };
    if (!book.agency.parent_header.empty()) put(book.agency.parent_header, f.parent);
    put(book.agency.issuer_header, f.issuer);
    row += 6;
    put(book.cover.title(), f.title, 30);
    row += 1;
    put("Năm: " + std::to_string(book.year), f.line, 20);
    put(book.date_range(), f.line, 20);
    put(book.number_range(), f.line, 20);
    if (book.cover.voided > 0 || book.cover.reserved > 0)
        put("(" + std::to_string(book.cover.count) + " số, trong đó " +
                std::to_string(book.cover.voided) + " số đã hủy, " +
                std::to_string(book.cover.reserved) + " số đã giữ chưa ban hành)",
            f.italic, 20);
}

void write_register(Workbook& wb, const registry::RegisterBook& book, const Formats& f) {
    lxw_worksheet* ws = wb.add_worksheet("Sổ đăng ký");
    setup_print(ws);
    worksheet_fit_to_pages(ws, 1, 0);  // one page wide, as many tall as needed
    worksheet_repeat_rows(ws, 0, 0);
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_set_footer(ws, "&C&\"Times New Roman\"&12Trang &P/&N");

    // Widths: the content's, within the column's bounds; a header never breaks inside a word.
    ColumnWidths widths(10, 4, 60);
    for (std::size_t c = 0; c < 10; ++c) {
        double longest_word = 0;
        const std::string h(registry::kRegisterColumns[c]);
        for (std::size_t i = 0; i <= h.size();) {
            std::size_t j = std::min(h.find(' ', i), h.size());
            longest_word = std::max(longest_word, text_width(h.substr(i, j - i), kFontPt, true));
            i = j + 1;
        }
        double w = kMinWidth[c];
        for (const auto& r : book.rows) w = std::max(w, text_width(r[c], kFontPt));
        widths.at_least(c, std::max(longest_word, std::min(w, kMaxWidth[c])));
    }
    widths.apply(ws);

    auto fit_row = [&](lxw_row_t row, const std::array<std::string, 10>& cells, bool bold) {
        int lines = 1;
        for (std::size_t c = 0; c < 10; ++c)
            lines = std::max(lines, wrapped_lines(cells[c], widths.width(c), bold));
        worksheet_set_row(ws, row, lines * kLinePt + 2, nullptr);
    };
    std::array<std::string, 10> header;
    for (std::size_t c = 0; c < 10; ++c) {
        header[c] = registry::kRegisterColumns[c];
        wb.check(
            worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), header[c].c_str(), f.head),
            "hàng tiêu đề");
    }
    fit_row(0, header, true);
    lxw_row_t row = 1;
    for (const auto& r : book.rows) {
        for (std::size_t c = 0; c < 10; ++c) {
            const auto col = static_cast<lxw_col_t>(c);
            lxw_format* fmt = (c == 0 || c == 1 || c == 7) ? f.center : f.cell;
            if (c == kCopiesColumn && !r[c].empty()) {
                wb.check(worksheet_write_number(ws, row, col, std::stod(r[c]), f.number),
                         "cột Số lượng bản");
            } else if (r[c].empty()) {
                wb.check(worksheet_write_blank(ws, row, col, fmt), "ô trống");
            } else {
                wb.check(worksheet_write_string(ws, row, col, r[c].c_str(), fmt),
                         "một dòng của sổ");
            }
        }
        fit_row(row, r, false);
        ++row;
    }
}

}  // namespace

void write_register_book_xlsx(const registry::RegisterBook& book,
                              const std::filesystem::path& out) {
    DocumentProperties props;
    props.title = book.document_title();
    props.subject = book.agency.name;
    props.author = book.agency.name;
    props.company = book.agency.province;
    props.keywords = "sổ đăng ký văn bản đi, " + book.agency.abbreviation;
    props.created = book.as_of_iso();
    Workbook wb(out, props);
    const Formats f = make_formats(wb.get());
    write_cover(wb, book, f);
    write_register(wb, book, f);
    wb.close();
}

}  // namespace vanban::xlsx
