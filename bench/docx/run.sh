#!/bin/sh
# Letters to DOCX (issue 17): COUNT (200) letters, JSON -> .docx files through vanban_docx in
# one process (parse + validate each letter's JSON, resolve against org.json, write the parts,
# zip, write atomically), next to the PDF path on the same letters (bench/pdf's
# bench_letter_maker: 2 wkhtmltopdf workers) and against the peer: python-docx (Debian's
# python3-docx) building the same letters in one process (peer_python_docx.py). The peer is
# timed on PEER_COUNT (40) letters: its time per letter does not depend on the count.
# usage: bench/docx/run.sh [BUILD_DIR]     figures: bench/README.md
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
count=${COUNT:-200}
peer_count=${PEER_COUNT:-40}
letter=${LETTER:-$root/samples/letters/syt-1999-cchc-quy-ii-2023.json}
org=$root/samples/dong-nai/org.json
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export FONTCONFIG_FILE="$root/fonts/fonts.conf" XDG_CACHE_HOME="$dir/cache"
export XDG_RUNTIME_DIR="$dir/runtime"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
echo "== load: $(uptime)"
echo "== vanban: $count letters JSON -> .docx, 1 process, 1 thread (3 runs)"
for i in 1 2 3; do
    rm -rf "$dir/docx" && mkdir -p "$dir/docx"
    /usr/bin/time -f "   wall %e s, peak RSS %M KB" \
        "$build/bench/docx/bench_docx" --org "$org" --letter "$letter" --out-dir "$dir/docx" \
        --count "$count"
done
if [ -x "$build/bench/pdf/bench_letter_maker" ]; then
    echo "== vanban: the same $count letters JSON -> finished PDF (2 workers, 2 threads)"
    mkdir -p "$dir/pdf"
    "$build/bench/pdf/bench_letter_maker" --org "$org" --letter "$letter" \
        --templates "$root/templates/nd30" --out-dir "$dir/pdf" --count "$count" --workers 2 \
        --threads 2
fi
echo "== peer: python-docx, $peer_count letters, 1 process (2 runs)"
for i in 1 2; do
    rm -rf "$dir/peer" && mkdir -p "$dir/peer"
    /usr/bin/time -f "   wall %e s, peak RSS %M KB" \
        /usr/bin/python3 "$root/bench/docx/peer_python_docx.py" "$org" "$letter" "$dir/peer" \
        "$peer_count"
done
echo "== load: $(uptime)"
