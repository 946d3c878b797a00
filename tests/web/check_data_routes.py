"""The route x role table of the figures' pages (Số liệu chỉ tiêu, Bảng điều hành, quản trị of
org.json and targets): every route is called by every role it does not allow, without a session
and without (or with another session's) CSRF token, and must answer 401/403 while nothing changes
(the web database, the stored files of DATA/so-lieu, org.json and the pending uploads are read
before and after). Also: an upload with errors stores nothing; a confirmed one is audited with the
SHA-256 of the file before and after; uploads are escaped in pages, over-size ones refused; the
documents are real XLSX/PDF.

Usage: check_data_routes.py VANBAN SOURCE_DIR"""

import hashlib
import json
import os
import re
import subprocess
import sys

from web_server import Client, Server, check, exit_status

ROLES = {"cv": "chuyen-vien", "ld": "lanh-dao", "vt": "van-thu", "qt": "quan-tri",
         "sl": "so-lieu"}
UPLOAD = {"sl", "qt"}
READ = {"ld", "sl", "qt"}
ADMIN = {"qt"}

def files_of(folder):
    out = {}
    if os.path.isdir(folder):
        for name in sorted(os.listdir(folder)):
            if not os.path.isfile(os.path.join(folder, name)):
                continue
            with open(os.path.join(folder, name), "rb") as f:
                out[name] = hashlib.sha256(f.read()).hexdigest()
    return out


def snapshot(server):
    with server.db() as db:
        state = [db.execute("SELECT id,name,roles,pw_hash,disabled FROM users ORDER BY id").fetchall(),
                 db.execute("SELECT id,user,action,object,hash_before,hash_after FROM audit "
                            "WHERE action NOT LIKE 'đăng nhập%' ORDER BY id").fetchall()]
    state.append(files_of(os.path.join(server.data, "so-lieu")))
    state.append(files_of(server.data))  # org.json, the databases' files are hashed too
    state[-1].pop("vanban-web.db", None)
    state[-1].pop("serve.log", None)
    for k in list(state[-1]):
        if k.startswith("vanban-web.db"):
            state[-1].pop(k)
    state.append(sorted(n for n in os.listdir(os.path.join(server.data, "tmp"))
                        if n.startswith("cho-luu-")))
    return state


def sample(source, name):
    with open(os.path.join(source, "samples", "dong-nai", name), encoding="utf-8") as f:
        return f.read()


def upload(client, period, name, text, **form):
    return client.post("/data/upload", dict(form, period=period), {"file": (name, text)})


def token_of(body):
    m = re.search(rb'name="token" value="([0-9a-f]{32})"', body)
    return m.group(1).decode() if m else None


def main():
    vanban, source = sys.argv[1], sys.argv[2]
    server = Server(vanban, source)
    try:
        for short, role in ROLES.items():
            server.add_user(short, role)
        clients = {k: Client(server) for k in ROLES}
        for name, c in clients.items():
            status, _ = c.login(name)
            check(status == 303, f"login {name}: {status}")
        other = Client(server)
        server.add_user("sl2", "so-lieu")
        other.login("sl2")
        anon = Client(server)
        qt, sl = clients["qt"], clients["sl"]

        # Fixtures: the 2024 targets (quản trị), Q1..Q3 stored (cán bộ số liệu), one upload
        # checked but not confirmed (its token for the confirm row).
        status, _, body = qt.post("/admin/data/targets", {},
                                  {"file": ("t.json", sample(source, "chi-tieu-2024.json"))})
        check(status == 200 and "Đã lưu bộ chỉ tiêu năm 2024".encode() in body,
              f"targets upload: {status}")
        for q in (1, 2, 3):
            status, _, body = upload(sl, f"2024-Q{q}", f"q{q}.json",
                                     sample(source, f"du-lieu-2024-Q{q}.json"))
            token = token_of(body)
            check(status == 200 and token, f"upload Q{q}: {status} {body[-400:]}")
            before = snapshot(server)
            status, headers, _ = sl.post("/data/confirm", {"token": token})
            check(status == 303 and "/dashboard?period=2024-Q" in headers.get("Location", ""),
                  f"confirm Q{q}: {status}")
            check(snapshot(server) != before, f"confirm Q{q} stored nothing")
        stored = os.path.join(server.data, "so-lieu", "du-lieu-2024-Q3.json")
        with open(stored, encoding="utf-8") as f:
            check(f.read() == sample(source, "du-lieu-2024-Q3.json"), "stored file = uploaded file")
        # The audit entry of Q3: who, what, hash before ("" : new) and after.
        with server.db() as db:
            row = db.execute("SELECT user, object, hash_before, hash_after FROM audit WHERE "
                             "action='lưu số liệu' ORDER BY id DESC LIMIT 1").fetchone()
        check(row == ("sl", "du-lieu-2024-Q3.json", "",
                      hashlib.sha256(sample(source, "du-lieu-2024-Q3.json").encode()).hexdigest()),
              f"audit of the stored quarter: {row}")
        status, _, body = upload(sl, "2024-Q4", "q4.json", sample(source, "du-lieu-2024-Q4.json"))
        pending = token_of(body)
        check(pending, "pending upload")
        # Before confirming, the page shows the scores the upload gives: total, band and rank of
        # every unit, as `vanban score --json` computes them on the same files (Q1–Q3 stored
        # are the samples', Q4 is the upload).
        dn = os.path.join(source, "samples", "dong-nai")
        ref = json.loads(subprocess.run(
            [vanban, "score", "--org", os.path.join(server.data, "org.json"), "--targets", dn,
             "--data", dn, "--period", "2024-Q4", "--json"], capture_output=True, text=True,
            check=True).stdout)
        shown = {}
        for level, table in re.findall(r'<table class="list ranking preview" data-level="(\w+)">'
                                       r'(.*?)</table>', body.decode(), re.S):
            for unit, rank, total, band in re.findall(
                    r'<tr data-unit="([^"]+)"><td class="rank">([^<]*)</td><td>.*?</td>'
                    r'<td class="num total">([^<]*)</td><td class="band">([^<]*)</td>', table):
                shown[unit] = (rank, total, band)
        check(len(shown) == len(ref["units"]) > 0,
              f"preview lists every unit: {len(shown)} of {len(ref['units'])}")
        for u in ref["units"]:
            want = (str(u["rank"]), f"{u['total']:.2f}".replace(".", ","), u["band"]) \
                if u["total"] is not None else ("—", "—", None)
            got = shown.get(u["id"])
            check(got is not None and got[:2] == want[:2] and (want[2] is None or got[2] == want[2]),
                  f"preview of {u['id']}: {got}, vanban score: {want}")
        check(not os.path.exists(os.path.join(server.data, "so-lieu", "du-lieu-2024-Q4.json")),
              "the preview stores nothing")

        # An upload with errors: 422, every error by unit and field, nothing stored; the
        # uploaded text appears escaped only.
        bad = json.loads(sample(source, "du-lieu-2024-Q2.json"))
        bad["units"][0]["counts"]["on_time"]["numerator"] = 10 ** 9
        bad["units"][3]["unit"] = "<script>alert(1)</script>"
        before = snapshot(server)
        status, headers, body = upload(sl, "2024-Q2", "<b>sai</b>.json", json.dumps(bad, indent=1))
        check(status == 422, f"bad upload: {status}")
        check(snapshot(server) == before, "bad upload changed data")
        unit0 = bad["units"][0]["unit"]
        check(re.search(rf'data-unit="{unit0}" data-indicator="on_time"'.encode(), body),
              "error row of unit 0 / on_time")
        check(b"<script>alert(1)" not in body and b"&lt;script&gt;alert(1)&lt;/script&gt;" in body,
              "uploaded text escaped")
        check(b"<b>sai</b>" not in body, "file name escaped")
        check(b"/tmp/" not in body and b"tai-len-" not in body, "no temporary path in the page")
        # Over the size limit: refused before it is read.
        before = snapshot(server)
        try:
            status, _, _ = upload(sl, "2024-Q2", "big.json", " " * (3 * 1024 * 1024))
        except OSError:  # the server may close the connection before the body is sent
            status = 413
        check(status == 413, f"over-size upload: {status}")
        check(snapshot(server) == before, "over-size upload changed data")
        # A bad org.json: the loader's pointer and line, nothing stored.
        org = json.loads(sample(source, "org.json"))
        org["units"][2]["level"] = "tinh"
        before = snapshot(server)
        status, _, body = qt.post("/admin/data/org", {}, {"file": ("org.json", json.dumps(org, indent=1))})
        check(status == 422 and b"/units/2/level" in body, f"bad org.json: {status}")
        check(snapshot(server) == before, "bad org.json changed data")

        unit = json.loads(sample(source, "org.json"))["units"][1]["id"]
        good = sample(source, "du-lieu-2024-Q4.json")
        table = [
            ("GET", "/data", UPLOAD, None),
            ("GET", "/data/form.xlsx?period=2024-Q3", UPLOAD, None),
            ("POST", "/data/upload", UPLOAD, {"period": "2024-Q4", "file": ("q4.json", good)}),
            ("POST", "/data/confirm", UPLOAD, {"token": pending}),
            ("GET", "/dashboard?period=2024-Q3", READ, None),
            ("GET", f"/dashboard/unit?period=2024-Q3&unit={unit}", READ, None),
            ("GET", "/dashboard/scorecard.xlsx?period=2024-Q3&level=so", READ, None),
            ("GET", "/dashboard/ranking.pdf?period=2024-Q3&level=so", READ, None),
            ("GET", f"/dashboard/leader.pdf?period=2024-Q3&unit={unit}", READ, None),
            ("GET", "/admin/data", ADMIN, None),
            ("POST", "/admin/data/org", ADMIN, {"file": ("org.json", sample(source, "org.json"))}),
            ("POST", "/admin/data/targets", ADMIN,
             {"file": ("t.json", sample(source, "chi-tieu-2023.json"))}),
        ]

        def send(client, method, path, form, csrf=None):
            if method == "GET":
                return client.get(path)
            fields = {k: v for k, v in form.items() if not isinstance(v, tuple)}
            files = {k: v for k, v in form.items() if isinstance(v, tuple)}
            if csrf is not None:
                fields["csrf"] = csrf
                return client.request("POST", path, fields, files)
            return client.post(path, fields, files)

        denials = 0
        for method, path, allowed, form in table:
            callers = [("anon", anon, 401)] + [(k, c, 403) for k, c in clients.items()
                                               if k not in allowed]
            for who, client, expected in callers:
                before = snapshot(server)
                status, _, _ = send(client, method, path, form)
                check(status == expected, f"{who} {method} {path}: {status}, expected {expected}")
                check(snapshot(server) == before, f"{who} {method} {path} changed data")
                denials += 1
            if method == "GET":
                for who in sorted(allowed):
                    status, headers, body = clients[who].get(path)
                    check(status == 200, f"{who} GET {path}: {status}, expected 200")
                    if path.split("?")[0].endswith(".pdf"):
                        check(body.startswith(b"%PDF-"), f"{path}: not a PDF")
                    if path.split("?")[0].endswith(".xlsx"):
                        check(body.startswith(b"PK"), f"{path}: not an XLSX")
                    if who != sorted(allowed)[0]:
                        break  # one more role is enough for the slow documents
            else:
                who = sorted(allowed)[0]
                for token in ("", other.csrf()):
                    before = snapshot(server)
                    status, _, _ = send(clients[who], method, path, form, csrf=token)
                    check(status == 403, f"{who} POST {path} with csrf '{token[:6]}': {status}")
                    check(snapshot(server) == before, f"{who} POST {path} without CSRF changed data")
                    denials += 1
        # The pending upload is its uploader's only.
        before = snapshot(server)
        status, _, _ = other.post("/data/confirm", {"token": pending})
        check(status == 404, f"another user's pending upload: {status}")
        check(snapshot(server) == before, "another user's confirm changed data")
        denials += 1
        # Pages: no inline script, the SVG charts are there.
        status, _, body = clients["ld"].get(f"/dashboard/unit?period=2024-Q3&unit={unit}")
        check(status == 200 and body.count(b"<svg") >= 7, "unit page with its SVG charts")
        for tag in re.findall(rb"<script[^>]*>", body):
            check(b"src=" in tag, f"inline script {tag!r}")
        check(not re.search(rb"\sstyle=", body), "no inline style (CSP)")
        print(f"{denials} denials checked")
    finally:
        server.stop()
        server.cleanup()
    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
