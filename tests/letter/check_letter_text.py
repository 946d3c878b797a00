#!/usr/bin/python3
"""What real dispatches need (issue 19, "Letters"), read back from the PDF with poppler:

1. box 2 breaks an agency's name where org.json's lines say (["ỦY BAN NHÂN DÂN", "TỈNH ĐỒNG NAI"])
   and, given as a string, where the column ends;
2. document numbers, dates and quarters (5755/KH-UBND, 16/7/2021, quý III/2021) never break;
3. a draft may leave day and month blank; the registry dates it when it numbers it;
4. a công văn without Kính gửi is refused;
5. every character of the input is in the PDF, at the decree's sizes: a 400-character URL in
   every field wraps inside the margins, a 20,000-character paragraph prints whole, longer
   text is refused with its JSON pointer.

usage: check_letter_text.py VANBAN SOURCE_DIR
"""
import copy
import datetime
import json
import os
import re
import sqlite3
import subprocess
import tempfile

from letter_checks import LEFT, LETTERS, MM, ORG, RIGHT, TOP, BOTTOM, VANBAN, check, finish

BASE = json.load(open(os.path.join(LETTERS, "syt-1999-cchc-quy-ii-2023.json"), encoding="utf-8"))
UBND = json.load(open(os.path.join(LETTERS, "ubnd-cong-van-tl-2024.json"), encoding="utf-8"))
ORG_JSON = json.load(open(ORG, encoding="utf-8"))


def render(d, letter, org=None, extra=("--draft",), name="thu"):
    path = os.path.join(d, name + ".json")
    json.dump(letter, open(path, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
    org_path = ORG
    if org is not None:
        org_path = os.path.join(d, "org.json")
        json.dump(org, open(org_path, "w", encoding="utf-8"), ensure_ascii=False)
    pdf = os.path.join(d, name + ".pdf")
    p = subprocess.run([VANBAN, "letter", path, "--org", org_path, "-o", pdf, *extra],
                       capture_output=True, text=True)
    return p, pdf


def lines_of(pdf):
    """[(page, x0, y0, x1, y1, [words])] in mm from pdftotext -bbox-layout."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True,
                         text=True, check=True).stdout
    out = []
    for page_no, page in enumerate(xml.split("<page ")[1:], 1):
        for m in re.finditer(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                             r'yMax="([\d.]+)">(.*?)</line>', page, re.S):
            x0, y0, x1, y1 = (float(v) * MM for v in m.groups()[:4])
            words = [w.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
                     .replace("&quot;", '"').replace("&apos;", "'")
                     for w in re.findall(r">([^<]*)</word>", m.group(5))]
            out.append((page_no, x0, y0, x1, y1, words))
    return out


def size_pt(ln):
    # pdftotext's line box is 1.107 em high for Liberation Serif (see check_letters.py)
    return (ln[4] - ln[2]) / MM / 1.107


def agency_lines():
    """Box 2 from org.json's lines, and from a string the column breaks."""
    with tempfile.TemporaryDirectory() as d:
        p, pdf = render(d, UBND)
        check(p.returncode == 0, f"ubnd letter: exit 0 ({p.stderr.strip()})")
        if p.returncode == 0:
            left = [" ".join(ln[5]) for ln in lines_of(pdf) if ln[0] == 1 and ln[3] < 105 and ln[2] < 45]
            check(left[:2] == ["ỦY BAN NHÂN DÂN", "TỈNH ĐỒNG NAI"],
                  f"org.json lines: box 2 reads exactly its two lines: {left[:3]}")
        # the same name as a string: broken where the column ends (the default)
        org = copy.deepcopy(ORG_JSON)
        ubnd = next(a for a in org["agencies"] if a["id"] == "ubnd")
        ubnd["header"]["issuer"] = "Ủy ban nhân dân tỉnh Đồng Nai"
        p, pdf = render(d, UBND, org)
        check(p.returncode == 0, f"issuer as a string: exit 0 ({p.stderr.strip()})")
        if p.returncode == 0:
            left = [" ".join(ln[5]) for ln in lines_of(pdf) if ln[0] == 1 and ln[3] < 105 and ln[2] < 45]
            check(" ".join(left[:2]) == "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI" and
                  left[0] != "ỦY BAN NHÂN DÂN",
                  f"string: the column breaks the name where it ends: {left[:3]}")
        # lines the agency chose, parent lines too: printed as given, upper case
        ubnd["header"]["issuer"] = ["Ủy ban nhân dân tỉnh", "Đồng Nai"]
        syt = next(a for a in org["agencies"] if a["id"] == "syt")
        syt["header"]["parent"] = ["UBND", "TỈNH ĐỒNG NAI"]
        p, pdf = render(d, UBND, org)
        if check(p.returncode == 0, f"other lines: exit 0 ({p.stderr.strip()})"):
            left = [" ".join(ln[5]) for ln in lines_of(pdf) if ln[0] == 1 and ln[3] < 105 and ln[2] < 45]
            check(left[:2] == ["ỦY BAN NHÂN DÂN TỈNH", "ĐỒNG NAI"], f"lines as given: {left[:3]}")
        p, pdf = render(d, BASE, org)
        if check(p.returncode == 0, f"parent lines: exit 0 ({p.stderr.strip()})"):
            lns = [ln for ln in lines_of(pdf) if ln[0] == 1 and ln[3] < 105 and ln[2] < 45]
            check([" ".join(ln[5]) for ln in lns][:3] == ["UBND", "TỈNH ĐỒNG NAI", "SỞ Y TẾ"],
                  f"parent lines then the issuer: {[' '.join(ln[5]) for ln in lns][:4]}")
            sizes = [round(size_pt(ln), 2) for ln in lns[:3]]
            check(all(abs(s - 13.25) < 0.05 for s in sizes), f"box 2 at 13 pt: {sizes}")
        # bad lines: the file and the pointer
        ubnd["header"]["issuer"] = []
        p, pdf = render(d, UBND, org)
        check(p.returncode == 1 and "org.json" in p.stderr and "/agencies/0/header/issuer" in p.stderr,
              f"an empty list of lines is refused: {p.returncode} {p.stderr.strip()}")


TOKENS = ["5755/KH-UBND", "01/NQ-CP", "16/7/2021", "30/2020/NĐ-CP", "1999/SYT-VP"]


def no_break_tokens():
    """Each token at 40 different places in a justified paragraph: never split across lines."""
    words = "cải cách hành chính giải quyết hồ sơ đúng hạn cho người dân và doanh nghiệp".split()
    body = []
    for k in range(40):
        filler = " ".join(words[i % len(words)] for i in range(k + 8))
        body.append({"p": f"{filler} {TOKENS[k % len(TOKENS)]} {filler[: 3 * k]} quý III/2021 "
                          f"{filler} Kế hoạch số 5755/KH-UBND ngày 16/7/2021 của Ủy ban."})
    with tempfile.TemporaryDirectory() as d:
        p, pdf = render(d, dict(BASE, body=body))
        if not check(p.returncode == 0, f"tokens: exit 0 ({p.stderr.strip()})"):
            return
        # the paragraphs' lines (Số, high on page 1, prints 1999/SYT-VP too)
        lines = [ln for ln in lines_of(pdf) if ln[0] > 1 or ln[2] > 70]
        all_words = [w for ln in lines for w in ln[5]]
        for t in TOKENS:
            want = sum(b["p"].split().count(t) for b in body)
            got = all_words.count(t)
            check(got == want, f"{t!r} whole on a line {got} of {want} times")
        # "quý" and "III/2021" on one line: every "quý" is followed by "III/2021" in its line
        split = [ln for ln in lines if ln[5] and ln[5][-1] == "quý"]
        check(not split and all_words.count("III/2021") == 40,
              f"quý III/2021 never split: {[' '.join(ln[5][-3:]) for ln in split][:3]}")
        body_lines = [ln for ln in lines if ln[1] < LEFT + 0.5 and TOP < ln[2] < BOTTOM - 20]
        check(body_lines and max(ln[3] for ln in body_lines) <= RIGHT + 0.5 and
              max(ln[3] for ln in body_lines) > RIGHT - 1.5,
              "lines still justified to the right margin, not past it")


def draft_date():
    today = datetime.date.today()
    vn = lambda dt: (f"ngày {dt.day:02d}" if dt.day < 10 else f"ngày {dt.day}") + \
        (f" tháng {dt.month:02d}" if dt.month < 3 else f" tháng {dt.month}") + f" năm {dt.year}"
    draft = dict(BASE, date=str(today.year))
    draft.pop("number")
    draft["id"] = "du-thao-de-trong-ngay"
    with tempfile.TemporaryDirectory() as d:
        p, pdf = render(d, draft)
        if check(p.returncode == 0, f"draft without day and month: exit 0 ({p.stderr.strip()})"):
            # the words of the date line (pdftotext may cut it into lines at the blanks)
            xml = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", pdf, "-"],
                                 capture_output=True, text=True).stdout
            words = [(float(x0) * MM, float(y0), float(x1) * MM, w) for x0, y0, x1, w in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', xml)]
            nai = next((w for w in words if w[3] == "Nai,"), None)
            line = sorted(w for w in words if nai and abs(w[1] - nai[1]) < 1 and w[0] >= nai[0])
            check([w[3] for w in line] == ["Nai,", "ngày", "tháng", "năm", str(today.year)],
                  f"draft: 'Đồng Nai, ngày … tháng … năm {today.year}': {[w[3] for w in line]}")
            if len(line) == 5:
                gaps = (line[2][0] - line[1][2], line[3][0] - line[2][2])
                check(all(g >= 8 for g in gaps), f"draft: room to write day and month: {gaps} mm")
            check(re.search(r"Số:\s+/SYT-VP", subprocess.run(
                ["pdftotext", pdf, "-"], capture_output=True, text=True).stdout),
                "draft: Số left blank")
        # issue: the registry gives number and date together
        reg = os.path.join(d, "so.db")
        p, pdf = render(d, draft, extra=("--registry", reg), name="ban-hanh")
        if check(p.returncode == 0, f"numbered draft: exit 0 ({p.stderr.strip()})"):
            rows = sqlite3.connect(reg).execute(
                "SELECT number, doc_date FROM registry_entries").fetchall()
            text = " ".join(subprocess.run(["pdftotext", pdf, "-"], capture_output=True,
                                           text=True).stdout.split())
            check(f"Đồng Nai, {vn(today)}" in text, f"issued: dated today ({vn(today)})")
            check(re.search(r"Số: 01/SYT-VP", text), "issued: numbered 01")
            check(len(rows) == 1 and rows[0][1] == today.isoformat(),
                  f"the registry records today's date with the number: {rows}")
            p2, _ = render(d, draft, extra=("--registry", reg), name="ban-hanh")
            check(p2.returncode == 0 and "số đã cấp trước" in p2.stdout,
                  f"rerun: same number ({p2.stdout.strip()} {p2.stderr.strip()})")
        last_year = dict(draft, id="nam-truoc", date=str(today.year - 1))
        p, pdf = render(d, last_year, extra=("--registry", reg), name="nam-truoc")
        check(p.returncode == 1 and "/date" in p.stderr and str(today.year - 1) in p.stderr,
              f"a draft of another year is not numbered today: {p.returncode} {p.stderr.strip()}")
        check(not os.path.exists(pdf), "no PDF for it")
        try:
            n = sqlite3.connect(reg).execute("SELECT count(*) FROM registry_entries").fetchone()[0]
        except sqlite3.Error as e:
            n = str(e)
        check(n == 1, f"and no number taken for it: {n} entries")
        p, pdf = render(d, dict(BASE, date="2023"), name="co-so")
        check(p.returncode == 1 and "/date" in p.stderr and "dự thảo" in p.stderr,
              f"a numbered letter needs its full date: {p.stderr.strip()}")


def kinh_gui_required():
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "out")
        os.mkdir(out)
        for label, letter in [("empty", dict(BASE, kinh_gui=[])),
                              ("absent", {k: v for k, v in BASE.items() if k != "kinh_gui"})]:
            p, pdf = render(out, letter)
            check(p.returncode == 1 and "thu.json" in p.stderr and "kinh_gui" in p.stderr and
                  "Kính gửi" in p.stderr, f"công văn with {label} kinh_gui refused: {p.stderr.strip()}")
            check(not os.path.exists(pdf), f"công văn with {label} kinh_gui: no PDF")
        p, pdf = render(out, dict(BASE, type="thong-bao", kinh_gui=[]))
        check(p.returncode == 0, f"a thông báo without Kính gửi is fine ({p.stderr.strip()})")


def squeeze(s):
    return re.sub(r"\s+", "", s)


def every_character():
    url = "https://dichvucong.dongnai.gov.vn/portal/p/home/dvc-tthc.html?ma=" + \
        "".join(f"{i:07d}" for i in range(48))
    assert len(url) > 400
    u = lambda k: url.replace("?ma=", f"?{k}=")
    words = "Tăng cường kỷ cương hành chính, giải quyết hồ sơ đúng hạn cho người dân".split()
    long_para = " ".join(words[i % len(words)] + str(i) for i in range(3000))[:20000]
    letter = dict(BASE, trich_yeu="hướng dẫn tại " + u("vv"), kinh_gui=[u("kg"), "Sở Y tế"],
                  can_cu=["Căn cứ " + u("cc")], noi_nhan=["Như trên", u("nn")],
                  body=[{"p": "Xem tại " + u("p") + " để biết thêm."}, {"p": long_para},
                        {"khoan": u("kh"), "children": [{"diem": u("di")}]},
                        {"p": "Kết thúc."}],
                  appendices=[{"title": "Đường dẫn", "body": [
                      {"p": "Tra cứu: " + u("ap")},
                      {"table": {"columns": ["STT", "Đường dẫn"], "rows": [[1, u("cell")]]}}]}])
    fields = {"V/v": "V/v hướng dẫn tại " + u("vv"), "kinh_gui": u("kg"), "can_cu": u("cc"),
              "noi_nhan": u("nn"), "body url": u("p"), "20,000 characters": long_para,
              "khoản": "1. " + u("kh"), "điểm": "a) " + u("di"), "appendix": u("ap"),
              "appendix cell": u("cell")}
    with tempfile.TemporaryDirectory() as d:
        p, pdf = render(d, letter)
        if not check(p.returncode == 0, f"long text: exit 0 ({p.stderr.strip()})"):
            return
        # the text of the pages, without what the layout puts between them: the page numbers
        # (top of pages 2..) and box 13 (the address at the foot of page 1)
        pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
            ["pdfinfo", pdf], capture_output=True, text=True).stdout).group(1))
        raw = ""
        for k in range(1, pages + 1):
            lines = subprocess.run(["pdftotext", "-raw", "-f", str(k), "-l", str(k), pdf, "-"],
                                   capture_output=True, text=True, check=True).stdout.split("\n")
            # -raw gives the stamped page number where qpdf drew it (after the page's text)
            lines = [ln for ln in lines if not (ln.strip().isdigit() and int(ln) <= pages)]
            raw += squeeze("".join(ln for ln in lines
                                   if not ln.startswith(("Địa chỉ:", "Điện thoại:"))))
        for what, text in fields.items():
            check(squeeze(text) in raw, f"every character of the {what} is in the PDF")
        lines = lines_of(pdf)
        for ln in lines:
            pg, x0, y0, x1, y1, w = ln
            if y1 < TOP:  # page numbers
                continue
            check(x0 >= LEFT - 0.5 and x1 <= RIGHT + 0.5 and y1 <= BOTTOM + 0.5,
                  f"long text: inside the margins: p{pg} {x0:.1f}-{x1:.1f} {' '.join(w)[:40]}")
        body = [ln for ln in lines if ln[0] <= 8 and ln[1] < LEFT + 0.5 and ln[2] > 60 and
                ln[4] < BOTTOM - 20 and not ln[5][0].startswith(("Địa", "-", "Nơi"))]
        sizes = sorted({round(size_pt(ln), 2) for ln in body})
        # 13.82: the body; 12.10: the V/v lines (12-13 pt) where its URL wraps to the margin
        check(body and any(abs(s - 13.82) < 0.05 for s in sizes) and
              all(12.0 <= s <= 14.0 for s in sizes),
              f"body and wrapped URLs at the decree's sizes (nothing shrunk): {sizes}")
        issuer = next((ln for ln in lines if ln[0] == 1 and ln[5] and ln[5][0] == "SỞ"), None)
        check(issuer and abs(size_pt(issuer) - 13.25) < 0.05,
              f"box 2 at 13 pt, the page not shrunk: {issuer and size_pt(issuer)}")
        # over the limits: refused with the pointer, nothing written
        for label, bad, pointer in [
                ("a paragraph of 20,001 characters", dict(BASE, body=[{"p": long_para + "x"}]), "/body/0/p"),
                ("a cell of 20,001 characters", dict(BASE, body=[{"table": {
                    "columns": ["A"], "rows": [[long_para + "x"]]}}]), "/body/0/table/rows/0/0"),
                ("a body of 220,000 characters", dict(BASE, body=[{"p": long_para}] * 11), "/body")]:
            p, out = render(d, bad, name="qua-dai")
            check(p.returncode == 1 and pointer in p.stderr and "qua-dai.json" in p.stderr,
                  f"{label}: refused naming {pointer}: {p.stderr.strip()[:200]}")
            check(not os.path.exists(out), f"{label}: no PDF")


agency_lines()
no_break_tokens()
draft_date()
kinh_gui_required()
every_character()
finish()
