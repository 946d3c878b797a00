#!/bin/bash
# National-scale simulation: every province runs its own job (own registry: each province numbers
# its own dispatches), one after the other on 2 cores, as a national operator would drive them
# (or split them over machines with --shard). Reports documents per second and the peak memory of
# each run at two sizes: peak memory must not grow with the number of provinces.
# Usage: bash bench/batch/run_national.sh [BUILD_DIR] [SIZES...]   (default sizes: 4 8; 63 is the
# full national run, about 63 × 215 documents)
set -euo pipefail
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }  # awk: bc is not on a fresh Debian
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-${BUILD_DIR:-$src/build}}
shift || true
sizes=${*:-4 8}
vanban=$build/vanban
for n in $sizes; do
    work=$build/bench-batch-national-$n
    rm -rf "$work"
    /usr/bin/python3 "$src/bench/batch/gen_provinces.py" "$work/in" "$n"
    start=$(date +%s.%N)
    peak=0
    docs=0
    for d in "$work"/in/tinh-*; do
        p=$(basename "$d")
        /usr/bin/time -f "%M" -o "$work/rss-$p" "$vanban" batch "$d/job.json" -o "$work/out/$p" \
            --jobs 2 >"$work/summary-$p" 2>/dev/null
        rss=$(cat "$work/rss-$p")
        [ "$rss" -gt "$peak" ] && peak=$rss
        docs=$((docs + $(find "$work/out/$p" -type f \( -name '*.pdf' -o -name '*.xlsx' \) | wc -l)))
    done
    end=$(date +%s.%N)
    t=$(calc "$end - $start")
    printf '%d tỉnh: %d văn bản trong %.1f giây, %.1f văn bản/giây, RSS tối đa %d KiB\n' \
        "$n" "$docs" "$t" "$(calc "$docs / $t")" "$peak"
done
