"""vanban sign refuses bad input with a clear Vietnamese message, exit 1, and writes nothing:
wrong password, expired and not-yet-valid certificates, a certificate without the
digitalSignature key usage, an encrypted PDF, a broken PDF, a missing image.

usage: check_bad_input.py VANBAN SRC
"""
import os

from pki import LEADER_SUBJECT, Pki, check, finish, letter_pdf, must, sign, workdir

d = workdir()
pki = Pki(d)
good = pki.issue("leader", LEADER_SUBJECT)
expired = pki.issue("expired", "/CN=Hết hạn", start="20200101000000Z", end="20210101000000Z")
future = pki.issue("future", "/CN=Chưa hiệu lực", start="20400101000000Z", end="20410101000000Z")
nods = pki.issue("nods", "/CN=Không ký số", ext="nods")
letter = letter_pdf(d)

encrypted = f"{d}/encrypted.pdf"
must(["qpdf", "--encrypt", "u", "o", "256", "--", letter, encrypted])
broken = f"{d}/broken.pdf"
data = open(letter, "rb").read()
open(broken, "wb").write(data[: len(data) // 2])


def refused(what, src, key, words, extra=(), env=None, role="nguoi-ky"):
    out = f"{d}/out-{len(os.listdir(d))}.pdf"
    r = sign(src, out, role, key, extra, env)
    check(r.returncode == 1, f"{what}: exit 1 (got {r.returncode}): {r.stderr}")
    for w in words:
        check(w in r.stderr, f"{what}: message says '{w}': {r.stderr}")
    check(not os.path.exists(out), f"{what}: nothing written")
    leftovers = [f for f in os.listdir(d) if ".tmp" in f]
    check(not leftovers, f"{what}: no temporary file left: {leftovers}")


refused("wrong password", letter, good, ["Sai mật khẩu", "leader.p12"],
        env={"VANBAN_KEY_PASSWORD": "sai"})
refused("expired", letter, expired, ["đã hết hạn", "Hết hạn"])
refused("not yet valid", letter, future, ["chưa đến thời gian có hiệu lực"])
refused("no digitalSignature", letter, nods, ["digitalSignature"])
refused("encrypted", encrypted, good, ["mã hóa", "encrypted.pdf"])
refused("broken", broken, good, ["bị hỏng", "broken.pdf"])
refused("missing image", letter, good, ["Không đọc được ảnh", "khong-co.png"],
        extra=["--image", f"{d}/khong-co.png"])
refused("image that is not a PNG", letter, good, ["không phải tệp PNG"],
        extra=["--image", letter])
refused("missing key file", letter, f"{d}/khong-co.p12", ["Không mở được tệp khóa"])
# No password anywhere and no terminal: a clear message, no prompt hanging.
out = f"{d}/nopass.pdf"
env = {k: v for k, v in os.environ.items() if k != "VANBAN_KEY_PASSWORD"}
import subprocess
from pki import VANBAN
r = subprocess.run(["setsid", VANBAN, "sign", letter, "-o", out, "--as", "nguoi-ky", "--key", good],
                   capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
check(r.returncode == 1 and "VANBAN_KEY_PASSWORD" in r.stderr and not os.path.exists(out),
      f"no password: {r.stderr}")
# Usage errors exit 2.
r = sign(letter, f"{d}/x.pdf", "lanh-dao", good)
check(r.returncode == 2 and "nguoi-ky hoặc co-quan" in r.stderr, f"bad --as: {r.stderr}")


def usage(what, role, extra, words):
    out = f"{d}/usage-{len(os.listdir(d))}.pdf"
    r = sign(letter, out, role, good, extra)
    check(r.returncode == 2, f"{what}: exit 2 (got {r.returncode}): {r.stderr}")
    for w in words:
        check(w in r.stderr, f"{what}: message says '{w}': {r.stderr}")
    check(not os.path.exists(out), f"{what}: nothing written")


SEAL = f"{os.path.dirname(os.path.abspath(__file__))}/../../samples/letters/images/con-dau.png"
usage("--scanned without a seal", "co-quan", ["--scanned"], ["--scanned cần ảnh dấu", "--image"])
usage("--scanned as the person", "nguoi-ky", ["--scanned", "--image", SEAL],
      ["--scanned chỉ dùng với --as co-quan"])
usage("--scanned with --attachment", "co-quan", ["--scanned", "--attachment", "05/SYT-VP"],
      ["--scanned và --attachment không dùng cùng nhau"])
usage("--attachment with a seal", "co-quan", ["--attachment", "05/SYT-VP", "--image", SEAL],
      ["--attachment không dùng ảnh"])
usage("--attachment as the person", "nguoi-ky", ["--attachment", "05/SYT-VP"],
      ["--attachment chỉ dùng với --as co-quan"])
usage("empty --attachment", "co-quan", ["--attachment", ""], ["--attachment cần số và ký hiệu"])
# A name the embedded font (Liberation Serif) cannot draw: refused, not drawn as boxes.
refused("agency name outside the font", letter, good, ["Liberation Serif", "U+4E2D"],
        extra=["--scanned", "--image", SEAL, "--agency", "Sở Y tế 中"], role="co-quan")
finish()
