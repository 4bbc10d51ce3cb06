#!/bin/sh
# run.sh - etrec's CPU cost per sample against two baselines measured in the same run:
# the floor (floor.c: the same /proc reads and nothing else) and a psutil loop.
# usage: bench/recorder/run.sh BUILD_DIR [SAMPLES] [EXTRA_PROCESSES]
set -eu
build=${1:?usage: run.sh BUILD_DIR [SAMPLES] [EXTRA_PROCESSES]}
samples=${2:-100}
extra=${3:-200}
here=$(cd "$(dirname "$0")" && pwd)
etrec=$build/recorder/etrec
floor=$build/bench/bench_recorder_floor
interval=0.1
for f in "$etrec" "$floor"; do
	[ -x "$f" ] || { echo "run.sh: $f missing: build the project first" >&2; exit 1; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/etrec-bench.XXXXXX")
pids=
cleanup() { [ -z "$pids" ] || kill $pids 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM

# A busier process table, as on a shared server: idle processes of the same user.
i=0
while [ $i -lt "$extra" ]; do
	sleep 600 &
	pids="$pids $!"
	i=$((i + 1))
done
nproc_user=$(ps -U "$(id -u)" -o pid= | wc -l)

duration=$(awk -v n="$samples" -v i="$interval" 'BEGIN { printf "%.1f", n * i }')
"$etrec" -q --gpu none -o "$work/bench.log" -i "$interval" sleep "$duration"
etrec_s=$(awk -F, '
	$1 == "S" { n++ }
	$1 == "X" { cpu = $10 + $11; rss = $12 }
	END { printf "%.9f %d %d\n", cpu / n, n, rss }' "$work/bench.log")
set -- $etrec_s
etrec_per=$1 etrec_n=$2 etrec_rss=$3

set -- $("$floor" "$samples" "$interval")
floor_per=$1

if /usr/bin/python3 -c "import psutil" 2>/dev/null; then
	set -- $(/usr/bin/python3 "$here/psutil_loop.py" "$samples" "$interval")
	psutil_per=$1
else
	psutil_per=
fi

awk -v e="$etrec_per" -v en="$etrec_n" -v f="$floor_per" -v p="$psutil_per" \
    -v np="$nproc_user" -v rss="$etrec_rss" 'BEGIN {
	printf "processes of this user: %d, samples: %d every 0.1 s\n", np, en
	printf "etrec          %8.1f us CPU per sample (max RSS %d KiB)\n", e * 1e6, rss
	printf "floor (C loop) %8.1f us CPU per sample\n", f * 1e6
	if (p != "") printf "psutil loop    %8.1f us CPU per sample\n", p * 1e6
	printf "etrec / floor:  %.2fx (aim: <= 1.5x)\n", e / f
	if (p != "") printf "psutil / etrec: %.1fx (aim: >= 5x)\n", p / e
	else print "psutil / etrec: n/a (python3-psutil missing)"
}'
