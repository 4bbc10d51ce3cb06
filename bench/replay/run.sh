#!/bin/sh
# run.sh GEN_LOG ETEST CSV_FLOOR WORKDIR [MB [LOGS]] - etest's figures of issue 10, each as a
# ratio to a baseline measured in the same run, in CPU time (user+sys, summed over 3
# interleaved runs; wall time means little on a loaded machine):
#   replay of an MB log (default 1000; 8 GPUs, 1 s) vs `wc -l` and vs libcsv alone on it;
#   one etest call on LOGS one-hour logs (default 10000; 10 s, 0-4 GPUs) vs LOGS x one log;
#   start-up on a tiny log with the RTE history vs /bin/true;
#   peak memory of a 364-day run at 60 s, 0, 1, 8 and 16 GPUs, vs /bin/true's and vs
#   etest's own on the tiny log (what the run's length and GPUs add).
set -eu
gen=$1 etest=$(realpath "$2") floor=$3 dir=$4 mb=${5:-1000} nlogs=${6:-10000}
mkdir -p "$dir"
export ETEST_CACHE=/nonexistent/cache.sqlite
t=$dir/time.out

. "$(dirname "$0")/lib.sh"   # cpu, cpu_n, add

log=$dir/replay-$mb.log
[ -s "$log" ] || "$gen" "$log" "$mb" 8 1000
lines=$(wc -l <"$log")
cat "$log" >/dev/null   # the page cache warm for all three
wc=0 fl=0 et=0
for i in 1 2 3; do
	wc=$(add "$wc" "$(cpu_n 10 wc -l "$log")")
	fl=$(add "$fl" "$(cpu "$floor" "$log")")
	et=$(add "$et" "$(cpu "$etest" --model all --intensity 50 -q --format json "$log")")
done
awk -v mb="$mb" -v l="$lines" -v wc="$wc" -v fl="$fl" -v et="$et" 'BEGIN {
	wc /= 10   # ten calls per run
	printf "replay, %d MB log (8 GPUs, 1 s, %d lines), CPU s over 3 runs: wc -l %.2f, libcsv alone %.2f, etest --model all --format json %.2f (%.0f MB/s)\n",
	       mb, l, wc, fl, et, 3 * mb / et
	printf "  etest / wc -l          %6.1fx   (issue 10: 55-63x before, goal <= 12x)\n", et / wc
	printf "  etest / libcsv alone   %6.2fx   (libcsv alone / wc -l: %.1fx)\n", et / fl, fl / wc }'
rm -f "$log"

# A month of logs: nlogs one-hour logs at 10 s with 0 to 4 GPUs, in one call.
mdir=$dir/month
mkdir -p "$mdir"
i=0
while [ $i -lt "$nlogs" ]; do
	f=$mdir/$i.log
	[ -s "$f" ] || "$gen" "$f" 0 $((i % 5)) 10000 3600
	i=$((i + 1))
done
one=0 all=0
for i in 1 2 3; do
	one=$(add "$one" "$(cpu_n 20 "$etest" --model all -q --format json "$mdir/1.log")")
	all=$(add "$all" "$(cpu sh -c 'cd "$1" && exec "$2" --model all -q --format json *.log' sh "$mdir" "$etest")")
done
awk -v n="$nlogs" -v one="$one" -v all="$all" 'BEGIN {
	one /= 20   # twenty calls per run
	printf "%d one-hour logs (10 s, 0-4 GPUs) in one etest call: %.2f s CPU (%.2f ms per log); one log alone %.1f ms\n",
	       n, all / 3, all / 3 / n * 1000, one / 3 * 1000
	printf "  one call / (%d x one log)  %.3fx   (issue 10: 18-23 s for 10,000 logs before, goal <= 6 s)\n",
	       n, all / (n * one) }'

# Start-up: a tiny log with the RTE history, against /bin/true.
tiny=$dir/tiny.log
"$gen" "$tiny" 0 0 1000 2
st=0 tr=0
for i in 1 2 3; do
	st=$(add "$st" "$(cpu_n 100 "$etest" --model all -q "$tiny")")
	tr=$(add "$tr" "$(cpu_n 100 /bin/true)")
done
awk -v st="$st" -v tr="$tr" 'BEGIN {
	printf "start-up, tiny log with the RTE history: %.1f ms CPU per call, /bin/true %.1f ms (300 calls each)\n", st / 300 * 1000, tr / 300 * 1000
	printf "  etest - /bin/true  %.1f ms   (issue 10: 47 ms before, goal <= 15 ms)\n", (st - tr) / 300 * 1000
	if (tr > 0) printf "  etest / /bin/true   %.0fx\n", st / tr }'

# Memory: a 364-day run at 60 s, against /bin/true and etest on the tiny log.
peak() { /usr/bin/time -f "%M" -o "$t" "$@" >/dev/null; cat "$t"; }
true_kib=$(peak /bin/true)
tiny_kib=$(peak "$etest" --model all -q --format json "$tiny")
awk -v a="$true_kib" -v b="$tiny_kib" 'BEGIN {
	printf "peak memory: /bin/true %.1f MiB, etest on the tiny log %.1f MiB\n", a / 1024, b / 1024 }'
for g in 0 1 8 16; do
	y=$dir/year-$g.log
	"$gen" "$y" 0 "$g" 60000 $((364 * 86400))
	kib=$(peak "$etest" --model all -q --format json "$y")
	awk -v g="$g" -v kib="$kib" -v tiny="$tiny_kib" -v tr="$true_kib" 'BEGIN {
		printf "peak memory, 364-day run at 60 s, %2d GPUs: %.1f MiB, %.1fx the tiny log'"'"'s, %.0fx /bin/true'"'"'s   (issue 10: 79.5 MiB before, goal <= 16 MiB)\n",
		       g, kib / 1024, kib / tiny, kib / tr }'
	rm -f "$y"
done
