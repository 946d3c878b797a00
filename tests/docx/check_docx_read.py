#!/usr/bin/python3
"""Writes every sample letter as DOCX with `vanban letter --docx` and reads it back with
python-docx (Debian's python3-docx) and the standard library's XML parser, independently of the
C++ writer: the named styles and Times New Roman, the texts in order, the tables (boxes 1-4,
body tables with a repeated header row and rows that do not split, Nơi nhận beside the
signature), the header with a PAGE field and none on page 1, box 13 in page 1's footer, A4 and
the decree's margins, one section per Phụ lục numbered from 1, the electronic copy's images.
Then package validity (every part well formed, content types and relationships complete),
determinism, and bad input (a message, no file).

usage: check_docx_read.py VANBAN SOURCE_DIR
"""
import json
import os
import subprocess
import sys
import tempfile
import zipfile
import posixpath
from xml.dom import minidom

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "letter"))
from letter_checks import LETTERS, ORG, VANBAN, check, finish  # noqa: E402
from check_letters import norm, numbered, plain  # noqa: E402

import docx  # noqa: E402
from docx.shared import Mm  # noqa: E402

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
STYLES = ["Quốc hiệu", "Tiêu ngữ", "Tên cơ quan", "Số ký hiệu", "Địa danh ngày", "Tên loại",
          "Trích yếu", "Kính gửi", "Nội dung", "Nơi nhận", "Chức vụ người ký", "Họ tên người ký",
          "Căn cứ", "Mục", "Nơi nhận danh sách", "Số trang", "Địa chỉ", "Phụ lục"]


def make_docx(path, out, extra=()):
    return subprocess.run([VANBAN, "letter", path, "--org", ORG, "--docx", out, "--draft", *extra],
                          capture_output=True, text=True)


def body_items(d):
    """(kind, object) of the body in order: paragraphs and tables (python-docx lists them
    separately; walk the XML to keep the order)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    for el in d.element.body.iterchildren():
        if el.tag == W + "p":
            yield "p", Paragraph(el, d)
        elif el.tag == W + "tbl":
            yield "t", Table(el, d)


def all_paragraphs(d):
    """Every paragraph in reading order, cells' paragraphs included, with its style name."""
    for kind, obj in body_items(d):
        if kind == "p":
            yield obj
        else:
            for row in obj.rows:
                for cell in row.cells:
                    yield from cell.paragraphs


def check_package(name, path):
    z = zipfile.ZipFile(path)
    names = z.namelist()
    check(names[0] == "[Content_Types].xml", f"{name}: content types first")
    for n in names:
        if n.endswith((".xml", ".rels")):
            try:
                minidom.parseString(z.read(n))
            except Exception as e:  # noqa: BLE001
                check(False, f"{name}: {n} is well-formed XML ({e})")
    ct = minidom.parseString(z.read("[Content_Types].xml"))
    defaults = {e.getAttribute("Extension") for e in ct.getElementsByTagName("Default")}
    overrides = {e.getAttribute("PartName") for e in ct.getElementsByTagName("Override")}
    for n in names:
        if n == "[Content_Types].xml":
            continue
        check("/" + n in overrides or n.rsplit(".", 1)[-1] in defaults,
              f"{name}: content type for {n}")
    for o in overrides:
        check(o[1:] in names, f"{name}: overridden part {o} exists")
    for rels in [n for n in names if n.endswith(".rels")]:
        base = posixpath.dirname(posixpath.dirname(rels))
        for r in minidom.parseString(z.read(rels)).getElementsByTagName("Relationship"):
            target = posixpath.normpath(posixpath.join(base, r.getAttribute("Target")))
            check(target in names, f"{name}: {rels} target {target} exists")
    # every r:id used in a part is defined in its relationships
    doc_xml = z.read("word/document.xml").decode()
    rel_ids = {r.getAttribute("Id") for r in minidom.parseString(
        z.read("word/_rels/document.xml.rels")).getElementsByTagName("Relationship")}
    import re
    for rid in set(re.findall(r'r:(?:id|embed)="([^"]+)"', doc_xml)):
        check(rid in rel_ids, f"{name}: relationship {rid} defined")
    for info in z.infolist():
        check(info.date_time == (2020, 1, 1, 0, 0, 0), f"{name}: fixed timestamp on {info.filename}")


def check_letter(path, org, d):
    name = os.path.basename(path)
    letter = json.load(open(path, encoding="utf-8"))
    agency = next(a for a in org["agencies"] if a["id"] == letter["agency"])
    out = os.path.join(d, name.replace(".json", ".docx"))
    p = make_docx(path, out)
    check(p.returncode == 0, f"{name}: exit 0 ({p.stderr.strip()})")
    if p.returncode != 0:
        return
    again = os.path.join(d, "again.docx")
    make_docx(path, again)
    check(open(out, "rb").read() == open(again, "rb").read(), f"{name}: same bytes twice")
    check_package(name, out)
    d_ = docx.Document(out)

    # styles: named for the decree's boxes, Times New Roman by default
    names = {s.name for s in d_.styles}
    for s in STYLES:
        check(s in names, f"{name}: style {s!r}")
    rfonts = d_.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    check(rfonts is not None and rfonts.get(W + "ascii") == "Times New Roman"
          and rfonts.get(W + "hAnsi") == "Times New Roman", f"{name}: Times New Roman by default")

    paras = [(p_.style.name, p_.text) for p_ in all_paragraphs(d_)]
    by_text = {}
    for st, t in paras:
        by_text.setdefault(t, st)
    issuer = agency["header"]["issuer"]
    issuer_lines = [l.upper() for l in issuer] if isinstance(issuer, list) else [issuer.upper()]
    want_styles = {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM": "Quốc hiệu",
                   "Độc lập - Tự do - Hạnh phúc": "Tiêu ngữ", "Nơi nhận:": "Nơi nhận"}
    want_styles.update({line: "Tên cơ quan" for line in issuer_lines})
    for t, st in want_styles.items():
        check(by_text.get(t) == st, f"{name}: {t!r} has style {st!r} (got {by_text.get(t)!r})")
    so = [t for st, t in paras if st == "Số ký hiệu"]
    check(len(so) == 1 and so[0].startswith("Số:"), f"{name}: one Số ký hiệu paragraph {so}")
    dates = [t for st, t in paras if st == "Địa danh ngày"]
    check(len(dates) == 1 and dates[0].startswith(org["province"]["place_name"] + ", ngày "),
          f"{name}: Địa danh ngày {dates}")

    # texts in order: header, trích yếu, Kính gửi, body (numbered), Nơi nhận, signer
    texts = [norm(t) for _, t in paras]
    joined = " | ".join(texts)
    expected = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", letter["trich_yeu"]]
    expected += [r for r in letter.get("kinh_gui", [])]
    expected += [label + " " + plain(t) for label, t in numbered(letter["body"])]
    expected += ["Nơi nhận:"] + ["- " + n for n in letter.get("noi_nhan", [])]
    expected += ["- Lưu: " + letter["luu"]]
    at = 0
    for e in expected:
        found = joined.find(norm(e), at)
        check(found >= 0, f"{name}: text in order: {e[:50]!r}")
        at = max(at, found)
    body_styles = {st for st, t in paras for _, b in numbered(letter["body"]) if norm(t).endswith(norm(plain(b)))}
    check(body_styles <= {"Nội dung", "Mục"}, f"{name}: body paragraphs styled Nội dung/Mục: {body_styles}")
    # bold and italic runs as marked in the input
    for _, b in numbered(letter["body"]):
        if "**" in b:
            bold = b.split("**")[1]
            runs = [r for p_ in all_paragraphs(d_) for r in p_.runs if r.text == bold]
            check(runs and all(r.bold for r in runs), f"{name}: **{bold[:30]}** is a bold run")

    # tables: boxes 1-4 first (2 columns), body tables, then Nơi nhận | signature
    tables = [t for k, t in body_items(d_) if k == "t"]
    check(len(tables[0].columns) == 2 and tables[0].rows[1].cells[0].text.startswith("Số:")
          and tables[0].rows[1].cells[1].text.startswith(org["province"]["place_name"]),
          f"{name}: boxes 1-4 a two-column table, Số and date on one row")
    def tables_of(blocks):
        for b in blocks:
            if "table" in b:
                yield b["table"]
            yield from tables_of(b.get("children", []))
    body_tables = list(tables_of(letter["body"]))
    for a in letter.get("appendices", []):
        body_tables += list(tables_of(a["body"]))
    data = [t for t in tables if t.style is not None and t.style.name == "Bảng số liệu"]
    check(len(data) == len(body_tables), f"{name}: {len(body_tables)} data tables, got {len(data)}")
    for t, want in zip(data, body_tables):
        check(len(t.columns) == len(want["columns"]) and len(t.rows) == 1 + len(want["rows"]),
              f"{name}: table {len(want['columns'])} x {1 + len(want['rows'])}")
        check([c.text for c in t.rows[0].cells] == want["columns"], f"{name}: header row texts")
        trs = t._tbl.findall(f"{W}tr")
        check(trs[0].find(f"{W}trPr/{W}tblHeader") is not None, f"{name}: header row repeats")
        check(all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in trs),
              f"{name}: no row splits across pages")
        if want["rows"]:
            cell = want["rows"][0][0]
            check(t.rows[1].cells[0].text == (str(cell) if not isinstance(cell, str) else cell),
                  f"{name}: first cell {cell!r}")
    sign = [t for t in tables if len(t.rows) == 1 and len(t.columns) == 2
            and t.rows[0].cells[0].text.startswith("Nơi nhận:")]
    check(len(sign) == 1, f"{name}: Nơi nhận and signature side by side in one table")
    for t in [tables[0]] + sign:
        borders = t.style.element.find(f"{W}tblPr/{W}tblBorders") if t.style is not None else None
        check(t.style is not None and t.style.name == "Bảng bố cục" and borders is not None
              and all(b.get(W + "val") == "nil" for b in borders),
              f"{name}: layout table {t.rows[0].cells[0].text[:20]!r} has no borders")
    if sign:
        right = sign[0].rows[0].cells[1].paragraphs
        person = next(s for s in agency["signers"] if s["id"] == (
            letter["signer"]["id"] if isinstance(letter["signer"], dict) else letter["signer"]))
        check(right[-1].text == person["full_name"] and right[-1].style.name == "Họ tên người ký",
              f"{name}: signer's name last in the right cell")
        check(any(p_.style.name == "Chức vụ người ký" and p_.text == person["title"].upper()
                  for p_ in right), f"{name}: signer's title in the right cell")

    # sections: A4, the decree's margins, different first page, numbering from 1
    secs = d_.sections
    check(len(secs) == 1 + len(letter.get("appendices", [])),
          f"{name}: one section for the letter and one per Phụ lục ({len(secs)})")
    for i, s in enumerate(secs):
        check(abs(s.page_width.mm - 210) < 0.1 and abs(s.page_height.mm - 297) < 0.1,
              f"{name}: section {i} A4")
        check(abs(s.left_margin.mm - 30) < 0.1 and abs(s.right_margin.mm - 15) < 0.1
              and abs(s.top_margin.mm - 20) < 0.1 and abs(s.bottom_margin.mm - 20) < 0.1,
              f"{name}: section {i} margins 20/15/20/30 mm")
        check(s.different_first_page_header_footer, f"{name}: section {i} different first page")
        pg = s._sectPr.find(f"{W}pgNumType")
        check(pg is not None and pg.get(W + "start") == "1", f"{name}: section {i} numbered from 1")
        hdr = s.header._element.xml
        check("PAGE" in hdr and not s.header.is_linked_to_previous,
              f"{name}: section {i} header has a PAGE field")
        check(s.first_page_header.paragraphs[0].text == "" and "PAGE" not in
              s.first_page_header._element.xml, f"{name}: section {i} no number on its first page")
        check(s.header.paragraphs[0].style.name == "Số trang"
              and s.header.paragraphs[0].style.paragraph_format.alignment == 1,
              f"{name}: page number centred")
        foot = " ".join(p_.text for p_ in s.first_page_footer.paragraphs)
        if i == 0:
            check(foot.startswith("Địa chỉ: " + agency["contact"]["address"]),
                  f"{name}: box 13 in page 1's footer: {foot[:40]!r}")
        else:
            check("Địa chỉ" not in foot, f"{name}: no box 13 in Phụ lục {i}")
    for i, a in enumerate(letter.get("appendices", [])):
        heads = [t for st, t in paras if st == "Tên phụ lục"]
        check(i < len(heads) and heads[i] == a["title"].upper(), f"{name}: Phụ lục title {i}")

    # the electronic copy: both PNGs, byte for byte, placed in the signature cell
    if "electronic" in letter:
        rels = d_.part.rels.values()
        blobs = [r.target_part.blob for r in rels if r.reltype.endswith("/image")]
        want = [open(os.path.join(LETTERS, letter["electronic"][k]), "rb").read()
                for k in ("signature", "seal")]
        check(sorted(blobs) == sorted(want), f"{name}: signature and seal images embedded")
        check(sign and len(sign[0].rows[0].cells[1]._tc.findall(".//" + W + "drawing")) == 2,
              f"{name}: two drawings in the signature cell")


def bad_input(d):
    base = json.load(open(os.path.join(LETTERS, "syt-1999-cchc-quy-ii-2023.json"), encoding="utf-8"))
    path = os.path.join(d, "thu.json")
    out_dir = os.path.join(d, "out")
    os.mkdir(out_dir)
    json.dump(dict(base, signer="nguyen-van-a"), open(path, "w", encoding="utf-8"), ensure_ascii=False)
    p = make_docx(path, os.path.join(out_dir, "x.docx"))
    check(p.returncode == 1 and "/signer" in p.stderr and "thu.json" in p.stderr,
          f"unknown signer: exit 1 and a message naming the file: {p.stderr.strip()}")
    check(os.listdir(out_dir) == [], f"unknown signer: no file left: {os.listdir(out_dir)}")
    evil = "<w:p>&amp; \"x\" ]]>"
    json.dump(dict(base, body=[{"p": evil}], trich_yeu=evil), open(path, "w", encoding="utf-8"),
              ensure_ascii=False)
    out = os.path.join(out_dir, "evil.docx")
    p = make_docx(path, out)
    check(p.returncode == 0, f"markup in the text: exit 0 ({p.stderr.strip()})")
    if p.returncode == 0:
        check_package("markup", out)
        texts = [p_.text for p_ in all_paragraphs(docx.Document(out))]
        check(evil in texts and "V/v " + evil in texts, "markup in the text comes back literally")
    p = subprocess.run([VANBAN, "letter", path, "--org", ORG, "--draft"], capture_output=True, text=True)
    check(p.returncode == 2 and "--docx" in p.stderr, f"no output named: usage error ({p.stderr.strip()})")


if __name__ == "__main__":
    org = json.load(open(ORG, encoding="utf-8"))
    samples = sorted(f for f in os.listdir(LETTERS) if f.endswith(".json"))
    with tempfile.TemporaryDirectory() as d:
        for f in samples:
            check_letter(os.path.join(LETTERS, f), org, d)
        bad_input(d)
    finish()
