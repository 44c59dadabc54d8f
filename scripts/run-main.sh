#!/usr/bin/env bash
# README command 1: set up, build, and run the main job.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
./build/rescheck verify all
./build/rescheck check certificates/*.json
