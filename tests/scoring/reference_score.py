#!/usr/bin/python3
"""Independent reference for `vanban score`: recomputes every unit's total, band, rank (within
level and within district), missing quarters and change against the previous period from the
sample's JSON files with exact fractions, and compares with `vanban score --json`.

Written from the rules in docs/data-formats.md, not from the C++ code.
Exit status 0 when every figure matches, 1 otherwise (the differences are printed).
"""
import argparse
import json
import os
import subprocess
import sys
from fractions import Fraction as F


def quarters(period):
    if "-Q" in period:
        y, q = period.split("-Q")
        return [(int(y), int(q))]
    if period.endswith("-6T"):
        return [(int(period[:4]), q) for q in (1, 2)]
    if period.endswith("-9T"):
        return [(int(period[:4]), q) for q in (1, 2, 3)]
    return [(int(period), q) for q in (1, 2, 3, 4)]


def previous(period):
    if "-Q" in period:
        y, q = int(period[:4]), int(period[-1])
        return f"{y - 1}-Q4" if q == 1 else f"{y}-Q{q - 1}"
    return str(int(period[:4]) - 1) + period[4:]


def round_half_away(x):  # x >= 0, a Fraction; returns hundredths as int
    h = x * 100
    return int(h + F(1, 2)) if h >= 0 else -int(-h + F(1, 2))


def score(samples, org, period):
    year = int(period[:4])
    path = os.path.join(samples, f"chi-tieu-{year}.json")
    if not os.path.exists(path):
        return None
    method = json.load(open(path, encoding="utf-8"))
    data = []
    for y, q in quarters(period):
        p = os.path.join(samples, f"du-lieu-{y}-Q{q}.json")
        if not os.path.exists(p):
            return None
        d = json.load(open(p, encoding="utf-8"))
        data.append((f"{y}-Q{q}", {u["unit"]: u["counts"] for u in d["units"]}))
    result = {}
    for u in org["units"]:
        missing = [code for code, rows in data if u["id"] not in rows]
        got = F(0)
        maxima = F(0)
        for ind in method["indicators"]:
            t = ind["targets"].get(u["level"])
            if t is None:
                continue
            num = sum(rows[u["id"]][ind["id"]]["numerator"] for _, rows in data if u["id"] in rows)
            den = sum(rows[u["id"]][ind["id"]]["denominator"] for _, rows in data if u["id"] in rows)
            if den == 0:
                continue
            rate = F(100 * num, den)
            mx = F(str(ind["max_points"]))
            target = F(str(t))
            got += mx if rate >= target else rate * mx / target
            maxima += mx
        total = None
        band = None
        if not missing and maxima > 0:
            total = round_half_away(100 * got / maxima)
            for b in method["bands"]:
                if total >= round_half_away(F(str(b["min"]))):
                    band = b["name"]
                    break
        result[u["id"]] = {"total": total, "band": band, "missing": missing, "level": u["level"],
                           "district": u.get("district")}
    # Competition ranks: 1 + the number of units of the group with a greater total.
    for uid, r in result.items():
        if r["total"] is None:
            r["rank"] = r["rank_in_district"] = None
            continue
        same_level = [o for o in result.values() if o["level"] == r["level"] and o["total"] is not None]
        r["rank"] = 1 + sum(1 for o in same_level if o["total"] > r["total"])
        if r["level"] == "xa":
            r["rank_in_district"] = 1 + sum(1 for o in same_level
                                            if o["district"] == r["district"] and o["total"] > r["total"])
        else:
            r["rank_in_district"] = None
    return result


def method_key(samples, period):
    """What a total depends on in a year's method: indicators in order, maxima, targets."""
    path = os.path.join(samples, f"chi-tieu-{period[:4]}.json")
    if not os.path.exists(path):
        return None
    m = json.load(open(path, encoding="utf-8"))
    return [(i["id"], F(str(i["max_points"])),
             sorted((lv, F(str(t))) for lv, t in i["targets"].items() if t is not None))
            for i in m["indicators"]]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vanban", required=True)
    ap.add_argument("--samples", required=True)
    ap.add_argument("--periods", nargs="+", required=True)
    args = ap.parse_args()
    org = json.load(open(os.path.join(args.samples, "org.json"), encoding="utf-8"))
    failures = 0
    checked = 0
    for period in args.periods:
        out = subprocess.run([args.vanban, "score", "--org", os.path.join(args.samples, "org.json"),
                              "--targets", args.samples, "--data", args.samples, "--period", period,
                              "--json"], capture_output=True, text=True)
        if out.returncode != 0:
            print(f"{period}: vanban failed: {out.stderr}")
            failures += 1
            continue
        doc = json.loads(out.stdout)
        got = {u["id"]: u for u in doc["units"]}
        # Changes across two different methods (indicators, maxima or targets) are flagged.
        if doc["previous_period"] is not None:
            same = method_key(args.samples, period) == method_key(args.samples, previous(period))
            if doc.get("same_method") is not same:
                print(f"{period}: same_method {doc.get('same_method')}, expected {same}")
                failures += 1
        # Every unit missing from a quarter's file is a warning naming it and its quarters.
        ref_missing = {uid: r["missing"] for uid, r in score(args.samples, org, period).items()
                       if r["missing"]}
        warned = {w["unit"]: w["quarters"] for w in doc.get("warnings", [])
                  if w.get("kind") == "missing_data"}
        if warned != ref_missing:
            print(f"{period}: warnings {warned}, expected {ref_missing}")
            failures += 1
        ref = score(args.samples, org, period)
        prev = score(args.samples, org, previous(period))
        if len(got) != len(ref):
            print(f"{period}: {len(got)} units from vanban, {len(ref)} expected")
            failures += 1
        for uid, r in ref.items():
            g = got.get(uid)
            if g is None:
                print(f"{period}: {uid} missing from vanban output")
                failures += 1
                continue
            gt = None if g["total"] is None else round(g["total"] * 100)
            expect = {"total": r["total"], "band": r["band"], "rank": r["rank"],
                      "rank_in_district": r["rank_in_district"], "missing": r["missing"]}
            actual = {"total": gt, "band": g["band"], "rank": g["rank"],
                      "rank_in_district": g["rank_in_district"], "missing": g["missing_quarters"]}
            # A unit absent from a quarter's file has no figures at all for the period: no
            # counts, rates or points (not 0/0, not the other quarters' partial sums).
            if r["missing"]:
                expect["status"] = "missing_data"
                expect["figures"] = []
            else:
                expect["status"] = "ranked" if r["total"] is not None else "not_scored"
                expect["figures"] = sorted(g["indicators"])
            actual["status"] = g.get("status")
            actual["figures"] = sorted(k for k, i in g["indicators"].items()
                                       if i["numerator"] is not None or i["rate"] is not None)
            p = prev.get(uid) if prev else None
            # The previous rank and total are shown whenever the previous period ranked the
            # unit, also when this period does not.
            ranked_before = p is not None and p["total"] is not None
            expect["previous_rank"] = p["rank"] if ranked_before else None
            expect["previous_total"] = p["total"] if ranked_before else None
            actual["previous_rank"] = g["previous_rank"]
            actual["previous_total"] = (None if g["previous_total"] is None
                                        else round(g["previous_total"] * 100))
            if p and p["total"] is not None and r["total"] is not None:
                expect["rank_change"] = p["rank"] - r["rank"]
                expect["total_change"] = r["total"] - p["total"]
            else:
                expect["rank_change"] = None
                expect["total_change"] = None
            actual["rank_change"] = g["rank_change"]
            actual["total_change"] = None if g["total_change"] is None else round(g["total_change"] * 100)
            if expect != actual:
                print(f"{period}: {uid}: expected {expect}, vanban gave {actual}")
                failures += 1
            checked += 1
    print(f"{checked} unit results compared over {len(args.periods)} periods, {failures} differences")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
