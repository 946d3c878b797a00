#!/usr/bin/python3
"""`vanban batch` with "docx": true: each result công văn and the province's thông báo (with its
ranking Phụ lục) also comes out as .docx beside its PDF.

    check_docx_batch.py VANBAN SOURCE_DIR WORK_DIR [JOB [all]]

JOB defaults to the small slice of the Đồng Nai 2024 job (tests/batch/jobs/small.json), run with
"docx": true added. Checks, each against an independent reader:
- every letter PDF of the manifest has its .docx beside it, listed in the manifest with the same
  key and Số, ký hiệu, its file hash the file's (hashlib);
- python-docx reads every .docx: the Số line carries the PDF's number, the notice's Phụ lục is a
  section of its own whose tables repeat their header row;
- a rerun makes nothing again: the .docx files are "không đổi", byte for byte and mtime;
- LibreOffice converts a representative set (the first result letter of every period and every
  thông báo; with `all`: every letter) in one `soffice` call per set of distinct file names
  (two periods may both hold a `bdt-so-225`), and the letters' own PDF checks
  (tests/letter/check_letters.py: check_pdf) pass on its PDFs; their words equal those of
  vanban's PDF of the same letter, line breaks aside (a table's header row, repeated on every
  page, and the ranking's "(tiếp theo)" rows, which depend on page breaks, by presence only),
  and its body lines are as far apart as in vanban's PDF (tests/docx/line_pitch.py).
The letter JSON that check_pdf needs is the batch's own, written by `--html-dir`.
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter

VANBAN, SRC, WORK = sys.argv[1:4]
JOB = sys.argv[4] if len(sys.argv) > 4 else os.path.join(SRC, "tests", "batch", "jobs",
                                                          "small.json")
ALL = len(sys.argv) > 5 and sys.argv[5] == "all"
sys.argv[1:] = [VANBAN, SRC]  # what letter_checks reads
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "letter"))
from letter_checks import ORG, TOP, check, finish  # noqa: E402
from libreoffice import soffice  # noqa: E402
from check_letters import bbox_lines, check_pdf, norm, pages_text  # noqa: E402
from line_pitch import check_pitch  # noqa: E402

import docx  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402

LETTER_KINDS = {"cong-van": "cong-van-docx", "thong-bao": "thong-bao-docx"}



def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def write_job(path):
    """The job with its paths made absolute and "docx": true."""
    with open(JOB, encoding="utf-8") as f:
        job = json.load(f)
    base = os.path.dirname(os.path.abspath(JOB))
    absolute = lambda p: os.path.normpath(os.path.join(base, p))  # noqa: E731
    job["org"] = absolute(job["org"])
    job["targets"] = [absolute(p) for p in job["targets"]]
    job["data"] = [absolute(p) for p in job["data"]]
    for k, v in job.get("templates", {}).items():
        job["templates"][k] = absolute(v)
    job["docx"] = True
    with open(path, "w", encoding="utf-8") as f:
        json.dump(job, f, ensure_ascii=False)


def batch(job, out, html):
    t = time.monotonic()
    p = subprocess.run([VANBAN, "batch", job, "-o", out, "--html-dir", html, "--jobs", "2"],
                       capture_output=True, text=True)
    if p.returncode != 0:
        print(p.stdout, p.stderr, file=sys.stderr)
        raise SystemExit(f"vanban batch: exit {p.returncode}")
    return p, time.monotonic() - t


def header_words(d):
    """Words of the table rows marked w:tblHeader (repeated on every page of their table)."""
    words = set()
    for t in d.tables:
        for r in t.rows:
            trpr = r._tr.trPr
            if trpr is not None and trpr.find(qn("w:tblHeader")) is not None:
                words.update(norm(" ".join(c.text for c in r.cells)).split())
    return words


def continued_words(pdf):
    """Words of vanban's "… (tiếp theo)" rows (a group heading repeated on a new page)."""
    words = Counter()
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    for line in text.splitlines():
        if "(tiếp theo)" in line:
            words.update(norm(line).split())
    return words


def all_text(d):
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for r in t.rows:
            for c in r.cells:
                parts.extend(p.text for p in c.paragraphs)
    return norm(" ".join(parts))


if os.path.exists(WORK):
    shutil.rmtree(WORK)
os.makedirs(WORK)
job, out, html = (os.path.join(WORK, n) for n in ("job.json", "out", "html"))
write_job(job)
first, seconds = batch(job, out, html)
print(f"batch with DOCX: {seconds:.1f} s")
with open(os.path.join(out, "manifest.json"), encoding="utf-8") as f:
    docs = {d["path"]: d for d in json.load(f)["documents"]}

letters = sorted(p for p, d in docs.items() if d["kind"] in LETTER_KINDS)
check(letters and any(docs[p]["kind"] == "thong-bao" for p in letters),
      f"the job makes result letters and a thông báo: {letters}")
for p in letters:
    dx = p[:-4] + ".docx"
    e = docs.get(dx)
    if not check(e is not None and os.path.exists(os.path.join(out, dx)),
                 f"{dx}: beside {p} and in the manifest"):
        continue
    check(e["kind"] == LETTER_KINDS[docs[p]["kind"]] and e["status"] == "ok",
          f"{dx}: kind {e['kind']}, status {e['status']}")
    check(e.get("key") == docs[p].get("key") and e.get("so_ky_hieu") == docs[p].get("so_ky_hieu"),
          f"{dx}: the same key and Số as the PDF: {e.get('so_ky_hieu')} / {docs[p].get('so_ky_hieu')}")
    check(e.get("file_hash") == sha(os.path.join(out, dx)), f"{dx}: the manifest's hash is the file's")
    d = docx.Document(os.path.join(out, dx))
    check(norm("Số: " + docs[p]["so_ky_hieu"]) in all_text(d),
          f"{dx}: python-docx reads 'Số: {docs[p]['so_ky_hieu']}'")
    if docs[p]["kind"] == "thong-bao":
        check(len(d.sections) == 2, f"{dx}: the letter and its Phụ lục: {len(d.sections)} sections")
        check(len(d.tables) > 3 and header_words(d),
              f"{dx}: the ranking's tables, each header row repeating ({len(d.tables)} tables)")
        check("BẢNG XẾP HẠNG" in all_text(d) and norm("(Kèm theo Thông báo số " +
              docs[p]["so_ky_hieu"]) in all_text(d), f"{dx}: the Phụ lục's title and reference")
check(not any(d["kind"].endswith("-docx") and d["path"][:-5] + ".pdf" not in docs
              for d in docs.values()), "every .docx of the manifest has its PDF")

# A rerun keeps every .docx: not made again (VANBAN_DOCX_NO_RERUN=1 skips it, for the long
# whole-year run).
stamps = {p: (os.stat(os.path.join(out, p)).st_mtime_ns, sha(os.path.join(out, p)))
          for p in docs if p.endswith(".docx")}
second, _ = batch(job, out, html) if not os.environ.get("VANBAN_DOCX_NO_RERUN") else (None, 0)
check(second is None or "(DOCX): 0 tạo mới" in second.stdout + second.stderr,
      f"rerun: no DOCX made again: {second and second.stdout}")
check(second is None or all((os.stat(os.path.join(out, p)).st_mtime_ns, sha(os.path.join(out, p))) == s
          for p, s in stamps.items()), "rerun: every .docx untouched")

# LibreOffice renders the representative set (or every letter); the decree's checks on them.
if ALL:
    chosen = letters
else:
    chosen, seen = [], set()
    for p in letters:
        kind = (docs[p]["kind"], docs[p]["period"])
        if kind not in seen:
            seen.add(kind)
            chosen.append(p)
# LibreOffice names each PDF after its DOCX, and two periods can hold letters of the same name
# (numbers restart each year: quy-II-2024/… and nam-2024/…/bdt-so-225): one call per set of
# distinct names, each into its own folder.
groups, lo_of = [], {}
for p in chosen:
    base = os.path.basename(p)
    k = next((i for i, g in enumerate(groups) if base not in g), len(groups))
    if k == len(groups):
        groups.append(set())
    groups[k].add(base)
    lo_of[p] = os.path.join(WORK, f"lo-{k}", base)
t = time.monotonic()
for k in range(len(groups)):
    inputs = [os.path.join(out, p[:-4] + ".docx") for p in chosen
              if lo_of[p].startswith(os.path.join(WORK, f"lo-{k}") + os.sep)]
    # At most 100 files a call: one call given ~500 files exited 0 having written only ~250.
    for i in range(0, len(inputs), 100):
        r = soffice(["--convert-to", "pdf", "--outdir", os.path.join(WORK, f"lo-{k}"),
                     *inputs[i:i + 100]], WORK, timeout=3600)
        check(r.returncode == 0, f"soffice --convert-to pdf ({r.stderr.strip()[:300]})")
lo_seconds = time.monotonic() - t
print(f"LibreOffice: {len(chosen)} DOCX to PDF in {len(groups)} call(s), {lo_seconds:.1f} s")
with open(ORG, encoding="utf-8") as f:
    org = json.load(f)

def page_count(pdf):
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def page_lines(pdf, k):
    t = subprocess.run(["pdftotext", "-f", str(k), "-l", str(k), pdf, "-"], capture_output=True,
                       text=True, check=True).stdout
    return [ln for ln in t.strip().split("\n")]


def appendix_start(pdf):
    """The first page of the ranking Phụ lục: the first page after 1 that does not open with
    its page number (it opens with the agency's header, as page 1 does)."""
    for k in range(2, page_count(pdf) + 1):
        if not page_lines(pdf, k)[0].strip().isdigit():
            return k
    return None


def cut(pdf, first, last, out):
    subprocess.run(["qpdf", pdf, "--pages", ".", f"{first}-{last}", "--", out], check=True)
    return out


def appendix_words(pdf, first, name):
    """Words of the Phụ lục's pages; each page after its first opens with its own number,
    counted from 1 (checked and left out)."""
    words = Counter()
    for k in range(first, page_count(pdf) + 1):
        lines = page_lines(pdf, k)
        if k > first:
            check(lines[0].strip() == str(k - first + 1),
                  f"{name}: Phụ lục page {k - first + 1} opens with its number: {lines[0]!r}")
            lines = lines[1:]
        words.update(norm(" ".join(lines)).split())
    return words


def compare(name, ours, theirs, header):
    for w in header:
        if ours[w] and theirs[w]:
            ours[w] = theirs[w] = 1
    check(ours == theirs, f"{name}: LibreOffice's text equals vanban's PDF text, line breaks "
                          f"aside: only in vanban's {dict(ours - theirs)}, only in LibreOffice's "
                          f"{dict(theirs - ours)}")


def check_landscape_appendix(name, pdf, first):
    """The ranking Phụ lục of LibreOffice's PDF: landscape A4, the decree's margins, only the
    pinned Liberation Serif."""
    n = page_count(pdf)
    info = subprocess.run(["pdfinfo", "-f", str(first), "-l", str(n), pdf], capture_output=True,
                          text=True).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    check(len(sizes) == n - first + 1 and all(float(w) > 840 and float(h) < 596 for w, h in sizes),
          f"{name}: the Phụ lục's pages are landscape A4: {sizes}")
    part = cut(pdf, first, n, pdf + ".phu-luc.pdf")
    for page, x0, y0, x1, y1, text in bbox_lines(part):
        if text.strip().isdigit() and y1 <= TOP:  # the page number, in the top margin
            check(abs((x0 + x1) / 2 - (30 + (297 - 15)) / 2) < 3,
                  f"{name}: Phụ lục page {page}: its number centred: {x0:.1f}-{x1:.1f}")
            continue
        check(x0 >= 30 - 0.5 and x1 <= 297 - 15 + 0.5 and y0 >= TOP - 0.5 and y1 <= 210 - 20 + 0.5,
              f"{name}: Phụ lục page {page}: line inside the margins: "
              f"{x0:.1f},{y0:.1f}-{x1:.1f},{y1:.1f} {text[:40]}")
    fonts = subprocess.run(["pdffonts", part], capture_output=True, text=True).stdout
    names = [ln.split()[0] for ln in fonts.splitlines()[2:] if ln.strip()]
    check(names and all("LiberationSerif" in f for f in names),
          f"{name}: the Phụ lục uses Liberation Serif only: {names}")


for p in chosen:
    lo_pdf, our_pdf = lo_of[p], os.path.join(out, p)
    if not check(os.path.exists(lo_pdf), f"{p}: LibreOffice wrote a PDF"):
        continue
    with open(os.path.join(html, p + ".json"), encoding="utf-8") as f:
        letter = json.load(f)
    letter["number"] = int(docs[p]["so_ky_hieu"].split("/")[0])
    header = header_words(docx.Document(os.path.join(out, p[:-4] + ".docx")))
    lo_app, our_app = appendix_start(lo_pdf), appendix_start(our_pdf)
    if docs[p]["kind"] == "thong-bao":
        if not check(lo_app and our_app, f"{p}: both PDFs have the Phụ lục ({lo_app}, {our_app})"):
            continue
        lo_letter = cut(lo_pdf, 1, lo_app - 1, lo_pdf + ".letter.pdf")
        our_letter = cut(our_pdf, 1, our_app - 1, lo_pdf + ".ours.pdf")
        check_pdf(p, lo_letter, letter, org, size=lambda pt: pt, em_box=1.30, raw=True)
        check_pitch(p, our_letter, lo_letter)
        compare(p, Counter(norm(" ".join(pages_text(our_letter))).split()),
                Counter(norm(" ".join(pages_text(lo_letter))).split()), set())
        check_landscape_appendix(p, lo_pdf, lo_app)
        ours = appendix_words(our_pdf, our_app, p + " (vanban)")
        ours.subtract(continued_words(our_pdf))
        compare(p + " Phụ lục", +ours, appendix_words(lo_pdf, lo_app, p), header)
    else:
        check(lo_app is None, f"{p}: no Phụ lục")
        check_pdf(p, lo_pdf, letter, org, size=lambda pt: pt, em_box=1.30, raw=True)
        check_pitch(p, our_pdf, lo_pdf)
        compare(p, Counter(norm(" ".join(pages_text(our_pdf))).split()),
                Counter(norm(" ".join(pages_text(lo_pdf))).split()), header)
print(f"{len(letters)} letters as DOCX, {len(chosen)} rendered by LibreOffice")
finish()
