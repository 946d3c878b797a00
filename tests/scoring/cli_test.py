#!/usr/bin/python3
"""`vanban score` on the Đồng Nai samples and on broken copies of them: output formats, and for
each kind of bad input the exit code (1), an empty standard output, and a message naming the file,
the JSON pointer and the line (found here by searching the broken text, independently of vanban).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def run(vanban, *args):
    p = subprocess.run([vanban, "score", *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def line_of(text, needle, after=None):
    """Line of the first `needle`, or of the first one after the text `after`."""
    at = text.index(needle, text.index(after) if after else 0)
    return text.count("\n", 0, at) + 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vanban", required=True)
    ap.add_argument("--samples", required=True)
    a = ap.parse_args()
    vb, s = a.vanban, a.samples
    org = os.path.join(s, "org.json")
    base = ["--org", org, "--targets", s, "--data", s]

    # --- happy paths -------------------------------------------------------------------------
    code, out, err = run(vb, *base, "--period", "2024-Q2")
    check(code == 0, f"table exit code {code}: {err}")
    check("QUÝ II/2024" in out, "table title names the period")
    check("Thay đổi so với quý I/2024" in out, "table names the previous period")
    check(re.search(r"\b\d{1,3},\d%", out) is not None, "rates use a decimal comma (96,5%)")
    check(re.search(r"\b\d{1,3},\d\d\b", out) is not None, "totals use a decimal comma")
    check("SỞ, BAN, NGÀNH" in out and "HUYỆN, THÀNH PHỐ" in out and "XÃ, PHƯỜNG, THỊ TRẤN" in out,
          "three level sections")
    lines = [l for l in out.splitlines() if l.startswith("   1  ")]
    check(len(lines) >= 3, "rank 1 rows present")

    code, out, err = run(vb, *base, "--period", "2024-6T", "--level", "huyen", "--json")
    check(code == 0, f"json exit code {code}: {err}")
    doc = json.loads(out)
    check(doc["period"] == "2024-6T" and doc["period_label"] == "6 tháng đầu năm 2024", "json period")
    check(doc["previous_period"] == "2023-6T", "6T compares with 6T of the previous year")
    check(len(doc["units"]) == 11 and all(u["level"] == "huyen" for u in doc["units"]), "--level filter")
    u = doc["units"][0]
    for key in ("id", "name", "indicators", "total", "band", "rank", "rank_change", "total_change",
                "missing_quarters"):
        check(key in u, f"json unit has {key}")
    ind = u["indicators"]["on_time"]
    for key in ("numerator", "denominator", "rate", "points", "max_points", "target", "scored"):
        check(key in ind, f"json indicator has {key}")
    check(abs(ind["rate"] - 100 * ind["numerator"] / ind["denominator"]) < 1e-9, "rate = num/den")

    code, out, err = run(vb, *base, "--period", "2023")
    check(code == 0 and "Không so sánh với kỳ trước: không có bộ chỉ tiêu năm 2022" in out,
          "2023 has no previous year to compare with")
    check("chưa có số liệu quý IV/2023" in out, "a unit without Q4 data is reported as such")

    # --- a unit absent from a quarter's file: its own state, a warning (issue 19) ------------
    for period in ("2023-Q4", "2023"):
        code, out, err = run(vb, *base, "--period", period)
        check(code == 0, f"{period}: exit code {code}: {err}")
        warn = out[out.find("Cảnh báo:"):].split("\n\n")[0]
        check("Cảnh báo: chưa có số liệu (chưa báo cáo) của 1 đơn vị" in out,
              f"{period}: the table starts with a warning")
        check("Xã Đại Phước (Huyện Nhơn Trạch): quý IV/2023" in warn, f"{period}: the warning names the unit and quarter")
        check("cảnh báo" in err and "Xã Đại Phước (Huyện Nhơn Trạch): quý IV/2023" in err,
              f"{period}: the warning is on standard error too")
        row = [l for l in out.splitlines() if l.lstrip("—  ").startswith("Xã Đại Phước")]
        check(len(row) == 1, f"{period}: one row for Đại Phước")
        if row:
            check("KPS" not in row[0] and "chưa có số liệu quý IV/2023" in row[0],
                  f"{period}: Đại Phước's row says chưa có số liệu, not KPS: {row[0]}")
    code, out, err = run(vb, *base, "--period", "2023-Q4")
    row = [l for l in out.splitlines() if l.startswith("   —  Xã Đại Phước")]
    # Its quý III/2023 rank and total are shown though quý IV has none.
    q3 = json.loads(run(vb, *base, "--period", "2023-Q3", "--json")[1])
    dp = [u for u in q3["units"] if u["id"] == "nhon-trach-xa-dai-phuoc"][0]
    prev = rf"\s{dp['rank']}\s+" + f"{dp['total']:.2f}".replace(".", ",") + r"\s"
    check(row and re.search(prev, row[0] + " "),
          f"2023-Q4: Đại Phước shows its quý III rank and total ({prev})")
    code, out, err = run(vb, *base, "--period", "2023-Q4", "--json")
    doc = json.loads(out)
    dp = [u for u in doc["units"] if u["id"] == "nhon-trach-xa-dai-phuoc"][0]
    check(dp.get("status") == "missing_data" and dp["total"] is None and dp["rank"] is None,
          "json: Đại Phước is missing_data, no total, no rank")
    check(all(i.get("missing") and i["numerator"] is None and i["rate"] is None and not i["scored"]
              for i in dp["indicators"].values()), "json: no 0/0 counts for a missing unit")
    check(doc.get("warnings") == [{"kind": "missing_data", "unit": "nhon-trach-xa-dai-phuoc",
                               "quarters": ["2023-Q4"],
                               "message": "chưa có số liệu (chưa báo cáo) Xã Đại Phước (Huyện Nhơn Trạch): quý IV/2023"}],
          f"json: one warning: {doc.get('warnings')}")
    code, out, err = run(vb, *base, "--period", "2024-Q2", "--json")
    check(json.loads(out).get("warnings") == [] and err == "", "2024-Q2: no warning")

    # --- changes across two different methods are marked (issue 19) ----------------------------
    code, out, err = run(vb, *base, "--period", "2024-Q1")
    check("(*) Kỳ này (quý I/2024) chấm theo bộ chỉ tiêu năm 2024 (Quyết định 194/QĐ-UBND" in out
          and "kỳ trước (quý IV/2023) chấm theo bộ chỉ tiêu năm 2023 (Chỉ thị 02/CT-UBND" in out,
          "2024-Q1 against 2023-Q4: a footnote names both methods")
    check("± điểm (*)" in out, "2024-Q1: the change columns carry the mark")
    doc = json.loads(run(vb, *base, "--period", "2024", "--json")[1])
    check(doc.get("same_method") is False and doc.get("previous_method_year") == 2023
          and "bộ chỉ tiêu năm 2023" in doc.get("method_note", ""), "json: the year 2024 vs 2023")
    code, out, err = run(vb, *base, "--period", "2024-Q2")
    check("(*)" not in out, "2024-Q2 against 2024-Q1: same method, no mark")
    doc = json.loads(run(vb, *base, "--period", "2024-Q2", "--json")[1])
    check(doc.get("same_method") is True and "method_note" not in doc, "json: same method")

    code, out, err = run(vb, *base, "--period", "2024-Q5")
    check(code == 2 and "2024-Q5" in err and out == "", "bad period is a usage error")
    code, out, err = run(vb, "--org", org, "--period", "2024")
    check(code == 2 and "thiếu --targets" in err, "missing option is a usage error")
    code, out, err = run(vb, "--help")
    check(code == 0 and "--period" in out, "--help")

    # --- broken copies ------------------------------------------------------------------------
    with tempfile.TemporaryDirectory() as tmp:
        def broken(name, mutate):
            d = os.path.join(tmp, name)
            shutil.copytree(s, d)
            return d, mutate(d)

        def edit_data(d, quarter, fn):
            p = os.path.join(d, f"du-lieu-{quarter}.json")
            doc = json.load(open(p, encoding="utf-8"))
            fn(doc)
            text = json.dumps(doc, ensure_ascii=False, indent=1)
            open(p, "w", encoding="utf-8").write(text)
            return p, text

        def expect_error(d, period, file, pointer, line, detail):
            code, out, err = run(vb, "--org", os.path.join(d, "org.json"), "--targets", d, "--data", d,
                                 "--period", period)
            want = f"{file}: {pointer} (dòng {line}): "
            check(code == 1, f"{detail}: exit code {code}")
            check(out == "", f"{detail}: nothing printed on stdout")
            check(want in err, f"{detail}: expected '{want}' in: {err.strip()}")
            check(detail in err, f"{detail}: message text in: {err.strip()}")

        def set_count(i, ind, key, value):
            def fn(doc):
                doc["units"][i]["counts"][ind][key] = value
            return fn

        # negative count
        d, (p, text) = broken("neg", lambda d: edit_data(d, "2024-Q2", set_count(17, "on_time", "numerator", -3)))
        expect_error(d, "2024-Q2", p, "/units/17/counts/on_time/numerator",
                     line_of(text, '"numerator": -3'), "số đếm phải là số nguyên không âm, nhận được -3")
        # fractional count, in a quarter only the year needs
        d, (p, text) = broken("frac", lambda d: edit_data(d, "2024-Q4", set_count(40, "satisfaction", "denominator", 12.5)))
        expect_error(d, "2024", p, "/units/40/counts/satisfaction/denominator",
                     line_of(text, '"denominator": 12.5'), "nhận được 12.5")
        # not a number
        d, (p, text) = broken("str", lambda d: edit_data(d, "2024-Q1", set_count(3, "digitisation", "numerator", "ba")))
        expect_error(d, "2024-6T", p, "/units/3/counts/digitisation/numerator",
                     line_of(text, '"numerator": "ba"'), "nhận được chuỗi \"ba\"")

        # numerator above denominator
        def over(doc):
            c = doc["units"][60]["counts"]["on_time"]
            c["numerator"] = c["denominator"] + 7
        d, (p, text) = broken("over", lambda d: edit_data(d, "2024-Q3", over))
        u60 = json.load(open(p))["units"][60]
        num = u60["counts"]["on_time"]["numerator"]
        expect_error(d, "2024-9T", p, "/units/60/counts/on_time/numerator",
                     line_of(text, f'"numerator": {num}', f'"unit": "{u60["unit"]}"'), "lớn hơn mẫu số")

        # unknown unit
        def unknown(doc):
            doc["units"][5]["unit"] = "so-khong-co"
        d, (p, text) = broken("unknown", lambda d: edit_data(d, "2024-Q2", unknown))
        expect_error(d, "2024-Q2", p, "/units/5/unit", line_of(text, '"so-khong-co"'),
                     "đơn vị \"so-khong-co\" không có trong tệp tổ chức")

        # duplicated unit
        def dup(doc):
            doc["units"][9]["unit"] = doc["units"][2]["unit"]
        d, (p, text) = broken("dup", lambda d: edit_data(d, "2024-Q2", dup))
        dup_id = json.load(open(p))["units"][9]["unit"]
        second = text.index(f'"unit": "{dup_id}"', text.index(f'"unit": "{dup_id}"') + 1)
        expect_error(d, "2024-Q2", p, "/units/9/unit", text.count("\n", 0, second) + 1,
                     f"đơn vị \"{dup_id}\" bị trùng (đã có ở /units/2)")

        # an indicator without a target for the unit's level (no online payment target for communes)
        def pay(doc):
            doc["units"][100]["counts"]["online_payment"] = {"numerator": 1, "denominator": 2}
        d, (p, text) = broken("pay", lambda d: edit_data(d, "2024-Q2", pay))
        u100 = json.load(open(p))["units"][100]["unit"]
        expect_error(d, "2024-Q2", p, "/units/100/counts/online_payment",
                     line_of(text, '"online_payment"', f'"unit": "{u100}"'), "không có mục tiêu cho cấp Xã, phường, thị trấn năm 2024")

        # period inside does not match the name
        def per(doc):
            doc["period"] = "2024-Q3"
        d, (p, text) = broken("period", lambda d: edit_data(d, "2024-Q2", per))
        expect_error(d, "2024-Q2", p, "/period", line_of(text, '"period"'),
                     "kỳ trong tệp (2024-Q3) không khớp tên tệp (2024-Q2)")

        # malformed JSON
        def malformed(d):
            p = os.path.join(d, "du-lieu-2024-Q2.json")
            lines = open(p, encoding="utf-8").read().split("\n")
            lines[30] = lines[30] + ","  # a trailing comma before a closing brace or a duplicate comma
            open(p, "w", encoding="utf-8").write("\n".join(lines))
            return p
        d, p = broken("malformed", malformed)
        code, out, err = run(vb, "--org", os.path.join(d, "org.json"), "--targets", d, "--data", d,
                             "--period", "2024-Q2")
        check(code == 1 and out == "", "malformed JSON: exit code 1, nothing printed")
        check(re.search(re.escape(p) + r": \(dòng 3[12], cột \d+\): JSON không hợp lệ", err) is not None,
              f"malformed JSON names file, line and column: {err.strip()}")

        # an org problem
        def bad_org(d):
            p = os.path.join(d, "org.json")
            doc = json.load(open(p, encoding="utf-8"))
            doc["units"][30]["level"] = "tinh"
            text = json.dumps(doc, ensure_ascii=False, indent=2)
            open(p, "w", encoding="utf-8").write(text)
            return p, text
        d, (p, text) = broken("org", bad_org)
        expect_error(d, "2024-Q2", p, "/units/30/level", line_of(text, '"tinh"'), "cấp phải là")

        # a targets problem
        def bad_targets(d):
            p = os.path.join(d, "chi-tieu-2024.json")
            doc = json.load(open(p, encoding="utf-8"))
            doc["indicators"][0]["max_points"] = 30
            text = json.dumps(doc, ensure_ascii=False, indent=2)
            open(p, "w", encoding="utf-8").write(text)
            return p, text
        d, (p, text) = broken("targets", bad_targets)
        expect_error(d, "2024-Q2", p, "/indicators", line_of(text, '"indicators"'),
                     "tổng điểm tối đa của các chỉ tiêu phải bằng 100, đang là 105,00")

        # a file that does not belong to the requested period
        code, out, err = run(vb, "--org", org, "--targets", s, "--data",
                             os.path.join(s, "du-lieu-2024-Q2.json"), "--data",
                             os.path.join(s, "du-lieu-2024-Q4.json"), "--period", "2024-Q2")
        check(code == 1 and out == "" and "du-lieu-2024-Q4.json" in err and "không thuộc kỳ yêu cầu" in err,
              f"file outside the request: {err.strip()}")
        # a quarter missing for 6T
        code, out, err = run(vb, "--org", org, "--targets", s, "--data",
                             os.path.join(s, "du-lieu-2024-Q2.json"), "--period", "2024-6T")
        check(code == 1 and "thiếu tệp số liệu quý I/2024 (du-lieu-2024-Q1.json)" in err,
              f"missing quarter file: {err.strip()}")
        # files given one by one work without the previous period
        code, out, err = run(vb, "--org", org, "--targets", s, "--data",
                             os.path.join(s, "du-lieu-2024-Q2.json"), "--period", "2024-Q2")
        check(code == 0 and "Không so sánh với kỳ trước: không có đủ số liệu quý I/2024" in out,
              f"single file run: {err.strip()}")

    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
