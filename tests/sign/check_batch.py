"""The batch's ky_so: a small year job (tests/batch/jobs/small.json, one period, two units and the
thông báo) signed by the agency as it is issued, with a PKCS#12 file and with a SoftHSM2 token.
Every signed letter is valid in poppler's pdfsig and in `vanban verify`, the seal image sits in
the signature block, the summary shows the key opened once; a rerun keeps every file byte for
byte under the same numbers; a key that cannot be opened stops the job before anything exists.

usage: check_batch.py VANBAN SRC
"""
import hashlib
import os

from batch_job import batch, pdfs, small_job
from pki import (AGENCY_SUBJECT, MODULE, PASSWORD, PIN, SRC, VANBAN, Pki, check, finish, pdfsig,
                 run, softhsm_token, workdir)

d = workdir()
pki = Pki(d)
agency = pki.issue("agency", AGENCY_SUBJECT)
expired = pki.issue("expired", "/CN=Hết hạn", start="20200101000000Z", end="20210101000000Z")
nss = pki.nss()
root = f"{d}/root.pem"
token_env = softhsm_token(d)


def job_file(name, ky_so):
    return small_job(d, name, ky_so)


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


P12_ENV = {"SO_NOI_VU_P12": PASSWORD}
seal = f"{SRC}/samples/letters/images/con-dau.png"
p12_job = job_file("p12", {"key": agency, "secret_env": "SO_NOI_VU_P12", "seal": seal,
                           "location": "Đồng Nai"})


def signed_ok(out, what):
    files = pdfs(out)
    check(len(files) == 3, f"{what}: 2 result letters and the thông báo: {files}")
    for p in files:
        sigs, r = pdfsig(nss, p)
        check(len(sigs) == 1 and sigs[0].get("Signature Validation") == "Signature is Valid."
              and sigs[0].get("Certificate Validation") == "Certificate is Trusted."
              and "Total document signed" in sigs[0]["raw"],
              f"{what}: pdfsig: {p}: {r.stdout}{r.stderr}")
        v = run([VANBAN, "verify", p, "--ca", root])
        check(v.returncode == 0 and "MST: 3600259560" in v.stdout,
              f"{what}: vanban verify {p}: {v.stdout}{v.stderr}")
        imgs = run(["pdfimages", "-list", p]).stdout.splitlines()[2:]
        check(any(line.split()[2] == "image" for line in imgs),
              f"{what}: the seal image in {p}: {imgs}")
    return files


# ---- PKCS#12: one run signs everything, the key opened once --------------------------------
out = f"{d}/out-p12"
r = batch(p12_job, out, P12_ENV)
check(r.returncode == 0, f"batch with ky_so (PKCS#12): {r.stdout}{r.stderr}")
check("Ký số: 3 văn bản ký bằng chứng thư" in r.stdout and "khóa mở 1 lần" in r.stdout,
      f"summary: 3 signed, key opened once: {r.stdout}")
files = signed_ok(out, "PKCS#12")
before = {p: sha(p) for p in files}
reg_before = run([VANBAN, "registry", "--registry", f"{out}/so-van-ban-di.db", "export",
                  "--agency", "snv", "--year", "2024", "--format", "tsv"]).stdout

# A rerun: same numbers, nothing re-signed (every file byte for byte the same).
r = batch(p12_job, out, P12_ENV)
check(r.returncode == 0, f"rerun: {r.stdout}{r.stderr}")
check({p: sha(p) for p in pdfs(out)} == before, "rerun: every signed file kept byte for byte")
check("Ký số: 0 văn bản ký" in r.stdout, f"rerun: nothing re-signed: {r.stdout}")
reg_after = run([VANBAN, "registry", "--registry", f"{out}/so-van-ban-di.db", "export",
                 "--agency", "snv", "--year", "2024", "--format", "tsv"]).stdout
check(reg_before and reg_before == reg_after, f"rerun: same register:\n{reg_before}\n{reg_after}")

# The same job unsigned first, then signed: the files are made again (signed), same numbers.
out2 = f"{d}/out-later"
r = batch(job_file("plain", None), out2, {})
check(r.returncode == 0 and not any(pdfsig(nss, p)[0] for p in pdfs(out2)),
      f"unsigned run: {r.stderr}")
names = [os.path.basename(p) for p in pdfs(out2)]
r = batch(p12_job, out2, P12_ENV)
check(r.returncode == 0 and "Ký số: 3 văn bản" in r.stdout, f"signed afterwards: {r.stdout}")
check([os.path.basename(p) for p in pdfs(out2)] == names, "signed afterwards: same numbers")
signed_ok(out2, "signed afterwards")

# ---- PKCS#11: the SoftHSM2 token, one login ----------------------------------------------------
p11_job = job_file("p11", {"key": "pkcs11:token=So%20Y%20te;object=agency",
                           "secret_env": "SO_NOI_VU_PIN", "pkcs11_module": MODULE, "seal": seal})
out3 = f"{d}/out-p11"
r = batch(p11_job, out3, {**token_env, "SO_NOI_VU_PIN": PIN})
check(r.returncode == 0 and "Ký số: 3 văn bản" in r.stdout and "khóa mở 1 lần" in r.stdout,
      f"batch with the token: {r.stdout}{r.stderr}")
signed_ok(out3, "PKCS#11")


# ---- refused before anything exists --------------------------------------------------------
def refused(what, job, env, words):
    out = f"{d}/refused-{what.replace(' ', '-')}"
    r = batch(job, out, env)
    check(r.returncode == 1, f"{what}: exit 1: {r.returncode} {r.stdout}{r.stderr}")
    for w in words:
        check(w in r.stderr, f"{what}: says '{w}': {r.stderr}")
    check(not os.path.exists(out), f"{what}: no output folder, no registry")


refused("secret unset", p12_job, {}, ["/ky_so/secret_env", "SO_NOI_VU_P12", "chưa được đặt"])
refused("wrong password", p12_job, {"SO_NOI_VU_P12": "sai"}, ["Sai mật khẩu", "/ky_so"])
refused("wrong PIN", p11_job, {**token_env, "SO_NOI_VU_PIN": "000000"}, ["Sai mã PIN"])
refused("expired", job_file("expired", {"key": expired, "secret_env": "SO_NOI_VU_P12"}), P12_ENV,
        ["đã hết hạn"])
refused("missing seal", job_file("noseal", {"key": agency, "secret_env": "SO_NOI_VU_P12",
                                            "seal": f"{d}/khong-co.png"}), P12_ENV, ["khong-co.png"])
refused("password in the job", job_file("pw", {"key": agency, "secret_env": "SO_NOI_VU_P12",
                                               "password": PASSWORD}), P12_ENV,
        ["/ky_so/password", "secret_env"])
refused("bad variable name", job_file("var", {"key": agency, "secret_env": "mat khau"}), P12_ENV,
        ["/ky_so/secret_env"])
finish()
