#!/usr/bin/env bash
# The paper-size runs of docs/reproduction.md: li18 Figures 4-8 on whitened
# Fashion-MNIST, as two processes of one OpenBLAS thread each (this machine
# has two cores), then the shards of li18.fig7-8 merged and the pictures
# copied to docs/img/. Usage: scripts/reproduce-li18.sh [OUT_DIR]
# (default results/paper). Measured here, one thread each: Figure 4 5.8 min
# as two shards (17.5 min in one process before eigenvalues went two-stage),
# Figures 5-6 10.5 min; the
# shards of Figures 7-8 ran while other jobs shared the cores and were not
# timed alone.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-results/paper}
rc=build/rescheck
[ -x "$rc" ] || bash scripts/build.sh
mkdir -p "$out"

timed() { # timed LOG CMD...: runs CMD, appends its wall time to LOG
  local log=$1 t0
  shift
  t0=$(date +%s)
  "$@" >"$log" 2>&1
  echo "wall seconds: $(($(date +%s) - t0))" >>"$log"
}

(
  timed "$out/fig78-s1.log" "$rc" train li18.fig7-8 --shard 1/2 --threads 1 --out "$out/fig78-s1"
  timed "$out/fig56.log" "$rc" train li18.fig5-6 --threads 1 --out "$out/fig56"
) &
(
  timed "$out/fig78-s2.log" "$rc" train li18.fig7-8 --shard 2/2 --threads 1 --out "$out/fig78-s2"
  timed "$out/fig4.log" "$rc" train li18.fig4 --threads 1 --out "$out/fig4"
) &
wait
"$rc" train --merge "$out/fig78-s1" "$out/fig78-s2" --out "$out/fig78" >"$out/fig78.log"

mkdir -p docs/img
cp "$out"/fig4/fig4-zero.csv "$out"/fig56/fig56-lr.csv "$out"/fig56/fig5-levels.csv "$out"/fig56/fig5-coverage.csv docs/img/
for f in fig4/fig4 fig56/fig5 fig56/fig6 fig78/fig7 fig78/fig8; do
  cp "$out/$f.csv" "$out/$f.png" docs/img/
done
cat "$out"/fig4.log "$out"/fig56.log "$out"/fig78.log
