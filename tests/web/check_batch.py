"""Chạy cả năm through HTTP, against a real `vanban serve` on a temporary data folder holding
the Đồng Nai samples and two job files (DATA/jobs): a big one (result letters to every unit of
a quarter) and a small one (two letters and a scorecard).

- route x role: every batch route refuses the roles it does not allow (401 without a session,
  403 for chuyên viên and lãnh đạo, 403 for a POST without or with another session's CSRF
  token), and nothing changes (audit log, registry, batch folder);
- the big job is started; a second start of the same agency is refused (409) with a clear
  message; it is cancelled: it stops at a document boundary (status "đã dừng", fewer documents
  than planned, no temporary file left, every file the manifest records whole: its SHA-256 is
  the manifest's);
- the small job runs to its end; its progress JSON reaches total; each file is downloaded by
  its manifest index and the letters are read back with pdftotext (their số, ký hiệu); an index
  out of range is 404;
- SIGTERM while the big job runs: the server exits 0 and leaves no temporary or partial file;
- the audit log records the starts, the stop and the ends;
- after a restart the runs are still listed with their status, counts and files; a run killed
  with SIGKILL is listed as interrupted.

Usage: check_batch.py VANBAN SOURCE_DIR"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from web_server import Client, Server, check, exit_status

def job(job_id, units=None, scorecards=False):
    letters = {"periods": ["2024-Q1"], "agency": "snv", "drafting_unit": "tt",
               "signer": "nguyen-quoc-vu", "noi_nhan": ["Như trên"], "luu": "VT, TT"}
    if units:
        letters["units"] = units
    return {"id": job_id, "year": 2024, "org": "../dong-nai/org.json",
            "targets": ["../dong-nai"], "data": ["../dong-nai"],
            "periods": [{"period": "2024-Q1", "date": "2024-04-15"}],
            "scorecards": scorecards, "rankings": False, "result_letters": letters,
            "register": False}


def prepare_data(source):
    data = tempfile.mkdtemp(prefix="vanban-web-batch-")
    shutil.copytree(os.path.join(source, "samples", "dong-nai"), os.path.join(data, "dong-nai"))
    os.makedirs(os.path.join(data, "jobs"))
    for name, j in (("lon.json", job("lon-2024")),
                    ("nho.json", job("nho-2024", units=["syt", "stp"], scorecards=True))):
        with open(os.path.join(data, "jobs", name), "w", encoding="utf-8") as f:
            json.dump(j, f, ensure_ascii=False)
    return data


def wait_end(client, run, limit=600):
    deadline = time.time() + limit
    while time.time() < deadline:
        status, _, body = client.get(f"/batch/{run}/progress.json")
        p = json.loads(body)
        if p["finished"]:
            return p
        time.sleep(0.3)
    raise RuntimeError(f"run {run} did not end")


def leftovers(folder):
    """Temporary files (atomic writes in progress) anywhere under the folder."""
    out = []
    for root, _, files in os.walk(folder):
        out += [os.path.join(root, f) for f in files if ".tmp" in f]
    return out


def manifest_whole(folder):
    """Every document the manifest records as made is on disk with the recorded hash."""
    with open(os.path.join(folder, "manifest.json"), encoding="utf-8") as f:
        m = json.load(f)
    bad = []
    for d in m["documents"]:
        if d.get("status") != "ok":
            continue
        p = os.path.join(folder, d["path"])
        h = hashlib.sha256(open(p, "rb").read()).hexdigest() if os.path.exists(p) else ""
        if h != d.get("file_hash"):
            bad.append(d["path"])
    return len(m["documents"]), bad


def snapshot(server):
    with server.db() as db:
        audit = db.execute("SELECT count(*) FROM audit").fetchone()
    reg = []
    if os.path.exists(os.path.join(server.data, "so-van-ban-di.db")):
        with server.db("so-van-ban-di.db") as r:
            reg = r.execute("SELECT letter_key, status FROM registry_entries ORDER BY 1").fetchall()
    batch = sorted(os.listdir(os.path.join(server.data, "batch"))) \
        if os.path.isdir(os.path.join(server.data, "batch")) else []
    return audit, reg, batch


def started(status, headers):
    m = re.match(r"/batch/(\d+)$", headers.get("Location", ""))
    return int(m.group(1)) if status == 303 and m else None


def main():
    vanban, source = sys.argv[1], sys.argv[2]
    server = Server(vanban, source, prepare_data(source))
    try:
        for short, role in (("cv", "chuyen-vien"), ("ld", "lanh-dao"), ("vt", "van-thu"),
                            ("qt", "quan-tri"), ("vt2", "van-thu")):
            server.add_user(short, role)
        c = {k: Client(server) for k in ("cv", "ld", "vt", "qt", "vt2")}
        for k, client in c.items():
            client.login(k)
        anon = Client(server)

        # Route x role, and CSRF, with nothing changed.
        table = [("GET", "/batch", None), ("POST", "/batch/start", {"job": "nho-2024"}),
                 ("GET", "/batch/1", None), ("GET", "/batch/1/progress.json", None),
                 ("POST", "/batch/1/cancel", {}), ("GET", "/batch/1/file/0", None)]
        for method, path, form in table:
            for who, client, expected in (("anon", anon, 401), ("cv", c["cv"], 403),
                                          ("ld", c["ld"], 403)):
                before = snapshot(server)
                status, _, _ = client.get(path) if method == "GET" else client.post(path, form)
                check(status == expected, f"{who} {method} {path}: {status}, expected {expected}")
                check(snapshot(server) == before, f"{who} {method} {path} changed data")
            if method == "POST":
                for token in ("", c["vt2"].csrf()):
                    before = snapshot(server)
                    status, _, _ = c["vt"].request("POST", path, dict(form, csrf=token))
                    check(status == 403, f"vt POST {path} with csrf '{token[:6]}': {status}")
                    check(snapshot(server) == before, f"vt POST {path} without CSRF changed data")
        status, _, body = c["qt"].get("/batch")
        check(status == 200 and b"lon-2024" in body and b"nho-2024" in body, "jobs listed")
        check(c["vt"].get("/batch/99")[0] == 404, "unknown run: 404")
        status, _, body = c["vt"].post("/batch/start", {"job": "../nho"})
        check(status == 409 and "Không có công việc".encode() in body, f"unknown job: {status}")

        # The big job; a second start for the same agency is refused; then cancelled.
        big = started(*c["vt"].post("/batch/start", {"job": "lon-2024"})[:2])
        check(big is not None, "big job started")
        status, _, body = c["qt"].post("/batch/start", {"job": "nho-2024"})
        check(status == 409 and "mỗi cơ quan chỉ chạy một lượt một lúc".encode() in body,
              f"second start of the agency refused: {status} {body[:200]}")
        # Let it make a few documents, then stop it.
        deadline = time.time() + 300
        while time.time() < deadline:
            p = json.loads(c["vt"].get(f"/batch/{big}/progress.json")[2])
            if p["done"] >= 3 or p["finished"]:
                break
            time.sleep(0.2)
        check(c["vt"].post(f"/batch/{big}/cancel")[0] == 303, "cancel accepted")
        p = wait_end(c["vt"], big)
        check(p["status"] == "cancelled" and p["done"] < p["total"],
              f"cancelled at a document boundary: {p}")
        folder = os.path.join(server.data, "batch", "lon-2024")
        check(not leftovers(folder), f"no temporary file after cancel: {leftovers(folder)}")
        n, bad = manifest_whole(folder)
        check(0 < n < 206 and not bad, f"cancelled run: {n} documents, damaged: {bad}")

        # The small job to its end; files by manifest index.
        small = started(*c["qt"].post("/batch/start", {"job": "nho-2024"})[:2])
        check(small is not None, "small job started")
        p = wait_end(c["qt"], small)
        check(p["status"] == "done" and p["done"] == p["total"] == 3, f"small job done: {p}")
        status, _, page = c["qt"].get(f"/batch/{small}")
        links = re.findall(rb'href="/batch/%d/file/(\d+)">([^<]+)<' % small, page)
        check(len(links) == 3, f"three file links: {links}")
        for index, name in links:
            status, headers, body = c["vt"].get(f"/batch/{small}/file/{int(index)}")
            check(status == 200, f"download {name}: {status}")
            if name.endswith(b".pdf"):
                check(body.startswith(b"%PDF"), f"{name} is a PDF")
                text = subprocess.run(["pdftotext", "-", "-"], input=body,
                                      capture_output=True).stdout.decode()
                check(re.search(r"Số: \d+/SNV-TT", text) is not None, f"{name}: số in the PDF")
            elif name.endswith(b".xlsx"):
                check(body.startswith(b"PK"), f"{name} is a workbook")
        check(c["vt"].get(f"/batch/{small}/file/999")[0] == 404, "index out of range: 404")

        # SIGTERM while the big job runs again.
        again = started(*c["vt"].post("/batch/start", {"job": "lon-2024"})[:2])
        check(again is not None, "big job restarted")
        deadline = time.time() + 300
        while time.time() < deadline:
            p = json.loads(c["vt"].get(f"/batch/{again}/progress.json")[2])
            if p["done"] >= n + 2 or p["finished"]:
                break
            time.sleep(0.2)
        server.stop()  # asserts exit status 0
        check(not leftovers(folder), f"no temporary file after SIGTERM: {leftovers(folder)}")
        n2, bad = manifest_whole(folder)
        check(not bad, f"after SIGTERM the manifest's files are whole: {bad}")
        with server.db() as db:
            actions = [r[0] for r in db.execute("SELECT action FROM audit")]
        for what in ("chạy cả năm: bắt đầu", "chạy cả năm: dừng", "chạy cả năm: đã dừng",
                     "chạy cả năm: đã xong"):
            check(what in actions, f"audit has '{what}'")

        # The list of runs survives a restart: statuses, counts, files by manifest index; new
        # runs continue the numbering. A run the server never saw end (SIGKILL) is "dở dang".
        server.start()
        status, _, page = c["vt"].get("/batch")
        for run, label in ((big, "đã dừng"), (small, "đã xong"), (again, "đã dừng")):
            check(re.search(r'href="/batch/%d"' % run, page.decode()) is not None,
                  f"run {run} listed after restart")
            p = json.loads(c["vt"].get(f"/batch/{run}/progress.json")[2])
            check(p["status_label"] == label and p["finished"], f"run {run} after restart: {p}")
        p = json.loads(c["vt"].get(f"/batch/{small}/progress.json")[2])
        check(p["done"] == p["total"] == 3, f"small run's counts kept: {p}")
        status, _, body = c["vt"].get(f"/batch/{small}/file/0")
        check(status == 200 and len(body) > 0, f"file of a run before the restart: {status}")
        killed = started(*c["vt"].post("/batch/start", {"job": "lon-2024"})[:2])
        check(killed == again + 1, f"run numbers continue after restart: {killed}")
        time.sleep(1.0)
        server.kill()
        server.start()
        p = json.loads(c["vt"].get(f"/batch/{killed}/progress.json")[2])
        check(p["status"] == "interrupted" and p["finished"], f"killed run after restart: {p}")
        status, _, page = c["vt"].get(f"/batch/{killed}")
        check("chạy lại công việc".encode() in page, "the killed run's page says to run it again")
    finally:
        if server.proc.poll() is None:
            server.stop()
        server.cleanup()
    return exit_status("batch page checks passed")


if __name__ == "__main__":
    sys.exit(main())
