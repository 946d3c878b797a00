#!/bin/bash
# Generates the national dataset (once) and measures: both sides alternated in one process for the
# time ratio, then each side alone under /usr/bin/time -v for peak memory.
# Usage: bench/scoring/run.sh BUILD/bench/scoring/bench_scoring OUT_DIR [repetitions]
set -euo pipefail
bin=$1
dir=$2
reps=${3:-7}
here=$(dirname "$0")
if [ ! -f "$dir/du-lieu-2024-Q4.json" ]; then
  /usr/bin/python3 "$here/gen_national.py" "$dir"
fi
"$bin" "$dir" both "$reps"
for mode in parse full; do
  rss=$(/usr/bin/time -v "$bin" "$dir" "$mode" 1 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}')
  echo "peak RSS, $mode only: $((rss / 1024)) MB"
done
