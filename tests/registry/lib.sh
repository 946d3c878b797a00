# Shared by the registry's script tests. Sourced, not run.
#   fresh_registry BACKEND WORKDIR NAME   prints a spec for an empty registry: a file in WORKDIR
#                                         (sqlite) or a new database NAME on the test server (pg,
#                                         URL read from $VANBAN_TEST_PG_URL_FILE)
#   fail MESSAGE                          prints and exits 1
fail() {
    echo "FAIL: $*" >&2
    exit 1
}

fresh_registry() {
    local backend=$1 work=$2 name=$3
    case "$backend" in
        sqlite)
            rm -f "$work/$name.db" "$work/$name.db-wal" "$work/$name.db-shm"
            echo "$work/$name.db"
            ;;
        pg)
            [ -n "${VANBAN_TEST_PG_URL_FILE:-}" ] && [ -s "$VANBAN_TEST_PG_URL_FILE" ] ||
                fail "no PostgreSQL test server (VANBAN_TEST_PG_URL_FILE); run through ctest"
            local base psql=${PG_BIN:-/usr/lib/postgresql/15/bin}/psql
            base=$(cat "$VANBAN_TEST_PG_URL_FILE")
            "$psql" -q "$base/postgres" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
            "$psql" -q "$base/postgres" -c "CREATE DATABASE $name" >/dev/null
            echo "$base/$name"
            ;;
        *) fail "unknown backend $backend" ;;
    esac
}
