"""Chạy cả năm in headless Chromium: the clerk chooses a job and starts it; the run's page shows
its progress moving without a reload (static/batch.js polls progress.json: the count on the page
grows while the run goes); at the end the page lists the result files, each downloading by its
manifest index; after a restart of the server the run is still in the list. Screenshots of the
running and finished pages go to $VANBAN_WEB_SCREENSHOTS (docs/web/).

Usage: check_batch_browser.py VANBAN SOURCE_DIR"""

import os
import re
import sys
import tempfile
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from check_batch import prepare_data
from check_browser import Browser
from web_server import PASSWORD, Server, check, exit_status


def main():
    vanban, source = sys.argv[1], sys.argv[2]
    shots = os.environ.get("VANBAN_WEB_SCREENSHOTS") or tempfile.mkdtemp(prefix="vanban-shots-")
    server = Server(vanban, source, prepare_data(source))
    browser = None
    try:
        server.add_user("vt", "van-thu")
        browser = b = Browser(server, shots)
        b.login("vt", PASSWORD)
        b.go("/batch")
        Select(b.el("#job")).select_by_value("lon-2024")
        b.click("#batch-start")
        check(re.search(r"/batch/\d+$", b.d.current_url) is not None, f"run page: {b.d.current_url}")
        run_path = b.d.current_url[len(server.url):]
        # The figures change in the page while it stays loaded (no navigation).
        html = b.d.find_element(By.TAG_NAME, "html")
        seen = []
        deadline = time.time() + 300
        while time.time() < deadline:
            done = int(b.el("#batch-done").text or 0)
            if not seen or done != seen[-1]:
                seen.append(done)
            if len(seen) >= 3 and seen[-1] >= 5:
                break
            time.sleep(0.3)
        check(len(seen) >= 3 and seen == sorted(seen), f"progress moves in the page: {seen}")
        check(html.is_enabled(), "progress came without reloading the page")
        check(b.el("#batch-status").text == "đang chạy", "status: đang chạy")
        b.d.save_screenshot(os.path.join(shots, "chay-ca-nam-dang-chay.png"))
        # The page reloads itself at the end and lists the files.
        WebDriverWait(b.d, 600).until(lambda d: len(d.find_elements(By.ID, "batch-files")) > 0)
        check(b.el("#batch-status").text == "đã xong", f"finished: {b.el('#batch-status').text}")
        links = b.d.find_elements(By.CSS_SELECTOR, "#batch-files a")
        check(len(links) > 100, f"result list links every file: {len(links)}")
        status, body = b.fetch(links[0].get_attribute("href")[len(server.url):])
        check(status == 200 and body.startswith(b"%PDF"), f"first result downloads: {status}")
        # The finished bar spans the page's content, not the browser's default ~150 px.
        bar = b.el("#batch-bar").size["width"]
        content = b.el("#batch-progress").size["width"]
        check(bar >= 0.95 * content and bar > 600, f"progress bar full width: {bar} of {content} px")
        b.d.save_screenshot(os.path.join(shots, "chay-ca-nam-ket-qua.png"))

        # The list survives a restart.
        server.stop()
        server.start()
        b.go("/batch")
        check(b.has(f"a[href='{run_path}']"), "run listed after a restart")
        b.go(run_path)
        check(b.el("#batch-status").text == "đã xong" and b.has("#batch-files"),
              "the run's page and files after a restart")
        b.go("/batch")
        b.d.save_screenshot(os.path.join(shots, "chay-ca-nam.png"))
    finally:
        if browser:
            browser.d.quit()
        if server.proc.poll() is None:
            server.stop()
        server.cleanup()
    return exit_status("batch in the browser: all checks passed")


if __name__ == "__main__":
    sys.exit(main())
