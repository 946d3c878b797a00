#!/bin/bash
# vanban's main job on the bundled samples. Until the batch runner lands, it renders the sample
# letter template with its data; the output goes to out/.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p out
./build/vanban render templates/samples/thong-bao-ket-qua.html \
    --data samples/render/thong-bao-ket-qua.json >out/thong-bao-ket-qua.html.tmp
mv out/thong-bao-ket-qua.html.tmp out/thong-bao-ket-qua.html
echo "Đã tạo out/thong-bao-ket-qua.html"
