"""The PKCS#11 path with a real token: SoftHSM2 (private SOFTHSM2_CONF, temporary token folder)
holding the agency's key (softhsm2-util --import) and certificate (pkcs11-tool, OpenSC). The
agency signs after the leader's PKCS#12 signature; pdfsig and openssl agree. Wrong PIN, an unknown
object and a PIN inside the URI are refused with nothing written.

usage: check_pkcs11.py VANBAN SRC
"""
import os

from pki import (AGENCY_SUBJECT, LEADER_SUBJECT, MODULE, PIN, Pki, VANBAN, check, finish,
                 letter_pdf, openssl_cms_verify, pdfsig, run, sign, softhsm_token, workdir)


d = workdir()
pki = Pki(d)
leader = pki.issue("leader", LEADER_SUBJECT)
pki.issue("agency", AGENCY_SUBJECT)
nss = pki.nss()
root = f"{d}/root.pem"

env = softhsm_token(d)

letter = letter_pdf(d)
p1 = f"{d}/p1.pdf"
r = sign(letter, p1, "nguoi-ky", leader)
check(r.returncode == 0, f"leader signs with PKCS#12: {r.stderr}")

uri = "pkcs11:token=So%20Y%20te;object=agency"
p2 = f"{d}/p2.pdf"
r = sign(p1, p2, "co-quan", uri, ["--pkcs11-module", MODULE], env={**env, "VANBAN_PIN": PIN})
check(r.returncode == 0, f"agency signs with the SoftHSM2 token: {r.stdout}{r.stderr}")
sigs, out = pdfsig(nss, p2)
check(len(sigs) == 2 and all(s.get("Signature Validation") == "Signature is Valid." for s in sigs),
      f"pdfsig: both signatures valid: {out.stdout}{out.stderr}")
check(len(sigs) == 2 and "Sở Y tế tỉnh Đồng Nai" in sigs[1].get("Signer Certificate Common Name", ""),
      f"pdfsig: the token's certificate signed: {out.stdout}")
check(openssl_cms_verify(p2, root).returncode == 0, "openssl cms -verify of the token's signature")
v = run([VANBAN, "verify", p2, "--ca", root])
check(v.returncode == 0 and "MST: 3600259560" in v.stdout, f"vanban verify: {v.stdout}")

# The module from the environment, the first matching object when none is named.
p3 = f"{d}/p3.pdf"
r = sign(letter, p3, "co-quan", "pkcs11:token=So%20Y%20te",
         env={**env, "VANBAN_PIN": PIN, "VANBAN_PKCS11_MODULE": MODULE})
check(r.returncode == 0, f"module from VANBAN_PKCS11_MODULE: {r.stderr}")


def refused(what, key, pin, words):
    out = f"{d}/bad-{len(os.listdir(d))}.pdf"
    r = sign(p1, out, "co-quan", key, ["--pkcs11-module", MODULE], env={**env, "VANBAN_PIN": pin})
    check(r.returncode == 1, f"{what}: exit 1: {r.stderr}")
    for w in words:
        check(w in r.stderr, f"{what}: says '{w}': {r.stderr}")
    check(not os.path.exists(out), f"{what}: nothing written")


refused("wrong PIN", uri, "000000", ["Sai mã PIN", "So Y te"])
refused("unknown object", "pkcs11:token=So%20Y%20te;object=khac", PIN, ["khac"])
refused("unknown token", "pkcs11:token=Khong%20co", PIN, ["Không tìm thấy token 'Khong co'"])
refused("PIN in the URI", uri + "?pin-value=" + PIN, PIN, ["không được chứa mã PIN"])
finish()
