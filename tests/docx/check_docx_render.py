#!/usr/bin/python3
"""Every sample letter as PDF (vanban's own path) and as DOCX (`-o X.pdf --docx X.docx` in one
run); LibreOffice converts all the DOCX files to PDF in one call, and the letters' own PDF checks
(tests/letter/check_letters.py: check_pdf, the same ones vanban's PDFs pass: margins, fonts and
sizes per box, page numbers, no fallback font, Số and date on one line, signature, box 13 …)
run on LibreOffice's PDF with the true point sizes a DOCX asks for. The text of LibreOffice's
PDF equals the text of vanban's PDF, line breaks aside, and its body lines are as far apart as
in vanban's PDF (baselines measured from the words' boxes, tests/docx/line_pitch.py). Finally a LibreOffice round trip
(--convert-to docx, also one call) keeps every text, read with python-docx.

usage: check_docx_render.py VANBAN SOURCE_DIR
"""
import glob
from collections import Counter
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "letter"))
from letter_checks import LETTERS, ORG, SRC, VANBAN, check, finish  # noqa: E402
from libreoffice import soffice  # noqa: E402
from check_letters import check_pdf, norm, pages_text  # noqa: E402
from line_pitch import check_pitch, measured  # noqa: E402
from check_docx_read import all_paragraphs  # noqa: E402

import docx  # noqa: E402



def words(pdf):
    return norm(" ".join(pages_text(pdf))).split()


def header_words(letter):
    def tables(blocks):
        for b in blocks:
            if "table" in b:
                yield b["table"]
            yield from tables(b.get("children", []))
    blocks = letter["body"] + [b for a in letter.get("appendices", []) for b in a["body"]]
    return {w for t in tables(blocks) for c in t["columns"] for w in norm(c).split()}


def docx_text(path):
    return norm(" ".join(p.text for p in all_paragraphs(docx.Document(path)))).split()


org = json.load(open(ORG, encoding="utf-8"))
# The sample letters, and this folder's own: letters/trang-1-day.json (a result công văn of the
# sample year whose page 1 is full, so that its last body line sits right above box 13).
OWN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "letters")
folder = {f: d for d in (LETTERS, OWN) for f in os.listdir(d) if f.endswith(".json")}
samples = sorted(folder)
with tempfile.TemporaryDirectory() as d:
    made = []
    for f in samples:
        stem = f[:-5]
        pdf, dx = os.path.join(d, stem + ".pdf"), os.path.join(d, "docx", stem + ".docx")
        os.makedirs(os.path.dirname(dx), exist_ok=True)
        p = subprocess.run([VANBAN, "letter", os.path.join(folder[f], f), "--org", ORG, "-o", pdf,
                            "--docx", dx, "--draft"], capture_output=True, text=True)
        check(p.returncode == 0 and os.path.exists(pdf) and os.path.exists(dx),
              f"{f}: -o and --docx in one run ({p.stderr.strip()})")
        if p.returncode == 0:
            made.append(f)
    docs = sorted(glob.glob(os.path.join(d, "docx", "*.docx")))
    p = soffice(["--convert-to", "pdf", "--outdir", os.path.join(d, "lo"), *docs], d)
    check(p.returncode == 0, f"soffice --convert-to pdf ({p.stderr.strip()[:300]})")
    p = soffice(["--convert-to", "docx:MS Word 2007 XML", "--outdir", os.path.join(d, "rt"), *docs], d)
    check(p.returncode == 0, f"soffice --convert-to docx ({p.stderr.strip()[:300]})")
    for f in made:
        stem = f[:-5]
        letter = json.load(open(os.path.join(folder[f], f), encoding="utf-8"))
        lo = os.path.join(d, "lo", stem + ".pdf")
        if not check(os.path.exists(lo), f"{f}: LibreOffice wrote a PDF"):
            continue
        failed = len(__import__("letter_checks").failures)
        # LibreOffice writes the sizes asked for (no 0.576 pt steps) and a font descriptor
        # whose ascent + descent make pdftotext's line box 1.30 em high.
        check_pdf(f, lo, letter, org, size=lambda pt: pt, em_box=1.30, raw=True)
        check_pitch(f, os.path.join(d, stem + ".pdf"), lo)
        # The same words the same number of times. Their order differs where the two PDFs
        # break pages differently beside a two-column block (Nơi nhận | signature: poppler reads
        # the lines of both columns interleaved by height); the order of the letter's own texts
        # is checked by check_pdf above and by check_docx_read.py.
        ours, theirs = Counter(words(os.path.join(d, stem + ".pdf"))), Counter(words(lo))
        # A table's header row comes back on every page of the table: how often depends on
        # where the pages break, so its words are compared by presence only.
        for w in header_words(letter):
            if ours[w] and theirs[w]:
                ours[w] = theirs[w] = 1
        check(ours == theirs, f"{f}: LibreOffice's text equals vanban's PDF text, line breaks "
                              f"aside: only in vanban's {dict(ours - theirs)}, only in "
                              f"LibreOffice's {dict(theirs - ours)}")
        rt = os.path.join(d, "rt", stem + ".docx")
        if check(os.path.exists(rt), f"{f}: LibreOffice round trip wrote a DOCX"):
            check(docx_text(rt) == docx_text(os.path.join(d, "docx", stem + ".docx")),
                  f"{f}: the round trip keeps every text")
        if len(__import__("letter_checks").failures) > failed and os.environ.get("VANBAN_TEST_KEEP"):
            keep = os.path.join("/tmp", "docx-keep")
            os.makedirs(keep, exist_ok=True)
            for src, to in ((lo, stem + ".lo.pdf"), (os.path.join(d, stem + ".pdf"), stem + ".pdf"),
                            (os.path.join(d, "docx", stem + ".docx"), stem + ".docx")):
                subprocess.run(["cp", src, os.path.join(keep, to)])
check(len(measured) >= len(samples) // 2,
      f"body line distances measured on most sample letters: {[m[0] for m in measured]}")
finish()
