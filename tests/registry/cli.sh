#!/bin/bash
# `vanban registry list|show|void|export` end to end: output, Vietnamese messages, exit codes,
# and that a failing command writes nothing.
#   cli.sh sqlite|pg CLIENT VANBAN WORKDIR
set -euo pipefail
backend=$1 client=$2 vanban=$3 work=$4
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
rm -rf "$work"
mkdir -p "$work"
spec=$(fresh_registry "$backend" "$work" cli)
vb() { "$vanban" registry --registry "$spec" "$@"; }
expect() {  # expect CODE PATTERN CMD...: exit code CODE, stdout+stderr matching PATTERN
    local code=$1 pattern=$2 out rc=0
    shift 2
    out=$("$@" 2>&1) || rc=$?
    [ "$rc" -eq "$code" ] || fail "$* exited $rc, expected $code: $out"
    grep -q -- "$pattern" <<<"$out" || fail "$* did not print '$pattern': $out"
}

"$client" --registry "$spec" --prefix cli --count 12 --date 2024-05-06 >/dev/null
[ "$(vb list | wc -l)" -eq 13 ] || fail "list did not print 12 entries and a header"
expect 0 $'^03/SYT-VP\t06/5/2024\tđã ban hành\tHC\tCông văn' vb list --year 2024
[ "$(vb list --year 2023 | wc -l)" -eq 1 ] || fail "list --year 2023 is not empty"
expect 0 'Số, ký hiệu: 03/SYT-VP' vb show 03/SYT-VP --year 2024
expect 0 'Trạng thái: đã ban hành' vb show 3/SYT-VP --year 2024 --agency SYT
expect 1 'không có số 03/SYT-VP năm 2023' vb show 03/SYT-VP --year 2023

expect 0 'Đã hủy số 03/SYT-VP năm 2024' vb void 3/SYT-VP --year 2024 --reason "Soạn nhầm nơi nhận"
expect 0 'Lý do hủy: Soạn nhầm nơi nhận' vb show 03/SYT-VP --year 2024
expect 0 $'^03/SYT-VP\t06/5/2024\tđã hủy' vb list --status void
expect 1 'đã bị hủy trước đó' vb void 03/SYT-VP --year 2024 --reason "lần nữa"
expect 1 'Không có số 99/SYT-VP năm 2024' vb void 99/SYT-VP --year 2024 --reason "không có"
expect 2 'cần lý do' vb void 04/SYT-VP --year 2024
expect 0 'Trạng thái: đã ban hành' vb show 04/SYT-VP --year 2024
expect 2 'năm có bốn chữ số' vb list --year 24
expect 2 "không có lệnh 'frobnicate'" vb frobnicate
expect 2 'không có tùy chọn --colour' vb list --colour red
expect 0 'Cách dùng: vanban registry' vb --help

vb export --year 2024 >"$work/register.tsv"
[ "$(wc -l <"$work/register.tsv")" -eq 13 ] || fail "export has not 12 rows and a header"
grep -q $'^03/SYT-VP\t06/5/2024\tCông văn — V/v thư thử số 2\tNguyễn Văn A\tNhư trên\tVT, VP\t2\t\t\tĐã hủy: Soạn nhầm nơi nhận$' \
    "$work/register.tsv" || fail "export row of the voided number: $(sed -n 4p "$work/register.tsv")"
expect 0 'Từ số 01 đến số 12' vb export --year 2024 --format text
expect 0 'Từ ngày 06/5/2024 đến ngày 06/5/2024' vb export --year 2024 --format text
expect 2 'cần tệp kết quả: -o TỆP.xlsx' vb export --year 2024 --format xlsx
expect 2 "cần tsv, text, xlsx hoặc pdf, không phải 'odt'" vb export --year 2024 --format odt

# Another agency in the same registry: export must be told which one.
"$client" --registry "$spec" --prefix other --agency SNV --count 1 --date 2024-05-06 >/dev/null
expect 2 'cần chọn một bằng --agency' vb export --year 2024
[ "$(vb export --year 2024 --agency SNV | wc -l)" -eq 2 ] || fail "export --agency SNV"

# Secret documents have their own numbering (Điều 15): 01/SYT-VP and 02/SYT-VP again, in MAT.
"$client" --registry "$spec" --prefix secret --series MAT --count 2 --date 2024-05-07 >/dev/null
expect 2 'của cơ quan SYT có ở nhiều sổ (HC, MAT)' vb show 01/SYT-VP --year 2024
expect 2 'cần chỉ rõ --series, ví dụ --series MAT' vb show 1/SYT-VP --year 2024 --agency SYT
expect 0 'Khóa văn bản: secret-0' vb show 01/SYT-VP --year 2024 --series MAT
expect 0 'Sổ: MAT' vb show 01/SYT-VP --year 2024 --series MAT
expect 0 'Khóa văn bản: cli-0' vb show 01/SYT-VP --year 2024 --series HC --agency SYT
expect 1 'không có số 03/SYT-VP năm 2024 (sổ MAT)' vb show 03/SYT-VP --year 2024 --series MAT
# An ambiguous void changes nothing; with --series it voids that entry only.
expect 2 'cần chỉ rõ --series' vb void 02/SYT-VP --year 2024 --reason "Nhầm"
expect 0 'Trạng thái: đã ban hành' vb show 02/SYT-VP --year 2024 --series MAT
expect 0 'Đã hủy số 02/SYT-VP năm 2024 (sổ MAT, lý do: Nhầm)' \
    vb void 02/SYT-VP --year 2024 --series MAT --reason "Nhầm"
expect 0 'Trạng thái: đã hủy' vb show 02/SYT-VP --year 2024 --series MAT
expect 0 'Trạng thái: đã ban hành' vb show 02/SYT-VP --year 2024 --series HC
# Each book holds its own series: the ordinary one is unchanged, the secret one has its two.
[ "$(vb export --year 2024 --agency SYT | wc -l)" -eq 13 ] || fail "ordinary book changed"
vb export --year 2024 --agency SYT --series MAT >"$work/secret.tsv"
[ "$(wc -l <"$work/secret.tsv")" -eq 3 ] || fail "secret book: $(cat "$work/secret.tsv")"
grep -q $'^02/SYT-VP\t07/5/2024\t.*\tĐã hủy: Nhầm$' "$work/secret.tsv" ||
    fail "secret book row: $(cat "$work/secret.tsv")"
expect 0 'SỔ ĐĂNG KÝ VĂN BẢN MẬT ĐI' vb export --year 2024 --agency SYT --series MAT --format text
expect 0 '^SỔ ĐĂNG KÝ VĂN BẢN ĐI$' vb export --year 2024 --agency SYT --format text
expect 0 '\[--series MÃ_SỔ\]' vb --help
# list names each entry's series, so a clerk tells the ordinary 01/SYT-VP from the secret one.
expect 0 $'^Số, ký hiệu\tNgày\tTrạng thái\tSổ\t' vb list --year 2024 --agency SYT
expect 0 $'^01/SYT-VP\t07/5/2024\tđã ban hành\tMAT\t' vb list --year 2024 --agency SYT
expect 0 $'^01/SYT-VP\t06/5/2024\tđã ban hành\tHC\t' vb list --year 2024 --agency SYT

if [ "$backend" = sqlite ]; then
    # The default registry: $VANBAN_REGISTRY, else vanban.db in the working folder.
    listed=$(cd "$work" && VANBAN_REGISTRY="$spec" "$vanban" registry list)
    grep -q $'^05/SYT-VP\t' <<<"$listed" || fail "VANBAN_REGISTRY not used: $listed"
    mkdir -p "$work/empty"
    (cd "$work/empty" && env -u VANBAN_REGISTRY "$vanban" registry list >/dev/null 2>"$work/err") &&
        fail "list in a folder without vanban.db succeeded"
    grep -q "Chưa có sổ đăng ký văn bản đi tại 'vanban.db'" "$work/err" || fail "$(cat "$work/err")"
    [ ! -e "$work/empty/vanban.db" ] || fail "list created vanban.db"
    # Garbage instead of a registry: a clear message and the file untouched.
    head -c 4096 /dev/urandom >"$work/garbage.db"
    cp "$work/garbage.db" "$work/garbage.copy"
    expect 1 'không phải là sổ đăng ký văn bản đi hợp lệ' \
        "$vanban" registry --registry "$work/garbage.db" void 01/SYT-VP --reason x
    cmp -s "$work/garbage.db" "$work/garbage.copy" || fail "void changed a corrupt file"
else
    expect 1 'Không kết nối được tới sổ đăng ký PostgreSQL' \
        "$vanban" registry --registry postgresql://vanban@127.0.0.1:1/x list
fi
echo OK
