"""`vanban serve --registry postgresql://…` after its database connections are cut: every
backend of the server's database is terminated (pg_terminate_backend: what a PostgreSQL restart
or a failover does to the clients), and the server keeps working without a restart:
1. the next page (session read from the web store) answers 200;
2. the register page (read-only registry connections) lists the number issued before;
3. the next issue (registry read-write connection, group commit) takes the next number, the
   PDF is there, and the register in the database (psql) holds both numbers, consecutive;
4. cut again right before an issue: that issue itself succeeds;
5. new backends were opened (pg_stat_activity), the server still runs and stops cleanly.
The server is the registry tests' (CTest fixture registry_pg; its URL in $VANBAN_TEST_PG_URL_FILE).
"""

import os
import re
import sys

from web_server import (Client, Server, check, exit_status, new_approved_draft, psql,
                        sample_letter)

def cut(base, name):
    """Terminates every backend of database `name` (from a connection to another database)."""
    n = psql(f"{base}/postgres",
             "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
             f"WHERE datname = '{name}' AND pid <> pg_backend_pid()")
    return int(n or 0)


def issue(c, d):
    status, _, body = c.post(f"/letters/{d}/issue")
    check(status == 303, f"issue {d}: {status} {body[:400]!r}")
    status, _, page = c.get(f"/letters/{d}")
    m = re.search(rb'id="so-ky-hieu">([^<]+)<', page)
    return m.group(1).decode() if m else None


def main():
    vanban, source = sys.argv[1], sys.argv[2]
    with open(os.environ["VANBAN_TEST_PG_URL_FILE"]) as f:
        base = f.read().strip()
    name = f"web_reconnect_{os.getpid()}"
    psql(f"{base}/postgres", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    psql(f"{base}/postgres", f"CREATE DATABASE {name}")
    url = f"{base}/{name}"
    server = None
    try:
        server = Server(vanban, source, extra_args=["--registry", url])
        c = {}
        for who, role in (("cv", "chuyen-vien"), ("ld", "lanh-dao"), ("vt", "van-thu")):
            server.add_user(who, role)
            c[who] = Client(server)
            status, _ = c[who].login(who)
            check(status == 303, f"login {who}: {status}")
        d1 = new_approved_draft(c["cv"], c["ld"], sample_letter(source, trich_yeu="trước khi ngắt"))
        first = issue(c["vt"], d1)
        check(first is not None, "first number")
        status, _, _ = c["vt"].get("/register")
        check(status == 200, f"register before the cut: {status}")

        killed = cut(base, name)
        check(killed >= 2, f"the server's backends were terminated: {killed}")

        # 1. The next page: the store reconnects (session read repeated on the new connection).
        status, _, body = c["vt"].get("/letters")
        check(status == 200, f"first page after the cut: {status} {body[:300]!r}")
        # 2. The register: a read-only connection of the pool, opened again.
        status, _, body = c["vt"].get("/register")
        check(status == 200 and first.encode() in body,
              f"register after the cut lists {first}: {status}")
        # 3. The next issue takes the next number on a new read-write connection.
        d2 = new_approved_draft(c["cv"], c["ld"], sample_letter(source, trich_yeu="sau khi ngắt"))
        second = issue(c["vt"], d2)
        check(second is not None and first is not None and
              int(second.split("/")[0]) == int(first.split("/")[0]) + 1,
              f"consecutive numbers across the cut: {first}, {second}")
        check(os.path.exists(os.path.join(server.data, "files", f"d{d2}.pdf")),
              "the PDF issued after the cut is there")

        # 4. Cut right before an issue: the issue itself goes through.
        d3 = new_approved_draft(c["cv"], c["ld"], sample_letter(source, trich_yeu="ngắt rồi cấp"))
        csrf = c["vt"].csrf()
        check(cut(base, name) >= 2, "second cut")
        status, _, body = c["vt"].request("POST", f"/letters/{d3}/issue", {"csrf": csrf})
        check(status == 303, f"issue right after a cut: {status} {body[:400]!r}")
        status, _, page = c["vt"].get(f"/letters/{d3}")
        m = re.search(rb'id="so-ky-hieu">([^<]+)<', page)
        third = m.group(1).decode() if m else None
        check(third is not None and second is not None and
              int(third.split("/")[0]) == int(second.split("/")[0]) + 1,
              f"the issue right after a cut took the next number: {second}, {third}")

        # The register in the database: three numbers, issued, no gap, none twice.
        rows = psql(url, "SELECT number, status FROM registry_entries ORDER BY number")
        numbers = [int(r.split("|")[0]) for r in rows.splitlines()]
        check(numbers == list(range(numbers[0], numbers[0] + 3)) if numbers else False,
              f"registry holds three consecutive numbers: {rows}")
        check(all(r.endswith("|issued") for r in rows.splitlines()), f"all issued: {rows}")
        # 5. New backends serve the server; it still runs.
        check(int(psql(f"{base}/postgres", "SELECT count(*) FROM pg_stat_activity "
                       f"WHERE datname = '{name}'")) >= 2, "the server reconnected")
        check(server.proc.poll() is None, "the server still runs")
    finally:
        if server:
            server.stop()
            server.cleanup()
        psql(f"{base}/postgres", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    return exit_status("pg reconnect: all checks passed")


if __name__ == "__main__":
    sys.exit(main())
