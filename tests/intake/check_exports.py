"""One-stop-system exports through a mapping file: the same figures written by openpyxl (shared
strings), XlsxWriter (shared strings; inline strings in constant_memory mode; formulas with cached
values) and LibreOffice (formulas computed by it), and as CSV in UTF-8 with BOM, UTF-16 and
Windows-1258; each imported equal to the sample JSON. Units by name (upper case, NFD) or code."""
import argparse
import datetime
import json
import os
import shutil
import tempfile
import unicodedata

import openpyxl
import xlsxwriter

from intake_common import Vanban, check, finish, load_data, soffice_convert

ap = argparse.ArgumentParser()
ap.add_argument("--vanban", required=True)
ap.add_argument("--samples", required=True)
args = ap.parse_args()
vb = Vanban(args.vanban, args.samples)
tmp = tempfile.mkdtemp(prefix="intake-exports-")

with open(os.path.join(args.samples, "chi-tieu-2024.json"), encoding="utf-8") as f:
    inds = json.load(f)["indicators"]
with open(os.path.join(args.samples, "org.json"), encoding="utf-8") as f:
    org = json.load(f)
sample = load_data(os.path.join(args.samples, "du-lieu-2024-Q3.json"))
by_unit = {u["unit"]: u["counts"] for u in sample["units"]}
name_of = {u["id"]: u["name"] for u in org["units"]}
level_of = {u["id"]: u["level"] for u in org["units"]}

# The export's layout: two header rows (indicator names merged over "Tử số" / "Mẫu số"), a date
# column, a total row; values for every indicator, also where a level has no target.
HEAD1 = ["STT", "Đơn vị", "Ngày báo cáo"]
for ind in inds:
    HEAD1 += [ind["short_name"], None]
HEAD2 = [None, None, None] + ["Tử số", "Mẫu số"] * len(inds)


def unit_label(uid, i, by_code):
    if by_code:
        return uid
    name = name_of[uid]
    # Case and normalisation differ from org.json: matching folds both.
    if i % 3 == 0:
        return name.upper()
    if i % 3 == 1:
        return unicodedata.normalize("NFD", name)
    return "  " + name + " "


def rows(units, by_code):
    for i, uid in enumerate(units):
        vals = []
        for ind in inds:
            c = by_unit[uid].get(ind["id"], {"numerator": 0, "denominator": 0})
            vals += [c["numerator"], c["denominator"]]
        yield [i + 1, unit_label(uid, i, by_code), datetime.date(2024, 10, 5)] + vals


def mapping(path, by_code, sheet=None):
    m = {"header_rows": [1, 2], "unit": {"header": "Đơn vị", "by": "code" if by_code else "name"},
         "indicators": {i["id"]: {"numerator": i["short_name"] + " / Tử số",
                                  "denominator": i["short_name"].upper() + " / mẫu số"}
                        for i in inds},
         "skip": ["Tổng cộng"]}
    if sheet:
        m["sheet"] = sheet
    with open(path, "w", encoding="utf-8") as f:
        json.dump(m, f, ensure_ascii=False)
    return path


all_units = [u["id"] for u in org["units"]]
# Names are unique at these two levels (two communes share "Xã Tân An"): import them by name.
named_units = [u for u in all_units if level_of[u] in ("so", "huyen")]
expect_all = sample
expect_named = {"period": "2024-Q3", "units": [u for u in sample["units"] if u["unit"] in named_units]}
map_code = mapping(os.path.join(tmp, "anh-xa-ma.json"), True, "Báo cáo")
map_name = mapping(os.path.join(tmp, "anh-xa-ten.json"), False, "Báo cáo")


def total_row(units):
    return ["", "Tổng cộng", None] + [0] * (2 * len(inds))


def write_openpyxl(path, units, by_code, formulas=False):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Báo cáo"
    ws.append(HEAD1)
    ws.append(HEAD2)
    for k in range(len(inds)):
        ws.merge_cells(start_row=1, start_column=4 + 2 * k, end_row=1, end_column=5 + 2 * k)
    for r, row in enumerate(rows(units, by_code), start=3):
        if formulas:  # the denominators as sums, no cached value (openpyxl cannot compute)
            for k in range(len(inds)):
                d = row[4 + 2 * k]
                row[4 + 2 * k] = f"={d // 2}+{d - d // 2}"
        ws.append(row)
        ws.cell(r, 3).number_format = "dd/mm/yyyy"
    ws.append(total_row(units))
    wb.save(path)


def write_xlsxwriter(path, units, by_code, constant_memory):
    wb = xlsxwriter.Workbook(path, {"constant_memory": constant_memory})
    ws = wb.add_worksheet("Báo cáo")
    datef = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws.write_row(0, 0, HEAD1[:3])
    for k, ind in enumerate(inds):
        if constant_memory:
            ws.write(0, 3 + 2 * k, ind["short_name"])
        else:
            ws.merge_range(0, 3 + 2 * k, 0, 4 + 2 * k, ind["short_name"])
    ws.write_row(1, 3, HEAD2[3:])
    for r, row in enumerate(rows(units, by_code), start=2):
        ws.write_row(r, 0, row[:2])
        ws.write_datetime(r, 2, datetime.datetime.combine(row[2], datetime.time()), datef)
        for k in range(len(inds)):
            ws.write_number(r, 3 + 2 * k, row[3 + 2 * k])
            d = row[4 + 2 * k]
            ws.write_formula(r, 4 + 2 * k, f"={d // 2}+{d - d // 2}", None, d)  # cached value
    ws.write_row(len(units) + 2, 0, total_row(units))
    wb.close()


def run_import(name, files, mapping_path, expect, *extra):
    out = os.path.join(tmp, name + "-out", "du-lieu-2024-Q3.json")
    os.makedirs(os.path.dirname(out))
    rc, _, err = vb.import_(files, out, "2024-Q3", "--mapping", mapping_path, *extra)
    check(rc == 0, f"{name}: mã thoát {rc}: {err[:2000]}")
    if rc == 0:
        check(load_data(out) == expect, f"{name}: kết quả = mẫu du-lieu-2024-Q3.json")
    return err


levels = ["--level", "so", "--level", "huyen"]
p = os.path.join(tmp, "openpyxl.xlsx")
write_openpyxl(p, named_units, False)
err = run_import("openpyxl", [p], map_name, expect_named, *levels)
check("cảnh báo: " not in err, f"openpyxl: không cảnh báo: {err[:500]}")
p = os.path.join(tmp, "xlsxwriter.xlsx")
write_xlsxwriter(p, all_units, True, False)
run_import("xlsxwriter", [p], map_code, expect_all)
p = os.path.join(tmp, "xlsxwriter-inline.xlsx")
write_xlsxwriter(p, all_units, True, True)
run_import("xlsxwriter-inline", [p], map_code, expect_all)

# openpyxl with formulas has no cached values: refused cell by cell; LibreOffice computes them.
p = os.path.join(tmp, "cong-thuc.xlsx")
write_openpyxl(p, named_units, False, formulas=True)
out = os.path.join(tmp, "no-cache", "du-lieu-2024-Q3.json")
os.makedirs(os.path.dirname(out))
rc, _, err = vb.import_([p], out, "2024-Q3", "--mapping", map_name, *levels)
check(rc == 1 and not os.path.exists(out), "công thức chưa tính: mã thoát 1, không ghi tệp")
d0 = inds[0]["denominator"]
check(f"lỗi: {p}: 'Báo cáo'!E3: ô có công thức =" in err and
      "nhưng không có giá trị đã tính; mở tệp bằng Excel hoặc LibreOffice, tính lại và lưu, "
      f"hoặc nhập số ({d0}, chỉ tiêu \"{inds[0]['id']}\", đơn vị \"{named_units[0]}\")" in err,
      f"thông báo công thức chưa tính: {err[:400]}")
lo = os.path.join(tmp, "lo")
os.makedirs(lo)
soffice_convert([p], lo)
run_import("libreoffice", [os.path.join(lo, "cong-thuc.xlsx")], map_name, expect_named, *levels)

# CSV: UTF-8 with BOM and commas; UTF-16 with tabs (Excel's "Unicode text"); Windows-1258 with
# semicolons and thousands grouped by dots, tone marks as combining characters.
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text):
    out = []
    for ch in unicodedata.normalize("NFC", text):
        d = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(x for x in d if x not in TONES))
        out.append(base + "".join(x for x in d if x in TONES))
    return "".join(out).encode("cp1258")


def csv_text(units, delim, group):
    def field(v):
        s = str(v)
        if isinstance(v, int) and group and v >= 1000:
            s = f"{v:,}".replace(",", ".")
        if any(c in s for c in (delim, '"', "\n")):
            s = '"' + s.replace('"', '""') + '"'
        return s
    lines = [delim.join(field(x) for x in ([h or "" for h in HEAD1]))]
    lines.append(delim.join(field(x or "") for x in HEAD2))
    for row in rows(units, False):
        row[2] = row[2].strftime("%d/%m/%Y")
        lines.append(delim.join(field(x) for x in row))
    return "\r\n".join(lines) + "\r\n"


map_csv = mapping(os.path.join(tmp, "anh-xa-csv.json"), False)
cases = [("utf8.csv", csv_text(named_units, ",", False).encode("utf-8-sig"), []),
         ("utf16.csv", csv_text(named_units, "\t", False).encode("utf-16"), []),
         ("cp1258.csv", cp1258(csv_text(named_units, ";", True)), []),
         ("cp1258-given.csv", cp1258(csv_text(named_units, ";", True)), ["--encoding", "windows-1258"])]
for name, data, extra in cases:
    p = os.path.join(tmp, name)
    with open(p, "wb") as f:
        f.write(data)
    run_import(name, [p], map_csv, expect_named, *levels, *extra)

shutil.rmtree(tmp)
finish("check_exports")
