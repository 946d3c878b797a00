#!/bin/bash
# From a fresh Debian 12 machine (as root): install packages, build, run the main job.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
bash scripts/main-job.sh
