#!/bin/sh
# t0303-etest-per.sh - etest --per N UNIT: the figures divided by N and labelled per UNIT
# in the table, JSON, CSV and PDF; bad N or UNIT and outputs without a place for the unit
# are usage errors. Needs ETEST and LOGS (tests/estimator/logs).
. "$(dirname "$0")/../shell/lib.sh"
export ETEST_CACHE=/nonexistent/cache.sqlite
G=$LOGS/two-gpus.log

test_expect_success '--per 90 epoch: the JSON figures are those without it / 90, labelled' '
	"$ETEST" --intensity 50 --model ga,codecarbon --format json "$G" >whole.json &&
	"$ETEST" --per 90 epoch --intensity 50 --model ga,codecarbon --format json "$G" >per.json &&
	python3 -c "
import json, math
w = json.load(open(\"whole.json\"))[\"runs\"][0]
p = json.load(open(\"per.json\"))[\"runs\"][0]
assert p[\"per\"][\"n\"] == 90 and p[\"per\"][\"unit\"] == \"epoch\", p[\"per\"]
assert \"per epoch\" in p[\"per\"][\"note\"]
assert \"per\" not in w
for a, b in zip(w[\"models\"], p[\"models\"]):
    for k in (\"cpu_wh\", \"gpu_wh\", \"ram_wh\", \"energy_wh\", \"co2e_g\"):
        assert math.isclose(b[k], a[k] / 90, rel_tol=1e-12, abs_tol=1e-15), (k, a[k], b[k])
    for k in (\"pue\", \"intensity_g_per_kwh\"):
        assert b[k] == a[k], k
    da, db = a[\"intensity\"][\"days\"], b[\"intensity\"][\"days\"]
    assert math.isclose(db[0][\"energy_wh\"], da[0][\"energy_wh\"] / 90, rel_tol=1e-12)
"
'
test_expect_success 'the table says per epoch above the rows; the CSV ends with per_n, per_unit' '
	"$ETEST" --intensity 50 --model ga "$G" --per 2.5 epoch >out &&
	grep -q "^  per epoch: every energy (Wh) and CO2e (g) figure is the run.s divided by 2.5$" out &&
	"$ETEST" --intensity 50 --model ga --format csv --per 2.5 epoch "$G" >out.csv &&
	head -1 out.csv | grep -q ",warnings,per_n,per_unit" &&
	sed -n 2p out.csv | grep -q ",2.5,\"epoch\"" &&
	"$ETEST" --intensity 50 --model ga --format csv "$G" >plain.csv &&
	! grep -q per_unit plain.csv
'
test_expect_success 'the PDF says per epoch on the summary page' '
	"$ETEST" --intensity 50 --model ga --pdf r.pdf --per 90 epoch "$G" >/dev/null &&
	pdftotext r.pdf r.txt && grep -q "per epoch: every energy" r.txt
'
test_expect_success 'bad N or UNIT, or an output without room for the unit: usage errors' '
	for args in "--per 0 epoch" "--per -1 epoch" "--per x epoch" "--per inf epoch" \
		    "--per 90 ep,och" "--per 90 1epoch" "--per 90 abcdefghijklmnopqrstuvwxyz" \
		    "--per 90 epoch --reference $G" "--per 90 epoch --codecarbon-csv cc.csv" \
		    "--per 90 epoch --png ."; do
		rc=0; "$ETEST" --intensity 50 "$G" $args >out 2>err || rc=$?
		test $rc -eq 2 || { echo "etest $args: exit $rc"; exit 1; }
		grep -q "^etest: .*--per" err || { echo "etest $args: no message"; cat err; exit 1; }
	done || exit 1
	rc=0; "$ETEST" --intensity 50 "$G" --per 90 >out 2>err || rc=$?
	test $rc -eq 2 && grep -q "wants a unit" err && test ! -e cc.csv
'
test_done
