#!/bin/sh
# t0502-sacct-store.sh - SLURM accounting in the run store (etest db add-sacct) and in the
# monthly report, on the recorded sacct output of the test cluster (fixtures/) and logs
# that join some of its jobs (gen_slurm_logs.py): idempotence, a running job updated when
# finished, nothing stored from a bad file, 100,000 jobs, a store of schema version 2
# migrated, and the report counting each job once with the scheduler estimate by hand.
# Needs ETEST (the binary) and SRC (the source tree).
. "$(dirname "$0")/../shell/lib.sh"
export ETEST_CACHE=/nonexistent/cache.sqlite
unset ETEST_DB
FIX=$SRC/tests/slurm/fixtures
python3 "$SRC/tests/slurm/gen_slurm_logs.py" logs || exit 1

# json FILE EXPR: a value of the JSON report (Python expression on d).
json() { python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }
# near A B: |A - B| <= 1e-6 x max(|B|, 1e-9)
near() { python3 -c 'import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); sys.exit(abs(a - b) > 1e-6 * max(abs(b), 1e-9))' "$1" "$2" ||
	{ say "$1 is not $2"; return 1; }; }

test_expect_success 'the recorded sacct output: 7 jobs added, then nothing twice' '
	"$ETEST" db add-sacct --db s.sqlite "$FIX/sacct-cluster.txt" >out &&
	grep -qx "etest db add-sacct: 7 added, 0 updated, 0 unchanged (s.sqlite: 7 jobs)" out &&
	"$ETEST" db add-sacct --db s.sqlite "$FIX/sacct-cluster.txt" >out &&
	grep -qx "etest db add-sacct: 0 added, 0 updated, 7 unchanged (s.sqlite: 7 jobs)" out &&
	"$ETEST" db add-sacct --db s.sqlite - <"$FIX/sacct-cluster-all.txt" >out &&
	grep -qx "etest db add-sacct: 0 added, 0 updated, 7 unchanged (s.sqlite: 7 jobs)" out &&
	test "$(sqlite3 s.sqlite "SELECT cluster, job_id, job_id_raw, array_job_id, array_task_id, user_name,
		account, partition_name, n_cpus, elapsed_s, total_cpu_s, cpu_time_s, req_mem_mib, alloc_gpus,
		gpu_type, state, finished, source_line FROM sacct_jobs WHERE job_id = '\''5'\''")" = \
		"ettest|5|5|||root|root|debug|1|4.0|0.028|4.0|50.0|1.0|standin|COMPLETED|1|8" &&
	test "$(sqlite3 s.sqlite "SELECT max_rss_mib FROM sacct_jobs WHERE job_id = '\''3_1'\''")" = "" &&
	test "$(sqlite3 s.sqlite "SELECT count(*) FROM sacct_jobs WHERE job_id LIKE '\''3_%'\''")" -eq 3
'

# Job 2 as sacct showed it while it ran: RUNNING, no End, 1 s so far.
sed -n 1p "$FIX/sacct-cluster.txt" >running.txt
grep "^ettest|2|" "$FIX/sacct-cluster.txt" | sed "s/|COMPLETED|/|RUNNING|/; s/|2026-11-30T09:34:51|00:00:02|00:01.052|00:00:04|/|Unknown|00:00:01|00:00.500|00:00:02|/" >>running.txt
test_expect_success 'a job stored running is updated once finished, never the other way' '
	grep -q "|RUNNING|.*|Unknown|00:00:01|" running.txt &&
	"$ETEST" db add-sacct --db r.sqlite running.txt >out &&
	grep -qx "etest db add-sacct: 1 added, 0 updated, 0 unchanged (r.sqlite: 1 jobs)" out &&
	test "$(sqlite3 r.sqlite "SELECT state, finished, end_local_s IS NULL, total_cpu_s FROM sacct_jobs")" = "RUNNING|0|1|0.5" &&
	"$ETEST" db add-sacct --db r.sqlite "$FIX/sacct-cluster.txt" >out &&
	grep -qx "etest db add-sacct: 6 added, 1 updated, 0 unchanged (r.sqlite: 7 jobs)" out &&
	test "$(sqlite3 r.sqlite "SELECT state, finished, total_cpu_s FROM sacct_jobs WHERE job_id = '\''2'\''")" = "COMPLETED|1|1.052" &&
	"$ETEST" db add-sacct --db r.sqlite running.txt >out &&
	grep -qx "etest db add-sacct: 0 added, 0 updated, 1 unchanged (r.sqlite: 7 jobs)" out &&
	test "$(sqlite3 r.sqlite "SELECT state FROM sacct_jobs WHERE job_id = '\''2'\''")" = COMPLETED
'

# The recorded output with job 5 changed and, at line 13 (job 3_2), a TRES sacct could not print.
sed "s/^ettest|5|5|root|root|debug|vm|1|1|COMPLETED|/ettest|5|5|root|root|debug|vm|1|1|FAILED|/; 13s/mem=20M/mem=INVALID/" \
	"$FIX/sacct-cluster.txt" >bad.txt
test_expect_success 'a bad line: its file and line, exit 1, nothing stored (not even the jobs before it)' '
	cp s.sqlite before.sqlite || exit 1
	rc=0; "$ETEST" db add-sacct --db s.sqlite bad.txt >out 2>err || rc=$?
	cat err && test $rc -eq 1 && test ! -s out &&
	grep -q "^etest: bad.txt:13: AllocTRES item \"mem=INVALID\"" err && grep -qx "etest: db add-sacct: nothing stored" err &&
	test "$(sqlite3 s.sqlite "SELECT state FROM sacct_jobs WHERE job_id = '\''5'\''")" = COMPLETED &&
	test "$(sqlite3 s.sqlite "SELECT group_concat(content_hash) FROM sacct_jobs")" = \
		"$(sqlite3 before.sqlite "SELECT group_concat(content_hash) FROM sacct_jobs")" || exit 1
	rc=0; "$ETEST" db add-sacct --db fresh.sqlite bad.txt >out 2>err || rc=$?
	test $rc -eq 1 && test "$(sqlite3 fresh.sqlite "SELECT count(*) FROM sacct_jobs")" -eq 0
'
test_expect_success 'usage errors exit 2' '
	# one check a line, each ending the list (a failing test before && would not stop it)
	rc=0; "$ETEST" db add-sacct --db s.sqlite >/dev/null 2>err || rc=$?; test $rc -eq 2 || exit 1
	rc=0; "$ETEST" db add-sacct --db s.sqlite a b >/dev/null 2>err || rc=$?; test $rc -eq 2 || exit 1
	rc=0; "$ETEST" db add-sacct "$FIX/sacct-cluster.txt" >/dev/null 2>err || rc=$?; test $rc -eq 2 || exit 1
	rc=0; "$ETEST" db add-sacct --db s.sqlite "$FIX" >/dev/null 2>err || rc=$?; test $rc -eq 1 &&
	grep -q "a folder, not a sacct file" err
'

# 100,000 jobs of 2 CPUs, 1 h each (TotalCPU 1.5 h, ReqMem 1G), on days 1 to 28 of November.
awk 'BEGIN { print "Cluster|JobID|JobIDRaw|User|Account|Partition|NodeList|NNodes|NCPUS|State|Start|End|Elapsed|TotalCPU|CPUTime|ReqMem|MaxRSS|AllocTRES|ConsumedEnergyRaw";
	for (i = 1; i <= 100000; i++)
		printf "big|%d|%d|u%d|acc%d|p|n1|1|2|COMPLETED|2026-11-%02dT10:00:00|2026-11-%02dT11:00:00|01:00:00|01:30:00|02:00:00|1G||cpu=2,mem=1G,node=1|\n",
			i, i, i % 50, i % 4, 1 + i % 28, 1 + i % 28 }' >big.txt
# Bounded memory: the peak for 100,000 jobs within 16 MiB of the peak for 1,000 (a
# sanitizer build's baseline is larger, the difference is what grows with the rows; its
# quarantine of freed blocks, up to 256 MB by default, is turned off for the measure).
test_expect_success '100,000 jobs: stored in one go in bounded memory, then all unchanged' '
	head -n 1001 big.txt >small.txt &&
	export ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}quarantine_size_mb=0" &&
	/usr/bin/time -f "%M" -o rss-small "$ETEST" db add-sacct --db small.sqlite small.txt >out &&
	grep -qx "etest db add-sacct: 1000 added, 0 updated, 0 unchanged (small.sqlite: 1000 jobs)" out &&
	/usr/bin/time -f "%M" -o rss "$ETEST" db add-sacct --db big.sqlite big.txt >out &&
	grep -qx "etest db add-sacct: 100000 added, 0 updated, 0 unchanged (big.sqlite: 100000 jobs)" out &&
	say "max RSS $(cat rss-small) KiB for 1,000 jobs, $(cat rss) KiB for 100,000" &&
	test "$(cat rss)" -lt $(( $(cat rss-small) + 16384 )) &&
	"$ETEST" db add-sacct --db big.sqlite big.txt >out &&
	grep -qx "etest db add-sacct: 0 added, 0 updated, 100000 unchanged (big.sqlite: 100000 jobs)" out
'
# Each: CPU 12 W/core (GA Any) x 1.5 h = 18 Wh; memory 0.3725 W/GB x 1 GB x 1 h = 0.3725 Wh;
# x PUE 1.67 = 30.682075 Wh. 25,000 jobs per account: 767,051.875 Wh.
test_expect_success 'the 100,000 jobs in the report: the ga formula by hand, per account' '
	"$ETEST" report --db big.sqlite --month 2026-11 --intensity 50 --by account --json big.json >/dev/null &&
	test "$(json big.json "d[\"slurm_accounting\"][\"jobs_estimated\"]")" -eq 100000 &&
	near "$(json big.json "d[\"totals\"][\"models\"][0][\"energy_wh\"]")" 3068207.5 &&
	near "$(json big.json "[g for g in d[\"groups\"] if g[\"group\"] == \"acc1\"][0][\"scheduler_estimates\"][\"energy_wh\"]")" 767051.875 &&
	near "$(json big.json "d[\"totals\"][\"scheduler_estimates\"][\"cpu_hours\"]")" 150000 &&
	near "$(json big.json "d[\"slurm_accounting\"][\"allocated_cpu_hours_without_logs\"]")" 200000
'

test_expect_success 'the logs of jobs 1, 3_2 and 3_3 join them: by job id and by array task' '
	"$ETEST" db add --db s.sqlite logs >out &&
	grep -qx "etest db add: 3 added, 0 replaced, 0 unchanged, 0 failed (s.sqlite: 3 runs)" out &&
	test "$(sqlite3 s.sqlite "SELECT group_concat(coalesce(slurm_cluster, \"-\") || \":\" || coalesce(slurm_job_id, \"-\") || \":\" ||
		coalesce(slurm_array_job_id, \"-\") || \":\" || coalesce(slurm_array_task_id, \"-\") || \":\" ||
		coalesce(slurm_account, \"-\") || \":\" || coalesce(slurm_partition, \"-\"), \" \") FROM (SELECT * FROM runs ORDER BY pid)")" = \
		"ettest:1:-:-:physics:debug ettest:7:3:2:-:- ettest:-:3:3:-:-"
'

# The jobs without a log: 2, 4, 5 and 3_1 (fixtures/sacct-cluster.txt), Green Algorithms'
# defaults (Any CPU 12 W per core, Any GPU 200 W: "standin" is in no table, 0.3725 W/GB,
# PUE 1.67), ConsumedEnergyRaw 0 (not used):
#   CPU    12 W x (1.052 + 0.001 + 0.028 + 0.019) s / 3600          = 0.00366667 Wh
#   memory 0.3725 W/GB x (100/1024 GB x 2 s + 50/1024 x 4 + 20/1024 x 0 + 20/1024 x 1) / 3600
#          = 0.3725 x 0.4101563 / 3600                               = 0.00004243978 Wh
#   GPU    1 x 200 W x 4 s / 3600                                    = 0.22222222 Wh
#   x 1.67 = 0.22593133 x 1.67                                       = 0.37730532 Wh
# TotalCPU 1.1 s = 0.000305556 CPU-h; GPU 4 s = 0.00111111 GPU-h. Allocated (CPUTime): with
# logs 2 + 1 + 1 s = 0.00111111 h, without 4 + 0 + 4 + 1 s = 0.0025 h (4/13 = 0.3076923).
# Each log: 60 CPU-s = 0.01666667 CPU-h; the logs' share 0.05 / (0.05 + 0.000305556).
test_expect_success 'the report counts each job once: logs for 1, 3_2, 3_3, the ga estimate for the rest' '
	"$ETEST" report --db s.sqlite --month 2026-11 --intensity 50 --model ga,greenalgorithms --json r.json --csv r.csv >table &&
	cat table &&
	test "$(json r.json "d[\"totals\"][\"runs\"]")" -eq 3 &&
	test "$(json r.json "d[\"slurm_accounting\"][\"jobs_estimated\"]")" -eq 4 &&
	test "$(json r.json "d[\"slurm_accounting\"][\"jobs_with_logs\"]")" -eq 3 &&
	near "$(json r.json "d[\"totals\"][\"scheduler_estimates\"][\"energy_wh\"]")" 0.37730532 &&
	near "$(json r.json "d[\"totals\"][\"scheduler_estimates\"][\"co2e_g\"]")" 0.018865266 &&
	near "$(json r.json "d[\"totals\"][\"scheduler_estimates\"][\"cpu_hours\"]")" 0.000305555556 &&
	near "$(json r.json "d[\"totals\"][\"scheduler_estimates\"][\"gpu_hours\"]")" 0.00111111111 &&
	near "$(json r.json "d[\"totals\"][\"coverage\"][\"cpu_hours_logs\"]")" 0.05 &&
	near "$(json r.json "d[\"totals\"][\"coverage\"][\"cpu_share_logs\"]")" "$(python3 -c "print(0.05 / (0.05 + 1.1 / 3600))")" &&
	near "$(json r.json "d[\"totals\"][\"coverage\"][\"gpu_share_logs\"]")" 0 &&
	near "$(json r.json "d[\"slurm_accounting\"][\"allocated_cpu_share_logs\"]")" 0.307692308 &&
	"$ETEST" db add --db logs-only.sqlite logs >/dev/null &&
	"$ETEST" report --db logs-only.sqlite --month 2026-11 --intensity 50 --model ga,greenalgorithms --json l.json >/dev/null &&
	test "$(json l.json "\"slurm_accounting\" in d")" = False &&
	ga=$(json r.json "d[\"totals\"][\"models\"][0][\"energy_wh\"]") &&
	near "$ga" "$(json l.json "d[\"totals\"][\"models\"][0][\"energy_wh\"] + 0.37730532")" &&
	near "$(json r.json "d[\"totals\"][\"models\"][1][\"energy_wh\"]")" "$(json l.json "d[\"totals\"][\"models\"][1][\"energy_wh\"]")" &&
	near "$(json r.json "sum(x[\"models\"][0][\"energy_wh\"] for x in d[\"days\"])")" "$ga" &&
	test "$(json r.json "d[\"days\"][0][\"date\"]")" = 2026-11-30 &&
	grep -q "4 jobs without an etrec log, estimated from accounting with the ga formula: 0.3773 Wh" table &&
	grep -q "in ga.s figures only; the other models leave these jobs out" table &&
	grep -q "partition debug: 4 jobs estimated with Green Algorithms. defaults (no cluster file: --cluster FILE describes the partitions)" table &&
	head -n 1 r.csv | grep -q ",sched_jobs,sched_cpu_hours,sched_gpu_hours,sched_energy_wh,cpu_share_logs,gpu_share_logs" &&
	grep -q "^\"user\",\"root\",\"greenalgorithms\",3,.*,4,.*,0," r.csv
'
test_expect_success '--by account and --by partition: the header, else the joined accounting row, else (none)' '
	"$ETEST" report --db s.sqlite --month 2026-11 --intensity 50 --by account --json a.json >/dev/null &&
	test "$(json a.json "sorted((g[\"group\"], g[\"runs\"], g[\"scheduler_estimates\"][\"jobs\"]) for g in d[\"groups\"])")" = \
		"[('"'"'(none)'"'"', 1, 0), ('"'"'physics'"'"', 1, 0), ('"'"'root'"'"', 1, 4)]" &&
	"$ETEST" report --db s.sqlite --month 2026-11 --intensity 50 --by partition --json p.json >/dev/null &&
	test "$(json p.json "sorted((g[\"group\"], g[\"runs\"], g[\"scheduler_estimates\"][\"jobs\"]) for g in d[\"groups\"])")" = \
		"[('"'"'(none)'"'"', 1, 0), ('"'"'debug'"'"', 2, 4)]"
'
# cpu 10 W per core in debug: 10 x 1.1 / 3600 = 0.00305556; GPU 300 W x 4 / 3600 = 0.33333333;
# memory as above 0.00004243978; PUE 1.2: (0.00305556 + 0.00004244 + 0.33333333) x 1.2 = 0.40371759 Wh.
# Start and End read in UTC (the file's timezone): job 2 ran 09:34:49-09:34:51 UTC.
test_expect_success '--cluster FILE: its partition TDPs, PUE and time zone' '
	printf "%s\n" "{\"cluster\": \"ettest\", \"timezone\": \"UTC\", \"partitions\": {\"debug\": {\"cpu_tdp_per_core_w\": 10, \"gpu_tdp_w\": 300, \"pue\": 1.2}}}" >hpc.json &&
	"$ETEST" report --db s.sqlite --month 2026-11 --intensity 50 --cluster hpc.json --json c.json >table &&
	near "$(json c.json "d[\"totals\"][\"scheduler_estimates\"][\"energy_wh\"]")" 0.403717594 &&
	test "$(json c.json "d[\"slurm_accounting\"][\"undescribed_partitions\"]")" = "[]" &&
	! grep -q "not in the cluster file" table &&
	printf "%s\n" "{\"partitions\": {\"gpu\": {\"pue\": 1.1}}}" >other.json &&
	"$ETEST" report --db s.sqlite --month 2026-11 --intensity 50 --cluster other.json >table &&
	grep -q "partition debug is not in the cluster file: 4 jobs estimated with its defaults" table &&
	printf "%s\n" "{\"timezone\": 5}" >badtz.json || exit 1
	rc=0; "$ETEST" report --db s.sqlite --month 2026-11 --cluster badtz.json >out 2>err || rc=$?
	test $rc -eq 1 && grep -q "badtz.json: timezone must be a time zone name" err
'
# A job across the end of the month: 2026-11-30T23:00 to 2026-12-01T01:00 local, 2 h,
# TotalCPU 2 h: one hour in November, half its energy. CPU 12 W x 2 h = 24 Wh, memory
# 0.3725 x 1 x 2 = 0.745 Wh, x 1.67 = 41.32415 Wh: 20.662075 Wh in November.
test_expect_success 'a job across the month: its energy spread evenly, the share inside counted' '
	sed -n 1p "$FIX/sacct-cluster.txt" >across.txt &&
	echo "ettest|99|99|bob|chem|debug|vm|1|1|COMPLETED|0:0|2026-11-30T20:00:00|2026-11-30T23:00:00|2026-12-01T01:00:00|02:00:00|02:00:00|02:00:00|1G||cpu=1,mem=1G,node=1|" >>across.txt &&
	"$ETEST" db add-sacct --db x.sqlite across.txt >/dev/null &&
	"$ETEST" report --db x.sqlite --month 2026-11 --intensity 50 --json x11.json >/dev/null &&
	"$ETEST" report --db x.sqlite --month 2026-12 --intensity 50 --json x12.json >/dev/null &&
	near "$(json x11.json "d[\"totals\"][\"models\"][0][\"energy_wh\"]")" 20.662075 &&
	near "$(json x12.json "d[\"totals\"][\"models\"][0][\"energy_wh\"]")" 20.662075 &&
	near "$(json x11.json "d[\"totals\"][\"scheduler_estimates\"][\"cpu_hours\"]")" 1 &&
	test "$(json x12.json "d[\"days\"][0][\"date\"]")" = 2026-12-01 &&
	# read on a UTC clock, the job ran 00:00 to 02:00 on 1 December in Paris: none in November
	echo "{\"timezone\": \"UTC\"}" >utc.json &&
	"$ETEST" report --db x.sqlite --month 2026-11 --intensity 50 --cluster utc.json --json u11.json >/dev/null &&
	"$ETEST" report --db x.sqlite --month 2026-12 --intensity 50 --cluster utc.json --json u12.json >/dev/null &&
	test "$(json u11.json "\"slurm_accounting\" in d")" = False &&
	near "$(json u12.json "d[\"totals\"][\"models\"][0][\"energy_wh\"]")" 41.32415
'
test_expect_success 'the PDF has the accounting page: the estimates and the coverage per group' '
	"$ETEST" report --db s.sqlite --month 2026-11 --intensity 50 --pdf r.pdf >/dev/null &&
	pdftotext -layout r.pdf r.txt &&
	grep -q "SLURM jobs without an etrec log, and coverage" r.txt &&
	grep -q "4 jobs of SLURM.s accounting have no etrec log" r.txt &&
	grep -Eq "^ *total +4 +0.05000 +0.0003056 +99.4 % +0.000 +0.001111 +0.0 % +0.3773 Wh" r.txt
'
# What schema version 3 added, taken away again: a store of version 2, with a SLURM log.
REWIND="python3 $SRC/tests/store/rewind_schema.py $SRC"
test_expect_success 'a store of schema version 2 is migrated: the runs get their SLURM keys from their headers' '
	"$ETEST" db add --db v2.sqlite logs >/dev/null && $REWIND 2 sqlite | sqlite3 v2.sqlite &&
	test "$(sqlite3 v2.sqlite "PRAGMA user_version")" -eq 2 || exit 1
	rc=0; "$ETEST" report --db v2.sqlite --month 2026-11 >out 2>err || rc=$?
	test $rc -eq 1 && grep -q "store schema version 2 is older than this etest.s (4)" err &&
	"$ETEST" db add-sacct --db v2.sqlite "$FIX/sacct-cluster.txt" >out &&
	grep -qx "etest db add-sacct: 7 added, 0 updated, 0 unchanged (v2.sqlite: 7 jobs)" out &&
	test "$(sqlite3 v2.sqlite "PRAGMA user_version")" -eq 4 &&
	test "$(sqlite3 v2.sqlite "SELECT group_concat(coalesce(slurm_job_id, \"-\") || \":\" || coalesce(slurm_account, \"-\"), \" \") FROM (SELECT * FROM runs ORDER BY pid)")" = \
		"1:physics 7:- -:-" &&
	test "$(sqlite3 v2.sqlite "SELECT count(*) FROM runs_public WHERE slurm_cluster = '\''ettest'\''")" -eq 3 &&
	"$ETEST" report --db v2.sqlite --month 2026-11 --intensity 50 --format csv >v2.csv &&
	"$ETEST" report --db s.sqlite --month 2026-11 --intensity 50 --format csv >v3.csv && test_cmp v3.csv v2.csv
'
test_done
