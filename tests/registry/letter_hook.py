#!/usr/bin/python3
"""The registry's checks through `vanban letter` (issue 5), on one backend:

  letter_hook.py sqlite|pg VANBAN CLIENT WORKDIR SOURCE_DIR [numbering|bad|crash]...

numbering: a letter without a number takes the next of its series (05/SYT-VP after 01-04; a
  quyết định of the UBND, numbered per type, 194/QĐ-UBND after 193, a thông báo 01/TB-UBND);
  running it again takes none; changed content gives the notice; 31/12 and 01/01 letters get the
  last number of one year and 01 of the next.
bad: an explicit number taken by another letter; a corrupt and a read-only registry file
  (sqlite); an unreachable PostgreSQL server (pg): a clear Vietnamese message, no PDF, no number
  taken, the registry file unchanged.
crash: kill -9 a batch of `vanban letter` processes (with their wkhtmltopdf workers) twice at
  random moments, run it again: every letter has a number, the same one in every run, numbers
  01..N once each, every entry issued with its PDF, no temporary file left.

Everything is read back independently: `vanban registry list|export` and pdftotext on the PDFs.
"""
import glob
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time

backend, vanban, client, work, src = sys.argv[1:6]
parts = sys.argv[6:] or ["numbering", "bad", "crash"]
org = os.path.join(src, "samples", "dong-nai", "org.json")
letters_dir = os.path.join(src, "samples", "letters")
errors = []


def check(cond, msg):
    if not cond:
        errors.append(msg)
        print("FAIL:", msg, file=sys.stderr)
    return cond


def fresh_registry(name):
    if backend == "sqlite":
        for ext in ("", "-wal", "-shm"):
            if os.path.exists(f"{work}/{name}.db{ext}"):
                os.remove(f"{work}/{name}.db{ext}")
        return f"{work}/{name}.db"
    with open(os.environ["VANBAN_TEST_PG_URL_FILE"]) as f:
        base = f.read().strip()
    psql = os.path.join(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"), "psql")
    for sql in (f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}"):
        subprocess.run([psql, "-q", f"{base}/postgres", "-c", sql], check=True,
                       stdout=subprocess.DEVNULL)
    return f"{base}/{name}"


def make_letter(name, base, **changes):
    """Writes WORK/NAME.json: the sample BASE without its number, with CHANGES applied."""
    with open(os.path.join(letters_dir, base), encoding="utf-8") as f:
        d = json.load(f)
    d.pop("number", None)
    d.pop("appendices", None)
    if d["agency"] == "syt":
        d["drafting_unit"] = "vp"  # its Văn phòng: ký hiệu SYT-VP
    d.update(changes)
    path = os.path.join(work, name + ".json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(d, f, ensure_ascii=False, indent=1)
    return path


def letter(path, spec, out, *extra):
    r = subprocess.run([vanban, "letter", path, "--org", org, "--registry", spec, "-o", out,
                        *extra], capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr


def listed(spec, *args):
    r = subprocess.run([vanban, "registry", "--registry", spec, "list", *args],
                       capture_output=True, text=True, check=True)
    return [l.split("\t") for l in r.stdout.splitlines()[1:]]


def pdf_text(path):
    return subprocess.run(["pdftotext", "-l", "1", path, "-"], capture_output=True, text=True,
                          check=True).stdout


def numbered(spec, name, base, expect, **changes):
    path = make_letter(name, base, **changes)
    out = f"{work}/{name}.pdf"
    rc, so, se = letter(path, spec, out)
    if check(rc == 0, f"{name}: exit {rc}: {se}"):
        check(so.startswith(expect + "\t") and so.rstrip().endswith("số mới"),
              f"{name}: printed {so!r}, expected {expect} (số mới)")
        check("Số: " + expect in pdf_text(out), f"{name}: the PDF does not say Số: {expect}")
    return path, out


SYT = "syt-cong-van-khan-2024.json"
UBND = "ubnd-thong-bao-ket-qua-cchc-quy-ii-2024.json"


def test_numbering():
    spec = fresh_registry("hook_numbering")
    # 01..04 taken by other letters of the same series (HC: SYT numbers all types together).
    subprocess.run([client, "--registry", spec, "--prefix", "other", "--count", "4",
                    "--agency", "SYT", "--unit", "VP", "--series", "HC", "--date", "2024-03-01"],
                   check=True, stdout=subprocess.DEVNULL)
    path, out = numbered(spec, "syt_next", SYT, "05/SYT-VP", id="hook-syt-next")

    # Again: same number, nothing taken, the PDF made again.
    before = listed(spec, "--year", "2024")
    os.remove(out)
    rc, so, se = letter(path, spec, out)
    check(rc == 0 and so.startswith("05/SYT-VP\t") and "số đã cấp trước" in so,
          f"rerun: exit {rc}, printed {so!r} {se}")
    check(os.path.exists(out), "rerun: no PDF")
    check(listed(spec, "--year", "2024") == before, "rerun changed the register")

    # Changed content, same id: same number and the notice.
    changed = make_letter("syt_next", SYT, id="hook-syt-next", trich_yeu="nội dung đã sửa")
    rc, so, se = letter(changed, spec, out)
    check(rc == 0 and so.startswith("05/SYT-VP\t"), f"changed: exit {rc}, printed {so!r}")
    check("lưu ý" in se and "nội dung đã thay đổi" in se and "05/SYT-VP" in se,
          f"changed: no notice: {se!r}")
    check(len(listed(spec, "--year", "2024")) == 5, "changed content took a number")

    # Per-type numbering (UBND): QĐ after an explicit 193, and TB in its own series.
    numbered(spec, "ubnd_qd_193", UBND, "193/QĐ-UBND", id="hook-qd-193", type="quyet-dinh",
             number=193)
    numbered(spec, "ubnd_qd", UBND, "194/QĐ-UBND", id="hook-qd", type="quyet-dinh")
    numbered(spec, "ubnd_tb", UBND, "01/TB-UBND", id="hook-tb")

    # Year rollover: the letter date's year chooses the series year.
    numbered(spec, "dec31", SYT, "06/SYT-VP", id="hook-dec31", date="2024-12-31")
    numbered(spec, "jan01", SYT, "01/SYT-VP", id="hook-jan01", date="2025-01-01")
    y2024 = [r[0] for r in listed(spec, "--year", "2024", "--agency", "SYT")]
    check(y2024[-1] == "06/SYT-VP" and len(y2024) == 6, f"2024 register of SYT: {y2024}")
    y2025 = [(r[0], r[1]) for r in listed(spec, "--year", "2025")]
    check(y2025 == [("01/SYT-VP", "01/01/2025")], f"2025 register: {y2025}")


def refused(name, path, spec, pattern, files=()):
    """`vanban letter` must fail with PATTERN on stderr, leave no PDF and no file changed."""
    snapshot = {f: open(f, "rb").read() for f in files}
    out = f"{work}/{name}.pdf"
    rc, so, se = letter(path, spec, out)
    check(rc == 1, f"{name}: exit {rc}, expected 1: {so} {se}")
    check(re.search(pattern, se), f"{name}: stderr {se!r} lacks {pattern!r}")
    check(not os.path.exists(out), f"{name}: a PDF was left")
    check(not glob.glob(f"{work}/*.tmp*") and not glob.glob(f"{work}/.{name}*"),
          f"{name}: temporary files left")
    for f, b in snapshot.items():
        check(open(f, "rb").read() == b, f"{name}: {f} was changed")


def test_bad():
    spec = fresh_registry("hook_bad")
    numbered(spec, "bad_first", SYT, "01/SYT-VP", id="hook-bad-first")
    before = listed(spec)
    taken = make_letter("bad_taken", SYT, id="hook-bad-taken", number=1)
    refused("bad_taken", taken, spec,
            r"lỗi sổ văn bản đi: Không cấp được số 01/SYT-VP năm 2024 cho văn bản "
            r"'hook-bad-taken'.*đã thuộc văn bản 'hook-bad-first'")
    check(listed(spec) == before, "a refused explicit number changed the register")
    fresh = make_letter("bad_fresh", SYT, id="hook-bad-fresh")
    if backend == "sqlite":
        garbage = f"{work}/garbage.db"
        with open(garbage, "wb") as f:
            f.write(os.urandom(8192))
        refused("bad_corrupt", fresh, garbage,
                r"lỗi sổ văn bản đi: .*không phải là sổ đăng ký văn bản đi hợp lệ", [garbage])
        ro = f"{work}/readonly.db"
        subprocess.run([vanban, "registry", "--registry", spec, "list"], check=True,
                       stdout=subprocess.DEVNULL)  # checkpoints nothing, but proves it opens
        shutil.copy(spec, ro)
        for ext in ("-wal", "-shm"):
            if os.path.exists(spec + ext):
                shutil.copy(spec + ext, ro + ext)
        os.chmod(ro, 0o444)
        refused("bad_readonly", fresh, ro, r"lỗi sổ văn bản đi: .*chỉ đọc", [ro])
        check(len(listed(ro)) == 1, "the read-only registry lost or gained entries")
        os.chmod(ro, 0o644)
    else:
        refused("bad_unreachable", fresh, "postgresql://vanban@127.0.0.1:1/x",
                r"lỗi sổ văn bản đi: Không kết nối được tới sổ đăng ký PostgreSQL")
    check(listed(spec) == before, "a refused letter changed the register")


def test_crash():
    spec = fresh_registry("hook_crash")
    count = 4
    out_dir = f"{work}/crash-out"
    os.makedirs(out_dir, exist_ok=True)
    paths = [make_letter(f"crash_{i}", SYT, id=f"hook-crash-{i}",
                         trich_yeu=f"thư số {i} của lô kiểm tra") for i in range(count)]
    seed = int(os.environ.get("VANBAN_TEST_SEED", time.time_ns() % 100000))
    rng = random.Random(seed)
    print(f"crash: seed {seed} (VANBAN_TEST_SEED={seed} repeats these kill moments)")
    batch = " ".join(
        f"'{vanban}' letter '{p}' --org '{org}' --registry '{spec}' -o '{out_dir}/{i}.pdf' "
        f"|| exit 1; sleep 0.3;" for i, p in enumerate(paths))
    runs = []
    for attempt in range(3):
        log = f"{work}/crash-run-{attempt}"
        # The pool's scratch folders go to WORK: a killed run cannot clean up after itself.
        env = dict(os.environ, TMPDIR=work)
        with open(log, "w") as f:
            p = subprocess.Popen(["bash", "-c", batch], stdout=f, stderr=subprocess.STDOUT,
                                 start_new_session=True, env=env)
        if attempt < 2:
            # Somewhere while letter k+1 (of the first three) is being numbered and rendered.
            k = rng.randrange(0, 3)
            deadline = time.time() + 60
            while time.time() < deadline and p.poll() is None:
                with open(log) as f:
                    if len(f.read().splitlines()) >= k:
                        break
                time.sleep(0.02)
            # Each letter is followed by a 0.3 s pause, so the batch is still running here
            # whatever the machine's speed: the kill lands inside letter k+1 or just after it.
            time.sleep(rng.uniform(0.0, 0.25))
            check(p.poll() is None, f"crash run {attempt}: finished before it was killed")
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait()
        else:
            check(p.wait() == 0, f"crash rerun failed: {open(log).read()}")
        with open(log) as f:
            runs.append([l.split("\t") for l in f.read().splitlines() if "\t" in l])
        entries = subprocess.run([vanban, "registry", "--registry", spec, "list"],
                                 capture_output=True, text=True).stdout.splitlines()[1:]
        entries = [e.split("\t") for e in entries]
        reserved = [e for e in entries if e[2] == "đã giữ số"]
        print(f"crash: after run {attempt}: {len(runs[-1])} letters done, "
              f"{len(entries)} numbers, {len(reserved)} reserved")
        check(len(reserved) <= 1, f"after run {attempt}: {len(reserved)} reservations in flight")
        nums = sorted(int(e[0].split("/")[0]) for e in entries)
        check(nums == list(range(1, len(nums) + 1)), f"after run {attempt}: numbers {nums}")

    # Same letter, same number in every run; the final run has them all.
    number_of = {}
    for run in runs:
        for so, pdf, _ in run:
            check(number_of.setdefault(pdf, so) == so, f"{pdf} got {number_of[pdf]} and {so}")
    check(len(runs[-1]) == count, f"the rerun printed {len(runs[-1])} letters, not {count}")
    tsv = subprocess.run([vanban, "registry", "--registry", spec, "export", "--year", "2024",
                          "--agency", "SYT"], capture_output=True, text=True, check=True).stdout
    rows = [l.split("\t") for l in tsv.splitlines()[1:]]
    check(sorted(r[0] for r in rows) == [f"{i:02d}/SYT-VP" for i in range(1, count + 1)],
          f"register after the rerun: {[r[0] for r in rows]}")
    check(all(r[9] == "" for r in rows), "entries not issued after the rerun")
    check(len(set(number_of.values())) == len(number_of), "two letters share a number")
    for pdf, so in number_of.items():
        check(os.path.exists(pdf) and "Số: " + so in pdf_text(pdf), f"{pdf} does not say {so}")
    # A kill inside the atomic write's window leaves its hidden temporary file
    # (".0.pdf.<pid>.tmpXXXXXX"), never a half-written PDF; the rerun's first write into the
    # folder removes the temporaries of the killed (dead) writers (pdf/atomic_file.cpp).
    left = [n for n in os.listdir(out_dir) if not n.endswith(".pdf")]
    check(not left, f"files left beside the PDFs: {left}")


shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
for part in parts:
    {"numbering": test_numbering, "bad": test_bad, "crash": test_crash}[part]()
if errors:
    sys.exit(1)
print("OK")
