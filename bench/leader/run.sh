#!/bin/bash
# Leaders' scorecards (issue 18): the whole province for one period, `vanban scorecard --pdf`
# (3 summary pages + 206 unit pages, SVG charts, bookmarks; one process, a pool of 2
# wkhtmltopdf workers), in ms per page, next to the letter path measured in the same run:
# bench/pdf's bench_letter_maker making N two-page letters JSON -> finished PDF (same pool size),
# in ms per letter and per page. hyperfine, RUNS runs (3) after 1 warm-up.
# usage: bash bench/leader/run.sh [BUILD_DIR]       (bench_letter_maker needs -DVANBAN_BENCH=ON)
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build}
runs=${RUNS:-3}
period=${PERIOD:-2024-Q2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
s=$src/samples/dong-nai
export FONTCONFIG_FILE="$src/fonts/fonts.conf" XDG_CACHE_HOME="$work/cache" XDG_RUNTIME_DIR="$work/rt"
mkdir -p "$work/rt" && chmod 700 "$work/rt"
echo "== $(date -u +%FT%TZ) load: $(uptime)"
echo "cores: $(nproc)"

ours="$build/vanban scorecard --org $s/org.json --targets $s --data $s --period $period --pdf $work/lanh-dao.pdf --job $src/samples/jobs/dong-nai-2024.json"
$ours
pages=$(pdfinfo "$work/lanh-dao.pdf" | awk '/^Pages/{print $2}')
echo "leader PDF: $pages pages, $(stat -c %s "$work/lanh-dao.pdf") bytes"

tool=$build/bench/pdf/bench_letter_maker
letters=${LETTERS:-$pages}
cmds=(-n "vanban scorecard --pdf ($pages pages)" "$ours")
if [ -x "$tool" ]; then
  letter="$tool --org $s/org.json --letter $src/samples/letters/syt-1999-cchc-quy-ii-2023.json --templates $src/templates/nd30 --out-dir $work/letters --count $letters --workers 2 --threads 2"
  mkdir -p "$work/letters"
  $letter >/dev/null
  lpages=$(pdfinfo "$work/letters/letter-000.pdf" | awk '/^Pages/{print $2}')
  cmds+=(-n "letter path: $letters letters of $lpages pages (bench_letter_maker)" "$letter")
else
  echo "(no $tool: configure with -DVANBAN_BENCH=ON and build bench_letter_maker for the letter path)"
fi
hyperfine -N --style none --warmup 1 --runs "$runs" --export-json "$work/h.json" "${cmds[@]}" >/dev/null
/usr/bin/python3 - "$work/h.json" "$pages" "$letters" "${lpages:-0}" <<'PY'
import json, statistics, sys
res = json.load(open(sys.argv[1]))["results"]
pages, letters, lpages = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
for i, r in enumerate(res):
    med = statistics.median(r["times"]) * 1000
    n = pages if i == 0 else letters * lpages
    unit = "page" if i == 0 else "letter page"
    extra = "" if i == 0 else f", {med / letters:.1f} ms per letter"
    print(f"  {r['command']}: median {med:.0f} ms (runs {', '.join(f'{t*1000:.0f}' for t in r['times'])}), "
          f"{med / n:.1f} ms per {unit}{extra}; CPU {(r['user'] + r['system']) * 1000:.0f} ms")
PY
/usr/bin/time -f "peak RSS (largest process: vanban or a worker): %M KiB" $ours
echo "== load after: $(uptime)"
