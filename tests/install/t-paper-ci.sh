#!/usr/bin/env bash
# The paper-CI recipe of examples/paper-ci/ run as written (issue 11 §3): a
# scratch git repository gets the recipe's files verbatim and the paper's
# specs; the command of the workflow's check step runs there against the
# rescheck installed by the 'install' test (its prefix on PATH, as the
# workflow puts it), never the build tree. It must pass on a good paper, pass
# when only the committed certificates' tool version differs, and fail on a
# changed printed value with the difference in the log; the committed
# verified certificates are never overwritten.
# Usage: t-paper-ci.sh SOURCE_DIR PREFIX
set -u
SRC=$1
PREFIX=$2
. "$SRC/tests/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
CI="$SRC/examples/paper-ci"
WF="$CI/check-claims.yml"

[ -x "$PREFIX/bin/rescheck" ]
tap_check "the installed rescheck is there ($PREFIX/bin/rescheck, from the install test)" $? || true
export PATH="$PREFIX/bin:$PATH"
[ "$(command -v rescheck)" = "$PREFIX/bin/rescheck" ]
tap_check "rescheck on PATH is the installed one" $? "$(command -v rescheck)"

# the workflow: installs from a source checkout with cmake into a prefix put on
# PATH, then runs exactly one command, the one this test runs
grep -q 'cmake -S .* -DBUILD_TESTING=OFF' "$WF" && grep -q 'cmake --install .* --prefix "\$RESCHECK_PREFIX"' "$WF" &&
  grep -q 'echo "\$RESCHECK_PREFIX/bin" >> "\$GITHUB_PATH"' "$WF" && grep -q 'container: debian:12' "$WF"
tap_check "the workflow builds rescheck without tests in a debian:12 container, installs it to a prefix on PATH" $?
cmd=$(awk '/- name: Check the paper.s claims/ {getline; sub(/^[[:space:]]*run:[[:space:]]*/, ""); print; exit}' "$WF")
[ "$cmd" = "make check-claims" ]; tap_check "the workflow's check step runs: $cmd" $?
/usr/bin/python3 - "$WF" >"$tmp/yaml" 2>&1 <<'EOF'
import sys
try:
    import yaml
except ImportError:
    print("no PyYAML: structure not parsed"); sys.exit(0)
d = yaml.safe_load(open(sys.argv[1]))
steps = d["jobs"]["claims"]["steps"]
assert d["jobs"]["claims"]["container"] == "debian:12"
assert [s.get("run", "").strip() for s in steps if s.get("name", "").startswith("Check")] == ["make check-claims"]
print("parsed")
EOF
tap_check "the workflow is valid YAML with one check step ($(cat "$tmp/yaml"))" $? "$(cat "$tmp/yaml")"

# the paper's repository
repo="$tmp/paper"
mkdir -p "$repo/specs" "$repo/ci" "$repo/.github/workflows"
cp "$SRC/examples/sec31-with-printed-values.json" "$repo/specs/sec31.json"
cp "$SRC/examples/sec32-three-blocks.json" "$repo/specs/sec32.json"
cp "$SRC/examples/thm4-huber.json" "$repo/specs/thm4.json"
cp "$SRC/examples/li18-n2-small.json" "$repo/specs/hessian.json"
cp "$SRC/examples/my-paper/claims.json" "$repo/specs/my-paper.json" # the paper's own claims
nown=$(/usr/bin/python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["claims"]))' "$repo/specs/my-paper.json")
cp "$CI/Makefile" "$repo/Makefile"
cp "$CI/compare-certificates.py" "$repo/ci/compare-certificates.py"
cp "$WF" "$repo/.github/workflows/check-claims.yml"
echo ".rescheck-scratch/" >"$repo/.gitignore"
cd "$repo" || exit 1
git init -q . && git config user.email ci@example.org && git config user.name ci
run_ci() { # LOG: the workflow's command, as written
  bash -c "$cmd" >"$1" 2>&1
}

make update-certificates >"$tmp/update.log" 2>&1
tap_check "make update-certificates writes the paper's certificates" $? "$(tail -5 "$tmp/update.log")"
n=$(ls certificates/*.json 2>/dev/null | wc -l)
tap_check "$((7 + nown)) certificates: 4 claims of sec31, nonmono, thm4, the n = 2 Hessian, $nown own claims ($n)" $([ "$n" -eq $((7 + nown)) ] && echo 0 || echo 1)
git add -A && git commit -q -m "paper with certificates"

run_ci "$tmp/good.log"
tap_check "good paper: '$cmd' passes" $? "$(grep -E 'not ok|FAIL|rror' "$tmp/good.log" | head -5)"
grep -qx "check-claims: all claims verified, certificates current" "$tmp/good.log"
tap_check "good paper: the log says all verified and current" $?
grep -qF "ok - certificates/yun19.prop1--sec31.json equals the regenerated certificate" "$tmp/good.log" &&
  grep -qF "ok - certificates/ex31.beats-linear.json equals the regenerated certificate" "$tmp/good.log"
tap_check "good paper: each committed certificate equals the regenerated one" $?
grep -q "^# rescheck verify all --spec specs/sec31.json" "$tmp/good.log" && grep -q "^ok [0-9]* - yun19.prop1 on user data" "$tmp/good.log"
tap_check "good paper: verify ran in TAP on each spec" $?
grep -q "^certificates/yun19.thm4--thm4.json: valid, a user claim of kind yun19.thm4 verified" "$tmp/good.log" &&
  grep -q "^certificates/ex31.gap.json: valid, user claim ex31.gap (kind identity) verified" "$tmp/good.log"
tap_check "good paper: rescheck check accepted the committed certificates" $?
[ -z "$(git status --porcelain)" ]; tap_check "good paper: the run leaves the repository clean" $? "$(git status --porcelain)"

# committed by another rescheck version: not a difference (the tool field is
# left out of the comparison, and said so); the claim's content still is
/usr/bin/python3 - certificates/yun19.thm4--thm4.json <<'EOF'
import hashlib, json, sys
p = sys.argv[1]
d = json.load(open(p))
d["tool"] = "rescheck 0.0.9"
h = lambda x: hashlib.sha256(json.dumps(x, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()).hexdigest()
d["sha256"] = h({k: v for k, v in d.items() if k != "sha256"})
open(p, "w").write(json.dumps(d, sort_keys=True, indent=2, ensure_ascii=True) + "\n")
EOF
git commit -qam "certificate of an older rescheck"
run_ci "$tmp/tool.log"
tap_check "a certificate written by another rescheck version: still passes" $? "$(grep -E 'not ok' "$tmp/tool.log" | head -5)"
grep -qF "ok - certificates/yun19.thm4--thm4.json equals the regenerated certificate (written by rescheck 0.0.9, regenerated by rescheck $(rescheck --version | awk '{print $2}'): the tool field is not compared)" "$tmp/tool.log"
tap_check "... and the log says which versions and that the tool field is not compared" $? "$(grep thm4--thm4 "$tmp/tool.log" | head -2)"

# a changed printed value
sed -i 's|"r_lin": "8\*rho^2/15"|"r_lin": "8*rho^2/16"|' specs/sec31.json
grep -q '"r_lin": "8\*rho^2/16"' specs/sec31.json; tap_check "bad paper: R_lin printed as 8*rho^2/16" $?
git commit -qam "a typo in a printed value"
before=$(sha256sum certificates/*.json)
run_ci "$tmp/bad.log"
tap_check "bad paper: '$cmd' fails" $([ $? -ne 0 ] && echo 0 || echo 1)
grep -qF "# R_lin: paper 8*rho^2/16 (= rho^2/2), computed 8*rho^2/15 (computed - paper = rho^2/30)" "$tmp/bad.log"
tap_check "bad paper: the log shows the paper's value, the computed one and their difference" $?
grep -q "^not ok [0-9]* - yun19.prop1 on user data (inputs sha256 [0-9a-f]*): R_lin = 8\*rho^2/15" "$tmp/bad.log"
tap_check "bad paper: the TAP line of the refuted statement" $?
grep -qF "not ok - certificates/yun19.prop1--sec31.json differs from the regenerated certificate .rescheck-scratch/yun19.prop1--sec31.json:" "$tmp/bad.log" &&
  grep -qF '#   -        "text": "8*rho^2/15",' "$tmp/bad.log" && grep -qF '#   +        "text": "8*rho^2/16",' "$tmp/bad.log" &&
  grep -qF '#   -  "verdict": "verified"' "$tmp/bad.log" && grep -qF '#   +  "verdict": "refuted"' "$tmp/bad.log"
tap_check "bad paper: the committed certificate differs from the regenerated one, lines shown" $? \
  "$(grep -A12 'not ok - certificates/yun19.prop1' "$tmp/bad.log" | head -14)"
grep -qx "check-claims: FAILED" "$tmp/bad.log"; tap_check "bad paper: the log ends FAILED" $?
[ "$(sha256sum certificates/*.json)" = "$before" ] && [ -z "$(git status --porcelain)" ]
tap_check "bad paper: the committed certificates are untouched" $? "$(git status --porcelain)"

# regenerating on the bad paper keeps the verified certificates
make update-certificates >"$tmp/update2.log" 2>&1
tap_check "bad paper: make update-certificates fails" $([ $? -ne 0 ] && echo 0 || echo 1)
# (the thm4 certificate of 'rescheck 0.0.9' is rewritten by this version: verified over verified)
git diff --quiet -- 'certificates/*--sec31.json'
tap_check "bad paper: no verified certificate of the refuted spec was overwritten" $? "$(git diff --stat)"
[ -f certificates/yun19.prop1--sec31.refuted.json ] &&
  grep -qF "certificates/yun19.prop1--sec31.json holds a verified certificate; the refuted result goes to certificates/yun19.prop1--sec31.refuted.json" "$tmp/update2.log"
tap_check "bad paper: the refuted certificate went beside it, with a message" $? "$(grep holds "$tmp/update2.log" | head -2)"
# a refuted certificate that gets committed still fails the CI
git add -A && git commit -qm "committed the refuted certificates"
run_ci "$tmp/bad2.log"
tap_check "a committed refuted certificate: the CI fails" $([ $? -ne 0 ] && echo 0 || echo 1)
grep -q "^certificates/yun19.prop1--sec31.refuted.json: valid, a user claim of kind yun19.prop1 REFUTED" "$tmp/bad2.log"
tap_check "... and rescheck check names it REFUTED" $?

# the fix: printed value restored, the refuted files removed: passes again
git rm -q certificates/*.refuted.json
sed -i 's|"r_lin": "8\*rho^2/16"|"r_lin": "8*rho^2/15"|' specs/sec31.json
git commit -qam "typo fixed"
run_ci "$tmp/fixed.log"
tap_check "fixed paper: passes again" $? "$(grep 'not ok' "$tmp/fixed.log" | head -5)"

# a claims file (kind "claims") is run without a claim name, any other spec
# with 'all' (the recipe's dispatch, seen through RESCHECK=echo)
mkdir -p "$tmp/dispatch/specs"
printf '{"claims": [], "kind": "claims", "paper": "x"}' >"$tmp/dispatch/specs/claims.json"
cp specs/sec31.json "$tmp/dispatch/specs/sec31.json"
(cd "$tmp/dispatch" && make -f "$repo/Makefile" check-claims RESCHECK=echo \
  RESCHECK_COMPARE="$repo/ci/compare-certificates.py" >"$tmp/dispatch.log" 2>&1)
grep -qx "verify --spec specs/claims.json --format tap --cert-dir .rescheck-scratch" "$tmp/dispatch.log" &&
  grep -qx "verify all --spec specs/sec31.json --format tap --cert-dir .rescheck-scratch" "$tmp/dispatch.log"
tap_check "a claims file runs as 'verify --spec F', a spec of a claim kind as 'verify all --spec F'" $? \
  "$(grep '^verify' "$tmp/dispatch.log")"

# a spec removed while its certificates stay: the CI says so
git rm -q specs/thm4.json && git commit -qm "thm4 spec removed"
run_ci "$tmp/gone.log"
tap_check "a certificate without its spec: fails" $([ $? -ne 0 ] && echo 0 || echo 1)
grep -qF "not ok - certificates/yun19.thm4--thm4.json: no certificate of this name was regenerated" "$tmp/gone.log"
tap_check "... naming the certificate no spec produces" $?
tap_done
