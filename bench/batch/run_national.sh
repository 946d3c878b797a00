#!/bin/bash
# National-scale simulation: every province runs its own job (own registry: each province numbers
# its own dispatches), one after the other on 2 cores, as a national operator would drive them
# (or split them over machines with --shard). Reports documents per second, CPU seconds and the
# peak memory at each size: peak memory must not grow with the number of provinces.
# Peak memory is measured two ways for every province's run: GNU time's maximum RSS (the larger of
# vanban and its largest wkhtmltopdf worker) and the sum of the RSS of vanban and all its workers,
# sampled every 0,2 s from /proc (what the run needs of the machine at once).
# Usage: bash bench/batch/run_national.sh [BUILD_DIR] [SIZES...]   (default sizes: 4 8; 63 is the
# full national run, about 63 × 215 documents). KEEP_OUTPUT=1 keeps each province's documents
# (by default a province's output is deleted once counted, so that 63 provinces fit on a disk).
set -euo pipefail
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }  # awk: bc is not on a fresh Debian
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-${BUILD_DIR:-$src/build}}
shift || true
sizes=${*:-4 8}
vanban=$build/vanban

# Children of process $1 (every thread's: the pool may start its workers from any thread).
children() { cat /proc/"$1"/task/*/children 2>/dev/null || true; }
# Resident set of process $1 in KiB (0 once it is gone).
rss_of() { awk '/^VmRSS:/ { print $2; found = 1 } END { if (!found) print 0 }' /proc/"$1"/status 2>/dev/null || echo 0; }
# Largest sum of RSS (KiB) of process $1 and its children, sampled until it ends. Reads /proc
# only (no procps on a fresh Debian).
tree_peak() {
    local pid=$1 peak=0 now c
    while [ -e /proc/"$pid" ]; do
        now=$(rss_of "$pid")
        for c in $(children "$pid"); do now=$((now + $(rss_of "$c"))); done
        [ "$now" -gt "$peak" ] && peak=$now
        sleep 0.2
    done
    echo "$peak"
}

for n in $sizes; do
    work=$build/bench-batch-national-$n
    rm -rf "$work"
    /usr/bin/python3 "$src/bench/batch/gen_provinces.py" "$work/in" "$n"
    load_start=$(cut -d' ' -f1-3 /proc/loadavg)
    start=$(date +%s.%N)
    peak=0 tree=0 low=0 docs=0 cpu=0 failed=0
    for d in "$work"/in/tinh-*; do
        p=$(basename "$d")
        /usr/bin/time -f "%M %U %S" -o "$work/rss-$p" "$vanban" batch "$d/job.json" \
            -o "$work/out/$p" --jobs 2 >"$work/summary-$p" 2>/dev/null &
        tpid=$!
        # /usr/bin/time's child is vanban: sample vanban's tree once it exists.
        sleep 0.1
        vpid=$(children "$tpid" | awk '{ print $1 }')
        t=0
        [ -n "$vpid" ] && t=$(tree_peak "$vpid")
        wait "$tpid" || failed=$((failed + 1))
        read -r rss u s <"$work/rss-$p"
        [ "$rss" -gt "$peak" ] && peak=$rss
        { [ "$low" -eq 0 ] || [ "$rss" -lt "$low" ]; } && low=$rss
        [ "$t" -gt "$tree" ] && tree=$t
        cpu=$(calc "$cpu + $u + $s")
        docs=$((docs + $(find "$work/out/$p" -type f \( -name '*.pdf' -o -name '*.xlsx' \) | wc -l)))
        [ -n "${KEEP_OUTPUT:-}" ] || rm -rf "$work/out/$p"
    done
    end=$(date +%s.%N)
    t=$(calc "$end - $start")
    printf '%d tỉnh: %d văn bản trong %.1f giây, %.1f văn bản/giây, CPU %.1f giây (%.1f ms/văn bản),\n' \
        "$n" "$docs" "$t" "$(calc "$docs / $t")" "$cpu" "$(calc "$cpu * 1000 / $docs")"
    printf '  RSS tối đa một tiến trình %d KiB (nhỏ nhất trong các tỉnh %d KiB), cả cây tiến trình %d KiB,\n' \
        "$peak" "$low" "$tree"
    printf '  tải trung bình %s lúc đầu, %s lúc cuối; %d lần chạy lỗi\n' "$load_start" \
        "$(cut -d' ' -f1-3 /proc/loadavg)" "$failed"
done
