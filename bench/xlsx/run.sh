#!/bin/bash
# Scorecard workbook benchmark: vanban (libxlsxwriter, constant memory) against Python XlsxWriter
# and openpyxl writing the same workbook from the same figures, in the same run.
# Peak memory: the writer's increase after loading (in-process) at two sizes, 16 and 63
# provinces, and each whole process under /usr/bin/time -v.
# Usage: bench/xlsx/run.sh BENCH_SCORECARD VANBAN WORK_DIR [reps]
set -euo pipefail
bench=$1
vanban=$2
dir=$3
reps=${4:-3}
here=$(dirname "$0")
py=/usr/bin/python3
for n in 16 63; do
  d=$dir/national-$n
  if [ ! -f "$d/du-lieu-2024-Q4.json" ]; then "$py" "$here/../scoring/gen_national.py" "$d" "$n" >/dev/null; fi
  "$vanban" score --org "$d/org.json" --targets "$d" --data "$d" --period 2024-Q2 --json > "$d/score.json"
  echo "== $n provinces"
  rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {printf "%d MB", $2/1024}'; }
  "$bench" "$d" 2024-Q2 "$dir/vanban-$n.xlsx" "$reps"
  echo "   vanban whole process peak RSS: $(rss "$bench" "$d" 2024-Q2 "$dir/vanban-$n.xlsx" 1)"
  "$py" "$here/write_peer.py" xlsxwriter "$d/score.json" "$d/chi-tieu-2024.json" "$dir/xlsxwriter-$n.xlsx" "$reps"
  echo "   xlsxwriter whole process peak RSS: $(rss "$py" "$here/write_peer.py" xlsxwriter "$d/score.json" "$d/chi-tieu-2024.json" "$dir/xlsxwriter-$n.xlsx" 1)"
  "$py" "$here/write_peer.py" openpyxl "$d/score.json" "$d/chi-tieu-2024.json" "$dir/openpyxl-$n.xlsx" 1
  echo "   openpyxl whole process peak RSS: $(rss "$py" "$here/write_peer.py" openpyxl "$d/score.json" "$d/chi-tieu-2024.json" "$dir/openpyxl-$n.xlsx" 1)"
  ls -l "$dir"/*-$n.xlsx | awk '{print "   " $5 " bytes  " $9}'
done
