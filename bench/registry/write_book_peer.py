#!/usr/bin/python3
"""The register book workbook written by a Python peer, for bench_book.sh: a cover sheet and the
ten Phụ lục IV columns with the same rows as `vanban registry export --format xlsx`, read from
`vanban registry export --format tsv` (the same rows the book prints), with what vanban's
workbook has: Times New Roman 12 pt, borders, wrapped text, column widths from the content,
row heights from the wrapped line count, frozen and repeated header, A4 landscape, footer
"Trang &P/&N". The obvious script an office's IT staff would write.

Usage: write_book_peer.py openpyxl|xlsxwriter REGISTER.tsv OUT.xlsx YEAR
Timed as a whole process (start, import, read, write), like vanban.
"""
import sys

FONT, PT, LINE_PT = "Times New Roman", 12, 15.0
MIN_W = [12, 11, 30, 16, 24, 16, 8, 11, 10, 18]
MAX_W = [20, 14, 60, 24, 40, 24, 8, 11, 10, 40]


def width(text):
    return max((len(line) for line in text.split("\n")), default=0) * 1.1 + 1.5


def lines(text, w):
    per_line = max(1, int(w / 1.1) - 1)
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def layout(header, rows):
    widths = []
    for c in range(10):
        w = max([MIN_W[c]] + [width(r[c]) for r in rows])
        widths.append(max(max(width(x) for x in header[c].split()), min(w, MAX_W[c])))
    heights = [max(lines(cell, widths[c]) for c, cell in enumerate(r)) * LINE_PT + 2
               for r in [header] + rows]
    return widths, heights


def cover_lines(rows, year):
    nums = [int(r[0].split("/")[0]) for r in rows]
    def key(r):
        d, m, y = (int(x) for x in r[1].split("/"))
        return (y, m, d)
    by_date = sorted(rows, key=key)
    return ["UBND TỈNH ĐỒNG NAI", "SỞ Y TẾ", "SỔ ĐĂNG KÝ VĂN BẢN ĐI", f"Năm: {year}",
            f"Từ ngày {by_date[0][1]} đến ngày {by_date[-1][1]}",
            f"Từ số {min(nums):02d} đến số {max(nums):02d}"]


def with_xlsxwriter(header, rows, out, year):
    import xlsxwriter
    wb = xlsxwriter.Workbook(out)
    base = {"font_name": FONT, "font_size": PT}
    center = wb.add_format(dict(base, align="center", bold=True))
    cell = wb.add_format(dict(base, border=1, text_wrap=True, valign="top"))
    mid = wb.add_format(dict(base, border=1, text_wrap=True, valign="top", align="center"))
    head = wb.add_format(dict(base, border=1, text_wrap=True, valign="vcenter", align="center",
                              bold=True))
    cv = wb.add_worksheet("Bìa")
    cv.set_paper(9), cv.set_landscape(), cv.set_column(0, 0, 120)
    for i, line in enumerate(cover_lines(rows, year)):
        cv.write_string(i + 1, 0, line, center)
    ws = wb.add_worksheet("Sổ đăng ký")
    ws.set_paper(9), ws.set_landscape(), ws.fit_to_pages(1, 0), ws.repeat_rows(0)
    ws.freeze_panes(1, 0), ws.set_footer("&CTrang &P/&N")
    widths, heights = layout(header, rows)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    for r, (values, h) in enumerate(zip([header] + rows, heights)):
        ws.set_row(r, h)
        for c, v in enumerate(values):
            fmt = head if r == 0 else (mid if c in (0, 1, 7) else cell)
            if r > 0 and c == 6 and v:
                ws.write_number(r, c, float(v), fmt)
            else:
                ws.write_string(r, c, v, fmt)
    wb.close()


def with_openpyxl(header, rows, out, year):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    wb = Workbook()
    cv = wb.active
    cv.title = "Bìa"
    cv.page_setup.paperSize, cv.page_setup.orientation = 9, "landscape"
    cv.column_dimensions["A"].width = 120
    bold = Font(name=FONT, size=PT, bold=True)
    for i, line in enumerate(cover_lines(rows, year)):
        c = cv.cell(row=i + 2, column=1, value=line)
        c.font, c.alignment = bold, Alignment(horizontal="center")
    ws = wb.create_sheet("Sổ đăng ký")
    ws.page_setup.paperSize, ws.page_setup.orientation = 9, "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows, ws.freeze_panes = "1:1", "A2"
    ws.oddFooter.center.text = "Trang &P/&N"
    widths, heights = layout(header, rows)
    for c, w in enumerate(widths):
        ws.column_dimensions[get_column_letter(c + 1)].width = w
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    font, head_font = Font(name=FONT, size=PT), Font(name=FONT, size=PT, bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    wrap_mid = Alignment(wrap_text=True, vertical="top", horizontal="center")
    head_al = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for r, (values, h) in enumerate(zip([header] + rows, heights), start=1):
        ws.row_dimensions[r].height = h
        for c, v in enumerate(values, start=1):
            value = float(v) if r > 1 and c == 7 and v else v
            x = ws.cell(row=r, column=c, value=value)
            x.border = border
            x.font = head_font if r == 1 else font
            x.alignment = head_al if r == 1 else (wrap_mid if c in (1, 2, 8) else wrap)
    wb.save(out)


def main():
    method, tsv, out, year = sys.argv[1:5]
    with open(tsv, encoding="utf-8") as f:
        table = [line.split("\t") for line in f.read().split("\n")[:-1]]
    header, rows = table[0], table[1:]
    {"openpyxl": with_openpyxl, "xlsxwriter": with_xlsxwriter}[method](header, rows, out, year)


main()
