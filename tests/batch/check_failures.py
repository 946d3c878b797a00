"""`vanban batch` and the other commands when the disk or the job is at fault (issue 19).

    check_failures.py CASE VANBAN SOURCE_DIR WORK_DIR

full-disk   the output folder on a small tmpfs that fills up mid-run: a Vietnamese "đĩa đầy"
            message, exit 1, the summary printed, no English library text, no temporary or
            partial file; once space is freed, a rerun completes. `vanban scorecard` and
            `vanban ranking` onto the full disk say the same. Exit 77 (skipped) where tmpfs
            cannot be mounted.
units       "units": [] is refused naming the pointer (it used to mean every unit); a unit
            listed twice is warned about and takes one number.
validate    an unknown unit or a missing org file stops the job before anything is created:
            no output folder, no lock file.
"""
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import zipfile

CASE, VANBAN, SRC, WORK = sys.argv[1:5]
JOB = os.path.join(SRC, "tests/batch/jobs/small.json")
SAMPLES = os.path.join(SRC, "samples/dong-nai")
TEMP_NAME = re.compile(r"^\..*\.tmp[A-Za-z0-9]{6}$")
FAILS = []


def check(cond, msg):
    if not cond:
        FAILS.append(msg)
        print("FAIL:", msg, file=sys.stderr)


def write_job(path, **changes):
    with open(JOB, encoding="utf-8") as f:
        job = json.load(f)
    job.update(changes)
    base = os.path.join(SRC, "tests/batch/jobs")
    job["org"] = os.path.normpath(os.path.join(base, job["org"]))
    for k in ("targets", "data"):
        job[k] = [os.path.normpath(os.path.join(base, x)) for x in job[k]]
    with open(path, "w", encoding="utf-8") as f:
        json.dump(job, f, ensure_ascii=False)
    return path


def batch(job, out, *extra):
    return subprocess.run([VANBAN, "batch", job, "-o", out, *extra], capture_output=True, text=True)


def mount_tmpfs(path, size):
    os.makedirs(path, exist_ok=True)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", path],
                       capture_output=True, text=True)
    return r.returncode == 0


def umount(path):
    subprocess.run(["umount", "-l", path], capture_output=True)


def no_english_library_text(name, text):
    for needle in ("[ERROR]", "[WARNING]", "terminate called", "No space left", "Read-only"):
        check(needle not in text, f"{name}: no {needle!r} in the output: {text}")


def files_left(root):
    for d, _, names in os.walk(root):
        for n in names:
            yield os.path.join(d, n)


def check_no_partial(name, root):
    for p in files_left(root):
        n = os.path.basename(p)
        check(not TEMP_NAME.match(n), f"{name}: temporary file left: {p}")
        if n.endswith(".pdf"):
            with open(p, "rb") as f:
                data = f.read()
            check(data.startswith(b"%PDF-") and b"%%EOF" in data[-64:], f"{name}: partial PDF {p}")
        if n.endswith(".xlsx"):
            try:
                with zipfile.ZipFile(p) as z:
                    check(z.testzip() is None, f"{name}: damaged workbook {p}")
            except zipfile.BadZipFile:
                check(False, f"{name}: partial workbook {p}")


def case_full_disk():
    out = os.path.join(WORK, "disk")
    if not mount_tmpfs(out, "160k"):
        print("SKIP: tmpfs cannot be mounted here (needs root and mount rights)")
        sys.exit(77)
    try:
        reg = os.path.join(WORK, "so.db")  # the registry on a disk with room
        r = batch(JOB, out, "--registry", reg, "--jobs", "2")
        text = r.stdout + r.stderr
        check(r.returncode == 1, f"full disk: exit 1, got {r.returncode}: {text}")
        check("đĩa đầy" in text, f"full disk: says 'đĩa đầy': {text}")
        check("Tóm tắt:" in r.stdout, f"full disk: the summary is printed: {r.stdout}")
        no_english_library_text("full disk", text)
        check_no_partial("full disk", out)

        # The other commands onto the same full disk.
        args = ["--org", os.path.join(SAMPLES, "org.json"), "--targets", SAMPLES, "--data", SAMPLES,
                "--period", "2024-Q1"]
        for cmd, name in (("scorecard", "bang-diem.xlsx"), ("ranking", "xep-hang.pdf")):
            r = subprocess.run([VANBAN, cmd, *args, "-o", os.path.join(out, name)],
                               capture_output=True, text=True)
            check(r.returncode == 1, f"{cmd} on a full disk: exit 1, got {r.returncode}: {r.stderr}")
            check("đĩa đầy" in r.stderr, f"{cmd} on a full disk: says 'đĩa đầy': {r.stderr}")
            no_english_library_text(cmd, r.stdout + r.stderr)
            check(not os.path.exists(os.path.join(out, name)), f"{cmd}: no output on a full disk")
        check_no_partial("other commands", out)

        # Space freed: the same job completes, with the numbers it took the first time.
        before = sqlite3.connect(reg).execute("SELECT count(*) FROM registry_entries").fetchone()[0]
        subprocess.run(["mount", "-o", "remount,size=64m", out], check=True)
        r = batch(JOB, out, "--registry", reg, "--jobs", "2")
        check(r.returncode == 0, f"rerun with room: exit 0, got {r.returncode}: {r.stderr}")
        after = sqlite3.connect(reg).execute("SELECT count(*) FROM registry_entries").fetchone()[0]
        check(before == after == 7, f"rerun: the same 7 numbers ({before} then {after})")
        check_no_partial("rerun", out)
    finally:
        umount(out)


def numbers(reg):
    db = sqlite3.connect(reg)
    rows = db.execute("SELECT letter_key, so_ky_hieu FROM registry_entries").fetchall()
    db.close()
    return rows


def case_units():
    job = write_job(os.path.join(WORK, "empty.json"),
                    result_letters=dict(json.load(open(JOB, encoding="utf-8"))["result_letters"], units=[]),
                    notice=None, register=False, scorecards=False, rankings=False)
    out = os.path.join(WORK, "empty")
    r = batch(job, out)
    check(r.returncode == 1, f"units []: exit 1, got {r.returncode}: {r.stderr}")
    check("/result_letters/units" in r.stderr and "rỗng" in r.stderr,
          f"units []: the message names the pointer: {r.stderr}")
    check(not os.path.exists(out), "units []: nothing created")

    letters = dict(json.load(open(JOB, encoding="utf-8"))["result_letters"],
                   units=["syt", "tan-phu", "syt"], periods=["2024-Q1"])
    job = write_job(os.path.join(WORK, "twice.json"), result_letters=letters, notice=None,
                    register=False, scorecards=False, rankings=False)
    out = os.path.join(WORK, "twice")
    r = batch(job, out)
    check(r.returncode == 0, f"a unit twice: exit 0, got {r.returncode}: {r.stderr}")
    check("/result_letters/units/2" in r.stdout + r.stderr and "syt" in r.stdout + r.stderr,
          f"a unit twice: warned, naming the pointer: {r.stdout} {r.stderr}")
    got = numbers(os.path.join(out, "so-van-ban-di.db"))
    check(len(got) == 2, f"a unit twice: two letters, two numbers: {got}")


def case_validate():
    out = os.path.join(WORK, "unknown-unit")
    letters = dict(json.load(open(JOB, encoding="utf-8"))["result_letters"], units=["syt", "khong-co"])
    job = write_job(os.path.join(WORK, "unit.json"), result_letters=letters)
    r = batch(job, out)
    check(r.returncode == 1 and "khong-co" in r.stderr, f"unknown unit: exit 1 naming it: {r.stderr}")
    check(not os.path.exists(out), f"unknown unit: no output folder (found {os.listdir(out) if os.path.exists(out) else ''})")

    out = os.path.join(WORK, "missing-org")
    job = write_job(os.path.join(WORK, "org.json"))
    with open(job, encoding="utf-8") as f:
        j = json.load(f)
    j["org"] = os.path.join(WORK, "khong-co-org.json")
    with open(job, "w", encoding="utf-8") as f:
        json.dump(j, f, ensure_ascii=False)
    r = batch(job, out)
    check(r.returncode == 1 and "khong-co-org.json" in r.stderr, f"missing org: exit 1 naming it: {r.stderr}")
    check(not os.path.exists(out), "missing org: no output folder")


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
{"full-disk": case_full_disk, "units": case_units, "validate": case_validate}[CASE]()
if FAILS:
    print(f"{len(FAILS)} check(s) failed", file=sys.stderr)
    sys.exit(1)
print("ok")
