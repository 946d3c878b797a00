#!/usr/bin/python3
"""Golden test: the three real letters in ../shared/reference (copied into tests by path) are
transcribed as samples/letters/*.json; each is rendered with `vanban letter --draft` and the text
poppler extracts from the PDF must equal the reference letter's text after normalisation.

usage: check_golden.py VANBAN SOURCE_DIR [REFERENCE_DIR] [LETTERS_DIR]

Normalisation, applied to both sides unless said otherwise (each rule is a fact about how the text
was extracted, not about the letter):
- NFC; whitespace collapsed; a line that ends in a hyphen joins the next without a space, and a
  hyphen between two non-spaces is dropped (pdftotext de-hyphenates "300/KH-" + "UBND" into
  "300/KHUBND", the reference keeps it);
- reference only: the Markdown markers of its extraction (`**bold**`, `*italic*`) are removed;
- reference 002 only: its Tiêu ngữ is written with en dashes ("Độc lập – Tự do – Hạnh phúc")
  where the decree and vanban have "-": that one line is normalised;
- reference 002 only: the electronic signature stamp of the original ("/ *Nguyễn Kim Long*") is
  extracted into the end mark "./." of 464/VP-HCTC: it is read as "./.";
- PDF only: the page number at the top of pages 2.. and box 13 (address at the foot of page 1,
  which the references' extraction does not contain) are removed.

The header (boxes 1-5b) is compared item by item (agency, Quốc hiệu, Tiêu ngữ, Số, date, V/v),
because the two-column header comes out of each extraction in a different order; the rest, from
"Kính gửi" to the signer's name, is compared as one string. Two extractions lack header items the
letter has (their originals had them outside the text layer): 000 lacks the agency and Số block,
001 the agency, Quốc hiệu and Tiêu ngữ. Exactly those items are skipped (MISSING below).
"""
import difflib
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

VANBAN, SRC = sys.argv[1], sys.argv[2]
REF = sys.argv[3] if len(sys.argv) > 3 else os.path.join(SRC, "tests", "letter", "reference")
LETTERS = sys.argv[4] if len(sys.argv) > 4 else os.path.join(SRC, "samples", "letters")
ORG = os.path.join(SRC, "samples", "dong-nai", "org.json")
MM = 25.4 / 72
failures = []
# header items each reference's extraction lacks (see the docstring)
MISSING = {"000_780ead2fd5997252.txt": {"agency", "so"},
           "001_e7488b426cd1d9cf.txt": {"agency", "quoc_hieu", "tieu_ngu"}}

# reference file -> [(sample letter, part of the reference that is this letter)]
GOLDEN = {
    "000_780ead2fd5997252.txt": [("syt-trien-khai-chi-thi-02-2023.json", 0)],
    "001_e7488b426cd1d9cf.txt": [("syt-1999-cchc-quy-ii-2023.json", 0)],
    # 464/VP-HCTC forwards 506/SNV-TT: the reference holds both, the second after the first
    "002_6d16a15b245b57a9.txt": [("vp-464-cchc-2024.json", 0), ("snv-506-cchc-2024.json", 1)],
}


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def norm(s):
    s = unicodedata.normalize("NFC", s)
    s = re.sub(r"(?<=\S)-[ \t]*\n\s*", "-", s)  # a line broken after a hyphen
    s = " ".join(s.split())
    return re.sub(r"(?<=\S)-(?=\S)", "", s)


def squeeze(s):
    # header items: the references space "Số: 506 /SNV-TT" as typed; only characters count
    return re.sub(r"\s+", "", norm(s))


def reference_parts(path):
    """The reference text split into its letters (a new letter starts with a repeated agency
    header), Markdown markers and the documented snags normalised."""
    text = open(path, encoding="utf-8").read()
    text = unicodedata.normalize("NFC", text)
    text = text.replace("**", "")
    text = re.sub(r"\*([^*\n]+)\*", r"\1", text)
    text = text.replace("Độc lập – Tự do – Hạnh phúc", "Độc lập - Tự do - Hạnh phúc")
    text = text.replace("thực hiện. / Nguyễn Kim Long", "thực hiện./.")
    lines = text.split("\n")
    starts = [0] + [i for i in range(1, len(lines))
                    if lines[i].strip() == "UBND TỈNH ĐỒNG NAI" and any(
                        ln.strip().startswith("Kính gửi") for ln in lines[:i])]
    starts.append(len(lines))
    return ["\n".join(lines[a:b]) for a, b in zip(starts, starts[1:])]


def header_items(text, place):
    """{item: text} of boxes 1-5b, from the lines before "Kính gửi"."""
    prefixes = {"CỘNG HÒA": "quoc_hieu", "Độc lập": "tieu_ngu", "Số:": "so",
                place + ", ngày": "date", "V/v": "vv"}
    items, key = {}, "agency"
    for ln in text.split("\n"):
        ln = ln.strip()
        if not ln:
            continue
        for p, k in prefixes.items():
            if ln.startswith(p):
                key = k
        items[key] = items.get(key, "") + "\n" + ln
    return {k: squeeze(v) for k, v in items.items()}


def split_at_kinh_gui(text):
    i = text.find("Kính gửi")
    return (text[:i], text[i:]) if i >= 0 else (text, "")


def pdf_text(pdf, box13_top_mm):
    """Text of the PDF in reading order: page numbers and box 13 removed."""
    n = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout).group(1))
    pages = []
    for k in range(1, n + 1):
        args = ["pdftotext", "-f", str(k), "-l", str(k)]
        if k == 1 and box13_top_mm:
            # crop page 1 above box 13 (-W/-H in pixels at 72 dpi: points)
            args += ["-x", "0", "-y", "0", "-W", "595", "-H", str(int(box13_top_mm / MM) - 1)]
        t = subprocess.run(args + [pdf, "-"], capture_output=True, text=True, check=True).stdout
        lines = t.strip().split("\n")
        if k > 1:
            check(lines[0].strip() == str(k), f"{pdf}: page {k} starts with its number")
            lines = lines[1:]
        pages.append("\n".join(lines))
    return "\n".join(pages)


def box13_top(pdf):
    xml = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox-layout", pdf, "-"],
                         capture_output=True, text=True, check=True).stdout
    for m in re.finditer(r'<line xMin="[\d.]+" yMin="([\d.]+)"[^>]*>(.*?)</line>', xml, re.S):
        if " ".join(re.findall(r">([^<]*)</word>", m.group(2))).startswith("Địa chỉ:"):
            return float(m.group(1)) * MM
    return None


def word_diff(want, got):
    a, b = want.split(), got.split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            out.append(f"{op}: reference {' '.join(a[max(i1 - 3, 0):i2 + 3])!r} / "
                       f"PDF {' '.join(b[max(j1 - 3, 0):j2 + 3])!r}")
    return "; ".join(out[:5])


def compare(ref_name, ref_text, sample, org):
    letter = json.load(open(os.path.join(LETTERS, sample), encoding="utf-8"))
    place = org["province"]["place_name"]
    with tempfile.TemporaryDirectory() as d:
        pdf = os.path.join(d, "out.pdf")
        p = subprocess.run([VANBAN, "letter", os.path.join(LETTERS, sample), "--org", ORG, "-o", pdf,
                            "--draft"], capture_output=True, text=True)
        check(p.returncode == 0, f"{sample}: exit 0 ({p.stderr.strip()})")
        if p.returncode != 0:
            return
        got = pdf_text(pdf, box13_top(pdf))
    label = f"{ref_name} vs {sample}"
    ref_head, ref_rest = split_at_kinh_gui(ref_text)
    pdf_head, pdf_rest = split_at_kinh_gui(got)
    want_items, got_items = header_items(ref_head, place), header_items(pdf_head, place)
    missing = MISSING.get(ref_name, set())
    check(set(want_items) == {"agency", "quoc_hieu", "tieu_ngu", "so", "date", "vv"} - missing,
          f"{label}: reference header items {sorted(want_items)}")
    for key, want in want_items.items():
        check(got_items.get(key) == want,
              f"{label}: header {key}: reference {want!r}, PDF {got_items.get(key)!r}")
    check(set(got_items) == set(want_items) | missing,
          f"{label}: PDF header items {sorted(got_items)}")
    want, have = norm(ref_rest), norm(pdf_rest)
    check(len(want) > 200, f"{label}: reference body found ({len(want)} characters)")
    check(want == have, f"{label}: text from Kính gửi to the signature differs: {word_diff(want, have)}")
    # the transcription keeps the reference's bold runs as **…** (its extraction marks them)
    raw = open(os.path.join(REF, ref_name), encoding="utf-8").read()
    bold = [norm(b) for b in re.findall(r"\*\*([^*]+)\*\*", raw)
            if not re.match(r"(Nơi nhận|KT\.|CHÁNH|Nguyễn)", b)]
    body = json.dumps(letter["body"], ensure_ascii=False)
    for b in bold:
        if norm(b) in want:
            check(f"**{b}" in norm(body) or f"**{b.rstrip('.')}" in norm(body),
                  f"{label}: bold run {b[:40]!r} is bold in the sample")


org = json.load(open(ORG, encoding="utf-8"))
for ref_name, letters in GOLDEN.items():
    parts = reference_parts(os.path.join(REF, ref_name))
    check(len(parts) == len(letters), f"{ref_name}: {len(letters)} letter(s), found {len(parts)}")
    for sample, part in letters:
        if part < len(parts):
            compare(ref_name, parts[part], sample, org)
print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
