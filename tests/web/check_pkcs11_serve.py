"""`vanban serve --sign-key pkcs11:…` with a real token: SoftHSM2 (private SOFTHSM2_CONF and token
folder, tests/sign/pki.py) holding the agency's key and certificate. Letters issued through the
web (one, then three clerks at once on the one token session) each get an agency-signed PDF that
poppler's pdfsig finds valid and trusted, signed by the token's certificate, with the issued
number in its text. A wrong PIN (VANBAN_PIN) stops the server before it listens: exit 1 and a
Vietnamese message naming the token; no data folder content is served.

Usage: check_pkcs11_serve.py VANBAN SOURCE_DIR"""

import os
import re
import subprocess
import sys
import threading

from web_server import Client, Server, check, exit_status, new_approved_draft, sample_letter

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sign"))
import pki  # noqa: E402

URI = "pkcs11:token=So%20Y%20te;object=agency"


class TokenServer(Server):
    """`vanban serve` signing with the SoftHSM2 token; the PIN and the token's configuration only
    in the server's environment."""

    def __init__(self, vanban, source, token_env):
        self.token_env = token_env
        super().__init__(vanban, source)

    def start(self):
        saved = {k: os.environ.get(k) for k in self.token_env}
        os.environ.update(self.token_env)
        try:
            self.extra_args = ["--sign-key", URI, "--pkcs11-module", pki.MODULE]
            super().start()
        finally:
            for k, v in saved.items():
                if v is None:
                    del os.environ[k]
                else:
                    os.environ[k] = v


def signed_ok(c, d, nss, work, what):
    status, _, page = c.get(f"/letters/{d}")
    m = re.search(rb'id="so-ky-hieu">([^<]+)<', page)
    so = m.group(1).decode() if m else "?"
    check(b'id="download-signed"' in page, f"{what}: the page links the signed PDF")
    status, headers, signed = c.get(f"/letters/{d}/signed.pdf")
    check(status == 200 and signed.startswith(b"%PDF"), f"{what}: signed.pdf {status}")
    path = os.path.join(work, f"signed-{d}.pdf")
    with open(path, "wb") as f:
        f.write(signed)
    sigs, r = pki.pdfsig(nss, path)
    check(len(sigs) == 1, f"{what}: one signature: {r.stdout}{r.stderr}")
    if sigs:
        s = sigs[0]
        check(s.get("Signature Validation") == "Signature is Valid.", f"{what}: {s['raw']}")
        check(s.get("Certificate Validation") == "Certificate is Trusted.", f"{what}: {s['raw']}")
        check("Sở Y tế tỉnh Đồng Nai" in s.get("Signer Certificate Common Name", ""),
              f"{what}: the token's certificate signed: {s['raw']}")
    txt = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True,
                         text=True).stdout
    check(so != "?" and so in txt, f"{what}: signed PDF prints {so}")
    status, _, unsigned = c.get(f"/letters/{d}/pdf")
    check(signed.startswith(unsigned) and len(signed) > len(unsigned),
          f"{what}: the signature is an incremental update of the issued PDF")
    return so


def main():
    vanban, source = sys.argv[1], sys.argv[2]
    work = pki.workdir()
    ca = pki.Pki(work)
    ca.issue("agency", pki.AGENCY_SUBJECT)
    nss = ca.nss()
    token = pki.softhsm_token(work)

    # A wrong PIN stops the start: exit 1, a Vietnamese message naming the token, no listening.
    data = os.path.join(work, "sai-pin")
    env = dict(os.environ, **token, VANBAN_PIN="000000")
    r = subprocess.run([vanban, "serve", "--listen", "127.0.0.1:0", "--data", data,
                        "--sign-key", URI, "--pkcs11-module", pki.MODULE],
                       capture_output=True, text=True, env=env, timeout=60)
    check(r.returncode == 1, f"wrong PIN: exit {r.returncode}: {r.stderr}")
    check("Sai mã PIN" in r.stderr and "So Y te" in r.stderr, f"wrong PIN: message: {r.stderr}")
    check("đang phục vụ" not in r.stdout, f"wrong PIN: the server listened: {r.stdout}")
    # No PIN at all: also refused before listening.
    env.pop("VANBAN_PIN")
    # (a session of its own: no terminal to ask on)
    r = subprocess.run([vanban, "serve", "--listen", "127.0.0.1:0", "--data", data,
                        "--sign-key", URI, "--pkcs11-module", pki.MODULE],
                       capture_output=True, text=True, env=env, timeout=60, start_new_session=True,
                       stdin=subprocess.DEVNULL)
    check(r.returncode == 1 and "VANBAN_PIN" in r.stderr, f"no PIN: {r.returncode} {r.stderr}")

    server = TokenServer(vanban, source, {**token, "VANBAN_PIN": pki.PIN})
    try:
        users = {"cv": "chuyen-vien", "ld": "lanh-dao", "vt": "van-thu", "vt2": "van-thu",
                 "vt3": "van-thu"}
        c = {}
        for name, role in users.items():
            server.add_user(name, role)
            c[name] = Client(server)
            status, _ = c[name].login(name)
            check(status == 303, f"login {name}: {status}")

        d = new_approved_draft(c["cv"], c["ld"], sample_letter(source, trich_yeu="ký bằng token"))
        status, _, body = c["vt"].post(f"/letters/{d}/issue")
        check(status == 303, f"issue: {status} {body[:300]}")
        first = signed_ok(c["vt"], d, nss, work, "one letter")

        # Three clerks issue at once: the token is used by several requests together.
        drafts = [new_approved_draft(c["cv"], c["ld"], sample_letter(source, trich_yeu=f"ký {i}"))
                  for i in range(3)]
        results = {}

        def issue(who, draft):
            results[draft] = c[who].post(f"/letters/{draft}/issue")[0]

        threads = [threading.Thread(target=issue, args=(who, draft))
                   for who, draft in zip(("vt", "vt2", "vt3"), drafts)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        numbers = {first}
        for draft in drafts:
            check(results.get(draft) == 303, f"concurrent issue {draft}: {results.get(draft)}")
            numbers.add(signed_ok(c["ld"], draft, nss, work, f"concurrent letter {draft}"))
        check(len(numbers) == 4, f"four distinct numbers: {numbers}")
    finally:
        server.stop()
        server.cleanup()
    return exit_status("pkcs11 serve: all checks passed")


if __name__ == "__main__":
    sys.exit(main())
