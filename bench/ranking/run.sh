#!/bin/bash
# Ranking PDF (issue 7), two measurements on the Đồng Nai 2024 year, each against plain
# `wkhtmltopdf IN.html OUT.pdf` (default options) on the very HTML vanban converted, in the same
# run (figures: bench/ranking/README.md):
#  1. the whole-province ranking: 206 units (25 sở, 11 huyện, 170 xã), one large document;
#  2. one ranking per district (11 PDFs) made together: `vanban ranking --each-district DIR
#     --jobs 2` (2 threads, one pool of 2 wkhtmltopdf workers, qpdf Trang X/Y, atomic writes)
#     against the peer on the same 11 HTMLs (from --html-dir) one after another, and 2 at a time
#     (xargs -P2).
# hyperfine when installed (RUNS runs, 1 warm-up), else the median of RUNS runs by hand.
# usage: bash bench/ranking/run.sh [BUILD_DIR]      RUNS (5), JOBS (2)
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build}
runs=${RUNS:-5}
jobs=${JOBS:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
s=$src/samples/dong-nai
vanban=$build/vanban
args=(--org "$s/org.json" --targets "$s" --data "$s" --period 2024)
export FONTCONFIG_FILE="$src/fonts/fonts.conf" XDG_CACHE_HOME="$work/cache" XDG_RUNTIME_DIR="$work/rt"
mkdir -p "$work/rt" && chmod 700 "$work/rt"
echo "== $(date -u +%FT%TZ) load: $(uptime)"
echo "cores: $(nproc)"

# The HTML vanban converts: the province document and the 11 district documents.
"$vanban" ranking "${args[@]}" -o "$work/warm.pdf" --html "$work/xep-hang.html"
"$vanban" ranking "${args[@]}" --each-district "$work/warm-d" --jobs "$jobs" --html-dir "$work/html" >/dev/null
echo "units: $("$vanban" score "${args[@]}" --json | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)["units"]))')"
echo "pages: province $(pdfinfo "$work/warm.pdf" | awk '/^Pages/{print $2}'), districts $(for f in "$work"/warm-d/*.pdf; do pdfinfo "$f" | awk '/^Pages/{print $2}'; done | awk "{s+=\$1} END {print s}") in $(ls "$work"/warm-d | wc -l) files"
mkdir -p "$work/peer-seq" "$work/peer-par" "$work/ours-d"

# The peer on the 11 HTMLs.
cat >"$work/peer-one.sh" <<'EOF'
#!/bin/bash
# one HTML -> PDF with plain wkhtmltopdf, default options
exec wkhtmltopdf "$1" "$2/$(basename "$1" .html).pdf"
EOF
chmod +x "$work/peer-one.sh"
peer_seq="for f in $work/html/*.html; do $work/peer-one.sh \$f $work/peer-seq; done"
peer_par="ls $work/html/*.html | xargs -P2 -I{} $work/peer-one.sh {} $work/peer-par"
ours_d="$vanban ranking ${args[*]} --each-district $work/ours-d --jobs $jobs"
ours_p="$vanban ranking ${args[*]} -o $work/ours.pdf"
peer_p="wkhtmltopdf $work/xep-hang.html $work/peer.pdf"

if command -v hyperfine >/dev/null; then
  echo "hyperfine $(hyperfine --version | awk '{print $2}'): $runs runs, 1 warm-up; mean ± σ, median, user+sys CPU"
  report() {  # hyperfine JSON -> one line per command, then the ratios to the first one
    /usr/bin/python3 - "$1" <<'EOF'
import json, statistics, sys
res = json.load(open(sys.argv[1]))["results"]
base = None
for r in res:
    med = statistics.median(r["times"]) * 1000
    cpu = (r["user"] + r["system"]) * 1000
    print(f"  {r['command'][:60]:60s} median {med:7.0f} ms  mean {r['mean']*1000:7.0f} ± {(r['stddev'] or 0)*1000:4.0f} ms  CPU {cpu:6.0f} ms")
    if base is None:
        base = (med, cpu)
    else:
        print(f"    ratio to vanban: wall {med / base[0]:.2f}x, CPU {cpu / base[1]:.2f}x")
EOF
  }
  echo "-- 1. province ranking, 206 units"
  hyperfine -N --style none --warmup 1 --runs "$runs" --export-json "$work/p.json" \
    -n "vanban ranking (206 units)" "$ours_p" -n "wkhtmltopdf default, same HTML" "$peer_p" >/dev/null
  report "$work/p.json"
  echo "-- 2. one ranking per district (11) made together"
  hyperfine --style none --warmup 1 --runs "$runs" --export-json "$work/d.json" \
    -n "vanban ranking --each-district --jobs $jobs" "$ours_d" \
    -n "wkhtmltopdf default, 11 HTMLs one after another" "$peer_seq" \
    -n "wkhtmltopdf default, 11 HTMLs 2 at a time (xargs -P2)" "$peer_par" >/dev/null
  report "$work/d.json"
else
  echo "hyperfine not installed: median of $runs runs (wall ms), commands alternating"
  ms() { local t0 t1; t0=$(date +%s%N); bash -c "$1" >/dev/null 2>&1; t1=$(date +%s%N); echo $(((t1 - t0) / 1000000)); }
  median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  op=() pp=() od=() ps=() pr=()
  for _ in $(seq "$runs"); do
    op+=("$(ms "$ours_p")"); pp+=("$(ms "$peer_p")")
    od+=("$(ms "$ours_d")"); ps+=("$(ms "$peer_seq")"); pr+=("$(ms "$peer_par")")
  done
  a=$(median "${op[@]}") b=$(median "${pp[@]}") c=$(median "${od[@]}") d=$(median "${ps[@]}") e=$(median "${pr[@]}")
  echo "-- 1. province: vanban ${op[*]} (median $a), peer ${pp[*]} (median $b): $(awk -v x="$b" -v y="$a" 'BEGIN{printf "%.2fx", x/y}')"
  echo "-- 2. districts: vanban ${od[*]} (median $c)"
  echo "   peer one after another ${ps[*]} (median $d): $(awk -v x="$d" -v y="$c" 'BEGIN{printf "%.2fx", x/y}')"
  echo "   peer 2 at a time ${pr[*]} (median $e): $(awk -v x="$e" -v y="$c" 'BEGIN{printf "%.2fx", x/y}')"
fi
echo "pages: peer province $(pdfinfo "$work/peer.pdf" | awk '/^Pages/{print $2}'), peer districts $(ls "$work"/peer-seq | wc -l) files"
/usr/bin/time -f "peak RSS (largest process: vanban or a worker), province: %M KiB" "$vanban" ranking "${args[@]}" -o "$work/ours.pdf"
/usr/bin/time -f "peak RSS (largest process: vanban or a worker), --each-district: %M KiB" \
  "$vanban" ranking "${args[@]}" --each-district "$work/ours-d" --jobs "$jobs" >/dev/null
echo "== load after: $(uptime)"
