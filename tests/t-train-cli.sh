#!/usr/bin/env bash
# rescheck train end to end, at --quick sizes: every experiment writes its
# CSV files and pictures; the 2-shortcut zero point agrees with the exact
# path; runs are deterministic; shards merge into the unsharded run byte for
# byte; the Gram form agrees with the samples; SIGINT/SIGTERM keep the rows; bad
# input is a one-line error with exit 2.
set -u
RC=$1
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/cli-helpers.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
DATA=/usr/share/datasets/fashion-mnist


one_line_error() { # DESC PATTERN: stderr is one line matching PATTERN
  [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q -- "$2" "$tmp/err"
  tap_check "$1: one line naming it" $? "stderr: $(head -c 400 "$tmp/err")"
}

# awk over a CSV column by name: col FILE NAME -> values, one a line
col() { awk -F, -v c="$2" '/^#/ {next} !h {for (i = 1; i <= NF; i++) if ($i == c) k = i; h = 1; next} {print $k}' "$1"; }

run 0 "train --help" "$RC" train --help
grep -q "usage: rescheck train" "$tmp/out"; tap_check "train --help prints its usage" $?
run 0 "train --list" "$RC" train --list
for e in li18.fig4 li18.fig5-6 li18.fig7-8 wu19.rate wu19.mzas; do
  grep -q "^$e " "$tmp/out"; tap_check "--list shows $e" $?
done

# ---- which OpenBLAS kernels run, and who chose them (src/train/blas.c) ----
blas_line() { # ENV...: the '# blas' line of a quick wu19.rate run under ENV
  env -u OPENBLAS_CORETYPE -u RESCHECK_BLAS_CORE "$@" "$RC" train wu19.rate --quick --out "$tmp/blas" >/dev/null 2>&1
  grep -m1 '^# blas ' "$tmp/blas/wu19-rate-runs.csv"
}
line=$(blas_line)
case "$line" in "# blas OpenBLAS "*", core "*) ok=0 ;; *) ok=1 ;; esac
tap_check "the raw files say which OpenBLAS kernels ran" $ok "$line"
core=$(printf '%s\n' "$line" | sed -n 's/.*, core \([A-Za-z0-9]*\).*/\1/p')
generic=0
case " Unknown Katmai Coppermine Northwood Prescott Banias Core2 Penryn Dunnington Nehalem " in *" $core "*) generic=1 ;; esac
if grep -q -w avx2 /proc/cpuinfo && grep -q -w fma /proc/cpuinfo; then
  [ $generic = 0 ]; tap_check "a CPU with AVX2 and FMA runs on kernels that use them, not a generic core" $? "$line"
else
  tap_check "no AVX2 here: the kernels are OpenBLAS's own choice" 0
fi
line=$(blas_line OPENBLAS_CORETYPE=Prescott)
case "$line" in *"core Prescott (OPENBLAS_CORETYPE=Prescott)"*) ok=0 ;; *) ok=1 ;; esac
tap_check "a user's OPENBLAS_CORETYPE is kept, and said" $ok "$line"
line=$(blas_line RESCHECK_BLAS_CORE=keep)
case "$line" in *"(as OpenBLAS detected it)"*) ok=0 ;; *) ok=1 ;; esac
tap_check "RESCHECK_BLAS_CORE=keep keeps OpenBLAS's own choice" $ok "$line"

have_gnuplot=0
command -v gnuplot >/dev/null && have_gnuplot=1

# pictures: each PNG has its PDF (header %PDF) and SVG (XML with an <svg> root)
pictures_ok() { # DIR STEM...
  local dir=$1; shift
  [ $have_gnuplot = 1 ] || return 0
  for stem in "$@"; do
    [ "$(head -c 4 "$dir/$stem.png" | od -An -c | tr -d ' ')" = "211PNG" ]
    tap_check "$stem.png is a PNG" $?
    [ "$(head -c 4 "$dir/$stem.pdf")" = "%PDF" ]; tap_check "$stem.pdf is a PDF" $?
    python3 -c 'import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); sys.exit(r.tag != "{http://www.w3.org/2000/svg}svg")' "$dir/$stem.svg"
    tap_check "$stem.svg parses as XML with an <svg> root" $?
  done
}
pdf_width() { grep -a -o 'MediaBox \[ 0 0 [0-9.]*' "$1" | head -1 | awk '{print $5}'; }

# ---- every experiment, quick ----
run 0 "li18.fig4 --quick" "$RC" train li18.fig4 --quick --out "$tmp/f4"
[ ! -s "$tmp/err" ]; tap_check "silent on stderr when it is not a terminal" $? "$(head -c 300 "$tmp/err")"
for f in fig4-runs.csv fig4.csv fig4-zero.csv fig4.gp; do
  [ -s "$tmp/f4/$f" ]; tap_check "fig4 wrote $f" $?
done
if [ $have_gnuplot = 1 ]; then
  [ "$(head -c 4 "$tmp/f4/fig4.png" | od -An -c | tr -d ' ')" = "211PNG" ]; tap_check "fig4.png is a PNG" $?
fi
ls "$tmp/f4" | grep -q '\.tmp\.' ; [ $? -ne 0 ]; tap_check "no temporary file left" $?
pictures_ok "$tmp/f4" fig4
grep -q "coincide at all 3 depths" "$tmp/f4/fig4.gp"
tap_check "fig4: the near-zero start under w = 0 is noted as coinciding (found in the data)" $?
grep -q "set logscale x 2" "$tmp/f4/fig4.gp" && grep -q "set xtics (2, 4, 8)" "$tmp/f4/fig4.gp"
tap_check "fig4: the quick depths 2, 4, 8 double: log2 axis, a tic at each depth" $?
grep -q "li18.fig4" "$tmp/f4/fig4.gp"; tap_check "the screen title names the experiment" $?

# the zero point: float cond(H) against the certified cond(M), every depth
ok=$(awk -F, 'NR > 1 { n++; if ($8 + 0 < 1e-10 && $6 + 0 > 1) good++ } END { print (n > 0 && good == n) }' "$tmp/f4/fig4-zero.csv")
[ "$ok" = 1 ]; tap_check "2-shortcut at w = 0: float cond within 1e-10 of the certified cond(M)" $? "$(cat "$tmp/f4/fig4-zero.csv")"
grep -q "relative error" "$tmp/out"; tap_check "fig4 prints the relative error against the exact path" $?
# Figure 4's claims at quick size: Xavier grows with depth, 2-shortcut stays put
awk -F, '$1 == "xavier" {x[++n] = $4} END {exit !(n == 3 && x[1] < x[2] && x[2] < x[3])}' "$tmp/f4/fig4.csv"
tap_check "Xavier: the condition number grows with depth" $? "$(cat "$tmp/f4/fig4.csv")"
awk -F, '$1 == "2-shortcut" {c[++n] = $4} END {exit !(n == 3 && c[3] / c[1] < 1.01 && c[1] / c[3] < 1.01)}' "$tmp/f4/fig4.csv"
tap_check "2-shortcut near zero: the condition number is depth-invariant within 1%" $? "$(cat "$tmp/f4/fig4.csv")"

run 0 "li18.fig4 --quick again" "$RC" train li18.fig4 --quick --out "$tmp/f4b"
cmp -s "$tmp/f4/fig4-runs.csv" "$tmp/f4b/fig4-runs.csv"; tap_check "same seed, same rows, byte for byte" $?
run 0 "li18.fig4 --quick --seed 2" "$RC" train li18.fig4 --quick --seed 2 --out "$tmp/f4c"
cmp -s "$tmp/f4/fig4-runs.csv" "$tmp/f4c/fig4-runs.csv"; [ $? -ne 0 ]; tap_check "another seed, other rows" $?

# the Gram form against the samples: the same condition numbers
run 0 "li18.fig4 --quick --no-gram" "$RC" train li18.fig4 --quick --no-gram --out "$tmp/f4s"
paste -d, <(col "$tmp/f4/fig4-runs.csv" cond_paper) <(col "$tmp/f4s/fig4-runs.csv" cond_paper) |
  awk -F, '{ r = ($1 - $2) / $1; if (r < 0) r = -r; if (r > m) m = r } END { exit !(NR > 0 && m < 1e-8) }'
tap_check "--no-gram: the same condition numbers within 1e-8" $?

# wu19.rate: deep linear GD from ZAS, Xavier, near-identity; the letter's bound along ZAS
run 0 "wu19.rate --quick" "$RC" train wu19.rate --quick --out "$tmp/wr"
for f in wu19-rate-runs.csv wu19-rate-tightness-raw.csv wu19-rate.csv wu19-rate-tightness.csv wu19-rate.gp; do
  [ -s "$tmp/wr/$f" ]; tap_check "wu19.rate wrote $f" $?
done
pictures_ok "$tmp/wr" wu19-rate
# ZAS reaches 1e-8 at every depth; its R(t)/bound is 1 at t = 0 and every row's ratio is R/bound
awk -F, '$1 == "zas" && $3 == "1e-8" { n++; if ($5 != "inf" && $6 == 1) ok++ } END { exit !(n == 3 && ok == 3) }' "$tmp/wr/wu19-rate.csv"
tap_check "wu19.rate: ZAS reaches R <= 1e-8 R_ref at every quick depth" $? "$(cat "$tmp/wr/wu19-rate.csv")"
awk -F, '/^#/ || /^job/ {next} { n++; r = $5 / $6; d = r - $7; if (d < 0) d = -d; if (d > 1e-9 * (r > 1 ? r : 1)) bad++; if ($4 == 0 && $7 != 1) bad++ } END { exit !(n > 0 && !bad) }' "$tmp/wr/wu19-rate-tightness-raw.csv"
tap_check "wu19.rate: tightness rows are R/bound, 1 at t = 0" $?
grep -q "the letter's discrete bound: R(t) <= bound at every step in" "$tmp/out"; tap_check "wu19.rate prints the bound's tally" $?
# a whole run (not sharded, here one that cannot be) redrawn for a paper from its raw files
run 0 "wu19.rate redrawn with --merge DIR --paper single" "$RC" train --merge "$tmp/wr" --paper single --out "$tmp/wrp"
cmp -s "$tmp/wr/wu19-rate.csv" "$tmp/wrp/wu19-rate.csv"; tap_check "the redraw has the same summary" $?
pictures_ok "$tmp/wrp" wu19-rate
[ $have_gnuplot = 0 ] || { w=$(pdf_width "$tmp/wrp/wu19-rate.pdf"); [ "${w%.*}" = 237 ]; tap_check "the redraw is 3.3 in wide ($w pt)" $?; }
run 0 "wu19.rate --quick again" "$RC" train wu19.rate --quick --out "$tmp/wr2"
cmp -s "$tmp/wr/wu19-rate-runs.csv" "$tmp/wr2/wu19-rate-runs.csv"; tap_check "wu19.rate: same seed, same rows" $?

run 0 "li18.fig5-6 --quick" "$RC" train li18.fig5-6 --quick --out "$tmp/f56"
for f in fig56-lr.csv fig56-track.csv fig5.csv fig6.csv fig5.gp fig6.gp; do
  [ -s "$tmp/f56/$f" ]; tap_check "fig5-6 wrote $f" $?
done
# index in [0, 1], |lambda|max >= 10th percentile on every Hessian row
awk -F, '/^#/ || /^job/ {next} $8 != "" { n++; if ($13 < 0 || $13 > 1 || $8 < $9) bad++ } END { exit !(n > 0 && !bad) }' "$tmp/f56/fig56-track.csv"
tap_check "fig5-6: spectra rows are consistent" $?
pictures_ok "$tmp/f56" fig5 fig6
# no clipped point: the index axis of Figure 6's right panel ends beyond the largest index (0.5 at the start)
imax=$(col "$tmp/f56/fig6.csv" index | sort -g | tail -1)
y2=$(grep -o 'set y2range \[[^]]*\]' "$tmp/f56/fig6.gp" | head -1 | tr -d '[]' | awk -F'[ :]' '{print $3, $4}')
awk -v m="$imax" -v r="$y2" 'BEGIN { split(r, a, " "); exit !(m == 0.5 && a[2] > m && a[1] < m) }'
tap_check "fig6: the index axis [$y2] holds the largest index $imax inside, not on its border" $?
for f in fig5-levels.csv fig5-coverage.csv; do
  [ -s "$tmp/f56/$f" ]; tap_check "fig5-6 wrote $f" $?
done
# the condition measure is the ratio of the mean statistics, not a mean of ratios
awk -F, 'NR > 1 { n++; r = $4 / $5; d = (r - $6) / r; if (d < 0) d = -d; if (d > 1e-12 || $9 > $8) bad++ } END { exit !(n > 0 && !bad) }' "$tmp/f56/fig5.csv"
tap_check "fig5.csv: cond_of_means = mean |lambda|max / mean |lambda|(0.1), runs_with_data <= runs" $?
# Hessians every step while the loss falls fast: consecutive Hessians of a run
# more than a factor 1.25 apart in excess loss are one step apart
lstar=$(grep -o 'lstar=[0-9.e+-]*' "$tmp/f56/fig56-track.csv" | head -1 | cut -d= -f2)
awk -F, -v ls="$lstar" '/^#/ || /^job/ {next} $8 != "" { k = $2 "/" $3; x = $6 - ls;
  if (k == pk && px > 1.25 * x) { n++; if ($5 != pe + 1) bad++ } pk = k; px = x; pe = $5 }
  END { exit !(n > 0 && !bad) }' "$tmp/f56/fig56-track.csv"
tap_check "fig5-6: every fall of more than 1.25x between Hessians is a single step" $?
# a level has data iff a bracketing Hessian is within 1.25x of its excess loss
awk -F, 'NR > 1 { n++; if (($7 == 1) != ($5 <= 1.25 * $3 || $6 * 1.25 >= $3)) bad++ } END { exit !(n > 0 && !bad) }' "$tmp/f56/fig5-coverage.csv"
tap_check "fig5-coverage.csv: has_data iff a bracketing Hessian is within 1.25x" $?

run 0 "li18.fig7-8 --quick" "$RC" train li18.fig7-8 --quick --out "$tmp/f78"
for f in fig78-runs.csv fig78-grid.csv fig7.csv fig8.csv fig7.gp fig8.gp; do
  [ -s "$tmp/f78/$f" ]; tap_check "fig7-8 wrote $f" $?
done
pictures_ok "$tmp/f78" fig7 fig8
# the quick depths 2, 6 do not double: a linear axis with integer tics
grep -q "set xtics 1" "$tmp/f78/fig7.gp" && grep -q "set format x '%.0f'" "$tmp/f78/fig7.gp" && ! grep -q "logscale x" "$tmp/f78/fig7.gp"
tap_check "fig7: depths 2, 6 on a linear axis with integer tics" $?
# --paper: the same rows drawn at a column's width, no experiment name in the titles
run 0 "fig7-8 again with --paper single" "$RC" train --merge "$tmp/f78" --paper single --out "$tmp/p1"
run 0 "fig7-8 again with --paper double" "$RC" train --merge "$tmp/f78" --paper double --out "$tmp/p2"
cmp -s "$tmp/f78/fig7.csv" "$tmp/p1/fig7.csv"; tap_check "--paper changes no number" $?
pictures_ok "$tmp/p1" fig7 fig8
if [ $have_gnuplot = 1 ]; then
  w0=$(pdf_width "$tmp/f78/fig7.pdf"); w1=$(pdf_width "$tmp/p1/fig7.pdf"); w2=$(pdf_width "$tmp/p2/fig7.pdf")
  awk -v a="$w0" -v b="$w1" -v c="$w2" 'BEGIN { exit !(b >= 236 && b <= 239 && c >= 495 && c <= 498 && a > 600) }'
  tap_check "--paper: PDF width 3.3 in (single, $w1 pt), 6.9 in (double, $w2 pt), screen $w0 pt" $?
  svgw=$(grep -o 'width="[0-9]*"' "$tmp/p1/fig8.svg" | head -1)
  [ "$svgw" = 'width="317"' ]; tap_check "--paper single: SVG 3.3 in at 96 px/in ($svgw)" $?
fi
! grep -q "li18\|fig78\|\.csv" <(grep "title" "$tmp/p1/fig7.gp" "$tmp/p1/fig8.gp")
tap_check "--paper: no experiment ID or file name in the titles" $?
grep -q "font 'Sans,8'" "$tmp/p1/fig7.gp"; tap_check "--paper: 8 pt fonts" $?
run 2 "--paper a4" "$RC" train li18.fig4 --quick --paper a4 --out "$tmp/x"
one_line_error "--paper a4" "--paper: 'a4'"
# linear networks never beat the least-squares optimum
awk -F, 'NR > 1 { n++; if ($9 < -1e-12 * $8) bad++ } END { exit !(n > 0 && !bad) }' "$tmp/f78/fig7.csv"
tap_check "fig7: every final loss is at least the least-squares optimum" $? "$(cat "$tmp/f78/fig7.csv")"

# rates too small to move the loss: every grid is flat; the figure omits the rates and says so
run 0 "li18.fig7-8 --quick --lr-grid 1e-9,2e-9" "$RC" train li18.fig7-8 --quick --lr-grid 1e-9,2e-9 --out "$tmp/f78f"
sed 's/\\n/ /g' "$tmp/f78f/fig7.gp" | grep -q "no optimal rate shown for Xavier at depths 2, 6; .*: the final loss is flat across the grid"
tap_check "fig7: flat grids are named in the figure, per network and depth" $?
# at quick size: the note names exactly the networks with a flat grid in fig7.csv (lr_flat = 1)
note=$(sed 's/\\n/ /g' "$tmp/f78/fig7.gp" | grep -o "no optimal rate shown for [^:]*:" | head -1)
bad=0
for net in xavier orthogonal 1-shortcut 2-shortcut 3-shortcut; do
  label=$net; [ $net = xavier ] && label=Xavier
  nflat=$(awk -F, -v n=$net '$1 == n && $4 == 1' "$tmp/f78/fig7.csv" | wc -l)
  if [ "$nflat" -gt 0 ]; then case "$note" in *" $label at depth"*) ;; *) bad=1 ;; esac
  else case "$note" in *" $label at depth"*) bad=1 ;; esac; fi
done
[ $bad = 0 ]; tap_check "fig7 --quick: the flat note names the flat grids of fig7.csv and no other ('$note')" $?
pictures_ok "$tmp/f78f" fig7
# ---- shards and their merge ----
run 0 "fig7-8 shard 1/2" "$RC" train li18.fig7-8 --quick --shard 1/2 --out "$tmp/s1"
grep -q "merge" "$tmp/out"; tap_check "a shard says how to join it" $?
run 0 "fig7-8 shard 2/2" "$RC" train li18.fig7-8 --quick --shard 2/2 --out "$tmp/s2"
run 0 "merge the shards" "$RC" train --merge "$tmp/s2" "$tmp/s1" --out "$tmp/m"
cmp -s "$tmp/f78/fig78-runs.csv" "$tmp/m/fig78-runs.csv"; tap_check "merged shards = the unsharded run, byte for byte" $?
cmp -s "$tmp/f78/fig7.csv" "$tmp/m/fig7.csv"; tap_check "and the same summary" $?
run 2 "merge with a shard missing" "$RC" train --merge "$tmp/s1" --out "$tmp/m2"
one_line_error "missing shard" "jobs missing"
run 2 "merge of different configurations" "$RC" train --merge "$tmp/s1" "$tmp/f4" --out "$tmp/m3"
one_line_error "foreign directory" "fig78-runs.csv"

# ---- SIGINT keeps the rows written so far ----
"$RC" train li18.fig7-8 --depths 2,4 --epochs 20000 --subset 500 --lr-grid 0.001 --runs 50 \
  --progress --out "$tmp/int" >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 100); do
  [ -n "$(ls "$tmp/int" 2>/dev/null)" ] && break
  sleep 0.1
done
sleep 2
kill -INT $pid
wait $pid
got=$?
tap_check "SIGINT: exit 130" $([ $got -eq 130 ] && echo 0 || echo 1) "exit $got"
[ -f "$tmp/int/fig78-runs.csv" ] && head -5 "$tmp/int/fig78-runs.csv" | grep -q '^job,figure'
tap_check "SIGINT: the raw CSV is in place with its header" $?
awk -F, '/^#/ || /^job/ {next} { n++; if (NF != 10) bad++ } END { exit !(n > 0 && !bad) }' "$tmp/int/fig78-runs.csv"
tap_check "SIGINT: the finished rows are kept whole" $? "$(tail -3 "$tmp/int/fig78-runs.csv")"
ls "$tmp/int" | grep -q '\.tmp\.'; [ $? -ne 0 ]; tap_check "SIGINT: no temporary file left" $?
grep -q "interrupted; the rows finished so far are in $tmp/int" "$tmp/err"; tap_check "SIGINT: says where the rows are" $?
grep -q ": done " "$tmp/err"; [ $? -ne 0 ]; tap_check "SIGINT: progress does not say 'done'" $? "$(tail -2 "$tmp/err")"
grep -q "stopped after .*% of the work done" "$tmp/err"; tap_check "SIGINT: progress says it stopped, and how far it got" $?
# SIGTERM (a batch system ending the job) is handled the same way
"$RC" train li18.fig7-8 --depths 2 --epochs 20000 --subset 500 --lr-grid 0.001 --runs 50 \
  --out "$tmp/term" >"$tmp/out" 2>"$tmp/err" &
pid=$!
sleep 2
kill -TERM $pid
wait $pid
got=$?
tap_check "SIGTERM: exit 143" $([ $got -eq 143 ] && echo 0 || echo 1) "exit $got"
[ -f "$tmp/term/fig78-runs.csv" ]; tap_check "SIGTERM: the raw CSV is in place" $?

# ---- bad input ----
run 2 "unknown experiment" "$RC" train li18.fig9 --quick
one_line_error "unknown experiment" "li18.fig9"
run 2 "no experiment" "$RC" train --quick
one_line_error "no experiment" "name an experiment"
run 2 "--epochs abc" "$RC" train li18.fig4 --epochs abc
one_line_error "--epochs abc" "--epochs: 'abc'"
run 2 "--seed -1" "$RC" train li18.fig4 --seed -1
one_line_error "--seed -1" "--seed"
run 2 "--depths 4,x" "$RC" train li18.fig4 --depths 4,x
one_line_error "--depths 4,x" "--depths: '4,x'"
run 2 "--lr-grid 0.1,-1" "$RC" train li18.fig7-8 --lr-grid 0.1,-1
one_line_error "--lr-grid" "--lr-grid"
run 2 "--shard 3/2" "$RC" train li18.fig4 --shard 3/2
one_line_error "--shard 3/2" "--shard: '3/2'"
run 2 "--shard on fig5-6" "$RC" train li18.fig5-6 --quick --shard 1/2 --out "$tmp/x"
one_line_error "--shard on fig5-6" "li18.fig5-6"
# the documented limits of the float path, refused before any work (no output directory made)
run 2 "li18.fig4 --depths 2,200: a 20000 x 20000 Hessian" "$RC" train li18.fig4 --depths 2,200 --out "$tmp/lim1"
one_line_error "Hessian beyond the limit" "beyond the limits (docs/limits.md): --depths: the Hessian's order depth x d^2 = 20000 is above 16384"
[ ! -e "$tmp/lim1" ]; tap_check "refused before the output directory is made" $?
run 2 "wu19.mzas --depths 100000 --width 64" "$RC" train wu19.mzas --depths 100000 --width 64 --out "$tmp/lim2"
one_line_error "mzas weights beyond the limit" "weights L x 2 x width x hidden = 819200000 is above 100000000"
run 2 "--epochs 20000000" "$RC" train li18.fig7-8 --epochs 20000000 --out "$tmp/lim3"
one_line_error "--epochs beyond the limit" "RC_LIMIT_TRAIN_EPOCHS"
run 2 "--runs 20000" "$RC" train li18.fig7-8 --runs 20000 --out "$tmp/lim4"
one_line_error "--runs beyond the limit" "RC_LIMIT_TRAIN_RUNS"
run 2 "--width 5000" "$RC" train wu19.mzas --width 5000 --out "$tmp/lim5"
one_line_error "--width beyond the limit" "--width: width 5000 is above 4096"
run 2 "--depths 200000 on li18.fig7-8" "$RC" train li18.fig7-8 --depths 200000 --out "$tmp/lim6"
one_line_error "a depth beyond the limit" "RC_LIMIT_TRAIN_DEPTH"
run 2 "--data /nonexistent" "$RC" train li18.fig4 --quick --data /nonexistent --out "$tmp/x"
one_line_error "--data /nonexistent" "/nonexistent: not a directory"
mkdir -p "$tmp/bad"
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
  ln -s "$DATA/$f.gz" "$tmp/bad/$f.gz"
done
rm "$tmp/bad/t10k-labels-idx1-ubyte.gz"
run 2 "--data with a file missing" "$RC" train li18.fig4 --quick --data "$tmp/bad" --out "$tmp/x"
one_line_error "missing data file" "t10k-labels-idx1-ubyte(.gz): missing"
head -c 5000 "$DATA/train-images-idx3-ubyte.gz" >"$tmp/bad/t10k-labels-idx1-ubyte.gz"
run 2 "--data with a malformed file" "$RC" train li18.fig4 --quick --data "$tmp/bad" --out "$tmp/x"
one_line_error "malformed data file" "t10k-labels-idx1-ubyte.gz: bad magic"
# the plain (not gzipped) layout is read too
mkdir -p "$tmp/plain"
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
  gzip -dc "$DATA/$f.gz" >"$tmp/plain/$f"
done
run 0 "--data with uncompressed files" "$RC" train li18.fig4 --quick --data "$tmp/plain" --out "$tmp/f4p"
cmp -s "$tmp/f4/fig4-runs.csv" "$tmp/f4p/fig4-runs.csv"; tap_check "uncompressed files give the same rows" $?

# ---- wu19.mzas (issue 10), quick ----
run 0 "wu19.mzas --quick" "$RC" train wu19.mzas --quick --out "$tmp/mz"
for f in mzas-steps.csv mzas-runs.csv mzas-best.csv mzas-fig1.gp mzas-fig2.gp; do
  [ -s "$tmp/mz/$f" ]; tap_check "wu19.mzas wrote $f" $?
done
pictures_ok "$tmp/mz" mzas-fig1 mzas-fig2
! grep -qi "nan" "$tmp/mz/mzas-steps.csv" "$tmp/mz/mzas-runs.csv" "$tmp/mz/mzas-best.csv"; tap_check "no NaN in the mzas CSV files" $?
# the quick grid has rates that diverge: each is a printed step, a row with diverged_step >= 0
ndiv=$(col "$tmp/mz/mzas-runs.csv" diverged_step | awk '$1 >= 0' | wc -l)
nmsg=$(grep -c "diverged at step" "$tmp/out")
[ "$ndiv" -gt 0 ] && [ "$ndiv" = "$nmsg" ]; tap_check "divergence: $ndiv runs, each reported as 'diverged at step k'" $? "$(head -c 600 "$tmp/out")"
# a diverged run's last step row comes before its divergence step
awk -F, '/^#/ || $1 == "phase" {next} FNR == NR {if ($8 >= 0) d[$1 FS $2 FS $3 FS $4 FS $5] = $8; next}
  {k = $1 FS $2 FS $3 FS $4 FS $5; if ((k in d) && $6 >= d[k]) bad = 1} END {exit bad}' \
  "$tmp/mz/mzas-runs.csv" "$tmp/mz/mzas-steps.csv"
tap_check "no step row at or after a run's divergence" $?
# at mZAS the first loss is the loss of F = 0: 1/2 on one-hot labels, at every depth
col "$tmp/mz/mzas-steps.csv" loss >/dev/null
awk -F, '/^#/ || $1 == "phase" {next} $2 == "mzas" && $6 == 0 {n++; if ($7 != 0.5) bad = 1} END {exit !(n > 0 && !bad)}' "$tmp/mz/mzas-steps.csv"
tap_check "mZAS starts at loss 1/2 exactly (output 0, one-hot labels)" $?
grep -q "Figure 2 (L = 2): xavier escapes the saddle in [0-5] of 5 runs" "$tmp/out"; tap_check "Figure 2's count is printed" $? "$(tail -5 "$tmp/out")"
esc=$(awk -F, '/^#/ || $1 == "phase" {next} $1 == "fig2" && $2 == "xavier" && $9 >= 0' "$tmp/mz/mzas-runs.csv" | wc -l)
grep -q "xavier escapes the saddle in $esc of 5" "$tmp/out"; tap_check "the printed count is the rows' count ($esc)" $?
! grep -q "flat over the grid" "$tmp/out" && ! grep -q "flat across the grid" "$tmp/mz/mzas-fig1.gp"
tap_check "wu19.mzas --quick: no rate grid is flat (the rates' losses differ), none is noted" $?
# two rates too small to move the loss: the grid is flat, said on stdout and in the figure
run 0 "wu19.mzas with rates 1e-9, 2e-9" "$RC" train wu19.mzas --quick --lr-grid 1e-9,2e-9 --depths 2 --runs 1 --out "$tmp/mzf"
[ "$(grep -c 'best rate 2e-09 of 2 \[flat over the grid\]' "$tmp/out")" = 2 ]
tap_check "wu19.mzas: a flat grid is reported for both inits" $? "$(grep 'best rate' "$tmp/out")"
grep -q "L = 2, mZAS: the final loss is flat across the grid" "$tmp/mzf/mzas-fig1.gp"
tap_check "wu19.mzas: the figure says the best rate is flat" $?
run 0 "wu19.mzas --quick again" "$RC" train wu19.mzas --quick --out "$tmp/mz2"
cmp -s "$tmp/mz/mzas-runs.csv" "$tmp/mz2/mzas-runs.csv" || diff <(cut -d, -f1-9 "$tmp/mz/mzas-runs.csv") <(cut -d, -f1-9 "$tmp/mz2/mzas-runs.csv") >/dev/null
tap_check "wu19.mzas: same seed, same runs" $?
cmp -s "$tmp/mz/mzas-steps.csv" "$tmp/mz2/mzas-steps.csv"; tap_check "wu19.mzas: same seed, same curves byte for byte" $?
# a small activation budget: segments recomputed, the same curves
run 0 "wu19.mzas --quick --act-mem 1 --depths 5 (checkpointing)" "$RC" train wu19.mzas --quick --depths 5 --width 200 --runs 1 --lr-grid 0.001,1 --act-mem 1 --out "$tmp/mz3"
run 0 "wu19.mzas --quick --depths 5 (no checkpointing)" "$RC" train wu19.mzas --quick --depths 5 --width 200 --runs 1 --lr-grid 0.001,1 --out "$tmp/mz4"
s3=$(col "$tmp/mz3/mzas-runs.csv" segment | sort -u | head -1); s4=$(col "$tmp/mz4/mzas-runs.csv" segment | sort -u | head -1)
[ "$s3" -lt 5 ] && [ "$s4" = 5 ]; tap_check "--act-mem 1 splits L = 5 into segments ($s3 layers), the default keeps it whole" $?
cmp -s "$tmp/mz3/mzas-steps.csv" "$tmp/mz4/mzas-steps.csv" || diff <(grep -v '^#' "$tmp/mz3/mzas-steps.csv") <(grep -v '^#' "$tmp/mz4/mzas-steps.csv") >/dev/null
tap_check "checkpointing gives the same curves byte for byte" $?
run 0 "wu19.mzas --quick --inits mzas" "$RC" train wu19.mzas --quick --inits mzas --depths 2 --runs 1 --out "$tmp/mz6"
! grep -q ",xavier," "$tmp/mz6/mzas-runs.csv"; tap_check "--inits mzas runs no Xavier" $?
run 0 "wu19.mzas --quick --xavier torch --inits xavier" "$RC" train wu19.mzas --quick --xavier torch --inits xavier --depths 2 --runs 1 --out "$tmp/mz7"
! grep -q ",mzas," "$tmp/mz7/mzas-runs.csv" && grep -q "xavier=torch" "$tmp/mz7/mzas-runs.csv"; tap_check "--xavier torch --inits xavier: Xavier only, recorded in the configuration" $?
run 2 "wu19.mzas --xavier he" "$RC" train wu19.mzas --quick --xavier he --out "$tmp/mzx"
one_line_error "--xavier he" "--xavier"
run 2 "wu19.mzas --loss hinge" "$RC" train wu19.mzas --quick --loss hinge --out "$tmp/mzx"
one_line_error "--loss hinge" "--loss"
run 2 "wu19.mzas --classes 11" "$RC" train wu19.mzas --quick --classes 11 --out "$tmp/mzx"
one_line_error "--classes 11" "--classes"
run 0 "wu19.mzas --quick --loss xent --classes 3" "$RC" train wu19.mzas --quick --loss xent --classes 3 --depths 2 --out "$tmp/mz5"
awk -F, '/^#/ || $1 == "phase" {next} $2 == "mzas" && $6 == 0 {n++; if ($7 - log(3) > 1e-12 || log(3) - $7 > 1e-12) bad = 1} END {exit !(n > 0 && !bad)}' "$tmp/mz5/mzas-steps.csv"
tap_check "cross-entropy, 3 classes: mZAS starts at log 3 (uniform softmax)" $?

tap_done
