"""`vanban data form` read back by openpyxl, filled by openpyxl from the sample data, re-saved by
LibreOffice, imported back with `vanban data import`: the result must equal the sample JSON the
figures came from. Also the per-unit form and the merge of several per-unit forms."""
import argparse
import json
import os
import shutil
import tempfile

import openpyxl

from intake_common import Vanban, check, finish, load_data, soffice_convert

ap = argparse.ArgumentParser()
ap.add_argument("--vanban", required=True)
ap.add_argument("--samples", required=True)
args = ap.parse_args()
vb = Vanban(args.vanban, args.samples)
tmp = tempfile.mkdtemp(prefix="intake-forms-")

with open(os.path.join(args.samples, "chi-tieu-2024.json"), encoding="utf-8") as f:
    targets = json.load(f)
with open(os.path.join(args.samples, "org.json"), encoding="utf-8") as f:
    org = json.load(f)
sample = load_data(os.path.join(args.samples, "du-lieu-2024-Q3.json"))
by_unit = {u["unit"]: u["counts"] for u in sample["units"]}
inds = targets["indicators"]
level_of = {u["id"]: u["level"] for u in org["units"]}

# 1. The form as openpyxl sees it.
form = os.path.join(tmp, "mau-so-lieu.xlsx")
rc, _, err = vb.form(form)
check(rc == 0, f"data form: mã thoát {rc}: {err}")
wb = openpyxl.load_workbook(form)
check(wb.sheetnames == ["Số liệu", "_vanban"], f"trang: {wb.sheetnames}")
ws, ids = wb["Số liệu"], wb["_vanban"]
check(ids.sheet_state == "hidden", "trang _vanban phải ẩn")
check(ws.protection.sheet and not ws.protection.password, "trang số liệu khóa, không mật khẩu")
check(ws.cell(6, 2).value == org["units"][0]["id"], "mã đơn vị đầu ở B6")
check(ws.max_row == 5 + len(org["units"]), f"một hàng mỗi đơn vị: {ws.max_row}")
for k, ind in enumerate(inds):
    col = 5 + 2 * k
    check(ws.cell(4, col).value == ind["name"], f"tiêu đề chỉ tiêu {ind['id']}")
    check(ws.cell(5, col).value == "Tử số: " + ind["numerator"], f"nhãn tử số {ind['id']}")
    check(ws.cell(5, col + 1).value == "Mẫu số: " + ind["denominator"], f"nhãn mẫu số {ind['id']}")
merged = {str(r) for r in ws.merged_cells.ranges}
check("E4:F4" in merged and "B4:B5" in merged, f"ô gộp tiêu đề: {sorted(merged)[:6]}")
dv = ws.data_validations.dataValidation
check(len(dv) == 2 * len(inds), f"{len(dv)} quy tắc kiểm tra dữ liệu")
check(all(v.type == "whole" and v.promptTitle and v.prompt for v in dv),
      "kiểm tra số nguyên có lời nhắc")
check(any(v.operator in (None, "between") and v.formula2 == "F6" for v in dv), "tử số ≤ mẫu số cùng hàng")
check(any("không phát sinh" in (v.prompt or "") for v in dv), "lời nhắc tiếng Việt")
# A commune has no online-payment target in 2024: grey and locked; its on-time cells unlocked.
pay = next(k for k, i in enumerate(inds) if i["id"] == "online_payment")
xa_row = next(r for r in range(6, ws.max_row + 1) if level_of[ws.cell(r, 2).value] == "xa")
grey = ws.cell(xa_row, 5 + 2 * pay)
check(grey.protection.locked and grey.fill.fgColor.rgb.endswith("BFBFBF"), "ô không áp dụng xám, khóa")
check(not ws.cell(xa_row, 5).protection.locked, "ô nhập không khóa")

# 2. Filled by openpyxl from the sample figures, imported back.
for r in range(6, ws.max_row + 1):
    unit = ws.cell(r, 2).value
    for k, ind in enumerate(inds):
        c = by_unit[unit].get(ind["id"])
        if c is not None:
            ws.cell(r, 5 + 2 * k).value = c["numerator"]
            ws.cell(r, 6 + 2 * k).value = c["denominator"]
filled = os.path.join(tmp, "da-dien.xlsx")
wb.save(filled)
out = os.path.join(tmp, "out1", "du-lieu-2024-Q3.json")
os.makedirs(os.path.dirname(out))
rc, _, err = vb.import_([filled], out)
check(rc == 0, f"import mẫu openpyxl: {rc}: {err}")
if rc == 0:
    check(load_data(out) == sample, "mẫu điền bằng openpyxl nhập lại = du-lieu-2024-Q3.json")

# 3. The same figures re-saved by LibreOffice (its own writer: shared strings, styles, dates).
lo_dir = os.path.join(tmp, "lo")
os.makedirs(lo_dir)
soffice_convert([filled], lo_dir)
out2 = os.path.join(tmp, "out2", "du-lieu-2024-Q3.json")
os.makedirs(os.path.dirname(out2))
rc, _, err = vb.import_([os.path.join(lo_dir, "da-dien.xlsx")], out2)
check(rc == 0, f"import mẫu LibreOffice: {rc}: {err}")
if rc == 0:
    check(load_data(out2) == sample, "mẫu lưu bằng LibreOffice nhập lại = du-lieu-2024-Q3.json")

# 4. Per-unit forms: one sheet named after the unit; three filled forms merged with the rest.
parts = []
for unit in ("syt", org["units"][30]["id"], org["units"][-1]["id"]):
    p = os.path.join(tmp, f"mau-{unit}.xlsx")
    rc, _, err = vb.form(p, "2024-Q3", "--unit", unit)
    check(rc == 0, f"form --unit {unit}: {err}")
    w = openpyxl.load_workbook(p)
    name = next(u["name"] for u in org["units"] if u["id"] == unit)
    check(w.sheetnames[0] == name[:31], f"trang mang tên đơn vị: {w.sheetnames}")
    s = w.worksheets[0]
    check(s.max_row == 6 and s.cell(6, 2).value == unit, "một hàng cho một đơn vị")
    for k, ind in enumerate(inds):
        c = by_unit[unit].get(ind["id"])
        if c is not None:
            s.cell(6, 5 + 2 * k).value = c["numerator"]
            s.cell(6, 6 + 2 * k).value = c["denominator"]
    w.save(p)
    parts.append(p)
# The rest of the units from the all-units form, with those three rows cleared.
wb = openpyxl.load_workbook(filled)
ws = wb["Số liệu"]
for r in range(6, ws.max_row + 1):
    if ws.cell(r, 2).value in ("syt", org["units"][30]["id"], org["units"][-1]["id"]):
        for c in range(5, 5 + 2 * len(inds)):
            ws.cell(r, c).value = None
rest = os.path.join(tmp, "phan-con-lai.xlsx")
wb.save(rest)
out3 = os.path.join(tmp, "out3", "du-lieu-2024-Q3.json")
os.makedirs(os.path.dirname(out3))
rc, _, err = vb.import_([rest, *parts], out3)
check(rc == 0, f"import nhiều mẫu: {rc}: {err}")
if rc == 0:
    check(load_data(out3) == sample, "ghép mẫu từng đơn vị = du-lieu-2024-Q3.json")
check(err.count("cảnh báo: ") == 3 and "hàng trống" in err, f"ba hàng trống được cảnh báo: {err}")

# 5. Determinism: the same form twice is the same bytes.
form2 = os.path.join(tmp, "mau-2.xlsx")
vb.form(form2)
with open(form, "rb") as a, open(form2, "rb") as b:
    check(a.read() == b.read(), "mẫu lập hai lần giống hệt từng byte")

shutil.rmtree(tmp)
finish("check_forms")
