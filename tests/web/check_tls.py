"""`vanban serve --tls-cert F --tls-key F` serves HTTPS (cpp-httplib's SSLServer on OpenSSL): a
test certificate for 127.0.0.1 is made with the openssl command, the server is started with it,
and Python's ssl module (verifying the certificate against that CA file and the host name) logs
in: pages come over TLS, the session cookie carries Secure, HttpOnly and SameSite=Strict, and a
plain-HTTP request to the TLS port gets no page. A key that does not match its certificate
stops the server with a Vietnamese message and exit status 1.

Usage: check_tls.py VANBAN SOURCE_DIR"""

import http.client
import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse

from web_server import PASSWORD, check, exit_status

def make_cert(folder, name):
    cert, key = os.path.join(folder, name + ".pem"), os.path.join(folder, name + "-key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=vanban thu nghiem", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    return cert, key


def start(vanban, data, cert, key):
    log = open(os.path.join(data, "serve.log"), "a")
    proc = subprocess.Popen([vanban, "serve", "--listen", "127.0.0.1:0", "--data", data,
                             "--tls-cert", cert, "--tls-key", key],
                            stdout=subprocess.PIPE, stderr=log, text=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        m = re.search(r"đang phục vụ tại (https?)://([\d.]+):(\d+)/", line)
        if m:
            return proc, log, m.group(1), int(m.group(3))
    proc.kill()
    proc.wait()
    log.close()
    raise RuntimeError("vanban serve --tls-cert did not start: see " + log.name)


def main():
    vanban, source = sys.argv[1], sys.argv[2]
    data = tempfile.mkdtemp(prefix="vanban-web-tls-")
    shutil.copy(os.path.join(source, "samples", "dong-nai", "org.json"), data)
    cert, key = make_cert(data, "may-chu")
    _, other_key = make_cert(data, "khac")
    env = dict(os.environ, VANBAN_PASSWORD=PASSWORD)
    subprocess.run([vanban, "user", "add", "an", "--role", "chuyen-vien", "--data", data],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    proc = None
    try:
        # A key that is not the certificate's: refused at start, in Vietnamese, exit 1.
        bad = subprocess.run([vanban, "serve", "--listen", "127.0.0.1:0", "--data", data,
                              "--tls-cert", cert, "--tls-key", other_key],
                             capture_output=True, text=True, timeout=60)
        check(bad.returncode == 1 and "TLS" in bad.stderr and "không đọc được" in bad.stderr,
              f"mismatched key: exit {bad.returncode}, {bad.stderr.strip()}")

        proc, log, scheme, port = start(vanban, data, cert, key)
        check(scheme == "https", f"the server announces {scheme}")
        ctx = ssl.create_default_context(cafile=cert)  # verifies the chain and 127.0.0.1

        def request(method, path, body=None, headers=None):
            conn = http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=60)
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            out = r.status, r.getheaders(), r.read(), conn.sock.version()
            conn.close()
            return out

        status, headers, body, version = request("GET", "/login")
        check(status == 200 and "Đăng nhập".encode() in body, f"login page over TLS: {status}")
        check(version in ("TLSv1.2", "TLSv1.3"), f"TLS version {version}")
        cookies = [v for k, v in headers if k.lower() == "set-cookie"]
        login_cookie = next(c for c in cookies if "login" in c)
        check("Secure" in login_cookie, f"login cookie is Secure under TLS: {login_cookie}")
        token = re.search(rb'name="login_token" value="([0-9a-f]+)"', body).group(1).decode()
        form = urllib.parse.urlencode({"name": "an", "password": PASSWORD, "login_token": token})
        status, headers, _, _ = request(
            "POST", "/login", form,
            {"Content-Type": "application/x-www-form-urlencoded",
             "Cookie": login_cookie.split(";")[0]})
        check(status == 303, f"login over TLS: {status}")
        session = next((v for k, v in headers if k.lower() == "set-cookie"
                        and v.startswith("vanban_session=")), "")
        flags = [f.strip() for f in session.split(";")]
        for flag in ("Secure", "HttpOnly", "SameSite=Strict"):
            check(flag in flags, f"session cookie has {flag}: {session}")
        status, _, body, _ = request("GET", "/letters", headers={"Cookie": flags[0]})
        check(status == 200 and "Văn bản".encode() in body, f"a logged-in page over TLS: {status}")

        # Plain HTTP to the TLS port: no page is served.
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
            conn.request("GET", "/login")
            plain = conn.getresponse().status
        except (http.client.HTTPException, OSError) as e:
            plain = type(e).__name__
        check(plain != 200, f"plain HTTP on the TLS port: {plain}")
        # A client that does not trust the certificate is refused by its own check.
        try:
            conn = http.client.HTTPSConnection("127.0.0.1", port,
                                               context=ssl.create_default_context(), timeout=20)
            conn.request("GET", "/login")
            untrusted = conn.getresponse().status
        except ssl.SSLError as e:
            untrusted = "SSLError"
        check(untrusted == "SSLError", f"an unknown certificate is not trusted: {untrusted}")
    finally:
        if proc and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            rc = proc.wait(timeout=60)
            check(rc == 0, f"exit on SIGTERM: {rc}")
            proc.stdout.close()
            log.close()
        shutil.rmtree(data, ignore_errors=True)
    return exit_status("TLS: ok")


if __name__ == "__main__":
    sys.exit(main())
