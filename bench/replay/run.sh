#!/bin/sh
# run.sh GEN_LOG ETEST CSV_FLOOR WORKDIR - replay throughput: generate 100 MB and 1 GB logs,
# time `etest --model all --intensity 50` on each against two baselines on the same file:
# `wc -l` (reading the bytes) and csv_floor (libcsv over the records, callbacks that only
# count: the least a libcsv reader can cost). Prints the ratios and etest's peak RSS
# (memory must stay flat as the log grows).
set -eu
gen=$1 etest=$2 floor=$3 dir=$4
mkdir -p "$dir"
export ETEST_CACHE=/nonexistent/cache.sqlite
now() { date +%s.%N; }
for mb in 100 1000; do
	log=$dir/replay-$mb.log
	[ -s "$log" ] || "$gen" "$log" "$mb"
	cat "$log" >/dev/null   # warm the page cache for all three
	t0=$(now); lines=$(wc -l <"$log"); t1=$(now)
	"$floor" "$log" >/dev/null; t2=$(now)
	/usr/bin/time -f "%M" -o "$dir/rss-$mb" "$etest" --model all --intensity 50 -q --format csv "$log" >"$dir/out-$mb.csv"
	t3=$(now)
	awk -v mb="$mb" -v l="$lines" -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v rss="$(cat "$dir/rss-$mb")" 'BEGIN {
		wc = b - a; fl = c - b; et = d - c;
		printf "%5d MB, %d lines: wc -l %.2f s, libcsv floor %.2f s, etest %.2f s (%.0f MB/s), peak RSS %.1f MiB\n",
		       mb, l, wc, fl, et, mb / et, rss / 1024;
		printf "        etest / wc -l = %.1fx   libcsv floor / wc -l = %.1fx   etest / libcsv floor = %.1fx\n",
		       et / wc, fl / wc, et / fl }'
done
rm -f "$dir"/replay-*.log
