#!/usr/bin/python3
"""Letters numbered from a registry (SQLite, read back with Python's sqlite3):

1. Secret letters (field "secrecy", box 10a) keep a series of their own (Điều 15): an ordinary and
   a secret letter of the same agency and year are both numbered 01; the next ordinary one 02;
   the mark is printed framed under Số (under V/v for a công văn), above a dấu khẩn; a bad value
   is refused naming file, pointer and line; a secret công văn takes the Số + ký hiệu an ordinary
   one already has (each series is its own numbering system), while a hand-numbered ordinary
   letter taking it again in its own series is refused.
2. The content hash covers the bytes of the electronic signature and seal: running the same
   letter again with a changed image prints the changed-content notice, unchanged prints none.

usage: check_numbering.py VANBAN SOURCE_DIR
"""
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile

from letter_checks import LETTERS, MM, ORG, VANBAN, check, finish

NOTICE = "nội dung đã thay đổi"

def base_letter():
    l = json.load(open(os.path.join(LETTERS, "syt-1999-cchc-quy-ii-2023.json"), encoding="utf-8"))
    l.pop("number", None)
    l.pop("appendices", None)
    return dict(l, date="2024-03-12")


def run(d, name, letter, registry=None, extra=()):
    path = os.path.join(d, name + ".json")
    if letter is not None:
        json.dump(letter, open(path, "w", encoding="utf-8"), ensure_ascii=False)
    out = os.path.join(d, name + ".pdf")
    args = [VANBAN, "letter", path, "--org", ORG, "-o", out, *extra]
    args += ["--registry", registry] if registry else ["--draft"]
    p = subprocess.run(args, capture_output=True, text=True)
    return p, out


def lines(pdf, page=1):
    xml = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox-layout", pdf, "-"],
                         capture_output=True, text=True, check=True).stdout
    res = []
    for m in re.finditer(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                         r'yMax="([\d.]+)">(.*?)</line>', xml, re.S):
        words = re.findall(r">([^<]*)</word>", m.group(5))
        res.append(tuple(float(v) * MM for v in m.groups()[:4]) + (" ".join(words),))
    return res


def find(ls, text):
    return next((ln for ln in ls if ln[4] == text), None)


def secret_series():
    with tempfile.TemporaryDirectory() as d:
        reg = os.path.join(d, "so.db")
        cv = dict(base_letter(), id="cv-thuong")
        bc_mat = dict(base_letter(), id="bc-mat", type="bao-cao", secrecy="mat", kinh_gui=[])
        bc = dict(base_letter(), id="bc-thuong", type="bao-cao", kinh_gui=[])
        got = {}
        for name, letter in (("cv", cv), ("bc-mat", bc_mat), ("bc", bc)):
            p, pdf = run(d, name, letter, reg)
            check(p.returncode == 0, f"secret series: {name} exit 0 ({p.stderr.strip()})")
            got[name] = p.stdout.split("\t")[0]
        check(got == {"cv": "01/SYT-VP", "bc-mat": "01/BC-SYT", "bc": "02/BC-SYT"},
              f"secret series: ordinary 01, secret 01, ordinary 02: {got}")
        db = sqlite3.connect(reg)
        rows = dict(db.execute("SELECT letter_key, series || ' ' || number FROM registry_entries"))
        db.close()
        check(rows == {"cv-thuong": "HC 1", "bc-mat": "MAT 1", "bc-thuong": "HC 2"},
              f"secret series: the registry's series and numbers: {rows}")

        # box 10a: framed "MẬT" under Số, left half, above the type name
        ls = lines(os.path.join(d, "bc-mat.pdf"))
        so, mark, title = find(ls, "Số: 01/BC-SYT"), find(ls, "MẬT"), find(ls, "BÁO CÁO")
        if check(so and mark and title, f"secret series: Số, MẬT and BÁO CÁO on page 1: {so} {mark} {title}"):
            check(so[3] < mark[1] < title[1] and (mark[0] + mark[2]) / 2 < 105,
                  f"secret series: MẬT under Số, left half, above the title: {mark}")
            check(abs((mark[0] + mark[2]) / 2 - (so[0] + so[2]) / 2) < 3,
                  f"secret series: MẬT centred under Số like box 10b: {mark} vs {so}")
        check(not find(lines(os.path.join(d, "bc.pdf")), "MẬT"), "secret series: no mark on an ordinary letter")

        # the same Số + ký hiệu in both series (each at 01): each series is its own numbering
        # system (Điều 15), so the secret công văn is 01/SYT-VP too
        reg2 = os.path.join(d, "so2.db")
        p, pdf = run(d, "cv2", cv, reg2)
        check(p.returncode == 0, f"secret series: công văn in a new register ({p.stderr.strip()})")
        p, pdf = run(d, "cv-mat", dict(base_letter(), id="cv-mat", secrecy="toi-mat"), reg2)
        check(p.returncode == 0 and p.stdout.startswith("01/SYT-VP\t") and os.path.exists(pdf),
              f"secret series: a secret công văn takes 01/SYT-VP of its own series: {p.returncode} {p.stderr.strip()}")
        db = sqlite3.connect(reg2)
        rows = sorted(db.execute("SELECT series, so_ky_hieu FROM registry_entries"))
        db.close()
        check(rows == [("HC", "01/SYT-VP"), ("MAT", "01/SYT-VP")],
              f"secret series: 01/SYT-VP once in HC and once in MAT: {rows}")
        # within one series Số + ký hiệu stays unique: a hand-numbered 01 is refused, nothing written
        p, pdf = run(d, "cv-01", dict(base_letter(), id="cv-so-01", number=1), reg2)
        check(p.returncode == 1 and "01/SYT-VP" in p.stderr and "duy nhất" in p.stderr
              and not os.path.exists(pdf),
              f"secret series: an ordinary letter cannot take 01/SYT-VP again: {p.returncode} {p.stderr.strip()}")

        # công văn: under V/v; with a dấu khẩn, the mark of secrecy first
        p, pdf = run(d, "cv-draft", dict(base_letter(), secrecy="tuyet-mat", urgency="khan"))
        if check(p.returncode == 0, f"secret công văn draft: exit 0 ({p.stderr.strip()})"):
            ls = lines(pdf)
            vv = next((ln for ln in ls if ln[4].startswith("V/v")), None)
            mark, khan = find(ls, "TUYỆT MẬT"), find(ls, "KHẨN")
            check(vv and mark and khan and vv[3] < mark[1] < mark[3] < khan[1],
                  f"secret công văn: V/v, then TUYỆT MẬT, then KHẨN: {vv} {mark} {khan}")

        p, pdf = run(d, "bad", dict(base_letter(), secrecy="mật"), reg)
        check(p.returncode == 1 and "bad.json" in p.stderr and "/secrecy" in p.stderr
              and "dòng" in p.stderr and '"tuyet-mat"' in p.stderr and not os.path.exists(pdf),
              f"bad secrecy: message names file, pointer, line and the values: {p.stderr.strip()}")


def image_hash():
    with tempfile.TemporaryDirectory() as d:
        os.mkdir(os.path.join(d, "img"))
        for f in ("chu-ky.png", "con-dau.png"):
            shutil.copy(os.path.join(LETTERS, "images", f), os.path.join(d, "img", f))
        reg = os.path.join(d, "so.db")
        letter = dict(base_letter(), id="ban-dien-tu",
                      electronic={"signature": "img/chu-ky.png", "seal": "img/con-dau.png"})
        p, _ = run(d, "dt", letter, reg)
        check(p.returncode == 0 and p.stdout.startswith("01/SYT-VP\t") and "số mới" in p.stdout,
              f"images: first run numbers 01 ({p.stdout.strip()} {p.stderr.strip()})")
        p, _ = run(d, "dt", None, reg)
        check(p.returncode == 0 and "số đã cấp trước" in p.stdout and NOTICE not in p.stderr,
              f"images: unchanged rerun, same number, no notice ({p.stdout.strip()} {p.stderr.strip()})")
        # a new signature image under the same name (still a PNG): the letter has changed
        shutil.copy(os.path.join(LETTERS, "images", "con-dau.png"), os.path.join(d, "img", "chu-ky.png"))
        p, _ = run(d, "dt", None, reg)
        check(p.returncode == 0 and p.stdout.startswith("01/SYT-VP\t") and NOTICE in p.stderr
              and "dt.json" in p.stderr,
              f"images: changed signature image gives the notice ({p.stdout.strip()} {p.stderr.strip()})")
        # the original image back: the letter is again the one the register recorded
        shutil.copy(os.path.join(LETTERS, "images", "chu-ky.png"), os.path.join(d, "img", "chu-ky.png"))
        p, _ = run(d, "dt", None, reg)
        check(p.returncode == 0 and "số đã cấp trước" in p.stdout and NOTICE not in p.stderr,
              f"images: original image back, no notice ({p.stdout.strip()} {p.stderr.strip()})")


secret_series()
image_hash()
finish()
