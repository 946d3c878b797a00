"""Each import error (and warning) with its exact message: all reported in one run, the output
not written, exit code 1. The form is vanban's own, spoilt by openpyxl the way people spoil forms;
the export cases go through a mapping."""
import argparse
import datetime
import json
import os
import re
import shutil
import tempfile
import zipfile

import openpyxl
import xlsxwriter

from intake_common import Vanban, check, finish, load_data

ap = argparse.ArgumentParser()
ap.add_argument("--vanban", required=True)
ap.add_argument("--samples", required=True)
args = ap.parse_args()
vb = Vanban(args.vanban, args.samples)
tmp = tempfile.mkdtemp(prefix="intake-errors-")
targets = os.path.join(args.samples, "chi-tieu-2024.json")
with open(targets, encoding="utf-8") as f:
    inds = json.load(f)["indicators"]
with open(vb.org, encoding="utf-8") as f:
    org = json.load(f)
sample = load_data(os.path.join(args.samples, "du-lieu-2024-Q3.json"))
by_unit = {u["unit"]: u["counts"] for u in sample["units"]}
name_of = {u["id"]: u["name"] for u in org["units"]}


def import_fails(files, *extra, period="2024-Q3"):
    out = os.path.join(tmp, "out", "du-lieu-" + period + ".json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    rc, _, err = vb.import_(files, out, period, *extra)
    check(rc == 1, f"mã thoát 1, nhận {rc}: {err[:300]}")
    check(not os.path.exists(out), "không ghi tệp khi có lỗi")
    check(not [f for f in os.listdir(os.path.dirname(out))], "không để lại tệp tạm")
    return err


def expect(err, line):
    check(line in err.splitlines(), f"thiếu dòng: {line}\n--- nhận được:\n{err[:3000]}")


form = os.path.join(tmp, "mau.xlsx")
rc, _, err = vb.form(form)
check(rc == 0, err)
wb = openpyxl.load_workbook(form)
ws = wb["Số liệu"]
for r in range(6, ws.max_row + 1):
    for k, ind in enumerate(inds):
        c = by_unit[ws.cell(r, 2).value].get(ind["id"])
        if c is not None:
            ws.cell(r, 5 + 2 * k).value = c["numerator"]
            ws.cell(r, 6 + 2 * k).value = c["denominator"]
unit = {r: ws.cell(r, 2).value for r in range(6, ws.max_row + 1)}
S = "'Số liệu'"
num0, den0 = inds[0]["numerator"], inds[0]["denominator"]
ws["E6"] = "abc"                       # text in a number cell
ws["F7"] = -3                          # negative count
ws["E8"], ws["F8"] = 50, 10            # numerator > denominator
ws["E9"] = None                        # empty cell
ws["F10"] = "=1+2"                     # formula, no cached value
ws["F11"] = datetime.datetime(2024, 9, 30)  # a date
ws["F11"].number_format = "dd/mm/yyyy"
ws["F12"] = 12.5                       # not a whole number
ws["E4"] = "Sai tên"                   # header that does not match
for c in range(5, 5 + 2 * len(inds)):  # a unit left empty: warning, then missing unit
    ws.cell(13, c).value = None
for k, ind in enumerate(inds):         # a unit with no cases at all: warning only
    if ws.cell(14, 5 + 2 * k).value is not None:
        ws.cell(14, 5 + 2 * k).value = 0
        ws.cell(14, 6 + 2 * k).value = 0
# A count typed as text ("123" stored as a string, as Excel keeps a number typed into a cell
# formatted as Text): refused, not converted.
text_row = next(r for r in range(15, ws.max_row + 1) if ws.cell(r, 5).value is not None)
ws.cell(text_row, 5).value = "123"
spoilt = os.path.join(tmp, "hong.xlsx")
wb.save(spoilt)
with zipfile.ZipFile(spoilt) as z:
    sheet_xml = next(z.read(n).decode() for n in z.namelist()
                     if n.startswith("xl/worksheets/sheet") and f'r="E{text_row}"' in z.read(n).decode())
check(re.search(f'<c r="E{text_row}"[^>]* t="inlineStr"', sheet_xml) is not None,
      f"openpyxl ghi E{text_row} là chuỗi trong ô (t=\"inlineStr\")")

err = import_fails([spoilt])
what = lambda label, r: f'{label}, chỉ tiêu "{inds[0]["id"]}", đơn vị "{unit[r]}"'
expect(err, f'lỗi: {spoilt}: {S}!E6: ô có chữ "abc", cần số nguyên ≥ 0 ({what(num0, 6)})')
expect(err, f"lỗi: {spoilt}: {S}!F7: số âm (-3), cần số nguyên ≥ 0 ({what(den0, 7)})")
expect(err, f'lỗi: {spoilt}: {S}!E8: tử số (50) lớn hơn mẫu số (10, ô {S}!F8) của chỉ tiêu '
            f'"{inds[0]["id"]}", đơn vị "{unit[8]}"')
expect(err, f"lỗi: {spoilt}: {S}!E9: ô trống, cần số nguyên ≥ 0 ({what(num0, 9)}); "
            "ghi 0 nếu không phát sinh")
expect(err, f"lỗi: {spoilt}: {S}!F10: ô có công thức =1+2 nhưng không có giá trị đã tính; "
            "mở tệp bằng Excel hoặc LibreOffice, tính lại và lưu, hoặc nhập số "
            f"({what(den0, 10)})")
expect(err, f"lỗi: {spoilt}: {S}!F11: ô có ngày 2024-09-30, cần số nguyên ≥ 0 ({what(den0, 11)})")
expect(err, f'lỗi: {spoilt}: {S}!E{text_row}: ô có chữ "123", cần số nguyên ≥ 0 '
            f"({what(num0, text_row)})")
expect(err, f"lỗi: {spoilt}: {S}!F12: số 12,5 không phải số nguyên, cần số nguyên ≥ 0 "
            f"({what(den0, 12)})")
expect(err, f'lỗi: {spoilt}: {S}!E4: tiêu đề là "Sai tên", cần "{inds[0]["name"]}" '
            f'(tên chỉ tiêu "{inds[0]["id"]}" trong {targets})')
expect(err, f'cảnh báo: {spoilt}: {S}!B13: hàng trống: đơn vị "{unit[13]}" '
            f"({name_of[unit[13]]}) chưa nhập số liệu")
expect(err, f'lỗi: {spoilt}: thiếu số liệu của đơn vị "{unit[13]}" ({name_of[unit[13]]})')
expect(err, f'cảnh báo: {spoilt}: {S}!B14: đơn vị "{unit[14]}" ({name_of[unit[14]]}) '
            "không phát sinh: mọi mẫu số bằng 0")
expect(err, f"vanban data import: 10 lỗi, 2 cảnh báo; không ghi {os.path.join(tmp, 'out', 'du-lieu-2024-Q3.json')}")

# A unit twice: the whole form and a one-unit form of a unit it already has.
good = os.path.join(tmp, "tot.xlsx")
wb = openpyxl.load_workbook(spoilt)
ws = wb["Số liệu"]
for r in range(6, ws.max_row + 1):
    for k, ind in enumerate(inds):
        c = by_unit[ws.cell(r, 2).value].get(ind["id"])
        if c is not None:
            ws.cell(r, 5 + 2 * k).value = c["numerator"]
            ws.cell(r, 6 + 2 * k).value = c["denominator"]
ws["E4"] = inds[0]["name"]
wb.save(good)
one = os.path.join(tmp, "mot-don-vi.xlsx")
vb.form(one, "2024-Q3", "--unit", "syt")
w1 = openpyxl.load_workbook(one)
s1 = w1.worksheets[0]
for k, ind in enumerate(inds):
    s1.cell(6, 5 + 2 * k).value = 1
    s1.cell(6, 6 + 2 * k).value = 2
w1.save(one)
syt_row = next(r for r, u in unit.items() if u == "syt")
err = import_fails([good, one])
expect(err, f"lỗi: {one}: 'Sở Y tế'!B6: đơn vị \"syt\" (Sở Y tế) có hai lần: đã có ở "
            f"{good}: {S}!B{syt_row}")

# The form of another quarter; a workbook that is not a form, without a mapping.
q2 = os.path.join(tmp, "mau-q2.xlsx")
vb.form(q2, "2024-Q2")
err = import_fails([q2])
expect(err, f"lỗi: {q2}: _vanban!B2: mẫu lập cho kỳ 2024-Q2, đang nhập kỳ 2024-Q3")
plain = os.path.join(tmp, "khong-phai-mau.xlsx")
openpyxl.Workbook().save(plain)
err = import_fails([plain])
expect(err, f"lỗi: {plain}: không phải mẫu do vanban lập (không có trang _vanban): cần --mapping "
            "để biết cột nào là số liệu nào")

# Exports through a mapping: a name matching no unit, a name matching two, a missing header.
mp = os.path.join(tmp, "anh-xa.json")
with open(mp, "w", encoding="utf-8") as f:
    json.dump({"unit": {"header": "Đơn vị"},
               "indicators": {i["id"]: {"numerator": i["id"] + " tử", "denominator": i["id"] + " mẫu"}
                              for i in inds}}, f, ensure_ascii=False)
csv = os.path.join(tmp, "xuat.csv")
head = ["Đơn vị"] + [h for i in inds for h in (i["id"] + " tử", i["id"] + " mẫu")]
lines = [",".join(head),
         ",".join(["Xã Không Có"] + ["1"] * (2 * len(inds))),
         ",".join(["Xã Tân An"] + ["1"] * (2 * len(inds))),
         ",".join(["Sở Y tế"] + ["1.234", "x"] + ["1"] * (2 * len(inds) - 2))]
with open(csv, "w", encoding="utf-8") as f:
    f.write("\n".join(lines) + "\n")
err = import_fails([csv], "--mapping", mp, "--level", "so")
expect(err, f'lỗi: {csv}: A2: tên đơn vị "Xã Không Có" không khớp đơn vị nào trong tệp tổ chức {vb.org}')
tan_an = ", ".join(u["id"] for u in org["units"] if u["name"] == "Xã Tân An")
expect(err, f'lỗi: {csv}: A3: tên đơn vị "Xã Tân An" khớp 2 đơn vị ({tan_an}): dùng mã đơn vị '
            '("by": "code")')
expect(err, f'lỗi: {csv}: C4: ô có chữ "x", cần số nguyên ≥ 0 ({den0}, chỉ tiêu "{inds[0]["id"]}", '
            'đơn vị "syt")')
check(f"{csv}: B4:" not in err, "1.234 là số nhóm nghìn bằng dấu chấm")
# The same count typed as text in an export written by XlsxWriter, where it is a shared string.
xw = os.path.join(tmp, "xuat-chuoi.xlsx")
book = xlsxwriter.Workbook(xw)
sheet = book.add_worksheet()
for c, h in enumerate(head):
    sheet.write_string(0, c, h)
sheet.write_string(1, 0, "Sở Y tế")
sheet.write_string(1, 1, "123")
for c in range(2, len(head)):
    sheet.write_number(1, c, 1)
book.close()
with zipfile.ZipFile(xw) as z:
    check(re.search('<c r="B2"[^>]* t="s"', z.read("xl/worksheets/sheet1.xml").decode()),
          'XlsxWriter ghi B2 là chuỗi dùng chung (t="s")')
err = import_fails([xw], "--mapping", mp, "--level", "so")
expect(err, f'lỗi: {xw}: Sheet1!B2: ô có chữ "123", cần số nguyên ≥ 0 ({num0}, chỉ tiêu '
            f'"{inds[0]["id"]}", đơn vị "syt")')
with open(csv, "w", encoding="utf-8") as f:
    f.write("Tên,x\nSở Y tế,1\n")
err = import_fails([csv], "--mapping", mp, "--level", "so")
expect(err, f'lỗi: {csv}: A1: không có cột tiêu đề "Đơn vị" (tệp ánh xạ {mp} /unit/header) ở '
            "hàng tiêu đề")

shutil.rmtree(tmp)
finish("check_errors")
