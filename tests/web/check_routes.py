"""The route x role table: every route is called by every role it does not allow (and without a
session, and without a CSRF token) and must answer 401/403 while nothing in the data changes
(the web database and the registry are read directly with sqlite3 before and after). Also the
security basics: cookie flags, CSP without inline script, escaping, login throttling.

Usage: check_routes.py VANBAN SOURCE_DIR"""

import json
import re
import sys

from web_server import Client, Server, check, exit_status, new_approved_draft, sample_letter

ROLES = {"cv": "chuyen-vien", "ld": "lanh-dao", "vt": "van-thu", "qt": "quan-tri"}
READERS = {"cv", "ld", "vt"}
REG = {"ld", "vt"}

def snapshot(server):
    with server.db() as db:
        web = [db.execute("SELECT id,status,letter,comment,so_ky_hieu,file FROM drafts ORDER BY id").fetchall(),
               db.execute("SELECT id,name,roles,pw_hash,disabled,must_change FROM users ORDER BY id").fetchall(),
               db.execute("SELECT * FROM draft_history ORDER BY id").fetchall()]
    try:
        with server.db("so-van-ban-di.db") as reg:
            tables = [r[0] for r in reg.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            web.append({t: reg.execute(f'SELECT * FROM "{t}"').fetchall() for t in tables})
    except Exception as e:  # no registry file yet
        web.append(str(e))
    return web


def main():
    vanban, source = sys.argv[1], sys.argv[2]
    server = Server(vanban, source)
    try:
        for short, role in ROLES.items():
            server.add_user(short, role)
        server.add_user("cv2", "chuyen-vien")
        clients = {k: Client(server) for k in list(ROLES) + ["cv2"]}
        for name, c in clients.items():
            status, headers = c.login(name)
            check(status == 303, f"login {name}: {status}")
            cookie = headers.get("Set-Cookie", "")
            check("HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie,
                  f"session cookie flags: {cookie}")
        anon = Client(server)

        # Fixtures: draft 1 submitted (for approve/return/issue), draft 2 editable, an issued
        # letter in the register (for void), all by cv.
        issued = new_approved_draft(clients["cv"], clients["ld"],
                                    sample_letter(source, trich_yeu="văn bản đã ban hành"))
        status, _, body = clients["vt"].post(f"/letters/{issued}/issue")
        check(status == 303, f"issue fixture: {status} {body[:300]}")
        cv = clients["cv"]
        status, headers, _ = cv.post("/letters/new")
        submitted = int(headers["Location"].split("/")[2])
        cv.post(f"/letters/{submitted}/import", {}, {"letter": ("a.json", json.dumps(
            sample_letter(source, trich_yeu="<script>alert(1)</script> & thử")))})
        status, _, body = cv.post(f"/letters/{submitted}/submit")
        check(status == 303, f"submit fixture: {status} {body[:300]}")
        status, headers, _ = cv.post("/letters/new")
        editable = int(headers["Location"].split("/")[2])
        with server.db("so-van-ban-di.db") as reg:
            so, year, series, agency = reg.execute(
                "SELECT so_ky_hieu, year, series, agency FROM registry_entries").fetchone()
        entry = f"agency={agency}&year={year}&series={series}&so={so.replace('/', '%2F')}"

        d, e, s = issued, editable, submitted
        table = [
            ("GET", "/letters", READERS, None),
            ("POST", "/letters/new", {"cv"}, {}),
            ("GET", f"/letters/{s}", READERS, None),
            ("GET", f"/letters/{e}/edit", {"cv"}, None),
            ("POST", f"/letters/{e}/edit", {"cv"}, {"trich_yeu": "đổi", "type": "cong-van"}),
            ("POST", f"/letters/{e}/import", {"cv"}, {"letter": "{}"}),
            ("GET", f"/letters/{s}/letter.json", READERS, None),
            ("GET", f"/letters/{s}/preview/1.png", READERS, None),
            ("POST", f"/letters/{e}/submit", {"cv"}, {}),
            ("POST", f"/letters/{s}/approve", {"ld"}, {}),
            ("POST", f"/letters/{s}/return", {"ld"}, {"comment": "sửa lại"}),
            ("POST", f"/letters/{s}/issue", {"vt"}, {}),
            ("GET", f"/letters/{d}/pdf", READERS, None),
            ("GET", f"/letters/{d}/docx", READERS, None),
            ("GET", "/register", REG, None),
            ("GET", "/register/entry?" + entry, REG, None),
            ("GET", "/register/file?" + entry, REG, None),
            ("GET", "/register/export.xlsx?year=" + str(year), REG, None),
            ("POST", "/register/void", {"vt"}, {"agency": agency, "year": str(year),
                                                "series": series, "so": so, "reason": "thử"}),
            ("GET", "/admin/users", {"qt"}, None),
            ("POST", "/admin/users", {"qt"}, {"name": "moi", "role_van-thu": "1"}),
            ("POST", "/admin/users/1/roles", {"qt"}, {"role_quan-tri": "1"}),
            ("POST", "/admin/users/2/password", {"qt"}, {}),
            ("GET", "/admin/audit", {"qt"}, None),
            ("POST", "/logout", set(ROLES) | {"cv2"}, {}),
            ("GET", "/account/password", set(ROLES) | {"cv2"}, None),
            ("POST", "/account/password", set(ROLES) | {"cv2"},
             {"current": "mat-khau-thu-nghiem", "new": "mat-khau-moi-123", "again": "mat-khau-moi-123"}),
        ]
        denials = 0
        for method, path, allowed, form in table:
            callers = [("anon", anon, 401)] + [(k, c, 403) for k, c in clients.items()
                                               if k not in allowed and k != "cv2"]
            for who, client, expected in callers:
                before = snapshot(server)
                if method == "GET":
                    status, _, _ = client.get(path)
                else:
                    status, _, _ = client.post(path, form)
                check(status == expected, f"{who} {method} {path}: {status}, expected {expected}")
                check(snapshot(server) == before, f"{who} {method} {path} changed data")
                denials += 1
            # Allowed roles are not refused (GETs only: a POST would change the fixtures).
            if method == "GET":
                for who in allowed & set(clients) - {"cv2"}:
                    status, _, _ = clients[who].get(path)
                    check(status == 200, f"{who} GET {path}: {status}, expected 200")
            # A POST by an allowed role without the CSRF token, or with another session's.
            if method == "POST":
                who = sorted(allowed & set(ROLES))[0]
                for token in ("", clients["cv2"].csrf()):
                    before = snapshot(server)
                    status, _, _ = clients[who].request("POST", path, dict(form, csrf=token))
                    check(status == 403, f"{who} POST {path} with csrf '{token[:6]}': {status}")
                    check(snapshot(server) == before, f"{who} POST {path} without CSRF changed data")
                    denials += 1

        # Another drafter's draft is not theirs.
        for method, path in (("GET", f"/letters/{e}"), ("GET", f"/letters/{e}/edit"),
                             ("POST", f"/letters/{e}/edit"), ("POST", f"/letters/{e}/submit")):
            before = snapshot(server)
            status, _, _ = (clients["cv2"].get(path) if method == "GET"
                            else clients["cv2"].post(path, {"trich_yeu": "x"}))
            check(status == 403, f"cv2 {method} {path}: {status}")
            check(snapshot(server) == before, f"cv2 {method} {path} changed data")
            denials += 1

        # Pages: CSP without inline script; data escaped.
        status, headers, body = clients["ld"].get(f"/letters/{s}")
        csp = headers.get("Content-Security-Policy", "")
        check("script-src 'self'" in csp and "unsafe-inline" not in csp, f"CSP: {csp}")
        check(b"<script>alert(1)" not in body and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; thử".encode()
              in body, "trích yếu escaped in the page")
        for page in ("/", "/letters", f"/letters/{s}", "/register", f"/letters/{e}/edit"):
            for who in ("cv", "ld", "vt"):
                status, _, body = clients[who].get(page)
                if status != 200:
                    continue
                for tag in re.findall(rb"<script[^>]*>", body):
                    check(b"src=" in tag, f"{page}: inline script {tag!r}")
                check(not re.search(rb"\son[a-z]+=", body), f"{page}: inline event handler")

        # Throttling: after 5 wrong passwords even the right one is refused.
        t = Client(server)
        for _ in range(5):
            status, _ = t.login("vt", "sai-mat-khau")
            check(status == 401, f"wrong password: {status}")
        status, _ = t.login("vt")
        check(status == 429, f"throttled login: {status}")

        # Logout ends the session on the server, not only in the browser.
        old = dict(clients["ld"].cookies)
        clients["ld"].post("/logout")
        replay = Client(server)
        replay.cookies = old
        status, _, _ = replay.get("/letters")
        check(status == 401, f"session after logout: {status}")
        print(f"{denials} denials checked")
    finally:
        server.stop()
        server.cleanup()
    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
