#!/usr/bin/python3
"""`vanban letter` when its output cannot be made (issue 19): no number is taken.

1. An output folder on a read-only mount: "chỉ đọc", exit 1, no entry in the registry.
2. An output folder on a full disk: "đĩa đầy", exit 1, no entry, no file left.
3. A letter whose template fails only at conversion (it reads a forbidden file): exit 1, no
   entry; the next letter gets 01, not 02.
4. A template naming an http:// URL: the conversion fails and a local HTTP server (Python's
   http.server on 127.0.0.1) sees no request.
5. Permissions: an ordinary letter honours the umask (0644 under 022, 0600 under 077); a secret
   (mật) letter is 0600 under 022.
6. `vanban registry list` reads a registry on a read-only mount.
Parts 1, 2 and 6 mount a tmpfs (root); where that is not allowed they are skipped with a message.

usage: check_failures.py VANBAN SOURCE_DIR
"""
import http.server
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import tempfile
import threading

from letter_checks import LETTERS, ORG, SRC, VANBAN, check, finish


def base_letter():
    with open(os.path.join(LETTERS, "syt-1999-cchc-quy-ii-2023.json"), encoding="utf-8") as f:
        l = json.load(f)
    l.pop("number", None)
    l.pop("appendices", None)
    return dict(l, date="2024-03-12")


def write_letter(d, name, **changes):
    path = os.path.join(d, name + ".json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(dict(base_letter(), id=name, **changes), f, ensure_ascii=False)
    return path


def letter(path, out, *extra, umask=0o022):
    return subprocess.run([VANBAN, "letter", path, "--org", ORG, "-o", out, *extra],
                          capture_output=True, text=True, umask=umask)


def entries(reg):
    if not os.path.exists(reg):
        return []
    db = sqlite3.connect(reg)
    try:
        return db.execute("SELECT letter_key, so_ky_hieu, status FROM registry_entries").fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        db.close()


def mount(path, options):
    os.makedirs(path, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", path],
                          capture_output=True).returncode == 0


def umount(path):
    subprocess.run(["umount", "-l", path], capture_output=True)


def templates_with(d, name, extra_html):
    """A copy of the ND30 templates whose page carries `extra_html` at the end of its body."""
    t = os.path.join(d, name)
    shutil.copytree(os.path.join(SRC, "templates", "nd30"), t)
    page = os.path.join(t, "page.html")
    with open(page, encoding="utf-8") as f:
        text = f.read()
    with open(page, "w", encoding="utf-8") as f:
        f.write(text.replace("</body>", extra_html + "\n</body>"))
    return t


with tempfile.TemporaryDirectory() as d:
    src = write_letter(d, "cv-a")
    reg = os.path.join(d, "so.db")

    # 1. read-only output folder
    ro = os.path.join(d, "ro")
    if mount(ro, "size=1m,ro"):
        try:
            p = letter(src, os.path.join(ro, "a.pdf"), "--registry", reg)
            check(p.returncode == 1, f"read-only folder: exit 1 ({p.returncode}: {p.stderr})")
            check("chỉ đọc" in p.stderr, f"read-only folder: says 'chỉ đọc': {p.stderr}")
            check(entries(reg) == [], f"read-only folder: no number taken: {entries(reg)}")
        finally:
            umount(ro)
    else:
        print("SKIP: read-only folder (tmpfs cannot be mounted here)")

    # 2. full output folder
    full = os.path.join(d, "full")
    if mount(full, "size=64k"):
        try:
            fd = os.open(os.path.join(full, "day"), os.O_WRONLY | os.O_CREAT, 0o644)
            try:
                for _ in range(64):
                    os.write(fd, b"x" * 4096)
            except OSError:
                pass
            os.close(fd)
            p = letter(src, os.path.join(full, "a.pdf"), "--registry", reg)
            check(p.returncode == 1, f"full folder: exit 1 ({p.returncode}: {p.stderr})")
            check("đĩa đầy" in p.stderr, f"full folder: says 'đĩa đầy': {p.stderr}")
            check("không số nào bị lấy" in p.stderr, f"full folder: says no number was taken: {p.stderr}")
            check(entries(reg) == [], f"full folder: no number taken: {entries(reg)}")
            check(sorted(os.listdir(full)) == ["day"], f"full folder: nothing left: {os.listdir(full)}")
        finally:
            umount(full)
    else:
        print("SKIP: full folder (tmpfs cannot be mounted here)")

    # 3. a conversion that fails after the checks
    bad = templates_with(d, "bad", '<img src="file:///etc/hostname">')
    p = letter(src, os.path.join(d, "bad.pdf"), "--registry", reg, "--templates", bad)
    check(p.returncode == 1, f"conversion failure: exit 1 ({p.returncode}: {p.stderr})")
    check(entries(reg) == [], f"conversion failure: no number taken: {entries(reg)}")
    check(not os.path.exists(os.path.join(d, "bad.pdf")), "conversion failure: no PDF")
    p = letter(write_letter(d, "cv-b"), os.path.join(d, "b.pdf"), "--registry", reg)
    check(p.returncode == 0 and p.stdout.startswith("01/SYT-VP"),
          f"the next letter gets 01, no number skipped: {p.stdout} {p.stderr}")

    # 4. no network
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/gif")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    net = templates_with(d, "net", f'<img src="{url}/anh.gif"><link rel="stylesheet" href="{url}/k.css">')
    p = letter(src, os.path.join(d, "net.pdf"), "--draft", "--templates", net)
    server.shutdown()
    check(hits == [], f"network: the server saw no request: {hits}")
    check(p.returncode == 1 and "qua mạng" in p.stderr, f"network: refused with a message: {p.stderr}")
    check(not os.path.exists(os.path.join(d, "net.pdf")), "network: no PDF")

    # 5. permissions
    def mode(path):
        return stat.S_IMODE(os.stat(path).st_mode)

    for name, umask, changes, want in (("thuong-022", 0o022, {}, 0o644),
                                       ("thuong-077", 0o077, {}, 0o600),
                                       ("mat-022", 0o022, {"type": "bao-cao", "secrecy": "mat",
                                                           "kinh_gui": []}, 0o600)):
        out = os.path.join(d, name + ".pdf")
        p = letter(write_letter(d, name, **changes), out, "--draft", "--html", out + ".html", umask=umask)
        check(p.returncode == 0, f"permissions {name}: exit 0 ({p.stderr})")
        if p.returncode == 0:
            check(mode(out) == want, f"permissions {name}: PDF {oct(mode(out))}, want {oct(want)}")
            check(mode(out + ".html") == want,
                  f"permissions {name}: HTML {oct(mode(out + '.html'))}, want {oct(want)}")

    # 6. the registry on a read-only mount can be listed
    arch = os.path.join(d, "arch")
    if mount(arch, "size=4m"):
        try:
            shutil.copy(reg, os.path.join(arch, "so.db"))
            subprocess.run(["mount", "-o", "remount,ro", arch], check=True)
            p = subprocess.run([VANBAN, "registry", "--registry", os.path.join(arch, "so.db"), "list"],
                               capture_output=True, text=True)
            check(p.returncode == 0 and "01/SYT-VP" in p.stdout,
                  f"read-only registry: listed ({p.returncode}: {p.stdout} {p.stderr})")
            p = letter(write_letter(d, "cv-c"), os.path.join(d, "c.pdf"), "--registry",
                       os.path.join(arch, "so.db"))
            check(p.returncode == 1 and "chỉ đọc" in p.stderr,
                  f"read-only registry: numbering refused with 'chỉ đọc': {p.stderr}")
        finally:
            umount(arch)
    else:
        print("SKIP: read-only registry (tmpfs cannot be mounted here)")

finish()
