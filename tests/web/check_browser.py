"""End to end in a real browser: Debian's chromium + chromium-driver through python3-selenium,
headless, against `vanban serve` on a temporary data folder.

The administrator logs in with the one-time password, sets their own, adds a drafter, a leader
and a clerk. The drafter drafts a công văn with a table and a Phụ lục (first with an error shown
next to its field), sees the preview, submits; the leader approves; the drafter trying the
clerk's pages and action is refused; the clerk issues the number, the PDF is downloaded and read
back with pdftotext (number, text, table, Phụ lục); the clerk voids it and the register marks it;
the book is exported (XLSX read with openpyxl). Screenshots go to $VANBAN_WEB_SCREENSHOTS (the
docs' docs/web/) or the test's temporary folder.

Usage: check_browser.py VANBAN SOURCE_DIR"""

import datetime
import http.client
import io
import os
import re
import subprocess
import sys
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from web_server import check, exit_status

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sign"))
import pki  # noqa: E402  (a throw-away CA: the server signs issued letters, as in production)
from check_downloads import SigningServer  # noqa: E402

def page_gone(old):
    """True once `old` (the previous page's <html>) is no longer in the document (Chromium may
    also answer that its node "does not belong to the document")."""
    from selenium.common.exceptions import WebDriverException
    try:
        old.is_enabled()
        return False
    except WebDriverException:
        return True


class Browser:
    def __init__(self, server, shots):
        opts = webdriver.ChromeOptions()
        opts.binary_location = "/usr/bin/chromium"
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000",
                  "--lang=vi", "--disable-dev-shm-usage"):
            opts.add_argument(a)
        self.d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
        self.server = server
        self.shots = shots

    def go(self, path):
        self.d.get(self.server.url + path)

    def el(self, css):
        return self.d.find_element(By.CSS_SELECTOR, css)

    def has(self, css):
        return len(self.d.find_elements(By.CSS_SELECTOR, css)) > 0

    def click(self, css):
        """Clicks a button or link that loads a page, and waits for the new page."""
        old = self.d.find_element(By.TAG_NAME, "html")
        e = self.el(css)
        self.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", e)
        e.click()
        WebDriverWait(self.d, 120).until(lambda d: page_gone(old))

    def type(self, css, text):
        e = self.el(css)
        e.clear()
        e.send_keys(text)

    def shot(self, name, full=False):
        if full:
            h = self.d.execute_script("return document.body.scrollHeight")
            self.d.set_window_size(1400, min(max(h + 40, 1000), 2600))
        self.d.save_screenshot(os.path.join(self.shots, name))
        self.d.set_window_size(1400, 1000)

    def login(self, name, password):
        self.d.delete_all_cookies()
        self.go("/login")
        self.type("#name", name)
        self.type("#password", password)
        self.click("#login")

    def set_password(self, old, new):
        check("/account/password" in self.d.current_url, "one-time password: asked to change")
        self.type("#current", old)
        self.type("#new", new)
        self.type("#again", new)
        self.click("#change")

    def fetch(self, path):
        """GET with this browser's session (http.client, the cookie copied): status, bytes."""
        cookie = self.d.get_cookie("vanban_session")
        conn = http.client.HTTPConnection(self.server.host, self.server.port, timeout=120)
        conn.request("GET", path, headers={"Cookie": f"vanban_session={cookie['value']}"})
        r = conn.getresponse()
        return r.status, r.read()

    def post_from_page(self, path):
        """A crafted POST from the page (a form built in the page with its CSRF token, as a
        user could submit with the developer tools); returns the page it leads to."""
        old = self.d.find_element(By.TAG_NAME, "html")
        self.d.execute_script("""
            const f = document.createElement('form');
            f.method = 'post'; f.action = arguments[0];
            const i = document.createElement('input');
            i.type = 'hidden'; i.name = 'csrf';
            i.value = document.querySelector('input[name=csrf]').value;
            f.appendChild(i); document.body.appendChild(f); f.submit();
        """, path)
        WebDriverWait(self.d, 120).until(lambda d: page_gone(old))
        return self.d.find_element(By.TAG_NAME, "body").text


def press(b, e):
    """Clicks an element of the form after scrolling it to the middle (the bar of the save
    button stays at the top of the window)."""
    b.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", e)
    e.click()


def add(b, array_pointer):
    """Clicks the add button of a repeatable group (web.js clones its template in the page)."""
    press(b, b.el(f"button.add[value='{array_pointer}']"))


def choose_kind(b, item_id, kind, reloads=False):
    sel = Select(b.el(f"#{item_id}-kind"))
    if reloads:  # text <-> table: web.js saves and the server draws the other fields
        old = b.d.find_element(By.TAG_NAME, "html")
        sel.select_by_value(kind)
        WebDriverWait(b.d, 120).until(lambda d: page_gone(old))
    else:
        sel.select_by_value(kind)


def draft_letter(b):
    """The drafter fills the form generated from the letter schema: a công văn with Kính gửi,
    a paragraph, a khoản with a điểm, a table (one row first short of a cell: the error shows on
    that row), a Phụ lục; returns the field errors left."""
    today = datetime.date.today()
    check(b.el("#f-date").get_attribute("value") == today.strftime("%d/%m/%Y"),
          "the date is shown day/month/year: " + b.el("#f-date").get_attribute("value"))
    Select(b.el("#f-agency")).select_by_value("syt")
    Select(b.el("#f-drafting_unit")).select_by_value("vp")
    b.type("#f-trich_yeu", "đôn đốc giải quyết hồ sơ trễ hạn quý III/2024")
    Select(b.el("#f-urgency")).select_by_value("khan")
    add(b, "/kinh_gui")
    add(b, "/kinh_gui")
    b.type("#f-kinh_gui-0", "Trung tâm Kiểm soát bệnh tật")
    b.type("#f-kinh_gui-1", "Trung tâm Giám định y khoa")
    add(b, "/body")
    b.type("#f-body-0-p", "Thực hiện Kế hoạch cải cách hành chính năm 2024, Sở Y tế đề nghị "
                          "các đơn vị:")
    add(b, "/body")
    choose_kind(b, "f-body-1", "khoan")
    b.type("#f-body-1-p", "Rà soát hồ sơ trễ hạn, hoàn thành **trước ngày 15/8/2024**.")
    add(b, "/body")
    b.type("#f-body-2-p", "Đề nghị các đơn vị thực hiện nghiêm túc./.")
    add(b, "/body")
    choose_kind(b, "f-body-3", "table", reloads=True)  # saves: the khoản gets its children
    add(b, "/body/1/children")
    choose_kind(b, "f-body-1-children-0", "diem")
    b.type("#f-body-1-children-0-p", "Báo cáo số hồ sơ theo bảng dưới đây.")
    b.type("#f-body-3-table-columns-0", "Đơn vị")
    add(b, "/body/3/table/columns")
    add(b, "/body/3/table/columns")
    b.type("#f-body-3-table-columns-1", "Hồ sơ trễ hạn")
    b.type("#f-body-3-table-columns-2", "Tỷ lệ đúng hạn")
    b.click("#save")  # rows added from now on have three cells
    add(b, "/body/3/table/rows")
    add(b, "/body/3/table/rows")
    for i, cells in enumerate((("Trung tâm Kiểm soát bệnh tật", "12", "95.2"),
                               ("Trung tâm Giám định y khoa", "3", "98.75"))):
        for j, c in enumerate(cells):
            b.type(f"#f-body-3-table-rows-{i}-{j}", c)
    # The table belongs after the khoản: move the closing paragraph below it.
    press(b, b.el("#f-body-2-i > button.remove"))
    add(b, "/body")
    b.type("#f-body-4-p", "Đề nghị các đơn vị thực hiện nghiêm túc./.")
    # One cell short in the second row: the error shows on that row.
    press(b, b.el("#f-body-3-table-rows-1-2").find_element(
        By.XPATH, "ancestor::div[contains(@class,'item')][1]/button[contains(@class,'remove')]"))
    Select(b.el("#f-signer-id")).select_by_value("le-quang-trung")
    add(b, "/noi_nhan")
    b.type("#f-noi_nhan-1", "Ban Giám đốc Sở")
    b.type("#f-luu", "VT, VP")
    add(b, "/appendices")
    b.type("#f-appendices-0-title", "Danh sách hồ sơ trễ hạn")
    b.type("#f-appendices-0-body-0-p", "Hồ sơ số 000123, lĩnh vực khám bệnh, chữa bệnh: trễ 4 ngày.")
    b.click("#save")  # the server closes the gap: the table is block 2 now
    check(b.has("#error-f-body-2-table-rows-1"), "the short table row is shown on its row: " +
          " | ".join(e.get_attribute("id") for e in b.d.find_elements(By.CSS_SELECTOR, ".field-error")))
    add(b, "/body/2/table/rows/1")
    b.type("#f-body-2-table-rows-1-2", "98.75")
    b.click("#save")
    return [e.get_attribute("id") + ": " + e.text
            for e in b.d.find_elements(By.CSS_SELECTOR, ".field-error")]


def png_ink(path):
    """The share of the screenshot's pixel bytes that are not white (0: a blank page)."""
    import struct
    import zlib
    with open(path, "rb") as f:
        data = f.read()
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + n]
        pos += 12 + n
    raw = zlib.decompress(idat)
    return sum(1 for x in raw[::7] if x < 200) / max(1, len(raw[::7]))


def firefox_steps(server, shots, session_cookie):
    """Firefox: Debian 12 has firefox-esr but no geckodriver (Selenium cannot drive it), so
    firefox-esr --headless --screenshot draws the login page and a logged-in page; the session
    cookie goes into the profile's own cookie database (made by Firefox on its first run). The
    session's last_seen is set back first: the server moving it forward proves Firefox sent the
    cookie and got the logged-in page."""
    import shutil
    import sqlite3
    import time
    ff = shutil.which("firefox-esr")
    if not ff:
        check(False, "firefox-esr is installed (scripts/setup.sh)")
        return
    profile = tempfile.mkdtemp(prefix="vanban-ff-")
    env = dict(os.environ, MOZ_HEADLESS="1", HOME=profile)

    def screenshot(path, name):
        out = os.path.join(shots, name)
        if os.path.exists(out):
            os.remove(out)
        r = subprocess.run([ff, "--headless", "--no-remote", "--profile", profile,
                            "--window-size", "1400,1000", "--screenshot", out,
                            server.url + path], env=env, capture_output=True, text=True,
                           timeout=180)
        check(os.path.exists(out), f"firefox drew {path}: {r.stderr[-500:]}")
        return out

    try:
        login = screenshot("/login", "firefox-dang-nhap.png")
        if os.path.exists(login):
            check(png_ink(login) > 0.005, f"firefox login page is not blank ({png_ink(login):.4f})")
        cookies = os.path.join(profile, "cookies.sqlite")
        check(os.path.exists(cookies), "firefox made its cookie database")
        if not os.path.exists(cookies):
            return
        with sqlite3.connect(cookies) as db:
            cols = [r[1] for r in db.execute("PRAGMA table_info(moz_cookies)")]
            now = int(time.time())
            row = {"name": "vanban_session", "value": session_cookie, "host": server.host,
                   "path": "/", "expiry": (now + 3600) * 1000, "lastAccessed": now * 1000000,
                   "updateTime": now * 1000000,
                   "creationTime": now * 1000000, "isSecure": 0, "isHttpOnly": 1,
                   "sameSite": 2, "rawSameSite": 2, "schemeMap": 1, "originAttributes": "",
                   "inBrowserElement": 0, "isPartitionedAttributeSet": 0}
            use = [c for c in cols if c in row]
            db.execute(f"INSERT INTO moz_cookies({','.join(use)}) VALUES({','.join('?' * len(use))})",
                       [row[c] for c in use])
        import hashlib
        h = hashlib.sha256(session_cookie.encode()).hexdigest()
        with server.db() as db:
            db.execute("UPDATE sessions SET last_seen=last_seen-120 WHERE token_hash=?", (h,))
            before = db.execute("SELECT last_seen FROM sessions WHERE token_hash=?", (h,)).fetchone()
        page = screenshot("/admin/users", "firefox-nguoi-dung.png")
        with server.db() as db:
            after = db.execute("SELECT last_seen FROM sessions WHERE token_hash=?", (h,)).fetchone()
        check(before and after and after[0] > before[0],
              f"firefox sent the session cookie and got the logged-in page ({before} -> {after})")
        if os.path.exists(page) and os.path.exists(login):
            check(png_ink(page) > 0.005, "firefox logged-in page is not blank")
            with open(page, "rb") as f1, open(login, "rb") as f2:
                check(f1.read() != f2.read(), "the logged-in page is not the login page")
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def fill_form(form_bytes, counts_json, out_path):
    """Fills the data-entry workbook of `vanban data form` with a quarter's counts, as a clerk
    would in Excel (openpyxl writes plain numbers), using its hidden _vanban sheet's map."""
    import json as _json
    import openpyxl
    wb = openpyxl.load_workbook(io.BytesIO(form_bytes))
    ids = wb["_vanban"]
    columns, rows, sheet = {}, {}, None
    for r in ids.iter_rows(values_only=True):
        if r[0] == "sheet":
            sheet = r[1]
        elif r[0] == "column":
            columns[(r[2], r[3])] = int(r[1])
        elif r[0] == "unit":
            rows[r[2]] = int(r[1])
    ws = wb[sheet]
    for u in _json.loads(counts_json)["units"]:
        for ind, c in u["counts"].items():
            for role in ("numerator", "denominator"):
                ws.cell(row=rows[u["unit"]], column=columns[(ind, role)], value=c[role])
    wb.save(out_path)


def figures_and_dashboard(b, server, source, shots):
    """Số liệu chỉ tiêu and Bảng điều hành: quản trị uploads the 2024 targets and adds a data
    officer (so-lieu); the officer uploads a quarter with errors and sees each message next to
    its unit and indicator (nothing stored), then Q1 and Q2 as JSON and Q3 as the filled Excel
    form, confirms, and sees the scores; the leader sees the ranking and a unit's page with its
    SVG charts and downloads the documents."""
    import json as _json
    samples = os.path.abspath(os.path.join(source, "samples", "dong-nai"))
    work = tempfile.mkdtemp(prefix="vanban-data-", dir=server.data)
    b.login("quantri", "quan-tri-mat-khau-1")
    b.go("/admin/data")
    b.el("#a-targets").send_keys(os.path.join(samples, "chi-tieu-2024.json"))
    b.click("#upload-targets")
    check("Đã lưu bộ chỉ tiêu năm 2024" in b.el("main").text, "targets 2024 stored")
    b.shot("quan-tri-to-chuc-chi-tieu.png")
    b.go("/admin/users")
    b.type("#new-name", "dung")
    b.type("#new-full-name", "Phạm Thị Dung")
    b.el("form.narrow input[name='role_so-lieu']").click()
    b.click("#add-user")
    once = b.el("#one-time-password").text
    b.login("dung", once)
    b.set_password(once, "dung-mat-khau-123")

    # A quarter with errors: each message next to its unit and indicator; nothing stored.
    with open(os.path.join(samples, "du-lieu-2024-Q3.json"), encoding="utf-8") as f:
        q3 = f.read()
    bad = _json.loads(q3)
    unit_a, unit_b = bad["units"][1]["unit"], bad["units"][4]["unit"]
    bad["units"][1]["counts"]["on_time"]["numerator"] = 10 ** 7
    bad["units"][4]["counts"]["online_payment"]["denominator"] = "nhiều"
    path = os.path.join(work, "du-lieu-2024-Q3-sai.json")
    with open(path, "w", encoding="utf-8") as f:
        _json.dump(bad, f, ensure_ascii=False, indent=1)
    b.go("/data")
    Select(b.el("#d-period")).select_by_value("2024-Q3")
    b.el("#d-file").send_keys(path)
    b.click("#upload")
    check(b.has("#check-failed"), "the upload with errors is refused")
    for unit, ind, words in ((unit_a, "on_time", "lớn hơn mẫu số"),
                             (unit_b, "online_payment", "số nguyên không âm")):
        rows = b.d.find_elements(By.CSS_SELECTOR,
                                 f"#issues tr[data-unit='{unit}'][data-indicator='{ind}']")
        check(len(rows) == 1, f"one error row for {unit}/{ind}: {len(rows)}")
        if rows:
            cells = rows[0].find_elements(By.TAG_NAME, "td")
            check(unit in cells[0].text and ind in cells[1].text and "/units/" in cells[2].text
                  and words in cells[3].text, f"error next to {unit}/{ind}: {rows[0].text}")
    b.shot("so-lieu-loi.png", full=False)
    check(not os.path.exists(os.path.join(server.data, "so-lieu", "du-lieu-2024-Q3.json")),
          "nothing stored after the refused upload")

    # Q1 and Q2 as JSON, Q3 as the Excel form filled in.
    for q in ("2024-Q1", "2024-Q2"):
        b.go("/data")
        Select(b.el("#d-period")).select_by_value(q)
        b.el("#d-file").send_keys(os.path.join(samples, f"du-lieu-{q}.json"))
        b.click("#upload")
        check(b.has("#check-ok"), f"{q} checked")
        b.click("#confirm")
        check("Đã lưu số liệu" in b.el("main").text, f"{q} stored")
    status, form = b.fetch("/data/form.xlsx?period=2024-Q3")
    check(status == 200 and form.startswith(b"PK"), f"form workbook: {status}")
    xlsx = os.path.join(work, "mau-so-lieu-quy-3.xlsx")
    fill_form(form, q3, xlsx)
    b.go("/data")
    Select(b.el("#d-period")).select_by_value("2024-Q3")
    b.el("#d-file").send_keys(xlsx)
    b.click("#upload")
    check(b.has("#check-ok"), "the filled Excel form passes: " + b.el("main").text[:300])
    # The score preview before confirming: each level's band chart with its counts, as on the
    # dashboard, and the ranking rows.
    check(b.has("#preview-scores .bands .chart svg"), "preview: band chart as SVG")
    counts = [e.text for e in b.d.find_elements(By.CSS_SELECTOR, "#preview-scores .band-counts li")]
    check(any(t.startswith("Xuất sắc:") for t in counts), f"preview: band counts {counts[:5]}")
    check(len(b.d.find_elements(By.CSS_SELECTOR, "#preview-scores table.ranking tbody tr")) > 100,
          "preview: ranking rows of every level")
    b.shot("so-lieu-kiem-tra.png")
    b.click("#confirm")
    check("Đã lưu số liệu quý III/2024" in b.el("main").text, "Q3 stored from the Excel form")
    totals = [e.text for e in b.d.find_elements(By.CSS_SELECTOR, "#level-so table.ranking tbody tr td:nth-child(3)")]
    check(len(totals) > 5 and all(re.fullmatch(r"\d{1,3},\d{2}|—", t) for t in totals),
          f"scores shown with a decimal comma: {totals[:5]}")
    # The same figures as `vanban score` on the stored files.
    cli = subprocess.run([server.vanban, "score", "--org", os.path.join(server.data, "org.json"),
                          "--targets", os.path.join(server.data, "so-lieu"), "--data",
                          os.path.join(server.data, "so-lieu"), "--period", "2024-Q3",
                          "--level", "so", "--json"], capture_output=True, text=True)
    check(cli.returncode == 0, "vanban score on the stored files: " + cli.stderr[:300])
    if cli.returncode == 0:
        out = _json.loads(cli.stdout)
        cli_rows = {r["id"]: r for r in out["units"] if r["level"] == "so"}
        web_rows = b.d.find_elements(By.CSS_SELECTOR, "#level-so table.ranking tbody tr")
        check(len(web_rows) == len(cli_rows), f"{len(web_rows)} sở on the page, {len(cli_rows)} in vanban score")
        for tr in web_rows:
            r = cli_rows.get(tr.get_attribute("data-unit"))
            cells = [td.text for td in tr.find_elements(By.TAG_NAME, "td")]
            want = ("—" if r is None or r["total"] is None
                    else f"{r['total']:.2f}".replace(".", ","))
            check(r is not None and cells[2] == want and cells[0] == str(r["rank"] or "—"),
                  f"row {cells} as vanban score ({want})")

    # The leader: the dashboard with its SVG charts, a unit's page, the documents.
    b.login("binh", "binh-mat-khau-123")
    b.go("/dashboard?period=2024-Q3")
    check(b.has("#level-so .chart svg"), "band chart as SVG")
    b.shot("bang-dieu-hanh.png")
    b.click("#level-so table.ranking tbody tr a")
    svgs = b.d.find_elements(By.CSS_SELECTOR, "#indicators svg")
    check(len(svgs) >= 6, f"indicator bars and trends as SVG: {len(svgs)}")
    points = b.d.find_elements(By.CSS_SELECTOR, ".total-trend svg circle, #indicators td.trend svg circle")
    check(len(points) >= 3 * 7, f"trend points of Q1..Q3 drawn: {len(points)}")
    b.shot("bang-dieu-hanh-don-vi.png", full=True)
    for css, magic in (("#dl-unit", b"%PDF"),):
        href = b.el(css).get_attribute("href")[len(server.url):]
        status, body = b.fetch(href)
        check(status == 200 and body.startswith(magic), f"{css}: {status}")
        pdf = os.path.join(work, "phieu-diem.pdf")
        with open(pdf, "wb") as f:
            f.write(body)
        text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
        check("quý iii/2024" in text.lower(), "the unit's scorecard PDF names the period: " + text[:200])
    b.go("/dashboard?period=2024-Q3&level=so")
    status, body = b.fetch(b.el("#dl-scorecard").get_attribute("href")[len(server.url):])
    check(status == 200 and body.startswith(b"PK"), f"scorecard XLSX: {status}")
    status, body = b.fetch(b.el("#dl-ranking").get_attribute("href")[len(server.url):])
    check(status == 200 and body.startswith(b"%PDF"), f"ranking PDF: {status}")


def main():
    vanban, source = sys.argv[1], sys.argv[2]
    shots = os.environ.get("VANBAN_WEB_SCREENSHOTS") or tempfile.mkdtemp(prefix="vanban-shots-")
    os.makedirs(shots, exist_ok=True)
    # With the agency's key (PKCS#12) and seal: the issued letter's page offers all three
    # downloads (PDF, signed PDF, DOCX), as the docs' screenshot shows.
    keys = pki.workdir()
    key = pki.Pki(keys).issue("agency", pki.AGENCY_SUBJECT)
    seal = os.path.join(source, "samples", "letters", "images", "con-dau.png")
    server = SigningServer(vanban, source, key, seal)
    b = None
    try:
        b = Browser(server, shots)
        # The administrator: one-time password, own password, three users.
        check(server.admin_password, "first start printed the administrator's password")
        b.login("quantri", server.admin_password)
        b.set_password(server.admin_password, "quan-tri-mat-khau-1")
        b.go("/admin/users")
        passwords = {}
        for name, role, full in (("an", "chuyen-vien", "Nguyễn Văn An"),
                                 ("binh", "lanh-dao", "Lê Quang Bình"),
                                 ("chi", "van-thu", "Trần Thị Chi")):
            b.type("#new-name", name)
            b.type("#new-full-name", full)
            b.el(f"form.narrow input[name='role_{role}']").click()
            b.click("#add-user")
            passwords[name] = b.el("#one-time-password").text
        b.shot("quan-tri-nguoi-dung.png")
        for name in passwords:
            b.login(name, passwords[name])
            b.set_password(passwords[name], f"{name}-mat-khau-123")

        # The drafter: a new công văn; first an error next to its field.
        b.login("an", "an-mat-khau-123")
        b.go("/letters")
        b.click("#new-letter")
        errors = [e.get_attribute("id") for e in b.d.find_elements(By.CSS_SELECTOR, ".field-error")]
        check(errors == ["error-f-trich_yeu"], f"an empty trích yếu is shown next to its field: {errors}")
        left = draft_letter(b)
        check(not left, "no error left: " + " | ".join(left))
        imgs = b.d.find_elements(By.CSS_SELECTOR, "#preview img.page")
        check(len(imgs) >= 2, f"preview: {len(imgs)} pages (letter + Phụ lục)")
        for img in imgs:
            check(b.d.execute_script("return arguments[0].naturalWidth", img) > 300,
                  "preview page image loaded")
        b.shot("soan-thao.png", full=True)
        draft_url = b.d.current_url.rsplit("/edit", 1)[0]
        draft_path = draft_url[len(server.url):]
        b.click("#submit")
        check("Chờ duyệt" in b.el("#status").text, "submitted")

        # The drafter cannot do the clerk's work.
        b.go("/register")
        check("không có quyền" in b.el("#error").text, "drafter refused the register")
        b.go(draft_path)
        page = b.post_from_page(draft_path + "/issue")
        check("không có quyền" in page, "drafter issuing refused")
        b.go(draft_path)
        check("Chờ duyệt" in b.el("#status").text, "still submitted after the refused issue")

        # The leader approves.
        b.login("binh", "binh-mat-khau-123")
        b.go("/letters")
        b.shot("danh-sach-cho-duyet.png")
        b.go(draft_path)
        b.click("#approve")
        check("Đã duyệt" in b.el("#status").text, "approved")

        # The clerk issues; twice the same click takes one number.
        b.login("chi", "chi-mat-khau-123")
        b.go(draft_path)
        b.shot("cap-so.png")
        b.click("#issue")
        check("Đã ban hành" in b.el("#status").text, "issued")
        so = b.el("#so-ky-hieu").text
        check(re.fullmatch(r"\d{2,}/SYT-VP", so or ""), f"number: {so}")
        b.post_from_page(draft_path + "/issue")  # a second click: same number, no new one
        check(b.el("#so-ky-hieu").text == so, "a second issue keeps the number")
        for css in ("#download-pdf", "#download-signed", "#download-docx"):
            check(b.has(css) and b.el(css).is_displayed(), f"issued page offers {css}")
        b.shot("da-ban-hanh.png")
        status, pdf = b.fetch(draft_path + "/pdf")
        check(status == 200 and pdf.startswith(b"%PDF"), f"PDF download: {status}")
        path = os.path.join(server.data, "tai-ve.pdf")
        with open(path, "wb") as f:
            f.write(pdf)
        text = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True,
                              text=True).stdout
        for want in (f"Số: {so}", "KHẨN", "V/v đôn đốc", "Thực hiện Kế hoạch cải cách", "Trung tâm Giám",
                     "1. Rà soát hồ sơ", "a) Báo cáo số hồ sơ", "95,2", "98,75", "Phụ lục",
                     "DANH SÁCH HỒ SƠ TRỄ HẠN", "000123", "Lê Quang Trung", "nghiêm túc./."):
            check(want in text, f"PDF text has {want!r}")

        # Void, then the register marks it; export the book.
        b.go("/register")
        b.click("#register a")
        b.type("#reason", "Ban hành nhầm đơn vị nhận")
        b.click("#void")
        check(b.el("#entry-status").text == "đã hủy", "entry voided")
        b.go("/register")
        row = b.el("#register tbody tr")
        check("status-void" in row.get_attribute("class") and "Ban hành nhầm" in row.text,
              "the register marks the voided number with its reason")
        b.shot("so-van-ban-di.png")
        b.go(draft_path)
        check("đã hủy" in b.el("#register-status").text, "the letter shows its number voided")
        year = str(datetime.date.today().year)
        status, xlsx = b.fetch("/register/export.xlsx?agency=SYT&year=" + year)
        check(status == 200, f"XLSX export: {status}")
        if status == 200:
            import openpyxl
            wb = openpyxl.load_workbook(io.BytesIO(xlsx))
            cells = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
                     if c.value is not None]
            check(any(so in c for c in cells), f"{so} in the exported book")
            check(any("Ban hành nhầm" in c for c in cells), "the void reason in the book")
        status, book = b.fetch("/register/export.pdf?agency=SYT&year=" + year)
        check(status == 200 and book.startswith(b"%PDF"), f"PDF book: {status}")

        # The audit log shows it all.
        b.login("quantri", "quan-tri-mat-khau-1")
        b.go("/admin/audit")
        log = b.el("#audit").text
        for what in ("cấp số", "hủy số", "duyệt", "trình ký", "lưu dự thảo", "thêm người dùng"):
            check(what in log, f"audit log has '{what}'")
        b.shot("nhat-ky.png")
        firefox_steps(server, shots, b.d.get_cookie("vanban_session")["value"])
        figures_and_dashboard(b, server, source, shots)
        print("screenshots in", shots)
    except Exception:
        if b:
            b.d.save_screenshot(os.path.join(shots, "loi.png"))
            print("page at the failure:", b.d.current_url)
            print(b.d.find_element(By.TAG_NAME, "body").text[:2000])
        raise
    finally:
        if b:
            b.d.quit()
        server.stop()
        server.cleanup()
    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
