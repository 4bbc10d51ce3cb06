#!/bin/sh
# t0301-etest-cli.sh - etest's front end: exit codes, output files, formats, data dir,
# and the man page documenting every long option of --help.
# Needs ETEST (the binary), LOGS (tests/estimator/logs) and MANPAGE (man/etest.1).
. "$(dirname "$0")/../shell/lib.sh"
export ETEST_CACHE=/nonexistent/cache.sqlite
G=$LOGS/two-gpus.log
T=$LOGS/truncated.log

test_expect_success 'a good log: exit 0, one row per model' '
	"$ETEST" --intensity 50 "$G" >out &&
	test $(grep -c "^  [a-z0-9]*  *[0-9.]*  *[0-9.]*  *[0-9.]*  *[0-9.]*  *[0-9.]* k*Wh " out) -eq $("$ETEST" models | grep -vc "not in --model all") &&
	! grep -q "^  eit " out &&
	"$ETEST" --intensity 50 --model eit,gpu "$G" >out &&
	grep -q "^  eit  *cannot run on this log: no RAPL energy in the log" out &&
	grep -q "^  gpu  *[0-9.]* " out
'
test_expect_success '--help and --version exit 0 on stdout' '
	"$ETEST" --help >out && grep -q "^usage: etest" out &&
	"$ETEST" --version >out && grep -q "^etest [0-9]" out
'
test_expect_success 'usage errors exit 2' '
	for args in "--bogus $G" "--pue 0.5 $G" "--pue x $G" "--scope world $G" "--format xml $G" \
		    "--model nosuch $G" "--cpu-tdp -3 $G" "--intensity-resolution week $G" "" "--pue"; do
		rc=0; "$ETEST" $args >out 2>err || rc=$?
		test $rc -eq 2 || { echo "etest $args: exit $rc"; exit 1; }
		grep -q "^etest: " err || { echo "etest $args: no message"; exit 1; }
	done
'
test_expect_success 'a missing log: exit 1, the others still processed' '
	rc=0; "$ETEST" --intensity 50 --format csv nosuch.log "$G" >out 2>err || rc=$?
	test $rc -eq 1 &&
	grep -q "^etest: nosuch.log: cannot open: No such file or directory$" err &&
	test $(grep -c "two-gpus.log" out) -eq $("$ETEST" models | grep -vc "not in --model all")
'
test_expect_success 'a truncated log: exit 0, complete false, a warning' '
	"$ETEST" --intensity 50 --model ga --format json "$T" >out.json 2>err &&
	python3 -c "
import json,sys
d=json.load(open(\"out.json\"))
r=d[\"runs\"][0]
assert r[\"complete\"] is False, r
assert r[\"cpu_seconds\"][\"kernel\"] is None
assert abs(r[\"duration_s\"]-3.0)<1e-9
assert any(\"truncated\" in w for w in r[\"warnings\"])
" && grep -q "warning: .*truncated" err
'
test_expect_success '--json, --csv, --codecarbon-csv write whole files' '
	"$ETEST" --intensity 50 --pue 1.2 --model ga,gpu --json r.json --csv r.csv --codecarbon-csv e.csv "$G" "$T" >/dev/null &&
	test ! -e r.json.tmp && test ! -e r.csv.tmp && test ! -e e.csv.tmp &&
	python3 -c "
import csv,json
d=json.load(open(\"r.json\"))
assert [m[\"model\"] for m in d[\"runs\"][0][\"models\"]]==[\"ga\",\"gpu\"]
for m in d[\"runs\"][0][\"models\"]:
    s=m[\"cpu_wh\"]+m[\"gpu_wh\"]+m[\"ram_wh\"]
    assert abs(m[\"energy_wh\"]-1.2*s)<1e-9, m
    assert abs(m[\"co2e_g\"]-m[\"energy_wh\"]/1000*50)<1e-12, m
rows=list(csv.DictReader(open(\"r.csv\",newline=\"\")))
assert len(rows)==4, rows
assert rows[0][\"model\"]==\"ga\" and rows[0][\"pue\"]==\"1.2\"
cc=list(csv.reader(open(\"e.csv\",newline=\"\")))
assert len(cc)==5 and all(len(r)==31 for r in cc)
"
'
test_expect_success 'gpu model on two-gpus.log: 250 W for 10 s on the used GPU' '
	"$ETEST" --intensity 50 --pue 1 --model gpu --format csv "$G" >out.csv &&
	python3 -c "
import csv
r=list(csv.DictReader(open(\"out.csv\",newline=\"\")))[0]
# gpu 0 is used by the job: 250 W x 10 s = 2500 J = 0.69444 Wh; gpu 1 never used
assert abs(float(r[\"gpu_wh\"])-2500/3600)<1e-9, r
"
'
test_expect_success 'CSV numbers use a dot whatever the locale' '
	loc=$(locale -a 2>/dev/null | grep -i -m1 "^fr_FR\|^de_DE" || true)
	if [ -z "$loc" ]; then echo "note: no fr_FR/de_DE locale installed, checked in C only"; loc=C; fi
	LC_ALL=$loc "$ETEST" --intensity 50 --model ga --format csv "$G" >out.csv &&
	python3 -c "
import csv
r=list(csv.DictReader(open(\"out.csv\",newline=\"\")))[0]
for k in (\"duration_s\",\"cpu_wh\",\"gpu_wh\",\"ram_wh\",\"pue\",\"energy_wh\",\"co2e_g\"):
    assert \",\" not in r[k], (k, r[k])
    float(r[k])
assert \".\" in r[\"energy_wh\"] and \".\" in r[\"pue\"], r
"
'
test_expect_success 'ETEST_DATA_DIR overrides the data folder' '
	rc=0; ETEST_DATA_DIR=$PWD/nodata "$ETEST" --intensity 50 "$G" >out 2>err || rc=$?
	test $rc -eq 1 && grep -q "nodata" err
'
test_expect_success 'etest models lists each model with a formula' '
	"$ETEST" models >out &&
	for m in ga greenalgorithms codecarbon codecarbon3 eco2ai carbontracker gpu eit; do
		grep -q "^$m  *.*=" out || { echo "no line for $m"; exit 1; }
	done
'
test_expect_success 'the man page documents every long option of --help' '
	man_covers_help "$MANPAGE" 20 "$ETEST"
'
test_expect_success 'etest-intensity(1) documents every long option of etest intensity --help' '
	man_covers_help "$(dirname "$MANPAGE")/etest-intensity.1" 6 "$ETEST" intensity
'
test_done
