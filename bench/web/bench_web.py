"""bench/web: the web application's speed, measured with Debian's load tools against a real
`vanban serve` on a temporary data folder.

1. Issuing: 200 approved drafts issued by 20 concurrent connections (wrk, issue.lua): the
   latency distribution of the whole request (number + render + PDF), and the numbering step
   alone from the server's Server-Timing header (collected by a Python client at the same
   concurrency).
2. The register page with 10,000 entries (seeded by tests/registry's registry_client through the
   registry library): ab -n 300 -c 4 on a filtered page and on the last page.
3. The preview of a two-page letter (the sample kế hoạch): a save then the edit page, which
   renders the draft PDF and its page images; 10 runs, warm pool.

Usage: bench_web.py VANBAN REGISTRY_CLIENT SOURCE_DIR
BENCH_PARTS=issue,register,preview (the default: all three) chooses the parts; the register
alone (BENCH_PARTS=register) has 10,000 entries instead of 10,200."""

import os
import re
import statistics
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tests", "web"))
from web_server import Client, Server, new_approved_draft, sample_letter  # noqa: E402


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    vanban, registry_client, source = sys.argv[1:4]
    print("load:", open("/proc/loadavg").read().strip())
    server = Server(vanban, source)
    try:
        server.add_user("cv", "chuyen-vien")
        server.add_user("ld", "lanh-dao")
        server.add_user("vt", "van-thu")
        cv, ld, vt = Client(server), Client(server), Client(server)
        for c, n in ((cv, "cv"), (ld, "ld"), (vt, "vt")):
            c.login(n)

        parts = os.environ.get("BENCH_PARTS", "issue,register,preview").split(",")
        issued = 0
        if "issue" in parts:
            issued = bench_issue(server, source, cv, ld, vt)
        if "register" in parts:
            bench_register(server, registry_client, vt, issued)
        if "preview" in parts:
            bench_preview(source, cv)
        print("load:", open("/proc/loadavg").read().strip())
    finally:
        server.stop()
        server.cleanup()


def bench_issue(server, source, cv, ld, vt):
    # 1a. wrk: 200 drafts, 20 connections.
    n = int(os.environ.get("BENCH_ISSUES", "200"))
    ids = [new_approved_draft(cv, ld, sample_letter(source, trich_yeu=f"đo tốc độ {i}"))
           for i in range(n)]
    env = dict(os.environ, IDS_FIRST=str(ids[0]), IDS_COUNT=str(n), WRK_THREADS="4",
               COOKIE=vt.cookies["vanban_session"], CSRF=vt.csrf())
    out = subprocess.run(["wrk", "-t4", "-c20", "-d60s", "--latency", "-s",
                          os.path.join(os.path.dirname(__file__), "issue.lua"), server.url],
                         env=env, capture_output=True, text=True).stdout
    print("== issuing, whole request (number + render + PDF), wrk -t4 -c20 ==")
    print(out)

    # 1b. The numbering step alone, from Server-Timing, 20 clients at once.
    ids = [new_approved_draft(cv, ld, sample_letter(source, trich_yeu=f"đo số {i}"))
           for i in range(int(os.environ.get("BENCH_NUMBERED", "100")))]
    timings, lock = [], threading.Lock()
    clients = [Client(server) for _ in range(20)]
    for c in clients:
        c.login("vt")
    tokens = [c.csrf() for c in clients]

    def run(k):
        for j in range(k, len(ids), 20):
            status, headers, _ = clients[k].request("POST", f"/letters/{ids[j]}/issue",
                                                    {"csrf": tokens[k]})
            m = re.search(r"number;dur=([\d.]+)", headers.get("Server-Timing", ""))
            if m:
                with lock:
                    timings.append(float(m.group(1)))
    threads = [threading.Thread(target=run, args=(k,)) for k in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"== numbering step (reserve + commit in the registry), 20 clients, "
          f"{len(timings)} issues: p50 {pct(timings, 50):.1f} ms, p99 {pct(timings, 99):.1f} ms, "
          f"max {max(timings):.1f} ms ==")
    return n + len(ids)


def bench_register(server, registry_client, vt, issued):
    # 2. Register with 10,000 entries.
    subprocess.run([registry_client, "--registry", os.path.join(server.data, "so-van-ban-di.db"),
                    "--prefix", "bench", "--count", "10000", "--agency", "SYT",
                    "--date", time.strftime("%Y-03-01"), "--long", "1"],
                   check=True, stdout=subprocess.DEVNULL)
    cookie = "vanban_session=" + vt.cookies["vanban_session"]
    year = time.strftime("%Y")
    entries = 10000 + issued
    for label, path in (("first page", f"/register?year={year}"),
                        ("last page", f"/register?year={year}&page=207"),
                        ("middle page by number", f"/register?year={year}&page=101"),
                        ("middle page by key (Trang sau)",
                         f"/register?year={year}&page=101&after=SYT%7CHC%7C5000"),
                        ("text search", f"/register?year={year}&q=h%E1%BA%BFt_m%E1%BB%A5c_bench_9999")):
        out = subprocess.run(["ab", "-q", "-n", "300", "-c", "4", "-C", cookie,
                              server.url + path], capture_output=True, text=True).stdout
        keep = [l for l in out.splitlines() if re.match(
            r"(Requests per second|Time per request|Failed requests|Non-2xx|\s+(50|90|99|100)%)", l)]
        print(f"== register, {label}, {entries:,} entries, ab -n 300 -c 4 ==")
        print("\n".join(keep))


def bench_preview(source, cv):
    # 3. Preview of a two-page letter.
    status, headers, _ = cv.post("/letters/new")
    path = headers["Location"].rsplit("/edit", 1)[0]
    letter = sample_letter(source, "ubnd-ke-hoach-cchc-2025.json")
    times = []
    for i in range(11):
        letter["trich_yeu"] = f"kế hoạch thử {i}"
        import json
        cv.post(path + "/import", {}, {"letter": ("k.json", json.dumps(letter))})
        t0 = time.perf_counter()
        status, _, body = cv.get(path + "/edit")
        times.append((time.perf_counter() - t0) * 1000)
        pages = body.count(b'class="page"')
    times = times[1:]  # the first warms the pool
    print(f"== preview ({pages} pages): edit page with a new draft PDF and PNG pages, "
          f"10 runs: median {statistics.median(times):.0f} ms, min {min(times):.0f}, "
          f"max {max(times):.0f} ==")


if __name__ == "__main__":
    main()
