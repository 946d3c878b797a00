#!/bin/sh
# Letters to PDF (issue 4): COUNT (200) two-page letters, JSON -> finished PDF files through
# letter::LetterMaker in one process with one pool of 2 wkhtmltopdf workers (2 cores), against
# the peer: plain `wkhtmltopdf IN.html OUT.pdf` with its default options, one process per letter,
# on the same HTML (written by vanban from the same letters), 2 at a time (xargs -P2) and
# sequentially. The peer is timed on PEER_COUNT (40) letters and scaled: each of its letters is
# its own process, so its time per letter does not depend on the count.
# usage: bench/pdf/run.sh [BUILD_DIR]     figures: bench/pdf/README.md
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
count=${COUNT:-200}
peer_count=${PEER_COUNT:-40}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
tool="$build/bench/pdf/bench_letter_maker"
args="--org $root/samples/dong-nai/org.json --letter $root/samples/letters/syt-1999-cchc-quy-ii-2023.json
      --templates $root/templates/nd30"

# The peer sees the same fonts as the pool (otherwise it also pays for scanning every font).
export FONTCONFIG_FILE="$root/fonts/fonts.conf" XDG_CACHE_HOME="$dir/cache"
export XDG_RUNTIME_DIR="$dir/runtime"
mkdir -p "$XDG_RUNTIME_DIR" "$dir/html" && chmod 700 "$XDG_RUNTIME_DIR"
echo "== load: $(uptime)"

# shellcheck disable=SC2086
"$tool" $args --html-dir "$dir/html" --count "$peer_count"
echo "== vanban: $count letters, JSON -> finished PDF, 1 process, pool of 2 workers (3 runs)"
for i in 1 2 3; do
    rm -rf "$dir/ours" && mkdir -p "$dir/ours"
    # shellcheck disable=SC2086
    /usr/bin/time -f "   wall %e s, CPU %U user + %S sys (with its workers), peak RSS %M KB (largest process: vanban or one worker)" \
        "$tool" $args --out-dir "$dir/ours" --count "$count" --workers 2 --threads 2
done
pdfinfo "$dir/ours/letter-000.pdf" | grep Pages

ls "$dir/html"/*.html > "$dir/list"
echo "== peer: plain wkhtmltopdf, default options, one process per letter, 2 at a time, $peer_count letters"
mkdir -p "$dir/peer"
/usr/bin/time -f "   wall %e s, CPU %U user + %S sys, peak RSS %M KB" sh -c '
    xargs -P2 -I{} sh -c "wkhtmltopdf {} $0/\$(basename {} .html).pdf 2>/dev/null" < "$1"
' "$dir/peer" "$dir/list"
pdfinfo "$dir/peer/letter-000.pdf" | grep Pages
echo "== peer: the same, sequential, $peer_count letters"
rm -rf "$dir/peer" && mkdir -p "$dir/peer"
/usr/bin/time -f "   wall %e s, CPU %U user + %S sys, peak RSS %M KB" sh -c '
    while read -r f; do wkhtmltopdf "$f" "$0/$(basename "$f" .html).pdf" 2>/dev/null; done < "$1"
' "$dir/peer" "$dir/list"
echo "== load: $(uptime)"
