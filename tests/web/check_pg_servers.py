"""Two `vanban serve` on one PostgreSQL database (--registry postgresql://…), each with its own
data folder: the web's users, sessions and drafts are in that database, so
1. a user added through one server's data (vanban user add --registry URL) logs in on both;
2. a draft saved through server A is listed and opened on server B, its history too;
3. a draft approved on B and issued by two clerks at the same moment, one on each server, takes
   exactly one number (checked in the database itself with psql), and both clerks see it issued;
4. every table of the web store is in PostgreSQL (web_*), and neither data folder got a
   vanban-web.db.
The server is the registry tests' (CTest fixture registry_pg; its URL in $VANBAN_TEST_PG_URL_FILE).
"""

import json
import os
import sys
import threading

from web_server import (Client, Server, check, exit_status, new_approved_draft, psql,
                        sample_letter)

def main():
    vanban, source = sys.argv[1], sys.argv[2]
    with open(os.environ["VANBAN_TEST_PG_URL_FILE"]) as f:
        base = f.read().strip()
    name = f"web_two_{os.getpid()}"
    psql(f"{base}/postgres", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    psql(f"{base}/postgres", f"CREATE DATABASE {name}")
    url = f"{base}/{name}"
    servers = []
    try:
        # Both start at once on the empty database: the store's and the registry's tables are
        # created once, whichever wins.
        started = {}

        def start(key):
            started[key] = Server(vanban, source, extra_args=["--registry", url])

        threads = [threading.Thread(target=start, args=(k,)) for k in "ab"]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        a, b = started["a"], started["b"]
        servers = [a, b]
        # One administrator for the database, not one per server.
        check([a.admin_password, b.admin_password].count(None) == 1,
              "exactly one server made the first administrator")
        a.add_user("cv", "chuyen-vien")
        a.add_user("ld", "lanh-dao")
        b.add_user("vt1", "van-thu")
        a.add_user("vt2", "van-thu")

        # 1. Users: made through one, log in on the other.
        on_b = Client(b)
        on_b.login("cv")
        status, _, body = on_b.get("/letters")
        check(status == 200, f"cv (added through A) on B: {status}")
        print("a user added through one server logs in on the other")

        # 2. A draft saved on A is seen on B.
        drafter_a = Client(a)
        drafter_a.login("cv")
        status, headers, _ = drafter_a.post("/letters/new")
        check(status == 303, f"new draft on A: {status}")
        path = headers["Location"].rsplit("/edit", 1)[0]
        letter = sample_letter(source, trich_yeu="văn bản lưu ở máy chủ A")
        status, _, _ = drafter_a.post(path + "/import", {},
                                      {"letter": ("l.json", json.dumps(letter))})
        check(status == 303, f"import on A: {status}")
        status, _, body = on_b.get(path)
        check(status == 200 and "văn bản lưu ở máy chủ A" in body.decode(),
              f"the draft saved on A, opened on B: {status}")
        status, _, body = on_b.get("/letters")
        check(path.rsplit("/", 1)[1] in body.decode(), "B lists the draft saved on A")
        print("a draft saved on one server is seen on the other")

        # 3. Approved on B, issued through both at the same moment.
        leader_b = Client(b)
        leader_b.login("ld")
        draft = new_approved_draft(drafter_a, leader_b,
                                   sample_letter(source, trich_yeu="cấp số qua hai máy chủ"))
        clerks = [Client(a), Client(b)]
        clerks[0].login("vt2")
        clerks[1].login("vt1")
        tokens = [c.csrf() for c in clerks]
        barrier = threading.Barrier(2)
        answers = [None, None]

        def issue(i):
            barrier.wait()
            answers[i] = clerks[i].request("POST", f"/letters/{draft}/issue",
                                           {"csrf": tokens[i]})[0]

        threads = [threading.Thread(target=issue, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        check(answers == [303, 303], f"issue answers {answers}")
        rows = psql(url, "SELECT number, so_ky_hieu, status FROM registry_entries "
                         f"WHERE letter_key LIKE '%-{draft}'").splitlines()
        check(len(rows) == 1, f"numbers taken for draft {draft}: {rows}")
        check(psql(url, "SELECT count(*) FROM registry_entries") == "1",
              "the registry holds more than one number")
        issued = psql(url, f"SELECT status, so_ky_hieu FROM web_drafts WHERE id = {draft}")
        check(rows and issued == f"issued|{rows[0].split('|')[1]}",
              f"the draft in the store: {issued}, the registry: {rows}")
        for c in clerks:
            status, _, body = c.get(f"/letters/{draft}")
            check(status == 200 and "Đã ban hành" in body.decode(),
                  f"the issued draft seen through {c.server.url}: {status}")
        print("two clerks issuing one draft through two servers at once: one number", rows)

        # 4. Where the data is.
        tables = set(psql(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                     .split())
        for t in ("web_users", "web_sessions", "web_drafts", "web_draft_history", "web_audit",
                  "web_meta", "registry_entries"):
            check(t in tables, f"table {t} is not in PostgreSQL: {sorted(tables)}")
        # One new number in the audit log; the other server, finding the draft already being
        # issued, finishes with the number the registry holds for its key ("số đã giữ trước").
        actions = psql(url, "SELECT action FROM web_audit WHERE action LIKE 'cấp số%' "
                            "ORDER BY id").splitlines()
        check(actions.count("cấp số") == 1 and
              all(x in ("cấp số", "cấp số (số đã giữ trước)") for x in actions),
              f"the audit log's issuing entries: {actions}")
        print("audit log:", actions)
        for s in servers:
            check(not os.path.exists(os.path.join(s.data, "vanban-web.db")),
                  f"{s.data} has a vanban-web.db")
    finally:
        for s in servers:
            s.stop()
            s.cleanup()
        psql(f"{base}/postgres", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    return exit_status("two servers on one PostgreSQL: users, drafts and one number shared")


if __name__ == "__main__":
    sys.exit(main())
