#!/usr/bin/env bash
# Installs the Debian packages rescheck builds and runs with, only when missing.
# apt-get update runs once, and only if something has to be installed.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libgmp-dev libmpfr-dev libflint-dev libflint-arb-dev
  libopenblas-dev liblapacke-dev
  libjansson-dev libssl-dev zlib1g-dev libcmocka-dev
  # gnuplot-nox (Debian 12: 5.4.4) has the pngcairo, pdfcairo and svg terminals
  # that 'rescheck train' draws with (checked: gnuplot -e 'set terminal'); no X11
  perl gnuplot-nox dataset-fashion-mnist python3-numpy python3-sympy
  man-db git # the install test renders man rescheck; the paper-CI test makes a git repository
  clang libclang-rt-14-dev # the fuzz harnesses: clang 14 and its libFuzzer runtime
  texlive-latex-base # pdflatex for the cite test: 15 .debs, 39 MB, 121 MB installed, 31 s (docs/citing.md)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
