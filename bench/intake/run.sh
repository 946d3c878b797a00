#!/bin/bash
# Import of a 13,000-unit national workbook (written by XlsxWriter) with `vanban data import`
# against openpyxl read_only=True reading the same file, in the same run: RUNS (default 7) runs
# of each, interleaved (vanban, openpyxl, vanban, …) so both see the same machine load, each
# under /usr/bin/time (user and sys CPU, wall, peak RSS), with `uptime` before and after. The
# machine is shared: CPU time (user + sys) is the fair figure, wall time is reported too.
# MEMORY=1 also imports 10,000- and 100,000-unit workbooks and prints their peak RSS.
# Usage: bench/intake/run.sh [BUILD_DIR] (default build).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
vanban=$build/vanban
work=$build/bench-intake
runs=${RUNS:-7}
rm -rf "$work" && mkdir -p "$work/out"
/usr/bin/python3 bench/intake/gen_national.py "$work" samples/dong-nai 13000
ls -l "$work/quoc-gia.xlsx"
imp_of() {  # the import command for a generated folder, into the array "imp"
  imp=("$vanban" data import "$1/quoc-gia.xlsx" --org "$1/org.json" --targets "$1"
       --period 2024-Q3 --mapping "$1/anh-xa.json" -o "$1/out/du-lieu-2024-Q3.json")
}
imp_of "$work"
peer=(/usr/bin/python3 bench/intake/read_openpyxl.py "$work/quoc-gia.xlsx")
measure() {  # label command… -> one line "label user sys wall rss_kib" in $work/times
  local label=$1
  shift
  /usr/bin/time -f "$label %U %S %e %M" -o "$work/one" "$@" >/dev/null 2>&1
  cat "$work/one" >>"$work/times"
}
: >"$work/times"
echo "before: $(uptime)"
measure warmup-vanban "${imp[@]}"
measure warmup-openpyxl "${peer[@]}"
for _ in $(seq "$runs"); do
  measure vanban "${imp[@]}"
  measure openpyxl "${peer[@]}"
done
echo "after:  $(uptime)"
/usr/bin/python3 - "$work/times" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if not l.startswith("warmup")]
by = {}
for label, user, sys_, wall, rss in rows:
    by.setdefault(label, []).append((float(user), float(sys_), float(wall), int(rss)))
med = {}
for label, xs in by.items():
    cpu = [u + s for u, s, _, _ in xs]
    med[label] = (statistics.median(cpu), statistics.median(w for _, _, w, _ in xs))
    print(f"{label:9s} runs {len(xs)}: user {min(u for u,_,_,_ in xs):.2f}–{max(u for u,_,_,_ in xs):.2f} s, "
          f"sys {min(s for _,s,_,_ in xs):.2f}–{max(s for _,s,_,_ in xs):.2f} s, "
          f"CPU median {med[label][0]:.2f} s, wall {min(w for _,_,w,_ in xs):.2f}–"
          f"{max(w for _,_,w,_ in xs):.2f} s (median {med[label][1]:.2f}), "
          f"peak RSS {max(r for *_, r in xs) // 1024} MiB")
v, o = med["vanban"], med["openpyxl"]
print(f"ratio openpyxl / vanban: CPU {o[0] / v[0]:.1f}x, wall {o[1] / v[1]:.1f}x")
PY
if [ "${MEMORY:-0}" = 1 ]; then
  for n in 10000 100000; do
    d=$work/mem-$n
    mkdir -p "$d/out"
    /usr/bin/python3 bench/intake/gen_national.py "$d" samples/dong-nai "$n"
    imp_of "$d"
    /usr/bin/time -f "import of $n units: peak RSS %M KiB, user %U s, sys %S s" "${imp[@]}" 2>&1 |
      grep -v '^Đã ghi'
  done
fi
