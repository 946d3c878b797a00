"""Writes the fuzzer's starting corpus: every template section of the differential cases
(tests/jinja_diff/cases/**/*.case), every file under templates/ and bench/template/, and the
committed seeds (tests/fuzz/seeds/). One file per template, named after its origin.

Usage: make_corpus.py SOURCE_DIR OUT_DIR
"""
import os
import re
import sys

HEADER = re.compile(r"^=== ([a-z0-9-]+)(?::[ \t]*(.*?))?[ \t]*$")


def case_templates(path):
    """Yields (name, text) of each template section of a .case file."""
    kind, name, lines = None, None, []
    with open(path, encoding="utf-8") as f:
        for line in f.read().split("\n"):
            m = HEADER.match(line)
            if m:
                if kind and (kind == "template" or kind.startswith("templates-dir")):
                    yield name, "\n".join(lines)
                kind, name, lines = m.group(1), m.group(2), []
            elif kind is not None:
                lines.append(line)
    if kind and (kind == "template" or kind.startswith("templates-dir")):
        yield name, "\n".join(lines)


def main():
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    count = 0

    def write(label, data):
        nonlocal count
        safe = re.sub(r"[^A-Za-z0-9._-]", "_", label)
        with open(os.path.join(out, safe), "wb") as f:
            f.write(data)
        count += 1

    cases = os.path.join(src, "tests", "jinja_diff", "cases")
    for root, _, files in os.walk(cases):
        for fn in sorted(files):
            if fn.endswith(".case"):
                rel = os.path.relpath(os.path.join(root, fn), cases)
                for i, (name, text) in enumerate(case_templates(os.path.join(root, fn))):
                    write("case_%s_%d_%s" % (rel, i, name), text.encode("utf-8"))
    for folder, prefix in (("templates", "tpl_"), (os.path.join("bench", "template"), "bench_"),
                           (os.path.join("tests", "fuzz", "seeds"), "seed_")):
        base = os.path.join(src, folder)
        for root, _, files in os.walk(base):
            for fn in sorted(files):
                if fn.endswith((".html", ".htm", ".txt", ".j2", ".xml", ".css")):
                    p = os.path.join(root, fn)
                    with open(p, "rb") as f:
                        write(prefix + os.path.relpath(p, base), f.read())
    print("%d seed inputs in %s" % (count, out))


if __name__ == "__main__":
    main()
