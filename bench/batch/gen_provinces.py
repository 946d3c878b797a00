#!/usr/bin/python3
"""National-scale simulation input: PROVINCES copies of the Đồng Nai sample (org, 2023-2024 targets
and data), each its own province (name, agencies' headers) with its counts perturbed by a seeded
RNG, and one job per province (the year and each quarter: results to every unit, the covering
notice, rankings, scorecards). Deterministic. Usage: gen_provinces.py OUT_DIR PROVINCES
"""
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.normpath(os.path.join(HERE, "..", ".."))
SAMPLES = os.path.join(SRC, "samples", "dong-nai")


def main():
    out, provinces = sys.argv[1], int(sys.argv[2])
    with open(os.path.join(SRC, "samples", "jobs", "dong-nai-2024.json"), encoding="utf-8") as f:
        job_template = json.load(f)
    for p in range(1, provinces + 1):
        rng = random.Random(p)
        name = f"Tỉnh Mẫu {p:02d}"
        d = os.path.join(out, f"tinh-{p:02d}")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(SAMPLES, "org.json"), encoding="utf-8") as f:
            org = json.load(f)
        org.pop("$schema", None)
        org["province"] = {"name": f"Mẫu {p:02d}", "full_name": name, "place_name": f"Mẫu {p:02d}"}
        for a in org["agencies"]:
            for k in ("parent", "issuer"):  # a string, or the agency's own lines
                v = a["header"][k]
                rename = lambda s: s.replace("ĐỒNG NAI", f"MẪU {p:02d}")
                a["header"][k] = [rename(x) for x in v] if isinstance(v, list) else rename(v)
            a["name"] = a["name"].replace("Đồng Nai", f"Mẫu {p:02d}")
        with open(os.path.join(d, "org.json"), "w", encoding="utf-8") as f:
            json.dump(org, f, ensure_ascii=False, indent=1)
        for fn in sorted(os.listdir(SAMPLES)):
            if not (fn.startswith("chi-tieu-") or fn.startswith("du-lieu-")):
                continue
            with open(os.path.join(SAMPLES, fn), encoding="utf-8") as f:
                doc = json.load(f)
            doc.pop("$schema", None)
            if fn.startswith("du-lieu-"):
                for u in doc["units"]:
                    for c in u["counts"].values():
                        den = c["denominator"]
                        if den > 0:
                            c["numerator"] = max(0, min(den, c["numerator"] + rng.randint(-den // 20, den // 20)))
            with open(os.path.join(d, fn), "w", encoding="utf-8") as f:
                json.dump(doc, f, ensure_ascii=False)
        job = dict(job_template)
        job.pop("$schema", None)
        job["id"] = f"tinh-{p:02d}-2024"
        job["org"] = "org.json"
        job["targets"] = ["."]
        job["data"] = ["."]
        # The year and its quarters only (no 6T/9T), to keep the simulation to a few minutes.
        job["periods"] = [x for x in job["periods"] if x["period"] in ("2024-Q4", "2024")]
        job["result_letters"] = dict(job["result_letters"], periods=["2024"])
        job["notice"] = dict(job["notice"], periods=["2024"])
        with open(os.path.join(d, "job.json"), "w", encoding="utf-8") as f:
            json.dump(job, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
