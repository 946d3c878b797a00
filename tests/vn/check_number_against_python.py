"""Compares vanban::vn::number with an independent reference: Python's Decimal of repr(x) (the
shortest round-trip decimal), rounded ROUND_HALF_UP, grouped with '.' and ',' swapped in.

Usage: check_number_against_python.py NUMBER_DUMP_BINARY
"""
import random
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal, localcontext


def reference(x, decimals):
    with localcontext() as ctx:
        ctx.prec = 400
        d = Decimal(repr(x)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if d == 0:
        d = abs(d)  # no "-0"
    text = "{:,.{}f}".format(d, decimals)
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def cases():
    rng = random.Random(20240205)
    fixed = [0.0, -0.0, 2.675, 1.005, 0.125, 96.45, 99.95, 0.5, 1.5, 2.5, -0.5, 999.5, 1e15, 1e-7,
             123456789.987654321, 5e-324, 1.7976931348623157e308, 0.045, 1234567.5]
    for x in fixed:
        for d in range(0, 4):
            yield x, d
    for _ in range(20000):
        kind = rng.randrange(4)
        if kind == 0:  # values with few decimals, where .x5 ties are common
            x = rng.randrange(-10**9, 10**9) / 10 ** rng.randrange(0, 5)
        elif kind == 1:
            x = rng.uniform(-1e6, 1e6)
        elif kind == 2:
            x = rng.uniform(0, 100)  # percentages
        else:
            x = rng.uniform(-1, 1) * 10 ** rng.randrange(-10, 22)
        yield x, rng.randrange(0, 18)


def main():
    todo = list(cases())
    stdin = "".join("%r %d\n" % (x, d) for x, d in todo)
    out = subprocess.run([sys.argv[1]], input=stdin, check=True, capture_output=True,
                         text=True).stdout.splitlines()
    if len(out) != len(todo):
        print("expected %d lines, got %d" % (len(todo), len(out)))
        return 1
    bad = [(x, d, got, reference(x, d)) for (x, d), got in zip(todo, out) if got != reference(x, d)]
    for x, d, got, want in bad[:30]:
        print("number(%r, %d): vanban %s, Python %s" % (x, d, got, want))
    print("%d values compared, %d differ" % (len(todo), len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
