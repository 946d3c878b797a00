"""Issuing through HTTP under load and across a crash.

1. 20 clerks issue 20 approved drafts at the same moment, and a 21st clicks "issue" on the first
   draft again at the same time: 20 distinct, consecutive numbers, each issued with its PDF
   (read back with pdftotext: the number is printed), none taken twice.
2. 6 more are being issued when the server is killed with SIGKILL; restarted, it finishes the
   interrupted ones and the clerks issue the rest: numbers 1..26 with no gap and no duplicate,
   every entry issued with a complete PDF, no temporary file left.

Usage: check_concurrency.py VANBAN SOURCE_DIR"""

import os
import subprocess
import sys
import threading
import time

from web_server import Client, Server, check, exit_status, new_approved_draft, sample_letter

def login_all(server, names):
    out = {}
    for n in names:
        c = Client(server)
        status, _ = c.login(n)
        assert status == 303, (n, status)
        out[n] = c
    return out


def issue_all(server, clerk_names, drafts, extra=()):
    """Each draft issued by its own clerk session, all released together."""
    results = {}
    clients = [Client(server) for _ in list(drafts) + list(extra)]
    tokens = []
    for i, c in enumerate(clients):
        c.login(clerk_names[i % len(clerk_names)])
        tokens.append(c.csrf())
    barrier = threading.Barrier(len(clients))

    def run(i, draft):
        barrier.wait()
        try:
            status, _, _ = clients[i].request("POST", f"/letters/{draft}/issue",
                                              {"csrf": tokens[i]})
        except Exception as e:  # the server was killed
            status = repr(e)
        results[(i, draft)] = status

    threads = [threading.Thread(target=run, args=(i, d))
               for i, d in enumerate(list(drafts) + list(extra))]
    for t in threads:
        t.start()
    return threads, results


def entries(server):
    with server.db("so-van-ban-di.db") as reg:
        return reg.execute("SELECT number, so_ky_hieu, status, output_file, letter_key "
                           "FROM registry_entries ORDER BY number").fetchall()


def check_book(server, n):
    rows = entries(server)
    numbers = [r[0] for r in rows]
    check(numbers == list(range(1, n + 1)), f"numbers {numbers} are not 1..{n}")
    check(len({r[4] for r in rows}) == len(rows), "a letter holds two numbers")
    for number, so, status, output, _ in rows:
        check(status == "issued", f"{so}: {status}")
        check(os.path.isfile(output), f"{so}: no file {output}")
        if os.path.isfile(output):
            text = subprocess.run(["pdftotext", "-l", "1", output, "-"], capture_output=True,
                                  text=True).stdout
            check(f"Số: {so}" in text, f"{so}: the PDF does not print 'Số: {so}'")
    files = os.listdir(os.path.join(server.data, "files"))
    check(not [f for f in files if ".tmp" in f], f"temporary files left: {files}")
    with server.db() as db:
        issued = db.execute("SELECT id, so_ky_hieu FROM drafts WHERE status='issued'").fetchall()
    check(len(issued) == n, f"{len(issued)} drafts issued, expected {n}")
    check(len({s for _, s in issued}) == n, "two drafts show the same number")


def main():
    vanban, source = sys.argv[1], sys.argv[2]
    server = Server(vanban, source)
    try:
        server.add_user("cv", "chuyen-vien")
        server.add_user("ld", "lanh-dao")
        clerks = [f"vt{i}" for i in range(4)]
        for c in clerks:
            server.add_user(c, "van-thu")
        people = login_all(server, ["cv", "ld"])
        drafts = [new_approved_draft(people["cv"], people["ld"],
                                     sample_letter(source, trich_yeu=f"văn bản thử số {i}"))
                  for i in range(20)]
        threads, results = issue_all(server, clerks, drafts, extra=[drafts[0]])
        for t in threads:
            t.join()
        check(all(s == 303 for s in results.values()), f"issue answers: {results}")
        check_book(server, 20)
        print("20 concurrent issues: numbers 1..20, one each")

        more = [new_approved_draft(people["cv"], people["ld"],
                                   sample_letter(source, trich_yeu=f"văn bản khi sập {i}"))
                for i in range(6)]
        threads, results = issue_all(server, clerks, more)
        # Kill as soon as the registry holds a number still being rendered (or after 20 s).
        deadline = time.time() + 20
        while time.time() < deadline:
            if any(r[2] == "reserved" for r in entries(server)):
                break
            time.sleep(0.005)
        reserved = [r[1] for r in entries(server) if r[2] == "reserved"]
        server.kill()
        for t in threads:
            t.join()
        print("killed with reserved numbers:", reserved)
        server.start()
        people = login_all(server, ["cv", "ld", "vt0"])
        with server.db() as db:
            left = [r[0] for r in db.execute("SELECT id FROM drafts WHERE status='approved'")]
        for d in left:
            status, _, body = people["vt0"].post(f"/letters/{d}/issue")
            check(status == 303, f"issue {d} after restart: {status} {body[:300]}")
        check_book(server, 26)
        print("after SIGKILL and restart: numbers 1..26, one each, every file complete")
    finally:
        if server.proc.poll() is None:
            server.stop()
        server.cleanup()
    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
