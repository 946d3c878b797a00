#!/bin/bash
# Template engine against Python Jinja2 on the same letter, on one core (taskset -c 0):
#   1. both render the letter; the bytes must be identical;
#   2. renders per second of each (Google Benchmark; a timeit-style loop in Python) and the ratio;
#   3. 100,000 renders in one process, VmRSS every 10,000: must stay flat.
# BUILD_DIR (default build) is the build tree; SECONDS_PY (default 10) how long Jinja2 runs.
# Exits non-zero if the outputs differ, the goal (20x) is missed or memory grows (all three
# parts run even when one fails).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build_dir="${BUILD_DIR:-build}"
case "$build_dir" in /*) ;; *) build_dir="$root/$build_dir" ;; esac
py=/usr/bin/python3
goal=20

cmake -S "$root" -B "$build_dir" >/dev/null
cmake --build "$build_dir" --target bench_template -j2 >/dev/null
bin="$build_dir/bench/template/bench_template"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "== same bytes =="
"$bin" --print >"$tmp/vanban.html"
"$py" "$here/render_jinja2.py" --print >"$tmp/jinja2.html"
if ! cmp -s "$tmp/vanban.html" "$tmp/jinja2.html"; then
  diff -u "$tmp/jinja2.html" "$tmp/vanban.html" | head -40
  echo "run.sh: vanban và Jinja2 kết xuất khác nhau (letter.html)" >&2
  exit 1
fi
echo "identical: $(wc -c <"$tmp/vanban.html") bytes"

echo "== renders per second, one core =="
taskset -c 0 "$bin" --benchmark_min_time=3 --benchmark_repetitions=3 \
  --benchmark_report_aggregates_only=true --benchmark_format=json \
  --benchmark_out="$tmp/bench.json" --benchmark_out_format=json >/dev/null
taskset -c 0 "$py" "$here/render_jinja2.py" --seconds "${SECONDS_PY:-10}" >"$tmp/jinja2.txt"
build_type="$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build_dir/CMakeCache.txt")"
failed=0
"$py" - "$tmp/bench.json" "$tmp/jinja2.txt" "$goal" "$build_type" <<'PY' || failed=1
import json, sys
bench = json.load(open(sys.argv[1]))
ctx = bench["context"]
print("machine: %d CPUs at %s MHz, vanban %s build, %s" % (ctx["num_cpus"], ctx["mhz_per_cpu"],
      sys.argv[4], ctx["date"]))
# Rates are per CPU second on both sides (Google Benchmark's default, process_time in Python).
rates = {b["run_name"]: b["items_per_second"] for b in bench["benchmarks"]
         if b.get("aggregate_name") == "median"}
jinja = float(open(sys.argv[2]).read().split()[1])
for name, r in rates.items():
    print("%-30s %10.0f renders/s  (%6.1f us each)" % (name, r, 1e6 / r))
print("%-30s %10.0f renders/s  (%6.1f us each)" % ("Jinja2 (Python)", jinja, 1e6 / jinja))
ratio = rates["BM_RenderLetter"] / jinja
print("ratio vanban / Jinja2: %.1fx (goal %sx)" % (ratio, sys.argv[3]))
if ratio < float(sys.argv[3]):
    print("run.sh: chưa đạt mục tiêu %sx so với Jinja2" % sys.argv[3], file=sys.stderr)
    sys.exit(1)
PY

echo "== memory over 100,000 renders =="
taskset -c 0 "$bin" --rss 100000 | tee "$tmp/rss.txt"
"$py" - "$tmp/rss.txt" <<'PY' || failed=1
import sys
rows = [l.split() for l in open(sys.argv[1]) if l[0].isdigit()]
samples = {int(a): int(b) for a, b in rows}
# After the first 10,000 renders (warm caches, allocator pools) RSS must not keep growing.
base, last = samples[10000], samples[max(samples)]
print("VmRSS after 10,000: %d KiB, after %d: %d KiB (%+d KiB)" % (base, max(samples), last,
                                                                  last - base))
if last - base > 1024:
    print("run.sh: bộ nhớ tăng %d KiB sau %d lần kết xuất" % (last - base, max(samples)),
          file=sys.stderr)
    sys.exit(1)
PY
exit "$failed"
