"""A real RFC 3161 time-stamp authority for the tests: a small http.server that answers
`application/timestamp-query` POSTs by running `openssl ts -reply` with the test PKI's TSA
certificate (extendedKeyUsage critical timeStamping). Every query and reply is kept in the state
folder (q-N.tsq, r-N.tsr) so the test can check them with `openssl ts -verify`.

usage: tsa_server.py STATE_DIR MODE     (MODE: ok | garbage | error); prints the port, then serves
"""
import http.server
import os
import subprocess
import sys

STATE, MODE = sys.argv[1], sys.argv[2]
CONF = f"""
[tsa]
default_tsa = tsa_config
[tsa_config]
dir = {STATE}
serial = {STATE}/tsaserial
signer_cert = {STATE}/tsa.pem
certs = {STATE}/root.pem
signer_key = {STATE}/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


class Handler(http.server.BaseHTTPRequestHandler):
    count = 0

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if MODE == "garbage":
            return self.reply(200, b"<html>not a time-stamp</html>", "text/html")
        if MODE == "error" or self.headers.get("Content-Type") != "application/timestamp-query":
            return self.reply(500, b"error", "text/plain")
        Handler.count += 1
        q, r = f"{STATE}/q-{Handler.count}.tsq", f"{STATE}/r-{Handler.count}.tsr"
        with open(q, "wb") as f:
            f.write(body)
        p = subprocess.run(["openssl", "ts", "-reply", "-config", f"{STATE}/tsa.cnf", "-queryfile",
                            q, "-out", r], capture_output=True)
        if p.returncode != 0:
            return self.reply(500, p.stderr, "text/plain")
        with open(r, "rb") as f:
            self.reply(200, f.read(), "application/timestamp-reply")

    def reply(self, code, data, ctype):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


with open(f"{STATE}/tsa.cnf", "w") as f:
    f.write(CONF)
with open(f"{STATE}/tsaserial", "w") as f:
    f.write("01\n")
server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
