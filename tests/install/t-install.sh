#!/usr/bin/env bash
# cmake --install into a prefix, then use only what was installed: a C
# program built with `pkg-config --cflags --libs rescheck` verifies a built-in
# claim and a changed spec and checks certificates through librescheck; the man
# page renders and lists exactly the commands of `rescheck help`; the bash
# completion completes commands, claim IDs and options. Also LICENSE,
# CITATION.cff and one version everywhere, and BUILD_TESTING=OFF.
# Usage: t-install.sh BUILD_DIR SOURCE_DIR PREFIX CC SANITIZE(ON/OFF)
set -u
BUILD=$1
SRC=$2
PREFIX=$3
CC=$4
SANITIZE=${5:-OFF}
. "$SRC/tests/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

rm -rf "$PREFIX"
cmake --install "$BUILD" --prefix "$PREFIX" >"$tmp/install.log" 2>&1
tap_check "cmake --install $BUILD --prefix PREFIX" $? "$(tail -5 "$tmp/install.log")"

RC="$PREFIX/bin/rescheck"
libdir=$(dirname "$(find "$PREFIX" -name 'librescheck.so' | head -1)")
pcdir=$(dirname "$(find "$PREFIX" -name rescheck.pc | head -1)")
for f in "$RC" "$PREFIX/include/rescheck/rescheck.h" "$PREFIX/share/man/man1/rescheck.1" \
         "$PREFIX/share/bash-completion/completions/rescheck" "$pcdir/rescheck.pc" "$libdir/librescheck.so"; do
  [ -e "$f" ]; tap_check "installed ${f#"$PREFIX"/}" $?
done
# nothing of the tests is installed
n=$(find "$PREFIX" -name 't-*' -o -name '*.a' | wc -l)
tap_check "no test programs or static libraries installed ($n)" $([ "$n" -eq 0 ] && echo 0 || echo 1)

# one version: project, tool, library file, pkg-config, CITATION.cff
version=$("$RC" --version | awk '{print $2}')
cff=$(awk '/^version:/ {print $2}' "$SRC/CITATION.cff")
export PKG_CONFIG_PATH="$pcdir"
pcv=$(pkg-config --modversion rescheck)
[ -n "$version" ] && [ "$version" = "$cff" ] && [ "$version" = "$pcv" ]
tap_check "one version: rescheck --version $version, CITATION.cff $cff, rescheck.pc $pcv" $?
major=${version%%.*}
minor=${version#*.}; minor=${minor%%.*}
if [ "$major" = 0 ]; then so="0.$minor"; else so=$major; fi
[ -e "$libdir/librescheck.so.$so" ] && [ -e "$libdir/librescheck.so.$version" ] &&
  readelf -d "$libdir/librescheck.so.$version" | grep -q "SONAME.*librescheck.so.$so\]"
tap_check "librescheck.so.$version has SONAME librescheck.so.$so" $?
# the API only: every exported function is rescheck_*
others=$(nm -D --defined-only "$libdir/librescheck.so" | awk '$2 ~ /[TDBR]/ {print $3}' | grep -v '^rescheck_' | grep -v '^_' | head -5)
nexp=$(nm -D --defined-only "$libdir/librescheck.so" | grep -c ' T rescheck_')
tap_check "librescheck exports rescheck_* only ($nexp functions)" $([ -z "$others" ] && [ "$nexp" -ge 20 ] && echo 0 || echo 1) "$others"
# the public header: no FLINT, Arb, GMP or jansson types
incs=$(grep -E '^#include' "$PREFIX/include/rescheck/rescheck.h" | grep -v '<stddef.h>')
bad=$(grep -Ein 'fmpq|fmpz|arb_|mpz|mpq|json_t|slong' "$PREFIX/include/rescheck/rescheck.h" | head -3)
tap_check "rescheck.h includes only <stddef.h> and names no FLINT/GMP/jansson type" \
  $([ -z "$incs$bad" ] && echo 0 || echo 1) "$incs$bad"
pc_private=$(grep -E '^(Libs.private|Requires.private):' "$pcdir/rescheck.pc")
echo "$pc_private" | grep -q -- '-lflint' && echo "$pc_private" | grep -q 'gmp'
tap_check "rescheck.pc: FLINT/Arb in Libs.private, gmp in Requires.private" $? "$pc_private"

# a program built against the installed library, with pkg-config only
flags=$(pkg-config --cflags --libs rescheck)
tap_check "pkg-config --cflags --libs rescheck: $flags" $?
san=()
[ "$SANITIZE" = ON ] && san=(-fsanitize=address,undefined -fno-omit-frame-pointer)
# shellcheck disable=SC2086
"$CC" -std=c11 -Wall -Wextra -Werror "${san[@]}" "$SRC/examples/libdemo.c" $flags -o "$tmp/libdemo" \
  >"$tmp/cc.log" 2>&1
tap_check "examples/libdemo.c builds with \$(pkg-config --cflags --libs rescheck)${san:+ (and the sanitizer flags of this build)}" $? "$(head -5 "$tmp/cc.log")"
export LD_LIBRARY_PATH="$libdir"
ldd "$tmp/libdemo" | grep -q "librescheck.so.$so => $libdir/"
tap_check "libdemo loads the installed librescheck.so.$so" $? "$(ldd "$tmp/libdemo" | grep rescheck)"

(cd "$tmp" && ./libdemo prop1 "$tmp/prop1.json") >"$tmp/demo1" 2>&1
tap_check "libdemo prop1: exit 0 (verified)" $? "$(tail -5 "$tmp/demo1")"
grep -qF "yun19.prop1 on the paper's data" "$tmp/demo1"; tap_check "the result names the claim and the paper's data" $?
grep -qF "  ok   R2(theta2) = rho^2*(12*rho^2+82*rho+215)/(21*rho^2+156*rho+420) (as printed)" "$tmp/demo1"
tap_check "a statement read through the API: R2(theta2) as printed" $?
sha=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sha256"])' "$SRC/certificates/yun19.prop1.json")
grep -qF "verdict: verified (sha256 $sha)" "$tmp/demo1"
tap_check "verdict verified with the committed certificate's sha256" $? "$(grep verdict "$tmp/demo1")"
cmp -s "$tmp/prop1.json" "$SRC/certificates/yun19.prop1.json"
tap_check "the certificate the library writes is byte for byte the committed one" $?
grep -qF "check $tmp/prop1.json: verified, claim yun19.prop1, rule yun19.prop1/1, paper data, sha256 $sha" "$tmp/demo1"
tap_check "rescheck_check_file: verified, on the paper's data" $? "$(grep '^check' "$tmp/demo1")"
grep -q "^check of a copy with its sha256 changed: refuted (rejected): sha256: certificate says" "$tmp/demo1"
tap_check "rescheck_check_text rejects a copy with one hash digit changed" $? "$(tail -1 "$tmp/demo1")"

# a changed printed value through the API: refuted, with the paper's value and the difference
sed 's|"r_lin": "8\*rho^2/15"|"r_lin": "8*rho^2/16"|' "$SRC/examples/sec31-with-printed-values.json" >"$tmp/bad.json"
grep -q '8\*rho^2/16' "$tmp/bad.json"; tap_check "bad spec has the changed printed value" $?
(cd "$tmp" && ./libdemo prop1 "$tmp/bad.json" "$tmp/bad-cert.json") >"$tmp/demo2" 2>&1
tap_check "libdemo prop1 on a changed printed value: exit 1 (refuted)" $([ $? -eq 1 ] && echo 0 || echo 1) "$(tail -5 "$tmp/demo2")"
grep -qF "  FAIL R_lin = 8*rho^2/15 (best affine fit of all 6 points)" "$tmp/demo2" &&
  grep -qF "       paper: 8*rho^2/16" "$tmp/demo2" &&
  grep -qF "differs: R_lin: paper 8*rho^2/16 (= rho^2/2), computed 8*rho^2/15 (computed - paper = rho^2/30)" "$tmp/demo2"
tap_check "the failed statement, the paper's value and the exact difference through the API" $? "$(grep -A2 FAIL "$tmp/demo2")"
grep -q "^yun19.prop1 on user data (inputs sha256 [0-9a-f]\{64\})" "$tmp/demo2"; tap_check "named as user data" $?
grep -q "^check $tmp/bad-cert.json: refuted, claim yun19.prop1, rule yun19.prop1/1, user data" "$tmp/demo2"
tap_check "its certificate checks as refuted on user data" $?
# the installed tool agrees with the library on both certificates
"$RC" check "$tmp/prop1.json" >/dev/null 2>&1; tap_check "installed rescheck check: the library's certificate is valid (exit 0)" $?
"$RC" check "$tmp/bad-cert.json" >/dev/null 2>&1
tap_check "installed rescheck check: the refuted one exits 1" $([ $? -eq 1 ] && echo 0 || echo 1)
# errors through the API
(cd "$tmp" && ./libdemo prop9 "$tmp/x.json") >"$tmp/demo3" 2>&1
tap_check "libdemo on an unknown claim: exit 2 with the message" \
  $([ $? -eq 2 ] && grep -qF "unknown claim 'prop9'" "$tmp/demo3" && echo 0 || echo 1) "$(cat "$tmp/demo3")"
(cd "$tmp" && ./libdemo nonmono "$tmp/bad.json" "$tmp/x.json") >"$tmp/demo4" 2>&1
tap_check "a spec of a kind the claim does not read: exit 2, 'field kind'" \
  $([ $? -eq 2 ] && grep -q "field kind: is \"yun19.sec31\"" "$tmp/demo4" && echo 0 || echo 1) "$(cat "$tmp/demo4")"

# the API's edges (tests/install/t-api.c), built the same way
# shellcheck disable=SC2086
"$CC" -std=c11 -Wall -Wextra -Werror "${san[@]}" "$SRC/tests/install/t-api.c" $flags -o "$tmp/t-api" \
  >"$tmp/cc2.log" 2>&1
tap_check "tests/install/t-api.c builds against the installed library" $? "$(head -5 "$tmp/cc2.log")"
"$tmp/t-api" "$SRC/examples/sec31-with-printed-values.json" "$tmp" >"$tmp/api.tap" 2>&1
rc=$?
sed 's/^/# t-api: /' "$tmp/api.tap"
napi=$(grep -c '^ok ' "$tmp/api.tap")
tap_check "t-api: the API's errors, accessors, specs from strings, write and check ($napi checks)" \
  $([ $rc -eq 0 ] && [ "$napi" -ge 20 ] && echo 0 || echo 1) "$(grep -A1 '^not ok' "$tmp/api.tap")"

# the man page: renders from the prefix, and lists exactly the commands of 'rescheck help'
MANPATH="$PREFIX/share/man" MANPAGER=cat MANWIDTH=80 man rescheck >"$tmp/man.txt" 2>"$tmp/man.err"
tap_check "MANPATH=PREFIX/share/man man rescheck renders" $? "$(head -3 "$tmp/man.err")"
for sec in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS "EXIT STATUS" FILES; do
  grep -q "^$sec" "$tmp/man.txt"; tap_check "man page section $sec" $?
done
MANPAGER=cat man --warnings -l "$PREFIX/share/man/man1/rescheck.1" 2>"$tmp/manw" >/dev/null
tap_check "man --warnings: no groff warnings" $([ ! -s "$tmp/manw" ] && echo 0 || echo 1) "$(head -3 "$tmp/manw")"
help_cmds=$("$RC" help | awk '/^commands:/{on=1; next} on && /^  [a-z]/{print $1} on && /^$/{exit}' | sort)
man_cmds=$(awk '/^\.SH COMMANDS/{on=1; next} /^\.SH/{on=0} on && /^\.SS /{print $2}' \
  "$PREFIX/share/man/man1/rescheck.1" | sort)
[ -n "$help_cmds" ] && [ "$help_cmds" = "$man_cmds" ]
tap_check "man page COMMANDS = rescheck help's commands ($(echo $help_cmds))" $? \
  "help: $(echo $help_cmds); man: $(echo $man_cmds)"
sed 's/\\-/-/g' "$PREFIX/share/man/man1/rescheck.1" >"$tmp/man.src"
missing=""
for cmd in $help_cmds; do
  # each command's options in its --help appear in the man page
  for opt in $("$RC" "$cmd" --help 2>/dev/null | grep -oE -- '--[a-z][a-z0-9-]+' | sort -u); do
    grep -qF -- "$opt" "$tmp/man.src" || missing="$missing $cmd:$opt"
  done
done
tap_check "man page names every option of each command's --help" $([ -z "$missing" ] && echo 0 || echo 1) "missing:$missing"
for code in 0 1 2 3; do
  grep -q "^\.B $code\$" "$PREFIX/share/man/man1/rescheck.1"; tap_check "man page EXIT STATUS $code" $?
done

# bash completion, sourced from the prefix
cat >"$tmp/comp.sh" <<EOF
PATH="$PREFIX/bin:\$PATH"
. "$PREFIX/share/bash-completion/completions/rescheck"
complete -p rescheck >/dev/null || exit 9
c() { COMP_WORDS=("\$@"); COMP_CWORD=\$((\$# - 1)); COMP_LINE="\$*"; COMP_POINT=\${#COMP_LINE}; COMPREPLY=(); _rescheck; echo "\${COMPREPLY[*]}"; }
echo "1:\$(c rescheck ve)"
echo "2:\$(c rescheck verify pro)"
echo "3:\$(c rescheck verify yun19.thm)"
echo "4:\$(c rescheck verify --cert)"
echo "5:\$(c rescheck verify prop1 --format t)"
echo "6:\$(c rescheck check --q)"
echo "9:\$(c rescheck verify prop1 --es)"
echo "7:\$(c rescheck train li18.fig)"
echo "8:\$(c rescheck '')"
EOF
bash "$tmp/comp.sh" >"$tmp/comp.out" 2>&1
tap_check "the completion file sources and registers _rescheck" $? "$(cat "$tmp/comp.out")"
grep -qx "1:verify" "$tmp/comp.out"; tap_check "completes 'rescheck ve' to verify" $? "$(cat "$tmp/comp.out")"
grep -qx "2:prop1" "$tmp/comp.out"; tap_check "completes a claim alias from 'rescheck list' (prop1)" $?
grep "^3:" "$tmp/comp.out" | tr ' :' '\n\n' | sort | tr '\n' ' ' | grep -q "^3 yun19.thm2 yun19.thm4 yun19.thm5 $"; tap_check "completes claim IDs (yun19.thm2 yun19.thm4 yun19.thm5)" $?
grep -qx "4:--cert-dir" "$tmp/comp.out"; tap_check "completes verify's option --cert-dir" $?
grep -qx "5:text tap" "$tmp/comp.out"; tap_check "completes --format values" $?
grep -qx "6:--quiet" "$tmp/comp.out"; tap_check "completes check's --quiet" $?
grep -qx "9:--estimate" "$tmp/comp.out"; tap_check "completes options read from 'verify --help' (--estimate)" $?
grep -qx "7:li18.fig4 li18.fig5-6 li18.fig7-8" "$tmp/comp.out"; tap_check "completes experiments of 'train --list'" $?
missing=""
for cmd in $help_cmds; do
  grep -q "^8:.*\b$cmd\b" "$tmp/comp.out" || missing="$missing $cmd"
done
tap_check "completion offers every command of 'rescheck help'" $([ -z "$missing" ] && echo 0 || echo 1) "missing:$missing"

# LICENSE and CITATION.cff
head -1 "$SRC/LICENSE" | grep -q "MIT License"; tap_check "LICENSE (MIT)" $?
grep -q "^license: MIT$" "$SRC/CITATION.cff"; tap_check "CITATION.cff names the same license" $?
/usr/bin/python3 - "$SRC/CITATION.cff" >"$tmp/cff" 2>&1 <<'EOF'
import sys
# CFF 1.2.0's required keys and types, read without a YAML library
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
top = {l.split(":", 1)[0]: l.split(":", 1)[1].strip() for l in lines if l and not l[0].isspace() and ":" in l}
missing = [k for k in ("cff-version", "message", "title", "authors") if k not in top]
assert not missing, "missing " + ", ".join(missing)
assert top["cff-version"] == "1.2.0", top["cff-version"]
i = lines.index("authors:")
assert lines[i + 1].lstrip().startswith("- "), "authors is not a list"
assert top.get("type") in (None, "software", "dataset"), top.get("type")
print("ok")
EOF
tap_check "CITATION.cff: cff-version 1.2.0 with message, title, authors" $? "$(cat "$tmp/cff")"

# BUILD_TESTING=OFF: the tool alone (no tests directory, no cmocka needed)
cmake -S "$SRC" -B "$tmp/notest" -DBUILD_TESTING=OFF >"$tmp/notest.log" 2>&1
tap_check "configures with -DBUILD_TESTING=OFF" $? "$(tail -5 "$tmp/notest.log")"
[ ! -e "$tmp/notest/tests" ] && ! grep -q 'add_test' "$tmp/notest/CTestTestfile.cmake" 2>/dev/null
tap_check "BUILD_TESTING=OFF generates no tests" $?
tap_done
