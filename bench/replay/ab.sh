#!/bin/sh
# ab.sh GEN_LOG OLD_ETEST NEW_ETEST WORKDIR [MB [RUNS]] - the replay figure of run.sh for two
# etest builds: `etest --model all --format json` on an MB log (default 1000; 8 GPUs, 1 s) as
# a ratio to `wc -l` on it, in CPU time (user+sys), wc -l, old and new interleaved RUNS times.
set -eu
gen=$1 old=$(realpath "$2") new=$(realpath "$3") dir=$4 mb=${5:-1000} runs=${6:-3}
mkdir -p "$dir"
export ETEST_CACHE=/nonexistent/cache.sqlite
t=$dir/time.out
. "$(dirname "$0")/lib.sh"   # cpu, add
log=$dir/replay-$mb.log
[ -s "$log" ] || "$gen" "$log" "$mb" 8 1000
cat "$log" >/dev/null
wc=0 a=0 b=0 i=0
while [ $i -lt "$runs" ]; do
	w=$(cpu_n 10 wc -l "$log")
	x=$(cpu "$old" --model all --intensity 50 -q --format json "$log")
	y=$(cpu "$new" --model all --intensity 50 -q --format json "$log")
	echo "run $((i + 1)): wc -l x10 $w s, old $x s, new $y s"
	wc=$(add "$wc" "$w") a=$(add "$a" "$x") b=$(add "$b" "$y")
	i=$((i + 1))
done
awk -v mb="$mb" -v wc="$wc" -v a="$a" -v b="$b" -v n="$runs" 'BEGIN {
	wc /= 10
	printf "%d MB log (8 GPUs, 1 s), CPU s over %d runs: wc -l %.3f, old %.2f, new %.2f\n", mb, n, wc, a, b
	printf "  old / wc -l %5.1fx   new / wc -l %5.1fx   new / old %.3f\n", a / wc, b / wc, b / a }'
