#!/bin/bash
# Builds vanban and runs every test (Catch2 suites, differential tests against Python Jinja2,
# PDF and workbook read-backs) through CTest. BUILD_DIR and CMAKE_ARGS as for build.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure -j"$(nproc)" ${CTEST_ARGS:-}
