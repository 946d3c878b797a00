#!/usr/bin/python3
"""The leaders' scorecards (vanban scorecard --pdf) read back with poppler, against `vanban score
--json` of the same period (an independent path: the JSON printer, not the page builder).

  batch     a job with leader_scorecards for 2024-Q2: tong-hop-lanh-dao-quy-II-2024.pdf (3
            pages) and phieu-diem-lanh-dao-quy-II-2024.pdf in quy-II-2024/; a rerun keeps both.
  province  that PDF, every level: 3 summary pages + one page per unit, each unit page found by
            its name and district (pdftotext -bbox-layout), showing exactly its total, band,
            rank/ranked, rank change, every applicable indicator's rate and target (or "Không
            phát sinh"), in the big type for the total; bookmarks (pdftohtml -xml outline): one
            per unit under its level (communes under their district); only Liberation Serif
            embedded (pdffonts); the summary's pooled rates equal Σ numerators / Σ denominators
            of score --json, its five best and worst equal the ranks.
  bars      one unit's page (--unit; its remedies are the --job file's): rendered to pixels
            (pdftoppm, 254 dpi), the green/red bars are rate/100 x 38 mm long (within 0.25 mm),
            in the order of the indicators.
  kps       a commune whose every count is 0 in a one-quarter period (2024-Q1): renders, says
            "Không phát sinh" for each indicator and "Chưa xếp hạng".
  errors    unknown --unit: exit 1, message names it, no file; bad --period: exit 2.

Usage: check_leader.py VANBAN SAMPLES_DIR [--keep DIR]
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

VANBAN, SAMPLES = sys.argv[1], sys.argv[2]
KEEP = sys.argv[sys.argv.index("--keep") + 1] if "--keep" in sys.argv else None
BAR_MM = 38.0
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)


def run(args, ok=True):
    p = subprocess.run(args, capture_output=True, text=True)
    if ok and p.returncode != 0:
        sys.exit("command failed (%d): %s\n%s" % (p.returncode, " ".join(args), p.stderr))
    return p


def vn_number(v, decimals):
    s = "%.*f" % (decimals, v + (1e-9 if v >= 0 else -1e-9))
    whole, _, frac = s.partition(".")
    neg = whole.startswith("-")
    whole = whole.lstrip("-")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = ("-" if neg else "") + ".".join(groups)
    return out + ("," + frac if frac else "")


def target_text(t):
    return vn_number(t, 0) + "%" if abs(t - round(t)) < 1e-9 else vn_number(t, 2) + "%"


def pages_words(pdf):
    """[(page words [(text, xMin, yMin, xMax, yMax)])] from pdftotext -bbox-layout."""
    xml = run(["pdftotext", "-bbox-layout", pdf, "-"]).stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml)
    root = ET.fromstring(xml)
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    out = []
    for page in root.iter("{http://www.w3.org/1999/xhtml}page"):
        ws = []
        for w in page.iter("{http://www.w3.org/1999/xhtml}word"):
            ws.append((w.text or "", float(w.get("xMin")), float(w.get("yMin")),
                       float(w.get("xMax")), float(w.get("yMax"))))
        out.append(ws)
    del ns
    return out


def text_of(words):
    """The page as lines: words with the same top (±1 pt) joined left to right."""
    lines = {}
    for w in words:
        key = next((k for k in lines if abs(k - w[2]) <= 1.0), w[2])
        lines.setdefault(key, []).append(w)
    return "\n".join(" ".join(x[0] for x in sorted(ws, key=lambda x: x[1]))
                     for _, ws in sorted(lines.items()))


def size(w):
    return (w[4] - w[2]) / 1.107  # Liberation Serif: ascent + descent = 1.107 em


def big_line(words, pt):
    """The words set in about `pt` points, joined."""
    return " ".join(w[0] for w in words if abs(size(w) - pt) < 0.8)


def score_json(period, data=SAMPLES):
    return json.loads(run([VANBAN, "score", "--org", SAMPLES + "/org.json", "--targets", SAMPLES,
                           "--data", data, "--period", period, "--json"]).stdout)


def foreign_fonts(pdf):
    lines = run(["pdffonts", pdf]).stdout.splitlines()[2:]
    bad = []
    for l in lines:
        name = l.split()[0]
        name = name.split("+", 1)[-1]
        if not name.startswith("LiberationSerif") or " yes " not in l:
            bad.append(l)
    return bad


def outline(pdf):
    xml = run(["pdftohtml", "-xml", "-i", "-stdout", "-q", pdf]).stdout
    root = ET.fromstring(xml.encode())
    top = root.find("outline")

    def walk(node, path, acc):
        items = list(node)
        for i, it in enumerate(items):
            if it.tag != "item":
                continue
            title = "".join(it.itertext()).strip()
            acc.append((path + [title], int(it.get("page", "0"))))
            if i + 1 < len(items) and items[i + 1].tag == "outline":
                walk(items[i + 1], path + [title], acc)
        return acc
    return walk(top, [], []) if top is not None else []


def province(out):
    """`out`: the whole province's PDF of 2024-Q2 (made by the batch below, which calls the same
    library as `vanban scorecard --pdf`)."""
    period = "2024-Q2"
    sj = score_json(period)
    org = json.load(open(SAMPLES + "/org.json"))
    names = {u["id"]: u["name"] for u in org["units"]}
    pages = pages_words(out)
    units = sj["units"]
    check(len(pages) == 3 + len(units), "pages: %d, expected 3 + %d" % (len(pages), len(units)))
    check(not foreign_fonts(out), "fonts other than embedded Liberation Serif: %s" % foreign_fonts(out))
    inds = {i["id"]: i for i in sj["indicators"]}
    ranked = {}
    for u in units:
        if u["rank"] is not None:
            ranked[u["level"]] = ranked.get(u["level"], 0) + 1
    # Unit pages: find each unit's page by its name line and district.
    by_key = {i: text_of(ws) for i, ws in enumerate(pages[3:], start=3)}
    seen = set()
    for u in units:
        district = names.get(u["district"]) if u["district"] else None
        # The unit's page: its name is the 18 pt line; a commune's page names its district.
        cands = [i for i, t in by_key.items() if big_line(pages[i], 17.86) == u["name"]
                 and (district is None or ("thuộc " + district) in t)
                 and (district is not None or " · thuộc " not in t)]
        check(len(cands) == 1, "%s: %d pages carry its name" % (u["id"], len(cands)))
        if len(cands) != 1:
            continue
        i = cands[0]
        seen.add(i)
        t = by_key[i]
        ws = pages[i]
        if u["total"] is not None:
            total = vn_number(u["total"], 2)
            big = [w for w in ws if w[0] == total and size(w) > 28]
            check(len(big) == 1, "%s: total %s not in large type" % (u["id"], total))
            check(u["band"] in t, "%s: band %s missing" % (u["id"], u["band"]))
            rank = [w for w in ws if w[0] == str(u["rank"]) and size(w) > 20]
            of = [w for w in ws if w[0] == "/%d" % ranked[u["level"]]]
            check(len(rank) == 1 and len(of) == 1 and -0.5 < of[0][1] - rank[0][3] < 2,
                  "%s: rank %d/%d missing" % (u["id"], u["rank"], ranked[u["level"]]))
            if u["rank_change"] is not None:
                c = u["rank_change"]
                exp = ("▲ %d" % c) if c > 0 else ("▼ %d" % -c) if c < 0 else "giữ nguyên"
                check(exp in t, "%s: rank change %s missing" % (u["id"], exp))
        else:
            check("Chưa xếp hạng" in t, "%s: no total but not 'Chưa xếp hạng'" % u["id"])
        # The names' column (left of 70 mm = 198 pt), read row by row.
        names_col = " ".join(w[0] for w in sorted((w for w in ws if w[3] < 198 and w[2] > 200),
                                                   key=lambda w: (round(w[2]), w[1])))
        for iid, s in u["indicators"].items():
            name = inds[iid]["name"]
            check(name in names_col, "%s: indicator %s missing" % (u["id"], name))
            if s["scored"]:
                rate = vn_number(s["rate"], 1) + "%"
                check(rate in t, "%s/%s: rate %s missing" % (u["id"], iid, rate))
                res = "Đạt" if s["reached"] else "Chưa đạt"
                check(res in t, "%s/%s: %s missing" % (u["id"], iid, res))
                pts = vn_number(s["points"], 2) + "/" + vn_number(s["max_points"], 2)
                check(pts in t, "%s/%s: points %s missing" % (u["id"], iid, pts))
            else:
                check("Không phát sinh" in t, "%s/%s: không phát sinh missing" % (u["id"], iid))
            check(target_text(s["target"]) in t, "%s/%s: target missing" % (u["id"], iid))
            if s["scored"] and not s["reached"]:
                check("Khắc phục:" in t.replace("\n", " ") or "phục:" in t,
                      "%s: remedy missing" % u["id"])
    check(len(seen) == len(units), "unit pages matched: %d of %d" % (len(seen), len(units)))

    # Outline: summary, then every unit under its level (communes under their district).
    ol = outline(out)
    leaves = [p for p, _ in ol if len(p) >= 2 and (p[0] != "Xã, phường, thị trấn" or len(p) == 3)]
    check(ol and ol[0][0] == ["Tổng hợp toàn tỉnh"] and ol[0][1] == 1, "outline starts with the summary")
    check(len(leaves) == len(units), "outline: %d unit entries, expected %d" % (len(leaves), len(units)))
    for path, page in ol:
        if path in leaves:
            leaf = re.sub(r"^\d+\. ", "", path[-1])
            check(page - 1 in by_key and big_line(pages[page - 1], 17.86) == leaf,
                  "bookmark %s opens page %d without that unit" % (path, page))

    # Summary: pooled rates (Σ numerators / Σ denominators per level), best five.
    s2 = pages[1]
    for iid, ind in inds.items():
        for lvl in ("so", "huyen", "xa"):
            if ind["targets"][lvl] is None:
                continue
            n = sum(u["indicators"][iid]["numerator"] for u in units
                    if u["level"] == lvl and iid in u["indicators"])
            d = sum(u["indicators"][iid]["denominator"] for u in units
                    if u["level"] == lvl and iid in u["indicators"])
            if d:
                # The cell's line: "96,5% (chỉ tiêu 97%; 43.216/44.789)".
                counts = [w for w in s2 if w[0] == "%s/%s)" % (vn_number(n, 0), vn_number(d, 0))]
                rate = vn_number(100.0 * n / d, 1) + "%"
                # The rate starts the cell's first line, the counts end it or the next line.
                ok = any(r[0] == rate and 0 <= c[2] - r[2] < 16 and abs(c[1] - r[1]) < 130
                         for c in counts for r in s2)
                check(len(counts) == 1 and ok, "summary: pooled %s/%s %s %s/%s missing" %
                      (iid, lvl, rate, n, d))
    s1 = text_of(pages[0])
    for lvl in ("so", "huyen"):
        best = sorted([u for u in units if u["level"] == lvl and u["rank"] is not None],
                      key=lambda u: u["rank"])[:5]
        for u in best:
            # "rank name total" on one line (a long name continues on the next line).
            first = u["name"].split()[0]
            check(any(l.startswith("%d %s " % (u["rank"], first)) and
                      (" " + vn_number(u["total"], 2)) in l for l in s1.split("\n")),
                  "summary: best %s missing" % u["id"])
    return sj


def ppm(path):
    data = open(path, "rb").read()
    parts = data.split(b"\n", 3)
    w, h = map(int, parts[1].split())
    return w, h, parts[3]


def bars(tmp, sj):
    # A unit with both met and missed indicators.
    unit = next(u for u in sj["units"] if u["total"] is not None and
                {s["reached"] for s in u["indicators"].values() if s["scored"]} == {True, False})
    out = os.path.join(tmp, "unit.pdf")
    job = os.path.join(SAMPLES, "..", "jobs", "dong-nai-2024.json")
    run([VANBAN, "scorecard", "--org", SAMPLES + "/org.json", "--targets", SAMPLES, "--data",
         SAMPLES, "--period", "2024-Q2", "--pdf", out, "--unit", unit["id"], "--job", job])
    # The remedies of the job file, not the default sentence.
    remedies = json.load(open(job))["result_letters"]["remedies"]
    t = " ".join(w[0] for w in pages_words(out)[0])
    for iid, s in unit["indicators"].items():
        if s["scored"] and not s["reached"]:
            check(" ".join(remedies[iid].split()[:6]) in t, "remedy of %s from the job" % iid)
    check(re.search(r"Pages:\s+1\n", run(["pdfinfo", out]).stdout), "one unit: one page")
    run(["pdftoppm", "-r", "254", "-f", "1", "-l", "1", out, os.path.join(tmp, "unit")])
    img = [f for f in os.listdir(tmp) if f.startswith("unit") and f.endswith(".ppm")][0]
    w, h, px = ppm(os.path.join(tmp, img))
    mmpx = 254 / 25.4  # pixels per mm
    # The bar column: from the end of the names' column (30 + 40 mm) to the bar's 100 % end
    # (+ 38 mm), short of the rate column, whose text has the same colours.
    x0, x1 = int(69 * mmpx), int(109.5 * mmpx)
    colours = {(0x2e, 0x7d, 0x32): "met", (0xc6, 0x28, 0x28): "missed"}
    rows = []
    for y in range(h):
        xs = []
        for x in range(x0, x1):
            o = 3 * (y * w + x)
            c = (px[o], px[o + 1], px[o + 2])
            for ref, kind in colours.items():
                if all(abs(a - b) <= 6 for a, b in zip(c, ref)):
                    xs.append((x, kind))
        rows.append(xs)
    found = []
    y = 0
    while y < h:
        if rows[y]:
            start = y
            xs = []
            while y < h and rows[y]:
                xs += rows[y]
                y += 1
            lo = min(x for x, _ in xs)
            hi = max(x for x, _ in xs)
            height = (y - start) / mmpx
            # A bar is 2.8 mm tall (70 % of its 4 mm box); text and swatches are not.
            if 2.5 <= height <= 3.1:
                found.append(((hi - lo + 1) / mmpx, xs[0][1], lo / mmpx))
        y += 1
    expected = [(100.0 * s["numerator"] / s["denominator"] / 100.0 * BAR_MM,
                 "met" if s["reached"] else "missed")
                for iid, s in unit["indicators"].items() if s["scored"]]
    check(len(found) == len(expected), "bars found %d, expected %d" % (len(found), len(expected)))
    check(found and max(f[2] for f in found) - min(f[2] for f in found) < 0.15,
          "bars do not start on one line: %s" % [round(f[2], 2) for f in found])
    for (got, kind, _), (exp, ekind) in zip(found, expected):
        check(abs(got - exp) <= 0.25, "bar %.2f mm, expected %.2f mm" % (got, exp))
        check(kind == ekind, "bar colour %s, expected %s" % (kind, ekind))


def kps(tmp):
    data = os.path.join(tmp, "data")
    os.mkdir(data)
    shutil.copy(os.path.join(SAMPLES, "du-lieu-2024-Q1.json"), data)
    shutil.copy(os.path.join(SAMPLES, "du-lieu-2023-Q4.json"), data)
    path = os.path.join(data, "du-lieu-2024-Q1.json")
    d = json.load(open(path))
    org = json.load(open(SAMPLES + "/org.json"))
    commune = next(u for u in org["units"] if u["level"] == "xa")
    entry = next(u for u in d["units"] if u["unit"] == commune["id"])
    for v in entry["counts"].values():
        v["numerator"] = 0
        v["denominator"] = 0
    json.dump(d, open(path, "w"), ensure_ascii=False)
    out = os.path.join(tmp, "kps.pdf")
    run([VANBAN, "scorecard", "--org", SAMPLES + "/org.json", "--targets", SAMPLES, "--data",
         data, "--period", "2024-Q1", "--pdf", out, "--unit", commune["id"]])
    t = text_of(pages_words(out)[0])
    sj = score_json("2024-Q1", data)
    u = next(x for x in sj["units"] if x["id"] == commune["id"])
    check(u["total"] is None and all(not s["scored"] for s in u["indicators"].values()),
          "kps: the unit is unscored in score --json")
    check(t.count("Không phát sinh") == len(u["indicators"]),
          "kps: %d × Không phát sinh, expected %d" % (t.count("Không phát sinh"), len(u["indicators"])))
    check("Chưa xếp hạng" in t and "không có chỉ tiêu nào phát sinh" in t, "kps: no rank shown")
    # One quarter only, a whole level: renders.
    out2 = os.path.join(tmp, "q1-so.pdf")
    run([VANBAN, "scorecard", "--org", SAMPLES + "/org.json", "--targets", SAMPLES, "--data",
         data, "--period", "2024-Q1", "--pdf", out2, "--level", "so"])
    n = int(re.search(r"Pages:\s+(\d+)", run(["pdfinfo", out2]).stdout).group(1))
    check(n == 3 + sum(1 for x in sj["units"] if x["level"] == "so"), "Q1 so: %d pages" % n)


def batch(tmp):
    """A job with only leader_scorecards: the two PDFs under the period's folder, fixed names;
    a rerun keeps them. Returns the whole province's PDF."""
    job = os.path.join(tmp, "job.json")
    json.dump({"id": "lanh-dao", "year": 2024, "org": SAMPLES + "/org.json",
               "targets": [SAMPLES], "data": [SAMPLES],
               "periods": [{"period": "2024-Q2", "date": "2024-07-15"}],
               "scorecards": False, "rankings": False, "register": False,
               "leader_scorecards": {"periods": ["2024-Q2"]}}, open(job, "w"))
    out = os.path.join(tmp, "out")
    run([VANBAN, "batch", job, "-o", out, "--jobs", "2"])
    pages = lambda f: int(re.search(r"Pages:\s+(\d+)", run(["pdfinfo", f]).stdout).group(1))
    summary = os.path.join(out, "quy-II-2024", "tong-hop-lanh-dao-quy-II-2024.pdf")
    units = os.path.join(out, "quy-II-2024", "phieu-diem-lanh-dao-quy-II-2024.pdf")
    n_units = len(json.load(open(SAMPLES + "/org.json"))["units"])
    check(os.path.exists(summary) and pages(summary) == 3, "batch: summary PDF")
    check(os.path.exists(units) and pages(units) == 3 + n_units, "batch: units PDF")
    again = run([VANBAN, "batch", job, "-o", out, "--jobs", "2"]).stdout
    check(again.count("0 tạo mới, 1 không đổi") == 2, "batch: rerun remade the leader PDFs")
    return units


def errors(tmp):
    out = os.path.join(tmp, "bad.pdf")
    base = [VANBAN, "scorecard", "--org", SAMPLES + "/org.json", "--targets", SAMPLES, "--data",
            SAMPLES]
    p = run(base + ["--period", "2024-Q2", "--pdf", out, "--unit", "khong-co"], ok=False)
    check(p.returncode == 1 and "khong-co" in p.stderr, "unknown unit: exit %d %s" % (p.returncode, p.stderr))
    check(not os.path.exists(out), "unknown unit: a file was written")
    p = run(base + ["--period", "2024-Q7", "--pdf", out], ok=False)
    check(p.returncode == 2, "bad period: exit %d" % p.returncode)
    check(not os.path.exists(out), "bad period: a file was written")


def main():
    tmp = KEEP or tempfile.mkdtemp(prefix="vanban-leader-")
    os.makedirs(tmp, exist_ok=True)
    try:
        sj = province(batch(tmp))
        bars(tmp, sj)
        kps(tmp)
        errors(tmp)
    finally:
        if not KEEP:
            shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print("%d failures" % len(failures), file=sys.stderr)
        sys.exit(1)
    print("ok")


main()
