#!/bin/sh
# run.sh GEN_RUN_LOG ETEST WORKDIR - the cost of --pdf: a week-long log at 1 s with 8 GPUs
# (604,801 samples), replayed by `etest --model all --intensity 50` with and without --pdf
# (each 3 times, the fastest kept); prints the PDF's size, CPU time (user + system) and
# peak RSS of both, and their ratios.
set -eu
gen=$1 etest=$2 dir=$3
mkdir -p "$dir"
export ETEST_CACHE=/nonexistent/cache.sqlite
log=$dir/week-8gpu.log
[ -s "$log" ] || "$gen" "$log" --gpus 8 --seconds 604800 --interval-ms 1000
cat "$log" >/dev/null   # warm the page cache
best() {   # best "label" args...: the fastest of 3 runs: "cpu_s rss_kib"
	label=$1; shift
	for i in 1 2 3; do
		/usr/bin/time -f "%U %S %M" -o "$dir/time-$label-$i" "$etest" --model all --intensity 50 -q "$@" "$log" >/dev/null
	done
	cat "$dir"/time-"$label"-* | awk 'NR == 1 || $1 + $2 < best { best = $1 + $2; rss = $3 } END { print best, rss }'
}
set -- $(best replay); replay_cpu=$1 replay_rss=$2
set -- $(best pdf --pdf "$dir/week.pdf"); pdf_cpu=$1 pdf_rss=$2
size=$(wc -c <"$dir/week.pdf")
awk -v lb="$(wc -c <"$log")" -v rc="$replay_cpu" -v rr="$replay_rss" -v pc="$pdf_cpu" -v pr="$pdf_rss" -v sz="$size" 'BEGIN {
	printf "log %.0f MB (a week at 1 s, 8 GPUs)\n", lb / 1e6;
	printf "replay alone:  CPU %.2f s, peak RSS %.1f MiB\n", rc, rr / 1024;
	printf "with --pdf:    CPU %.2f s, peak RSS %.1f MiB, PDF %.0f kB\n", pc, pr / 1024, sz / 1000;
	printf "ratios: CPU %.3fx (+%.2f s), peak RSS %.3fx (+%.1f MiB); PDF %.2f MB (goal < 1 MB)\n",
	       pc / rc, pc - rc, pr / rr, (pr - rr) / 1024, sz / 1e6 }'
rm -f "$log"
