#!/bin/bash
# Numbers per second of the dispatch registry: one process, and 8 processes at once on the same
# series, for SQLite (WAL, synchronous=FULL) and PostgreSQL (a local server from Debian's package,
# fsync on). Each number is a letter's full protocol: reserve (takes max+1) and commit, two
# durable transactions. Peer, same session: a plain Python sqlite3 loop doing the same two
# transactions with the same pragmas (Debian's /usr/bin/python3), the obvious script an office's
# IT staff would write. Every figure is fsync-bound, so the runs are interleaved (ours, peer,
# ours, …) over ROUNDS rounds and the median is reported with the range.
#   bench_registry.sh BUILD_DIR [LETTERS_PER_PROCESS] [ROUNDS]
set -euo pipefail
build=$(cd "$1" && pwd)
n=${2:-300}
rounds=${3:-5}
here=$(cd "$(dirname "$0")" && pwd)
client=$build/tests/registry/registry_client
work=$(mktemp -d "${TMPDIR:-/tmp}/vanban-bench-registry.XXXXXX")
state=$work/pg
trap 'bash "$here/../../scripts/pg-test-server.sh" stop "$state" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
PG_FSYNC=on bash "$here/../../scripts/pg-test-server.sh" start "$state" >/dev/null
base=$(cat "$state/url")
psql=${PG_BIN:-/usr/lib/postgresql/15/bin}/psql

peer_py='
import os, sqlite3, sys
path, count = sys.argv[1], int(sys.argv[2])
db = sqlite3.connect(path, timeout=60, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=FULL")
db.execute("CREATE TABLE IF NOT EXISTS e (series TEXT, year INT, number INT, key TEXT UNIQUE, "
           "status TEXT, PRIMARY KEY (series, year, number))")
for i in range(count):
    key = f"{os.getpid()}-{i}"
    db.execute("BEGIN IMMEDIATE")
    (n,) = db.execute("SELECT COALESCE(MAX(number), 0) + 1 FROM e "
                      "WHERE series = \"HC\" AND year = 2024").fetchone()
    db.execute("INSERT INTO e VALUES (\"HC\", 2024, ?, ?, \"reserved\")", (n, key))
    db.execute("COMMIT")
    db.execute("BEGIN IMMEDIATE")
    db.execute("UPDATE e SET status = \"issued\" WHERE key = ?", (key,))
    db.execute("COMMIT")
'

# one_run WHO PROCS ID -> numbers per second on a fresh registry r<ID> (after a warm-up number)
one_run() {
    local who=$1 procs=$2 seq_no=$3 spec t0 t1 pids=()
    case "$who" in
        sqlite | peer) spec="$work/r$seq_no.db" ;;
        pg)
            "$psql" -q "$base/postgres" -c "CREATE DATABASE r$seq_no" >/dev/null
            spec="$base/r$seq_no"
            ;;
    esac
    run() {
        if [ "$who" = peer ]; then
            /usr/bin/python3 -c "$peer_py" "$spec" "$2"
        else
            "$client" --registry "$spec" --prefix "$1" --count "$2" >/dev/null
        fi
    }
    run warm 1
    t0=$(date +%s.%N)
    for p in $(seq 1 "$procs"); do
        run "p$p" "$n" &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid"; done
    t1=$(date +%s.%N)
    /usr/bin/python3 -c "print(round($procs * $n / ($t1 - $t0)))"
}

declare -A results
id=0
for r in $(seq 1 "$rounds"); do
    for procs in 1 8; do
        for who in sqlite peer pg; do
            id=$((id + 1))
            results[$who.$procs]+="$(one_run $who $procs $id) "
        done
    done
done

echo "Máy: $(nproc) lõi, tải trung bình lúc đo: $(cut -d' ' -f1-3 /proc/loadavg); $n văn bản mỗi" \
    "tiến trình, $rounds vòng xen kẽ; $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "| hệ | tiến trình | số/giây (trung vị) | thấp nhất – cao nhất |"
echo "|---|---|---|---|"
for who in sqlite peer pg; do
    for procs in 1 8; do
        label=$who
        [ "$who" = sqlite ] && label="vanban, SQLite"
        [ "$who" = pg ] && label="vanban, PostgreSQL"
        [ "$who" = peer ] && label="peer: Python sqlite3"
        /usr/bin/python3 -c "
import statistics, sys
v = sorted(int(x) for x in sys.argv[3].split())
print(f'| {sys.argv[1]} | {sys.argv[2]} | {statistics.median(v):.0f} | {v[0]} – {v[-1]} |')
" "$label" "$procs" "${results[$who.$procs]}"
    done
done
