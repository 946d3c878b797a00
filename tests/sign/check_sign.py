"""vanban sign / verify with PKCS#12 keys against independent verifiers: poppler's pdfsig (root in
an NSS database), `openssl cms -verify` on the ByteRange bytes, `qpdf --check`. Two signatures
(leader, then agency) both valid; one changed byte and an appended page are found by both
vanban verify and pdfsig.

usage: check_sign.py VANBAN SRC
"""
import os
import re

from pki import (AGENCY_SUBJECT, LEADER_SUBJECT, Pki, VANBAN, check, finish, letter_pdf, must,
                 openssl_cms_verify, pdfsig, run, sign, workdir)

d = workdir()
pki = Pki(d)
leader = pki.issue("leader", LEADER_SUBJECT)
agency = pki.issue("agency", AGENCY_SUBJECT)
nss = pki.nss()
root = f"{d}/root.pem"
letter = letter_pdf(d)


def verify(path, ca=True):
    return run([VANBAN, "verify", path] + (["--ca", root] if ca else []))


def all_valid(path, count, what):
    sigs, r = pdfsig(nss, path)
    check(len(sigs) == count, f"{what}: pdfsig sees {count} signature(s): {r.stdout}{r.stderr}")
    for i, s in enumerate(sigs):
        check(s.get("Signature Validation") == "Signature is Valid.",
              f"{what}: pdfsig signature {i + 1} valid: {s.get('raw')}")
        check(s.get("Certificate Validation") == "Certificate is Trusted.",
              f"{what}: pdfsig certificate {i + 1} trusted: {s.get('raw')}")
        check(s.get("Signature Type") == "ETSI.CAdES.detached",
              f"{what}: SubFilter ETSI.CAdES.detached: {s.get('raw')}")
        check(s.get("Signing Hash Algorithm") == "SHA-256", f"{what}: SHA-256: {s.get('raw')}")
    if sigs:
        check(sigs[-1].get("Total document signed") is True,
              f"{what}: last signature covers the whole file: {sigs[-1].get('raw')}")
    q = run(["qpdf", "--check", path])
    check(q.returncode == 0 and "No syntax or stream encoding errors" in q.stdout,
          f"{what}: qpdf --check clean: {q.stdout}{q.stderr}")
    for i in range(count):
        c = openssl_cms_verify(path, root, i)
        check(c.returncode == 0, f"{what}: openssl cms -verify signature {i + 1}: {c.stderr}")
    v = verify(path)
    check(v.returncode == 0, f"{what}: vanban verify exits 0: {v.stdout}{v.stderr}")
    return sigs, v


# 1. The leader signs the letter qpdf finished (cross-reference stream).
p1 = f"{d}/p1.pdf"
r = sign(letter, p1, "nguoi-ky", leader, ["--reason", "Ký duyệt", "--location", "Đồng Nai"])
check(r.returncode == 0, f"sign nguoi-ky: {r.stdout}{r.stderr}")
orig = open(letter, "rb").read()
signed = open(p1, "rb").read()
check(signed.startswith(orig), "incremental update: the original bytes are kept as they are")
check(b"/Type /XRef" in signed[len(orig):], "update uses a cross-reference stream like the original")
sigs, v = all_valid(p1, 1, "leader")
check("CN: Lê Quang Trung" in v.stdout and "CMND: 272345678" in v.stdout
      and "L: Đồng Nai" in v.stdout and "O: Sở Y tế tỉnh Đồng Nai" in v.stdout,
      f"vanban verify lists the subject fields: {v.stdout}")
check(re.search(r"Thời gian ký: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", v.stdout) is not None,
      f"signing time in ISO 8601 +07:00: {v.stdout}")
check("signing-certificate-v2" in v.stdout, f"CMS carries signing-certificate-v2: {v.stdout}")
a = run(["openssl", "cms", "-cmsout", "-print", "-inform", "DER", "-in", f"{d}/sig.der"])
check("id-smime-aa-signingCertificateV2" in a.stdout, "openssl sees signing-certificate-v2")
check("sha256" in a.stdout, "digest SHA-256 in the CMS")

# 2. The agency signs after the leader: both stay valid.
p2 = f"{d}/p2.pdf"
r = sign(p1, p2, "co-quan", agency)
check(r.returncode == 0, f"sign co-quan: {r.stdout}{r.stderr}")
check(open(p2, "rb").read().startswith(signed), "second signature appended after the first")
sigs, v = all_valid(p2, 2, "leader + agency")
check("MST: 3600259560" in v.stdout, f"agency's MST listed: {v.stdout}")
check(sigs and sigs[0].get("Total document signed") is not True,
      "pdfsig: the first signature covers only its own revision")

# 3. A classic cross-reference table is extended with a classic table.
classic = f"{d}/classic.pdf"
must(["qpdf", "--object-streams=disable", letter, classic])
check(b"\nxref\n" in open(classic, "rb").read(), "qpdf wrote a classic xref table")
p3 = f"{d}/p3.pdf"
r = sign(classic, p3, "nguoi-ky", leader)
check(r.returncode == 0, f"sign classic: {r.stderr}")
tail = open(p3, "rb").read()[os.path.getsize(classic):]
check(b"\nxref\n" in tail and b"trailer" in tail and b"/Prev" in tail,
      "classic update: xref table + trailer with /Prev")
all_valid(p3, 1, "classic xref")

# 4. Without --ca no chain is checked, but everything else is.
v = verify(p2, ca=False)
check(v.returncode == 0 and "không kiểm tra" in v.stdout, f"verify without --ca: {v.stdout}")
# A root that did not issue the certificate: the chain fails.
other = f"{d}/other"
os.makedirs(other)
Pki(other)
v = run([VANBAN, "verify", p2, "--ca", f"{other}/root.pem"])
check(v.returncode == 1 and "KHÔNG dẫn tới chứng thư gốc" in v.stdout, f"foreign root: {v.stdout}")

# 5. One changed byte inside the signed part (the PDF header's binary comment line).
data = bytearray(open(p2, "rb").read())
pos = data.index(b"\n", 0) + 2
data[pos] = data[pos] ^ 0x01
bad = f"{d}/changed.pdf"
open(bad, "wb").write(bytes(data))
v = verify(bad)
check(v.returncode == 1 and "ĐÃ BỊ THAY ĐỔI" in v.stdout, f"vanban verify: changed byte: {v.stdout}")
sigs, r = pdfsig(nss, bad)
check(len(sigs) == 2 and all(s.get("Signature Validation") != "Signature is Valid." for s in sigs),
      f"pdfsig: changed byte invalidates both: {r.stdout}")

# 6. A page appended after signing, as an incremental update (what an editor would do).
import json
js = json.loads(must(["qpdf", "--json=2", "--json-key=pages", "--json-key=qpdf", p2]).stdout)
page_ref = js["pages"][0]["object"]
objects = js["qpdf"][1]
page = objects["obj:" + page_ref]["value"]
pages_ref = page["/Parent"]
pages = objects["obj:" + pages_ref]["value"]
size = int(js["qpdf"][0].get("maxobjectid", 0)) + 1
raw = open(p2, "rb").read()
startxref = int(re.findall(rb"startxref\s+(\d+)", raw)[-1])
new_num = size
kids = " ".join(pages["/Kids"] + [f"{new_num} 0 R"])
mb = " ".join(str(x) for x in page.get("/MediaBox", [0, 0, 595, 842]))
body = (f"{new_num} 0 obj\n<< /Type /Page /Parent {pages_ref} /MediaBox [{mb}] >>\nendobj\n"
        f"{pages_ref.split()[0]} 0 obj\n<< /Type /Pages /Kids [{kids}] /Count {pages['/Count'] + 1} >>\nendobj\n")
upd = raw + body.encode()
off_new = len(raw)
off_pages = len(raw) + body.index(f"{pages_ref.split()[0]} 0 obj")
xref = f"xref\n{pages_ref.split()[0]} 1\n{off_pages:010d} 00000 n\r\n{new_num} 1\n{off_new:010d} 00000 n\r\n"
root_ref = re.findall(rb"/Root (\d+ \d+ R)", raw)[-1].decode()
trailer = f"trailer\n<< /Size {new_num + 1} /Root {root_ref} /Prev {startxref} >>\nstartxref\n{len(upd)}\n%%EOF\n"
appended = f"{d}/appended.pdf"
open(appended, "wb").write(upd + xref.encode() + trailer.encode())
n = run(["qpdf", "--show-npages", appended])
check(n.stdout.strip() == str(int(run(["qpdf", "--show-npages", p2]).stdout) + 1),
      f"the appended page is there: {n.stdout}{n.stderr}")
v = verify(appended)
check(v.returncode == 1 and "ĐÃ BỊ THAY ĐỔI sau chữ ký cuối cùng" in v.stdout,
      f"vanban verify: page appended after signing: {v.stdout}")
sigs, r = pdfsig(nss, appended)
check(len(sigs) == 2 and all(s.get("Total document signed") is not True for s in sigs),
      f"pdfsig: no signature covers the whole file any more: {r.stdout}")

# 7. A file with no signature at all fails verification.
v = verify(letter)
check(v.returncode == 1 and "không có chữ ký" in v.stdout, f"unsigned file: {v.stdout}")

finish()
