#!/bin/sh
# pg-big.sh ETEST SRC WORKDIR [BASE [COPIES]] - a month's report over a big store, PostgreSQL
# against SQLite on the same data, in CPU time (user + sys; the server's too for PostgreSQL).
# Both stores get the same BASE generated one-hour logs of October 2022 (one serial
# `etest db add` each), then are multiplied in SQL the same way: COPIES copies inside the
# month (identity and pid shifted, start moved by up to +-12 h in whole quarter-hours), then
# the whole month copied into the 11 following 32-day periods, so 2022-10 holds 1/12 of
# BASE * COPIES * 12 runs. Then 3 interleaved `etest report --month 2022-10` on each, the
# CSVs compared, and where the time goes: pg_stat_statements for the server, perf for etest.
set -eu
etest=$1 SRC=$2 dir=$3 base=${4:-2000} copies=${5:-20}
[ "$base" -lt 10000 ] || { echo "pg-big.sh: BASE must be under 10000 (identity offsets)"; exit 1; }
[ "$copies" -lt 100 ] || { echo "pg-big.sh: COPIES must be under 100"; exit 1; }
mkdir -p "$dir"
export ETEST_CACHE=/nonexistent/cache.sqlite
unset ETEST_DB PGHOST PGPORT PGUSER PGDATABASE PGPASSWORD
. "$SRC/tests/store/pg_cluster.sh"
logs=$dir/logs
sq=$dir/big.sqlite
PGDIR=$(mktemp -d /tmp/et-pgbig.XXXXXX)
cleanup() {
	pg_cluster_stop "$PGDIR"
	rm -rf "$PGDIR" "$logs" "$sq" "$sq-wal" "$sq-shm" "$dir/perf.data"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
rm -rf "$logs" "$sq" "$sq-wal" "$sq-shm"
python3 "$SRC/tests/store/gen_lab.py" --many "$base" "$logs"

PORT=$(pg_free_port)
pg_cluster_start "$PGDIR" "$PORT"
psqlq() { psql -X -q -v ON_ERROR_STOP=1 -h "$PGDIR" -p "$PORT" -U postgres "$@"; }
# pg_stat_statements needs the library preloaded: restart once with it (same options).
psqlq -c "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'"
psqlq -c "ALTER SYSTEM SET max_wal_size = '256MB'"   # the disk: WAL recycled sooner
pg_as_owner "$PGBIN/pg_ctl" -D "$PGDIR/data" -w -t 60 restart >"$PGDIR/restart.log" 2>&1 ||
	{ cat "$PGDIR/restart.log" "$PGDIR/server.log"; exit 1; }
psqlq -c "CREATE DATABASE bench"
psqlq -d bench -c "CREATE EXTENSION pg_stat_statements"
uri="postgresql://postgres@%2F$(echo "$PGDIR" | sed 's|^/||; s|/|%2F|g'):$PORT/bench"

t0=$(date +%s)
"$etest" db add -q --db "$sq" "$logs"
"$etest" db add -q --db "$uri" "$logs"
t1=$(date +%s)
echo "ingest of $base logs into both: $((t1 - t0)) s wall"

# copy_sql TABLE COLUMNS LIMIT: INSERT the rows of runs (id < LIMIT), or of a child table
# (run_id < LIMIT), once per row of table k, identity shifted by k.koff, times by k.kshift.
copy_sql() {
	sel=$(echo "$2" | tr ',' '\n' | sed 's/^ *//; /^$/d' | awk '
		/^(id|pid|run_id)$/ { printf "%s%s + k.koff", s, $0; s = ", "; next }
		/^(start_utc_ms|launch_utc_ms|end_utc_ms|utc_start_ms)$/ { printf "%s%s + k.kshift", s, $0; s = ", "; next }
		{ printf "%st.%s", s, $0; s = ", " }')
	key=run_id
	[ "$1" = runs ] && key=id
	echo "INSERT INTO $1 SELECT $sel FROM $1 t, k WHERE t.$key < $3;"
}
cols_sqlite() { sqlite3 "$sq" "SELECT group_concat(name, ',') FROM pragma_table_info('$1')"; }
cols_pg() {
	psqlq -d bench -At -c "SELECT string_agg(column_name, ',' ORDER BY ordinal_position)
		FROM information_schema.columns WHERE table_name = '$1' AND table_schema = 'public'"
}
# multiply_sql COLS_FN: the whole multiplication, the same statements for both stores.
multiply_sql() {
	echo "BEGIN;"
	echo "CREATE TEMP TABLE k (koff BIGINT, kshift BIGINT);"
	j=1
	while [ "$j" -lt "$copies" ]; do   # inside the month: -12 h .. +11.75 h in quarter-hours
		echo "INSERT INTO k VALUES ($((j * 10000)), $((((j * 37) % 96 - 48) * 900000)));"
		j=$((j + 1))
	done
	for t in runs run_gpus buckets gpu_buckets warnings; do copy_sql "$t" "$($1 "$t")" 10000; done
	echo "DELETE FROM k;"
	for m in 1 2 3 4 5 6 7 8 9 10 11; do
		echo "INSERT INTO k VALUES ($((m * 1000000)), $((m * 32 * 86400000)));"
	done
	for t in runs run_gpus buckets gpu_buckets warnings; do copy_sql "$t" "$($1 "$t")" 1000000; done
	echo "DROP TABLE k;"
	echo "COMMIT;"
	echo "ANALYZE;"
}
t0=$(date +%s)
multiply_sql cols_sqlite | sqlite3 "$sq"
t1=$(date +%s)
multiply_sql cols_pg | psqlq -d bench
psqlq -d bench -c "VACUUM"
t2=$(date +%s)
n_sq=$(sqlite3 "$sq" "SELECT count(*) FROM runs")
n_pg=$(psqlq -d bench -At -c "SELECT count(*) FROM runs")
in_month="SELECT count(DISTINCT run_id) FROM buckets WHERE utc_start_ms >= 1664575200000 AND utc_start_ms < 1667257200000"
m_sq=$(sqlite3 "$sq" "$in_month")
m_pg=$(psqlq -d bench -At -c "$in_month")
echo "multiplied: SQLite $n_sq runs ($m_sq in 2022-10) in $((t1 - t0)) s wall," \
     "PostgreSQL $n_pg runs ($m_pg in 2022-10) in $((t2 - t1)) s wall"
echo "sizes: SQLite $(du -sh "$sq" | cut -f1), PostgreSQL $(psqlq -d bench -At -c "SELECT pg_size_pretty(pg_database_size('bench'))")"
[ "$n_sq" = "$n_pg" ] && [ "$m_sq" = "$m_pg" ] || { echo "the two stores differ"; exit 1; }

server_cpu() {   # CPU seconds of the postmaster and its children so far
	pid=$(pg_cluster_pid "$PGDIR")
	tck=$(getconf CLK_TCK)
	for p in $pid $(ps -o pid= --ppid "$pid"); do
		awk '{ print $14 + $15 + $16 + $17 }' "/proc/$p/stat" 2>/dev/null || true
	done | awk -v t="$tck" '{ s += $1 } END { printf "%.2f", s / t }'
}
report() {   # report DB OUT
	/usr/bin/time -f "%U %S %e %M" -o "$2.t" "$etest" report -q --db "$1" --month 2022-10 --format csv >"$2.csv"
}
psqlq -d bench -c "SELECT pg_stat_statements_reset()" >/dev/null
for i in 1 2 3; do
	report "$sq" "$dir/sq-$i"
	s0=$(server_cpu)
	report "$uri" "$dir/pg-$i"
	sleep 1
	s1=$(server_cpu)
	awk -v a="$s0" -v b="$s1" 'BEGIN { printf "%.2f", b - a }' >"$dir/pg-$i.server"
done
echo "report --month 2022-10 --format csv over $n_sq stored runs ($m_sq in the month), 3 interleaved runs:"
for i in 1 2 3; do
	echo "  run $i: SQLite $(awk '{ printf "%.2f s CPU (%.2f s wall, %d MiB max RSS)", $1 + $2, $3, $4 / 1024 }' "$dir/sq-$i.t");" \
	     "PostgreSQL $(awk '{ printf "%.2f s CPU in etest (%.2f s wall, %d MiB max RSS)", $1 + $2, $3, $4 / 1024 }' "$dir/pg-$i.t")" \
	     "+ $(cat "$dir/pg-$i.server") s CPU in the server"
done
for i in 1 2 3; do
	cmp "$dir/sq-1.csv" "$dir/sq-$i.csv" && cmp "$dir/sq-1.csv" "$dir/pg-$i.csv" || { echo "the CSVs differ"; exit 1; }
done
echo "the month's CSV is byte-identical from both stores (3 runs each, $(wc -l <"$dir/sq-1.csv") lines)"

echo "where the server's time goes (pg_stat_statements, 3 reports, top 4 by total time):"
psqlq -d bench -At -F ' | ' -c "SELECT round(total_exec_time::numeric / 1000, 2) || ' s', calls || ' calls',
	left(regexp_replace(query, '\s+', ' ', 'g'), 110) FROM pg_stat_statements
	WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'bench')
	ORDER BY total_exec_time DESC LIMIT 4"
runs_in="SELECT * FROM runs WHERE id IN (SELECT run_id FROM buckets WHERE utc_start_ms >= 1664575200000
	AND utc_start_ms < 1667257200000) ORDER BY start_utc_ms, start_mono_ms, pid, host"
echo "the report's run query on PostgreSQL (EXPLAIN ANALYZE; etest reads it through a cursor):"
psqlq -d bench -At -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) $runs_in COLLATE \"C\"" | sed 's/^/  /'
echo "the same on SQLite (EXPLAIN QUERY PLAN):"
sqlite3 "$sq" "EXPLAIN QUERY PLAN $runs_in" | sed 's/^/  /'
if perf record -q -g -o "$dir/perf.data" "$etest" report -q --db "$sq" --month 2022-10 --format csv \
	>/dev/null 2>"$dir/perf.err"; then
	echo "where etest's time goes on SQLite (perf, self time, top 12):"
	perf report -i "$dir/perf.data" --no-children --sort symbol --stdio 2>/dev/null |
		grep -E '^ +[0-9.]+%' | head -n 12
	echo "the same by shared object:"
	perf report -i "$dir/perf.data" --no-children --sort dso --stdio 2>/dev/null |
		grep -E '^ +[0-9.]+%' | head -n 5
else
	echo "(perf record failed: $(head -n 1 "$dir/perf.err"))"
fi
