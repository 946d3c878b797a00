"""Compares vanban::vn's case mapping and character classes with Python's str, code point by
code point (the reference that Jinja2 templates see), plus whole strings where context matters.

Usage: check_text_against_python.py DUMP_BINARY
Only code points that both ICU and this Python's Unicode database know are compared: ICU may be
a newer Unicode version than Python.
"""
import random
import re
import subprocess
import sys
import unicodedata

WORD = re.compile(r"\w")


def cps(s):
    return " ".join("%X" % ord(c) for c in s)


# Letters where context or multi-code-point mappings matter, mixed with Vietnamese (precomposed
# and NFD) and ASCII, so that random strings exercise both the fast path and ICU's.
ALPHABET = (list("aAbBdDđĐyYzZ ăâêôơưẠạỦủỲỳ.-'") + ["e\u0302\u0301", "u\u031b\u0309", "\u0300"] +
            list("ΣσςΑαΟΔßẞİıiIŉǰǅǆﬁΐΰẖ\u0345\u0307ῼᾳ") + ["\U00010400", "\U0001E900"])


def check_strings(binary):
    rng = random.Random(30)
    lines = ["".join(rng.choice(ALPHABET) for _ in range(rng.randrange(1, 12)))
             for _ in range(20000)]
    out = subprocess.run([binary, "--lines"], input="\n".join(lines) + "\n", check=True,
                         capture_output=True, text=True).stdout.splitlines()
    if len(out) != len(lines):
        return 0, ["--lines: %d lines in, %d out" % (len(lines), len(out))]
    bad = []
    for s, got in zip(lines, out):
        want = "\t".join((cps(s.upper()), cps(s.lower()), cps(s.capitalize())))
        if got != want:
            bad.append("%r: vanban %s, Python %s" % (s, got, want))
    return len(lines), bad


def main():
    py_version = tuple(int(x) for x in unicodedata.unidata_version.split(".")[:2])
    out = subprocess.run([sys.argv[1]], check=True, capture_output=True, text=True).stdout
    failures = []
    compared = 0
    for line in out.splitlines():
        cp_hex, age, space, word, up, low, cap = line.split("\t")
        cp = int(cp_hex, 16)
        ch = chr(cp)
        if tuple(int(x) for x in age.split(".")) > py_version:
            continue
        if unicodedata.category(ch) in ("Cn", "Co"):
            continue
        compared += 1
        expected = (str(int(ch.isspace())), str(int(bool(WORD.match(ch)))), cps(ch.upper()),
                    cps(ch.lower()), cps(ch.capitalize()))
        got = (space, word, up, low, cap)
        if got != expected:
            failures.append("U+%04X %s: vanban %s, Python %s" % (cp, unicodedata.name(ch, "?"),
                                                                got, expected))
    if compared < 100000:
        failures.append("only %d code points compared: the dump is incomplete" % compared)
    strings, string_failures = check_strings(sys.argv[1])
    failures += string_failures
    for f in failures[:50]:
        print(f)
    print("%d code points and %d strings compared, %d differ" % (compared, strings, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
