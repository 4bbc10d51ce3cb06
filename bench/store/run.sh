#!/bin/sh
# run.sh ETEST SRC WORKDIR [N] - the run store's costs, in CPU time (user + sys) against a
# baseline measured in the same run:
#  1. `etest db add` of N generated one-hour logs at 10 s (0-4 GPUs, over October 2022)
#     against `etest --format csv` over the same logs (the replay alone);
#  2. a second `db add` over the unchanged tree, against the first;
#  3. `etest report --month 2022-10` on that store, then on a store of 10 x N runs (the
#     same runs copied into 9 other months): the report's cost must follow the runs of
#     the month, not the store's size.
set -eu
etest=$1 src=$2 dir=$3 n=${4:-10000}
mkdir -p "$dir"
export ETEST_CACHE=/nonexistent/cache.sqlite
logs=$dir/logs
if [ ! -s "$dir/logs.done-$n" ]; then
	rm -rf "$logs"
	python3 "$src/tests/store/gen_lab.py" --many "$n" "$logs"
	echo "$n" >"$dir/logs.done-$n"
fi
cpu() {   # cpu OUTFILE CMD...: run CMD, write its user + sys CPU seconds to OUTFILE
	out=$1; shift
	/usr/bin/time -f "%U %S" -o "$out.t" "$@" >"$out.stdout" 2>"$out.stderr" || true
	awk '{ print $1 + $2 }' "$out.t" >"$out"
}
ratio() { awk -v a="$(cat "$1")" -v b="$(cat "$2")" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }'; }

cat $(find "$logs" -name '*.log') >/dev/null   # warm the page cache for both
find "$logs" -name '*.log' | sort >"$dir/list"
cpu "$dir/replay" sh -c "xargs '$etest' --model ga --intensity 50 -q --format csv <'$dir/list'"
rm -f "$dir/store.sqlite" "$dir/store.sqlite-wal" "$dir/store.sqlite-shm"
cpu "$dir/add1" "$etest" db add -q --db "$dir/store.sqlite" "$logs"
cpu "$dir/add2" "$etest" db add -q --db "$dir/store.sqlite" "$logs"
echo "db add of $n logs: $(cat "$dir/add1") s CPU; etest --format csv over them: $(cat "$dir/replay") s CPU;" \
     "ratio $(ratio "$dir/add1" "$dir/replay") (goal <= 1.5)"
echo "second db add, unchanged tree: $(cat "$dir/add2") s CPU, $(awk -v a="$(cat "$dir/add2")" -v b="$(cat "$dir/add1")" \
     'BEGIN { printf "%.2f", 100 * a / b }') % of the first (goal < 2 %)"
tail -1 "$dir/add1.stdout"

# A store ten times larger: the runs copied into 9 later 32-day slices (new ids, pids, times).
big=$dir/big.sqlite
rm -f "$big" "$big-wal" "$big-shm"
cp "$dir/store.sqlite" "$big"
# The copies, one slice at a time, through SELECT * (no column listed by hand).
for k in 1 2 3 4 5 6 7 8 9; do
	off=$((k * 100000000)) shift=$((k * 32 * 86400000))
	sqlite3 "$big" <<SQL
BEGIN;
CREATE TEMP TABLE r AS SELECT * FROM runs WHERE id < 100000000;
UPDATE r SET id = id + $off, pid = pid + $off, start_utc_ms = start_utc_ms + $shift,
             launch_utc_ms = launch_utc_ms + $shift, end_utc_ms = end_utc_ms + $shift;
INSERT INTO runs SELECT * FROM r;
CREATE TEMP TABLE g AS SELECT * FROM run_gpus WHERE run_id < 100000000;
UPDATE g SET run_id = run_id + $off;
INSERT INTO run_gpus SELECT * FROM g;
CREATE TEMP TABLE b AS SELECT * FROM buckets WHERE run_id < 100000000;
UPDATE b SET run_id = run_id + $off, utc_start_ms = utc_start_ms + $shift;
INSERT INTO buckets SELECT * FROM b;
CREATE TEMP TABLE gb AS SELECT * FROM gpu_buckets WHERE run_id < 100000000;
UPDATE gb SET run_id = run_id + $off, utc_start_ms = utc_start_ms + $shift;
INSERT INTO gpu_buckets SELECT * FROM gb;
COMMIT;
SQL
done
cpu "$dir/rep-small" "$etest" report -q --db "$dir/store.sqlite" --month 2022-10 --format csv
t0=$(date +%s.%N)
cpu "$dir/rep-big" "$etest" report -q --db "$big" --month 2022-10 --format csv
t1=$(date +%s.%N)
cpu "$dir/rep-all" "$etest" report -q --db "$big" --from 2022-10-01 --to 2023-07-31 --intensity 50 --format csv
echo "report --month 2022-10: $(cat "$dir/rep-small") s CPU on $(sqlite3 "$dir/store.sqlite" 'SELECT count(*) FROM runs') runs," \
     "$(cat "$dir/rep-big") s CPU ($(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') s wall, goal < 2 s)" \
     "on $(sqlite3 "$big" 'SELECT count(*) FROM runs') runs; ratio $(ratio "$dir/rep-big" "$dir/rep-small") (goal ~1)"
echo "report over all $(sqlite3 "$big" 'SELECT count(*) FROM runs') runs (10 months): $(cat "$dir/rep-all") s CPU"
cmp "$dir/rep-small.stdout" "$dir/rep-big.stdout" >/dev/null && echo "the month's CSV is the same from both stores"
