#!/usr/bin/python3
"""Long tables in letters, read back from the PDF with poppler (pdftotext -bbox-layout).

1. A Phụ lục with a table of 120 rows (samples/letters/ubnd-thong-bao-tthc-cap-xa-quy-iii-2024.json)
   is laid out page by page by vanban: the header row at the top of every page of the table,
   every row's cells on one page, every row once and in order, nothing under the bottom margin,
   the Phụ lục's pages numbered on their own (none on its first page, 2, 3, … centred in the top
   margin), the paragraphs before and after the table present.
2. A table of 60 three-line rows in the letter's body: no row is cut by a page break (the
   header row is not repeated there; docs/letters.md says why).

usage: check_long_tables.py VANBAN SOURCE_DIR
"""
import json
import os
import re
import subprocess
import tempfile
import unicodedata

from letter_checks import BOTTOM, LEFT, LETTERS, MM, ORG, RIGHT, TOP, VANBAN, check, finish

SAMPLE = os.path.join(LETTERS, "ubnd-thong-bao-tthc-cap-xa-quy-iii-2024.json")

def render(letter_path, d):
    pdf = os.path.join(d, "out.pdf")
    p = subprocess.run([VANBAN, "letter", letter_path, "--org", ORG, "-o", pdf, "--draft"],
                       capture_output=True, text=True)
    check(p.returncode == 0, f"{os.path.basename(letter_path)}: exit 0 ({p.stderr.strip()})")
    return pdf if p.returncode == 0 else None


def pages_words(pdf):
    """[[(x0, y0, x1, y1, word)]] per page, in mm, words NFC."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = []
    for page in xml.split("<page ")[1:]:
        words = []
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                             r'yMax="([\d.]+)">([^<]*)</word>', page):
            x0, y0, x1, y1 = (float(v) * MM for v in m.groups()[:4])
            words.append((x0, y0, x1, y1, unicodedata.normalize("NFC", m.group(5))))
        pages.append(words)
    return pages


def cell_text(v):
    """A cell as vanban prints it: thousands dot, decimal comma, decimals as written."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return v
    if isinstance(v, int):
        return f"{v:,}".replace(",", ".")
    whole, _, frac = repr(v).partition(".")
    return f"{int(whole):,}".replace(",", ".") + "," + frac


def words_of(cells):
    return sorted(w for c in cells for w in cell_text(c).split())


def row_bands(words, header_bottom, first_col_right, page_bottom):
    """[(number, top, bottom)] of the table rows on a page: a row starts at its STT word."""
    stt = sorted((w[1], int(w[4])) for w in words
                 if w[4].isdigit() and w[2] < first_col_right and w[1] > header_bottom)
    bands = []
    for k, (top, n) in enumerate(stt):
        bottom = stt[k + 1][0] if k + 1 < len(stt) else page_bottom
        bands.append((n, top - 0.3, bottom - 0.3))
    return bands


def check_margins_and_numbers(label, pages, part_start):
    """Every word inside the margins; page numbers: none on a part's first page, its own
    sequence 2, 3, … centred in the top margin of the others."""
    centre = (LEFT + RIGHT) / 2
    for pno, words in enumerate(pages, 1):
        top = [w for w in words if w[3] < TOP]
        start = max(s for s in part_start if s <= pno)
        want = pno - start + 1
        if want == 1:
            check(not top, f"{label}: nothing in the top margin of page {pno} (first of its part): {top}")
        else:
            check(len(top) == 1 and top[0][4] == str(want)
                  and abs((top[0][0] + top[0][2]) / 2 - centre) < 1.5,
                  f"{label}: page {pno} numbered {want}, centred in the top margin: {top}")
        for w in words:
            if w[3] < TOP:
                continue
            check(w[0] >= LEFT - 0.5 and w[2] <= RIGHT + 0.5 and w[3] <= BOTTOM + 0.5,
                  f"{label}: word inside the margins: p{pno} {w}")


def appendix_case():
    letter = json.load(open(SAMPLE, encoding="utf-8"))
    app = letter["appendices"][0]
    table = next(b["table"] for b in app["body"] if "table" in b)
    columns, rows = table["columns"], table["rows"]
    check(len(rows) >= 100, f"the sample's Phụ lục table is long: {len(rows)} rows")
    head_words = sorted(w for c in columns for w in c.split())
    with tempfile.TemporaryDirectory() as d:
        pdf = render(SAMPLE, d)
        if not pdf:
            return
        pages = pages_words(pdf)
        starts = [k for k, ws in enumerate(pages, 1)
                  if [w[4] for w in sorted(ws, key=lambda w: (w[1], w[0]))[:2]] == ["Phụ", "lục"]]
        check(len(starts) == 1, f"appendix: one page starts with 'Phụ lục': {starts}")
        if len(starts) != 1:
            return
        first = starts[0]
        check(len(pages) - first + 1 >= 4, f"appendix: spans several pages ({len(pages) - first + 1})")
        check_margins_and_numbers("appendix", pages, [1, first])

        seen = []
        for pno in range(first, len(pages) + 1):
            words = [w for w in pages[pno - 1] if w[3] >= TOP]
            # the header row: the words of the column titles, above every row of the page
            stt = [w for w in words if w[4] == "STT"]
            if len(seen) == len(rows):  # after the table: the closing paragraph, no header
                check(not stt, f"appendix page {pno}: no header row after the table's last row")
                continue
            if not check(len(stt) == 1, f"appendix page {pno}: one header row ('STT'): {len(stt)}"):
                continue
            hy = stt[0][1]
            dv = [w for w in words if w[4] == "Đơn" and abs(w[1] - hy) < 8]
            if not check(dv, f"appendix page {pno}: 'Đơn vị' in the header row"):
                continue
            # the header is centred vertically: its words lie from a little above 'STT' down to
            # the first row, whose number sits in the first column
            first_col_right = dv[0][0] - 0.5
            row_tops = [w[1] for w in words if w[4].isdigit() and w[2] < first_col_right and w[1] > hy + 1]
            first_row = min(row_tops, default=BOTTOM)
            band = [w for w in words if hy - 8 <= w[1] and w[3] <= first_row + 0.1]
            got_head = sorted(w[4] for w in band)
            check(got_head == head_words, f"appendix page {pno}: header row {got_head}")
            header_top = min(w[1] for w in band)
            header_bottom = max(w[3] for w in band)
            above = [w for w in words if w[3] <= header_top + 0.1]
            if pno == first:
                text = " ".join(w[4] for w in sorted(above, key=lambda w: (round(w[1], 1), w[0])))
                check(text.startswith("Phụ lục"), f"appendix page {pno}: heading above the table")
                # the heading has a fixed height: every line of it must show, none clipped
                for want in ("Phụ lục", app["title"].upper(), app["subtitle"],
                             "(Kèm theo Thông báo số 418/TB-UBND ngày 21/10/2024 của Ủy ban nhân "
                             "dân tỉnh Đồng Nai)", app["body"][0]["p"]):
                    check(want in text, f"appendix page {pno}: {want[:50]!r} above the table: {text[:300]!r}")
            else:
                check(not above, f"appendix page {pno}: the header row is the first line: {above[:5]}")
            page_bottom = max((w[3] for w in words), default=BOTTOM) + 1
            # the paragraph after the table (indented first line), if on this page, closes the
            # last band
            tail = app["body"][-1]["p"].split()[0]
            after = [w[1] for w in words if w[4] == tail and w[0] < LEFT + 12 and w[1] > header_bottom]
            page_bottom = min(after) if after else page_bottom
            for n, top, bottom in row_bands(words, header_bottom, first_col_right, page_bottom):
                seen.append(n)
                if not 1 <= n <= len(rows):
                    check(False, f"appendix page {pno}: row number {n} out of range")
                    continue
                got = sorted(w[4] for w in words if top <= w[1] < bottom)
                want = words_of(rows[n - 1])
                check(got == want, f"appendix page {pno}: row {n} whole on its page: "
                                   f"{' '.join(sorted(set(want) - set(got)))} missing, "
                                   f"{' '.join(sorted(set(got) - set(want)))} extra")
        check(seen == list(range(1, len(rows) + 1)),
              f"appendix: every row once and in order ({len(seen)} seen)")
        # the paragraphs around the table
        text = " ".join(w[4] for ws in pages[first - 1:] for w in ws)
        for b in app["body"]:
            if "p" in b:
                check(" ".join(b["p"].split()) in text, f"appendix: paragraph {b['p'][:40]!r}")


def body_table_case():
    base = json.load(open(os.path.join(LETTERS, "syt-1999-cchc-quy-ii-2023.json"),
                          encoding="utf-8"))
    rows = [[i, f"Đơn vị thứ {i}: nội dung dài, xuống dòng nhiều lần trong ô này để mỗi dòng của "
                f"bảng cao ba dòng chữ, dễ bị cắt ngang ở cuối trang", 97.5, f"M{i}"]
            for i in range(1, 61)]
    letter = dict(base, body=[{"p": "Đoạn mở đầu của công văn."},
                              {"table": {"columns": ["STT", "Đơn vị", "Tỷ lệ", "Mã"], "rows": rows}},
                              {"p": "Đoạn kết thúc của công văn."}])
    letter.pop("appendices", None)
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "bang.json")
        json.dump(letter, open(path, "w", encoding="utf-8"), ensure_ascii=False)
        pdf = render(path, d)
        if not pdf:
            return
        pages = pages_words(pdf)
        check(len(pages) >= 3, f"body table: several pages ({len(pages)})")
        check_margins_and_numbers("body table", pages, [1])
        seen = []
        for pno, all_words in enumerate(pages, 1):
            words = [w for w in all_words if TOP <= w[1] and not w[4].startswith(("Địa", "Điện"))]
            dv = [w for w in words if w[4] == "Đơn" and w[0] > LEFT + 5]
            first_col = min((w[0] for w in dv), default=LEFT + 15) - 0.5
            # rows are told apart by their Mã cell ("M17"), which sits on the row's first line
            marks = sorted((w[1], int(w[4][1:])) for w in words if re.fullmatch(r"M\d+", w[4]))
            for k, (top, n) in enumerate(marks):
                bottom = marks[k + 1][0] if k + 1 < len(marks) else top + 25
                got = sorted(w[4] for w in words if top - 0.3 <= w[1] < bottom - 0.3
                             and w[0] >= LEFT - 1 and not (w[0] < first_col and w[4] == "Đoạn"))
                want = words_of(rows[n - 1])
                check(set(want) <= set(got) and len(got) >= len(want),
                      f"body table page {pno}: row {n} whole: missing "
                      f"{' '.join(sorted(set(want) - set(got)))}")
                seen.append(n)
        check(seen == list(range(1, 61)), f"body table: every row once and in order: {seen}")


appendix_case()
body_table_case()
finish()
