"""A quarter from a filled Excel form to the documents, with no hand-written figures (issue 18,
"Done when"), through the command line only: `vanban data form` for 2024-Q3, the form filled by
openpyxl as a unit would (from the sample's figures), `vanban data import` into a data folder
that holds nothing else, then `vanban score --json` and a batch job for that quarter (scorecard
workbook, ranking PDFs, result letters, leader PDFs) on that folder. References: the scores of
the sample's own du-lieu-2024-Q3.json (alone in another folder), openpyxl for the workbook,
poppler for the PDFs."""
import argparse
import glob
import json
import os
import shutil
import subprocess
import tempfile

import openpyxl

from intake_common import Vanban, check, finish, load_data

ap = argparse.ArgumentParser()
ap.add_argument("--vanban", required=True)
ap.add_argument("--samples", required=True)
args = ap.parse_args()
tmp = tempfile.mkdtemp(prefix="intake-chain-")
samples = args.samples

# The configuration a province keeps (organisation, targets); no figures.
data = os.path.join(tmp, "so-lieu")
os.makedirs(data)
for f in ("org.json", "chi-tieu-2024.json"):
    shutil.copy(os.path.join(samples, f), data)
vb = Vanban(args.vanban, data)
sample_q3 = os.path.join(samples, "du-lieu-2024-Q3.json")
sample = load_data(sample_q3)
by_unit = {u["unit"]: u["counts"] for u in sample["units"]}
with open(os.path.join(samples, "chi-tieu-2024.json"), encoding="utf-8") as f:
    inds = json.load(f)["indicators"]
with open(os.path.join(samples, "org.json"), encoding="utf-8") as f:
    org = json.load(f)

# 1. Form out, filled by openpyxl, imported into the data folder.
form = os.path.join(tmp, "mau-so-lieu-2024-Q3.xlsx")
rc, _, err = vb.form(form, "2024-Q3")
check(rc == 0, f"data form: {rc}: {err}")
wb = openpyxl.load_workbook(form)
ws = wb["Số liệu"]
for r in range(6, ws.max_row + 1):
    counts = by_unit[ws.cell(r, 2).value]
    for k, ind in enumerate(inds):
        if ind["id"] in counts:
            ws.cell(r, 5 + 2 * k).value = counts[ind["id"]]["numerator"]
            ws.cell(r, 6 + 2 * k).value = counts[ind["id"]]["denominator"]
filled = os.path.join(tmp, "da-dien.xlsx")
wb.save(filled)
imported = os.path.join(data, "du-lieu-2024-Q3.json")
rc, _, err = vb.import_([filled], imported, "2024-Q3")
check(rc == 0 and os.path.exists(imported), f"data import: {rc}: {err}")
if os.path.exists(imported):
    check(load_data(imported) == sample, "imported figures = the sample's du-lieu-2024-Q3.json")

# 2. Scores of the imported quarter against those of the sample's own file.
ref = os.path.join(tmp, "tham-chieu")
os.makedirs(ref)
shutil.copy(sample_q3, ref)


def score(folder):
    p = subprocess.run([args.vanban, "score", "--org", vb.org, "--targets", data, "--data",
                        folder, "--period", "2024-Q3", "--json"], capture_output=True, text=True)
    check(p.returncode == 0, f"score --data {folder}: {p.stderr}")
    return json.loads(p.stdout) if p.returncode == 0 else None


scores = score(data)
check(scores is not None and scores == score(ref), "score --json: imported = sample")

# 3. The quarter's documents from the imported folder, in one batch job.
with open(os.path.join(samples, "..", "jobs", "dong-nai-2024.json"), encoding="utf-8") as f:
    sample_job = json.load(f)
letters_for = ["syt", org["units"][-1]["id"]]
job = {"id": "chuoi-2024-q3", "year": 2024, "org": vb.org, "targets": [data], "data": [data],
       "periods": [{"period": "2024-Q3", "date": "2024-10-15"}],
       "scorecards": True, "rankings": True, "register": False,
       "result_letters": dict(sample_job["result_letters"], periods=["2024-Q3"],
                              units=letters_for),
       "leader_scorecards": {"periods": ["2024-Q3"]}}
job_file = os.path.join(tmp, "cong-viec.json")
with open(job_file, "w", encoding="utf-8") as f:
    json.dump(job, f, ensure_ascii=False)
out = os.path.join(tmp, "ket-qua")
p = subprocess.run([args.vanban, "batch", job_file, "-o", out, "--jobs", "2"],
                   capture_output=True, text=True)
check(p.returncode == 0, f"batch: {p.returncode}: {p.stderr[-2000:]}")


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True,
                          text=True).stdout


def pdf_pages(path):
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
    return int(next(l.split()[-1] for l in info.splitlines() if l.startswith("Pages:")))


period_dir = os.path.join(out, "quy-III-2024")
found = sorted(os.path.relpath(f, out) for f in glob.glob(os.path.join(out, "**", "*"),
                                                           recursive=True))
check(os.path.isdir(period_dir), f"batch: folder quy-III-2024: {found}")
units_by_id = {u["id"]: u for u in org["units"]}
if scores is not None and os.path.isdir(period_dir):
    # Scorecard workbook: read back by openpyxl; every unit's name is in it.
    books = glob.glob(os.path.join(period_dir, "**", "*.xlsx"), recursive=True)
    check(len(books) >= 1, f"scorecard workbook: {found}")
    if books:
        cells = set()
        for ws in openpyxl.load_workbook(books[0], read_only=True).worksheets:
            for row in ws.iter_rows(values_only=True):
                cells.update(v for v in row if isinstance(v, str))
        missing = [u["id"] for u in org["units"] if u["name"] not in cells]
        check(not missing, f"scorecard: units missing: {missing[:5]}")
    # Ranking PDFs: each unit's name is in the ranking text.
    rankings = [f for f in glob.glob(os.path.join(period_dir, "**", "*.pdf"), recursive=True)
                if "xep-hang" in os.path.basename(f)]
    check(len(rankings) >= 1, f"ranking PDFs: {found}")
    text = " ".join(" ".join(pdf_text(f).split()) for f in rankings)
    missing = [u["id"] for u in org["units"] if " ".join(u["name"].split()) not in text]
    check(not missing, f"ranking: units missing: {missing[:5]}")
    # Result letters: one per unit asked for, naming the unit.
    letters = [f for f in glob.glob(os.path.join(period_dir, "**", "*.pdf"), recursive=True)
               if "cong-van" in f]
    check(len(letters) == len(letters_for), f"result letters: {letters}")
    for uid in letters_for:
        mine = [f for f in letters if os.path.basename(f).startswith(uid + "-")]
        check(len(mine) == 1, f"letter of {uid}: {letters}")
        if mine:
            t = " ".join(pdf_text(mine[0]).split())
            # "Kính gửi: Chủ tịch Ủy ban nhân dân xã Đại Phước": the name in running text.
            check(units_by_id[uid]["name"].casefold() in t.casefold(),
                  f"letter of {uid} names the unit")
    # Leader PDFs: the summary (3 pages) and the summary with a page per unit.
    summary = os.path.join(period_dir, "tong-hop-lanh-dao-quy-III-2024.pdf")
    whole = os.path.join(period_dir, "phieu-diem-lanh-dao-quy-III-2024.pdf")
    check(os.path.exists(summary) and pdf_pages(summary) == 3, "leader summary PDF")
    check(os.path.exists(whole) and pdf_pages(whole) == 3 + len(org["units"]),
          "leader PDF: summary + a page per unit")
    if os.path.exists(whole):
        t = " ".join(pdf_text(whole).split())
        missing = [u["id"] for u in org["units"] if " ".join(u["name"].split()) not in t]
        check(not missing, f"leader PDF: units missing: {missing[:5]}")

if not os.environ.get("KEEP"):
    shutil.rmtree(tmp, ignore_errors=True)
finish("check_quarter_chain")
