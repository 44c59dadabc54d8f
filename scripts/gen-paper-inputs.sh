#!/usr/bin/env bash
# Regenerates src/check/paper/CLAIM.json, the checker's own copy of the
# papers' inputs, from the built-in specs (src/claims/data) through a built
# rescheck. Run it only when the certificate format or a built-in spec
# changes, and review the diff against the papers: these files are what
# `rescheck check` calls "the paper's data".
#   usage: scripts/gen-paper-inputs.sh [RESCHECK]   (default build/rescheck)
set -euo pipefail
cd "$(dirname "$0")/.."
rc=${1:-build/rescheck}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
"$rc" verify all --cert-dir "$tmp" >/dev/null || status=$?
[ "$status" -le 3 ] && [ "$status" -ne 2 ] || { echo "gen-paper-inputs: verify all failed ($status)" >&2; exit 2; }
python3 - "$tmp" src/check/paper <<'PY'
import glob, json, os, sys
src, dst = sys.argv[1], sys.argv[2]
for f in sorted(glob.glob(os.path.join(src, "*.json"))):
    doc = json.load(open(f))
    out = os.path.join(dst, doc["claim"] + ".json")
    text = json.dumps(doc["inputs"], sort_keys=True, indent=2, ensure_ascii=True) + "\n"
    open(out + ".tmp", "w").write(text)
    os.replace(out + ".tmp", out)
    print(out)
PY
