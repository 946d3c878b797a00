#!/bin/bash
# The register book: `vanban registry export --format xlsx|pdf` on a register long enough for
# 3+ PDF pages (rows of many heights, three dates, a voided number), checked against the TSV
# export by check_book.py (openpyxl, pdftotext -bbox-layout); both files byte-identical when
# exported twice; a failing export leaves no file.
#   book.sh sqlite CLIENT VANBAN WORKDIR SOURCE_DIR
set -euo pipefail
backend=$1 client=$2 vanban=$3 work=$4 src=$5
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
rm -rf "$work"
mkdir -p "$work"
spec=$(fresh_registry "$backend" "$work" book)
vb() { "$vanban" registry --registry "$spec" "$@"; }

"$client" --registry "$spec" --prefix a --count 25 --date 2024-01-05 --long 1 >/dev/null
"$client" --registry "$spec" --prefix b --count 25 --date 2024-06-15 --long 1 >/dev/null
"$client" --registry "$spec" --prefix c --count 10 --date 2024-12-30 --long 1 >/dev/null
vb void 07/SYT-VP --year 2024 --reason "Soạn nhầm nơi nhận" >/dev/null
org=$src/samples/dong-nai/org.json

vb export --year 2024 --agency SYT >"$work/register.tsv"
for n in 1 2; do
    vb export --year 2024 --agency SYT --format xlsx -o "$work/book$n.xlsx" --org "$org"
    vb export --year 2024 --agency SYT --format pdf -o "$work/book$n.pdf" --org "$org"
done
cmp "$work/book1.xlsx" "$work/book2.xlsx" || fail "the XLSX book is not deterministic"
cmp "$work/book1.pdf" "$work/book2.pdf" || fail "the PDF book is not deterministic"
/usr/bin/python3 "$here/check_book.py" "$work/register.tsv" "$work/book1.xlsx" "$work/book1.pdf" \
    --year 2024 --issuer "SỞ Y TẾ" --parent "UBND TỈNH ĐỒNG NAI" \
    --void "07/SYT-VP=Soạn nhầm nơi nhận" --min-pages 3
[ -z "$(find "$work" -name '*.tmp*' -o -name '.*.tmp*')" ] || fail "temporary files left"

# Without --org the cover names the agency by its abbreviation.
vb export --year 2024 --format pdf -o "$work/plain.pdf"
pdftotext -f 1 -l 1 "$work/plain.pdf" - | grep -q '^SYT$' || fail "cover without --org"

# A folder that does not exist: a Vietnamese message naming the file, nothing written.
out=$(vb export --year 2024 --format xlsx -o "$work/no/such/book.xlsx" 2>&1) &&
    fail "export into a missing folder succeeded"
grep -q "Không ghi được tệp '$work/no/such/book.xlsx'" <<<"$out" || fail "message: $out"
out=$(vb export --year 2024 --format pdf -o "$work/no/such/book.pdf" 2>&1) &&
    fail "export into a missing folder succeeded"
grep -q "$work/no/such/book.pdf" <<<"$out" || fail "message: $out"
[ ! -e "$work/no" ] || fail "a failed export created something"
echo OK
