#!/bin/bash
# Configures and builds vanban. BUILD_DIR (default: build), BUILD_TYPE (default: RelWithDebInfo)
# and CMAKE_ARGS may be set. The project's own builds treat warnings as errors (VANBAN_WERROR;
# CMAKE_ARGS="-DVANBAN_WERROR=OFF" turns it off).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
# shellcheck disable=SC2086
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} -DVANBAN_WERROR=ON ${CMAKE_ARGS:-} >/dev/null
cmake --build "$build_dir" -j"$(nproc)"
