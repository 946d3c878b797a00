#!/bin/bash
# Starts or stops a throw-away PostgreSQL server for the registry tests and benchmarks, from
# Debian's postgresql package: initdb in a fresh temporary folder, listening on 127.0.0.1 only, on
# a free port, with its socket in that folder. As root (CI) the server runs as the `postgres` user
# through runuser, since PostgreSQL refuses to run as root.
#
#   pg-test-server.sh start STATE_DIR   writes STATE_DIR/url (postgresql://vanban@127.0.0.1:PORT,
#                                       no database: append /postgres or /DBNAME)
#   pg-test-server.sh stop STATE_DIR    stops the server and removes its folder
#
# Each build tree passes its own STATE_DIR and each start picks its own port and folder, so a
# normal and an ASan build running their suites one after the other (or at once) do not collide.
# PG_FSYNC=on keeps fsync (benchmarks); tests run with fsync off.
set -euo pipefail

action=${1:-}
state=${2:-}
if [ -z "$action" ] || [ -z "$state" ]; then
    echo "Cách dùng: $0 start|stop THƯ-MỤC-TRẠNG-THÁI" >&2
    exit 2
fi
bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$bin/initdb" ]; then
    echo "Không tìm thấy $bin/initdb: cần gói postgresql của Debian (scripts/setup.sh)." >&2
    exit 1
fi

as_owner=()
if [ "$(id -u)" -eq 0 ]; then
    as_owner=(runuser -u postgres --)
fi

stop() {
    if [ -f "$state/datadir" ]; then
        local dir
        dir=$(cat "$state/datadir")
        if [ -d "$dir/data" ]; then
            "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
        fi
        case "$dir" in
            */vanban-pg.*) rm -rf "$dir" ;;
        esac
        rm -f "$state/datadir"
    fi
    rm -f "$state/url"
}

case "$action" in
    stop)
        stop
        exit 0
        ;;
    start) ;;
    *)
        echo "Không có thao tác '$action' (cần start hoặc stop)." >&2
        exit 2
        ;;
esac

mkdir -p "$state"
stop  # a server left behind by an interrupted run of this build tree
dir=$(mktemp -d "${TMPDIR:-/tmp}/vanban-pg.XXXXXX")
echo "$dir" >"$state/datadir"
if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir"
fi
if ! "${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U vanban -A trust -E UTF8 --locale=C.UTF-8 \
    --no-sync >"$state/initdb.log" 2>&1; then
    echo "initdb thất bại, xem $state/initdb.log" >&2
    exit 1
fi
fsync=${PG_FSYNC:-off}
for attempt in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    if "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=$fsync -c max_connections=60" \
        start >/dev/null 2>&1; then
        echo "postgresql://vanban@127.0.0.1:$port" >"$state/url"
        echo "PostgreSQL thử nghiệm chạy ở 127.0.0.1:$port (thư mục $dir)"
        exit 0
    fi
    echo "Cổng $port bận hoặc máy chủ không khởi động được (lần $attempt), thử cổng khác." >&2
    cp "$dir/server.log" "$state/server-failed.log" 2>/dev/null || true
done
echo "Không khởi động được PostgreSQL thử nghiệm; xem $state/server-failed.log" >&2
exit 1
