#!/bin/sh
# The same input gives a byte-identical PDF: two separate processes (each with its own
# wkhtmltopdf workers and libqpdf) make the same letter; the files must be equal.
# usage: determinism.sh PATH/TO/pdf_make_letter
set -eu
tool=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$tool" "$dir/a.pdf"
"$tool" "$dir/b.pdf"
test -s "$dir/a.pdf"
if ! cmp "$dir/a.pdf" "$dir/b.pdf"; then
    echo "Hai lần tạo cùng một văn bản cho ra hai tệp PDF khác nhau" >&2
    exit 1
fi
# And the comparison can fail: one changed byte is seen.
cp "$dir/a.pdf" "$dir/c.pdf"
printf 'X' | dd of="$dir/c.pdf" bs=1 seek=200 conv=notrunc 2>/dev/null
if cmp -s "$dir/a.pdf" "$dir/c.pdf"; then
    echo "cmp không phân biệt được hai tệp khác nhau" >&2
    exit 1
fi
echo "giống hệt nhau: $(wc -c < "$dir/a.pdf") byte"
