#!/bin/bash
# vanban's main job on the bundled samples, until the yearly batch runner lands: the sample
# letters as PDF, the 2024 ranking as a table, and the sample results notice rendered from its
# template. Everything goes to out/; each output is written atomically by vanban or by this script.
set -euo pipefail
cd "$(dirname "$0")/.."
vanban=./build/vanban
mkdir -p out/cong-van

# Letters are numbered in out/so-van-ban-di.db (the sample letters carry their own numbers; a
# letter without one takes the next of its series). Running the job again keeps every number.
for letter in samples/letters/*.json; do
  name=$(basename "$letter" .json)
  "$vanban" letter "$letter" --org samples/dong-nai/org.json -o "out/cong-van/$name.pdf" \
      --registry out/so-van-ban-di.db >/dev/null
  echo "Đã tạo out/cong-van/$name.pdf"
done
"$vanban" registry --registry out/so-van-ban-di.db list >out/so-van-ban-di.txt.tmp
mv out/so-van-ban-di.txt.tmp out/so-van-ban-di.txt
echo "Đã tạo out/so-van-ban-di.txt"

"$vanban" score --org samples/dong-nai/org.json --targets samples/dong-nai \
    --data samples/dong-nai --period 2024 >out/xep-hang-2024.txt.tmp
mv out/xep-hang-2024.txt.tmp out/xep-hang-2024.txt
echo "Đã tạo out/xep-hang-2024.txt"

"$vanban" render templates/samples/thong-bao-ket-qua.html \
    --data samples/render/thong-bao-ket-qua.json >out/thong-bao-ket-qua.html.tmp
mv out/thong-bao-ket-qua.html.tmp out/thong-bao-ket-qua.html
echo "Đã tạo out/thong-bao-ket-qua.html"
