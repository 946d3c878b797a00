#!/bin/bash
# Ranking PDF (issue 7): the Đồng Nai 2024 year ranking (206 units: 25 sở, 11 huyện, 170 xã, every
# level, paginated by vanban) made by `vanban ranking` (render, one pool, qpdf Trang X/Y,
# atomic write), against plain `wkhtmltopdf IN.html OUT.pdf` with default options on the very
# HTML vanban converted (written with --html), in the same run. RUNS (5) runs each, alternating.
# usage: bash bench/ranking/run.sh [BUILD_DIR]          figures: bench/README.md
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build}
runs=${RUNS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
s=$src/samples/dong-nai
args=(--org "$s/org.json" --targets "$s" --data "$s" --period 2024)
export FONTCONFIG_FILE="$src/fonts/fonts.conf" XDG_CACHE_HOME="$work/cache" XDG_RUNTIME_DIR="$work/rt"
mkdir -p "$work/rt" && chmod 700 "$work/rt"
echo "== load: $(uptime)"
"$build/vanban" ranking "${args[@]}" -o "$work/warm.pdf" --html "$work/xep-hang.html"
echo "units: $("$build/vanban" score "${args[@]}" --json | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)["units"]))')"
echo "pages: vanban $(pdfinfo "$work/warm.pdf" | awk '/^Pages/{print $2}')"
ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N); echo $(((t1 - t0) / 1000000)); }
ours=() peer=()
for _ in $(seq "$runs"); do
  ours+=("$(ms "$build/vanban" ranking "${args[@]}" -o "$work/ours.pdf")")
  peer+=("$(ms wkhtmltopdf "$work/xep-hang.html" "$work/peer.pdf")")
done
echo "pages: peer $(pdfinfo "$work/peer.pdf" | awk '/^Pages/{print $2}')"
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mo=$(median "${ours[@]}"); mp=$(median "${peer[@]}")
echo "vanban ranking: ${ours[*]} ms (median $mo)"
echo "wkhtmltopdf default: ${peer[*]} ms (median $mp)"
awk -v a="$mp" -v b="$mo" 'BEGIN { printf "ratio (peer / vanban): %.1fx\n", a / b }'
/usr/bin/time -f "peak RSS vanban ranking: %M KiB" "$build/vanban" ranking "${args[@]}" -o "$work/ours.pdf"
