"""Bold and italic runs from the letter form, in headless Chromium: the drafter selects words of
a paragraph and presses the form's "Đậm" button and Ctrl+I (static/web.js wraps the selection in
the letter format's **…** and *…* marks); after saving, the letter's JSON holds the marks, and
the PDF of the issued letter (the same renderer as the preview) draws those words, and only
those, in a bold and an italic face: read back with poppler's pdftohtml -xml (which marks runs
<b>/<i> from the font) and pdffonts. A screenshot of the form goes to $VANBAN_WEB_SCREENSHOTS.

Usage: check_format.py VANBAN SOURCE_DIR"""

import json
import os
import re
import subprocess
import sys
import tempfile

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from check_browser import Browser
from web_server import PASSWORD, Client, Server, check, exit_status, sample_letter

TEXT = "Đề nghị các đơn vị khẩn trương rà soát và báo cáo kết quả trước ngày 15/8/2024."
BOLD, ITALIC = "khẩn trương", "báo cáo kết quả"


def select(b, css, word):
    """Selects `word` in the text box (JavaScript counts UTF-16 units, as Python's str for
    these letters)."""
    start = TEXT.index(word)
    b.d.execute_script("arguments[0].focus(); arguments[0].setSelectionRange(arguments[1], "
                       "arguments[2]);", b.el(css), start, start + len(word))


def main():
    vanban, source = sys.argv[1], sys.argv[2]
    shots = os.environ.get("VANBAN_WEB_SCREENSHOTS") or tempfile.mkdtemp(prefix="vanban-shots-")
    server = Server(vanban, source)
    browser = None
    try:
        for name, role in (("cv", "chuyen-vien"), ("ld", "lanh-dao"), ("vt", "van-thu")):
            server.add_user(name, role)
        cv, ld, vt = Client(server), Client(server), Client(server)
        for name, c in (("cv", cv), ("ld", ld), ("vt", vt)):
            c.login(name)
        letter = sample_letter(source, body=[{"p": TEXT}])
        status, headers, _ = cv.post("/letters/new")
        path = headers["Location"].rsplit("/edit", 1)[0]
        status, _, _ = cv.post(path + "/import", {}, {"letter": ("l.json", json.dumps(letter))})
        check(status == 303, f"import: {status}")

        browser = b = Browser(server, shots)
        b.login("cv", PASSWORD)
        b.go(path + "/edit")
        box = "#f-body-0-p"
        check(b.el(box).get_attribute("value") == TEXT, "the paragraph is in its text box")
        bar = b.el(box).find_element("xpath", "preceding-sibling::span[1]")
        check(bar.is_displayed(), "web.js shows the bold/italic buttons")
        select(b, box, BOLD)
        bar.find_element("css selector", "button.fmt[data-mark='**']").click()
        value = b.el(box).get_attribute("value")
        check(f"**{BOLD}**" in value, f"Đậm wraps the selection: {value}")
        start = value.index(ITALIC)
        b.d.execute_script("arguments[0].focus(); arguments[0].setSelectionRange(arguments[1], "
                           "arguments[2]);", b.el(box), start, start + len(ITALIC))
        ActionChains(b.d).key_down(Keys.CONTROL).send_keys("i").key_up(Keys.CONTROL).perform()
        value = b.el(box).get_attribute("value")
        check(f"*{ITALIC}*" in value and f"**{ITALIC}" not in value, f"Ctrl+I: {value}")
        b.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", b.el(box))
        b.d.save_screenshot(os.path.join(shots, "soan-thao-dam-nghieng.png"))
        b.click("#save")
        check(b.has("#f-body-0-p"), "saved: back on the form")

        status, _, body = cv.get(path + "/letter.json")
        saved = json.loads(body)["body"][0]["p"]
        check(saved == TEXT.replace(BOLD, f"**{BOLD}**").replace(ITALIC, f"*{ITALIC}*"),
              f"the letter's JSON holds the marks: {saved}")

        # Issue it and read the PDF's runs back.
        status, _, _ = cv.post(path + "/submit")
        check(status == 303, f"submit: {status}")
        status, _, _ = ld.post(path + "/approve")
        status, _, _ = vt.post(path + "/issue")
        check(status == 303, f"issue: {status}")
        status, _, pdf = vt.get(path + "/pdf")
        out = os.path.join(server.data, "dam-nghieng.pdf")
        with open(out, "wb") as f:
            f.write(pdf)
        xml = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", out], capture_output=True,
                             text=True).stdout
        # Runs as pdftohtml sees them: <b>…</b> / <i>…</i> inside the text of a line.
        # (Justified lines stretch spaces: pdftohtml gives them as several; one is enough here.)
        xml = re.sub(r"[ \u00a0]+", " ", xml)
        bold_runs = " ".join(re.findall(r"<b>(.*?)</b>", xml))
        italic_runs = " ".join(re.findall(r"<i>(.*?)</i>", xml))
        check(BOLD in bold_runs, f"'{BOLD}' drawn bold: {bold_runs[:300]}")
        check(ITALIC in italic_runs and ITALIC not in bold_runs,
              f"'{ITALIC}' drawn italic: {italic_runs[:300]}")
        line = next((ln for ln in xml.splitlines() if "rà soát" in ln), "")
        check("rà soát" in line and "<b>rà soát" not in line and "<i>rà soát" not in line,
              f"the words between stay regular: {line}")
        fonts = subprocess.run(["pdffonts", out], capture_output=True, text=True).stdout
        check(re.search(r"Bold", fonts) and re.search(r"Italic", fonts),
              f"pdffonts lists a bold and an italic face: {fonts}")
    finally:
        if browser:
            browser.d.quit()
        server.stop()
        server.cleanup()
    return exit_status("bold/italic from the form: all checks passed")


if __name__ == "__main__":
    sys.exit(main())
