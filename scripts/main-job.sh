#!/bin/bash
# vanban's main job on the bundled samples: the whole Đồng Nai 2024 year with `vanban batch`
# (scorecards and ranking PDFs for every period, a numbered result công văn to every unit, the
# province's thông báo with the ranking as Phụ lục, the outgoing register books), then the
# hand-written sample letters of samples/letters in their own register. Everything goes to out/;
# every file is written atomically. Running it again rebuilds only what changed and keeps every
# dispatch number.
set -euo pipefail
cd "$(dirname "$0")/.."
vanban=./build/vanban

"$vanban" batch samples/jobs/dong-nai-2024.json -o out

# The sample letters carry their own numbers (a letter without one takes the next of its series);
# they are kept in a register of their own so they do not interleave with the batch's series.
mkdir -p out/mau/cong-van
for letter in samples/letters/*.json; do
  name=$(basename "$letter" .json)
  "$vanban" letter "$letter" --org samples/dong-nai/org.json -o "out/mau/cong-van/$name.pdf" \
      --registry out/mau/so-van-ban-di.db >/dev/null
done
echo "Đã tạo $(ls samples/letters/*.json | wc -l) văn bản mẫu trong out/mau/cong-van/"
