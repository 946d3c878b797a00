"""Script tests of `vanban batch` on a small slice of the Đồng Nai 2024 job (tests/batch/jobs).

    check_batch.py CASE VANBAN SOURCE_DIR WORK_DIR [PG_URL_FILE]

CASE is one of: outputs, rerun, resume, bad-input, failure, shard, dropped. Every check compares with an
independent source: `vanban score --json` for figures, `vanban registry export` for numbers,
pdftotext (poppler) for what the PDFs say, an uninterrupted run for resumed ones.
"""
import decimal
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
import batch_outputs  # noqa: E402

CASE, VANBAN, SRC, WORK = sys.argv[1:5]
PG_URL_FILE = sys.argv[5] if len(sys.argv) > 5 else None
JOB = os.path.join(SRC, "tests/batch/jobs/small.json")
SAMPLES = os.path.join(SRC, "samples/dong-nai")
FAILS = []


def check(cond, msg):
    if not cond:
        FAILS.append(msg)
        print("FAIL:", msg, file=sys.stderr)


def run(out, *extra, job=JOB, expect=None):
    r = subprocess.run([VANBAN, "batch", job, "-o", out, *extra], capture_output=True, text=True)
    if expect is not None and r.returncode != expect:
        print(r.stdout, r.stderr, file=sys.stderr)
        raise SystemExit(f"vanban batch {job} -o {out} {extra}: exit {r.returncode}, expected {expect}")
    return r


def files_of(out):
    return batch_outputs.files_of(out)


def register_tsv(reg, agency, year):
    tsv, error = batch_outputs.register_tsv(VANBAN, reg, agency, year)
    check(error is None, error)
    return tsv


def manifest(out):
    with open(os.path.join(out, "manifest.json"), encoding="utf-8") as f:
        return json.load(f)


EXPECTED = {
    "quy-I-2024/thong-bao-ket-qua-quy-I-2024-so-01.pdf",
    "quy-I-2024/cong-van/syt-so-01.pdf",
    "quy-I-2024/cong-van/tan-phu-so-02.pdf",
    "quy-I-2024/cong-van/bien-hoa-phuong-an-binh-so-03.pdf",
    "quy-I-2024/xep-hang-quy-I-2024.pdf",
    "quy-I-2024/bang-diem-quy-I-2024.xlsx",
    "6-thang-2024/cong-van/syt-so-04.pdf",
    "6-thang-2024/cong-van/tan-phu-so-05.pdf",
    "6-thang-2024/cong-van/bien-hoa-phuong-an-binh-so-06.pdf",
    "6-thang-2024/xep-hang-6-thang-2024.pdf",
    "6-thang-2024/bang-diem-6-thang-2024.xlsx",
    "so-van-ban-di/so-van-ban-di-SNV-2024.xlsx",
    "so-van-ban-di/so-van-ban-di-SNV-2024.pdf",
    "so-van-ban-di/so-van-ban-di-UBND-2024.xlsx",
    "so-van-ban-di/so-van-ban-di-UBND-2024.pdf",
}


def vn2(x):
    """vn::number(x, 2): half away from zero on the shortest decimal form, 1.234,56."""
    d = decimal.Decimal(repr(float(x))).quantize(decimal.Decimal("0.01"), decimal.ROUND_HALF_UP)
    s = f"{abs(d):,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return ("-" if d < 0 else "") + s


def pdftext(path):
    return subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True,
                          text=True, check=True).stdout


def case_outputs():
    out = os.path.join(WORK, "out")
    r = run(out, "--jobs", "2", expect=0)
    got = files_of(out)
    check(set(got) == EXPECTED, f"outputs differ: extra {set(got) - EXPECTED}, missing {EXPECTED - set(got)}")
    check("Không có lỗi" in r.stdout, "summary says no failure")
    check("7 văn bản được đánh số (7 số mới" in r.stdout, f"summary counts numbers: {r.stdout}")
    # CPU (getrusage of vanban and its reaped workers): the parts add up, the workers converted
    # something, and per document is the total over the documents made (figures printed to 0,1 s).
    m = re.search(r"CPU: ([\d,]+) giây \(vanban ([\d,]+), wkhtmltopdf ([\d,]+)\), ([\d,]+) ms cho mỗi "
                  r"văn bản tạo mới", r.stdout)
    check(m is not None, f"summary prints CPU per document: {r.stdout}")
    if m:
        total, own, workers, per = (float(x.replace(",", ".")) for x in m.groups())
        made = sum(int(n) for n in re.findall(r"(\d+) tạo mới", r.stdout))
        check(workers > 0 and abs(own + workers - total) <= 0.11, f"CPU parts add up: {m.group(0)}")
        check(made > 0 and abs(per - 1000 * total / made) <= 1000 * 0.06 / made + 0.06,
              f"CPU per document is the total over the {made} made: {m.group(0)}")
    # Numbering: 01 upward without gaps per agency, equal to the register and the file names.
    reg = os.path.join(out, "so-van-ban-di.db")
    snv = [l.split("\t") for l in register_tsv(reg, "SNV", 2024).splitlines()[1:] if l]
    check([row[0] for row in snv] == [f"{i:02d}/SNV-TT" for i in range(1, 7)],
          f"SNV numbers: {[row[0] for row in snv]}")
    ubnd = [l.split("\t") for l in register_tsv(reg, "UBND", 2024).splitlines()[1:] if l]
    check([row[0] for row in ubnd] == ["01/TB-UBND"], f"UBND numbers: {ubnd}")
    m = {d["path"]: d for d in manifest(out)["documents"]}
    check(set(m) == EXPECTED, "manifest lists every output")
    for path, d in m.items():
        check(d["status"] == "ok", f"{path} ok in manifest")
        if d.get("so_ky_hieu"):
            n = d["so_ky_hieu"].split("/")[0]
            check(f"-so-{n}.pdf" in path, f"{path} carries its number {d['so_ky_hieu']}")
    # Every figure of every result letter equals `vanban score --json`.
    scores = {}
    for period in ("2024-Q1", "2024-6T"):
        s = subprocess.run([VANBAN, "score", "--org", os.path.join(SAMPLES, "org.json"),
                            "--targets", SAMPLES, "--data", SAMPLES, "--period", period, "--json"],
                           capture_output=True, text=True, check=True)
        scores[period] = {u["id"]: u for u in json.loads(s.stdout)["units"]}
    letters = [d for d in m.values() if d["kind"] == "cong-van"]
    check(len(letters) == 6, "six result letters")
    district_letters = 0
    for d in letters:
        u = scores[d["period"]][d["unit"]]
        text = pdftext(os.path.join(out, d["path"]))
        flat = " ".join(text.split())
        check(d["so_ky_hieu"] in flat, f"{d['path']}: prints its number {d['so_ky_hieu']}")
        for ind_id, ind in u["indicators"].items():
            if ind["scored"]:
                check(vn2(ind["rate"]) in flat, f"{d['path']}: rate of {ind_id} {vn2(ind['rate'])}")
                check(vn2(ind["points"]) + "/" + vn2(ind["max_points"]) in flat,
                      f"{d['path']}: points of {ind_id}")
                if not ind["reached"]:
                    check(vn2(ind["target"] - ind["rate"]) in flat, f"{d['path']}: gap of {ind_id}")
        if u["total"] is not None:
            check(f"{vn2(u['total'])}/100 điểm" in flat, f"{d['path']}: total {vn2(u['total'])}")
            check(f"xếp loại {u['band']}" in flat, f"{d['path']}: band {u['band']}")
            check(f"xếp hạng {u['rank']}/" in flat, f"{d['path']}: rank {u['rank']}")
        # A commune's rank within its district: rank_in_district from `vanban score --json`; the
        # denominator and the district's name derived here from the same output (the communes
        # of that district that have a total).
        district_phrase = "trong các xã, phường, thị trấn thuộc"
        if u["level"] == "xa" and u["total"] is not None and u["district"]:
            peers = [v for v in scores[d["period"]].values()
                     if v["level"] == "xa" and v["district"] == u["district"] and v["total"] is not None]
            name = scores[d["period"]][u["district"]]["name"]
            name = name[0].lower() + name[1:]
            want = f"xếp hạng {u['rank_in_district']}/{len(peers)} {district_phrase} {name}."
            check(want in flat, f"{d['path']}: district rank {want!r}")
            district_letters += 1
        else:
            check(district_phrase not in flat, f"{d['path']}: no district rank outside communes")
        # HTML from the job prints literally.
        if not u["indicators"].get("on_time", {}).get("reached", True):
            check("<b>ngay</b> & xin lỗi" in flat, f"{d['path']}: remedy text printed literally")
    check(district_letters == 2, f"the commune's two letters state its district rank ({district_letters})")
    # The covering notice carries the ranking as its Phụ lục with the notice's number.
    notice = pdftext(os.path.join(out, "quy-I-2024/thong-bao-ket-qua-quy-I-2024-so-01.pdf"))
    flat = " ".join(notice.split())
    check("Phụ lục" in flat and "01/TB-UBND" in flat, "notice has its Phụ lục naming its number")
    check("Sở Y tế" in flat, "the Phụ lục lists the units")


def case_rerun():
    a, b = os.path.join(WORK, "j2"), os.path.join(WORK, "j1")
    run(a, "--jobs", "2", expect=0)
    first = files_of(a)
    mtimes = {p: os.stat(os.path.join(a, p)).st_mtime_ns for p in first}
    r = run(a, "--jobs", "2", expect=0)
    check(files_of(a) == first, "a rerun leaves every file as it was")
    check(all(os.stat(os.path.join(a, p)).st_mtime_ns == t for p, t in mtimes.items()),
          "a rerun rewrites nothing")
    check("0 số mới, 7 số đã cấp trước" in r.stdout, f"a rerun takes no number: {r.stdout}")
    check(" 0 tạo mới" in r.stdout and "không đổi" in r.stdout, "summary: unchanged")
    # A changed file is rebuilt, and only that one.
    victim = os.path.join(a, "quy-I-2024/cong-van/tan-phu-so-02.pdf")
    with open(victim, "ab") as f:
        f.write(b"x")
    r = run(a, "--jobs", "2", expect=0)
    check(files_of(a) == first, "the damaged file is made again, identical")
    check("công văn kết quả gửi đơn vị (PDF): 1 tạo mới, 5 không đổi" in r.stdout,
          f"only the damaged letter is rebuilt: {r.stdout}")
    # Changed data: the letters that print it are made again with their numbers; a letter whose
    # text does not change (another level's unit) is left alone.
    data = os.path.join(WORK, "data")
    shutil.copytree(SAMPLES, data)
    job = write_job(os.path.join(WORK, "data-job.json"), data=[data])
    c = os.path.join(WORK, "changed")
    run(c, "--jobs", "2", job=job, expect=0)
    before = files_of(c)
    with open(os.path.join(data, "du-lieu-2024-Q1.json"), encoding="utf-8") as f:
        q1 = json.load(f)
    unit = next(u for u in q1["units"] if u["unit"] == "tan-phu")
    unit["counts"]["on_time"]["numerator"] -= 7
    with open(os.path.join(data, "du-lieu-2024-Q1.json"), "w", encoding="utf-8") as f:
        json.dump(q1, f, ensure_ascii=False)
    r = run(c, "--jobs", "2", job=job, expect=0)
    after = files_of(c)
    check("0 số mới, 7 số đã cấp trước" in r.stdout, f"changed data takes no new number: {r.stdout}")
    for p in ("quy-I-2024/cong-van/tan-phu-so-02.pdf", "6-thang-2024/cong-van/tan-phu-so-05.pdf",
              "quy-I-2024/xep-hang-quy-I-2024.pdf"):
        check(after.get(p) and after[p] != before[p], f"{p} is made again from the new data")
    for p in ("quy-I-2024/cong-van/syt-so-01.pdf", "6-thang-2024/cong-van/syt-so-04.pdf"):
        check(after.get(p) == before[p], f"{p} does not change")
    # Tân Phú's two letters change; the commune's rank among 170 and the Sở's do not.
    check("công văn kết quả gửi đơn vị (PDF): 2 tạo mới, 4 không đổi" in r.stdout,
          f"only the changed unit's letters are made again: {r.stdout}")
    # One thread gives the same documents and numbers as two.
    run(b, "--jobs", "1", expect=0)
    check(files_of(b) == first, "--jobs 1 and --jobs 2 make identical files")
    for ag in ("SNV", "UBND"):
        check(register_tsv(os.path.join(a, "so-van-ban-di.db"), ag, 2024) ==
              register_tsv(os.path.join(b, "so-van-ban-di.db"), ag, 2024), f"same register {ag}")


def case_resume():
    ref = os.path.join(WORK, "ref")
    run(ref, "--jobs", "2", expect=0)
    want = files_of(ref)
    rnd = random.Random(20241122)
    out = os.path.join(WORK, "killed")
    kills = 0
    for attempt in range(4):
        p = subprocess.Popen([VANBAN, "batch", JOB, "-o", out, "--jobs", "2"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rnd.uniform(0.2, 2.5))
        if p.poll() is None:
            os.kill(p.pid, signal.SIGKILL)
            kills += 1
        p.wait()
    check(kills >= 2, f"the job was killed mid-run at least twice ({kills})")
    r = run(out, "--jobs", "2", expect=0)
    got = files_of(out)
    stray = [p for p in got if ".tmp" in p or p.startswith(".")]
    check(not stray, f"no temporary files remain: {stray}")
    check(got == want, f"resumed outputs equal an uninterrupted run: "
                       f"{sorted(set(got) ^ set(want))} {[p for p in got if p in want and got[p] != want[p]]}")
    for ag in ("SNV", "UBND"):
        check(register_tsv(os.path.join(out, "so-van-ban-di.db"), ag, 2024) ==
              register_tsv(os.path.join(ref, "so-van-ban-di.db"), ag, 2024),
              f"resumed register {ag} equals the uninterrupted one")
    check("7 văn bản được đánh số" in r.stdout, "still seven numbers")


def write_job(path, **changes):
    with open(JOB, encoding="utf-8") as f:
        job = json.load(f)
    for k, v in changes.items():
        if v is None:
            job.pop(k, None)
        else:
            job[k] = v
    base = os.path.join(SRC, "tests/batch/jobs")
    for k in ("org",):
        job[k] = os.path.normpath(os.path.join(base, job[k]))
    for k in ("targets", "data"):
        job[k] = [x if os.path.isabs(x) else os.path.normpath(os.path.join(base, x)) for x in job[k]]
    with open(path, "w", encoding="utf-8") as f:
        json.dump(job, f, ensure_ascii=False)
    return path


def expect_stop(name, job, out, *needles):
    r = run(out, job=job)
    check(r.returncode == 1, f"{name}: exit 1 (got {r.returncode})")
    for n in needles:
        check(n in r.stderr, f"{name}: message mentions {n!r}: {r.stderr}")
    check(not os.path.exists(os.path.join(out, "so-van-ban-di.db")),
          f"{name}: no number taken (no register created)")
    check(not os.path.exists(os.path.join(out, "manifest.json")), f"{name}: nothing made")


def case_bad_input():
    os.makedirs(WORK, exist_ok=True)
    # A missing data file (Q2 of the six-month period).
    data = os.path.join(WORK, "data")
    shutil.copytree(SAMPLES, data)
    os.remove(os.path.join(data, "du-lieu-2024-Q2.json"))
    job = write_job(os.path.join(WORK, "missing.json"), data=[data])
    expect_stop("missing data file", job, os.path.join(WORK, "o1"), "du-lieu-2024-Q2")
    # A period without data at all (no targets nor data for 2025).
    job = write_job(os.path.join(WORK, "nodata.json"), year=2025,
                    periods=[{"period": "2025-Q1", "date": "2025-04-15"}],
                    result_letters={"agency": "snv", "signer": "nguyen-quoc-vu"}, notice=None)
    expect_stop("period without data", job, os.path.join(WORK, "o2"), "2025")
    # A template with a syntax error: file and line named.
    bad = os.path.join(WORK, "bad-body.txt")
    with open(bad, "w", encoding="utf-8") as f:
        f.write("p: mở đầu\n{% if unit.name %}\np: x\n")
    job = write_job(os.path.join(WORK, "badtpl.json"), templates={"result_body": bad})
    expect_stop("template error", job, os.path.join(WORK, "o3"), "bad-body.txt:")
    # A template whose output is not the line format.
    bad2 = os.path.join(WORK, "bad-lines.txt")
    with open(bad2, "w", encoding="utf-8") as f:
        f.write("p: mở đầu\nđoạn không có loại\n")
    job = write_job(os.path.join(WORK, "badlines.json"), templates={"result_body": bad2})
    expect_stop("template output", job, os.path.join(WORK, "o4"), "bad-lines.txt: dòng 2")
    # An unknown signer in the job: the letter check names it before numbering.
    job = write_job(os.path.join(WORK, "signer.json"),
                    result_letters={"agency": "snv", "signer": "khong-co", "units": ["syt"]})
    expect_stop("unknown signer", job, os.path.join(WORK, "o5"), "khong-co", "/result_letters/signer")
    # An output folder that cannot be created (below a regular file).
    blocker = os.path.join(WORK, "a-file")
    open(blocker, "w").close()
    r = run(os.path.join(blocker, "out"))
    check(r.returncode == 1 and "thư mục kết quả" in r.stderr, f"unwritable output: {r.stderr}")
    # Two runs on one output folder at once: the second one stops before numbering.
    busy = os.path.join(WORK, "busy")
    first = subprocess.Popen([VANBAN, "batch", JOB, "-o", busy, "--jobs", "1"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 30
    while not os.path.exists(os.path.join(busy, "so-van-ban-di.db")) and time.time() < deadline:
        time.sleep(0.05)
    r = run(busy)
    first.wait()
    check(r.returncode == 1 and "đang được một lần chạy" in r.stderr, f"a busy output folder: {r.stderr}")
    check(first.returncode == 0, "the first run completes")
    # Usage errors.
    r = subprocess.run([VANBAN, "batch", JOB, "-o", WORK, "--shard", "3/2"], capture_output=True, text=True)
    check(r.returncode == 2 and "--shard" in r.stderr, "bad --shard is a usage error")


def case_failure():
    out = os.path.join(WORK, "out")
    # A folder where the Q1 scorecard should go: that document fails, the others are made.
    os.makedirs(os.path.join(out, "quy-I-2024/bang-diem-quy-I-2024.xlsx"))
    r = run(out, "--jobs", "2", expect=1)
    check("quy-I-2024/bang-diem-quy-I-2024.xlsx:" in r.stdout, f"summary names the failure: {r.stdout}")
    m = {d["path"]: d for d in manifest(out)["documents"]}
    bad = m.get("quy-I-2024/bang-diem-quy-I-2024.xlsx")
    check(bad is not None and bad["status"] == "failed" and bad.get("error"), "manifest records it")
    got = files_of(out)
    check(EXPECTED - set(got) == {"quy-I-2024/bang-diem-quy-I-2024.xlsx"}, "all the others were made")
    os.rmdir(os.path.join(out, "quy-I-2024/bang-diem-quy-I-2024.xlsx"))
    r = run(out, "--jobs", "2", expect=0)
    check("bảng điểm (XLSX): 1 tạo mới, 1 không đổi" in r.stdout, f"the rerun makes only it: {r.stdout}")


def case_dropped():
    """Outputs dropped from the job are deleted with their manifest entries; nothing else is."""
    out = os.path.join(WORK, "out")
    run(out, "--jobs", "2", expect=0)
    first = files_of(out)
    reg = os.path.join(out, "so-van-ban-di.db")
    register_before = register_tsv(reg, "SNV", 2024)
    # Files the user put there, one of them in a folder that loses all its outputs.
    user_files = ["ghi-chu.txt", "6-thang-2024/cong-van/ban-nhap.pdf"]
    for p in user_files:
        with open(os.path.join(out, p), "w", encoding="utf-8") as f:
            f.write("của người dùng")
    # A dropped output that someone edited since is kept.
    edited = "6-thang-2024/bang-diem-6-thang-2024.xlsx"
    with open(os.path.join(out, edited), "ab") as f:
        f.write(b"sua")
    # A hand-edited manifest entry that points out of OUT_DIR, with the right hash.
    outside = os.path.join(WORK, "ngoai.txt")
    with open(outside, "w", encoding="utf-8") as f:
        f.write("ngoài thư mục kết quả")
    with open(outside, "rb") as f:
        outside_hash = hashlib.sha256(f.read()).hexdigest()
    man = manifest(out)
    man["documents"].append({"path": "../ngoai.txt", "kind": "bang-diem", "period": "2024-Q1",
                             "input_hash": "x", "status": "ok", "file_hash": outside_hash})
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(man, f, ensure_ascii=False)
    # The six-month period and the covering notice removed from the job.
    q1_only = write_job(os.path.join(WORK, "q1.json"), notice=None,
                        periods=[{"period": "2024-Q1", "date": "2024-04-15"}],
                        result_letters={**json.load(open(JOB, encoding="utf-8"))["result_letters"],
                                        "periods": ["2024-Q1"]})
    r = run(out, "--jobs", "2", job=q1_only, expect=0)
    notice = "quy-I-2024/thong-bao-ket-qua-quy-I-2024-so-01.pdf"
    dropped = {p for p in first if p.startswith("6-thang-2024/")} | {notice}
    check(len(dropped) == 6, f"the six-month period had 5 outputs, plus the notice: {dropped}")
    got = files_of(out)
    want = {p: h for p, h in first.items() if p not in dropped}
    # The Q1 ranking no longer names a covering notice: made again. Everything else is untouched,
    # the UBND register book included: the notice's number stays in the registry, so its book
    # stays (and does not change).
    remade = "quy-I-2024/xep-hang-quy-I-2024.pdf"
    check("so-van-ban-di/so-van-ban-di-UBND-2024.pdf" in want, "the UBND book was made")
    check({p: h for p, h in got.items() if p not in user_files and p not in (edited, remade)} ==
          {p: h for p, h in want.items() if p != remade} and remade in got,
          f"the dropped outputs are deleted, the others untouched: {sorted(set(got) ^ set(want))}")
    for p in user_files:
        check(p in got, f"the user's file {p} stays")
    check(edited in got, "an edited dropped output is kept")
    check(os.path.exists(outside), "a manifest path out of OUT_DIR is never deleted")
    check("Đã xóa 5 tệp không còn trong công việc" in r.stdout, f"summary counts the deletions: {r.stdout}")
    check(f"{notice} (số 01/TB-UBND)" in r.stdout, f"the notice is deleted: {r.stdout}")
    check("6-thang-2024/cong-van/syt-so-04.pdf (số 04/SNV-TT)" in r.stdout,
          f"summary names a deleted letter with its number: {r.stdout}")
    check(edited in r.stdout and "giữ lại" in r.stdout, f"summary names the kept file: {r.stdout}")
    check("../ngoai.txt" in r.stdout, f"summary names the refused path: {r.stdout}")
    paths = {d["path"] for d in manifest(out)["documents"]}
    check(paths == set(want), f"the manifest forgets the dropped outputs: {sorted(paths ^ set(want))}")
    # The numbers stay in the register: not voided, not released.
    check(register_tsv(reg, "SNV", 2024) == register_before, "the register keeps the deleted letters' numbers")
    check("01/TB-UBND" in register_tsv(reg, "UBND", 2024), "and the deleted notice's")
    check("0 số mới" in r.stdout, "the smaller job takes no number")
    # The period back: the same numbers, the same bytes.
    os.remove(os.path.join(out, edited))
    r = run(out, "--jobs", "2", expect=0)
    got = files_of(out)
    check({p: h for p, h in got.items() if p not in user_files} == first,
          f"the period comes back identical: {sorted(set(got) ^ set(first))}")
    check("0 số mới, 7 số đã cấp trước" in r.stdout, f"with its old numbers: {r.stdout}")
    check("Đã xóa" not in r.stdout, "nothing is deleted when nothing was dropped")
    # Two shards run one after the other into one folder (one SQLite registry): the second
    # shard does not delete the first one's documents.
    s = os.path.join(WORK, "shared")
    sreg = os.path.join(WORK, "shared.db")
    run(s, "--jobs", "1", "--shard", "1/2", "--registry", sreg, expect=0)
    one = files_of(s)
    r = run(s, "--jobs", "1", "--shard", "2/2", "--registry", sreg, expect=0)
    both = files_of(s)
    check(one and all(both.get(p) == h for p, h in one.items()),
          f"shard 2/2 keeps shard 1/2's outputs: {sorted(set(one) - set(both))}")
    check("Đã xóa" not in r.stdout, f"a shard deletes nothing of another: {r.stdout}")
    check(set(both) == {p for p in first if not p.startswith("so-van-ban-di/")},
          f"both shards in one folder make the unsharded documents: {sorted(set(both) ^ set(first))}")


def case_shard():
    with open(PG_URL_FILE) as f:
        url = f.read().strip() + "/postgres"
    ref = os.path.join(WORK, "ref")
    run(ref, "--jobs", "1", expect=0)
    want = {p: h for p, h in files_of(ref).items() if not p.startswith("so-van-ban-di/")}
    s1, s2 = os.path.join(WORK, "s1"), os.path.join(WORK, "s2")
    procs = [subprocess.Popen([VANBAN, "batch", JOB, "-o", o, "--jobs", "1", "--shard", s,
                               "--registry", url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for o, s in ((s1, "1/2"), (s2, "2/2"))]
    for p in procs:
        so, se = p.communicate()
        check(p.returncode == 0, f"shard exit {p.returncode}: {so} {se}")
    a, b = files_of(s1), files_of(s2)
    check(not set(a) & set(b), f"the shards made different documents: {set(a) & set(b)}")
    union = {**a, **b}
    check(union == want, f"two shards make exactly the unsharded documents: {sorted(set(union) ^ set(want))}"
                         f" {[p for p in union if p in want and union[p] != want[p]]}")
    for ag in ("SNV", "UBND"):
        check(register_tsv(url, ag, 2024) == register_tsv(os.path.join(ref, "so-van-ban-di.db"), ag, 2024),
              f"the shared PostgreSQL register {ag} equals the unsharded one")


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
{"outputs": case_outputs, "rerun": case_rerun, "resume": case_resume, "bad-input": case_bad_input,
 "failure": case_failure, "shard": case_shard, "dropped": case_dropped}[CASE]()
if FAILS:
    print(f"{len(FAILS)} check(s) failed", file=sys.stderr)
    sys.exit(1)
print("ok")
