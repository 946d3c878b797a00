"""An issued letter's downloads: the DOCX (read back with python-docx) and the agency-signed PDF
of `vanban serve --sign-key` (verified with poppler's pdfsig against a throw-away CA in an NSS
database, tests/sign/pki.py). Each download is refused without a session (401), to roles and
users that may not see the letter (403), and issuing without the CSRF token signs nothing. A
server without a key has no signed download and its page says why.

Usage: check_downloads.py VANBAN SOURCE_DIR"""

import io
import os
import re
import subprocess
import sys

import docx

from web_server import Client, Server, check, exit_status, new_approved_draft, sample_letter

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sign"))
import pki  # noqa: E402  (its own check list is not used here)

ROLES = {"cv": "chuyen-vien", "ld": "lanh-dao", "vt": "van-thu", "qt": "quan-tri",
         "sl": "so-lieu", "cv2": "chuyen-vien"}
READERS = {"cv", "ld", "vt"}


class SigningServer(Server):
    """`vanban serve` with the agency's key and seal; the password only in the environment."""

    def __init__(self, vanban, source, key, seal):
        self.key, self.seal = key, seal
        super().__init__(vanban, source)

    def start(self):
        old = os.environ.get("VANBAN_KEY_PASSWORD")
        os.environ["VANBAN_KEY_PASSWORD"] = pki.PASSWORD
        try:
            self.extra_args = ["--sign-key", self.key, "--sign-image", self.seal]
            super().start()
        finally:
            if old is None:
                del os.environ["VANBAN_KEY_PASSWORD"]
            else:
                os.environ["VANBAN_KEY_PASSWORD"] = old


def clients_for(server):
    out = {}
    for name, role in ROLES.items():
        server.add_user(name, role)
        c = Client(server)
        status, _ = c.login(name)
        check(status == 303, f"login {name}: {status}")
        out[name] = c
    return out


def docx_text(data):
    d = docx.Document(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
    return "\n".join(parts)


def main():
    vanban, source = sys.argv[1], sys.argv[2]
    work = pki.workdir()
    ca = pki.Pki(work)
    key = ca.issue("agency", pki.AGENCY_SUBJECT)
    nss = ca.nss()
    seal = os.path.join(source, "samples", "letters", "images", "con-dau.png")

    # A key with the wrong password stops the start (exit 1, message names the key).
    env = dict(os.environ, VANBAN_KEY_PASSWORD="sai-mat-khau")
    r = subprocess.run([vanban, "serve", "--listen", "127.0.0.1:0", "--data", work + "/x",
                        "--sign-key", key], capture_output=True, text=True, env=env, timeout=60)
    check(r.returncode == 1 and "agency.p12" in r.stderr, f"wrong password: {r.returncode} {r.stderr}")

    server = SigningServer(vanban, source, key, seal)
    try:
        c = clients_for(server)
        anon = Client(server)
        trich_yeu = "tải bản ký số và DOCX"
        d = new_approved_draft(c["cv"], c["ld"], sample_letter(source, trich_yeu=trich_yeu))
        files = os.path.join(server.data, "files")

        # Issuing without the CSRF token (or with another session's) signs and numbers nothing.
        for token in ("", c["cv2"].csrf()):
            status, _, _ = c["vt"].request("POST", f"/letters/{d}/issue", {"csrf": token})
            check(status == 403, f"issue with csrf '{token[:6]}': {status}")
        check(not os.path.exists(os.path.join(files, f"d{d}-ky-so.pdf")),
              "a signed file exists before issuing")
        # Before issuing there is nothing to download.
        for suffix in ("docx", "signed.pdf"):
            status, _, _ = c["vt"].get(f"/letters/{d}/{suffix}")
            check(status == 404, f"{suffix} before issue: {status}")

        status, _, body = c["vt"].post(f"/letters/{d}/issue")
        check(status == 303, f"issue: {status} {body[:300]}")
        status, _, page = c["vt"].get(f"/letters/{d}")
        m = re.search(rb'id="so-ky-hieu">([^<]+)<', page)
        so = m.group(1).decode() if m else "?"
        check(b'id="download-signed"' in page and b'id="download-docx"' in page,
              "issued page links the signed PDF and the DOCX")
        check(b'id="signed-absent"' not in page, "issued page says the signed PDF is absent")

        for suffix in ("docx", "signed.pdf"):
            path = f"/letters/{d}/{suffix}"
            status, _, _ = anon.get(path)
            check(status == 401, f"anon GET {path}: {status}")
            for who in ("qt", "sl", "cv2"):  # wrong role; a drafter who is not the owner
                status, _, _ = c[who].get(path)
                check(status == 403, f"{who} GET {path}: {status}")
            for who in sorted(READERS):
                status, headers, data = c[who].get(path)
                check(status == 200, f"{who} GET {path}: {status}")
        check(not os.path.exists(os.path.join(files, f"d{d}-ky-so.pdf.tmp")), "temporary left")

        # DOCX: python-docx reads it; the number and the text are in it.
        status, headers, data = c["vt"].get(f"/letters/{d}/docx")
        check("wordprocessingml" in headers.get("Content-Type", ""), f"docx type: {headers}")
        check(".docx" in headers.get("Content-Disposition", ""), f"docx name: {headers}")
        text = docx_text(data)
        number = so.split("/")[0]
        check(re.search(r"Số:\s*" + re.escape(so), text) is not None or
              (("Số: " + number) in text and so.split("/", 1)[1] in text),
              f"DOCX shows the number {so}: {text[:400]!r}")
        check(trich_yeu in text, f"DOCX has the trích yếu: {text[:400]!r}")

        # Signed PDF: pdfsig (poppler + NSS, independent of vanban) says valid and trusted;
        # the number is in the text; the unsigned PDF is a prefix (incremental update).
        status, headers, signed = c["ld"].get(f"/letters/{d}/signed.pdf")
        check(signed.startswith(b"%PDF"), "signed download is a PDF")
        path = os.path.join(work, "signed.pdf")
        with open(path, "wb") as f:
            f.write(signed)
        sigs, r = pki.pdfsig(nss, path)
        check(len(sigs) == 1, f"one signature: {r.stdout}")
        if sigs:
            s = sigs[0]
            check(s.get("Signature Validation") == "Signature is Valid.", f"pdfsig: {s['raw']}")
            check(s.get("Certificate Validation") == "Certificate is Trusted.", f"pdfsig: {s['raw']}")
            check("Sở Y tế" in s.get("Signer full Distinguished Name", s["raw"]), s["raw"])
            check("ETSI.CAdES.detached" in s["raw"], f"PAdES subfilter: {s['raw']}")
        txt = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True,
                             text=True).stdout
        check(so in txt, f"signed PDF prints {so}")
        status, _, unsigned = c["ld"].get(f"/letters/{d}/pdf")
        check(signed.startswith(unsigned) and len(signed) > len(unsigned),
              "the signature is an incremental update of the issued PDF")
        images = subprocess.run(["pdfimages", "-list", path], capture_output=True, text=True).stdout
        check(len(images.strip().splitlines()) > 2, f"the seal image is drawn: {images}")
    finally:
        server.stop()
        server.cleanup()

    # Without a key: the page says why and the signed download is absent (404); DOCX still there.
    plain = Server(vanban, source)
    try:
        c = clients_for(plain)
        d = new_approved_draft(c["cv"], c["ld"], sample_letter(source))
        status, _, _ = c["vt"].post(f"/letters/{d}/issue")
        check(status == 303, f"issue without key: {status}")
        status, _, page = c["vt"].get(f"/letters/{d}")
        check(b'id="download-signed"' not in page, "no signed link without a key")
        check("--sign-key".encode() in page and b'id="signed-absent"' in page,
              "page says the server has no signing key")
        status, _, body = c["vt"].get(f"/letters/{d}/signed.pdf")
        check(status == 404 and "--sign-key".encode() in body, f"signed without key: {status}")
        status, _, _ = c["vt"].get(f"/letters/{d}/docx")
        check(status == 200, f"docx without key: {status}")
    finally:
        plain.stop()
        plain.cleanup()
    return exit_status("downloads: all checks passed")


if __name__ == "__main__":
    sys.exit(main())
