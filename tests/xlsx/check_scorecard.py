#!/usr/bin/python3
"""Reads `vanban scorecard` workbooks back with tools that share no code with vanban.

For each period (every kind, and a year with missing data and no previous year), on the Đồng Nai
samples:
  * openpyxl finds every sheet, header, number format, conditional format, frozen pane,
    autofilter, print setup, document property and formula;
  * the cached values (what Excel shows on opening) equal `vanban score --json`;
  * LibreOffice, told to recalculate on load, recalculates every formula and every recalculated
    value equals the cached one (1e-9). A copy with one cached total tampered with proves that
    LibreOffice did recalculate (the check would fail on it).
Also: the same command twice gives the same bytes; bad input gives `vanban score`'s messages and
exit codes and leaves no file; an unwritable output names the file and leaves nothing.
"""
import argparse
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

import openpyxl

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)
    return cond


def close(a, b, tol=1e-9):
    return isinstance(a, (int, float)) and not isinstance(a, bool) and abs(a - b) <= tol


LEVEL_NAMES = {"so": "Sở, ban, ngành", "huyen": "Huyện, thành phố", "xa": "Xã, phường, thị trấn"}


class Runner:
    def __init__(self, vanban, samples):
        self.vanban, self.samples = vanban, samples

    def base(self, d=None):
        d = d or self.samples
        return ["--org", os.path.join(d, "org.json"), "--targets", d, "--data", d]

    def run(self, cmd, *args):
        p = subprocess.run([self.vanban, cmd, *args], capture_output=True, text=True)
        return p.returncode, p.stdout, p.stderr

    def score_json(self, period, extra=()):
        code, out, err = self.run("score", *self.base(), "--period", period, "--json", *extra)
        assert code == 0, err
        return json.loads(out)

    def scorecard(self, period, out, extra=()):
        code, _, err = self.run("scorecard", *self.base(), "--period", period, "-o", out, *extra)
        check(code == 0, f"{period}: scorecard exit code {code}: {err}")
        return code == 0


def method_of(samples, year):
    return json.load(open(os.path.join(samples, f"chi-tieu-{year}.json"), encoding="utf-8"))


def header_map(ws, row):
    """Header text -> column; a "(*)" mark (a change across two methods) is dropped."""
    return {ws.cell(row=row, column=c).value.removesuffix(" (*)"): c
            for c in range(1, ws.max_column + 1) if ws.cell(row=row, column=c).value is not None}


ORG = {}


def shown_name(u):
    """A unit's name as a sheet shows it alone: with its district when another unit of its
    level has the same name (two pairs of communes in the samples)."""
    same = [o for o in ORG["units"] if o["level"] == u["level"] and o["name"] == u["name"]]
    if len(same) < 2 or not u.get("district"):
        return u["name"]
    return u["name"] + " (" + next(o["name"] for o in ORG["units"] if o["id"] == u["district"]) + ")"


def ranking_rows(ws, first_row):
    """(row number, unit name) of the unit rows, skipping the level section rows."""
    rows = []
    for r in range(first_row, ws.max_row + 1):
        a, b = ws.cell(row=r, column=1).value, ws.cell(row=r, column=2).value
        if b is None:
            continue
        rows.append((r, b))
    return rows


def check_structure(tag, wb, doc, method, expect_levels):
    """Sheets, headers, formats, conditional formats, panes, filters, print setup, formulas."""
    inds = method["indicators"]
    names = ["Xếp hạng"] + [i["short_name"] for i in inds] + ["Chỉ tiêu", "Chưa đạt", "Biểu đồ"]
    check(wb.sheetnames == names, f"{tag}: sheets {wb.sheetnames}")
    ws = wb["Xếp hạng"]
    title = ws["A4"].value or ""
    label = doc["period_label"].upper()
    check(title == "BẢNG TỔNG HỢP KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH " + label,
          f"{tag}: title '{title}'")
    check(ws["A2"].value == "SỞ NỘI VỤ" and ws["A1"].value == "UBND TỈNH ĐỒNG NAI",
          f"{tag}: issuing agency block")
    check(re.match(r"Đồng Nai, ngày \d\d tháng \d\d? năm \d{4}$", ws["A6"].value or "") is not None,
          f"{tag}: date line '{ws['A6'].value}'")
    h = header_map(ws, 8)
    want = ["Hạng", "Đơn vị"] + [i["short_name"] for i in inds] + ["Tổng điểm", "Xếp loại"]
    if "xa" in expect_levels:
        want += ["Huyện, thành phố", "Hạng trong huyện"]
    if doc["previous_period"]:
        want += ["± hạng", "± điểm"]
    for w in want:
        check(w in h, f"{tag}: Xếp hạng header '{w}' in {list(h)}")
    check(ws.freeze_panes == "C9", f"{tag}: Xếp hạng frozen at {ws.freeze_panes}")
    check(ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A8:"),
          f"{tag}: Xếp hạng autofilter {ws.auto_filter.ref}")
    check_print(tag + " Xếp hạng", ws, "$8:$8")
    rows = ranking_rows(ws, 9)
    check(len(rows) == len(doc["units"]), f"{tag}: {len(rows)} unit rows, json {len(doc['units'])}")
    tcol, rcol, bcol = h["Tổng điểm"], h["Hạng"], h["Xếp loại"]
    n_total = 0
    for (r, _), u in zip(rows, doc["units"]):
        if u["total"] is None:
            continue
        n_total += 1
        f = ws.cell(row=r, column=tcol)
        check(isinstance(f.value, str) and f.value.startswith("=ROUND(100*SUM("),
              f"{tag}: total formula at row {r}: {f.value}")
        check(f.number_format == "0.00", f"{tag}: total format {f.number_format}")
        check(str(ws.cell(row=r, column=rcol).value).startswith("=RANK("), f"{tag}: rank formula")
        check(str(ws.cell(row=r, column=bcol).value).startswith("=IF("), f"{tag}: band formula")
        for k, ind in enumerate(inds):
            c = ws.cell(row=r, column=h[ind["short_name"]])
            if ind["id"] in u["indicators"]:
                check(str(c.value).startswith("='") and c.number_format == "0.0%",
                      f"{tag}: rate cell {c.coordinate}: {c.value} {c.number_format}")
        if doc["previous_period"] and u["rank_change"] is not None:
            check(ws.cell(row=r, column=h["± hạng"]).number_format == "+0;-0;0", f"{tag}: ± hạng format")
    check(n_total > 0, f"{tag}: some units have totals")
    rules = [(str(cf.sqref), rule.type) for cf in ws.conditional_formatting for rule in cf.rules]
    tletter = openpyxl.utils.get_column_letter(tcol)
    check(any(t == "dataBar" and rng.startswith(tletter) for rng, t in rules),
          f"{tag}: data bars on totals ({rules[:4]})")
    check(any(t == "cellIs" for _, t in rules), f"{tag}: cell rules on rates and bands")
    # Column widths fitted: the unit column holds the longest name.
    longest = max(len(n) for _, n in rows)
    width = ws.column_dimensions["B"].width
    check(width is not None and longest * 0.85 <= width <= longest * 1.6 + 4,
          f"{tag}: unit column width {width} for {longest} characters")

    for ind in inds:
        ws = wb[ind["short_name"]]
        check((ws["A1"].value or "").startswith(ind["name"].upper()), f"{tag}: {ind['id']} title")
        h = header_map(ws, 4)
        for w in ["STT", "Mã đơn vị", "Đơn vị", "Cấp", ind["numerator"], ind["denominator"], "Tỷ lệ",
                  "Chỉ tiêu", "Kết quả", "Điểm tối đa", "Điểm"]:
            check(w in h, f"{tag}: {ind['id']} header '{w}'")
        check(ws.freeze_panes == "D5", f"{tag}: {ind['id']} frozen at {ws.freeze_panes}")
        check((ws.auto_filter.ref or "").startswith("A4:L"), f"{tag}: {ind['id']} autofilter")
        check_print(f"{tag} {ind['id']}", ws, "$4:$4")
        if ws.max_row >= 5:
            check(isinstance(ws["E5"].value, int) and ws["E5"].number_format == "#,##0",
                  f"{tag}: {ind['id']} counts are typed numbers")
            check(ws["G5"].value == "=IF(F5=0,\"KPS\",E5/F5)" and ws["G5"].number_format == "0.0%",
                  f"{tag}: {ind['id']} rate formula {ws['G5'].value}")
            check(str(ws["K5"].value).startswith("=IF(F5=0,\"KPS\",IF(G5>=H5,J5,"),
                  f"{tag}: {ind['id']} points formula {ws['K5'].value}")
            check(ws["H5"].number_format in ("0%", "0.0%"), f"{tag}: target format")
        rules = [rule for cf in ws.conditional_formatting for rule in cf.rules]
        check(any(r.type == "cellIs" and r.formula == ['"Đạt"'] for r in rules),
              f"{tag}: {ind['id']} 'Đạt' highlighted")
        check(any(r.type == "cellIs" and r.formula == ['"Chưa đạt"'] for r in rules),
              f"{tag}: {ind['id']} 'Chưa đạt' highlighted")
    ws = wb["Chỉ tiêu"]
    check(ws["A4"].value == "CHỈ TIÊU VÀ PHƯƠNG PHÁP CHẤM ĐIỂM", f"{tag}: Chỉ tiêu title")
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    check(any(t.startswith("Phương pháp chấm điểm") for t in texts), f"{tag}: method in words")
    for b in method["bands"]:
        check(b["name"] in texts, f"{tag}: band {b['name']} on Chỉ tiêu")
    check_print(tag + " Chỉ tiêu", wb["Chưa đạt"], "$7:$7")


def check_print(tag, ws, title_rows):
    ps = ws.page_setup
    check(ps.orientation == "landscape", f"{tag}: orientation {ps.orientation}")
    check(str(ps.paperSize) == "9", f"{tag}: paper {ps.paperSize}")
    check(ws.sheet_properties.pageSetUpPr.fitToPage and ps.fitToWidth in (None, 1, "1")
          and ps.fitToHeight in (0, "0"), f"{tag}: one page wide")
    check(ws.print_title_rows == title_rows, f"{tag}: repeated rows {ws.print_title_rows}")
    check(ws.oddFooter.center.text == "Trang &P/&N", f"{tag}: footer {ws.oddFooter.center.text}")


def check_properties(tag, path, date):
    wb = openpyxl.load_workbook(path, read_only=True)
    p = wb.properties
    check(p.creator == "Sở Nội vụ", f"{tag}: author {p.creator}")
    check((p.title or "").startswith("Bảng tổng hợp kết quả chỉ số cải cách hành chính"),
          f"{tag}: title {p.title}")
    check(p.created == datetime.datetime.fromisoformat(date), f"{tag}: created {p.created}")
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        charts = [n for n in names if n.startswith("xl/charts/chart")]
        check(len(charts) >= 2, f"{tag}: charts {charts}")
        kinds = "".join(z.read(n).decode() for n in charts)
        check("<c:barChart>" in kinds and "<c:barDir val=\"bar\"/>" in kinds
              and "<c:barDir val=\"col\"/>" in kinds, f"{tag}: a bar and a column chart")
        check(all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in z.infolist()),
              f"{tag}: zip entries carry no clock time")
    wb.close()


def previous_label(doc):
    y, _, q = doc["previous_period"].partition("-Q")
    if q:
        return "quý " + ["I", "II", "III", "IV"][int(q) - 1] + "/" + y
    return {"6T": "6 tháng đầu năm ", "9T": "9 tháng năm "}.get(doc["previous_period"][5:], "năm ") + y[:4]


def check_comparison(tag, wb, doc):
    """No comparison: the sheet says why; a comparison across two methods: marked, both named."""
    ws = wb["Xếp hạng"]
    lines = [ws.cell(row=r, column=1).value or "" for r in range(5, 8)]
    heads = [ws.cell(row=8, column=c).value for c in range(1, ws.max_column + 1)]
    if not doc["previous_period"]:
        check(any("không so sánh với kỳ trước: " + doc["previous_unavailable"] in l for l in lines),
              f"{tag}: says why there is no comparison: {lines}")
        return
    marked = [h for h in heads if h and h.endswith(" (*)")]
    if doc["same_method"]:
        check(not marked and not any("(*)" in l for l in lines), f"{tag}: same method, no mark")
        return
    check(marked == ["± hạng (*)", "± điểm (*)"], f"{tag}: change headers marked: {marked}")
    note = [l for l in lines if l.startswith("(*) ")]
    check(len(note) == 1 and f"bộ chỉ tiêu năm {doc['method_year']}" in note[0]
          and f"bộ chỉ tiêu năm {doc['previous_method_year']}" in note[0],
          f"{tag}: a footnote names both methods: {lines}")


def check_values(tag, wb, doc, method, reached_by_level):
    """The cached values (data_only) equal `vanban score --json`."""
    inds = method["indicators"]
    ws = wb["Xếp hạng"]
    h = header_map(ws, 8)
    rows = ranking_rows(ws, 9)
    for (r, name), u in zip(rows, doc["units"]):
        v = lambda col: ws.cell(row=r, column=h[col]).value
        t = f"{tag}: {u['id']}"
        check(name == shown_name(u), f"{t}: row {r} holds {name}")
        if u["total"] is None:
            check(v("Hạng") == "—" and v("Tổng điểm") == "—", f"{t}: no total shown as —")
            want = ("Chưa có số liệu " if u["missing_quarters"] else "Không phát sinh")
            check(str(v("Xếp loại")).startswith(want), f"{t}: reason {v('Xếp loại')}")
        else:
            check(v("Hạng") == u["rank"], f"{t}: rank {v('Hạng')} != {u['rank']}")
            check(close(v("Tổng điểm"), u["total"]), f"{t}: total {v('Tổng điểm')} != {u['total']}")
            check(v("Xếp loại") == u["band"], f"{t}: band")
            if u["level"] == "xa":
                check(v("Hạng trong huyện") == u["rank_in_district"], f"{t}: rank in district")
        for ind in inds:
            c = v(ind["short_name"])
            s = u["indicators"].get(ind["id"])
            if s is None:
                check(c == "—", f"{t}: {ind['id']} not applicable shown as —, got {c}")
            elif s.get("missing"):
                check(c == "—", f"{t}: {ind['id']} chưa có số liệu shown as —, got {c}")
            elif not s["scored"]:
                check(c == "KPS", f"{t}: {ind['id']} KPS, got {c}")
            else:
                check(close(c, s["rate"] / 100), f"{t}: {ind['id']} rate {c} != {s['rate']}")
        if doc["previous_period"]:
            prev = previous_label(doc)
            # The previous rank and total, also for a unit this period does not rank.
            if u["previous_rank"] is None:
                check(v("Hạng " + prev) == "—", f"{t}: no previous rank shown as —")
            else:
                check(v("Hạng " + prev) == u["previous_rank"], f"{t}: previous rank {v('Hạng ' + prev)}")
                check(close(v("Điểm " + prev), u["previous_total"]), f"{t}: previous total")
            if u["rank_change"] is None:
                check(v("± hạng") == "—", f"{t}: no previous shown as —")
            else:
                check(v("± hạng") == u["rank_change"], f"{t}: rank change")
                check(close(v("± điểm"), u["total_change"]), f"{t}: total change")
    for k, ind in enumerate(inds):
        ws = wb[ind["short_name"]]
        seen = 0
        by_id = {u["id"]: u for u in doc["units"]}
        for r in range(5, ws.max_row + 1):
            uid = ws.cell(row=r, column=2).value
            if uid is None:
                continue
            seen += 1
            s = by_id[uid]["indicators"][ind["id"]]
            val = [ws.cell(row=r, column=c).value for c in range(5, 13)]
            t = f"{tag}: {ind['id']} {uid}"
            if s.get("missing"):
                # Not 0/0: the unit is absent from a quarter's file.
                check(val[0] == "—" and val[1] == "—", f"{t}: no counts for a missing unit: {val}")
                check(str(val[2]).startswith("Chưa có số liệu") and val[4] == "Chưa báo cáo"
                      and val[6] == "—" and val[7] == 0, f"{t}: chưa có số liệu: {val}")
                continue
            check(val[0] == s["numerator"] and val[1] == s["denominator"], f"{t}: counts")
            check(close(val[3], s["target"] / 100), f"{t}: target {val[3]}")
            check(close(val[5], s["max_points"]), f"{t}: max")
            if s["scored"]:
                check(close(val[2], s["rate"] / 100), f"{t}: rate")
                check(val[4] == ("Đạt" if s["reached"] else "Chưa đạt"), f"{t}: met {val[4]}")
                check(close(val[6], s["points"]), f"{t}: points {val[6]} != {s['points']}")
                check(close(val[7], s["max_points"]), f"{t}: counted max")
            else:
                check(val[2] == "KPS" and val[4] == "KPS" and val[6] == "KPS", f"{t}: KPS")
                check(val[7] == 0, f"{t}: KPS counts no maximum")
        want = sum(1 for u in doc["units"] if ind["id"] in u["indicators"])
        check(seen == want, f"{tag}: {ind['id']} has {seen} rows, json {want}")
    # Chưa đạt: exactly the scored, missed (unit, indicator) pairs, with the shortfall.
    ws = wb["Chưa đạt"]
    got = []
    for r in range(8, ws.max_row + 1):
        if ws.cell(row=r, column=2).value is None:
            continue
        got.append((ws.cell(row=r, column=2).value, ws.cell(row=r, column=4).value,
                    ws.cell(row=r, column=5).value, ws.cell(row=r, column=7).value))
    want = []
    for u in doc["units"]:
        for ind in inds:
            s = u["indicators"].get(ind["id"])
            if s and s["scored"] and not s["reached"]:
                want.append((shown_name(u), ind["name"], s["rate"] / 100,
                             (s["target"] - s["rate"]) / 100))
    check(len(got) == len(want), f"{tag}: Chưa đạt has {len(got)} rows, expected {len(want)}")
    for g, w in zip(got, want):
        check(g[0] == w[0] and g[1] == w[1] and close(g[2], w[2]) and close(g[3], w[3]),
              f"{tag}: Chưa đạt row {g} != {w}")
    # Biểu đồ: units per band and level.
    ws = wb["Biểu đồ"]
    levels = [lv for lv in ("so", "huyen", "xa") if any(u["level"] == lv for u in doc["units"])]
    for r in range(8, 8 + len(method["bands"])):
        band = ws.cell(row=r, column=1).value
        for j, lv in enumerate(levels):
            n = sum(1 for u in doc["units"] if u["level"] == lv and u["band"] == band)
            check(ws.cell(row=r, column=2 + j).value == n, f"{tag}: {band} {lv} count")


def formula_cells(path):
    wb = openpyxl.load_workbook(path)
    cells = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    cells.append((ws.title, c.coordinate))
    return cells


def compare_recalculated(tag, original, recalculated, cells):
    """Every recalculated formula value equals the cached one. Returns the mismatches."""
    a = openpyxl.load_workbook(original, data_only=True)
    b = openpyxl.load_workbook(recalculated, data_only=True)
    bad = []
    for sheet, coord in cells:
        x, y = a[sheet][coord].value, b[sheet][coord].value
        if isinstance(x, (int, float)) and isinstance(y, (int, float)):
            ok = abs(x - y) <= 1e-9
        else:
            ok = x == y
        if not ok:
            bad.append((sheet, coord, x, y))
    return bad


def libreoffice_recalc(files, outdir, profile):
    """Converts the workbooks with LibreOffice, recalculating every formula on load."""
    user = os.path.join(profile, "user")
    os.makedirs(user, exist_ok=True)
    with open(os.path.join(user, "registrymodifications.xcu"), "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
                'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
                'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
                '<item oor:path="/org.openoffice.Office.Calc/Formula/Load">'
                '<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>\n'
                '</oor:items>\n')
    os.makedirs(outdir, exist_ok=True)
    p = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", outdir, *files],
                       capture_output=True, text=True, timeout=300)
    check(p.returncode == 0, f"soffice: {p.stderr}")


def check_vietnamese_display(path, doc, tmp):
    """LibreOffice in a vi-VN locale shows the cells as "96,5%" and "95,23": number formats, not
    text. Exports the Xếp hạng sheet as shown (CSV) and compares with the JSON figures."""
    profile = os.path.join(tmp, "lo-vi")
    os.makedirs(os.path.join(profile, "user"), exist_ok=True)
    with open(os.path.join(profile, "user", "registrymodifications.xcu"), "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
                'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
                'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
                '<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" '
                'oor:op="fuse"><value>vi-VN</value></prop></item>\n</oor:items>\n')
    out = os.path.join(tmp, "vi")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,true",
                    "--outdir", out, path], capture_output=True, text=True, timeout=300)
    csv = os.path.join(out, os.path.splitext(os.path.basename(path))[0] + ".csv")
    if not check(os.path.exists(csv), "LibreOffice (vi-VN) exported the ranking as shown"):
        return
    lines = open(csv, encoding="utf-8").read().split("\n")
    u = doc["units"][0]
    row = next((l.split(";") for l in lines if f";{u['name']};" in l), None)
    if not check(row is not None, f"vi-VN: row of {u['name']}"):
        return
    rates = [c for c in row if re.fullmatch(r"\d{1,3},\d%", c)]
    totals = [c for c in row if re.fullmatch(r"\d{1,3},\d\d", c)]
    want = [s["rate"] for s in u["indicators"].values() if s["scored"]]
    check(len(rates) == len(want) > 0, f"vi-VN: rates shown with a decimal comma: {row}")
    got = [float(c[:-1].replace(",", ".")) for c in rates]
    check(len(got) == len(want) and all(abs(g - w) <= 0.05 + 1e-9 for g, w in zip(got, want)),
          f"vi-VN: rates {got} for {want}")
    check(totals and abs(float(totals[0].replace(",", ".")) - u["total"]) < 1e-9,
          f"vi-VN: total shown as {totals[:1]} for {u['total']}")


def tamper(src, dst):
    """A copy whose first cached total (a ROUND formula) is off by 1."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                m = re.search(r"(<f>ROUND\([^<]*</f><v>)([0-9.]+)(</v>)", text)
                text = text[:m.start(2)] + repr(float(m.group(2)) + 1) + text[m.end(2):]
                data = text.encode()
            zout.writestr(item, data)


def check_bad_input(r, tmp):
    """Bad input: `vanban score`'s message and exit code, and no file in the output folder."""
    s = r.samples

    def copy(name):
        d = os.path.join(tmp, name)
        shutil.copytree(s, d)
        return d

    cases = []
    d = copy("neg")
    p = os.path.join(d, "du-lieu-2024-Q2.json")
    doc = json.load(open(p, encoding="utf-8"))
    doc["units"][17]["counts"]["on_time"]["numerator"] = -3
    open(p, "w", encoding="utf-8").write(json.dumps(doc, ensure_ascii=False, indent=1))
    cases.append(("negative count", r.base(d) + ["--period", "2024-Q2"]))
    d = copy("missing")
    os.remove(os.path.join(d, "du-lieu-2024-Q3.json"))
    cases.append(("missing quarter file", r.base(d) + ["--period", "2024-9T"]))
    d = copy("org")
    p = os.path.join(d, "org.json")
    doc = json.load(open(p, encoding="utf-8"))
    doc["units"][30]["level"] = "tinh"
    open(p, "w", encoding="utf-8").write(json.dumps(doc, ensure_ascii=False, indent=2))
    cases.append(("bad org", r.base(d) + ["--period", "2024"]))
    cases.append(("bad period", r.base() + ["--period", "2024-Q5"]))
    cases.append(("bad level", r.base() + ["--period", "2024", "--level", "tinh"]))
    out_dir = os.path.join(tmp, "out")
    os.makedirs(out_dir)
    for what, args in cases:
        c1, _, e1 = r.run("score", *args)
        c2, o2, e2 = r.run("scorecard", *args, "-o", os.path.join(out_dir, "x.xlsx"))
        check(c1 == c2 and c1 in (1, 2), f"bad input ({what}): exit codes {c1} {c2}")
        first = lambda e, cmd: e.replace(f"vanban {cmd}: ", "", 1).split("\n")[0]
        check(first(e1, "score") == first(e2, "scorecard") and e2.strip() != "",
              f"bad input ({what}): messages differ:\n  {e1.strip()}\n  {e2.strip()}")
        check(os.listdir(out_dir) == [], f"bad input ({what}): left {os.listdir(out_dir)}")
    # A missing output folder: exit 1, a Vietnamese message naming the file, nothing written.
    target = os.path.join(out_dir, "khong-co", "x.xlsx")
    c, _, e = r.run("scorecard", *r.base(), "--period", "2024-Q2", "-o", target)
    check(c == 1 and "Không ghi được tệp" in e and target in e, f"unwritable output: {c} {e}")
    check(os.listdir(out_dir) == [], f"unwritable output left {os.listdir(out_dir)}")
    c, _, e = r.run("scorecard", *r.base(), "--period", "2024-Q2")
    check(c == 2 and "thiếu -o" in e, f"missing -o: {c} {e}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vanban", required=True)
    ap.add_argument("--samples", required=True)
    ap.add_argument("--keep", help="keep the workbooks in this folder")
    a = ap.parse_args()
    r = Runner(a.vanban, a.samples)
    ORG.update(json.load(open(os.path.join(a.samples, "org.json"), encoding="utf-8")))
    tmp = tempfile.mkdtemp(prefix="vanban-scorecard-")
    work = a.keep or tmp
    os.makedirs(work, exist_ok=True)
    # (period, extra options, levels included, report date)
    runs = [("2024-Q2", [], ["so", "huyen", "xa"], "2024-07-01"),
            ("2024-6T", [], ["so", "huyen", "xa"], "2024-07-01"),
            ("2024-9T", ["--date", "2024-10-07"], ["so", "huyen", "xa"], "2024-10-07"),
            ("2024", [], ["so", "huyen", "xa"], "2025-01-01"),
            ("2023", [], ["so", "huyen", "xa"], "2024-01-01"),
            ("2023-Q4", [], ["so", "huyen", "xa"], "2024-01-01"),
            ("2024-Q1", ["--level", "xa", "--level", "huyen"], ["xa", "huyen"], "2024-04-01")]
    files, cells = [], {}
    for period, extra, levels, date in runs:
        tag = period + ("-" + "-".join(levels) if len(levels) < 3 else "")
        out = os.path.join(work, f"bang-diem-{tag}.xlsx")
        if not r.scorecard(period, out, extra):
            continue
        lv = [x for l in levels for x in ("--level", l)] if len(levels) < 3 else []
        doc = r.score_json(period, lv)
        method = method_of(a.samples, doc["method_year"])
        check(set(u["level"] for u in doc["units"]) == set(levels), f"{tag}: levels")
        check_structure(tag, openpyxl.load_workbook(out), doc, method, levels)
        check_properties(tag, out, date)
        check_values(tag, openpyxl.load_workbook(out, data_only=True), doc, method, None)
        check_comparison(tag, openpyxl.load_workbook(out, data_only=True), doc)
        files.append(out)
        cells[out] = formula_cells(out)

    # Determinism: the same command a second later gives the same bytes.
    time.sleep(1.1)
    again = os.path.join(tmp, "again.xlsx")
    r.scorecard("2024-Q2", again)
    check(open(again, "rb").read() == open(files[0], "rb").read(), "same input, same bytes")

    # LibreOffice recalculation, one soffice run for every workbook and the tampered copy.
    tampered = os.path.join(tmp, "tampered.xlsx")
    tamper(files[0], tampered)
    recalc = os.path.join(tmp, "recalc")
    libreoffice_recalc(files + [tampered], recalc, os.path.join(tmp, "lo-profile"))
    for f in files:
        out = os.path.join(recalc, os.path.basename(f))
        if not check(os.path.exists(out), f"LibreOffice wrote {out}"):
            continue
        bad = compare_recalculated(os.path.basename(f), f, out, cells[f])
        check(not bad, f"{os.path.basename(f)}: {len(bad)} of {len(cells[f])} recalculated values "
                       f"differ from the cached ones, e.g. {bad[:3]}")
        check(len(cells[f]) > 1000, f"{os.path.basename(f)}: {len(cells[f])} formulas")
    bad = compare_recalculated("tampered", tampered, os.path.join(recalc, "tampered.xlsx"),
                               cells[files[0]])
    check(len(bad) >= 1, "LibreOffice recalculated the tampered total (the check can fail)")

    check_vietnamese_display(files[0], r.score_json("2024-Q2"), tmp)
    check_bad_input(r, tmp)
    shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print(f"{len(failures)} failure(s)")
        sys.exit(1)
    print("scorecard workbooks: all checks passed")


if __name__ == "__main__":
    main()
