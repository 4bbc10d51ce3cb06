#!/bin/sh
# run.sh GEN_LOG ETEST WORKDIR - replay throughput: generate 100 MB and 1 GB logs, time
# `etest --model all --intensity 50` on each against `wc -l`, print the ratio and the
# peak RSS of etest (memory must stay flat as the log grows).
set -eu
gen=$1 etest=$2 dir=$3
mkdir -p "$dir"
export ETEST_CACHE=/nonexistent/cache.sqlite
now() { date +%s.%N; }
for mb in 100 1000; do
	log=$dir/replay-$mb.log
	[ -s "$log" ] || "$gen" "$log" "$mb"
	cat "$log" >/dev/null   # warm the page cache for both
	t0=$(now); lines=$(wc -l <"$log"); t1=$(now)
	/usr/bin/time -f "%M" -o "$dir/rss-$mb" "$etest" --model all --intensity 50 -q --format csv "$log" >"$dir/out-$mb.csv"
	t2=$(now)
	awk -v mb="$mb" -v l="$lines" -v a="$t0" -v b="$t1" -v c="$t2" -v rss="$(cat "$dir/rss-$mb")" 'BEGIN {
		wc = b - a; et = c - b;
		printf "%5d MB, %d lines: wc -l %.2f s, etest %.2f s (%.0f MB/s), ratio %.1fx, etest peak RSS %.1f MiB\n",
		       mb, l, wc, et, mb / et, et / wc, rss / 1024 }'
done
rm -f "$dir"/replay-*.log
