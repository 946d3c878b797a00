#!/bin/bash
# The year's register book of 1,000 entries, exported by `vanban registry export` as XLSX and as
# PDF, each against a peer in the same run (figures: bench/registry/README.md):
#  * XLSX: a Python script writing the same cover and 1,000 rows (read from the TSV export)
#    with XlsxWriter and with openpyxl (write_book_peer.py), Debian's /usr/bin/python3;
#  * PDF: plain `wkhtmltopdf IN.html OUT.pdf` (default options) on the very HTML vanban converts
#    (cover and register, written by bench_book_html), one process per file; the peer neither
#    merges the two nor stamps page numbers, vanban does both (qpdf).
# Whole processes are timed (start, read the register, write): hyperfine -N, RUNS runs after one
# warm-up, commands interleaved by hyperfine's order within each group.
#   bench_book.sh BUILD_DIR        RUNS (default 5)
set -euo pipefail
build=$(cd "$1" && pwd)
runs=${RUNS:-5}
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
vanban=$build/vanban
client=$build/tests/registry/registry_client
book_html=$build/bench/registry/bench_book_html
work=$(mktemp -d "${TMPDIR:-/tmp}/vanban-bench-book.XXXXXX")
trap 'rm -rf "$work"' EXIT
export FONTCONFIG_FILE="$src/fonts/fonts.conf" XDG_CACHE_HOME="$work/cache" XDG_RUNTIME_DIR="$work/rt"
mkdir -p "$work/rt" "$work/html" && chmod 700 "$work/rt"
echo "== $(date -u +%FT%TZ) load: $(uptime)"
echo "cores: $(nproc)"

# 1,000 numbers of SYT in 2024: 100 on the 15th of each of ten months, trích yếu and Nơi nhận of
# 1 to 5 lines (--long 1), one voided.
reg=$work/so.db
for m in 01 02 03 04 05 06 07 08 09 10; do
    "$client" --registry "$reg" --prefix "m$m" --count 100 --date "2024-$m-15" --long 1 >/dev/null
done
"$vanban" registry --registry "$reg" void 07/SYT-VP --year 2024 --reason "Soạn nhầm" >/dev/null
org=$src/samples/dong-nai/org.json
"$vanban" registry --registry "$reg" export --year 2024 --agency SYT >"$work/so.tsv"
echo "entries: $(($(wc -l <"$work/so.tsv") - 1))"
"$book_html" "$reg" SYT 2024 "$org" "$src/templates" "$work/html"

ours_x="$vanban registry --registry $reg export --year 2024 --agency SYT --format xlsx -o $work/ours.xlsx --org $org"
ours_p="$vanban registry --registry $reg export --year 2024 --agency SYT --format pdf -o $work/ours.pdf --org $org"
peer_xw="/usr/bin/python3 $here/write_book_peer.py xlsxwriter $work/so.tsv $work/xw.xlsx 2024"
peer_op="/usr/bin/python3 $here/write_book_peer.py openpyxl $work/so.tsv $work/op.xlsx 2024"
cat >"$work/peer-pdf.sh" <<PEER
#!/bin/bash
# the two HTML files -> two PDFs with plain wkhtmltopdf, default options
wkhtmltopdf -q "$work/html/cover.html" "$work/peer-cover.pdf"
wkhtmltopdf -q "$work/html/register.html" "$work/peer-register.pdf"
PEER
peer_p="bash $work/peer-pdf.sh"

report() {  # hyperfine JSON -> one line per command, then the ratios to the first one
    /usr/bin/python3 - "$1" <<'PY'
import json, statistics, sys
res = json.load(open(sys.argv[1]))["results"]
base = None
for r in res:
    med = statistics.median(r["times"]) * 1000
    cpu = (r["user"] + r["system"]) * 1000
    print(f"  {r['command']:44s} median {med:6.0f} ms  (min {min(r['times'])*1000:5.0f}, "
          f"max {max(r['times'])*1000:5.0f})  CPU {cpu:5.0f} ms")
    if base is None:
        base = (med, cpu)
    else:
        print(f"    peer / vanban: wall {med / base[0]:.2f}x, CPU {cpu / base[1]:.2f}x")
PY
}
echo "hyperfine $(hyperfine --version | awk '{print $2}'): $runs runs, 1 warm-up; wall median (min, max), mean user+sys CPU"
echo "-- XLSX, 1,000 entries"
hyperfine -N --style none --warmup 1 --runs "$runs" --export-json "$work/x.json" \
    -n "vanban registry export --format xlsx" "$ours_x" \
    -n "Python XlsxWriter, same rows" "$peer_xw" \
    -n "Python openpyxl, same rows" "$peer_op" >/dev/null
report "$work/x.json"
echo "-- PDF, 1,000 entries"
hyperfine -N --style none --warmup 1 --runs "$runs" --export-json "$work/p.json" \
    -n "vanban registry export --format pdf" "$ours_p" \
    -n "wkhtmltopdf default, same 2 HTMLs" "$peer_p" >/dev/null
report "$work/p.json"
pages() { pdfinfo "$1" | awk '/^Pages/{print $2}'; }
echo "pages: vanban $(pages "$work/ours.pdf") (cover + register, A4 landscape, Trang X/Y)," \
    "peer $(pages "$work/peer-cover.pdf") + $(pages "$work/peer-register.pdf") (A4 portrait, default margins)"
echo "sizes: vanban xlsx $(stat -c %s "$work/ours.xlsx"), XlsxWriter $(stat -c %s "$work/xw.xlsx")," \
    "openpyxl $(stat -c %s "$work/op.xlsx"); vanban pdf $(stat -c %s "$work/ours.pdf") bytes"
/usr/bin/time -f "peak RSS, vanban xlsx: %M KiB" $ours_x
/usr/bin/time -f "peak RSS, vanban pdf (largest process: vanban or its worker): %M KiB" $ours_p
echo "== load after: $(uptime)"
