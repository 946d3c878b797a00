"""PAdES B-T (`vanban sign --tsa URL`) against a real local time-stamp authority
(tsa_server.py: `openssl ts -reply` with the test PKI's TSA certificate). The token is checked
by `openssl ts -verify` against the query and against the signature value read from the PDF;
pdfsig still finds the signature valid; `vanban verify` prints the token's time. A TSA that is
unreachable, answers garbage or an HTTP error: a Vietnamese error, nothing written.

usage: check_tsa.py VANBAN SRC
"""
import datetime
import hashlib
import os
import re
import socket

from pki import (AGENCY_SUBJECT, PASSWORD, SRC, Pki, VANBAN, byte_range, check, finish, letter_pdf, must, pdfsig,
                 run, sign, start_tsa, workdir)

d = workdir()
pki = Pki(d)
agency = pki.issue("agency", AGENCY_SUBJECT)
pki.issue("tsa", "/CN=Máy chủ dấu thời gian thử nghiệm/O=vanban/C=VN", ext="tsa")
nss = pki.nss()
root = f"{d}/root.pem"


def tsa(mode):
    return start_tsa(d, mode)


url = tsa("ok")
letter = letter_pdf(d)
out = f"{d}/bt.pdf"
r = sign(letter, out, "co-quan", agency, ["--tsa", url])
check(r.returncode == 0, f"sign --tsa: {r.stdout}{r.stderr}")

sigs, p = pdfsig(nss, out)
check(len(sigs) == 1 and sigs[0].get("Signature Validation") == "Signature is Valid."
      and sigs[0].get("Certificate Validation") == "Certificate is Trusted."
      and "Total document signed" in sigs[0]["raw"], f"pdfsig: {p.stdout}{p.stderr}")

# The TSA's answer verifies against the query it got (openssl ts, independent of vanban).
tsa_certs = ["-CAfile", root, "-untrusted", f"{d}/tsa.pem"]
v = run(["openssl", "ts", "-verify", "-in", f"{d}/r-1.tsr", "-queryfile", f"{d}/q-1.tsq",
         *tsa_certs])
check(v.returncode == 0 and "Verification: OK" in v.stdout, f"openssl ts -verify: {v.stdout}{v.stderr}")
check(not os.path.exists(f"{d}/q-2.tsq"), "the TSA was asked once")

# The token is in the PDF's CMS and stamps SHA-256 of the signature value.
must(["openssl", "ts", "-reply", "-in", f"{d}/r-1.tsr", "-token_out", "-out", f"{d}/token.der"])
token = open(f"{d}/token.der", "rb").read()
data, (a, b, c, l) = byte_range(out)
der = bytes.fromhex(data[a + b + 1:c - 1].decode())
check(token in der, "the token from the TSA is inside the signature's CMS")
with open(f"{d}/cms.der", "wb") as f:
    f.write(der)
parsed = run(["openssl", "asn1parse", "-inform", "DER", "-in", f"{d}/cms.der"]).stdout
m = re.search(r"l= *256 prim: OCTET STRING\s+\[HEX DUMP\]:([0-9A-F]+)", parsed)
check(m is not None, "the signature value found by openssl asn1parse")
if m:
    digest = hashlib.sha256(bytes.fromhex(m.group(1))).hexdigest()
    v = run(["openssl", "ts", "-verify", "-digest", digest, "-in", f"{d}/token.der", "-token_in",
             *tsa_certs])
    check(v.returncode == 0 and "Verification: OK" in v.stdout,
          f"the token stamps the signature value: {v.stdout}{v.stderr}")
check("1.2.840.113549.1.9.16.2.14" in parsed or "id-smime-aa-timeStampToken" in parsed,
      "the unsigned attribute id-aa-signatureTimeStampToken")

# vanban verify prints the token's time (Vietnam time) as openssl reads it.
text = run(["openssl", "ts", "-reply", "-in", f"{d}/r-1.tsr", "-text"]).stdout
m = re.search(r"Time stamp: (\w+ +\d+ \d+:\d+:\d+ \d+) GMT", text)
check(m is not None, f"openssl ts -text: {text}")
v = run([VANBAN, "verify", out, "--ca", root])
check(v.returncode == 0, f"vanban verify: {v.stdout}{v.stderr}")
if m:
    t = datetime.datetime.strptime(re.sub(" +", " ", m.group(1)), "%b %d %H:%M:%S %Y")
    want = (t + datetime.timedelta(hours=7)).strftime("%Y-%m-%dT%H:%M:%S+07:00")
    check(f"Dấu thời gian (RFC 3161): {want}" in v.stdout, f"verify shows {want}: {v.stdout}")
check("Máy chủ dấu thời gian thử nghiệm" in v.stdout, f"verify names the TSA: {v.stdout}")


def refused(what, url, words):
    bad = f"{d}/bad-{len(os.listdir(d))}.pdf"
    r = sign(letter, bad, "co-quan", agency, ["--tsa", url])
    check(r.returncode == 1, f"{what}: exit 1: {r.returncode} {r.stderr}")
    for w in words:
        check(w in r.stderr, f"{what}: says '{w}': {r.stderr}")
    check(not os.path.exists(bad), f"{what}: nothing written")


s = socket.socket()
s.bind(("127.0.0.1", 0))
closed = s.getsockname()[1]
s.close()
refused("TSA unreachable", f"http://127.0.0.1:{closed}/tsa", ["không kết nối được", str(closed)])
refused("TSA answers garbage", tsa("garbage"), ["không phải phản hồi dấu thời gian RFC 3161"])
refused("TSA answers an error", tsa("error"), ["mã HTTP 500"])
refused("not an http URL", "ftp://127.0.0.1/tsa", ["http://"])

# vanban letter --sign-as: signing is the finishing step of LetterMaker::make, between producing
# and committing. A signing failure (here the TSA) leaves no file and gives the number back: the
# register lists nothing, and the same letter signed afterwards takes the number and is issued.
reg = f"{d}/so.db"
sample = f"{SRC}/samples/letters/syt-ban-dien-tu-cchc-2024.json"
issued = f"{d}/issued.pdf"


def letter(tsa_url):
    return run([VANBAN, "letter", sample, "--org", f"{SRC}/samples/dong-nai/org.json",
                "--registry", reg, "-o", issued, "--sign-as", "co-quan", "--key", agency,
                "--sign-tsa", tsa_url], env={"VANBAN_KEY_PASSWORD": PASSWORD})


def listed():
    return run([VANBAN, "registry", "--registry", reg, "list"]).stdout


r = letter(f"http://127.0.0.1:{closed}/tsa")
check(r.returncode == 1 and "không kết nối được" in r.stderr, f"letter, TSA down: {r.stderr}")
check(not os.path.exists(issued), "letter, TSA down: nothing written")
check("2417" not in listed(), f"letter, TSA down: the number given back: {listed()}")
r = letter(url)
check(r.returncode == 0 and r.stdout.startswith("2417/"), f"letter signed: {r.stdout}{r.stderr}")
check("2417" in listed() and pdfsig(nss, issued)[0], f"letter signed and registered: {listed()}")
finish()
