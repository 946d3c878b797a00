"""The batch's ky_so with "tsa": every letter of a small year job signed by the agency and
time-stamped (PAdES B-T) by a real local RFC 3161 authority (tsa_server.py). Each reply verifies
with `openssl ts -verify` against the query the TSA got, each token stamps the signature value of
exactly one letter, pdfsig finds every signature valid, `vanban verify` prints each token's time.
A TSA that cannot be reached fails the letters (nothing signed is written), and the rerun with the
TSA back signs them under the numbers kept.

usage: check_batch_tsa.py VANBAN SRC
"""
import glob
import hashlib
import os
import re
import socket

from batch_job import batch, pdfs, small_job
from pki import (AGENCY_SUBJECT, PASSWORD, SRC, VANBAN, Pki, byte_range, check, finish, must,
                 pdfsig, run, start_tsa, workdir)

d = workdir()
pki = Pki(d)
agency = pki.issue("agency", AGENCY_SUBJECT)
pki.issue("tsa", "/CN=Máy chủ dấu thời gian thử nghiệm/O=vanban/C=VN", ext="tsa")
nss = pki.nss()
root = f"{d}/root.pem"
ENV = {"SO_NOI_VU_P12": PASSWORD}
seal = f"{SRC}/samples/letters/images/con-dau.png"


def ky_so(url):
    return {"key": agency, "secret_env": "SO_NOI_VU_P12", "seal": seal, "tsa": url}


# ---- the TSA down: the letters fail, no file, the numbers kept for the rerun -----------------
s = socket.socket()
s.bind(("127.0.0.1", 0))
closed = s.getsockname()[1]
s.close()
out = f"{d}/out"
r = batch(small_job(d, "down", ky_so(f"http://127.0.0.1:{closed}/tsa")), out, ENV)
check(r.returncode != 0 and "không kết nối được" in r.stdout + r.stderr,
      f"TSA down: the batch reports it: {r.returncode} {r.stdout}{r.stderr}")
check(not pdfs(out), f"TSA down: no letter written: {pdfs(out)}")

# ---- the TSA up: three letters signed and time-stamped ------------------------------------
url = start_tsa(d, "ok")
r = batch(small_job(d, "up", ky_so(url)), out, ENV)
check(r.returncode == 0 and "Ký số: 3 văn bản" in r.stdout, f"batch with tsa: {r.stdout}{r.stderr}")
files = pdfs(out)
check(len(files) == 3, f"2 result letters and the thông báo: {files}")
queries = sorted(glob.glob(f"{d}/q-*.tsq"))
check(len(queries) == 3, f"the TSA was asked once per letter: {queries}")
tokens = []
for q in queries:
    reply = q.replace("/q-", "/r-").replace(".tsq", ".tsr")
    v = run(["openssl", "ts", "-verify", "-in", reply, "-queryfile", q, "-CAfile", root,
             "-untrusted", f"{d}/tsa.pem"])
    check(v.returncode == 0 and "Verification: OK" in v.stdout,
          f"openssl ts -verify {reply}: {v.stdout}{v.stderr}")
    tok = reply + ".token"
    must(["openssl", "ts", "-reply", "-in", reply, "-token_out", "-out", tok])
    tokens.append(tok)

for p in files:
    sigs, res = pdfsig(nss, p)
    check(len(sigs) == 1 and sigs[0].get("Signature Validation") == "Signature is Valid."
          and sigs[0].get("Certificate Validation") == "Certificate is Trusted."
          and "Total document signed" in sigs[0]["raw"], f"pdfsig {p}: {res.stdout}{res.stderr}")
    v = run([VANBAN, "verify", p, "--ca", root])
    check(v.returncode == 0 and "Dấu thời gian (RFC 3161): " in v.stdout
          and "Máy chủ dấu thời gian thử nghiệm" in v.stdout, f"vanban verify {p}: {v.stdout}{v.stderr}")
    # The token inside this letter's CMS stamps this letter's signature value (openssl ts).
    data, (a, b, c, _) = byte_range(p)
    der = bytes.fromhex(data[a + b + 1:c - 1].decode())
    mine = [t for t in tokens if open(t, "rb").read() in der]
    check(len(mine) == 1, f"exactly one TSA token inside {p}: {mine}")
    cms = f"{p}.cms.der"
    with open(cms, "wb") as f:
        f.write(der)
    parsed = run(["openssl", "asn1parse", "-inform", "DER", "-in", cms]).stdout
    m = re.search(r"l= *256 prim: OCTET STRING\s+\[HEX DUMP\]:([0-9A-F]+)", parsed)
    if m and mine:
        digest = hashlib.sha256(bytes.fromhex(m.group(1))).hexdigest()
        v = run(["openssl", "ts", "-verify", "-digest", digest, "-in", mine[0], "-token_in",
                 "-CAfile", root, "-untrusted", f"{d}/tsa.pem"])
        check(v.returncode == 0 and "Verification: OK" in v.stdout,
              f"the token in {os.path.basename(p)} stamps its signature value: {v.stdout}{v.stderr}")
    else:
        check(False, f"the signature value of {p} found by openssl asn1parse")
finish()
