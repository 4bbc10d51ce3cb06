#!/bin/sh
# t0503-store-postgresql.sh - the run store on a real PostgreSQL, started here (initdb,
# pg_ctl on a Unix socket in a temporary folder and 127.0.0.1 on a free port, stopped by
# pid whatever happens): the SQLite store's tests where they apply, reports byte-identical
# to SQLite's, the roles, the views and the Grafana dashboard's queries, passwords.
# Needs ETEST (the binary) and SRC (the source tree); runs as root or as a user that may
# run initdb itself.
. "$(dirname "$0")/../shell/lib.sh"
export ETEST_CACHE=/nonexistent/cache.sqlite
unset ETEST_DB PGHOST PGHOSTADDR PGPORT PGDATABASE PGUSER PGPASSWORD PGSERVICE PGSSLMODE PGOPTIONS
GEN="python3 $SRC/tests/store/gen_lab.py"
CHECK="python3 $SRC/tests/store/check_report.py"
. "$SRC/tests/store/pg_cluster.sh"

fail_all() { say "FAIL - PostgreSQL: $*"; say "0 passed, 1 failed"; exit 1; }

command -v psql >/dev/null || fail_all "no psql: install postgresql (scripts/bootstrap.sh)"

# The cluster lives outside TRASH (which only root may enter).
PGDIR=$(mktemp -d /tmp/et-pg.XXXXXX) || exit 1
trap 'pg_cluster_stop "$PGDIR"; rm -rf "$PGDIR" "$TRASH"' EXIT
trap 'exit 1' INT TERM HUP
PORT=$(pg_free_port)
pg_cluster_start "$PGDIR" "$PORT" >"$TRASH/start.log" 2>&1 || { cat "$TRASH/start.log"; fail_all "$(tail -n 1 "$TRASH/start.log")"; }

# Administration through the socket (trust); etest through TCP with passwords.
adm() { psql -X -q -v ON_ERROR_STOP=1 -h "$PGDIR" -p "$PORT" -U postgres "$@"; }
adm -f "$SRC/examples/postgresql/roles.sql" >/dev/null || fail_all "examples/postgresql/roles.sql failed"
adm -c "ALTER ROLE etest PASSWORD 'writer-pw-1234'; ALTER ROLE etest_reader PASSWORD 'reader-pw-5678'" ||
	fail_all "cannot set the passwords"
for db in killed lost newer other empty slurm; do
	adm -c "CREATE DATABASE $db OWNER etest" || fail_all "cannot create database $db"
done
export PGPASSFILE="$TRASH/pgpass"
: >"$PGPASSFILE" && chmod 600 "$PGPASSFILE"
for db in energy killed lost newer other empty slurm; do
	echo "127.0.0.1:$PORT:$db:etest:writer-pw-1234" >>"$PGPASSFILE"
done
echo "127.0.0.1:$PORT:energy:etest_reader:reader-pw-5678" >>"$PGPASSFILE"
U="postgresql://etest@127.0.0.1:$PORT"
W="$U/energy"
R="postgresql://etest_reader@127.0.0.1:$PORT/energy"
# psql as etest (or etest_reader) on database $1: one value per line, fields by '|'.
q() { psql -X -At -v ON_ERROR_STOP=1 "$U/$1" -c "$2"; }
qr() { psql -X -At -v ON_ERROR_STOP=1 "$R" -c "$1"; }

$GEN lab && $GEN --grow-first lab && $GEN --many 240 many || exit 1

test_expect_success 'passwords: refused in the URI, never in a message' '
	for uri in "postgresql://etest:TopSecret99@127.0.0.1:$PORT/energy" \
		   "postgres://etest@127.0.0.1:$PORT/energy?password=TopSecret99&sslmode=disable"; do
		rc=0; "$ETEST" db add --db "$uri" lab >out 2>err || rc=$?
		test $rc -eq 1 && grep -q "a password in the URI is refused" err &&
		! grep -q TopSecret99 out err || { cat err; exit 1; }
		rc=0; "$ETEST" report --db "$uri" --month 2022-10 >out 2>err || rc=$?
		test $rc -eq 1 && ! grep -q TopSecret99 out err || exit 1
	done &&
	grep -q "^etest: postgres://etest@127.0.0.1:$PORT/energy?sslmode=disable: a password" err &&
	# a wrong password from the password file: libpq says so, without it
	echo "127.0.0.1:$PORT:energy:etest:WrongPass77" >wrong.pgpass && chmod 600 wrong.pgpass || exit 1
	rc=0; PGPASSFILE=wrong.pgpass "$ETEST" db add --db "$W" lab >out 2>err || rc=$?
	test $rc -eq 1 && grep -q "^etest: $W: cannot connect: .*password authentication failed" err &&
	! grep -q WrongPass77 out err
'
test_expect_success 'sslmode is honoured: require fails on this server without TLS' '
	rc=0; "$ETEST" report --db "$W?sslmode=require" --month 2022-10 >out 2>err || rc=$?
	test $rc -eq 1 && grep -q "cannot connect: .*SSL" err &&
	"$ETEST" report --db "$W?sslmode=disable" --month 2022-10 >out 2>err ||
	grep -q "an empty database, not an etest store yet" err
'
test_expect_success 'first add into PostgreSQL: 8 runs, the copy once, the corrupt file listed' '
	rc=0; "$ETEST" db add --db "$W" lab >out 2>err || rc=$?
	cat err
	test $rc -eq 1 &&
	grep -q "^etest: lab/corrupt.log:1: " err && test $(grep -c "^etest: " err) -eq 1 &&
	grep -qx "etest db add: 8 added, 0 replaced, 1 unchanged, 1 failed ($W: 8 runs)" out &&
	test "$(q energy "SELECT version FROM etest_schema")" -eq 4 &&
	test "$(q energy "SELECT count(*) FROM sources")" -eq 9 &&
	test "$(q energy "SELECT complete FROM runs WHERE user_name = '\''erin'\''")" -eq 0
'
test_expect_success 'second add: nothing changes, unchanged files are not read' '
	q energy "SELECT * FROM runs ORDER BY id" >before.rows &&
	cp -p lab/dave/mid1.log mid1.keep &&
	tr "0-9" "x" <mid1.keep >lab/dave/mid1.log && touch -r mid1.keep lab/dave/mid1.log || exit 1
	rc=0; "$ETEST" db add --db "$W" lab >out 2>err || rc=$?
	cp -p mid1.keep lab/dave/mid1.log &&
	test $rc -eq 1 &&
	grep -qx "etest db add: 0 added, 0 replaced, 9 unchanged, 1 failed ($W: 8 runs)" out &&
	q energy "SELECT * FROM runs ORDER BY id" >after.rows && test_cmp before.rows after.rows
'
test_expect_success 'a grown log replaces its shorter version in place; a shorter copy never does' '
	cp lab/erin/grow.log half.log &&
	id=$(q energy "SELECT id FROM runs WHERE user_name = '\''erin'\''") &&
	$GEN lab && rm lab/corrupt.log &&
	"$ETEST" db add --db "$W" lab >out &&
	grep -qx "etest db add: 0 added, 1 replaced, 8 unchanged, 0 failed ($W: 8 runs)" out &&
	test "$(q energy "SELECT id, complete FROM runs WHERE user_name = '\''erin'\''")" = "$id|1" &&
	mkdir -p lab/old && cp half.log lab/old/grow-half.log &&
	"$ETEST" db add --db "$W" lab >out &&
	grep -qx "etest db add: 0 added, 0 replaced, 10 unchanged, 0 failed ($W: 8 runs)" out &&
	test "$(q energy "SELECT complete FROM runs WHERE user_name = '\''erin'\''")" -eq 1 &&
	test "$(q energy "SELECT count(*) FROM buckets b JOIN runs r ON r.id = b.run_id WHERE r.user_name = '\''erin'\''")" -eq \
	     "$(q energy "SELECT count(DISTINCT utc_start_ms) FROM buckets WHERE run_id = $id")"
'

for f in alice/cross-start alice/trunc bob/dst carol/cross-end carol/november dave/mid1 dave/mid2 erin/grow; do
	"$ETEST" --model all --format json "lab/$f.log" >"$(echo "$f" | tr / -).json" 2>/dev/null || exit 1
done
LOGS_JSON="alice-cross-start.json alice-trunc.json bob-dst.json carol-cross-end.json carol-november.json dave-mid1.json dave-mid2.json erin-grow.json"

test_expect_success 'the lab month from PostgreSQL: every group and model = the logs restricted to October' '
	"$ETEST" report --db "$W" --month 2022-10 --model all --format json >rep.json &&
	$CHECK rep.json user 2022-10 $LOGS_JSON &&
	"$ETEST" report --db "$W" --from 2022-09-01 --to 2022-11-30 --model all --format json >all.json &&
	$CHECK all.json user all $LOGS_JSON
'
test_expect_success 'reports byte-identical to SQLite for the same logs and options (CSV and JSON)' '
	"$ETEST" db add --db lab.sqlite lab >/dev/null &&
	for opts in "--model all" "--by host --model ga,gpu" "--by tag:project" "--by user --tz UTC" \
		    "--intensity-resolution hour --model ga,codecarbon" "--from 2022-09-01 --to 2022-11-30"; do
		for fmt in json csv; do
			"$ETEST" report --db lab.sqlite --month 2022-10 $opts --format $fmt >s.out 2>s.err ||
			"$ETEST" report --db lab.sqlite $opts --format $fmt >s.out 2>s.err || { cat s.err; exit 1; }
			"$ETEST" report --db "$W" --month 2022-10 $opts --format $fmt >p.out 2>p.err ||
			"$ETEST" report --db "$W" $opts --format $fmt >p.out 2>p.err || { cat p.err; exit 1; }
			test -s s.out && cmp s.out p.out || { echo "differ: $opts $fmt"; diff s.out p.out | head; exit 1; }
		done
	done
'
test_expect_success 'the reader role: reports and views, never a command line' '
	psql -X -q -v ON_ERROR_STOP=1 "$W" -f "$SRC/examples/postgresql/grant-reader.sql" &&
	"$ETEST" report --db "$R" --month 2022-10 --model all --format json >r.json &&
	cmp rep.json r.json &&
	"$ETEST" report --db "$R" --month 2022-10 --show-commands >shown.txt &&
	! grep -q SECRET shown.txt &&
	"$ETEST" report --db "$W" --month 2022-10 --show-commands >wshown.txt &&
	grep -q "train.py --token=SECRET" wshown.txt &&
	! qr "SELECT command FROM runs" 2>denied && grep -q "permission denied" denied &&
	! qr "SELECT header FROM runs_public" 2>nocol && grep -q "does not exist" nocol &&
	! qr "SELECT path FROM sources" 2>/dev/null &&
	test "$(qr "SELECT count(*) FROM runs_public")" -eq 8 &&
	! qr "DELETE FROM buckets" 2>/dev/null || exit 1
	rc=0; "$ETEST" db add --db "$R" many/d00 >out 2>err || rc=$?
	test $rc -eq 1 && grep -q "permission denied" err
'
# SLURM accounting (tests/slurm/t0502-sacct-store.sh for SQLite): the recorded sacct
# output, job 2 seen running first, logs joining jobs 1, 3_2 and 3_3.
FIX=$SRC/tests/slurm/fixtures
test_expect_success 'SLURM accounting in PostgreSQL: idempotent, updated when finished, nothing from a bad file' '
	python3 "$SRC/tests/slurm/gen_slurm_logs.py" slurm-logs &&
	sed -n 1p "$FIX/sacct-cluster.txt" >running.txt &&
	grep "^ettest|2|" "$FIX/sacct-cluster.txt" | sed "s/|COMPLETED|/|RUNNING|/; s/|2026-11-30T09:34:51|00:00:02|/|Unknown|00:00:01|/" >>running.txt &&
	"$ETEST" db add-sacct --db "$U/slurm" running.txt >out &&
	grep -qx "etest db add-sacct: 1 added, 0 updated, 0 unchanged ($U/slurm: 1 jobs)" out &&
	"$ETEST" db add-sacct --db "$U/slurm" "$FIX/sacct-cluster.txt" >out &&
	grep -qx "etest db add-sacct: 6 added, 1 updated, 0 unchanged ($U/slurm: 7 jobs)" out &&
	"$ETEST" db add-sacct --db "$U/slurm" - <running.txt >out &&
	grep -qx "etest db add-sacct: 0 added, 0 updated, 1 unchanged ($U/slurm: 7 jobs)" out &&
	test "$(q slurm "SELECT state FROM sacct_jobs WHERE job_id = '\''2'\''")" = COMPLETED &&
	sed "s/|COMPLETED|/|FAILED|/; 13s/mem=20M/mem=INVALID/" "$FIX/sacct-cluster.txt" >bad.txt || exit 1
	rc=0; "$ETEST" db add-sacct --db "$U/slurm" bad.txt >out 2>err || rc=$?
	test $rc -eq 1 && grep -q "^etest: bad.txt:13: " err &&
	test "$(q slurm "SELECT count(*) FROM sacct_jobs WHERE state = '\''FAILED'\''")" -eq 1 &&
	"$ETEST" db add --db "$U/slurm" slurm-logs >/dev/null &&
	test "$(q slurm "SELECT string_agg(coalesce(slurm_job_id, '\''-'\'') || '\'':'\'' || coalesce(slurm_account, '\''-'\''), '\'' '\'' ORDER BY pid) FROM runs")" = "1:physics 7:- -:-"
'
test_expect_success 'the month with SLURM accounting: byte-identical to SQLite (each job once, coverage)' '
	"$ETEST" db add-sacct --db slurm.sqlite "$FIX/sacct-cluster.txt" >/dev/null &&
	"$ETEST" db add --db slurm.sqlite slurm-logs >/dev/null &&
	for by in user account partition; do
		for fmt in json csv; do
			"$ETEST" report --db slurm.sqlite --month 2026-11 --intensity 50 --model all --by $by --format $fmt >s.out &&
			"$ETEST" report --db "$U/slurm" --month 2026-11 --intensity 50 --model all --by $by --format $fmt >p.out &&
			cmp s.out p.out || { echo "differ: $by $fmt"; diff s.out p.out | head; exit 1; }
		done
	done &&
	"$ETEST" report --db "$U/slurm" --month 2026-11 --intensity 50 --format json >p.json &&
	grep -q "\"jobs_estimated\": 4," p.json && grep -q "\"jobs_with_logs\": 3," p.json
'
test_expect_success 'the views: CPU-hours and GPU-hours per user in October = the report s' '
	qr "SELECT user_name, sum(cpu_hours), sum(gpu_hours) FROM usage_quarter_hours
	    WHERE time >= '\''2022-10-01T00:00:00+02:00'\'' AND time < '\''2022-11-01T00:00:00+01:00'\''
	    GROUP BY 1 ORDER BY 1" >view.rows &&
	python3 -c "
import json
rows = [l.split(\"|\") for l in open(\"view.rows\").read().split()]
rep = {g[\"group\"]: g for g in json.load(open(\"rep.json\"))[\"groups\"]}
assert sorted(rep) == [r[0] for r in rows], (sorted(rep), rows)
for user, cpu, gpu in rows:
    assert abs(float(cpu) - rep[user][\"cpu_hours\"]) <= 1e-9 * rep[user][\"cpu_hours\"], (user, cpu)
    assert abs(float(gpu) - rep[user][\"gpu_hours\"]) <= 1e-9 * max(rep[user][\"gpu_hours\"], 1), (user, gpu)
" &&
	# the days add up to the quarter-hours, in both dialects
	test "$(qr "SELECT round(sum(cpu_hours)::numeric, 9) FROM usage_daily")" = \
	     "$(qr "SELECT round(sum(cpu_hours)::numeric, 9) FROM usage_quarter_hours")" &&
	test "$(sqlite3 lab.sqlite "SELECT printf('\''%.6f'\'', sum(cpu_hours)) FROM usage_daily")" = \
	     "$(qr "SELECT to_char(sum(cpu_hours), '\''FM999990.000000'\'') FROM usage_daily")"
'
test_expect_success 'every query of the Grafana dashboard runs as the reader and returns rows' '
	python3 - "$SRC/examples/grafana-energytrack.json" >queries.sql <<-EOF
	import json, sys
	d = json.load(open(sys.argv[1]))
	n = 0
	for p in d["panels"]:
	    for t in p.get("targets", []):
	        sql = t["rawSql"].replace("\$__timeFilter(time)",
	            "time >= '\''2022-09-01T00:00:00Z'\'' AND time < '\''2022-12-01T00:00:00Z'\''")
	        assert "\$" not in sql, sql
	        print("-- %s\n%s;" % (p["title"], sql.replace("\n", " ")))
	        n += 1
	assert n >= 4, n
	EOF
	grep -c "^-- " queries.sql >n.queries &&
	while IFS= read -r line; do
		case $line in --*) title=$line; continue;; esac
		rows=$(qr "$line" | wc -l) || { echo "failed: $title"; exit 1; }
		test "$rows" -gt 0 || { echo "no rows: $title"; exit 1; }
	done <queries.sql &&
	test "$(cat n.queries)" -ge 4
'

# Every run has its buckets and GPU rows, every source names a stored run, no identity twice.
consistent() {
	test "$(q "$1" "SELECT count(*) FROM runs WHERE id NOT IN (SELECT run_id FROM buckets)")" -eq 0 &&
	test "$(q "$1" "SELECT count(*) FROM runs r WHERE n_gpus != (SELECT count(*) FROM run_gpus g WHERE g.run_id = r.id)")" -eq 0 &&
	test "$(q "$1" "SELECT count(*) FROM sources WHERE run_id NOT IN (SELECT id FROM runs)")" -eq 0 &&
	test "$(q "$1" "SELECT count(*) FROM buckets WHERE run_id NOT IN (SELECT id FROM runs)")" -eq 0 &&
	test "$(q "$1" "SELECT count(*) FROM gpu_buckets WHERE run_id NOT IN (SELECT id FROM runs)")" -eq 0
}
"$ETEST" db add --db ref.sqlite many >/dev/null || exit 1
"$ETEST" report --db ref.sqlite --month 2022-10 --model all --format json >ref.json || exit 1
same_as_ref() {
	"$ETEST" report --db "$U/$1" --month 2022-10 --model all --format json >"$1.json" && cmp ref.json "$1.json"
}

test_expect_success 'four adds at once on overlapping trees store each run once' '
	"$ETEST" db add --db "$W" many/d0* many/d1* many/d2* many/d3* many/d4* >a.out 2>a.err & pa=$!
	"$ETEST" db add --db "$W" many/d3* many/d4* many/d5* many/d6* many/d7* >b.out 2>b.err & pb=$!
	"$ETEST" db add --db "$W" many/d6* many/d7* many/d8* many/d9* many/d0* >c.out 2>c.err & pc=$!
	"$ETEST" db add --db "$W" many >d.out 2>d.err & pd=$!
	ra=0; wait $pa || ra=$?; rb=0; wait $pb || rb=$?
	rc=0; wait $pc || rc=$?; rd=0; wait $pd || rd=$?
	cat a.err b.err c.err d.err
	test $ra -eq 0 && test $rb -eq 0 && test $rc -eq 0 && test $rd -eq 0 &&
	test "$(q energy "SELECT count(*) FROM runs WHERE user_name LIKE '\''user%'\''")" -eq 240 &&
	consistent energy &&
	added=$(cat a.out b.out c.out d.out | sed -n "s/^etest db add: \([0-9]*\) added.*/\1/p" | awk "{ s += \$1 } END { print s }") &&
	echo "added: $added" && test "$added" -eq 240 &&
	"$ETEST" report --db "$W" --month 2022-10 --model all --format json >four.json &&
	"$ETEST" db add --db both.sqlite lab many >/dev/null &&
	"$ETEST" report --db both.sqlite --month 2022-10 --model all --format json >both.json &&
	cmp both.json four.json
'
test_expect_success 'kill -9 mid-ingest leaves nothing half-stored; a rerun completes it' '
	"$ETEST" db add --db "$U/killed" many >k.out 2>&1 & pid=$!
	i=0
	while [ $i -lt 600 ]; do
		c=$(q killed "SELECT count(*) FROM runs" 2>/dev/null || echo 0)
		[ "${c:-0}" -ge 20 ] && break
		sleep 0.05; i=$((i + 1))
	done
	kill -9 $pid; wait $pid 2>/dev/null || true   # 137: killed, as intended
	stored=$(q killed "SELECT count(*) FROM runs")
	echo "killed after $stored runs"
	test "$stored" -lt 240 && consistent killed &&
	"$ETEST" db add --db "$U/killed" many >out &&
	grep -qx "etest db add: $((240 - stored)) added, 0 replaced, $stored unchanged, 0 failed ($U/killed: 240 runs)" out &&
	consistent killed && same_as_ref killed
'
test_expect_success 'a connection lost mid-ingest: that log fails whole, the next ones go on' '
	"$ETEST" db add --db "$U/lost" many >l.out 2>l.err & pid=$!
	i=0
	while [ $i -lt 600 ]; do
		c=$(q lost "SELECT count(*) FROM runs" 2>/dev/null || echo 0)
		[ "${c:-0}" -ge 20 ] && break
		sleep 0.05; i=$((i + 1))
	done
	adm -At -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		    WHERE datname = '\''lost'\'' AND application_name = '\''etest'\''" >terminated
	rc=0; wait $pid || rc=$?
	cat l.err; cat terminated
	test "$(cat terminated)" -eq 1 && test $rc -eq 1 &&
	grep -q "connection to the server was lost\|terminating connection" l.err &&
	consistent lost &&
	failed=$(sed -n "s/.* \([0-9]*\) failed.*/\1/p" l.out) && test "$failed" -eq 1 &&
	test "$(q lost "SELECT count(*) FROM runs")" -eq 239 &&
	"$ETEST" db add --db "$U/lost" many >out &&
	grep -qx "etest db add: 1 added, 0 replaced, 239 unchanged, 0 failed ($U/lost: 240 runs)" out &&
	consistent lost && same_as_ref lost
'
test_expect_success 'a newer schema version is refused, the database unchanged' '
	"$ETEST" db add --db "$U/newer" many/d00 >/dev/null &&
	q newer "UPDATE etest_schema SET version = 99" &&
	before=$(q newer "SELECT count(*), sum(source_size) FROM runs") &&
	for cmd in "db add --db $U/newer many/d01" "report --db $U/newer --month 2022-10"; do
		rc=0; "$ETEST" $cmd >out 2>err || rc=$?
		test $rc -eq 1 || { echo "$cmd: exit $rc"; exit 1; }
		grep -qx "etest: $U/newer: written by a newer etest (store schema version 99; this etest knows up to 4): upgrade etest" err ||
			{ cat err; exit 1; }
	done &&
	test "$(q newer "SELECT count(*), sum(source_size) FROM runs")" = "$before" &&
	test "$(q newer "SELECT version FROM etest_schema")" -eq 99
'
test_expect_success 'schema version 1 (no views): report asks for an add, which migrates it' '
	q newer "$(python3 "$SRC/tests/store/rewind_schema.py" "$SRC" 1 postgresql)" || exit 1
	rc=0; "$ETEST" report --db "$U/newer" --month 2022-10 >out 2>err || rc=$?
	test $rc -eq 1 &&
	grep -qx "etest: $U/newer: store schema version 1 is older than this etest.s (4): run .etest db add. once to migrate it" err &&
	"$ETEST" db add --db "$U/newer" many/d00 >out &&
	test "$(q newer "SELECT version FROM etest_schema")" -eq 4 &&
	test "$(q newer "SELECT count(*) FROM runs_public")" -eq 3 &&
	"$ETEST" report --db "$U/newer" --month 2022-10 --format csv >new.csv && test -s new.csv
'
test_expect_success 'another program s database and an empty one: refused clearly' '
	q other "CREATE TABLE t (x integer)" || exit 1
	rc=0; "$ETEST" db add --db "$U/other" many/d00 >out 2>err || rc=$?
	test $rc -eq 1 && grep -q "^etest: $U/other: a PostgreSQL database but not an etest store" err &&
	test "$(q other "SELECT count(*) FROM pg_tables WHERE schemaname = '\''public'\''")" -eq 1 || exit 1
	rc=0; "$ETEST" report --db "$U/empty" --month 2022-10 >out 2>err || rc=$?
	test $rc -eq 1 && grep -q "^etest: $U/empty: an empty database, not an etest store yet" err
'
test_expect_success 'the server unreachable: a clear message, exit 1' '
	rc=0; "$ETEST" report --db "postgresql://etest@127.0.0.1:1/energy?connect_timeout=5" --month 2022-10 >out 2>err || rc=$?
	test $rc -eq 1 && grep -q "^etest: postgresql://etest@127.0.0.1:1/energy?connect_timeout=5: cannot connect: " err
'
test_done
