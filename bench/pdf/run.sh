#!/bin/sh
# Letters to PDF (issue 4): 200 two-page letters, HTML -> finished PDF, vanban's pool (one
# worker per core, page numbers and metadata by libqpdf) against the peer: plain
# `wkhtmltopdf IN.html OUT.pdf` with default options, one process per letter (sequential, and
# two at a time with xargs -P2). Template rendering is not included yet.
# usage: bench/pdf/run.sh [BUILD_DIR]   (PEER_COUNT=40 letters for the slow peer by default;
# its time per letter does not depend on the count, each letter being its own process)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
count=${COUNT:-200}
peer_count=${PEER_COUNT:-40}
tool=$build/bench/pdf/bench_letters
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# The peer sees the same fonts as the pool (otherwise it also pays for scanning every font).
export FONTCONFIG_FILE="$root/fonts/fonts.conf" XDG_CACHE_HOME="$dir/cache"
export XDG_RUNTIME_DIR="$dir/runtime"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"

"$tool" --html-dir "$dir/html" --count "$count"
echo "== vanban pool: $count letters (3 runs)"
for i in 1 2 3; do
    rm -rf "$dir/ours"
    "$tool" --out-dir "$dir/ours" --count "$count"
done

ls "$dir/html"/*.html | head -n "$peer_count" > "$dir/list"
echo "== peer: plain wkhtmltopdf, one process per letter, sequential, $peer_count letters"
mkdir -p "$dir/peer"
/usr/bin/time -f "wall %e s  CPU %U s user + %S s sys  peak RSS %M KB" sh -c '
    while read -r f; do wkhtmltopdf "$f" "$0/$(basename "$f" .html).pdf" 2>/dev/null; done < "$1"
' "$dir/peer" "$dir/list"
echo "== peer: plain wkhtmltopdf, one process per letter, 2 at a time, $peer_count letters"
rm -rf "$dir/peer" && mkdir -p "$dir/peer"
/usr/bin/time -f "wall %e s  CPU %U s user + %S s sys  peak RSS %M KB" sh -c '
    xargs -P2 -I{} sh -c "wkhtmltopdf {} $0/\$(basename {} .html).pdf 2>/dev/null" < "$1"
' "$dir/peer" "$dir/list"
pdfinfo "$dir/peer/letter-000.pdf" | grep Pages
