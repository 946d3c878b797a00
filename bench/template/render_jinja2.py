#!/usr/bin/python3
"""Renders bench/template's letter with Python Jinja2, configured as vanban's engine promises to
behave (StrictUndefined, autoescape for .html/.htm, keep_trailing_newline). The template is
compiled once; then it is rendered many times and renders per second are printed.

Usage:
  render_jinja2.py --print            write one rendering to stdout (for the byte comparison)
  render_jinja2.py --seconds S        render repeatedly for S seconds of CPU, print "renders/s N"
Runs on Debian's /usr/bin/python3 (python3-jinja2).
"""
import argparse
import json
import os
import sys
import time

import jinja2

HERE = os.path.dirname(os.path.abspath(__file__))


def load():
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(os.path.join(HERE, "templates")),
        autoescape=jinja2.select_autoescape(["html", "htm"]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    template = env.get_template("letter.html")  # compiled once
    with open(os.path.join(HERE, "letter.json"), encoding="utf-8") as f:
        data = json.load(f)
    return template, data


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--print", action="store_true")
    ap.add_argument("--seconds", type=float, default=5.0)
    args = ap.parse_args()
    template, data = load()
    if args.print:
        sys.stdout.buffer.write(template.render(data).encode("utf-8"))
        return 0
    # timeit-style: batches of renders until the time is spent; the rate over all of them, in
    # CPU time of this process (as Google Benchmark counts vanban's), so that other load on a
    # shared machine does not count against either side.
    template.render(data)  # warm-up
    batch, renders = 50, 0
    cpu0, wall0 = time.process_time(), time.perf_counter()
    while True:
        for _ in range(batch):
            template.render(data)
        renders += batch
        cpu = time.process_time() - cpu0
        if cpu >= args.seconds:
            break
    wall = time.perf_counter() - wall0
    print("renders/s %.1f" % (renders / cpu))
    print("renders %d in %.2f s CPU, %.2f s wall" % (renders, cpu, wall))
    return 0


if __name__ == "__main__":
    sys.exit(main())
