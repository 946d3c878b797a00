#!/bin/bash
# Two processes number công văn at once in two ordinary series of one agency (HC, and CV as after
# a switch to per-type series): the same Số + ký hiệu must never be issued twice in the ordinary
# system. Each client either numbers all its letters or stops at the first clash with the
# Vietnamese refusal; the register must hold each Số + ký hiệu at most once.
#   series_race.sh sqlite|pg CLIENT VANBAN WORKDIR
set -euo pipefail
backend=$1 client=$2 vanban=$3 work=$4
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
rm -rf "$work"
mkdir -p "$work"
for round in 1 2 3 4 5; do
    spec=$(fresh_registry "$backend" "$work" "series_race_$round")
    # The schema exists before the race, so both clients start numbering at once.
    "$client" --registry "$spec" --prefix warm --count 0 >/dev/null
    "$client" --registry "$spec" --prefix hc --series HC --count 40 >"$work/hc.$round" 2>"$work/hc.err.$round" &
    a=$!
    "$client" --registry "$spec" --prefix cv --series CV --count 40 >"$work/cv.$round" 2>"$work/cv.err.$round" &
    c=$!
    wait $a || grep -q "Không cấp được số" "$work/hc.err.$round" ||
        fail "round $round: HC client failed otherwise: $(cat "$work/hc.err.$round")"
    wait $c || grep -q "Không cấp được số" "$work/cv.err.$round" ||
        fail "round $round: CV client failed otherwise: $(cat "$work/cv.err.$round")"
    "$vanban" registry --registry "$spec" export --agency SYT --year 2024 --format tsv \
        >"$work/register.$round.tsv"
    /usr/bin/python3 - "$work/register.$round.tsv" "$work/hc.$round" "$work/cv.$round" <<'PY'
import collections, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8")][1:]
so = collections.Counter(r[0] for r in rows if r and r[0])
dup = [k for k, n in so.items() if n > 1]
if dup:
    sys.exit(f"FAIL: Số + ký hiệu issued twice in the ordinary system: {dup}")
printed = collections.Counter(l.split("\t")[1] for f in sys.argv[2:] for l in open(f, encoding="utf-8"))
dup = [k for k, n in printed.items() if n > 1]
if dup:
    sys.exit(f"FAIL: the clients were given one Số + ký hiệu twice: {dup}")
if not rows:
    sys.exit("FAIL: nothing numbered")
PY
done
echo ok
