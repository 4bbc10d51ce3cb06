#!/bin/sh
# t0501-store-lab.sh - a generated lab into a real SQLite store with `etest db add`, then
# `etest report`: per-group totals against single-log etest results, idempotency, grown
# logs, copies, corrupt files, privacy, the CSV parsed back, the outputs' files.
# Needs ETEST (the binary) and SRC (the source tree).
. "$(dirname "$0")/../shell/lib.sh"
export ETEST_CACHE=/nonexistent/cache.sqlite
unset ETEST_DB
GEN="python3 $SRC/tests/store/gen_lab.py"
CHECK="python3 $SRC/tests/store/check_report.py"

$GEN lab && $GEN --grow-first lab || exit 1

test_expect_success 'first add: 8 runs, the copy once, the corrupt file listed, exit 1' '
	rc=0; "$ETEST" db add --db lab.sqlite lab >out 2>err || rc=$?
	test $rc -eq 1 &&
	grep -q "^etest: lab/corrupt.log:1: " err &&
	test $(grep -c "^etest: " err) -eq 1 &&
	grep -qx "etest db add: 8 added, 0 replaced, 1 unchanged, 1 failed (lab.sqlite: 8 runs)" out &&
	test "$(stat -c %a lab.sqlite)" = 600 &&
	test "$(sqlite3 lab.sqlite "SELECT count(*) FROM sources")" -eq 9 &&
	test "etest $(sqlite3 lab.sqlite "SELECT DISTINCT etest_version FROM runs")" = "$("$ETEST" --version)" &&
	test "$(sqlite3 lab.sqlite "SELECT count(*) FROM runs WHERE source_hash NOT LIKE '\''mix64:________________'\''")" -eq 0 &&
	test "$(sqlite3 lab.sqlite "SELECT complete FROM runs WHERE user_name = '\''erin'\''")" -eq 0
'
test_expect_success 'second add: nothing changes, and unchanged files are not read' '
	sqlite3 lab.sqlite .dump >before.sql &&
	# same size and mtime, other bytes: a file that were read would fail to parse
	cp -p lab/dave/mid1.log mid1.keep &&
	tr "0-9" "x" <mid1.keep >lab/dave/mid1.log && touch -r mid1.keep lab/dave/mid1.log || exit 1
	rc=0; "$ETEST" db add --db lab.sqlite lab >out 2>err || rc=$?
	cp -p mid1.keep lab/dave/mid1.log &&
	test $rc -eq 1 &&
	grep -qx "etest db add: 0 added, 0 replaced, 9 unchanged, 1 failed (lab.sqlite: 8 runs)" out &&
	sqlite3 lab.sqlite .dump >after.sql && test_cmp before.sql after.sql
'
test_expect_success 'a grown log replaces its shorter version; a shorter copy never does' '
	cp lab/erin/grow.log half.log &&
	$GEN lab && rm lab/corrupt.log &&
	"$ETEST" db add --db lab.sqlite lab >out 2>err &&
	grep -qx "etest db add: 0 added, 1 replaced, 8 unchanged, 0 failed (lab.sqlite: 8 runs)" out &&
	test "$(sqlite3 lab.sqlite "SELECT complete FROM runs WHERE user_name = '\''erin'\''")" -eq 1 &&
	mkdir -p lab/old && cp half.log lab/old/grow-half.log &&
	"$ETEST" db add --db lab.sqlite lab >out 2>err &&
	grep -qx "etest db add: 0 added, 0 replaced, 10 unchanged, 0 failed (lab.sqlite: 8 runs)" out &&
	test "$(sqlite3 lab.sqlite "SELECT complete FROM runs WHERE user_name = '\''erin'\''")" -eq 1 &&
	test "$(sqlite3 lab.sqlite "SELECT count(*) FROM runs WHERE source_path LIKE '\''%half%'\''")" -eq 0
'
test_expect_success 'files are known by their absolute path, whatever folder add runs in' '
	(cd lab/alice && "$ETEST" db add --db ../../lab.sqlite ../ >../../out) &&
	grep -qx "etest db add: 0 added, 0 replaced, 10 unchanged, 0 failed (../../lab.sqlite: 8 runs)" out &&
	test "$(sqlite3 lab.sqlite "SELECT count(*) FROM sources WHERE path NOT LIKE '\''/%'\''")" -eq 0
'

# The distinct runs, each replayed alone by etest with every model.
for f in alice/cross-start alice/trunc bob/dst carol/cross-end carol/november dave/mid1 dave/mid2 erin/grow; do
	n=$(echo "$f" | tr / -)
	"$ETEST" --model all --format json "lab/$f.log" >"$n.json" 2>/dev/null || exit 1
done
LOGS_JSON="alice-cross-start.json alice-trunc.json bob-dst.json carol-cross-end.json carol-november.json dave-mid1.json dave-mid2.json erin-grow.json"

test_expect_success 'October by user: each model per group = the logs restricted to the month' '
	"$ETEST" report --db lab.sqlite --month 2022-10 --model all --format json >rep.json 2>err &&
	$CHECK rep.json user 2022-10 $LOGS_JSON &&
	python3 -c "
import json
r = json.load(open(\"rep.json\"))
t = r[\"totals\"]
assert t[\"runs\"] == 7, t[\"runs\"]                  # carol/november.log is not in October
assert t[\"incomplete_runs\"] == 1, t                 # alice/trunc.log
p = r[\"parameters\"]
assert p[\"tz\"] == \"Europe/Paris\" and p[\"period\"] == \"2022-10\", p
assert p[\"from_utc\"] == \"2022-09-30T22:00:00.000Z\", p   # CEST, UTC+2
assert p[\"to_utc\"] == \"2022-10-31T23:00:00.000Z\", p     # CET, UTC+1 after 2022-10-30
days = [d[\"date\"] for d in r[\"days\"]]
assert days == sorted(days) and days[0] == \"2022-10-01\" and days[-1] == \"2022-10-31\", days
for i, m in enumerate(t[\"models\"]):   # the days add up to the month, CO2e too
    de = sum(d[\"models\"][i][\"energy_wh\"] for d in r[\"days\"])
    dc = sum(d[\"models\"][i][\"co2e_g\"] for d in r[\"days\"])
    assert abs(de - m[\"energy_wh\"]) < 1e-9 * m[\"energy_wh\"], (de, m)
    assert abs(dc - m[\"co2e_g\"]) < 1e-9 * m[\"co2e_g\"], (dc, m)
s = t[\"spread\"]
e = [m[\"energy_wh\"] for m in t[\"models\"]]
assert s[\"energy_wh_min\"] == min(e) and s[\"energy_wh_max\"] == max(e) and min(e) < max(e)
"
'
test_expect_success 'by host and by tag:project, ga and gpu models' '
	"$ETEST" report --db lab.sqlite --month 2022-10 --model ga,gpu --by host --format json >host.json &&
	"$ETEST" --model ga,gpu --format json lab/alice/cross-start.log >a1.json 2>/dev/null &&
	for f in $LOGS_JSON; do python3 -c "
import json,sys
d = json.load(open(sys.argv[1]))
for r in d[\"runs\"]:
    r[\"models\"] = [m for m in r[\"models\"] if m[\"model\"] in (\"ga\", \"gpu\")]
json.dump(d, open(\"gg-\" + sys.argv[1], \"w\"))
" $f || exit 1; done &&
	$CHECK host.json host 2022-10 $(for f in $LOGS_JSON; do echo gg-$f; done) &&
	"$ETEST" report --db lab.sqlite --month 2022-10 --model ga,gpu --by tag:project --format json >tag.json &&
	$CHECK tag.json tag:project 2022-10 gg-alice-cross-start.json::vision gg-alice-trunc.json::"(no project)" \
		gg-bob-dst.json::nlp gg-carol-cross-end.json::vision gg-carol-november.json::vision \
		gg-dave-mid1.json::nlp gg-dave-mid2.json::misc gg-erin-grow.json::misc
'
test_expect_success 'hourly intensity: the October CO2e still equals the days of the logs' '
	for f in $LOGS_JSON; do
		log=lab/$(echo "${f%.json}" | sed "s|-|/|").log
		"$ETEST" --model ga,codecarbon --intensity-resolution hour --format json "$log" >"h-$f" 2>/dev/null || exit 1
	done &&
	"$ETEST" report --db lab.sqlite --month 2022-10 --model ga,codecarbon --intensity-resolution hour --format json >hour.json &&
	$CHECK hour.json user 2022-10 $(for f in $LOGS_JSON; do echo h-$f; done) &&
	python3 -c "
import json
d = json.load(open(\"h-bob-dst.json\"))[\"runs\"][0][\"models\"][0][\"intensity\"][\"days\"]
assert d[0][\"basis\"] != \"daily mean\", d   # the hourly history was used
h = json.load(open(\"hour.json\"))[\"totals\"][\"models\"][0]
m = json.load(open(\"rep.json\"))[\"totals\"][\"models\"][0]
assert h[\"energy_wh\"] == m[\"energy_wh\"] and h[\"co2e_g\"] != m[\"co2e_g\"], (h, m)
"
'
test_expect_success 'the overrides and tool modes reach stored runs as they reach logs' '
	opts="--cpu-tdp-per-core 20 --codecarbon-mode process --carbontracker-devices by-pid" &&
	for f in $LOGS_JSON; do
		log=lab/$(echo "${f%.json}" | sed "s|-|/|").log
		"$ETEST" --model ga,codecarbon,carbontracker $opts --format json "$log" >"o-$f" 2>/dev/null || exit 1
	done &&
	"$ETEST" report --db lab.sqlite --month 2022-10 --model ga,codecarbon,carbontracker $opts \
		--format json >over.json &&
	$CHECK over.json user 2022-10 $(for f in $LOGS_JSON; do echo o-$f; done) &&
	"$ETEST" report --db lab.sqlite --month 2022-10 --model ga,codecarbon,carbontracker --format json >plain3.json &&
	python3 -c "
import json
o = json.load(open(\"over.json\"))[\"totals\"][\"models\"]
p = json.load(open(\"plain3.json\"))[\"totals\"][\"models\"]
assert len(o) == len(p) == 3, (o, p)   # zip of empty lists would pass anything
assert all(a[\"energy_wh\"] != b[\"energy_wh\"] for a, b in zip(o, p)), (o, p)   # each option changed something
"
'
test_expect_success 'a period holding whole runs: the store gives each model the log total' '
	"$ETEST" report --db lab.sqlite --from 2022-09-01 --to 2022-11-30 --model all --format json >all.json &&
	$CHECK all.json user all $LOGS_JSON
'
test_expect_success 'a time zone moves the month edges: UTC October holds other quarter-hours' '
	"$ETEST" report --db lab.sqlite --month 2022-10 --tz UTC --format json >utc.json &&
	python3 -c "
import json
p = json.load(open(\"utc.json\"))[\"parameters\"]
assert p[\"from_utc\"] == \"2022-10-01T00:00:00.000Z\" and p[\"to_utc\"] == \"2022-11-01T00:00:00.000Z\", p
a = json.load(open(\"rep.json\"))[\"groups\"]
b = json.load(open(\"utc.json\"))[\"groups\"]
ea = {g[\"group\"]: g[\"models\"][0][\"energy_wh\"] for g in a}
eb = {g[\"group\"]: g[\"models\"][0][\"energy_wh\"] for g in b}
# alice starts 2022-09-30 21:00 UTC (in Paris October from 22:00 UTC, in UTC October from 00:00)
assert eb[\"alice\"] < ea[\"alice\"], (ea, eb)
# carol runs 22:00-24:00 UTC on 2022-10-31: Paris October ends at 23:00 UTC
assert eb[\"carol\"] > ea[\"carol\"], (ea, eb)
assert eb[\"dave\"] == ea[\"dave\"]
"
'
test_expect_success 'CSV: one row per group and model, units in the header, no total row' '
	"$ETEST" report --db lab.sqlite --month 2022-10 --model all --format csv --csv rep.csv --json rep2.json >out.csv &&
	test_cmp out.csv rep.csv &&
	python3 -c "
import csv, json
rows = list(csv.DictReader(open(\"rep.csv\", newline=\"\")))
r = json.load(open(\"rep2.json\"))
assert len(rows) == len(r[\"groups\"]) * len(r[\"parameters\"][\"models\"]), len(rows)
assert \"total\" not in [x[\"group\"] for x in rows]
for k in (\"energy_wh\", \"co2e_g\", \"cpu_hours\", \"gpu_hours\", \"gpu_idle_wh\"):
    assert k in rows[0], k
for g in r[\"groups\"]:
    for m in g[\"models\"]:
        x = [x for x in rows if x[\"group\"] == g[\"group\"] and x[\"model\"] == m[\"model\"]][0]
        assert abs(float(x[\"energy_wh\"]) - m[\"energy_wh\"]) <= 1e-8 * m[\"energy_wh\"]
        assert int(x[\"runs\"]) == g[\"runs\"]
"
'
test_expect_success 'privacy: command lines only with --show-commands' '
	"$ETEST" report --db lab.sqlite --month 2022-10 >table.txt &&
	"$ETEST" report --db lab.sqlite --month 2022-10 --format json >plain.json &&
	! grep -q SECRET table.txt plain.json &&
	grep -q " python " table.txt &&
	"$ETEST" report --db lab.sqlite --month 2022-10 --show-commands >shown.txt &&
	grep -q "/opt/conda/bin/python train.py --token=SECRET" shown.txt &&
	grep -q "^total " table.txt && grep -q " kWh " table.txt && grep -q "gCO2e" table.txt
'
test_expect_success 'an empty period: zero runs, exit 0' '
	"$ETEST" report --db lab.sqlite --month 2021-01 --format json >empty.json &&
	python3 -c "
import json
r = json.load(open(\"empty.json\"))
assert r[\"totals\"][\"runs\"] == 0 and r[\"groups\"] == []
"
'
test_expect_success 'usage errors exit 2' '
	for args in "" "--month 2022-13" "--month 2022-10 --from 2022-10-01 --to 2022-10-02" \
		    "--from 2022-10-01" "--month 2022-10 --tz Mars/Olympus" "--month 2022-10 --by group" \
		    "--month 2022-10 --model nosuch" "--from 2022-10-05 --to 2022-10-01" \
		    "--from 2022-02-30 --to 2022-03-01" "--month 2022-10 --format pdf"; do
		rc=0; "$ETEST" report --db lab.sqlite $args >out 2>err || rc=$?
		test $rc -eq 2 || { echo "report $args: exit $rc"; exit 1; }
		grep -q "^etest report: " err || { echo "report $args: no message"; exit 1; }
	done || exit 1
	rc=0; "$ETEST" db add lab >out 2>err || rc=$?; test $rc -eq 2 && grep -q "ETEST_DB" err &&
	ETEST_DB=lab.sqlite "$ETEST" report --month 2022-10 >out
'
test_expect_success 'a path that is not a regular file: listed as failed, not read' '
	rc=0; "$ETEST" db add --db dev.sqlite /dev/zero lab/dave/mid2.log >out 2>err || rc=$?
	test $rc -eq 1 &&
	grep -qx "etest: /dev/zero: not a regular file" err &&
	grep -qx "etest db add: 1 added, 0 replaced, 0 unchanged, 1 failed (dev.sqlite: 1 runs)" out
'
test_expect_success 'a progress bar on stderr when it is a terminal, none otherwise' '
	"$ETEST" db add --db nopty.sqlite lab >out 2>err &&
	! grep -q "MB/s" err &&
	script -qec "\"$ETEST\" db add --db pty.sqlite lab" /dev/null >pty.out &&
	grep -q "\[#*\] 10/10 files, [0-9.]* MB/s, ETA 0:00" pty.out &&
	script -qec "\"$ETEST\" db add -q --db pty2.sqlite lab" /dev/null >pty.out &&
	! grep -q "MB/s" pty.out
'
test_expect_success 'the man pages cover every option of --help' '
	man_covers_help "$SRC/man/etest-db.1" 3 "$ETEST" db add &&
	man_covers_help "$SRC/man/etest-db.1" 3 "$ETEST" db add-sacct &&
	man_covers_help "$SRC/man/etest-report.1" 19 "$ETEST" report
'
test_done
