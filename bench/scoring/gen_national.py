#!/usr/bin/python3
"""Generates a national-scale scoring dataset: 63 provinces' worth of units (about 13,000) in one
organisation file, the 2024 targets, and the four quarters of 2024 (du-lieu-2024-Qn.json).
Deterministic. Not committed: the benchmark writes it into the build tree.
Usage: /usr/bin/python3 gen_national.py OUT_DIR [PROVINCES]
"""
import json
import os
import random
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.join(HERE, "..", "..", "samples", "dong-nai")
SYLLABLES = ["An", "Bình", "Hòa", "Phú", "Tân", "Long", "Xuân", "Thạnh", "Đông", "Tây", "Nam", "Bắc",
             "Phước", "Hưng", "Lộc", "Thành", "Sơn", "Hải", "Quảng", "Trung", "Vĩnh", "Mỹ", "Đức",
             "Thuận", "Định", "Hiệp", "Lợi", "Khánh", "Ngọc", "Thịnh"]


def main():
    out = sys.argv[1]
    provinces = int(sys.argv[2]) if len(sys.argv) > 2 else 63
    os.makedirs(out, exist_ok=True)
    rng = random.Random(63)
    units = []
    for p in range(1, provinces + 1):
        pre = f"p{p:02d}"
        for i in range(20):
            units.append({"id": f"{pre}-so-{i}", "name": f"Sở {rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)} {p}-{i}", "level": "so"})
        for h in range(11):
            hid = f"{pre}-h{h}"
            units.append({"id": hid, "name": f"Huyện {rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)} {p}-{h}", "level": "huyen"})
            for x in range(16):
                units.append({"id": f"{hid}-x{x}", "name": f"Xã {rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)} {p}-{h}-{x}",
                              "level": "xa", "district": hid})
    org = {"province": {"name": "Toàn quốc"}, "agencies": [], "units": units}
    with open(os.path.join(out, "org.json"), "w", encoding="utf-8") as f:
        json.dump(org, f, ensure_ascii=False, indent=1)
    shutil.copy(os.path.join(SAMPLES, "chi-tieu-2024.json"), os.path.join(out, "chi-tieu-2024.json"))
    method = json.load(open(os.path.join(out, "chi-tieu-2024.json"), encoding="utf-8"))
    for q in range(1, 5):
        rows = []
        for u in units:
            counts = {}
            for ind in method["indicators"]:
                t = ind["targets"].get(u["level"])
                if t is None:
                    continue
                den = rng.randint(0, 5000) if rng.random() > 0.02 else 0
                rate = min(1.0, max(0.0, t / 100 + rng.gauss(0, 0.08)))
                counts[ind["id"]] = {"numerator": int(den * rate), "denominator": den}
            rows.append({"unit": u["id"], "counts": counts})
        with open(os.path.join(out, f"du-lieu-2024-Q{q}.json"), "w", encoding="utf-8") as f:
            json.dump({"period": f"2024-Q{q}", "units": rows}, f, ensure_ascii=False, indent=1)
    print(f"{len(units)} units, {provinces} provinces -> {out}")


if __name__ == "__main__":
    main()
