#!/usr/bin/env bash
# examples/my-paper/ as its README tells a user to run it (issue 11 §1):
# 'rescheck verify --spec claims.json' verifies every claim of the section and
# writes one certificate per claim in certificates/ beside the file; each certificate checks.
set -u
RC=$1
SRC=$2
. "$(dirname "$0")/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/cli-helpers.sh"

cp "$SRC/examples/my-paper/claims.json" "$tmp/"
run 0 "verify --spec examples/my-paper/claims.json" "$RC" verify --spec "$tmp/claims.json"
ids=$(/usr/bin/python3 -c 'import json,sys; print(" ".join(c["id"] for c in json.load(open(sys.argv[1]))["claims"]))' "$tmp/claims.json")
n=$(echo $ids | wc -w)
grep -q "$n claims: $n verified, 0 refuted, 0 undecided" "$tmp/out"
tap_check "all $n claims verified" $? "$(tail -3 "$tmp/out")"
for id in $ids; do
  [ -f "$tmp/certificates/$id.json" ]; tap_check "certificate $id.json written in certificates/ beside claims.json" $?
  run 0 "check $id.json" "$RC" check "$tmp/certificates/$id.json"
  grep -q "valid, user claim $id (kind " "$tmp/out"; tap_check "... names user claim $id" $?
done
tap_done
