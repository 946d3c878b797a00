#!/usr/bin/python3
"""Renders every sample letter with `vanban letter` and reads the PDF back with poppler:
text (every paragraph of the input, NFC), fonts (only Liberation Serif, embedded), document
information, and the geometry Nghị định 30/2020 prescribes. Then bad inputs: the message and no
file left behind; HTML in a field printed literally.

usage: check_letters.py VANBAN SOURCE_DIR
"""
import json
import os
import re
import subprocess
import tempfile
import unicodedata

from letter_checks import BOTTOM, LEFT, LETTERS, MM, ORG, RIGHT, TOP, VANBAN, check, finish

def norm(s):
    # Lines are joined with one space. pdftotext drops the hyphen of a word broken after it
    # ("300/KH-" + "UBND" -> "300/KHUBND"), so a hyphen inside a word is compared as nothing.
    s = " ".join(unicodedata.normalize("NFC", s).split())
    return re.sub(r"(?<=\S)-(?=\S)", "", s)


def plain(s):
    # Independent of the C++ parser: the samples only use non-nested markup.
    s = re.sub(r"\*\*(.+?)\*\*", r"\1", s)
    return re.sub(r"\*(.+?)\*", r"\1", s)


def issuer_text(agency):
    """Box 2's issuing body as one string: org.json gives a string or the agency's own lines."""
    issuer = agency["header"]["issuer"]
    return " ".join(issuer) if isinstance(issuer, list) else issuer


def run_letter(letter, out_dir, extra=()):
    pdf = os.path.join(out_dir, "out.pdf")
    html = os.path.join(out_dir, "out.html")
    p = subprocess.run([VANBAN, "letter", letter, "--org", ORG, "-o", pdf, "--html", html, "--draft",
                        *extra], capture_output=True, text=True)
    return p, pdf, html


def pages_text(pdf, raw=False):
    """Text of each page; the page number printed at the top of pages 2.. is removed. `raw`:
    in the order the text is drawn (pdftotext -raw) rather than poppler's reading order."""
    n = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", pdf], capture_output=True, text=True).stdout).group(1))
    out = []
    part_start = 1  # an appendix numbers its pages on its own from its first page
    for k in range(1, n + 1):
        t = subprocess.run(["pdftotext", *(["-raw"] if raw else []), "-f", str(k), "-l", str(k),
                            pdf, "-"],
                           capture_output=True, text=True, check=True).stdout
        if raw:  # keep a word broken after its hyphen in one piece, as the reading order does
            t = re.sub(r"(?<=\S)-\n", "-", t)
        lines = t.strip().split("\n")
        if k == 1:  # box 13 sits at the foot of page 1, inside a paragraph that goes on
            lines = [ln for ln in lines if not ln.startswith(("Địa chỉ:", "Điện thoại:"))]
        if k > 1 and lines[0].strip().startswith("Phụ lục"):
            # an appendix's first page shows no number
            part_start = k
            out.append("\n".join(lines))
            continue
        if k > 1:
            check(lines[0].strip() == str(k - part_start + 1),
                  f"{pdf}: page {k} starts with its number {k - part_start + 1}")
            lines = lines[1:]
        out.append("\n".join(lines))
    return out


def bbox_lines(pdf):
    """[(page, x0, y0, x1, y1, text)] in mm from pdftotext -bbox-layout."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True,
                         text=True, check=True).stdout
    res = []
    for page_no, page in enumerate(xml.split("<page ")[1:], 1):
        for m in re.finditer(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                             r'yMax="([\d.]+)">(.*?)</line>', page, re.S):
            words = re.findall(r">([^<]*)</word>", m.group(5))
            x0, y0, x1, y1 = (float(v) * MM for v in m.groups()[:4])
            res.append((page_no, x0, y0, x1, y1, " ".join(words)))
    return res


def find_line(lines, page, prefix):
    for ln in lines:
        if ln[0] == page and ln[5].startswith(prefix):
            return ln
    return None


def texts_of(blocks):
    for b in blocks:
        for k in ("p", "muc", "khoan", "diem", "dash", "plus"):
            if k in b:
                yield b[k]
        yield from texts_of(b.get("children", []))


DIEM = "a b c d đ e g h i k l m n o p q r s t u v x y".split()
ROMAN = "I II III IV V VI VII VIII IX X".split()


def numbered(blocks):
    """(label, text) of every mục (I. II. …), khoản (1. 2. …, restarting in each mục) and điểm
    (a) b) … restarting in each khoản)."""
    muc = khoan = diem = 0
    for b in blocks:
        if "muc" in b:
            muc += 1
            khoan = diem = 0
            yield f"{ROMAN[muc - 1]}.", b["muc"]
        elif "khoan" in b:
            khoan += 1
            diem = 0
            yield f"{khoan}.", b["khoan"]
        elif "diem" in b:
            yield f"{DIEM[diem]})", b["diem"]
            diem += 1
        elif "dash" in b:
            yield "-", b["dash"]
        elif "plus" in b:
            yield "+", b["plus"]
        yield from numbered(b.get("children", []))


# Phụ lục III abbreviations of the types the samples use (công văn has none)
TYPE_ABBR = {"thong-bao": "TB", "giay-moi": "GM", "bao-cao": "BC", "ke-hoach": "KH",
             "quyet-dinh": "QĐ", "to-trinh": "TTr"}


def check_sample(path, org):
    name = os.path.basename(path)
    letter = json.load(open(path, encoding="utf-8"))
    with tempfile.TemporaryDirectory() as d:
        p, pdf, html = run_letter(path, d)
        check(p.returncode == 0, f"{name}: exit 0 (stderr: {p.stderr.strip()})")
        if p.returncode != 0:
            return
        check(os.path.exists(html), f"{name}: --html written")
        again = os.path.join(d, "again.pdf")
        subprocess.run([VANBAN, "letter", path, "--org", ORG, "-o", again, "--draft"], check=True)
        check(open(pdf, "rb").read() == open(again, "rb").read(),
              f"{name}: two runs give byte-identical PDFs")
        check_pdf(name, pdf, letter, org)


def qt_size(pt):
    """The size a CSS size in pt comes out at in wkhtmltopdf's PDF (Qt's 0.576 pt steps)."""
    return round(pt / 0.576) * 0.576


def check_pdf(name, pdf, letter, org, size=qt_size, em_box=1.107, raw=False):
    """The decree's checks on a letter's PDF, whoever rendered it (tests/docx runs them on
    LibreOffice's rendering of the DOCX). `size` maps a nominal size in pt to the size the
    renderer writes; `em_box` is the height of pdftotext's line box in em, which follows the
    ascent and descent the PDF's font descriptor gives (Qt's: 0.891 + 0.216). `raw` reads the
    text in drawing order (LibreOffice's line boxes overlap, and poppler's reading order then
    puts a paragraph's last line before its first)."""
    agency = next(a for a in org["agencies"] if a["id"] == letter["agency"])
    text = norm(" ".join(pages_text(pdf, raw)))
    expected = [letter["trich_yeu"], issuer_text(agency)]
    expected += list(texts_of(letter["body"]))
    expected += letter.get("kinh_gui", []) + letter.get("noi_nhan", [])
    for para in expected:
        if para:
            check(norm(plain(para)) in text, f"{name}: text of the PDF contains {para[:50]!r}")
    for label, para in numbered(letter["body"]):
        check(norm(label + " " + plain(para)) in text, f"{name}: numbered {label} {para[:30]!r}")
    check("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text, f"{name}: Quốc hiệu")
    check("Độc lập - Tự do - Hạnh phúc" in text, f"{name}: Tiêu ngữ")
    check(norm("Lưu: " + letter["luu"]) in text, f"{name}: Lưu")

    # fonts: only Liberation Serif, embedded (a fallback font means missing glyphs)
    fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True).stdout
    rows = fonts.strip().split("\n")[2:]
    check(rows, f"{name}: pdffonts lists fonts")
    for row in rows:
        font = row.split()[0].split("+")[-1]
        check(re.fullmatch(r"LiberationSerif(-Bold|-Italic|-BoldItalic)?", font),
              f"{name}: font {font} is Liberation Serif")
        check(row.split()[-5] == "yes", f"{name}: font {font} embedded")

    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    number = letter.get("number")
    so = (f"{number:02d}" if number else "") + "/" + agency["abbreviation"] + "-" + next(
        u["abbreviation"] for u in agency["drafting_units"] if u["id"] == letter["drafting_unit"])
    if letter["type"] in TYPE_ABBR:
        # Phụ lục III: every type but công văn and thư công is numbered "type-agency"
        so = (f"{number:02d}" if number else "") + "/" + TYPE_ABBR[letter["type"]] + "-" + \
            agency["abbreviation"]
    check(re.search(r"^Title:\s+" + re.escape(letter["trich_yeu"]) + "$", info, re.M),
          f"{name}: Title is the trích yếu")
    check(re.search(r"^Author:\s+" + re.escape(agency["name"]) + "$", info, re.M),
          f"{name}: Author is the agency")
    check(re.search(r"^Subject:\s+" + re.escape(so) + "$", info, re.M),
          f"{name}: Subject is {so}")
    if number:
        check(norm("Số: " + so) in text, f"{name}: prints Số: {so}")

    lines = bbox_lines(pdf)
    centre = (LEFT + RIGHT) / 2
    qh = find_line(lines, 1, "CỘNG HÒA")
    issuer = find_line(lines, 1, issuer_text(agency).split()[0])
    so_line = find_line(lines, 1, "Số:")
    date_line = find_line(lines, 1, org["province"]["place_name"] + ",")
    check(qh and (qh[1] + qh[3]) / 2 > centre, f"{name}: Quốc hiệu in the right half")
    check(qh and qh[1] > LEFT + 60, f"{name}: Quốc hiệu starts right of the agency column")
    check(issuer and (issuer[1] + issuer[3]) / 2 < centre, f"{name}: agency in the left half")
    check(so_line and (so_line[1] + so_line[3]) / 2 < centre, f"{name}: Số in the left half")
    check(date_line and date_line[1] > centre - 10, f"{name}: date in the right half")
    check(so_line and date_line and abs(so_line[4] - date_line[4]) < 0.5,
          f"{name}: Số and the date on one baseline ({so_line and so_line[4]} vs "
          f"{date_line and date_line[4]} mm)")
    for ln in lines:
        pg, x0, y0, x1, y1, t = ln
        if pg > 1 and t.isdigit() and y0 < TOP:  # its value is checked by pages_text
            check(abs((x0 + x1) / 2 - centre) < 1.5 and y1 < TOP,
                  f"{name}: page number {pg} centred in the top margin")
            continue
        check(x0 >= LEFT - 0.5 and x1 <= RIGHT + 0.5 and y0 >= TOP - 0.5 and y1 <= BOTTOM + 0.5,
              f"{name}: line inside the margins: p{pg} {x0:.1f},{y0:.1f}-{x1:.1f},{y1:.1f} {t[:30]}")
    # font sizes: pdftotext's line box is 1.107 em high for Liberation Serif (ascent 0.891 +
    # descent 0.216); Qt's sizes are multiples of 0.576 pt (12.10, 13.25, 13.82, 10.94, 11.52)
    sizes = {"CỘNG HÒA": (size(12), "Quốc hiệu 12-13 pt"), "Độc lập": (size(13), "Tiêu ngữ 13-14 pt"),
             issuer_text(agency).split()[0]: (size(13), "issuer 12-13 pt"),
             "Số:": (size(13), "Số 13 pt"), org["province"]["place_name"] + ",": (size(14), "date 13-14 pt"),
             "Kính gửi:": (size(14), "Kính gửi 13-14 pt"), "Nơi nhận:": (size(12), "Nơi nhận: 12 pt"),
             "- Lưu:": (size(11), "Nơi nhận list 11 pt"), "Địa chỉ:": (size(11.5), "box 13 11-12 pt")}
    if not letter.get("kinh_gui"):
        del sizes["Kính gửi:"]  # a giấy mời may name its guests in the body instead
    if letter["type"] == "cong-van":
        sizes["V/v"] = (size(12), "V/v 12-13 pt")
    for prefix, (want, what) in sizes.items():
        ln = next((ln for ln in lines if ln[5].startswith(prefix)), None)  # first page with it
        got = ln and (ln[4] - ln[2]) / MM / em_box
        check(ln and abs(got - want) < 0.05, f"{name}: {what}: {prefix!r} is {got and round(got, 2)} pt")
    nn = find_line(lines, 1, "Nơi nhận:")
    end1 = nn[2] if nn else BOTTOM - 20
    body_lines = [ln for ln in lines if ln[0] == 1 and ln[1] < LEFT + 0.5 and 60 < ln[2] < end1]
    for ln in body_lines[:-2]:
        got = (ln[4] - ln[2]) / MM / em_box
        check(abs(got - size(14)) < 0.05, f"{name}: body 13-14 pt: {ln[5][:30]!r} is {got:.2f} pt")
    # line spacing 1-1.5 inside a paragraph; at least 6 pt between paragraphs
    # (a paragraph's next line after its first, indented line or after a full line)
    pitches = [b[2] - a[2] for a, b in zip(lines, lines[1:]) if a[0] == b[0] == 1
               and a[1] < LEFT + 10.5 and b[1] < LEFT + 0.5 and a[2] > 60 and b[4] < min(end1, BOTTOM - 20)]
    pitch = min(pitches) if pitches else 0
    check(size(14) * MM * 1.0 <= pitch <= size(14) * MM * 1.5, f"{name}: line spacing {pitch:.2f} mm")
    gaps = [b[2] - a[2] - pitch for a, b in zip(lines, lines[1:]) if a[0] == b[0] == 1
            and a[2] > 60 and abs(b[1] - (LEFT + 10)) < 0.6 and b[4] < min(end1, BOTTOM - 20)]
    check(gaps and min(gaps) >= 6 * MM - 0.1, f"{name}: paragraph spacing {min(gaps) if gaps else None} mm")
    # box 7: authority line ("KT. GIÁM ĐỐC", "TL. CHỦ TỊCH") in the right half, then the
    # signer's own title and name under it; the letter's signer object overrides org.json
    sig = letter["signer"] if isinstance(letter["signer"], dict) else {"id": letter["signer"]}
    person = next(s for s in agency["signers"] if s["id"] == sig["id"])
    authority = sig.get("authority", person.get("authority", ""))
    authority_title = sig.get("authority_title", person.get("authority_title"))
    if authority and authority != "Q." and authority_title:
        wants = (authority + " " + authority_title, person["title"].upper(), person["full_name"])
        for want in wants:
            got = [ln for ln in lines if ln[5] == want and (ln[1] + ln[3]) / 2 > centre]
            check(got, f"{name}: signature block shows {want!r} in the right half")
    if letter.get("urgency") == "khan":
        khan = find_line(lines, 1, "KHẨN")
        check(khan and (khan[1] + khan[3]) / 2 < centre, f"{name}: KHẨN mark on page 1, left half")
    for app in letter.get("appendices", []):
        head = [ln for ln in lines if ln[0] > 1 and ln[5].startswith("Phụ lục")]
        check(head and norm(app["title"].upper()) in norm(" ".join(pages_text(pdf, raw)[head[0][0] - 1:])),
              f"{name}: appendix title {app['title'][:40]!r} in upper case after the body")
    if "electronic" in letter:
        check_electronic(name, pdf, lines, person)
    # box 13: the address at the foot of page 1 only, under the body
    page1 = norm(subprocess.run(["pdftotext", "-f", "1", "-l", "1", pdf, "-"],
                                capture_output=True, text=True).stdout)
    c = agency["contact"]
    for part in ("Địa chỉ: " + c["address"], "Điện thoại: " + c["phone"], "Email: " + c["email"]):
        check(norm(part) in page1, f"{name}: box 13 shows {part!r}")
    addr = [ln for ln in lines if ln[5].startswith("Địa chỉ:")]
    check(len(addr) == 1 and addr[0][0] == 1 and addr[0][2] > BOTTOM - 16,
          f"{name}: address (box 13) once, at the foot of page 1: {addr}")
    if addr:
        above = [ln for ln in lines if ln[0] == 1 and ln[2] < addr[0][2]]
        below = [ln for ln in lines if ln[0] == 1 and ln[2] > addr[0][2]]
        check(above and max(ln[4] for ln in above) < addr[0][2] - 1,
              f"{name}: page 1 text ends above box 13")
        contact = norm(f"Điện thoại: {c['phone']}; Email: {c['email']}; Website: {c['website']}")
        check(all(norm(ln[5]) in contact for ln in below),
              f"{name}: only the rest of box 13 under the address: {below}")
    # body: first-line indent of 1 cm, justified lines reach the right margin
    first = next(iter(texts_of(letter["body"])))
    ln = find_line(lines, 1, plain(first).split()[0] + " " + plain(first).split()[1])
    check(ln and abs(ln[1] - (LEFT + 10)) < 0.6, f"{name}: first-line indent 10 mm "
          f"(x = {ln and ln[1]} mm)")
    full = [ln for ln in lines if ln[1] < LEFT + 0.5 and ln[0] == 1]
    check(full and max(ln[3] for ln in full) > RIGHT - 1.5, f"{name}: justified to the right margin")


def check_electronic(name, pdf, lines, person):
    """Phụ lục I, II of the decree: the signature image centred between the signer's title and
    name; the seal image over about the left third of the signature, drawn on top of it."""
    sig_img = png_size(os.path.join(LETTERS, json.load(open(os.path.join(LETTERS, name)))["electronic"]["signature"]))
    seal_img = png_size(os.path.join(LETTERS, json.load(open(os.path.join(LETTERS, name)))["electronic"]["seal"]))
    listing = subprocess.run(["pdfimages", "-list", pdf], capture_output=True, text=True,
                             check=True).stdout.split("\n")[2:]
    images = [r.split() for r in listing if r.split() and r.split()[2] == "image"]
    check([(int(r[3]), int(r[4])) for r in images] == [sig_img, seal_img],
          f"{name}: the PDF holds the signature then the seal image at full resolution: {images}")
    check(len([r for r in listing if r.split() and r.split()[2] == "smask"]) == 2,
          f"{name}: both images keep their transparency (soft masks)")
    with tempfile.TemporaryDirectory() as d:  # pdftohtml writes the images it finds
        xml = subprocess.run(["pdftohtml", "-xml", "-zoom", "1", "-stdout", pdf, "out"], cwd=d,
                             capture_output=True, text=True, check=True).stdout
    boxes = []
    for page in xml.split("<page ")[1:]:
        pno = int(re.search(r'number="(\d+)"', page).group(1))
        for m in re.finditer(r'<image top="([\d.-]+)" left="([\d.-]+)" width="([\d.]+)" '
                             r'height="([\d.]+)"', page):
            t, l, w, h = (float(v) * MM for v in m.groups())
            boxes.append((pno, l, t, l + w, t + h))
    check(len(boxes) == 2, f"{name}: two images placed: {boxes}")
    if len(boxes) != 2:
        return
    sig, seal = boxes
    title = [ln for ln in lines if ln[5] == person["title"].upper()]
    signer_name = [ln for ln in lines if ln[5] == person["full_name"]]
    check(title and signer_name and title[-1][0] == sig[0] == signer_name[-1][0],
          f"{name}: signature on the signer's page")
    if title and signer_name:
        t, n = title[-1], signer_name[-1]
        check(t[4] <= sig[2] and sig[4] <= n[2], f"{name}: signature between title and name: "
              f"title ends {t[4]:.1f}, image {sig[2]:.1f}-{sig[4]:.1f}, name starts {n[2]:.1f} mm")
        centre = (t[1] + t[3]) / 2
        check(abs((sig[1] + sig[3]) / 2 - centre) < 1.0,
              f"{name}: signature centred under the title ({(sig[1] + sig[3]) / 2:.1f} vs {centre:.1f} mm)")
    width = sig[3] - sig[1]
    overlap = seal[3] - sig[1]
    check(seal[1] < sig[1] and 0.25 * width <= overlap <= 0.45 * width,
          f"{name}: seal over about the left third of the signature ({overlap / width:.2f})")
    check(seal[2] < (sig[2] + sig[4]) / 2 < seal[4], f"{name}: seal level with the signature")
    check(abs((seal[3] - seal[1]) - (seal[4] - seal[2])) < 0.5 and 30 <= seal[3] - seal[1] <= 42,
          f"{name}: round seal of a real seal's size ({seal[3] - seal[1]:.1f} mm)")


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def bad_input_cases():
    base = json.load(open(os.path.join(LETTERS, "syt-1999-cchc-quy-ii-2023.json"), encoding="utf-8"))

    def attempt(label, letter, expect_rc, expect_msgs, text_expect=(), raw_text=None, setup=None):
        with tempfile.TemporaryDirectory() as d:
            if setup:
                setup(d)
            path = os.path.join(d, "thu.json")
            with open(path, "w", encoding="utf-8") as f:
                f.write(raw_text if raw_text is not None else json.dumps(letter, ensure_ascii=False, indent=2))
            out = os.path.join(d, "out")
            os.mkdir(out)
            p, pdf, html = run_letter(path, out)
            check(p.returncode == expect_rc, f"{label}: exit {expect_rc}, got {p.returncode} ({p.stderr.strip()})")
            for m in expect_msgs:
                check(m in p.stderr, f"{label}: message contains {m!r}: {p.stderr.strip()}")
            if expect_rc != 0:
                check(os.listdir(out) == [], f"{label}: no file left: {os.listdir(out)}")
                beside = {"thu.json", "out"} | ({"img"} if setup else set())
                check(set(os.listdir(d)) == beside, f"{label}: nothing written beside the letter: {os.listdir(d)}")
            else:
                text = norm(" ".join(pages_text(pdf)))
                for t in text_expect:
                    check(norm(t) in text, f"{label}: PDF shows {t!r}")
                return open(html, encoding="utf-8").read(), text
        return None, None

    l = dict(base)
    del l["trich_yeu"]
    attempt("missing trich_yeu", l, 1, ["thu.json", 'thiếu trường "trich_yeu"', "dòng 1"])

    l = dict(base, signer="nguyen-van-a")
    attempt("unknown signer", l, 1, ["thu.json", "/signer", "nguyen-van-a", "dòng",
                                     "không có trong danh sách người ký"])
    l = dict(base, drafting_unit="khong-co")
    attempt("unknown drafting unit", l, 1, ["/drafting_unit", "khong-co"])
    l = dict(base, body=[])
    attempt("empty body", l, 1, ["/body", "không được để trống"])
    l = dict(base, body=[{"p": "a\tb"}])
    attempt("control character", l, 1, ["/body/0/p", "ký tự điều khiển"])
    attempt("malformed JSON", None, 1, ["thu.json", "JSON"], raw_text='{"id": "x",\n  "agency": }')

    evil = "<b>đậm?</b> & <script>alert(1)</script> &amp;"
    l = dict(base, body=[{"p": evil}], kinh_gui=["<i>Sở</i>"])
    html, text = attempt("HTML shown literally", l, 0, [], [evil, "Kính gửi: <i>Sở</i>."])
    check(html and "&lt;script&gt;" in html and "<script>" not in html,
          "HTML in a field is escaped in the HTML")
    # HTML in every other text field of the letter, each marked so that it is found again
    tag = lambda k: f"<u>{k}</u>&lt;"
    l = dict(base, trich_yeu="v/v " + tag("ty"), kinh_gui=[tag("kg1"), tag("kg2")],
             can_cu=[tag("cc")], noi_nhan=[tag("nn")], luu=tag("luu"),
             drafter={"initials": tag("dr"), "copies": 3},
             body=[{"muc": tag("muc")}, {"khoan": tag("kh"), "children": [
                 {"diem": tag("di")}, {"dash": tag("da")}, {"plus": tag("pl")}, {"p": tag("p")}]},
                   {"table": {"columns": [tag("col"), "Số"], "rows": [[tag("cell"), 1]]}}],
             appendices=[{"title": "pl " + tag("at"), "subtitle": tag("as"),
                          "body": [{"p": tag("ap")}]}])
    keys = ["ty", "kg1", "kg2", "cc", "nn", "luu", "dr", "muc", "kh", "di", "da", "pl", "p",
            "col", "cell", "ap", "as"]
    html, text = attempt("HTML in every field", l, 0, [],
                         [tag(k) for k in keys] + [("pl " + tag("at")).upper()])
    check(html and "<u>" not in html and "&lt;u&gt;ty&lt;/u&gt;&amp;lt;" in html,
          "HTML in every field is escaped, & included")

    l = dict(base, type="cong-van-mat")
    attempt("unknown type", l, 1, ["thu.json", "/type", "cong-van-mat", "dòng", "không có trong danh sách"])
    l = dict(base, agency="so-khong-co")
    attempt("unknown agency", l, 1, ["thu.json", "/agency", "so-khong-co"])
    l = dict(base, body=[{"khoan": "Khoản", "children": [{"muc": "Mục trong khoản"}]}])
    attempt("mục inside a khoản", l, 1, ["/body/0/children/0", "cấp ngoài cùng"])
    l = dict(base, body=[{"p": "Một đoạn \u0007 có ký tự chuông"}])
    attempt("C0 control character", l, 1, ["/body/0/p", "U+0007"])
    l = dict(base, trich_yeu="có ký tự \u0085 C1")
    attempt("C1 control character", l, 1, ["/trich_yeu", "U+0085"])

    # electronic copy: the images must be PNG files inside the letter's own folder
    def images(d):
        os.mkdir(os.path.join(d, "img"))
        for f in ("chu-ky.png", "con-dau.png"):
            with open(os.path.join(LETTERS, "images", f), "rb") as src, \
                    open(os.path.join(d, "img", f), "wb") as dst:
                dst.write(src.read())
        with open(os.path.join(d, "img", "khong-phai.png"), "w") as f:
            f.write("<svg/>")
        os.symlink(os.path.abspath(os.path.join(LETTERS, "images", "chu-ky.png")), os.path.join(d, "img", "ra-ngoai.png"))

    good = {"signature": "img/chu-ky.png", "seal": "img/con-dau.png"}
    html, text = attempt("electronic copy beside the letter", dict(base, electronic=good), 0, [],
                         ["Lê Quang Trung"], setup=images)
    for label, e, msgs in [
            ("image path with ..", dict(good, seal="img/../../con-dau.png"), ["/electronic/seal", ".."]),
            ("absolute image path", dict(good, signature="/etc/hosts"), ["/electronic/signature"]),
            ("image symlink out of the folder", dict(good, signature="img/ra-ngoai.png"),
             ["/electronic/signature", "ra ngoài thư mục"]),
            ("image not a PNG", dict(good, seal="img/khong-phai.png"), ["/electronic/seal", "PNG"]),
            ("missing image", dict(good, seal="img/khong-co.png"), ["/electronic/seal", "không tìm thấy"]),
            ("unknown electronic key", dict(good, stamp="x.png"), ["/electronic/stamp"])]:
        attempt(label, dict(base, electronic=e), 1, ["thu.json"] + msgs, setup=images)

    l = dict(base)
    del l["number"]
    attempt("draft without number", l, 0, [], ["Số: /SYT-VP"])

    l = dict(base, type="quyet-dinh", kinh_gui=[], urgency="khan")
    html, text = attempt("quyết định", l, 0, [], ["QUYẾT ĐỊNH " + base["trich_yeu"], "KHẨN",
                                                   "Số: 1999/QĐ-SYT"])
    l = dict(base, urgency="hoa-toc")
    attempt("hỏa tốc", l, 0, [], ["HỎA TỐC"])

    # Phụ lục: each its own part, numbered on its own (its first page carries no number)
    l = dict(base, appendices=[{"title": "Danh sách đơn vị", "body": [{"p": "Nội dung phụ lục một."}]},
                               {"title": "Chỉ tiêu", "body": [{"diem": "Đúng hạn"}, {"diem": "Trực tuyến"}]}])
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "thu.json")
        json.dump(l, open(path, "w", encoding="utf-8"), ensure_ascii=False)
        p, pdf, html = run_letter(path, d)
        check(p.returncode == 0, f"appendices: exit 0 ({p.stderr.strip()})")
        if p.returncode == 0:
            info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
            pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
            check(pages == 4, f"appendices: 2 letter pages + 2 Phụ lục pages, got {pages}")
            last_two = [norm(subprocess.run(["pdftotext", "-f", str(k), "-l", str(k), pdf, "-"],
                                            capture_output=True, text=True).stdout)
                        for k in (pages - 1, pages)]
            accompany = "(Kèm theo Công văn số 1999/SYT-VP ngày 21/4/2023 của Sở Y tế)"
            check(last_two[0].startswith(norm("Phụ lục I DANH SÁCH ĐƠN VỊ " + accompany)),
                  f"appendices: Phụ lục I heading, no page number: {last_two[0][:90]!r}")
            check(last_two[1].startswith(norm("Phụ lục II CHỈ TIÊU " + accompany))
                  and "a) Đúng hạn b) Trực tuyến" in last_two[1],
                  f"appendices: Phụ lục II heading and điểm: {last_two[1][:120]!r}")


def long_body_case():
    """A body of about 40 pages paginates: every line inside the margins on every page, page
    numbers 2..N centred in the top margin and none on page 1, every paragraph back in order."""
    base = json.load(open(os.path.join(LETTERS, "syt-1999-cchc-quy-ii-2023.json"), encoding="utf-8"))
    paras = [f"Đoạn thứ {i}: " + " ".join(["Tăng cường kỷ cương hành chính, giải quyết hồ sơ đúng hạn"
                                           f" cho người dân, doanh nghiệp (mục {i}.{k});" for k in range(4)])
             for i in range(1, 271)]
    body = [{"khoan": p} if i % 7 == 0 else {"p": p} for i, p in enumerate(paras)]
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "dai.json")
        json.dump(dict(base, body=body), open(path, "w", encoding="utf-8"), ensure_ascii=False)
        p, pdf, html = run_letter(path, d)
        check(p.returncode == 0, f"40 pages: exit 0 ({p.stderr.strip()})")
        if p.returncode != 0:
            return
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        n = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        check(38 <= n <= 44, f"40 pages: about 40 pages, got {n}")
        lines = bbox_lines(pdf)
        centre = (LEFT + RIGHT) / 2
        numbers = {}
        for pg, x0, y0, x1, y1, t in lines:
            if y1 < TOP:
                numbers.setdefault(pg, []).append((t, (x0 + x1) / 2))
                continue
            check(x0 >= LEFT - 0.5 and x1 <= RIGHT + 0.5 and y1 <= BOTTOM + 0.5,
                  f"40 pages: line inside the margins: p{pg} {x0:.1f},{y0:.1f}-{x1:.1f},{y1:.1f} {t[:30]}")
        check(1 not in numbers, f"40 pages: nothing in page 1's top margin: {numbers.get(1)}")
        for pg in range(2, n + 1):
            got = numbers.get(pg, [])
            check(len(got) == 1 and got[0][0] == str(pg) and abs(got[0][1] - centre) < 1.5,
                  f"40 pages: page {pg} shows its number centred: {got}")
        text = norm(" ".join(pages_text(pdf)))
        at = 0
        for i, para in enumerate(paras):
            want = norm((f"{i // 7 + 1}. " if i % 7 == 0 else "") + para)
            found = text.find(want, at)
            check(found >= 0, f"40 pages: paragraph {i + 1} in order")
            at = max(at, found)


def authority_of(letter):
    sig = letter["signer"] if isinstance(letter["signer"], dict) else {"id": letter["signer"]}
    agency = next(a for a in org["agencies"] if a["id"] == letter["agency"])
    person = next(s for s in agency["signers"] if s["id"] == sig["id"])
    return sig.get("authority", person.get("authority", ""))


def main():
    samples = sorted(f for f in os.listdir(LETTERS) if f.endswith(".json"))
    check(len(samples) >= 4, "four sample letters")
    # the list of samples: a TM. and a TL. signature under the UBND header, an electronic
    # copy, mục sections, a KHẨN công văn, a giấy mời, a thông báo with a Phụ lục table
    loaded = [json.load(open(os.path.join(LETTERS, f), encoding="utf-8")) for f in samples]
    for what, test in [
            ("TM. under ubnd", lambda l: l["agency"] == "ubnd" and authority_of(l) == "TM."),
            ("TL. under ubnd", lambda l: l["agency"] == "ubnd" and authority_of(l) == "TL."),
            ("electronic copy", lambda l: "electronic" in l),
            ("mục sections", lambda l: any("muc" in b for b in l["body"])),
            ("KHẨN công văn", lambda l: l["type"] == "cong-van" and l.get("urgency") == "khan"),
            ("giấy mời", lambda l: l["type"] == "giay-moi"),
            ("thông báo with a Phụ lục table", lambda l: l["type"] == "thong-bao" and any(
                "table" in b for a in l.get("appendices", []) for b in a["body"]))]:
        check(any(test(l) for l in loaded), f"a sample letter has {what}")
    for f in samples:
        check_sample(os.path.join(LETTERS, f), org)
    bad_input_cases()
    long_body_case()
    finish()


org = json.load(open(ORG, encoding="utf-8"))
if __name__ == "__main__":
    main()
