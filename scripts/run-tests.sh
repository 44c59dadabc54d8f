#!/usr/bin/env bash
# README command 2: set up, build, and run the whole test suite, three ways
# (docs/testing.md):
#   build/       the normal build: ctest
#   build-asan/  AddressSanitizer + UndefinedBehaviorSanitizer (gcc): ctest,
#                every report fatal and none allowed
#   build-fuzz/  clang + libFuzzer: each fuzz harness runs for 30 s
# Every pass runs even when an earlier one failed; the exit status says
# whether all passed.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh || exit 1
werror=OFF
[ "${CI:-}" = "true" ] && werror=ON
jobs=$(nproc)
failed=()

pass() { # NAME DIR: runs the suite of one build directory and times it
  local start=$SECONDS
  echo "== $1 ($2)"
  (cd "$2" && ctest --output-on-failure -j2 --timeout 900) || failed+=("$1")
  echo "# $1 took $((SECONDS - start)) s"
}

# libFuzzer is in Debian's libclang-rt-14-dev (scripts/install-deps.sh)
have_libfuzzer() {
  command -v clang >/dev/null &&
    echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return d && n; }' |
      clang -fsanitize=fuzzer -x c - -o /dev/null 2>/dev/null
}

# DIR CMAKE-ARGS...: configures and builds one more build directory
build() {
  local dir=$1
  shift
  cmake -S . -B "$dir" "$@" >/dev/null && cmake --build "$dir" -j"$jobs"
}

pass normal build

if build build-asan -DRESCHECK_SANITIZE=ON -DRESCHECK_WERROR="$werror"; then
  pass sanitizers build-asan
else
  failed+=("sanitizer-build")
fi

if ! have_libfuzzer; then
  echo "# SKIP fuzz runs: clang with libFuzzer not found (scripts/install-deps.sh installs clang and libclang-rt-14-dev)"
elif build build-fuzz -DCMAKE_C_COMPILER=clang -DRESCHECK_FUZZ=ON; then
  pass fuzz build-fuzz
  # executions and coverage of each harness (its TAP comments)
  grep -h '^# fuzz-' build-fuzz/Testing/Temporary/LastTest.log || true
else
  failed+=("fuzz-build")
fi

if [ ${#failed[@]} -gt 0 ]; then
  echo "run-tests: failed: ${failed[*]}" >&2
  exit 1
fi
