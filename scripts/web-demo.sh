#!/bin/bash
# The web application on the bundled Đồng Nai samples: builds vanban if needed, makes a data
# folder (default ./vanban-demo) with the samples' org.json, and starts `vanban serve` on
# http://127.0.0.1:8080/ (LISTEN overrides). On the first start it prints the administrator's
# one-time password (user `quantri`); stop with Ctrl+C. Run again: same data, same users.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x build/vanban ] || bash scripts/build.sh
data=${DATA:-vanban-demo}
mkdir -p "$data"
[ -f "$data/org.json" ] || cp samples/dong-nai/org.json "$data/org.json"
exec build/vanban serve --listen "${LISTEN:-127.0.0.1:8080}" --data "$data"
