#!/usr/bin/python3
"""Checks the register book (`vanban registry export --format xlsx|pdf`) against the same
register exported as TSV (`--format tsv`), with independent readers: openpyxl for the workbook,
poppler's `pdftotext -bbox-layout` for the PDF.

  check_book.py REGISTER.tsv BOOK.xlsx BOOK.pdf --year 2024 --issuer "SỞ Y TẾ"
                [--parent "UBND TỈNH ĐỒNG NAI"] [--void "07/SYT-VP=Soạn nhầm"] [--min-pages 3]

Workbook: a cover sheet with the agency, SỔ ĐĂNG KÝ VĂN BẢN ĐI, the year, the date range and
number range (computed here from the TSV), and a register sheet whose header and rows equal the
TSV's, set up to print as a book (A4 landscape, frozen and repeated header, footer with page
numbers, wrapped text).
PDF: the cover first (no page number), then at least --min-pages register pages, each headed by
"Trang k/N" and the header row above everything else; every number exactly once; every row whole
(its last word, "hết_mục_…", on the number's page, below the number and above the next one).
"""
import argparse
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import openpyxl

COLUMNS = ["Số, ký hiệu", "Ngày tháng", "Tên loại và trích yếu nội dung", "Người ký",
           "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản", "Ngày chuyển",
           "Ký nhận", "Ghi chú"]
HEADER_WORDS = sorted(w for c in COLUMNS for w in c.split())
errors = []


def check(cond, msg):
    if not cond:
        errors.append(msg)
    return cond


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    rows = [l.split("\t") for l in lines[:-1]]
    check(rows[0] == COLUMNS, f"TSV header {rows[0]!r}")
    return rows[1:]


def cover_facts(rows):
    def day(s):
        d, m, y = (int(x) for x in s.split("/"))
        return (y, m, d)
    dates = sorted(rows, key=lambda r: day(r[1]))
    numbers = [int(r[0].split("/")[0]) for r in rows]
    return (f"Từ ngày {dates[0][1]} đến ngày {dates[-1][1]}",
            f"Từ số {min(numbers):02d} đến số {max(numbers):02d}")


def text_of(v):
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def check_xlsx(path, rows, a):
    wb = openpyxl.load_workbook(path)
    check(wb.sheetnames == ["Bìa", "Sổ đăng ký"], f"sheets {wb.sheetnames}")
    cover = [text_of(c.value) for row in wb["Bìa"].iter_rows() for c in row if c.value]
    date_range, number_range = cover_facts(rows)
    for want in [a.issuer, "SỔ ĐĂNG KÝ VĂN BẢN ĐI", f"Năm: {a.year}", date_range, number_range] + \
            ([a.parent] if a.parent else []):
        check(want in cover, f"xlsx cover lacks {want!r}: {cover}")
    ws = wb["Sổ đăng ký"]
    got = [[text_of(v) for v in r] for r in ws.iter_rows(values_only=True)]
    check(got[0] == COLUMNS, f"xlsx header {got[0]!r}")
    check(len(got) - 1 == len(rows), f"xlsx has {len(got) - 1} entries, TSV {len(rows)}")
    for i, (g, t) in enumerate(zip(got[1:], rows)):
        check(g == t, f"xlsx row {i + 2} {g!r} != TSV {t!r}")
    for v in a.void:
        number, reason = v.split("=", 1)
        row = [r for r in got if r[0] == number]
        check(len(row) == 1 and row[0][9] == "Đã hủy: " + reason,
              f"voided {number} not in the xlsx with its reason: {row}")
    # Printed as a book.
    check(ws.freeze_panes == "A2", f"freeze panes {ws.freeze_panes}")
    check(ws.print_title_rows in ("1:1", "$1:$1"), f"repeated rows {ws.print_title_rows}")
    check(ws.page_setup.orientation == "landscape", "register sheet not landscape")
    check(str(ws.page_setup.paperSize) == "9", f"paper {ws.page_setup.paperSize} is not A4")
    footer = ws.oddFooter.center.text or ""
    check("&P" in footer and "&N" in footer and "Trang" in footer, f"footer {footer!r}")
    check(ws["C2"].alignment.wrap_text, "trích yếu not wrapped")
    long_row = max(range(len(rows)), key=lambda i: len(rows[i][2]))
    height = ws.row_dimensions[long_row + 2].height or 0
    check(height > 2 * 15, f"row {long_row + 2} with a long trích yếu is only {height} pt high")


def pdf_pages(path):
    xml = subprocess.run(["pdftotext", "-bbox-layout", path, "-"], check=True,
                         capture_output=True).stdout
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    pages = []
    for page in ET.fromstring(xml).iter("{http://www.w3.org/1999/xhtml}page"):
        pages.append([(w.text or "", float(w.get("yMin")), float(w.get("xMin")))
                      for w in page.iterfind(".//x:word", ns)])
    return pages


def check_pdf(path, rows, a):
    pages = pdf_pages(path)
    date_range, number_range = cover_facts(rows)
    cover = " ".join(w for w, _, _ in pages[0])
    for want in [a.issuer, "SỔ ĐĂNG KÝ VĂN BẢN ĐI", f"Năm: {a.year}", date_range, number_range]:
        check(want in cover, f"PDF cover lacks {want!r}: {cover}")
    check("Trang" not in cover, "the cover carries a page number")
    # Box 2 (the agency_header macro of templates/nd30/page.html): parent line above the issuer.
    if a.parent:
        check(a.parent in cover, f"PDF cover lacks {a.parent!r}: {cover}")
        y_of = {w: y for w, y, _ in pages[0]}
        first_parent, first_issuer = a.parent.split()[0], a.issuer.split()[0]
        check(y_of.get(first_parent, 1e9) < y_of.get(first_issuer, -1),
              f"the parent body {a.parent!r} is not above the issuer {a.issuer!r} on the cover")
    register = pages[1:]
    n = len(register)
    check(n >= a.min_pages, f"only {n} register pages, expected at least {a.min_pages}")
    numbers = {r[0] for r in rows}
    seen = {}
    for k, words in enumerate(register, start=1):
        label = [i for i, (w, _, _) in enumerate(words) if w == f"{k}/{n}"]
        if not check(len(label) == 1 and words[label[0] - 1][0] == "Trang",
                     f"page {k + 1}: no 'Trang {k}/{n}'"):
            continue
        label_y = words[label[0]][1]
        body = [w for i, w in enumerate(words) if i not in (label[0], label[0] - 1)]
        entries = sorted((y, w) for w, y, _ in body if w in numbers)
        if not check(entries, f"page {k + 1}: no entry"):
            continue
        # Above the first entry: exactly the header row's words (cells are centred
        # vertically, so its words are not on one line), below the page number.
        above = sorted(w for w, y, _ in body if y < entries[0][0] - 0.5)
        check(above == HEADER_WORDS, f"page {k + 1}: above the first entry {above}")
        check(all(label_y < y for _, y, _ in body),
              f"page {k + 1}: the page number is not above the table")
        for j, (y, w) in enumerate(entries):
            check(w not in seen, f"{w} printed on register pages {seen.get(w)} and {k}")
            seen[w] = k
            next_y = entries[j + 1][0] if j + 1 < len(entries) else 1e9
            row = next(r for r in rows if r[0] == w)
            marker = row[2].split()[-1]
            if marker.startswith("hết_mục_"):
                ys = [my for mw, my, _ in body if mw == marker]
                check(len(ys) == 1 and y <= ys[0] < next_y,
                      f"row {w} is not whole on page {k + 1} (its last word {marker}: {ys})")
    missing = numbers - set(seen)
    check(not missing, f"numbers missing from the PDF: {sorted(missing)[:10]}")
    for v in a.void:
        number, reason = v.split("=", 1)
        page = seen.get(number)
        if page:
            words = {w for w, _, _ in pages[page]}
            check(set(("Đã hủy: " + reason).split()) <= words,
                  f"reason of voided {number} not on register page {page}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tsv")
    ap.add_argument("xlsx")
    ap.add_argument("pdf")
    ap.add_argument("--year", required=True)
    ap.add_argument("--issuer", required=True)
    ap.add_argument("--parent")
    ap.add_argument("--void", action="append", default=[])
    ap.add_argument("--min-pages", type=int, default=3)
    a = ap.parse_args()
    rows = read_tsv(a.tsv)
    check(len(rows) > 0, "empty register")
    check_xlsx(a.xlsx, rows, a)
    check_pdf(a.pdf, rows, a)
    if errors:
        for e in errors[:30]:
            print("FAIL:", e, file=sys.stderr)
        sys.exit(1)
    print(f"OK: {len(rows)} entries in the workbook and the PDF")


main()
