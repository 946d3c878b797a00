"""What the letter read-back scripts share (check_letters, check_long_tables, check_numbering):
the two arguments CTest passes (the vanban binary, the source folder), the sample paths, the
decree's text box on A4, and the failure list every check appends to.

Each script imports what it uses and ends with `finish()`.
"""
import os
import sys

VANBAN, SRC = sys.argv[1], sys.argv[2]
ORG = os.path.join(SRC, "samples", "dong-nai", "org.json")
LETTERS = os.path.join(SRC, "samples", "letters")
MM = 25.4 / 72  # one PDF point in mm
# The decree's margins on A4: left 30 mm, right 15 mm, top 20 mm, bottom 20 mm.
LEFT, RIGHT, TOP, BOTTOM = 30.0, 210.0 - 15.0, 20.0, 297.0 - 20.0
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)
    return cond


def finish():
    print(f"{len(failures)} failure(s)")
    sys.exit(1 if failures else 0)
