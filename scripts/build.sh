#!/bin/bash
# Configures and builds vanban. BUILD_DIR (default: build), BUILD_TYPE (default: RelWithDebInfo)
# and CMAKE_ARGS may be set. The project's own builds treat warnings as errors (VANBAN_WERROR;
# CMAKE_ARGS="-DVANBAN_WERROR=OFF" turns it off).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
# ccache, when the machine has it (it is not a dependency: a fresh machine builds without it), so
# that CI's clean clone and a developer's several build trees reuse each other's objects.
if [ -z "${CMAKE_CXX_COMPILER_LAUNCHER:-}" ] && command -v ccache >/dev/null 2>&1; then
    export CMAKE_CXX_COMPILER_LAUNCHER=ccache CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
fi
# shellcheck disable=SC2086
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} -DVANBAN_WERROR=ON ${CMAKE_ARGS:-} >/dev/null
cmake --build "$build_dir" -j"$(nproc)"
