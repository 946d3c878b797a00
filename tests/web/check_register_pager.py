"""The register page's pager on 120 entries (seeded by registry_client through the registry
library): the first page, "Trang sau" (a link carrying the last entry's key, after=), again, then
"Trang trước" (before=) back, and page numbers alone (page=3, page past the end) show exactly the
entries the register holds in that order, 50 a page; a forged or stale key falls back to the page
number. The expected order is read from the registry file itself with sqlite3."""

import html
import re
import subprocess
import sys
import time

from web_server import Client, Server, check, exit_status

ROW = re.compile(r'<td><a href="/register/entry\?[^"]*">([^<]+)</a></td>')


def shown(client, path):
    status, _, body = client.get(path)
    text = body.decode()
    links = {rel: html.unescape(href) for href, rel in
             re.findall(r'<a href="(/register\?[^"]*)" rel="(next|prev)"', text)}
    return status, [html.unescape(s) for s in ROW.findall(text)], links


def main():
    vanban, registry_client, source = sys.argv[1:4]
    server = Server(vanban, source)
    try:
        year = time.strftime("%Y")
        subprocess.run([registry_client, "--registry", f"{server.data}/so-van-ban-di.db",
                        "--prefix", "pager", "--count", "120", "--agency", "SYT",
                        "--date", f"{year}-03-01"], check=True, stdout=subprocess.DEVNULL)
        with server.db("so-van-ban-di.db") as reg:
            order = [r[0] for r in reg.execute(
                "SELECT so_ky_hieu FROM registry_entries WHERE year = ? "
                "ORDER BY agency, year, series, number", (int(year),))]
        check(len(order) == 120, f"{len(order)} entries seeded")
        server.add_user("vt", "van-thu")
        c = Client(server)
        c.login("vt")
        status, rows, links = shown(c, f"/register?year={year}")
        check(status == 200 and rows == order[:50], f"page 1: {status} {rows[:3]}…")
        check("after=" in links.get("next", ""), f"Trang sau carries a key: {links}")
        status, rows, links = shown(c, links["next"])
        check(rows == order[50:100], f"Trang sau → 51..100: {rows[:3]}…")
        status, rows, links3 = shown(c, links["next"])
        check(rows == order[100:], f"Trang sau again → 101..120: {rows[:3]}…")
        check("next" not in links3, "no Trang sau on the last page")
        status, rows, _ = shown(c, links3["prev"])
        check(rows == order[50:100], f"Trang trước (before=) → 51..100: {rows[:3]}…")
        # The key, not the page number, chooses the rows (the number only labels the page).
        with server.db("so-van-ban-di.db") as reg:
            agency, series, number = reg.execute(
                "SELECT agency, series, number FROM registry_entries WHERE so_ky_hieu = ?",
                (order[49],)).fetchone()
        status, rows, _ = shown(c, f"/register?year={year}&page=1&after={agency}%7C{series}%7C{number}")
        check(rows == order[50:100], f"after= the 50th entry with page=1 → 51..100: {rows[:3]}…")
        with server.db("so-van-ban-di.db") as reg:
            agency, series, number = reg.execute(
                "SELECT agency, series, number FROM registry_entries WHERE so_ky_hieu = ?",
                (order[100],)).fetchone()
        status, rows, _ = shown(c, f"/register?year={year}&page=1&before={agency}%7C{series}%7C{number}")
        check(rows == order[50:100], f"before= the 101st entry with page=1 → 51..100: {rows[:3]}…")
        for path, want, what in (
                (f"/register?year={year}&page=3", order[100:], "page=3"),
                (f"/register?year={year}&page=99", order[100:], "page past the end → last"),
                (f"/register?year={year}&page=2&after=SYT%7CHC%7Cx", order[50:100], "bad key"),
                (f"/register?year={year}&page=2&after=ZZZ%7CHC%7C9999", order[50:100],
                 "a key after everything → by number")):
            status, rows, _ = shown(c, path)
            check(status == 200 and rows == want, f"{what}: {status} {rows[:3]}…")
    finally:
        server.stop()
        server.cleanup()
    return exit_status("register pager: keyed and numbered pages match the register's order")


if __name__ == "__main__":
    sys.exit(main())
