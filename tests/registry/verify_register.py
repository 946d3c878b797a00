#!/usr/bin/python3
"""Checks a register exported by `vanban registry export` (TSV, the ten columns of Phụ lục IV)
against what the registry_client processes printed (KEY, SỐ/KÝ-HIỆU, outcome per line).

Independent of the registry's code: it only reads the exported text and the clients' output.
  verify_register.py REGISTER.tsv --symbol SYT-VP --issued N [--reserved-max K]
                     [--render-dir DIR] CLIENT_OUTPUT...
Checks: numbers 01..N+reserved each exactly once, no gaps, leading zero below 10; N entries
issued (Ghi chú empty), at most K reserved, none void; every key the clients printed has exactly
one number, the same in every run; every printed number is in the register; with --render-dir,
each printed key's file holds its own number and no temporary file is left.
"""
import argparse
import os
import re
import sys

COLUMNS = ["Số, ký hiệu", "Ngày tháng", "Tên loại và trích yếu nội dung", "Người ký",
           "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản", "Ngày chuyển",
           "Ký nhận", "Ghi chú"]

errors = []


def check(cond, msg):
    if not cond:
        errors.append(msg)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("register")
    ap.add_argument("outputs", nargs="*")
    ap.add_argument("--symbol", required=True)
    ap.add_argument("--issued", type=int, required=True)
    ap.add_argument("--reserved-max", type=int, default=0)
    ap.add_argument("--render-dir")
    a = ap.parse_intermixed_args()

    with open(a.register, encoding="utf-8") as f:
        lines = f.read().split("\n")
    assert lines[-1] == "", "register must end with a newline"
    rows = [l.split("\t") for l in lines[:-1]]
    check(rows[0] == COLUMNS, f"header {rows[0]!r}")
    numbers = []
    issued = reserved = 0
    for r in rows[1:]:
        check(len(r) == 10, f"row with {len(r)} columns: {r!r}")
        m = re.fullmatch(r"(\d+)/" + re.escape(a.symbol), r[0])
        check(m is not None, f"bad Số, ký hiệu {r[0]!r}")
        if not m:
            continue
        n = int(m.group(1))
        check(r[0] == f"{n:02d}/{a.symbol}", f"no leading zero in {r[0]!r}")
        numbers.append(n)
        if r[9] == "":
            issued += 1
        elif r[9].startswith("Đã giữ số"):
            reserved += 1
        else:
            check(False, f"unexpected Ghi chú {r[9]!r} for {r[0]}")
    total = len(numbers)
    check(sorted(numbers) == list(range(1, total + 1)),
          f"numbers are not 1..{total} each once (duplicates or gaps)")
    check(issued == a.issued, f"{issued} issued, expected {a.issued}")
    check(reserved <= a.reserved_max, f"{reserved} reserved, at most {a.reserved_max} allowed")

    in_register = {r[0] for r in rows[1:]}
    number_of = {}
    for path in a.outputs:
        with open(path, encoding="utf-8") as f:
            for line in f:
                key, so, outcome = line.rstrip("\n").split("\t")
                check(number_of.setdefault(key, so) == so,
                      f"{key} got {number_of[key]} and {so}")
                check(so in in_register, f"{key}: {so} printed but not in the register")
    by_number = {}
    for key, so in number_of.items():
        check(so not in by_number, f"{so} given to {by_number.get(so)} and {key}")
        by_number[so] = key
    if a.render_dir:
        names = os.listdir(a.render_dir)
        check(not [n for n in names if n.endswith(".tmp")], "temporary files left behind")
        for key, so in number_of.items():
            with open(os.path.join(a.render_dir, key + ".txt"), encoding="utf-8") as f:
                check(f.read() == f"{key}\t{so}\n", f"{key}.txt does not hold {so}")
    if errors:
        for e in errors[:20]:
            print("FAIL:", e, file=sys.stderr)
        sys.exit(1)
    print(f"OK: {total} numbers, {issued} issued, {reserved} reserved, {len(number_of)} keys")


main()
