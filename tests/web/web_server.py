"""A real `vanban serve` for the web tests: started on a temporary data folder (org.json of the
Đồng Nai samples) on a free port, with users added through `vanban user add`, and a small HTTP
client (http.client) that keeps the session cookie and finds CSRF tokens in pages."""

import http.client
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time
import urllib.parse

PASSWORD = "mat-khau-thu-nghiem"

PSQL = os.path.join(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"), "psql")


def psql(url, sql):
    """One statement through Debian's psql (the PostgreSQL tests read the database itself)."""
    out = subprocess.run([PSQL, "-q", "-At", url, "-c", sql], check=True, capture_output=True,
                         text=True)
    return out.stdout.strip()

# The failed checks of the running test script: every check runs, then the script exits 1 if any
# failed (exit_status()).
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def exit_status(passed_message=None):
    """1 after printing how many checks failed, else 0 (after `passed_message`, if given)."""
    if failures:
        print(f"{len(failures)} failures")
        return 1
    if passed_message:
        print(passed_message)
    return 0


class Server:
    def __init__(self, vanban, source, data=None, extra_args=()):
        self.vanban = vanban
        # Given to `vanban serve` and `vanban user` alike (e.g. --registry postgresql://…).
        self.extra_args = list(extra_args)
        self.source = source
        self.data = data or tempfile.mkdtemp(prefix="vanban-web-test-")
        org = os.path.join(self.data, "org.json")
        if not os.path.exists(org):
            shutil.copy(os.path.join(source, "samples", "dong-nai", "org.json"), org)
        self.admin_password = None
        if not hasattr(self, "extra_args"):
            self.extra_args = []  # more `vanban serve` options (a subclass sets them)
        self.start()

    def start(self):
        self.log = open(os.path.join(self.data, "serve.log"), "a")
        self.proc = subprocess.Popen(
            [self.vanban, "serve", "--listen", "127.0.0.1:0", "--data", self.data,
             *self.extra_args],
            stdout=subprocess.PIPE, stderr=self.log, text=True)
        deadline = time.time() + 60
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("vanban serve stopped: see " + self.log.name)
            m = re.search(r"mật khẩu dùng một lần: (\S+)", line)
            if m:
                self.admin_password = m.group(1)
            m = re.search(r"đang phục vụ tại http://([\d.]+):(\d+)/", line)
            if m:
                self.host, self.port = m.group(1), int(m.group(2))
                self.url = f"http://{self.host}:{self.port}"
                return
        raise RuntimeError("vanban serve did not start in time")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            rc = self.proc.wait(timeout=60)
            assert rc == 0, f"vanban serve exited with {rc} on SIGTERM"
        self.proc.stdout.close()
        self.log.close()

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.proc.stdout.close()
        self.log.close()

    def add_user(self, name, roles, password=PASSWORD):
        env = dict(os.environ, VANBAN_PASSWORD=password)
        subprocess.run([self.vanban, "user", "add", name, "--role", roles, "--data", self.data,
                        "--full-name", "Người " + name, *self.store_args()], env=env, check=True,
                       stdout=subprocess.DEVNULL)

    def store_args(self):
        """The serve options `vanban user` shares (where the users live): --registry only; the
        others (--sign-key, --tls-cert, …) belong to `serve` alone."""
        args = []
        for i, arg in enumerate(self.extra_args[:-1]):
            if arg == "--registry":
                args += [arg, self.extra_args[i + 1]]
        return args

    def db(self, name="vanban-web.db"):
        return sqlite3.connect(os.path.join(self.data, name))

    def cleanup(self):
        if os.environ.get("VANBAN_TEST_KEEP") is None:
            shutil.rmtree(self.data, ignore_errors=True)
        else:
            print("data kept in", self.data)


def multipart(fields, files):
    boundary = "----vanban-test-boundary-7d1"
    out = []
    for k, v in fields.items():
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n')
    for k, (filename, content) in files.items():
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; '
                   f'filename="{filename}"\r\nContent-Type: application/json\r\n\r\n{content}\r\n')
    out.append(f"--{boundary}--\r\n")
    return "".join(out).encode(), "multipart/form-data; boundary=" + boundary


class Client:
    def __init__(self, server):
        self.server = server
        self.cookies = {}

    def request(self, method, path, form=None, files=None, headers=None, timeout=120):
        conn = http.client.HTTPConnection(self.server.host, self.server.port, timeout=timeout)
        h = dict(headers or {})
        body = None
        if files is not None:
            body, ctype = multipart(form or {}, files)
            h["Content-Type"] = ctype
        elif form is not None:
            body = urllib.parse.urlencode(form).encode()
            h["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        data = r.read()
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                value = rest.split(";")[0]
                if "Max-Age=0" in v:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = value
        conn.close()
        return r.status, dict(r.getheaders()), data

    def get(self, path):
        return self.request("GET", path)

    def login(self, name, password=PASSWORD):
        status, _, body = self.get("/login")
        token = re.search(rb'name="login_token" value="([0-9a-f]+)"', body).group(1).decode()
        status, headers, _ = self.request("POST", "/login", {"name": name, "password": password,
                                                              "login_token": token})
        return status, headers

    def csrf(self):
        status, _, body = self.get("/account/password")
        m = re.search(rb'name="csrf" value="([0-9a-f]+)"', body)
        return m.group(1).decode() if m else ""

    def post(self, path, form=None, files=None):
        form = dict(form or {})
        form.setdefault("csrf", self.csrf())
        return self.request("POST", path, form, files)


def sample_letter(source, name="syt-cong-van-khan-2024.json", **changes):
    with open(os.path.join(source, "samples", "letters", name), encoding="utf-8") as f:
        letter = json.load(f)
    letter.update(changes)
    return letter


def new_approved_draft(drafter, leader, letter):
    """A draft made by `drafter` from `letter` (imported as JSON), submitted and approved."""
    status, headers, _ = drafter.post("/letters/new")
    assert status == 303, status
    path = headers["Location"].rsplit("/edit", 1)[0]
    status, _, body = drafter.post(path + "/import", {}, {"letter": ("l.json", json.dumps(letter))})
    assert status == 303, (status, body[:500])
    status, _, body = drafter.post(path + "/submit")
    assert status == 303, (status, body[:800])
    status, _, _ = leader.post(path + "/approve")
    assert status == 303, status
    return int(path.rsplit("/", 1)[1])
