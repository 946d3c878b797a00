#!/usr/bin/python3
"""The peer of bench_docx: python-docx (Debian's python3-docx) builds the same letters in one
process: each letter's JSON parsed, resolved against org.json, then a document with the same
named styles, A4 and the decree's margins, boxes 1-4 as a borderless two-column table, the
body justified with a first-line indent, Nơi nhận beside the signature, a PAGE field in the
header (not on page 1) and box 13 in page 1's footer; saved as .docx.

usage: peer_python_docx.py ORG LETTER OUT_DIR COUNT
"""
import json
import os
import re
import sys
import time

import docx
from docx.enum.section import WD_SECTION  # noqa: F401
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

DIEM = "a b c d đ e g h i k l m n o p q r s t u v x y".split()
ROMAN = "I II III IV V VI VII VIII IX X".split()
STYLES = {  # name: size, bold, italic, alignment
    "Quốc hiệu": (12, True, False, "c"), "Tiêu ngữ": (13, True, False, "c"),
    "Tên cơ quan": (13, True, False, "c"), "Số ký hiệu": (13, False, False, "c"),
    "Địa danh ngày": (14, False, True, "c"), "Trích yếu công văn": (12, False, False, "c"),
    "Kính gửi": (14, False, False, "l"), "Nội dung": (14, False, False, "j"),
    "Nơi nhận": (12, True, True, "l"), "Nơi nhận danh sách": (11, False, False, "l"),
    "Chức vụ người ký": (14, True, False, "c"), "Họ tên người ký": (14, True, False, "c"),
    "Số trang": (14, False, False, "c"), "Địa chỉ": (11.5, False, False, "c")}
ALIGN = {"c": WD_ALIGN_PARAGRAPH.CENTER, "l": WD_ALIGN_PARAGRAPH.LEFT,
         "j": WD_ALIGN_PARAGRAPH.JUSTIFY}


def runs(p, text):
    for part in re.split(r"(\*\*.+?\*\*|\*.+?\*)", text):
        if part.startswith("**"):
            p.add_run(part[2:-2]).bold = True
        elif part.startswith("*") and len(part) > 1:
            p.add_run(part[1:-1]).italic = True
        elif part:
            p.add_run(part)


def page_field(p):
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"),
                       ("end", None)):
        r = p.add_run()
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            r._r.append(el)
        elif text == " PAGE ":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
            r._r.append(el)
        else:
            r.text = text


def build(letter, org, out):
    agency = next(a for a in org["agencies"] if a["id"] == letter["agency"])
    signer = next(s for s in agency["signers"] if s["id"] == letter["signer"])
    unit = next(u for u in agency["drafting_units"] if u["id"] == letter["drafting_unit"])
    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    for name, (size, bold, italic, align) in STYLES.items():
        st = d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = normal
        st.font.size, st.font.bold, st.font.italic = Pt(size), bold, italic
        st.paragraph_format.alignment = ALIGN[align]
        st.paragraph_format.space_after = Pt(0)
    body = d.styles["Nội dung"].paragraph_format
    body.first_line_indent, body.space_after = Mm(10), Pt(6)
    s = d.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.right_margin, s.bottom_margin, s.left_margin = Mm(20), Mm(15), Mm(20), Mm(30)
    s.header_distance, s.footer_distance = Mm(10), Mm(20)
    s.different_first_page_header_footer = True
    page_field(s.header.paragraphs[0])
    s.header.paragraphs[0].style = d.styles["Số trang"]
    c = agency["contact"]
    f = s.first_page_footer.paragraphs[0]
    f.style = d.styles["Địa chỉ"]
    f.text = "Địa chỉ: " + c["address"]
    s.first_page_footer.add_paragraph(f"Điện thoại: {c['phone']}; Email: {c['email']}; "
                                      f"Website: {c['website']}", "Địa chỉ")

    t = d.add_table(rows=2, cols=2)
    t.autofit = False
    t.columns[0].width, t.columns[1].width = Mm(70), Mm(94)
    left, right = t.rows[0].cells
    left.paragraphs[0].text = agency["header"]["issuer"].upper()
    left.paragraphs[0].style = d.styles["Tên cơ quan"]
    right.paragraphs[0].text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    right.paragraphs[0].style = d.styles["Quốc hiệu"]
    right.add_paragraph("Độc lập - Tự do - Hạnh phúc", "Tiêu ngữ")
    y, m, dd = (int(x) for x in letter["date"].split("-"))
    so = f"{letter['number']:02d}/{agency['abbreviation']}-{unit['abbreviation']}"
    t.rows[1].cells[0].paragraphs[0].text = "Số: " + so
    t.rows[1].cells[0].paragraphs[0].style = d.styles["Số ký hiệu"]
    t.rows[1].cells[0].add_paragraph("V/v " + letter["trich_yeu"], "Trích yếu công văn")
    t.rows[1].cells[1].paragraphs[0].text = (
        f"{org['province']['place_name']}, ngày {dd:02d} tháng {m:02d} năm {y}" if m < 3 else
        f"{org['province']['place_name']}, ngày {dd:02d} tháng {m} năm {y}")
    t.rows[1].cells[1].paragraphs[0].style = d.styles["Địa danh ngày"]
    for i, r in enumerate(letter.get("kinh_gui", [])):
        end = "." if i + 1 == len(letter["kinh_gui"]) else ";"
        d.add_paragraph(("Kính gửi:\t" if i == 0 else "\t") + "- " + r + end, "Kính gửi")
    khoan = diem = 0
    for b in letter["body"]:
        p = d.add_paragraph(style="Nội dung")
        if "khoan" in b:
            khoan, diem = khoan + 1, 0
            runs(p, f"{khoan}. " + b["khoan"])
        elif "diem" in b:
            runs(p, f"{DIEM[diem]}) " + b["diem"])
            diem += 1
        elif "dash" in b:
            runs(p, "- " + b["dash"])
        else:
            runs(p, b.get("p", ""))
    sign = d.add_table(rows=1, cols=2)
    nn, sig = sign.rows[0].cells
    nn.paragraphs[0].text = "Nơi nhận:"
    nn.paragraphs[0].style = d.styles["Nơi nhận"]
    for n in letter.get("noi_nhan", []) + ["Lưu: " + letter["luu"]]:
        nn.add_paragraph("- " + n + ";", "Nơi nhận danh sách")
    sig.paragraphs[0].text = signer["authority"] + " " + agency["head_title"].upper()
    sig.paragraphs[0].style = d.styles["Chức vụ người ký"]
    sig.add_paragraph(signer["title"].upper(), "Chức vụ người ký")
    sig.add_paragraph("", "Họ tên người ký").paragraph_format.space_after = Mm(27)
    sig.add_paragraph(signer["full_name"], "Họ tên người ký")
    d.core_properties.title = letter["trich_yeu"]
    d.core_properties.author = agency["name"]
    d.save(out)


org_path, letter_path, out_dir, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
start = time.perf_counter()
org = json.load(open(org_path, encoding="utf-8"))
text = open(letter_path, encoding="utf-8").read()
for n in range(count):
    letter = json.loads(text)
    letter["id"], letter["number"] = f"bench-{n}", 100 + n
    build(letter, org, os.path.join(out_dir, f"letter-{n:03d}.docx"))
s = time.perf_counter() - start
print(f"{count} letters JSON -> .docx with python-docx in {s:.2f} s: {1000 * s / count:.1f} ms each")
