#!/bin/bash
# bench/web: issuing with 20 concurrent clients (wrk), the register with 10,000 entries (ab), the
# preview of a two-page letter. Needs a build with the tests (registry_client). Figures go to
# bench/README.md by hand, with the load the script prints.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD_DIR:-build}
exec /usr/bin/python3 bench/web/bench_web.py "$build/vanban" "$build/tests/registry/registry_client" "$PWD"
