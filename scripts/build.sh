#!/usr/bin/env bash
# Installs what is missing and builds rescheck into build/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
werror=OFF
[ "${CI:-}" = "true" ] && werror=ON
cmake -S . -B build -DRESCHECK_WERROR="$werror" >/dev/null
cmake --build build -j"$(nproc)"
