"""Where the signatures land (Nghị định 30/2020, Phụ lục I, II), read back from the PDF:
the signature block's box recorded by the renderer (vanban letter --sign-box) against the title
and name lines pdftotext -bbox-layout finds; the leader's image centred in it and the seal at
real size over the left third of the signature (pdfimages -list, widget rectangles); an
attachment's text top right of page 1 (Times New Roman 10 pt, rendered with pdftoppm); a
digitised paper document's seal top right of page 1. The text beside the seals and on the
attachment is in an embedded Liberation Serif subset: pdftotext reads it back with its
Vietnamese diacritics, pdffonts finds no font that is not embedded.
The letter without --sign-box is byte-identical to before (no mark, no record).

usage: check_appearance.py VANBAN SRC
"""
import json
import os
import re

from pki import (AGENCY_SUBJECT, LEADER_SUBJECT, PASSWORD, Pki, SRC, VANBAN, check, finish,
                 letter_pdf, must, pdfsig, run, sign, workdir)

MM = 72 / 25.4
d = workdir()
pki = Pki(d)
leader = pki.issue("leader", LEADER_SUBJECT)
agency = pki.issue("agency", AGENCY_SUBJECT)
nss = pki.nss()
IMAGES = f"{SRC}/samples/letters/images"
SAMPLE = "syt-trien-khai-chi-thi-02-2023.json"

plain = letter_pdf(d, "plain.pdf", SAMPLE)
boxed = letter_pdf(d, "boxed.pdf", SAMPLE, ["--sign-box"])


def objects(path):
    js = json.loads(must(["qpdf", "--json=2", "--json-key=qpdf", "--json-key=pages", path]).stdout)
    return js


def root_of(js):
    objs = js["qpdf"][1]
    return objs["trailer"]["value"]["/Root"], objs


js = objects(boxed)
root_ref, objs = root_of(js)
root = objs["obj:" + root_ref]["value"]
check("/VanbanSignBox" in root, "catalog records /VanbanSignBox")
check(b"VanbanSignBox" not in open(plain, "rb").read() and b"vb-sign-box" not in open(plain, "rb").read(),
      "a letter without --sign-box carries no record")
box = root.get("/VanbanSignBox", {"/Page": 0, "/Rect": [0, 0, 0, 0]})
page_no = box["/Page"]
x1, y1, x2, y2 = box["/Rect"]
links = []
for p in js["pages"]:
    pg = objs["obj:" + p["object"]]["value"]
    for a in pg.get("/Annots", []) if isinstance(pg.get("/Annots"), list) else []:
        links.append(a)
check(b"vb-sign-box" not in open(boxed, "rb").read(), "the mark's link is removed")

# The box against the text: between the last title line (GIÁM ĐỐC …) and the signer's name.
page_obj = objs["obj:" + js["pages"][page_no]["object"]]["value"]
height = float(page_obj["/MediaBox"][3])
bbox = run(["pdftotext", "-bbox-layout", "-f", str(page_no + 1), "-l", str(page_no + 1), boxed, "-"]).stdout
lines = []
for m in re.finditer(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', bbox, re.S):
    words = re.findall(r">([^<]+)</word>", m.group(5))
    lines.append((float(m.group(1)), float(m.group(2)), float(m.group(3)), float(m.group(4)), " ".join(words)))
top, bottom = height - y2, height - y1  # the box in pdftotext's top-down coordinates
above = [l for l in lines if l[3] <= top + 1.5 and l[0] > 250]
below = [l for l in lines if l[1] >= bottom - 1.5 and l[0] > 250]
check(above and (top - above[-1][3]) < 6, f"box starts right under the title lines: {above[-1:]} top={top}")
check(below and (below[0][1] - bottom) < 6, f"box ends right above the name: {below[:1]} bottom={bottom}")
if below:
    name = below[0]
    check(abs((name[0] + name[2]) / 2 - (x1 + x2) / 2) < 2.0,
          f"box centred over the name: name {name} box {x1}-{x2}")
check(abs((y2 - y1) - 27 * MM) < 1.5, f"box height is the template's 27 mm: {y2 - y1}")

# The leader signs with the blue signature image.
p1 = f"{d}/p1.pdf"
r = sign(boxed, p1, "nguoi-ky", leader, ["--image", f"{IMAGES}/chu-ky.png"])
check(r.returncode == 0, f"sign nguoi-ky with image: {r.stderr}")
p2 = f"{d}/p2.pdf"
r = sign(p1, p2, "co-quan", agency, ["--image", f"{IMAGES}/con-dau.png"])
check(r.returncode == 0, f"sign co-quan with seal: {r.stderr}")
sigs, out = pdfsig(nss, p2)
check(len(sigs) == 2 and all(s.get("Signature Validation") == "Signature is Valid." for s in sigs),
      f"pdfsig: both visible signatures valid: {out.stdout}")


def widgets(path):
    js = objects(path)
    _, objs = root_of(js)
    found = []
    for k, v in objs.items():
        val = v.get("value") if isinstance(v, dict) else None
        if isinstance(val, dict) and val.get("/Subtype") == "/Widget" and val.get("/FT") == "/Sig":
            found.append(val["/Rect"])
    return found


rects = widgets(p2)
check(len(rects) == 2, f"two signature widgets: {rects}")
images = must(["pdfimages", "-list", "-f", str(page_no + 1), "-l", str(page_no + 1), p2]).stdout
rows = [l.split() for l in images.splitlines()[2:]]
sig_img = [r for r in rows if r[3] == "400" and r[4] == "220" and r[2] == "image"]
seal_img = [r for r in rows if r[3] == "360" and r[4] == "360" and r[2] == "image"]
check(len(sig_img) == 1 and len(seal_img) == 1, f"pdfimages lists the signature and the seal: {images}")
check(len([r for r in rows if r[2] == "smask"]) >= 2, "both images keep their transparency (smask)")
if len(rects) == 2 and sig_img and seal_img:
    # The leader's widget is the one whose size matches the signature image's aspect.
    leader_rect = min(rects, key=lambda r: abs((r[2] - r[0]) / (r[3] - r[1]) - 400 / 220))
    seal_rect = [r for r in rects if r is not leader_rect][0]
    lw, lh = leader_rect[2] - leader_rect[0], leader_rect[3] - leader_rect[1]
    check(abs((leader_rect[0] + leader_rect[2]) / 2 - (x1 + x2) / 2) < 0.5
          and abs((leader_rect[1] + leader_rect[3]) / 2 - (y1 + y2) / 2) < 0.5,
          f"signature image centred in the block: {leader_rect} vs {box['/Rect']}")
    check(lw <= 40 * MM + 0.5 and lh <= 22 * MM + 0.5, f"signature within 40 x 22 mm: {lw} x {lh}")
    ppi = float(sig_img[0][12])
    check(abs(400 * 72 / ppi - lw) < 1.0, f"pdfimages: signature drawn {400 * 72 / ppi} pt wide = widget {lw}")
    seal_w = 360 * 72 / float(seal_img[0][12])
    check(abs(seal_w - 36 * MM) < 1.0, f"seal at its real size 36 mm: {seal_w / MM} mm")
    seal_right = seal_rect[0] + seal_w
    overlap = (seal_right - leader_rect[0]) / lw
    check(0.25 < overlap < 0.42, f"seal covers about a third of the signature on its left: {overlap:.2f}")

def words_in(path, rect, page=1):
    """The words pdftotext -bbox places inside a widget rectangle (PDF coordinates)."""
    out = must(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), path, "-"]).stdout
    hp = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', out).group(1))
    found = []
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out):
        wx1, wy1, wx2, wy2 = map(float, m.groups()[:4])
        cx, cy = (wx1 + wx2) / 2, hp - (wy1 + wy2) / 2
        if rect[0] - 0.5 <= cx <= rect[2] + 0.5 and rect[1] - 0.5 <= cy <= rect[3] + 0.5:
            found.append((m.group(5), wx1, wy1, wx2, wy2))
    return found


def fonts_embedded(path, what):
    """pdffonts: every font embedded; the signature's one is Liberation Serif (CID TrueType)."""
    out = must(["pdffonts", path]).stdout.splitlines()
    cols = [(m.start(), m.end()) for m in re.finditer(r"-+", out[1])]
    rows = [[l[a:b + 1].strip() for a, b in cols] for l in out[2:]]
    check(rows and all(r[3] == "yes" for r in rows), f"{what}: pdffonts: all embedded: {out}")
    check(any("LiberationSerif" in r[0] and r[1] == "CID TrueType" and r[5] == "yes" for r in rows),
          f"{what}: pdffonts lists the embedded Liberation Serif subset with ToUnicode: {out}")


ISO = re.compile(r"^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$")
AGENCY = "Sở Y tế tỉnh Đồng Nai"  # the agency certificate's O, with its diacritics

# The agency's name and the signing time beside the seal, in the embedded font.
if len(rects) == 2 and sig_img and seal_img:
    words = words_in(p2, seal_rect, page_no + 1)
    text = " ".join(w[0] for w in words)
    check(AGENCY in text, f"pdftotext finds the agency's name in the seal's widget: {text!r}")
    check(any(ISO.match(w[0]) for w in words), f"pdftotext finds the ISO 8601 time there: {text!r}")
fonts_embedded(p2, "co-quan")

# An attachment in a separate file: the agency signs with text only, top right of page 1.
att = f"{d}/att.pdf"
r = sign(plain, att, "co-quan", agency, ["--attachment", "05/SYT-VP"])
check(r.returncode == 0, f"sign attachment: {r.stderr}")
rects = widgets(att)
check(len(rects) == 1, f"one widget on the attachment: {rects}")
sigs, out = pdfsig(nss, att)
check(len(sigs) == 1 and sigs[0].get("Signature Validation") == "Signature is Valid.",
      f"pdfsig: the attachment's signature valid: {out.stdout}")
fonts_embedded(att, "attachment")
if rects:
    ax1, ay1, ax2, ay2 = rects[0]
    words = words_in(att, rects[0])
    check([w[0] for w in words][:1] == ["05/SYT-VP"] and len(words) == 2 and ISO.match(words[1][0]),
          f"pdftotext: the number, then the time, in the widget: {words}")
    if len(words) == 2:
        # Right-aligned on the text's right edge (right margin 15 mm), inside the top margin
        # (20 mm), the number above the time, both 10 pt (word height about 1.1 em).
        for w in words:
            check(abs(w[3] - (595 - 15 * MM)) < 1.0, f"right edge at the right margin: {w}")
            check(w[4] < 20 * MM, f"inside the top margin (from the top edge): {w}")
            check(9.5 < w[4] - w[2] < 12.5, f"10 pt text: word height {w[4] - w[2]}")
        check(words[0][2] < words[1][2], f"the number above the time: {words}")
    must(["pdftoppm", "-r", "72", "-gray", "-f", "1", "-l", "1", att, f"{d}/att"])
    import glob
    pgm = open(sorted(glob.glob(f"{d}/att*.pgm"))[0], "rb").read()
    parts = pgm.split(b"\n", 3)
    w, h = map(int, parts[1].split())
    px = parts[3]
    dark = sum(1 for yy in range(int(height - ay2), int(height - ay1)) for xx in range(int(ax1), int(ax2))
               if px[yy * w + xx] < 128)
    check(dark > 30, f"the attachment text is drawn black (dark pixels in the widget: {dark})")

# A digitised paper document (--scanned, Thông tư 01/2019/TT-BNV): the digitising agency's seal
# at real size in the top right corner of page 1, with its name and the time.
scan = f"{d}/scan.pdf"
r = sign(plain, scan, "co-quan", agency, ["--scanned", "--image", f"{IMAGES}/con-dau.png"])
check(r.returncode == 0, f"sign --scanned: {r.stderr}")
sigs, out = pdfsig(nss, scan)
check(len(sigs) == 1 and sigs[0].get("Signature Validation") == "Signature is Valid.",
      f"pdfsig: the scanned document's signature valid: {out.stdout}")
fonts_embedded(scan, "scanned")
rects = widgets(scan)
images = must(["pdfimages", "-list", "-f", "1", "-l", "1", scan]).stdout
rows = [l.split() for l in images.splitlines()[2:]]
seal_img = [r for r in rows if r[3] == "360" and r[4] == "360" and r[2] == "image"]
check(len(rects) == 1 and len(seal_img) == 1, f"one widget and the seal on page 1: {rects} {images}")
if rects and seal_img:
    sx1, sy1, sx2, sy2 = rects[0]
    seal_w = 360 * 72 / float(seal_img[0][12])
    check(abs(seal_w - 36 * MM) < 1.0, f"scanned: seal at its real size 36 mm: {seal_w / MM} mm")
    check(abs(sx2 - (595 - 15 * MM)) < 0.5 and sy2 > height - 20 * MM,
          f"scanned: seal in the top right corner: {rects[0]}")
    text = " ".join(w[0] for w in words_in(scan, rects[0]))
    check(AGENCY in text and re.search(r"\+07:00", text), f"scanned: name and time: {text!r}")

# vanban letter --sign-as: made, numbered and signed in one run; a wrong password takes no number.
signed = f"{d}/signed-letter.pdf"
letter_args = [VANBAN, "letter", f"{SRC}/samples/letters/{SAMPLE}", "--org",
               f"{SRC}/samples/dong-nai/org.json", "--registry", f"{d}/reg.db", "-o", signed,
               "--sign-as", "nguoi-ky", "--key", leader, "--sign-image", f"{IMAGES}/chu-ky.png"]
r = run(letter_args, env={"VANBAN_KEY_PASSWORD": "sai"})
check(r.returncode == 1 and "Sai mật khẩu" in r.stderr and not os.path.exists(signed)
      and not os.path.exists(f"{d}/reg.db"), f"letter --sign-as, wrong password: {r.stderr}")
r = run(letter_args, env={"VANBAN_KEY_PASSWORD": PASSWORD})
check(r.returncode == 0, f"letter --sign-as: {r.stdout}{r.stderr}")
sigs, out = pdfsig(nss, signed)
check(len(sigs) == 1 and sigs[0].get("Signature Validation") == "Signature is Valid."
      and sigs[0].get("Total document signed") is True, f"letter --sign-as: pdfsig: {out.stdout}")
reg = run([VANBAN, "registry", "--registry", f"{d}/reg.db", "list"]).stdout
check("đã ban hành" in reg, f"the register records the signed letter as issued: {reg}")
check(not [f for f in os.listdir(d) if ".tmp" in f], "no temporary file left")
finish()
