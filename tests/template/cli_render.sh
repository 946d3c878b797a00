#!/bin/sh
# Checks `vanban render`'s exit codes and streams: 0 with output, 1 with an empty stdout and a
# "FILE:LINE:COL: lỗi:" message for template/data errors, 2 for bad usage, Vietnamese --help.
set -u
VANBAN=$1
SRC=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$VANBAN" render --help >"$TMP/out" 2>&1 || fail "--help exited non-zero"
grep -q "Cách dùng: vanban render" "$TMP/out" || fail "--help is not the Vietnamese help"

"$VANBAN" render >"$TMP/out" 2>"$TMP/err"; [ $? -eq 2 ] || fail "no arguments must exit 2"
"$VANBAN" render x.html >"$TMP/out" 2>"$TMP/err"; [ $? -eq 2 ] || fail "missing --data must exit 2"
"$VANBAN" render x.html --data d.json --bogus >"$TMP/out" 2>"$TMP/err"; [ $? -eq 2 ] || fail "unknown option must exit 2"

printf 'Xin chào {{ ten|upper }}!\n' >"$TMP/t.txt"
printf '{"ten": "ủy ban"}' >"$TMP/d.json"
"$VANBAN" render "$TMP/t.txt" --data "$TMP/d.json" >"$TMP/out" 2>"$TMP/err" || fail "render failed: $(cat "$TMP/err")"
[ "$(cat "$TMP/out")" = "Xin chào ỦY BAN!" ] || fail "unexpected output: $(cat "$TMP/out")"

printf 'dòng 1\n  {{ nguoi_ky }}\n' >"$TMP/thu.html"
"$VANBAN" render "$TMP/thu.html" --data "$TMP/d.json" >"$TMP/out" 2>"$TMP/err"; rc=$?
[ $rc -eq 1 ] || fail "undefined variable must exit 1, got $rc"
[ -s "$TMP/out" ] && fail "stdout must be empty on error"
grep -q "thu.html:2:6: lỗi: biến 'nguoi_ky' chưa được định nghĩa" "$TMP/err" || fail "bad message: $(cat "$TMP/err")"

printf '{\n  "a": 1,\n  "b": tru\n}\n' >"$TMP/bad.json"
"$VANBAN" render "$TMP/t.txt" --data "$TMP/bad.json" >"$TMP/out" 2>"$TMP/err"; rc=$?
[ $rc -eq 1 ] || fail "bad JSON must exit 1"
grep -q "bad.json:3:8: lỗi: JSON không hợp lệ" "$TMP/err" || fail "bad JSON message: $(cat "$TMP/err")"

# The README's main command.
"$VANBAN" render "$SRC/templates/samples/thong-bao-ket-qua.html" \
    --data "$SRC/samples/render/thong-bao-ket-qua.json" >"$TMP/out" 2>"$TMP/err" || fail "sample: $(cat "$TMP/err")"
grep -q "quý II/2024" "$TMP/out" || fail "sample output lacks the quarter"
echo ok
