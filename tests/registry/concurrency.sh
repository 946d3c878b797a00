#!/bin/bash
# 8 processes each number 100 letters at once against one registry: the register must hold
# 01 to 800 of one series, each exactly once, no gaps, every letter with one number.
#   concurrency.sh sqlite|pg CLIENT VANBAN WORKDIR
set -euo pipefail
backend=$1 client=$2 vanban=$3 work=$4
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
rm -rf "$work"
mkdir -p "$work"
spec=$(fresh_registry "$backend" "$work" concurrency)
pids=()
for p in 0 1 2 3 4 5 6 7; do
    "$client" --registry "$spec" --prefix "p$p" --count 100 >"$work/out.$p" 2>"$work/err.$p" &
    pids+=($!)
done
for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || fail "client $i failed: $(cat "$work/err.$i")"
done
"$vanban" registry --registry "$spec" export --agency SYT --year 2024 >"$work/register.tsv"
/usr/bin/python3 "$here/verify_register.py" "$work/register.tsv" --symbol SYT-VP --issued 800 \
    "$work"/out.?
[ "$(cat "$work"/out.? | wc -l)" -eq 800 ] || fail "clients printed fewer than 800 letters"
