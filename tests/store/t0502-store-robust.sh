#!/bin/sh
# t0502-store-robust.sh - the store under two ingests at once, a report during an ingest,
# kill -9 mid-ingest, and databases it must refuse (read-only, newer schema, not a
# database, another program's SQLite file) without changing them.
# Needs ETEST (the binary) and SRC (the source tree).
. "$(dirname "$0")/../shell/lib.sh"
export ETEST_CACHE=/nonexistent/cache.sqlite
unset ETEST_DB
GEN="python3 $SRC/tests/store/gen_lab.py"

$GEN --many 240 many || exit 1

# sqlite3 waiting, as etest does, while an add holds the store.
sq() { sqlite3 -cmd ".timeout 30000" "$@"; }

# Every run has its buckets and GPU rows, every source names a stored run, no identity twice.
consistent() {
	test "$(sq "$1" "PRAGMA integrity_check")" = ok &&
	test "$(sq "$1" "SELECT count(*) FROM runs WHERE id NOT IN (SELECT run_id FROM buckets)")" -eq 0 &&
	test "$(sq "$1" "SELECT count(*) FROM runs r WHERE n_gpus != (SELECT count(*) FROM run_gpus g WHERE g.run_id = r.id)")" -eq 0 &&
	test "$(sq "$1" "SELECT count(*) FROM sources WHERE run_id NOT IN (SELECT id FROM runs)")" -eq 0 &&
	test "$(sq "$1" "SELECT count(*) FROM buckets WHERE run_id NOT IN (SELECT id FROM runs)")" -eq 0 &&
	test "$(sq "$1" "SELECT count(*) - count(DISTINCT host || '/' || pid || '/' || start_utc_ms) FROM runs")" -eq 0
}

test_expect_success 'a serial ingest, for reference' '
	"$ETEST" db add --db ref.sqlite many >out &&
	grep -qx "etest db add: 240 added, 0 replaced, 0 unchanged, 0 failed (ref.sqlite: 240 runs)" out &&
	consistent ref.sqlite
'
test_expect_success 'two ingests at once on overlapping trees store each run once' '
	"$ETEST" db add --db two.sqlite many/d0* many/d1* many/d2* many/d3* many/d4* many/d5* >a.out 2>a.err &
	pa=$!
	"$ETEST" db add --db two.sqlite many/d3* many/d4* many/d5* many/d6* many/d7* many/d8* many/d9* >b.out 2>b.err &
	pb=$!
	ra=0; wait $pa || ra=$?
	rb=0; wait $pb || rb=$?
	cat a.err b.err
	test $ra -eq 0 && test $rb -eq 0 &&
	test "$(sqlite3 two.sqlite "SELECT count(*) FROM runs")" -eq 240 &&
	consistent two.sqlite &&
	q="SELECT r.host, r.pid, b.utc_start_ms, b.job_cpu_s, b.sys_busy_s FROM buckets b JOIN runs r ON r.id = b.run_id ORDER BY 1, 2, 3" &&
	sqlite3 ref.sqlite "$q" >ref.rows && sqlite3 two.sqlite "$q" >two.rows && test_cmp ref.rows two.rows &&
	q="SELECT r.host, r.pid, g.utc_start_ms, g.slot, g.whole_j FROM gpu_buckets g JOIN runs r ON r.id = g.run_id ORDER BY 1, 2, 3, 4" &&
	sqlite3 ref.sqlite "$q" >ref.rows && sqlite3 two.sqlite "$q" >two.rows && test_cmp ref.rows two.rows
'
test_expect_success 'two adds creating the same new store at once (5 times)' '
	for i in 1 2 3 4 5; do
		"$ETEST" db add --db new$i.sqlite many/d0* >a.out 2>&1 & pa=$!
		"$ETEST" db add --db new$i.sqlite many/d0* many/d1* >b.out 2>&1 & pb=$!
		ra=0; wait $pa || ra=$?
		rb=0; wait $pb || rb=$?
		test $ra -eq 0 && test $rb -eq 0 || { cat a.out b.out; exit 1; }
		test "$(sqlite3 new$i.sqlite "SELECT count(*) FROM runs")" -eq 60 || exit 1
		consistent new$i.sqlite || exit 1
	done
'
test_expect_success 'reports and readers during an ingest see whole runs only' '
	"$ETEST" db add --db live.sqlite many >live.out 2>&1 &
	pid=$!
	n=0 seen=0
	while kill -0 $pid 2>/dev/null && [ $n -lt 300 ]; do
		n=$((n + 1))
		if "$ETEST" report --db live.sqlite --month 2022-10 --intensity 50 --format csv >live.csv 2>live.err; then
			seen=$((seen + 1))
			consistent live.sqlite || { echo "inconsistent while ingesting"; exit 1; }
		else
			grep -qi "empty database, not an etest store yet\|no such file" live.err || { cat live.err; exit 1; }
		fi
	done
	wait $pid && echo "$seen reports during the ingest" &&
	consistent live.sqlite
'
test_expect_success 'kill -9 mid-ingest leaves a consistent store; a rerun completes it' '
	"$ETEST" db add --db killed.sqlite many >k.out 2>&1 &
	pid=$!
	i=0
	while [ $i -lt 600 ]; do
		c=$(sqlite3 killed.sqlite "SELECT count(*) FROM runs" 2>/dev/null || echo 0)
		[ "${c:-0}" -ge 20 ] && break
		sleep 0.05; i=$((i + 1))
	done
	kill -9 $pid; wait $pid 2>/dev/null || true   # 137: killed, as intended
	stored=$(sqlite3 killed.sqlite "SELECT count(*) FROM runs")
	echo "killed after $stored runs"
	consistent killed.sqlite &&
	"$ETEST" db add --db killed.sqlite many >out &&
	grep -qx "etest db add: $((240 - stored)) added, 0 replaced, $stored unchanged, 0 failed (killed.sqlite: 240 runs)" out &&
	consistent killed.sqlite &&
	q="SELECT r.host, r.pid, b.utc_start_ms, b.job_cpu_s FROM buckets b JOIN runs r ON r.id = b.run_id ORDER BY 1, 2, 3" &&
	sqlite3 ref.sqlite "$q" >ref.rows && sqlite3 killed.sqlite "$q" >k.rows && test_cmp ref.rows k.rows
'

# refused DB MESSAGE [readable]: db add (and report, unless readable) exit 1 with MESSAGE
# and leave DB as it was.
refused() {
	sum=$(md5sum <"$1")
	rc=0; "$ETEST" db add --db "$1" many/d00 >out 2>err || rc=$?
	test $rc -eq 1 || { echo "db add: exit $rc"; return 1; }
	grep -q "^etest: $1: $2" err || { cat err; return 1; }
	rc=0; "$ETEST" report --db "$1" --month 2022-10 >out 2>err || rc=$?
	test $rc -eq $([ $# -ge 3 ] && echo 0 || echo 1) || { echo "report: exit $rc"; return 1; }
	test "$(md5sum <"$1")" = "$sum" || { echo "$1 changed"; return 1; }
}

test_expect_success 'a read-only store: clear message, exit 1, unchanged' '
	cp ref.sqlite ro.sqlite && chmod 0444 ro.sqlite &&
	refused ro.sqlite "the database is read-only" readable
'
test_expect_success 'a store of a newer schema version: refused, unchanged' '
	cp ref.sqlite new.sqlite && sqlite3 new.sqlite "PRAGMA user_version = 99" &&
	refused new.sqlite "written by a newer etest (store schema version 99; this etest knows up to 4)"
'
# What schema version 3 added (SLURM accounting), taken away again: an older store.
# What later migrations added, taken away again (the store an older etest wrote).
REWIND="python3 $SRC/tests/store/rewind_schema.py $SRC"
test_expect_success 'a store of schema version 1 (no views): report asks for an add, which migrates it' '
	cp ref.sqlite v1.sqlite &&
	$REWIND 1 sqlite | sqlite3 v1.sqlite || exit 1
	rc=0; "$ETEST" report --db v1.sqlite --month 2022-10 >out 2>err || rc=$?
	test $rc -eq 1 &&
	grep -qx "etest: v1.sqlite: store schema version 1 is older than this etest.s (4): run .etest db add. once to migrate it" err &&
	"$ETEST" db add --db v1.sqlite many/d00 >out &&
	grep -qx "etest db add: 0 added, 0 replaced, 3 unchanged, 0 failed (v1.sqlite: 240 runs)" out &&
	test "$(sqlite3 v1.sqlite "PRAGMA user_version")" -eq 4 &&
	test "$(sqlite3 v1.sqlite "SELECT count(*) FROM runs_public")" -eq 240 &&
	"$ETEST" report --db v1.sqlite --month 2022-10 --format csv >v1.csv &&
	"$ETEST" report --db ref.sqlite --month 2022-10 --format csv >ref.csv && test_cmp ref.csv v1.csv
'
# A log of format 1.2 (RAPL zones, per-process GPU shares): tests/models/golden/rapl_pmon,
# 4 x 10 s. By hand (its expected.md): eit, job scope = CPU 1650 J + DRAM 100 J + GPU
# 1125 J = 2875 J = 0.798611 Wh, x PUE 1.67 = 1.333681 Wh; ga --gpu-share util: GPU
# 675 J = 0.1875 Wh before PUE.
test_expect_success 'a store of schema version 3 migrated to 4: older runs read no RAPL, a 1.2 log keeps it' '
	cp ref.sqlite v3.sqlite && $REWIND 3 sqlite | sqlite3 v3.sqlite &&
	test "$(sqlite3 v3.sqlite "PRAGMA user_version")" -eq 3 &&
	cp "$SRC/tests/models/golden/rapl_pmon/input.log" rapl.log &&
	"$ETEST" db add --db v3.sqlite rapl.log >out &&
	test "$(sqlite3 v3.sqlite "PRAGMA user_version")" -eq 4 &&
	test "$(sqlite3 v3.sqlite "SELECT count(*) FROM runs WHERE rapl_zones IS NULL AND total_rapl_pkg_j = 0")" -eq 240 &&
	test "$(sqlite3 v3.sqlite "SELECT rapl_zones, gpu_process_source FROM runs WHERE rapl_zones IS NOT NULL")" = "4|nvidia-smi pmon" &&
	"$ETEST" report --db v3.sqlite --month 2022-10 --format csv >v3.csv &&
	"$ETEST" report --db ref.sqlite --month 2022-10 --format csv >ref.csv && test_cmp ref.csv v3.csv &&
	"$ETEST" report --db v3.sqlite --month 2023-11 --model eit,ga --gpu-share util --intensity 50 --format csv >r.csv &&
	grep -q "^\"user\",\"alice\",\"eit\",1,0,.*,1.33368055[0-9]*,0.066684027[0-9]*,50,1.67," r.csv &&
	"$ETEST" --model ga --gpu-share util --intensity 50 --format csv rapl.log >d.csv &&
	grep -q ",\"ga\",[0-9.]*,0.1875,[0-9.]*,1.67," d.csv
'
# tests/store/zero-duration.log: a real etrec log of `true` whose records were all put at
# the launch's millisecond (a run of no duration: no interval, so no quarter-hour).
test_expect_success 'a run of no duration is stored with an empty quarter-hour and counted in its month' '
	"$ETEST" db add --db zero.sqlite "$SRC/tests/store/zero-duration.log" >out &&
	test "$(sqlite3 zero.sqlite "SELECT count(*), sum(duration_s) FROM buckets")" = "1|0.0" &&
	"$ETEST" report --db zero.sqlite --month 2026-11 --model ga --intensity 50 --format csv >z.csv &&
	grep -q "^\"user\",\"root\",\"ga\",1,0,0,0,0,0,0," z.csv
'
test_expect_success 'a file that is not a database: refused, unchanged' '
	printf "%s\n" "not a database, but a text file of some length" >text.sqlite &&
	refused text.sqlite "not an etest store"
'
test_expect_success 'another program s SQLite database: refused, unchanged' '
	sqlite3 other.sqlite "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)" &&
	refused other.sqlite "an SQLite database but not an etest store"
'
test_expect_success 'a missing store for report: exit 1, nothing created' '
	rc=0; "$ETEST" report --db missing.sqlite --month 2022-10 >out 2>err || rc=$?
	test $rc -eq 1 && grep -q "^etest: missing.sqlite: " err && ! test -e missing.sqlite
'
test_expect_success 'a store through a symbolic link is refused; a dangling one creates nothing' '
	ln -s nowhere/x.sqlite link.sqlite || exit 1
	rc=0; "$ETEST" db add --db link.sqlite many/d00 >out 2>err || rc=$?
	test $rc -eq 1 && ! test -e nowhere &&
	grep -q "^etest: link.sqlite: a symbolic link: give the database file itself$" err &&
	ln -s ref.sqlite ref-link.sqlite || exit 1
	rc=0; "$ETEST" report --db ref-link.sqlite --month 2022-10 >out 2>err || rc=$?
	test $rc -eq 1 && grep -q "a symbolic link" err
'
test_done
