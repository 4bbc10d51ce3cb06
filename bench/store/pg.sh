#!/bin/sh
# pg.sh ETEST SRC WORKDIR [N] - the run store on PostgreSQL against SQLite on the same
# data, in CPU time (user + sys): `etest db add` of N generated one-hour logs by 4
# processes at once (a quarter of the tree each), then `etest report --month 2022-10`.
# PostgreSQL's CPU is the clients' plus the server's (its backends, reaped into the
# postmaster's children time). Starts and stops its own server (tests/store/pg_cluster.sh).
set -eu
etest=$1 SRC=$2 dir=$3 n=${4:-2000}
mkdir -p "$dir"
export ETEST_CACHE=/nonexistent/cache.sqlite
unset ETEST_DB PGHOST PGPORT PGUSER PGDATABASE PGPASSWORD
. "$SRC/tests/store/pg_cluster.sh"
logs=$dir/logs
if [ ! -s "$dir/logs.done-$n" ]; then
	rm -rf "$logs"
	python3 "$SRC/tests/store/gen_lab.py" --many "$n" "$logs"
	echo "$n" >"$dir/logs.done-$n"
fi
cat $(find "$logs" -name '*.log') >/dev/null   # warm the page cache for both

PGDIR=$(mktemp -d /tmp/et-pgbench.XXXXXX)
trap 'pg_cluster_stop "$PGDIR"; rm -rf "$PGDIR"' EXIT
trap 'exit 1' INT TERM HUP
PORT=$(pg_free_port)
pg_cluster_start "$PGDIR" "$PORT"
# fsync stays off, as in the tests: the figures are CPU, not the disk's latency.
psql -X -q -h "$PGDIR" -p "$PORT" -U postgres -c "CREATE DATABASE bench"
uri="postgresql://postgres@%2F$(echo "$PGDIR" | sed 's|^/||; s|/|%2F|g'):$PORT/bench"

# CPU seconds (user + sys) of the postmaster and every process of the server so far.
server_cpu() {
	pid=$(pg_cluster_pid "$PGDIR")
	tck=$(getconf CLK_TCK)
	for p in $pid $(ps -o pid= --ppid "$pid"); do
		awk '{ print $14 + $15 + $16 + $17 }' "/proc/$p/stat" 2>/dev/null || true
	done | awk -v t="$tck" '{ s += $1 } END { printf "%.2f", s / t }'
}
# four_adds DB OUT: 4 db add at once, one quarter of d00..d99 each; OUT gets their CPU and
# OUT.wall the wall time.
four_adds() {
	db=$1 out=$2
	t0=$(date +%s.%N)
	for q in 0 1 2 3; do
		set --
		for i in $(seq $((q * 25)) $((q * 25 + 24))); do set -- "$@" "$logs/d$(printf %02d "$i")"; done
		/usr/bin/time -f "%U %S" -o "$out.$q.t" "$etest" db add -q --db "$db" "$@" >"$out.$q.out" 2>&1 &
	done
	wait
	t1=$(date +%s.%N)
	cat "$out".[0-3].t | awk '{ s += $1 + $2 } END { printf "%.2f", s }' >"$out"
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }' >"$out.wall"
}
report() {   # report DB OUT
	/usr/bin/time -f "%U %S" -o "$2.t" "$etest" report -q --db "$1" --month 2022-10 --format csv >"$2.csv"
	awk '{ printf "%.2f", $1 + $2 }' "$2.t" >"$2"
}

rm -f "$dir/bench.sqlite" "$dir/bench.sqlite-wal" "$dir/bench.sqlite-shm"
four_adds "$dir/bench.sqlite" "$dir/sq-add"
report "$dir/bench.sqlite" "$dir/sq-rep"

s0=$(server_cpu)
four_adds "$uri" "$dir/pg-add"
sleep 1
s1=$(server_cpu)
report "$uri" "$dir/pg-rep"
sleep 1
s2=$(server_cpu)

echo "db add of $n logs, 4 processes at once:"
echo "  SQLite:     $(cat "$dir/sq-add") s CPU, $(cat "$dir/sq-add.wall") s wall"
echo "  PostgreSQL: $(cat "$dir/pg-add") s CPU in etest + $(awk -v a="$s0" -v b="$s1" 'BEGIN { printf "%.2f", b - a }') s CPU in the server, $(cat "$dir/pg-add.wall") s wall"
echo "report --month 2022-10 ($n runs):"
echo "  SQLite:     $(cat "$dir/sq-rep") s CPU"
echo "  PostgreSQL: $(cat "$dir/pg-rep") s CPU in etest + $(awk -v a="$s1" -v b="$s2" 'BEGIN { printf "%.2f", b - a }') s CPU in the server"
cmp "$dir/sq-rep.csv" "$dir/pg-rep.csv" && echo "the month's CSV is byte-identical from both stores"
