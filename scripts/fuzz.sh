#!/usr/bin/env bash
# Long fuzz campaigns (docs/testing.md):
#   bash scripts/fuzz.sh [SECONDS] [HARNESS...]
# runs each harness (cert, spec, idx; all by default) for SECONDS (600 by
# default), one after the other, on the corpus kept in fuzz-corpus/HARNESS/
# (not in git), and prints executions, coverage and findings. Crashes are
# written to build-fuzz/fuzz-long/artifacts/; a finding becomes a regression
# test when its input is saved as tests/fuzz/regressions/HARNESS/NAME.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift $(($# > 0 ? 1 : 0))
harnesses=("$@")
[ ${#harnesses[@]} -eq 0 ] && harnesses=(cert spec idx)

bash scripts/install-deps.sh || exit 1
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DRESCHECK_FUZZ=ON >/dev/null &&
  cmake --build build-fuzz -j"$(nproc)" >/dev/null || exit 1

export FUZZ_FORK=${FUZZ_FORK:-1} # go on past slow inputs
status=0
for h in "${harnesses[@]}"; do
  bash tests/fuzz/run.sh "build-fuzz/tests/fuzz/fuzz-$h" "$h" "$seconds" "$PWD" \
    build-fuzz/fuzz-long "fuzz-corpus/$h" || status=1
done
exit $status
