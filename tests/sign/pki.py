"""What the signing tests share: a throw-away PKI made with the openssl CLI (a root CA, the
leader's and the agency's certificates, and the bad ones), an NSS database holding the root for
poppler's pdfsig, a letter PDF rendered by vanban, and helpers that read results back with
independent tools (pdfsig, openssl cms, qpdf).

CTest passes the vanban binary and the source folder.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

PASSWORD = "mat-khau-thu"

# The arguments CTest passes, the sample paths and the failure list: shared with the letter
# read-back scripts (tests/letter/letter_checks.py).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "letter"))
from letter_checks import LETTERS, ORG, SRC, VANBAN, check, failures, finish  # noqa: E402,F401


def run(cmd, env=None, **kw):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run(cmd, capture_output=True, text=True, env=e, **kw)


def must(cmd, **kw):
    r = run(cmd, **kw)
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{r.stdout}\n{r.stderr}")
    return r


CA_CONF = """
[ca]
default_ca = test
[test]
dir = {d}
database = {d}/index.txt
new_certs_dir = {d}/newcerts
serial = {d}/serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[any]
commonName = supplied
organizationName = optional
localityName = optional
countryName = optional
userId = optional
serialNumber = optional
[leader]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
[nods]
basicConstraints = CA:FALSE
keyUsage = critical, keyEncipherment
[tsa]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = critical, timeStamping
[root]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
"""


class Pki:
    """Root CA and end-entity certificates in `d`, each also as a PKCS#12 file."""

    def __init__(self, d):
        self.d = d
        os.makedirs(f"{d}/newcerts")
        open(f"{d}/index.txt", "w").close()
        with open(f"{d}/serial", "w") as f:
            f.write("1000\n")
        with open(f"{d}/ca.cnf", "w") as f:
            f.write(CA_CONF.format(d=d))
        must(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{d}/root.key",
              "-out", f"{d}/root.pem", "-days", "3650", "-utf8",
              "-subj", "/CN=CA thử nghiệm vanban/O=vanban/C=VN",
              "-addext", "basicConstraints=critical,CA:TRUE",
              "-addext", "keyUsage=critical,keyCertSign,cRLSign"])

    def issue(self, name, subject, ext="leader", start=None, end=None):
        d = self.d
        must(["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{d}/{name}.key",
              "-out", f"{d}/{name}.csr", "-utf8", "-subj", subject])
        dates = ["-startdate", start, "-enddate", end] if start else ["-days", "730"]
        must(["openssl", "ca", "-batch", "-config", f"{d}/ca.cnf", "-cert", f"{d}/root.pem",
              "-keyfile", f"{d}/root.key", "-in", f"{d}/{name}.csr", "-out", f"{d}/{name}.pem",
              "-extensions", ext, "-utf8", "-notext", "-preserveDN", "-subj", subject] + dates)
        must(["openssl", "pkcs12", "-export", "-inkey", f"{d}/{name}.key", "-in", f"{d}/{name}.pem",
              "-certfile", f"{d}/root.pem", "-out", f"{d}/{name}.p12",
              "-passout", f"pass:{PASSWORD}"])
        return f"{d}/{name}.p12"

    def nss(self):
        """An NSS database trusting the root, for pdfsig -nssdir."""
        db = f"{self.d}/nss"
        os.makedirs(db)
        must(["certutil", "-N", "-d", f"sql:{db}", "--empty-password"])
        must(["certutil", "-A", "-d", f"sql:{db}", "-n", "vanban-test-root", "-t", "CT,C,C",
              "-i", f"{self.d}/root.pem"])
        return f"sql:{db}"


LEADER_SUBJECT = "/CN=Lê Quang Trung/O=Sở Y tế tỉnh Đồng Nai/L=Đồng Nai/C=VN/UID=CMND:272345678"
AGENCY_SUBJECT = "/CN=Sở Y tế tỉnh Đồng Nai/O=Sở Y tế tỉnh Đồng Nai/L=Đồng Nai/C=VN/UID=MST:3600259560"


def workdir():
    d = tempfile.mkdtemp(prefix="vanban-sign-")
    if not os.environ.get("VANBAN_TEST_KEEP"):
        import atexit
        atexit.register(shutil.rmtree, d, True)
    else:
        print("keeping", d)
    return d


MODULE = "/usr/lib/softhsm/libsofthsm2.so"
PIN = "246810"


def softhsm_token(d, key_name="agency", label="So Y te"):
    """A SoftHSM2 token in `d`/tokens holding `d`/KEY_NAME.key and its certificate; returns the
    environment (SOFTHSM2_CONF) every process using it needs."""
    os.makedirs(f"{d}/tokens")
    with open(f"{d}/softhsm2.conf", "w") as f:
        f.write(f"directories.tokendir = {d}/tokens\nobjectstore.backend = file\nlog.level = ERROR\n")
    env = {"SOFTHSM2_CONF": f"{d}/softhsm2.conf"}
    must(["softhsm2-util", "--init-token", "--free", "--label", label, "--pin", PIN,
          "--so-pin", "13579111"], env=env)
    must(["softhsm2-util", "--import", f"{d}/{key_name}.key", "--token", label, "--label",
          key_name, "--id", "01", "--pin", PIN], env=env)
    must(["openssl", "x509", "-in", f"{d}/{key_name}.pem", "-outform", "DER", "-out",
          f"{d}/{key_name}.der"])
    must(["pkcs11-tool", "--module", MODULE, "--token-label", label, "--login", "--pin", PIN,
          "--write-object", f"{d}/{key_name}.der", "--type", "cert", "--label", key_name,
          "--id", "01"], env=env)
    return env


def letter_pdf(d, name="letter.pdf", sample="syt-ban-dien-tu-cchc-2024.json", extra=()):
    """A finished letter from vanban itself (qpdf finishing: cross-reference stream)."""
    out = f"{d}/{name}"
    must([VANBAN, "letter", f"{LETTERS}/{sample}", "--org", ORG, "--draft", "-o", out, *extra])
    return out


def sign(src, out, role, key, extra=(), env=None):
    e = {"VANBAN_KEY_PASSWORD": PASSWORD}
    e.update(env or {})
    return run([VANBAN, "sign", src, "-o", out, "--as", role, "--key", key, *extra], env=e)


def pdfsig(nssdir, path):
    """Signature blocks of `pdfsig` as dicts (poppler, independent of vanban)."""
    r = run(["pdfsig", "-nssdir", nssdir, path])
    sigs = []
    for line in r.stdout.splitlines():
        if re.match(r"^Signature #\d+:", line):
            sigs.append({"raw": ""})
        elif sigs:
            sigs[-1]["raw"] += line + "\n"
            m = re.match(r"\s*- (.+?): (.*)$", line)
            if m:
                sigs[-1][m.group(1)] = m.group(2)
            elif line.strip().startswith("- "):
                sigs[-1][line.strip()[2:]] = True
    return sigs, r


def byte_range(path, index=-1):
    data = open(path, "rb").read()
    ranges = re.findall(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data)
    a, b, c, l = map(int, ranges[index])
    return data, (a, b, c, l)


def openssl_cms_verify(path, root, index=-1):
    """`openssl cms -verify` of the bytes the ByteRange names against the CMS in /Contents."""
    data, (a, b, c, l) = byte_range(path, index)
    d = os.path.dirname(path)
    content = data[a:a + b] + data[c:c + l]
    der = bytes.fromhex(data[a + b + 1:c - 1].decode())
    with open(f"{d}/covered.bin", "wb") as f:
        f.write(content)
    with open(f"{d}/sig.der", "wb") as f:
        f.write(der)
    return run(["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", f"{d}/sig.der",
                "-content", f"{d}/covered.bin", "-CAfile", root, "-purpose", "any",
                "-out", "/dev/null"])


def start_tsa(d, mode="ok"):
    """A local RFC 3161 TSA (tsa_server.py) over the PKI in `d` (which has issued "tsa" with
    ext="tsa"); returns its URL. The server is killed when the test ends."""
    import atexit
    p = subprocess.Popen([sys.executable, os.path.join(os.path.dirname(__file__), "tsa_server.py"),
                          d, mode], stdout=subprocess.PIPE, text=True)
    atexit.register(p.kill)
    return f"http://127.0.0.1:{p.stdout.readline().strip()}/tsa"
