#!/usr/bin/env bash
# Scale of the exact Hessian verification (issue 3): `rescheck verify hessian
# --spec` on d = 10 inputs (the paper's 10 principal components), n = 2, for
# R = 4, 8, 16 (R = 16: 3,200 parameters, about 10^7 Hessian entries), with
# wall time and peak memory. The data are deterministic small integers (see
# bench/gen-hessian-spec.py); m is the number of samples (default 200).
set -euo pipefail
cd "$(dirname "$0")/.."
RC=${RC:-build/rescheck}
M=${M:-200}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%-4s %-6s %-10s %-12s %-12s %s\n' R params entries "time (s)" "peak (MiB)" verdict
for R in ${RS:-4 8 16}; do
  python3 bench/gen-hessian-spec.py 10 "$M" 2 "$R" >"$tmp/spec.json"
  /usr/bin/time -f '%e %M' -o "$tmp/time" "$RC" verify hessian --spec "$tmp/spec.json" \
    --cert-dir "$tmp/certs" >"$tmp/out" 2>&1 && v=verified || v="exit $?"
  read -r secs kib <"$tmp/time"
  P=$((R * 2 * 100))
  printf '%-4s %-6s %-10s %-12s %-12s %s\n' "$R" "$P" "$((P * P))" "$secs" "$((kib / 1024))" "$v"
done
# the same at d = 5 and d = 20 with R = 8, to show the growth in d
for d in 5 20; do
  python3 bench/gen-hessian-spec.py "$d" "$M" 2 8 >"$tmp/spec.json"
  /usr/bin/time -f '%e %M' -o "$tmp/time" "$RC" verify hessian --spec "$tmp/spec.json" --no-cert >/dev/null 2>&1 || true
  read -r secs kib <"$tmp/time"
  echo "d = $d, R = 8, m = $M: ${secs} s, $((kib / 1024)) MiB"
done
