"""Two `vanban serve` on one PostgreSQL database AND one --data folder (the shared volume that
docs/web.md gives as the deployment answer for issued files): a letter issued through server A
is downloaded through server B byte for byte (PDF, and the register's file link), its page on B
shows the number; a letter issued on B is downloaded on A. The issued files are written
atomically (temporary name + rename) under names the server makes (files/dN.pdf, N from the
shared database), so the two servers never write the same name for two letters.
The server is the registry tests' (CTest fixture registry_pg; its URL in $VANBAN_TEST_PG_URL_FILE).
"""

import os
import re
import sys
import tempfile

from web_server import (Client, Server, check, exit_status, new_approved_draft, psql,
                        sample_letter)

def login(server, names):
    out = {}
    for name in names:
        c = Client(server)
        status, _ = c.login(name)
        check(status == 303, f"login {name} on {server.port}: {status}")
        out[name] = c
    return out


def main():
    vanban, source = sys.argv[1], sys.argv[2]
    with open(os.environ["VANBAN_TEST_PG_URL_FILE"]) as f:
        base = f.read().strip()
    name = f"web_shared_{os.getpid()}"
    psql(f"{base}/postgres", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    psql(f"{base}/postgres", f"CREATE DATABASE {name}")
    url = f"{base}/{name}"
    data = tempfile.mkdtemp(prefix="vanban-web-shared-")
    a = b = None
    try:
        a = Server(vanban, source, data=data, extra_args=["--registry", url])
        b = Server(vanban, source, data=data, extra_args=["--registry", url])
        for who, role in (("cv", "chuyen-vien"), ("ld", "lanh-dao"), ("vt", "van-thu")):
            a.add_user(who, role)
        on_a = login(a, ("cv", "ld", "vt"))
        on_b = login(b, ("vt",))

        for issuer, reader, label in ((on_a, on_b, "A→B"), (on_b, on_a, "B→A")):
            d = new_approved_draft(on_a["cv"], on_a["ld"], sample_letter(source, trich_yeu=label))
            status, _, body = issuer["vt"].post(f"/letters/{d}/issue")
            check(status == 303, f"{label}: issue: {status} {body[:300]!r}")
            s1, _, pdf_issuer = issuer["vt"].get(f"/letters/{d}/pdf")
            s2, _, pdf_reader = reader["vt"].get(f"/letters/{d}/pdf")
            check(s1 == 200 and s2 == 200 and pdf_reader.startswith(b"%PDF") and
                  pdf_reader == pdf_issuer, f"{label}: the same PDF on both servers: {s1} {s2}")
            status, _, page = reader["vt"].get(f"/letters/{d}")
            m = re.search(rb'id="so-ky-hieu">([^<]+)<', page)
            so = m.group(1).decode() if m else ""
            check(bool(so), f"{label}: the other server shows the number")
            status, _, reg = reader["vt"].get("/register")
            check(status == 200 and so.encode() in reg, f"{label}: register lists {so}")
        check(sorted(os.listdir(os.path.join(data, "files"))) == ["d1.pdf", "d2.pdf"],
              f"one file per letter: {os.listdir(os.path.join(data, 'files'))}")
    finally:
        for s in (b, a):
            if s:
                s.stop()
        if a:
            a.cleanup()
        psql(f"{base}/postgres", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    return exit_status("pg shared data: all checks passed")


if __name__ == "__main__":
    sys.exit(main())
