"""Generates the national import benchmark in DIR: org.json with 13,000 units (63 provinces'
departments, districts and communes, in the proportions of the real country), the 2024 targets of
the Đồng Nai sample, a one-stop-system style export quoc-gia.xlsx written with XlsxWriter (shared
strings, one row per unit, a pair of count columns per indicator) and its mapping file."""
import json
import os
import random
import shutil
import sys

import xlsxwriter

out, samples = sys.argv[1], sys.argv[2]
n_units = int(sys.argv[3]) if len(sys.argv) > 3 else 13000
os.makedirs(out, exist_ok=True)
shutil.copy(os.path.join(samples, "chi-tieu-2024.json"), os.path.join(out, "chi-tieu-2024.json"))
with open(os.path.join(samples, "chi-tieu-2024.json"), encoding="utf-8") as f:
    inds = json.load(f)["indicators"]
rng = random.Random(2024)
units = []
n_so, n_huyen = 63 * 20, 700
for i in range(n_so):
    units.append({"id": f"so-{i}", "name": f"Sở số {i} tỉnh {i // 20}", "level": "so"})
for i in range(n_huyen):
    units.append({"id": f"huyen-{i}", "name": f"Huyện số {i}", "level": "huyen"})
i = 0
while len(units) < n_units:
    units.append({"id": f"xa-{i}", "name": f"Xã số {i}", "level": "xa", "district": f"huyen-{i % n_huyen}"})
    i += 1
org = {"province": {"name": "Toàn quốc"}, "agencies": [], "units": units}
with open(os.path.join(out, "org.json"), "w", encoding="utf-8") as f:
    json.dump(org, f, ensure_ascii=False)

wb = xlsxwriter.Workbook(os.path.join(out, "quoc-gia.xlsx"))
ws = wb.add_worksheet("DVCQG")
head = ["STT", "Mã đơn vị", "Tên đơn vị"]
for ind in inds:
    head += [ind["short_name"] + " - tử số", ind["short_name"] + " - mẫu số"]
ws.write_row(0, 0, head)
for r, u in enumerate(units, start=1):
    ws.write_number(r, 0, r)
    ws.write_string(r, 1, u["id"])
    ws.write_string(r, 2, u["name"])
    for k, ind in enumerate(inds):
        if u["level"] in ind["targets"]:
            d = rng.randint(0, 5000)
            n = rng.randint(0, d)
        else:
            d = n = 0
        ws.write_number(r, 3 + 2 * k, n)
        ws.write_number(r, 4 + 2 * k, d)
wb.close()
with open(os.path.join(out, "anh-xa.json"), "w", encoding="utf-8") as f:
    json.dump({"sheet": "DVCQG", "unit": {"header": "Mã đơn vị", "by": "code"},
               "indicators": {i["id"]: {"numerator": i["short_name"] + " - tử số",
                                        "denominator": i["short_name"] + " - mẫu số"}
                              for i in inds}}, f, ensure_ascii=False)
