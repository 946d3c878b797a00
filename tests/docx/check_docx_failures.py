#!/usr/bin/python3
"""`vanban letter --docx` when the DOCX cannot be written: no number is taken, nothing is left.

1. `--docx` alone into a folder on a read-only mount: exit 1, a Vietnamese message naming the
   file ("chỉ đọc"), no entry in the registry (sqlite3 reads it), no file anywhere.
2. `-o OK.pdf --docx RO/X.docx`: the same, and no PDF is left in the writable folder either.
3. `--docx` alone into a writable folder still numbers the letter (the check does not refuse
   good folders): one committed entry whose path is the DOCX.
4. A draft whose day and month are left blank (`"date": "YYYY"`, the văn thư dates it at
   issue): `--draft --docx` prints "ngày … tháng … năm YYYY" with blanks as the PDF does;
   numbered (`--docx` alone, and `-o` beside `--docx`) the DOCX carries the date the registry
   gave the number (read with sqlite3), the same date as the PDF.
The read-only folder is a tmpfs mounted read-only (root); where that is not allowed the script
says so and exits 77 (skipped).

usage: check_docx_failures.py VANBAN SOURCE_DIR
"""
import datetime
import json
import os
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "letter"))
from letter_checks import LETTERS, ORG, VANBAN, check, finish  # noqa: E402
from check_letters import norm  # noqa: E402

import docx  # noqa: E402


def entries(reg):
    if not os.path.exists(reg):
        return []
    db = sqlite3.connect(reg)
    try:
        return db.execute("SELECT letter_key, so_ky_hieu, status, output_file FROM registry_entries"
                          ).fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        db.close()


def files(d):
    return sorted(os.path.relpath(os.path.join(r, f), d) for r, _, fs in os.walk(d) for f in fs)


with tempfile.TemporaryDirectory() as d:
    with open(os.path.join(LETTERS, "syt-1999-cchc-quy-ii-2023.json"), encoding="utf-8") as f:
        letter = json.load(f)
    letter.pop("number", None)
    letter.update(id="docx-ro", date="2024-03-12")
    src = os.path.join(d, "cv.json")
    with open(src, "w", encoding="utf-8") as f:
        json.dump(letter, f, ensure_ascii=False)
    reg = os.path.join(d, "so.db")
    ro, out = os.path.join(d, "ro"), os.path.join(d, "out")
    os.makedirs(ro)
    os.makedirs(out)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,ro", "tmpfs", ro],
                      capture_output=True).returncode != 0:
        print("SKIP: a read-only tmpfs cannot be mounted here")
        sys.exit(77)
    try:
        for what, extra in (("--docx alone", []),
                            ("-o beside --docx", ["-o", os.path.join(out, "cv.pdf")])):
            target = os.path.join(ro, "cv.docx")
            p = subprocess.run([VANBAN, "letter", src, "--org", ORG, "--docx", target,
                                "--registry", reg, *extra], capture_output=True, text=True)
            check(p.returncode == 1, f"{what}: exit 1 ({p.returncode}: {p.stderr.strip()})")
            check("chỉ đọc" in p.stderr and "cv.docx" in p.stderr,
                  f"{what}: the message says 'chỉ đọc' and names the file: {p.stderr.strip()}")
            check(entries(reg) == [], f"{what}: no number taken: {entries(reg)}")
            check(files(ro) == [] and files(out) == [],
                  f"{what}: nothing written: {files(ro)} {files(out)}")
    finally:
        subprocess.run(["umount", "-l", ro], capture_output=True)

    # A writable folder: numbered and committed with the DOCX's path.
    good = os.path.join(out, "cv.docx")
    p = subprocess.run([VANBAN, "letter", src, "--org", ORG, "--docx", good, "--registry", reg],
                       capture_output=True, text=True)
    check(p.returncode == 0 and os.path.exists(good), f"writable folder: made ({p.stderr.strip()})")
    e = entries(reg)
    check(len(e) == 1 and e[0][2] == "issued" and e[0][3] == good,
          f"writable folder: one committed entry with the DOCX's path: {e}")

    # 4. a draft with blank day and month
    year = str(datetime.date.today().year)
    blank = dict(letter, id="docx-blank-date", date=year)
    src = os.path.join(d, "blank.json")
    with open(src, "w", encoding="utf-8") as f:
        json.dump(blank, f, ensure_ascii=False)

    def date_line(path):
        return " ".join(docx.Document(path).tables[0].rows[1].cells[1].text.split())

    def issued_date(key):
        db = sqlite3.connect(reg)
        try:
            return db.execute("SELECT doc_date FROM registry_entries WHERE letter_key = ?",
                              (key,)).fetchone()[0]
        finally:
            db.close()

    p = subprocess.run([VANBAN, "letter", src, "--org", ORG, "--docx", os.path.join(d, "nhap.docx"),
                        "--draft"], capture_output=True, text=True)
    check(p.returncode == 0, f"blank date, --draft --docx: exit 0 ({p.stderr.strip()})")
    if p.returncode == 0:
        check(date_line(os.path.join(d, "nhap.docx")) == f"Đồng Nai, ngày tháng năm {year}",
              f"blank date, draft: the date left blank: {date_line(os.path.join(d, 'nhap.docx'))!r}")

    def long_date(iso):
        y, m, dd = (int(x) for x in iso.split("-"))
        # the decree pads the day below 10 and the months 1 and 2
        return f"Đồng Nai, ngày {dd:02d} tháng {f'{m:02d}' if m < 3 else m} năm {y}"

    for what, key, extra in (("--docx alone", "docx-blank-date", []),
                             ("-o beside --docx", "docx-blank-date-2",
                              ["-o", os.path.join(out, "blank.pdf")])):
        with open(src, "w", encoding="utf-8") as f:
            json.dump(dict(blank, id=key), f, ensure_ascii=False)
        target = os.path.join(out, key + ".docx")
        p = subprocess.run([VANBAN, "letter", src, "--org", ORG, "--docx", target, "--registry",
                            reg, *extra], capture_output=True, text=True)
        if not check(p.returncode == 0, f"blank date, {what}: exit 0 ({p.stderr.strip()})"):
            continue
        want = long_date(issued_date(key))
        check(date_line(target) == want,
              f"blank date, {what}: the registry's date {want!r}, got {date_line(target)!r}")
        if extra:
            pdf = subprocess.run(["pdftotext", extra[1], "-"], capture_output=True,
                                 text=True).stdout
            check(norm(want) in norm(pdf), f"blank date, {what}: the PDF has the same date")
finish()
