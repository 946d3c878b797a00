#!/bin/bash
# Import of a 13,000-unit national workbook (written by XlsxWriter) with `vanban data import`
# against openpyxl read_only=True reading the same file, in the same run: wall time (hyperfine)
# and peak RSS (/usr/bin/time -v). Usage: bench/intake/run.sh [BUILD_DIR] (default build).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
vanban=$build/vanban
work=$build/bench-intake
runs=${RUNS:-5}
rm -rf "$work" && mkdir -p "$work/out"
/usr/bin/python3 bench/intake/gen_national.py "$work" samples/dong-nai 13000
ls -l "$work/quoc-gia.xlsx"
imp=("$vanban" data import "$work/quoc-gia.xlsx" --org "$work/org.json" --targets "$work"
     --period 2024-Q3 --mapping "$work/anh-xa.json" -o "$work/out/du-lieu-2024-Q3.json")
peer=(/usr/bin/python3 bench/intake/read_openpyxl.py "$work/quoc-gia.xlsx")
uptime
rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}'; }
echo "peak RSS vanban data import: $(rss "${imp[@]}") KiB"
echo "peak RSS openpyxl read_only: $(rss "${peer[@]}") KiB"
hyperfine --runs "$runs" --warmup 1 -N \
  -n "vanban data import" "${imp[*]}" \
  -n "openpyxl read_only" "${peer[*]}" --export-json "$work/hyperfine.json"
/usr/bin/python3 - "$work/hyperfine.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
a, b = r["vanban data import"], r["openpyxl read_only"]
print(f"median vanban {a['median']*1000:.0f} ms, openpyxl {b['median']*1000:.0f} ms, "
      f"ratio {b['median']/a['median']:.1f}x")
PY
uptime
