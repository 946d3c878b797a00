#!/bin/bash
# kill -9 a process in the middle of numbering and "rendering" a batch (twice, at different
# points), then run it to the end: every letter numbered, the same letter keeps its number, no
# duplicates or gaps, and after each kill the register holds at most the one reservation that
# was in flight, with every issued number backed by its file.
#   crash.sh sqlite|pg CLIENT VANBAN WORKDIR
set -euo pipefail
backend=$1 client=$2 vanban=$3 work=$4
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
rm -rf "$work"
mkdir -p "$work/out"
spec=$(fresh_registry "$backend" "$work" crash)
count=60
run() {  # run N: starts the client, output to run.N
    "$client" --registry "$spec" --prefix crash --count $count --render-dir "$work/out" \
        --sleep-ms 40 >"$work/run.$1" 2>"$work/err.$1" &
    pid=$!
}
export_register() {
    "$vanban" registry --registry "$spec" export --agency SYT --year 2024 >"$work/register.tsv"
}

for attempt in 1 2; do
    run $attempt
    target=$((attempt * 20))
    for _ in $(seq 1 600); do
        [ "$(wc -l <"$work/run.$attempt")" -ge $target ] && break
        kill -0 $pid 2>/dev/null || break
        sleep 0.05
    done
    kill -9 $pid
    wait $pid 2>/dev/null && fail "run $attempt finished before it was killed"
    done_now=$(cat "$work"/run.* | cut -f1 | sort -u | wc -l)
    [ "$done_now" -lt $count ] || fail "run $attempt was not killed midway"
    export_register
    # A letter is printed right after its commit: the kill may fall between the two.
    issued=$(awk -F'\t' 'NR > 1 && $10 == ""' "$work/register.tsv" | wc -l)
    [ "$issued" -eq "$done_now" ] || [ "$issued" -eq $((done_now + 1)) ] ||
        fail "after kill $attempt: $issued issued but $done_now letters done"
    /usr/bin/python3 "$here/verify_register.py" "$work/register.tsv" --symbol SYT-VP \
        --issued "$issued" --reserved-max 1 "$work"/run.* >/dev/null
done

run final
wait $pid || fail "the rerun failed: $(cat "$work/err.final")"
export_register
/usr/bin/python3 "$here/verify_register.py" "$work/register.tsv" --symbol SYT-VP --issued $count \
    --render-dir "$work/out" "$work"/run.*
# Letters finished before a kill are not rendered again.
skipped=$(grep -c $'\tskipped$' "$work/run.final" || true)
[ "$skipped" -ge "$(cat "$work/run.1" "$work/run.2" | cut -f1 | sort -u | wc -l)" ] ||
    fail "the rerun rendered again letters that were already issued"
[ "$(wc -l <"$work/run.final")" -eq $count ] || fail "the rerun did not go through every letter"
